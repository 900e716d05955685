import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import PersonCategory
from courses.models import Certificate, Enrolment, LessonProgress, TrainingType
from courses.services import certificate_issue, enrolment_create, lesson_complete, lesson_start

from .conftest import make_course, make_enterprise, make_user, study

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _finish(user, course):
    enrolment = enrolment_create(user=user, course=course)
    for lesson in course.lessons.all():
        with time_machine.travel(START, tick=False):
            lesson_start(user=user, lesson=lesson)
            study(user, lesson, lesson.minutes * 60)
        with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
            lesson_complete(user=user, lesson=lesson)
    return enrolment


def test_course_list_is_public_filtered_and_hides_drafts(client, django_assert_max_num_queries):
    make_course("低压电工作业初训")
    make_course("主要负责人年度再培训", category=PersonCategory.PRINCIPAL, training_type=TrainingType.REFRESHER)
    make_course("未发布的课程", published=False)
    for i in range(10):
        make_course(f"课程{i}", minutes=(45, 45, 45))
    with django_assert_max_num_queries(4):
        response = client.get(reverse("courses:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "低压电工作业初训" in html and "未发布的课程" not in html
    assert "2 个课时，共 2.0 学时" in html

    response = client.get(reverse("courses:list"), {"person_category": "principal", "training_type": "refresher"})
    html = response.content.decode()
    assert "主要负责人年度再培训" in html and "低压电工作业初训" not in html


def test_course_detail_is_public_and_asks_anonymous_visitors_to_log_in(client, course):
    response = client.get(reverse("courses:detail", args=[course.pk]))
    assert response.status_code == 200
    assert "登录后报名学习" in response.content.decode()
    assert client.get(reverse("courses:detail", args=[make_course(published=False).pk])).status_code == 404


def test_enrol_needs_login_then_works(client, learner, course):
    url = reverse("courses:enrol", args=[course.pk])
    assert client.post(url).status_code == 302
    assert not Enrolment.objects.exists()
    client.force_login(learner)
    response = client.post(url, follow=True)
    assert "报名成功" in response.content.decode()
    assert client.post(url).status_code == 302  # a double click changes nothing
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1


def test_lesson_page_without_enrolment_sends_back_to_the_course(client, learner, course):
    client.force_login(learner)
    response = client.get(reverse("courses:lesson", args=[course.pk, course.lessons.first().pk]), follow=True)
    assert "请先报名该课程" in response.content.decode()
    assert not LessonProgress.objects.exists()


def test_lesson_completion_through_the_pages(client, learner, course, settings):
    settings.COURSES_HEARTBEAT_SECONDS = 600  # one beat per 10 minutes, so the test takes few requests
    enrolment_create(user=learner, course=course)
    client.force_login(learner)
    first, second = course.lessons.all()
    lesson_url = reverse("courses:lesson", args=[course.pk, first.pk])
    beat_url = reverse("courses:lesson_beat", args=[course.pk, first.pk])
    complete_url = reverse("courses:lesson_complete", args=[course.pk, first.pk])
    with time_machine.travel(START, tick=False):
        html = client.get(lesson_url).content.decode()
        assert "还需学习约 <span data-remaining-minutes>36</span> 分钟" in html
        assert "<noscript>" in html and "不会计入学习时间" in html
        assert client.post(beat_url).json()["active_seconds"] == 0  # the first beat starts the clock
    with time_machine.travel(START + datetime.timedelta(minutes=10), tick=False):
        assert client.post(beat_url).json()["remaining_minutes"] == 26
        response = client.post(complete_url, follow=True)
    assert "还需学习 26 分钟才能标记完成" in response.content.decode()
    for minutes in (20, 30, 37):
        with time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False):
            state = client.post(beat_url).json()
    assert state["remaining_seconds"] == 0
    with time_machine.travel(START + datetime.timedelta(minutes=37), tick=False):
        response = client.post(complete_url)
    assert response.url == reverse("courses:lesson", args=[course.pk, second.pk])
    detail = client.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert "已完成 1 / 2 个课时，1.0 学时（50%）" in detail


def test_my_learning_shows_hours_and_keeps_to_a_query_budget(client, learner, django_assert_max_num_queries):
    courses = [make_course(f"课程{i}", minutes=(45, 45)) for i in range(6)]
    for c in courses[:5]:
        enrolment_create(user=learner, course=c)
    _finish(learner, courses[5])
    client.force_login(learner)
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False), django_assert_max_num_queries(8):
        response = client.get(reverse("courses:mine"))
    html = response.content.decode()
    assert "2026 年已获培训学时" in html and "2.0 学时" in html
    assert "2 / 2 课时（100%）" in html
    assert "领取结业证书" in html


