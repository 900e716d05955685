"""Mock-exam budgets (DESIGN §5): draw a 100-question paper from a 20,000-question bank (≤ 10 queries,
≤ 100 ms), grade it (≤ 5 queries), save one answer (constant queries).

Run: .venv/bin/python bench/exams_mock.py  (a throw-away SQLite file unless DATABASE_URL is set).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp: Path | None = None
if "DATABASE_URL" not in os.environ:
    _tmp = Path(tempfile.mkdtemp(prefix="bench_exams_mock_")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edu_platform.settings_test")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

BANK_SIZE = 20_000
RUNS = 20


def _setup():
    from accounts.models import User
    from exams.models import ExamSubject, Question, QuestionType
    from exams.services.banks import bank_create, chapter_ensure
    from exams.services.blueprints import RuleData, blueprint_create

    call_command("migrate", verbosity=0)
    bank = bank_create(code="bench-mock", name="基准测试题库")
    chapters = [chapter_ensure(bank=bank, path=p) for p in ("法律法规/安全生产法", "专业知识/电气安全", "应急处置")]
    questions = []
    for n in range(BANK_SIZE):
        if n % 2:
            type_, options, answer = QuestionType.TRUE_FALSE, ["正确", "错误"], "AB"[n % 4 // 2]
        else:
            type_, options, answer = QuestionType.SINGLE, [f"选项{c}" for c in "ABCD"], "ABCD"[n % 4]
        questions.append(
            Question(
                bank=bank,
                chapter=chapters[n % 3],
                external_id=f"b-{n}",
                type=type_,
                stem=f"基准题 {n}",
                options=options,
                answer=answer,
                explanation="解析",
            )
        )
    Question.objects.bulk_create(questions, batch_size=2000)
    subject = ExamSubject.objects.create(code="bench-subject", name="基准科目", person_category="special_operator")
    subject.banks.set([bank])
    blueprint_create(
        subject=subject,
        name="70 判断 + 30 单选",
        rules=[
            RuleData(question_type="true_false", count=70, points=Decimal(1)),
            RuleData(question_type="single", count=30, points=Decimal(1)),
        ],
        effective_from=datetime.date(2024, 1, 1),
        pass_mark=80,
    )
    user = User.objects.create_user(username="bench", email="bench@example.com", password=None)
    return subject, user


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def _measure(fn):
    """Run ``fn``; return its result, the number of data queries (transaction control such as
    SQLite's logged BEGIN IMMEDIATE / COMMIT is not counted) and the wall time in ms."""
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - started) * 1000
    work = [q for q in ctx.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL)]
    if os.environ.get("BENCH_SQL"):
        for query in ctx.captured_queries:
            print("   ", query["time"], query["sql"][:120])
    return result, len(work), elapsed


def main() -> int:
    from exams.services.attempts import attempt_answer_save, attempt_start, attempt_submit
    from exams.services.drawing import blueprint_in_force, paper_draw

    subject, user = _setup()
    print(f"database: {connection.vendor}; bank: {BANK_SIZE} questions; paper: 70 判断 + 30 单选")

    def draw():
        return paper_draw(subject=subject, blueprint=blueprint_in_force(subject))

    draws = [_measure(draw) for _ in range(RUNS)]
    draw_queries = max(q for _, q, _ in draws)
    draw_ms = [ms for _, _, ms in draws]
    print(
        f"draw paper (blueprint + rules + ids + options): {draw_queries} queries; "
        f"median {statistics.median(draw_ms):.1f} ms, max {max(draw_ms):.1f} ms over {RUNS} runs"
    )
    starts, saves, grades = [], [], []
    for _ in range(5):
        attempt, queries, ms = _measure(lambda: attempt_start(user=user, subject=subject))
        starts.append((queries, ms))
        for position in range(1, 101):
            _, q, ms = _measure(
                lambda position=position, attempt=attempt: attempt_answer_save(
                    user=user, attempt_id=attempt.pk, position=position, answer_display_letters="A"
                )
            )
            saves.append((q, ms))
        if os.environ.get("BENCH_SQL"):
            print("grade:")
        _, q, ms = _measure(lambda attempt=attempt: attempt_submit(user=user, attempt_id=attempt.pk))
        grades.append((q, ms))
    print(
        f"attempt_start (close expired + draw + insert 100 items): {max(q for q, _ in starts)} queries; "
        f"median {statistics.median(ms for _, ms in starts):.1f} ms"
    )
    save_queries = sorted({q for q, _ in saves})
    print(
        f"autosave one answer: {save_queries} queries (over {len(saves)} saves); "
        f"median {statistics.median(ms for _, ms in saves):.2f} ms"
    )
    print(
        f"grade 100-question paper: {max(q for q, _ in grades)} queries; "
        f"median {statistics.median(ms for _, ms in grades):.1f} ms"
    )
    ok = draw_queries <= 10 and statistics.median(draw_ms) <= 100 and max(q for q, _ in grades) <= 5
    ok = ok and len(save_queries) == 1
    print("budgets met" if ok else "BUDGET EXCEEDED")
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        if _tmp is not None:
            for leftover in _tmp.parent.iterdir():
                leftover.unlink()
            _tmp.parent.rmdir()
