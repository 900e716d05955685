"""A reporter in a real browser: submit with a photo, copy the receipt code, come back, read the
handler's message, reply. axe audits of every public tip-off page."""

import io
import re
from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts.models import Town, User
from tipoffs import services
from tipoffs.models import Finding, HandlingRule, MessageDirection, ReviewResult, TipOff

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def tipoff_setup(transactional_db, settings, tmp_path):
    settings.TIPOFFS_MIN_FILL_SECONDS = 0
    settings.TIPOFFS_PRIVATE_ROOT = tmp_path / "tipoffs-private"
    Town.objects.get_or_create(code="chengguan", defaults={"name": "城关镇", "sort_order": 1})
    # A transactional test starts from an empty database: the handling periods are rule data.
    HandlingRule.objects.get_or_create(
        effective_from=date(2018, 1, 4), defaults={"handling_days": 60, "max_extension_days": 30, "claim_days": 60}
    )
    group, _ = Group.objects.get_or_create(name="举报受理员")
    group.permissions.add(Permission.objects.get(codename="handle_tipoff"))
    handler = User.objects.create_user(username="e2e_handler", email="h@example.cn", password="pw-12345678")
    handler.groups.add(group)
    return User.objects.get(pk=handler.pk)


def _photo(tmp_path):
    from PIL import Image

    path = tmp_path / "hazard.jpg"
    image = Image.new("RGB", (80, 60), (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "E2ECamera"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    path.write_bytes(out.getvalue())
    return path


def _answer(page) -> str:
    question = page.locator("label[for=id_answer]").inner_text()
    a, b = (int(n) for n in re.findall(r"(\d+) 加 (\d+)", question)[0])
    return str(a + b)


def test_reporter_submits_copies_code_returns_and_replies(
    browser_page, live_server, tipoff_setup, tmp_path, axe_violations
):
    handler = tipoff_setup
    page = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    page.goto("/tipoffs/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="填写举报").click()
    assert axe_violations(page) == []
    page.get_by_label("举报类别").select_option("methanol_fuel")
    page.get_by_label("行业领域（选填）").select_option(label="其他")
    page.get_by_label("所在乡镇/开发区").select_option(label="城关镇")
    page.get_by_label("被举报的单位或场所名称").fill("某饭店后厨")
    page.get_by_label("发现的问题").fill("塑料桶装醇基燃料放在灶台旁。")
    page.set_input_files("input[name=files]", str(_photo(tmp_path)))
    page.fill("#id_answer", _answer(page))
    page.get_by_role("button", name="提交举报").click()

    page.get_by_role("heading", name="举报已提交").wait_for()
    assert axe_violations(page) == []
    shown = page.locator("#receipt-code").inner_text().strip()
    page.get_by_role("button", name="复制回执码").click()
    page.get_by_role("button", name="已复制").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == shown and len(copied.replace(" ", "")) == 20
    tipoff = TipOff.objects.get()
    assert tipoff.attachments.count() == 1
    assert b"E2ECamera" not in tipoff.attachments.get().file.read()

    services.tipoff_accept(tipoff=tipoff, actor=handler)
    services.tipoff_message_send(tipoff=tipoff, actor=handler, body="请问燃料桶有几个？")

    page.goto("/tipoffs/follow/")
    assert axe_violations(page) == []
    page.get_by_label("回执码").fill(copied.lower())
    page.get_by_role("button", name="查询").click()
    page.get_by_text("请问燃料桶有几个？").wait_for()
    assert page.get_by_text("已受理").first.is_visible()
    assert axe_violations(page) == []
    page.get_by_label("补充说明").fill("一共 3 桶，每桶约 25 升。")
    page.get_by_role("button", name="发送").click()
    page.get_by_text("留言已发送").wait_for()
    assert page.get_by_text("一共 3 桶，每桶约 25 升。").is_visible()
    assert tipoff.messages.filter(direction=MessageDirection.FROM_REPORTER).get().body == "一共 3 桶，每桶约 25 升。"
    assert TipOff.objects.get().sector == "other"

    # The hazard loop: concluded, ordered to rectify, 复查 rectified — the reporter reads 已整改.
    services.tipoff_verify_start(tipoff=tipoff, actor=handler)
    services.tipoff_conclude(
        tipoff=tipoff, actor=handler, finding=Finding.SUBSTANTIATED, outcome_public="属实，已责令整改。"
    )
    order = services.rectification_order_issue(
        tipoff=tipoff,
        actor=handler,
        requirements="停用醇基燃料",
        responsible_unit="某饭店",
        deadline=timezone.localdate(),
    )
    services.rectification_review(
        order=order, actor=handler, result=ReviewResult.RECTIFIED, reviewed_on=timezone.localdate()
    )
    page.goto("/tipoffs/follow/")
    page.get_by_label("回执码").fill(copied)
    page.get_by_role("button", name="查询").click()
    outcome = page.locator(".tipoff-rectification")
    outcome.wait_for()
    assert "已整改" in outcome.inner_text()
    assert axe_violations(page) == []


def test_wrong_code_page_is_accessible_and_says_only_not_found(browser_page, tipoff_setup, axe_violations):
    page = browser_page
    page.goto("/tipoffs/follow/")
    page.get_by_label("回执码").fill("0000-0000-0000-0000-0000")
    page.get_by_role("button", name="查询").click()
    page.get_by_text("没有找到").wait_for()
    assert axe_violations(page) == []
