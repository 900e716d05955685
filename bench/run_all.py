"""Run every benchmark in this folder, one after another, and print their output.

Each ``bench/<app>_*.py`` is a standalone script; see bench/README.md for what each measures and
its last results.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failures = 0
    for script in sorted(HERE.glob("*_*.py")):
        if script.name == Path(__file__).name or script.stem.endswith("_conf"):  # gunicorn configs
            continue
        print(f"\n=== {script.name}", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False)
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
