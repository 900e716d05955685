"""Question-bank import/export budget (DESIGN §5): 20,000 rows in ≤ 20 s with memory that does not
grow with the file (openpyxl read-only / write-only).

Measures: ``import_questions`` on a fresh bank, the same file again (all unchanged), the
export, and the Python heap peak (tracemalloc) of reading 2,000 vs 20,000 rows — flat memory
means the two peaks are about the same.

Run: .venv/bin/python bench/exams_import.py [--rows 20000]  (a throw-away SQLite file unless
DATABASE_URL is set).
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = Path(tempfile.mkdtemp(prefix="bench_exams_import_"))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmp / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edu_platform.settings_test")

import django  # noqa: E402

django.setup()

from io import StringIO  # noqa: E402

from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook  # noqa: E402

HEADER = ["编号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "难度", "章节"]
CHAPTERS = ["法律法规/安全生产法", "法律法规/特种作业", "专业知识/电气安全", "专业知识/消防安全", "应急处置/现场急救"]


def write_file(path: Path, rows: int) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("题库")
    ws.append(HEADER)
    for n in range(rows):
        kind = n % 3
        if kind == 0:
            ws.append(
                [
                    f"B-{n}",
                    "判断题",
                    f"第 {n} 题：电气设备着火应先切断电源。",
                    None,
                    None,
                    None,
                    None,
                    "正确",
                    "先断电。",
                    2,
                    CHAPTERS[n % 5],
                ]
            )
        elif kind == 1:
            ws.append(
                [
                    f"B-{n}",
                    "单选题",
                    f"第 {n} 题：火警电话是（　　）。",
                    "110",
                    "119",
                    "120",
                    "122",
                    "B",
                    "",
                    1,
                    CHAPTERS[n % 5],
                ]
            )
        else:
            stem = f"第 {n} 题：燃气泄漏时正确的做法有（　　）。"
            ws.append([f"B-{n}", "多选题", stem, "关阀", "开窗", "开灯", "室外报警", "A,B,D", "", 3, CHAPTERS[n % 5]])
    wb.save(path)


def timed(label: str, fn) -> float:
    """Wall time and this process's CPU time (the second is what a busy shared machine cannot inflate)."""
    start, cpu_start = time.perf_counter(), time.process_time()
    fn()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"{label:<44} {elapsed:7.2f} s wall {cpu:7.2f} s CPU")
    return elapsed


def heap_peak_reading(path: Path) -> float:
    from exams.importing import file_check

    tracemalloc.start()
    report = file_check(str(path))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert report.ok, report.problems[:3]
    return peak / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    big, small, out = _tmp / "big.xlsx", _tmp / "small.xlsx", _tmp / "export.xlsx"
    write_file(big, args.rows)
    write_file(small, args.rows // 10)
    print(
        f"rows: {args.rows}  file: {big.stat().st_size / 1024 / 1024:.1f} MB  database: {django.db.connection.vendor}"
    )
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    quiet = {"stdout": StringIO()}
    first = timed(
        f"import_questions ({args.rows} new rows)",
        lambda: call_command("import_questions", str(big), "--bank", "bench", **quiet),
    )
    timed(
        "import_questions again (all unchanged)",
        lambda: call_command("import_questions", str(big), "--bank", "bench", **quiet),
    )
    export = timed(
        "export_questions (xlsx)",
        lambda: call_command("export_questions", "--bank", "bench", "--output", str(out), **quiet),
    )
    timed(
        "import the export into an empty bank",
        lambda: call_command("import_questions", str(out), "--bank", "bench-copy", **quiet),
    )
    peak_small, peak_big = heap_peak_reading(small), heap_peak_reading(big)
    print(f"heap peak reading {args.rows // 10:>6} rows (tracemalloc)       {peak_small:7.1f} MB")
    print(f"heap peak reading {args.rows:>6} rows (tracemalloc)       {peak_big:7.1f} MB")
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS                               {max_rss:7.1f} MB")
    verdict = "OK" if first <= 20 and export <= 20 else "OVER BUDGET"
    print(f"budget: import and export ≤ 20 s each → {verdict}")


if __name__ == "__main__":
    main()
