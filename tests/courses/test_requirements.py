"""Training requirements from the dated rules: category × industry, initial vs yearly, windows, superseding."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.models import Industry, PersonCategory
from courses.models import TrainingType
from courses.selectors import (
    RequirementKind,
    enterprise_staff_hours,
    training_hours_between,
    training_requirement,
    training_requirement_met,
)
from courses.services.rules import HoursRuleData, training_hours_rule_create

from .conftest import complete_course, make_course, make_enterprise, make_subject, make_user

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Shanghai")
COAL_MINE = "coal_mine"  # accounts adds Industry.COAL_MINE; the rule rows use the value


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=LOCAL)


def hours_course(hours: int, *, category=PersonCategory.PRINCIPAL, training_type=TrainingType.INITIAL, **kwargs):
    return make_course(
        f"{hours} 学时课程", minutes=(45,) * hours, category=category, training_type=training_type, **kwargs
    )


def person(category, industry=None):
    enterprise = make_enterprise(industry=industry) if industry else None
    return make_user(category=category, enterprise=enterprise)


@pytest.mark.parametrize(
    ("category", "industry", "initial", "annual"),
    [
        (PersonCategory.PRINCIPAL, Industry.OTHER, 32, 12),
        (PersonCategory.PRINCIPAL, Industry.HAZARDOUS_CHEMICALS, 48, 16),
        (PersonCategory.PRINCIPAL, COAL_MINE, 48, 16),
        (PersonCategory.SAFETY_MANAGER, Industry.CONSTRUCTION, 32, 12),
        (PersonCategory.SAFETY_MANAGER, Industry.NON_COAL_MINE, 48, 16),
        (PersonCategory.SAFETY_MANAGER, Industry.METALLURGY, 48, 16),
        (PersonCategory.OTHER, Industry.INDUSTRY_TRADE, 24, 0),
        (PersonCategory.OTHER, Industry.FIREWORKS, 72, 20),
        (PersonCategory.PRINCIPAL, None, 32, 12),  # no employer: the general rule
    ],
)
def test_seeded_rules_by_category_and_industry(category, industry, initial, annual):
    user = person(category, industry)
    with time_machine.travel(at(2026, 6, 1)):
        new = training_requirement(user)
    assert (new.kind, new.required_hours, new.met) == (RequirementKind.INITIAL, initial, False)

    # Initial training done two years ago: the yearly hours are asked (or none where the rule has none).
    complete_course(user, hours_course(initial, category=category), at(2024, 3, 1))
    with time_machine.travel(at(2026, 6, 1)):
        later = training_requirement(user)
    if annual:
        assert (later.kind, later.required_hours, later.met) == (RequirementKind.ANNUAL, annual, False)
    else:
        assert (later.kind, later.met) == (RequirementKind.NONE, True)


def test_special_operators_have_no_hours_before_booking():
    # Their 复审 hours (8) are the certificate rule's: tests/certificates/test_lifecycle.py.
    user = person(PersonCategory.SPECIAL_OPERATOR, Industry.HAZARDOUS_CHEMICALS)
    requirement = training_requirement(user)
    assert requirement.kind == RequirementKind.NONE and requirement.met
    assert training_requirement_met(user, make_subject())


def test_new_principal_with_12_hours_falls_short_of_32_initial():
    user = person(PersonCategory.PRINCIPAL, Industry.OTHER)
    complete_course(user, hours_course(12), at(2026, 5, 1))
    with time_machine.travel(at(2026, 6, 1)):
        requirement = training_requirement(user)
    assert requirement.kind == RequirementKind.INITIAL
    assert requirement.required_hours == 32
    assert requirement.counted_hours == Decimal("12.00")
    assert requirement.missing_hours == Decimal("20.00")
    assert not requirement.met


def test_initial_hours_inside_the_window_are_met_then_yearly_hours_follow():
    user = person(PersonCategory.PRINCIPAL, Industry.OTHER)
    complete_course(user, hours_course(32), at(2026, 2, 1))
    with time_machine.travel(at(2026, 6, 1)):
        assert training_requirement(user).met  # initial training this year
    with time_machine.travel(at(2027, 3, 1)):
        yearly = training_requirement(user)  # the initial hours now lie before this year's window
    assert (yearly.kind, yearly.required_hours, yearly.met) == (RequirementKind.ANNUAL, 12, False)
    complete_course(user, hours_course(12, training_type=TrainingType.REFRESHER), at(2027, 2, 1))
    with time_machine.travel(at(2027, 3, 1)):
        assert training_requirement(user).met


def test_48_hours_in_2016_do_not_pass_in_2026():
    user = person(PersonCategory.PRINCIPAL, Industry.HAZARDOUS_CHEMICALS)
    subject = make_subject("hazchem-principal", category=PersonCategory.PRINCIPAL)
    complete_course(user, hours_course(48, subjects=[subject]), at(2016, 5, 1))
    with time_machine.travel(at(2026, 6, 1)):
        requirement = training_requirement(user, subject)
        assert not training_requirement_met(user, subject)
    assert requirement.kind == RequirementKind.ANNUAL
    assert requirement.required_hours == 16
    assert requirement.counted_minutes == 0


def test_initial_hours_spread_over_years_are_not_one_initial_training():
    user = person(PersonCategory.PRINCIPAL, Industry.OTHER)
    complete_course(user, hours_course(20), at(2024, 1, 10))
    complete_course(user, hours_course(12), at(2025, 3, 10))
    with time_machine.travel(at(2026, 1, 5)):
        requirement = training_requirement(user)
    # 20 + 12 = 32, but never inside one 12-month window: initial training is still asked.
    assert requirement.kind == RequirementKind.INITIAL
    assert not requirement.met


def test_yearly_window_is_the_12_months_up_to_the_day_asked():
    user = person(PersonCategory.PRINCIPAL, Industry.OTHER)
    complete_course(user, hours_course(32), at(2023, 3, 1))  # initial training long done
    complete_course(user, hours_course(12), at(2025, 12, 1, 23))  # one day too early
    on = datetime.date(2026, 12, 1)
    requirement = training_requirement(user, on=on)
    assert (requirement.window_start, requirement.window_end) == (datetime.date(2025, 12, 2), on)
    assert requirement.counted_minutes == 0 and not requirement.met
    assert training_requirement(user, on=datetime.date(2026, 11, 30)).met  # the day before, it still counted

    complete_course(user, hours_course(12), at(2025, 12, 2, 0))  # first minute of the window
    assert training_requirement(user, on=on).met
    # Hours completed after the day asked do not count for it.
    assert not training_requirement(user, on=datetime.date(2025, 11, 30)).counted_minutes


def test_a_later_rule_supersedes_from_its_date():
    user = person(PersonCategory.PRINCIPAL, Industry.OTHER)
    complete_course(user, hours_course(32), at(2026, 5, 1))
    with time_machine.travel(at(2026, 5, 10)):
        training_hours_rule_create(
            actor=None,
            data=HoursRuleData(
                person_category=PersonCategory.PRINCIPAL,
                industry="",
                effective_from=datetime.date(2026, 6, 1),
                initial_hours=40,
                initial_window_months=12,
                annual_hours=14,
                annual_window_months=12,
            ),
        )
    assert training_requirement(user, on=datetime.date(2026, 5, 31)).met  # 32 of 32
    after = training_requirement(user, on=datetime.date(2026, 6, 1))
    assert (after.required_hours, after.met) == (40, False)


def test_an_industry_row_takes_precedence_over_the_general_row():
    user = person(PersonCategory.PRINCIPAL, Industry.TRANSPORT)
    with time_machine.travel(at(2026, 5, 10)):
        training_hours_rule_create(
            actor=None,
            data=HoursRuleData(
                person_category=PersonCategory.PRINCIPAL,
                industry=Industry.TRANSPORT,
                effective_from=datetime.date(2026, 5, 10),
                initial_hours=36,
                initial_window_months=12,
                annual_hours=12,
                annual_window_months=12,
            ),
        )
        assert training_requirement(user).required_hours == 36
        assert training_requirement(person(PersonCategory.PRINCIPAL, Industry.OTHER)).required_hours == 32


def test_the_subject_examined_decides_the_category_and_counts_its_linked_courses():
    user = person(PersonCategory.OTHER, Industry.OTHER)  # profile says 其他从业人员
    subject = make_subject("principal", category=PersonCategory.PRINCIPAL)
    complete_course(user, hours_course(24, category=PersonCategory.OTHER), at(2026, 3, 1))
    with time_machine.travel(at(2026, 6, 1)):
        assert training_requirement(user).met  # 24 of 24 as a new worker
        assert not training_requirement_met(user, subject)  # but the 主要负责人 exam asks 32 of principal courses
        linked = make_course("关联课程", minutes=(45,) * 32, category=PersonCategory.OTHER, subjects=[subject])
    complete_course(user, linked, at(2026, 4, 1))
    with time_machine.travel(at(2026, 6, 1)):
        assert training_requirement_met(user, subject)


def test_anonymous_visitors_meet_only_requirements_of_nothing():
    assert not training_requirement_met(AnonymousUser(), make_subject("p", category=PersonCategory.PRINCIPAL))
    assert training_requirement_met(AnonymousUser(), make_subject("s"))


def test_requirement_costs_three_queries_at_most(django_assert_max_num_queries):
    user = person(PersonCategory.PRINCIPAL, Industry.OTHER)
    subject = make_subject("p", category=PersonCategory.PRINCIPAL)
    complete_course(user, hours_course(3, subjects=[subject]), at(2026, 3, 1))
    with django_assert_max_num_queries(3):
        training_requirement(user, subject)


def test_training_hours_between_dates_datetimes_and_types():
    user = person(PersonCategory.SPECIAL_OPERATOR)
    complete_course(
        user,
        make_course("复审", minutes=(45,) * 7 + (44,), training_type=TrainingType.RECERTIFICATION),
        at(2026, 3, 31, 23),
    )
    complete_course(user, make_course("初训", minutes=(45,) * 2), at(2026, 4, 1, 0))
    # 359 minutes is 7.97 学时, never rounded up to the 复审 threshold of 8.
    assert training_hours_between(
        user, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), training_type=TrainingType.RECERTIFICATION
    ) == Decimal("7.97")
    assert training_hours_between(user, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)) == Decimal("7.97")
    assert training_hours_between(user, datetime.date(2026, 4, 1), datetime.date(2026, 4, 1)) == Decimal("2.00")
    assert training_hours_between(user, at(2026, 3, 31, 0), at(2026, 4, 1, 0)) == Decimal("7.97")  # [start, end)
    assert training_hours_between(user, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)) == Decimal("9.97")


def test_enterprise_staff_requirements_in_constant_queries(django_assert_max_num_queries):
    enterprise = make_enterprise(industry=Industry.HAZARDOUS_CHEMICALS)
    principal = make_user(enterprise=enterprise, category=PersonCategory.PRINCIPAL)
    operator = make_user(enterprise=enterprise, category=PersonCategory.SPECIAL_OPERATOR)
    outsider = make_user(category=PersonCategory.PRINCIPAL)
    for _ in range(30):
        make_user(enterprise=enterprise, category=PersonCategory.SAFETY_MANAGER)
    complete_course(principal, hours_course(16), at(2026, 3, 1))
    complete_course(outsider, hours_course(16), at(2026, 3, 1))
    with time_machine.travel(at(2026, 6, 1)), django_assert_max_num_queries(3):
        rows = {row.user: row.requirement for row in enterprise_staff_hours(enterprise)}
    assert outsider not in rows and len(rows) == 32
    # 危险化学品 is high-risk: a new 主要负责人 needs 48 initial hours; 16 is not enough.
    assert (rows[principal].kind, rows[principal].required_hours, rows[principal].met) == ("initial", 48, False)
    assert rows[principal].counted_hours == 16
    assert rows[operator].kind == RequirementKind.NONE


def test_learner_and_enterprise_pages_say_not_met_against_32_initial(client):
    enterprise = make_enterprise(industry=Industry.OTHER)
    admin = make_user("boss", enterprise=enterprise, groups=["企业安全管理员"], category=PersonCategory.SAFETY_MANAGER)
    principal = make_user("chief", enterprise=enterprise, category=PersonCategory.PRINCIPAL)
    complete_course(principal, hours_course(12), at(2026, 5, 1))
    with time_machine.travel(at(2026, 6, 1)):
        client.force_login(admin)
        html = client.get(reverse("courses:enterprise")).content.decode()
        client.force_login(principal)
        mine = client.get(reverse("courses:mine")).content.decode()
    assert "初次培训 32 学时" in html and "12.00" in html and "✗ 未达标" in html
    assert "初次培训要求不少于 32 学时" in mine and "✗ 未达标" in mine and "还差 20.00 学时" in mine
