"""Courses pages and reads at volume: query counts must not grow with the data (no N+1).

Data: 60 published courses × 10 lessons; one learner on 40 courses with 200 lessons done; an
enterprise with 300 staff who all completed lessons; 3,000 enrolments for the Excel export.
Budgets: course list, 我的学习 and the enterprise page each ≤ 15 queries (DESIGN §5, uncached page).

Run: .venv/bin/python bench/courses_pages.py  (a throw-away SQLite file unless DATABASE_URL is set).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "DATABASE_URL" not in os.environ:
    _tmp = Path(tempfile.mkdtemp(prefix="bench_courses_")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edu_platform.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

RUNS = 10
BUDGET = 15


def _setup():
    from django.contrib.auth.models import Group

    from accounts.models import Enterprise, Industry, Town, User
    from accounts.validators import credit_code_check_char
    from courses.models import Course, Enrolment, Lesson, LessonProgress

    call_command("migrate", verbosity=0)
    courses = Course.objects.bulk_create(
        Course(
            title=f"基准课程 {n}",
            summary="简介",
            person_category=["principal", "safety_manager", "special_operator", "other"][n % 4],
            training_type=["initial", "refresher", "recertification"][n % 3],
            is_published=True,
        )
        for n in range(60)
    )
    Lesson.objects.bulk_create(
        Lesson(course=c, sort_order=i, title=f"课时 {i}", body="内容", minutes=45) for c in courses for i in range(10)
    )
    body = "91420923MA4B00001"
    enterprise = Enterprise.objects.create(
        name="基准企业",
        credit_code=body + credit_code_check_char(body),
        industry=Industry.HAZARDOUS_CHEMICALS,
        town=Town.objects.first(),
    )
    admin = User.objects.create_user(username="bench_admin", email="a@bench.cn", enterprise=enterprise)
    admin.groups.add(Group.objects.get(name="企业安全管理员"))
    learner = User.objects.create_user(username="bench_learner", email="l@bench.cn", enterprise=enterprise)
    staff = User.objects.bulk_create(
        User(username=f"staff{n}", email=f"s{n}@bench.cn", enterprise=enterprise, person_category="safety_manager")
        for n in range(300)
    )
    others = User.objects.bulk_create(User(username=f"other{n}", email=f"o{n}@bench.cn") for n in range(2_600))
    now = timezone.now()
    Enrolment.objects.bulk_create(Enrolment(user=learner, course=c) for c in courses[:40])
    Enrolment.objects.bulk_create(Enrolment(user=u, course=courses[n % 60]) for n, u in enumerate(staff + others))
    lessons = list(Lesson.objects.order_by("course_id", "sort_order"))
    LessonProgress.objects.bulk_create(
        LessonProgress(user=learner, lesson=lesson, started_at=now, completed_at=now) for lesson in lessons[:200]
    )
    by_course = {}
    for lesson in lessons:
        by_course.setdefault(lesson.course_id, []).append(lesson)
    LessonProgress.objects.bulk_create(
        LessonProgress(user=u, lesson=lesson, started_at=now, completed_at=now)
        for n, u in enumerate(staff)
        for lesson in by_course[courses[n % 60].pk][:5]
    )
    return admin, learner


def _measure(fn):
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - started) * 1000
    return result, len(ctx.captured_queries), elapsed


def _page(client, url):
    runs = [_measure(lambda: client.get(url)) for _ in range(RUNS)]
    assert all(r.status_code == 200 for r, _, _ in runs), url
    return max(q for _, q, _ in runs), statistics.median(ms for _, _, ms in runs)


def main() -> int:
    from courses import selectors
    from courses.wagtail_hooks import EXPORT_HEADERS, _export_rows
    from edu_platform.excel import workbook_write

    admin, learner = _setup()
    print(f"database: {connection.vendor}; 60 courses × 10 lessons, 300 staff, 2,941 enrolments")
    results = []
    anonymous = Client()
    results.append(("/courses/ (anonymous, 60 courses)", *_page(anonymous, "/courses/")))
    learner_client = Client()
    learner_client.force_login(learner)
    results.append(("/courses/mine/ (40 enrolments)", *_page(learner_client, "/courses/mine/")))
    admin_client = Client()
    admin_client.force_login(admin)
    results.append(("/courses/enterprise/ (302 staff)", *_page(admin_client, "/courses/enterprise/")))
    ok = True
    for label, queries, ms in results:
        ok = ok and queries <= BUDGET
        print(f"{label}: {queries} queries; median {ms:.1f} ms over {RUNS} runs")

    from exams.models import ExamSubject

    subject = ExamSubject.objects.create(code="bench", name="基准", person_category="other")
    subject.courses.set(selectors.Course.objects.all()[:40])
    runs = [_measure(lambda: selectors.training_requirement_met(learner, subject)) for _ in range(RUNS)]
    print(
        f"training_requirement_met: {max(q for _, q, _ in runs)} queries; "
        f"median {statistics.median(ms for _, _, ms in runs):.2f} ms"
    )
    # The rules in force, the completions, and the learner's enterprise.
    ok = ok and max(q for _, q, _ in runs) <= 3

    content, queries, ms = _measure(
        lambda: workbook_write(_export_rows(selectors.training_records()), headers=EXPORT_HEADERS)
    )
    print(f"training-records export (2,941 rows): {queries} queries; {ms:.0f} ms; {len(content) // 1024} KiB")
    print("budgets met" if ok else "BUDGET EXCEEDED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