def test_certificate_claim_is_idempotent_and_printable(client, learner, course):
    enrolment = _finish(learner, course)
    client.force_login(learner)
    claim = reverse("courses:certificate_claim", args=[course.pk])
    assert client.post(claim).status_code == 302
    assert client.post(claim).status_code == 302
    certificate = Certificate.objects.get()
    response = client.get(reverse("courses:certificate", args=[course.pk]))
    html = response.content.decode()
    assert certificate.number in html and "准予结业" in html and "2.0 学时" in html
    assert certificate_issue(enrolment=enrolment) == certificate
    # Another learner cannot see it.
    client.force_login(make_user())
    assert client.get(reverse("courses:certificate", args=[course.pk])).status_code == 404


def test_certificate_claim_before_completion_explains(client, learner, course):
    enrolment_create(user=learner, course=course)
    client.force_login(learner)
    response = client.post(reverse("courses:certificate_claim", args=[course.pk]), follow=True)
    assert "完成课程全部课时后才能领取结业证书" in response.content.decode()
    assert not Certificate.objects.exists()


def test_enterprise_page_is_for_enterprise_admins_only(client):
    url = reverse("courses:enterprise")
    assert client.get(url).status_code == 302  # login first
    client.force_login(make_user())
    assert client.get(url).status_code == 403
    client.force_login(make_user(groups=["企业安全管理员"]))  # the role but no enterprise
    assert client.get(url).status_code == 403


def test_enterprise_page_lists_own_staff_and_bulk_enrols(client, course, django_assert_max_num_queries):
    mine, theirs = make_enterprise("甲公司"), make_enterprise("乙公司")
    admin = make_user("boss", enterprise=mine, groups=["企业安全管理员"])
    staff = [make_user(f"worker{i}", enterprise=mine) for i in range(4)]
    stranger = make_user("stranger", enterprise=theirs)
    client.force_login(admin)
    with django_assert_max_num_queries(11):
        html = client.get(reverse("courses:enterprise")).content.decode()
    assert "学员worker0" in html and "学员stranger" not in html

    data = {"course": course.pk, "staff": [staff[0].pk, staff[1].pk]}
    response = client.post(reverse("courses:enterprise"), data, follow=True)
    assert "已为 2 名员工报名" in response.content.decode()
    response = client.post(reverse("courses:enterprise"), data, follow=True)
    assert "已为 0 名员工报名" in response.content.decode()
    assert Enrolment.objects.filter(course=course, enrolled_by=admin).count() == 2

    forged = {"course": course.pk, "staff": [staff[2].pk, stranger.pk]}
    assert client.post(reverse("courses:enterprise"), forged).status_code == 403
    assert not Enrolment.objects.filter(user__in=[staff[2], stranger]).exists()


def test_enterprise_bulk_enrol_without_choices_shows_errors(client, course):
    enterprise = make_enterprise()
    admin = make_user("boss", enterprise=enterprise, groups=["企业安全管理员"])
    make_user(enterprise=enterprise)
    client.force_login(admin)
    response = client.post(reverse("courses:enterprise"), {"course": course.pk})
    assert response.status_code == 200
    assert "请至少勾选一名员工" in response.content.decode()


def test_enterprise_page_says_who_falls_short_of_the_hours(client):
    enterprise = make_enterprise()
    admin = make_user("boss", enterprise=enterprise, groups=["企业安全管理员"], category=PersonCategory.PRINCIPAL)
    make_user("welder", enterprise=enterprise, category=PersonCategory.SPECIAL_OPERATOR)
    client.force_login(admin)
    html = client.get(reverse("courses:enterprise")).content.decode()
    assert "1 人，其中 1 人有学时要求、0 人已达标" in html  # a new principal needs 32 initial 学时
    assert "✗ 未达标" in html
    assert "无学时要求" in html  # 特种作业人员 train for 复审, not yearly
