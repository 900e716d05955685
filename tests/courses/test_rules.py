"""Training-hours rules are add-only once in force, in the service and in the Wagtail admin."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Industry, PersonCategory
from courses.errors import CourseError
from courses.models import TrainingHoursRule
from courses.services.rules import (
    HoursRuleData,
    training_hours_rule_create,
    training_hours_rule_delete,
    training_hours_rule_update,
)
from edu_platform.errors import DomainError

from .conftest import make_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 10)


def data(**overrides) -> HoursRuleData:
    values = {
        "person_category": PersonCategory.PRINCIPAL,
        "industry": "",
        "effective_from": datetime.date(2026, 6, 1),
        "initial_hours": 40,
        "initial_window_months": 12,
        "annual_hours": 14,
        "annual_window_months": 12,
        "basis": "应急管理部令（示例）",
    }
    return HoursRuleData(**{**values, **overrides})


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC), tick=False):
        yield


def test_a_rule_in_force_cannot_be_edited_or_deleted():
    seeded = TrainingHoursRule.objects.get(person_category=PersonCategory.PRINCIPAL, industry="")
    with pytest.raises(CourseError, match="已于 2015-07-01 生效，不能修改或删除") as refused:
        training_hours_rule_update(actor=None, rule=seeded, data=data(effective_from=seeded.effective_from))
    assert isinstance(refused.value, DomainError)
    with pytest.raises(CourseError, match="不能修改或删除"):
        training_hours_rule_delete(actor=None, rule=seeded)
    seeded.refresh_from_db()
    assert (seeded.initial_hours, seeded.annual_hours) == (32, 12)


def test_a_rule_cannot_start_in_the_past():
    with pytest.raises(CourseError) as refused:
        training_hours_rule_create(actor=None, data=data(effective_from=datetime.date(2026, 5, 9)))
    assert refused.value.field == "effective_from"
    assert "生效日期不能早于今天（2026-05-10）" in refused.value.message
    assert not TrainingHoursRule.objects.filter(effective_from="2026-05-09").exists()


def test_a_future_rule_can_be_changed_and_withdrawn_until_it_takes_effect():
    rule = training_hours_rule_create(actor=None, data=data())
    changed = training_hours_rule_update(actor=None, rule=rule, data=data(initial_hours=36))
    assert changed.initial_hours == 36
    with (
        time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC), tick=False),
        pytest.raises(CourseError, match="已于 2026-06-01 生效"),
    ):
        training_hours_rule_update(actor=None, rule=rule, data=data(initial_hours=30))
    training_hours_rule_delete(actor=None, rule=rule)
    assert not TrainingHoursRule.objects.filter(pk=rule.pk).exists()


def test_one_rule_per_category_industry_and_date_even_for_the_general_rule():
    training_hours_rule_create(actor=None, data=data())
    with pytest.raises(CourseError, match="已有一条标准"):
        training_hours_rule_create(actor=None, data=data(initial_hours=50))
    # The database holds it too: the general rule's industry is "", not NULL, so no NULL escape.
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingHoursRule.objects.create(
            person_category=PersonCategory.PRINCIPAL, industry="", effective_from=datetime.date(2026, 6, 1)
        )
    training_hours_rule_create(actor=None, data=data(industry=Industry.HAZARDOUS_CHEMICALS))  # another industry


def test_windows_must_be_at_least_a_month():
    with pytest.raises(CourseError):
        training_hours_rule_create(actor=None, data=data(annual_window_months=0))
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingHoursRule.objects.create(
            person_category=PersonCategory.OTHER, effective_from=datetime.date(2026, 7, 1), initial_window_months=0
        )


def _form(**overrides):
    values = {
        "person_category": "principal",
        "industry": "hazardous_chemicals",
        "effective_from": "2026-06-01",
        "initial_hours": "50",
        "initial_window_months": "12",
        "annual_hours": "16",
        "annual_window_months": "12",
        "basis": "",
    }
    return {**values, **overrides}


def test_admin_adds_future_rules_and_refuses_past_ones(client):
    client.force_login(make_user("trainer", groups=["培训管理员"]))
    response = client.post(reverse("courses_hours_rule:add"), _form(effective_from="2026-01-01"))
    assert response.status_code == 200
    assert "生效日期不能早于今天" in response.content.decode()
    response = client.post(reverse("courses_hours_rule:add"), _form())
    assert response.status_code == 302
    added = TrainingHoursRule.objects.get(industry="hazardous_chemicals", effective_from="2026-06-01")
    assert added.initial_hours == 50


def test_admin_refuses_to_edit_or_delete_a_rule_in_force(client):
    admin = make_user("su")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)  # not even a superuser rewrites a rule in force
    seeded = TrainingHoursRule.objects.get(person_category=PersonCategory.PRINCIPAL, industry="")
    for url in (
        reverse("courses_hours_rule:edit", args=[seeded.pk]),
        reverse("courses_hours_rule:delete", args=[seeded.pk]),
    ):
        response = client.get(url, follow=True)
        assert "已于 2015-07-01 生效，不能修改或删除" in response.content.decode()
    response = client.post(reverse("courses_hours_rule:edit", args=[seeded.pk]), _form(initial_hours="1"))
    assert response.status_code == 302
    response = client.post(reverse("courses_hours_rule:delete", args=[seeded.pk]))
    assert response.status_code == 302
    seeded.refresh_from_db()
    assert seeded.initial_hours == 32


def test_rule_listing_query_budget(client, django_assert_max_num_queries):
    client.force_login(make_user("trainer", groups=["培训管理员"]))
    assert TrainingHoursRule.objects.count() >= 24
    with django_assert_max_num_queries(20):
        response = client.get(reverse("courses_hours_rule:index"))
    assert response.status_code == 200
