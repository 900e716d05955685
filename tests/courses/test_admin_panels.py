"""The training admins' panel on the Wagtail dashboard (/admin/): this month's training figures."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from courses.services import certificate_issue, enrolment_create, lesson_complete, lesson_start

from .conftest import make_course, make_user, study

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()


def _row(html: str, label: str) -> str:
    match = re.search(re.escape(label) + r"(?:</a>)?</th>\s*<td>(\d+)", html)
    assert match, f"no row {label!r}"
    return match.group(1)


def _finish(traveller, user, course):
    for lesson in course.lessons.all():
        lesson_start(user=user, lesson=lesson)
        study(user, lesson, lesson.minutes * 60)
        traveller.shift(datetime.timedelta(hours=1))
        lesson_complete(user=user, lesson=lesson)
    return certificate_issue(enrolment=user.enrolments.get(course=course))


def test_training_admin_sees_this_months_enrolments_completions_and_certificates(client, django_assert_max_num_queries):
    course = make_course(minutes=(45,))
    october, last_month_done, this_month_done, started = (make_user() for _ in range(4))
    with time_machine.travel(datetime.datetime(2026, 10, 20, 10, 0, tzinfo=TZ), tick=False) as traveller:
        enrolment_create(user=october, course=course)  # enrolled last month, never finished
        enrolment_create(user=last_month_done, course=course)
        _finish(traveller, last_month_done, course)
        enrolment_create(user=this_month_done, course=course)  # enrolled last month, finishes this month
    with time_machine.travel(datetime.datetime(2026, 11, 15, 9, 0, tzinfo=TZ), tick=False) as traveller:
        _finish(traveller, this_month_done, course)
        enrolment_create(user=started, course=course)
        client.force_login(make_user("trainer", groups=["培训管理员"]))
        # 24 on a warm ContentType cache; one more when an earlier test flushed the database.
        with django_assert_max_num_queries(25):
            response = client.get("/admin/")

    html = response.content.decode()
    assert response.status_code == 200 and 'id="courses-summary-section"' in html
    assert "2026-11" in html
    assert _row(html, "本月新报名") == "1"
    assert _row(html, "本月完成培训") == "1"
    assert _row(html, "本月发放结业证书") == "1"
    assert "/admin/courses_enrolment/?completed_at__isnull=false" in html


def test_exam_admin_does_not_see_training_panel(client):
    course = make_course()
    enrolment_create(user=make_user(), course=course)
    client.force_login(make_user("examiner", groups=["考务管理员"]))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'id="courses-summary-section"' not in response.content.decode()
