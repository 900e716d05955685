"""Query budgets of every courses admin listing, with enough rows that an N+1 would show."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import PersonCategory
from courses.models import TrainingHoursRule
from courses.services import enrolment_create

from .conftest import make_course, make_user

pytestmark = pytest.mark.django_db

ROWS = 35
# Session, user, permissions, menu, the listing's count and page, filters; the same for any length.
BUDGET = 25


@pytest.fixture
def trainer(client):
    user = make_user("trainer", groups=["培训管理员"])
    client.force_login(user)
    return user


def _listing(client, url, django_assert_max_num_queries, **params):
    with django_assert_max_num_queries(BUDGET) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_enrolment_listing_has_no_n_plus_1(client, trainer, django_assert_max_num_queries):
    course = make_course()
    admin = make_user("boss")
    for _ in range(3):
        enrolment_create(user=make_user(), course=course, enrolled_by=admin)
    _html, few = _listing(client, reverse("courses_enrolment:index"), django_assert_max_num_queries)
    for _ in range(ROWS):
        enrolment_create(user=make_user(), course=course, enrolled_by=admin)
    html, many = _listing(client, reverse("courses_enrolment:index"), django_assert_max_num_queries)
    assert many == few  # was +3 per row (user, course, enrolled_by) before the join
    assert html.count("学员learner") >= ROWS


def test_course_listing_budget(client, trainer, django_assert_max_num_queries):
    for i in range(ROWS):
        make_course(f"课程{i:02d}", minutes=(45,))
    html, _queries = _listing(client, reverse("courses_course:index"), django_assert_max_num_queries)
    assert "课程00" in html


def test_hours_rule_listing_budget(client, trainer, django_assert_max_num_queries):
    for year in range(2030, 2042):
        TrainingHoursRule.objects.create(
            person_category=PersonCategory.PRINCIPAL, effective_from=datetime.date(year, 1, 1), initial_hours=32
        )
    assert TrainingHoursRule.objects.count() >= ROWS
    _html, _queries = _listing(client, reverse("courses_hours_rule:index"), django_assert_max_num_queries)
