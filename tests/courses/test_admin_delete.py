import pytest
from django.urls import reverse

from courses.models import Course
from courses.services import enrolment_create

from .conftest import make_course, make_user, study

pytestmark = pytest.mark.django_db


def test_a_course_with_enrolments_cannot_be_deleted(client):
    course = make_course()
    enrolment_create(user=make_user(), course=course)
    client.force_login(make_user("trainer", groups=["培训管理员"]))
    response = client.post(reverse("courses_course:delete", args=[course.pk]), follow=True)
    assert response.status_code == 200
    assert "已有学员报名该课程，不能删除" in response.content.decode()
    assert Course.objects.filter(pk=course.pk).exists()


def test_a_course_nobody_enrolled_in_can_be_deleted(client):
    course = make_course()
    client.force_login(make_user("trainer", groups=["培训管理员"]))
    client.post(reverse("courses_course:delete", args=[course.pk]))
    assert not Course.objects.filter(pk=course.pk).exists()


def _edit_data(course, *, delete_first: bool):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    lessons = [
        {
            "id": lesson.pk,
            "title": lesson.title,
            "minutes": lesson.minutes,
            "body": lesson.body,
            "video_url": "",
            "ORDER": index,
            "DELETE": "1" if delete_first and index == 0 else "",
        }
        for index, lesson in enumerate(course.lessons.all())
    ]
    return nested_form_data(
        {
            "title": "新标题",
            "summary": course.summary,
            "description": course.description,
            "person_category": course.person_category,
            "training_type": course.training_type,
            "industry": "",
            "cover_colour": course.cover_colour,
            "is_published": "on",
            "lessons": inline_formset(lessons, initial=len(lessons)),
        }
    )


def test_a_studied_lesson_cannot_be_removed_and_nothing_is_half_saved(client):
    import datetime

    import time_machine

    from courses.models import Lesson
    from courses.services import lesson_complete, lesson_start

    course = make_course()
    learner = make_user()
    enrolment_create(user=learner, course=course)
    first = course.lessons.first()
    start = datetime.datetime(2026, 3, 1, 8, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        lesson_start(user=learner, lesson=first)
        study(learner, first, first.minutes * 60)
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        lesson_complete(user=learner, lesson=first)
    client.force_login(make_user("trainer", groups=["培训管理员"]))
    url = reverse("courses_course:edit", args=[course.pk])
    response = client.post(url, _edit_data(course, delete_first=True))
    assert response.status_code == 200
    assert "已有学员学习过要删除的课时" in response.content.decode()
    assert Lesson.objects.filter(pk=first.pk).exists()
    course.refresh_from_db()
    assert course.title != "新标题"

    response = client.post(url, _edit_data(course, delete_first=False))
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.title == "新标题"
