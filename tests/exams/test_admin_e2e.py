"""The exam admin's import in a real browser: upload → problems listed → fixed file → confirm → done."""

import pytest

from exams.models import Question
from exams.services.banks import bank_create
from tests.browser import browser_log_in as _login

from .conftest import xlsx_bytes

pytestmark = [pytest.mark.e2e]

HEADER = ["编号", "题型", "题干", "选项A", "选项B", "答案"]


@pytest.fixture
def exam_admin_live(transactional_db, django_user_model):
    from django.contrib.auth.models import Group

    from accounts.roles import role_permissions_sync

    group, _created = Group.objects.get_or_create(name="考务管理员")
    role_permissions_sync()
    user = django_user_model.objects.create_user(
        username="e2e_exam_admin", email="e2e_exam_admin@example.com", password="pw-Exam-123456", is_staff=True
    )
    user.groups.add(group)
    return user


def _upload(page, rows):
    page.goto("/admin/exams-desk/import/")
    page.get_by_label("导入到题库").select_option(label="浏览器测试题库（e2e-bank）")
    page.get_by_label("题库文件").set_input_files(
        files=[{"name": "题库.xlsx", "mimeType": "application/octet-stream", "buffer": xlsx_bytes(rows).getvalue()}]
    )
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_url("**/exams-desk/import/*/")


def test_admin_import_in_the_browser(browser_page, live_server, exam_admin_live, settings, axe_violations):
    # Wagtail's admin shows Gravatar images by default: an external host. The site setting should be
    # None (reported to the coordinator); the test sets it so it checks our pages, not that default.
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    bank = bank_create(code="e2e-bank", name="浏览器测试题库")
    page = browser_page
    _login(page, live_server, exam_admin_live)

    _upload(page, [HEADER, ["E1", "单选题", "题干", "甲", "乙", "C"]])
    page.get_by_text("发现 1 个问题，未导入任何试题").wait_for()
    assert axe_violations(page) == []
    assert "答案中的 C 没有对应的选项内容" in page.get_by_role("table", name="问题列表").inner_text()
    assert not Question.objects.filter(bank=bank).exists()

    _upload(page, [HEADER, ["E1", "单选题", "题干", "甲", "乙", "B"], ["E2", "判断题", "对吗", "", "", "√"]])
    page.get_by_text("检查通过，请确认").wait_for()
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("导入完成：新建 2 道，更新 0 道，未变 0 道").wait_for()
    assert Question.objects.filter(bank=bank).count() == 2
