"""Run every benchmark in this folder, one after another, and print their output.

Each ``bench/<app>_*.py`` is a standalone script; see bench/README.md for what each measures and
its last results. Some run more than once with the arguments in ``RUNS`` (the exam day also as the
fault run on a private PostgreSQL cluster, which it creates, restarts and removes itself).
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Scripts listed here run once per argument list; every other script runs once without arguments.
RUNS = {
    # Sync workers, as deployed: on the quiet machine they beat gthread (168 vs 135 saves/s).
    "exam_day.py": [
        ["--clients", "20", "--workers", "2", "--max-seconds", "120"],
        ["--clients", "30", "--workers", "2", "--max-seconds", "120"],
        ["--clients", "20", "--workers", "2", "--max-seconds", "150", "--private-pg", "--fault"],
    ],
    "login_throughput.py": [["--users", "300", "--clients", "20", "--workers", "2"]],
}


def main() -> int:
    failures = 0
    for script in sorted(HERE.glob("*_*.py")):
        if script.name == Path(__file__).name or script.stem.endswith("_conf"):  # gunicorn configs
            continue
        for arguments in RUNS.get(script.name, [[]]):
            print(f"\n=== {script.name} {' '.join(arguments)}".rstrip(), flush=True)
            result = subprocess.run([sys.executable, str(script), *arguments], cwd=HERE.parent, check=False)
            failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
