"""Enterprise bulk enrolment by Excel: row-numbered errors, all or nothing, invitations, enrolment on acceptance."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import StaffInvitation
from accounts.services import staff_invitation_accept, staff_invitation_decline
from accounts.validators import id_number_check_char
from courses.models import Enrolment, PendingEnrolment

from .conftest import make_course, make_enterprise, make_user

pytestmark = pytest.mark.django_db


def id_number(n: int) -> str:
    body = f"42092319900101{n:03d}"
    return body + id_number_check_char(body)


def xlsx(rows, *, header=("姓名", "手机号", "身份证号"), leading=()) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in leading:
        sheet.append(row)
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("名单.xlsx", buffer.getvalue())


@pytest.fixture
def boss(client):
    enterprise = make_enterprise("云梦县甲化工有限公司")
    admin = make_user("boss", enterprise=enterprise, groups=["企业安全管理员"])
    client.force_login(admin)
    return admin


def upload(client, course, file):
    return client.post(reverse("courses:enterprise_upload"), {"course": course.pk, "file": file})


def test_template_download_has_the_three_columns(client, boss):
    response = client.get(reverse("courses:enterprise_upload_template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["姓名", "手机号", "身份证号"]
    assert sheet["B2"].data_type == "s"  # the example mobile is text, so Excel keeps it whole


def test_upload_pages_are_for_enterprise_admins_only(client, course):
    client.force_login(make_user("learner"))
    assert client.get(reverse("courses:enterprise_upload_template")).status_code == 403
    assert upload(client, course, xlsx([["张三", "13800138001", id_number(1)]])).status_code == 403
    assert not StaffInvitation.objects.exists()


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_written(client, boss, course):
    bad_id = id_number(3)[:-1] + ("0" if id_number(3)[-1] != "0" else "1")
    rows = [
        ["张三", "13800138001", id_number(1)],  # row 2: fine
        ["", "13800138002", id_number(2)],  # row 3: no name
        ["王五", "1380013800", bad_id],  # row 4: short mobile, bad check digit
        [None, None, None],  # row 5: empty, skipped
        ["赵六", "138 0013 8001", id_number(4)],  # row 6: the same mobile as row 2
    ]
    response = upload(client, course, xlsx(rows))
    assert response.status_code == 400
    html = response.content.decode()
    assert "名单有 4 处需要修改，未导入任何人" in html
    assert "第 3 行“姓名”：请填写员工姓名。" in html
    assert "第 4 行“手机号”：请输入11位中国大陆手机号码" in html
    assert "第 4 行“身份证号”：" in html
    assert "第 6 行“手机号”：与第 2 行重复，同一人只需填写一行。" in html
    assert not StaffInvitation.objects.exists() and not PendingEnrolment.objects.exists()


def test_header_found_in_the_first_10_rows_ignoring_spaces_width_and_other_columns(client, boss, course):
    file = xlsx(
        [["张三", 13800138001, id_number(1), "车间"], [], ["李四", "13800138002", id_number(2).lower(), ""]],
        header=("姓　名", "手机 号码", "公民身份号码", "部门"),
        leading=[["员工培训报名表"], []],
    )
    response = upload(client, course, file)
    assert response.status_code == 302, response.content.decode()[-3000:]
    invitations = StaffInvitation.objects.filter(enterprise=boss.enterprise).order_by("phone")
    assert [(i.real_name, i.phone) for i in invitations] == [("张三", "13800138001"), ("李四", "13800138002")]
    assert invitations[1].id_number == id_number(2)  # lower-case x folded
    assert PendingEnrolment.objects.filter(course=course).count() == 2


def test_a_file_without_the_header_says_what_to_use(client, boss, course):
    response = upload(client, course, xlsx([["张三", "13800138001"]], header=("名字", "电话")))
    assert response.status_code == 400
    assert "没有找到表头" in response.content.decode()
    response = upload(client, course, SimpleUploadedFile("名单.xlsx", b"not a workbook"))
    assert "无法读取该文件" in response.content.decode()


def test_staff_are_enrolled_now_others_invited_and_a_second_upload_changes_nothing(client, boss, course):
    member = make_user("member", enterprise=boss.enterprise)
    member.phone = "13900139000"
    member.save()
    rows = [["员工甲", "13900139000", id_number(9)], ["新人乙", "13800138002", id_number(2)]]
    response = upload(client, course, xlsx(rows))
    assert response.status_code == 302
    page = client.get(reverse("courses:enterprise")).content.decode()
    assert "1 名本单位员工已报名" in page and "1 人已发出邀请" in page
    assert "新人乙" in page  # waiting for the invitation
    assert Enrolment.objects.filter(user=member, course=course, enrolled_by=boss).exists()
    assert StaffInvitation.objects.filter(phone="13800138002").count() == 1

    upload(client, course, xlsx(rows))
    assert Enrolment.objects.filter(course=course).count() == 1
    assert StaffInvitation.objects.count() == 1 and PendingEnrolment.objects.count() == 1


def test_accepting_the_invitation_enrols_on_the_uploaded_courses(client, boss, course):
    second = make_course("第二门课程")
    for c in (course, second):
        assert upload(client, c, xlsx([["张三", "13800138001", id_number(1)]])).status_code == 302
    invitation = StaffInvitation.objects.get()
    assert PendingEnrolment.objects.filter(invitation=invitation).count() == 2  # one invitation, two courses
    person = make_user("zhangsan")
    person.real_name, person.id_number = "张三", id_number(1)
    person.save()
    staff_invitation_accept(invitation=invitation, user=person)
    enrolments = Enrolment.objects.filter(user=person)
    assert {e.course for e in enrolments} == {course, second}
    assert all(e.enrolled_by == boss for e in enrolments)
    assert not PendingEnrolment.objects.filter(enrolment__isnull=True).exists()


def test_a_declined_invitation_enrols_nobody(client, boss, course):
    upload(client, course, xlsx([["张三", "13800138001", id_number(1)]]))
    person = make_user("zhangsan")
    person.real_name, person.id_number = "张三", id_number(1)
    person.save()
    staff_invitation_decline(invitation=StaffInvitation.objects.get(), user=person)
    assert not Enrolment.objects.filter(user=person).exists()


def test_a_row_the_invitation_service_refuses_undoes_the_whole_upload(client, boss, course, settings):
    settings.ACCOUNTS_STAFF_INVITES_PER_HOUR = 1
    rows = [["张三", "13800138001", id_number(1)], ["李四", "13800138002", id_number(2)]]
    response = upload(client, course, xlsx(rows))
    assert response.status_code == 400
    assert "第 3 行" in response.content.decode()
    assert not StaffInvitation.objects.exists() and not PendingEnrolment.objects.exists()
