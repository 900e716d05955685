import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.roles import role_permissions
from courses.models import Course, Enrolment
from courses.services import enrolment_create

from .conftest import make_course, make_user

pytestmark = pytest.mark.django_db


def test_training_and_exam_staff_stay_apart():
    perms = role_permissions()
    assert "courses.change_course" in perms["培训管理员"]
    assert not any(p.startswith("courses.") for p in perms["考务管理员"])
    assert not any(p.startswith("exams.") and not p.startswith("exams.view_") for p in perms["培训管理员"])


def test_training_admin_creates_a_course_with_lessons(client):
    client.force_login(make_user("trainer", groups=["培训管理员"]))
    assert client.get(reverse("courses_course:index")).status_code == 200
    data = nested_form_data(
        {
            "title": "焊接与热切割作业复审培训",
            "summary": "复审培训不少于 8 学时。",
            "description": "",
            "person_category": "special_operator",
            "training_type": "recertification",
            "industry": "",
            "cover_colour": "purple",
            "is_published": "on",
            "lessons": inline_formset(
                [
                    {"title": "焊接安全新规", "minutes": 45, "body": "内容", "video_url": ""},
                    {"title": "焊接事故案例", "minutes": 45, "body": "内容", "video_url": "/media/courses/a.mp4"},
                ]
            ),
        }
    )
    response = client.post(reverse("courses_course:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    course = Course.objects.get(title="焊接与热切割作业复审培训")
    assert [lesson.title for lesson in course.lessons.all()] == ["焊接安全新规", "焊接事故案例"]


def test_lesson_video_must_come_from_our_media(client):
    client.force_login(make_user("trainer", groups=["培训管理员"]))
    data = nested_form_data(
        {
            "title": "外链视频课程",
            "summary": "简介",
            "person_category": "other",
            "training_type": "initial",
            "cover_colour": "blue",
            "lessons": inline_formset(
                [{"title": "第一课", "minutes": 45, "body": "内容", "video_url": "https://example.com/v.mp4"}]
            ),
        }
    )
    response = client.post(reverse("courses_course:add"), data)
    assert response.status_code == 200
    assert "视频地址必须是本站媒体文件路径" in response.content.decode()
    assert not Course.objects.filter(title="外链视频课程").exists()


def test_exam_admin_cannot_manage_courses(client):
    client.force_login(make_user("examiner", groups=["考务管理员"]))
    assert client.get(reverse("courses_course:index")).status_code in (302, 403)
    response = client.get(reverse("courses_enrolment:export_training_records"))
    # Wagtail turns a refused admin view into a redirect to the dashboard with a message.
    assert response.status_code in (302, 403)
    assert "spreadsheetml" not in response.get("Content-Type", "")


def test_training_records_export(client):
    course, other = make_course("低压电工作业初训"), make_course("有限空间作业安全")
    learner = make_user("learner_x")
    learner.real_name = "=HYPERLINK(1)"
    learner.save()
    enrolment_create(user=learner, course=course)
    enrolment_create(user=make_user(), course=other)
    client.force_login(make_user("trainer", groups=["培训管理员"]))
    index = client.get(reverse("courses_enrolment:index"), {"course": course.pk})
    assert "导出培训记录（Excel）" in index.content.decode()

    response = client.get(reverse("courses_enrolment:export_training_records"), {"course": course.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("课程", "培训类型", "学员")
    assert len(rows) == 2
    assert rows[1][0] == "低压电工作业初训"
    assert rows[1][2] == "=HYPERLINK(1)" and sheet["C2"].data_type == "s"  # text, never a live formula
    assert Enrolment.objects.count() == 2


def test_enrolments_are_read_only_in_the_admin_even_for_superusers(client):
    enrolment = enrolment_create(user=make_user(), course=make_course())
    superuser = make_user("root")
    superuser.is_superuser = True
    superuser.is_staff = True
    superuser.save()
    client.force_login(superuser)
    assert client.get(reverse("courses_enrolment:inspect", args=[enrolment.pk])).status_code == 200
    for name, args in (("add", []), ("edit", [enrolment.pk]), ("delete", [enrolment.pk])):
        assert client.get(reverse(f"courses_enrolment:{name}", args=args)).status_code in (302, 403)
    assert client.post(reverse("courses_enrolment:delete", args=[enrolment.pk])).status_code in (302, 403)
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()


def test_training_admin_sees_the_seeded_hours_rules(client):
    client.force_login(make_user("trainer", groups=["培训管理员"]))
    response = client.get(reverse("courses_hours_rule:index"), {"person_category": "principal"})
    html = response.content.decode()
    assert response.status_code == 200
    cells = [cell.strip() for cell in html.replace("<", ">").split(">")]
    # 主要负责人: 32 / 12 学时, in high-risk industries 48 / 16 (seeded as data).
    assert {"32", "12", "48", "16"} <= set(cells)
    assert "72" not in cells  # the 其他从业人员 rule is filtered out
