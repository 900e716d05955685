"""axe-core over the main public forms (issue 12), in the states people meet them: empty, with the
errors shown after a wrong or empty submit, and filled in. One browser context: first as a visitor
(sign-up, login, tip-off report, certificate verification), then signed in as a learner (booking,
profile and ID photo, a mock-exam question, a practice question). Findings are listed together."""

import datetime
import io
from datetime import date
from importlib import import_module

import pytest
from django.utils import timezone
from PIL import Image

from tests.bookings import factories as bf
from tests.certificates import factories as cf
from tests.exams.conftest import _make_bank, _make_blueprint, _make_subject

from .axe_audit import Audit, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def forms_data(settings, tmp_path):
    from django.apps import apps

    from accounts.models import Town
    from certificates.models import CertificateRule
    from tipoffs.models import HandlingRule

    settings.TIPOFFS_MIN_FILL_SECONDS = 0
    settings.TIPOFFS_PRIVATE_ROOT = tmp_path / "tipoffs-private"
    settings.ACCOUNTS_PRIVATE_ROOT = tmp_path / "accounts-private"
    if not CertificateRule.objects.exists():
        import_module("certificates.migrations.0002_seed_rules").seed(apps, None)
    Town.objects.get_or_create(code="chengguan", defaults={"name": "城关镇", "sort_order": 1})
    HandlingRule.objects.get_or_create(
        effective_from=date(2018, 1, 4), defaults={"handling_days": 60, "max_extension_days": 30, "claim_days": 60}
    )

    bank = _make_bank(code="axe", true_false=4, single=3, chapters=("法律法规", "专业知识"), is_public=True)
    subject = _make_subject(banks=[bank])
    _make_blueprint(subject, rules=(("true_false", 3, 10), ("single", 2, 35)), pass_mark=80)
    session = bf.session(days_ahead=5, subjects=[subject])
    certificate = cf.issue(cf.candidate("欧阳娜娜"), issued_on=timezone.localdate() - datetime.timedelta(days=400))
    learner = bf.candidate(complete=False, person_category="special_operator")  # no real name: booking refused
    return {"bank": bank, "session": session, "certificate": certificate, "learner": learner}


def _photo(size) -> dict:
    out = io.BytesIO()
    Image.new("RGB", size, "#eeeeee").save(out, "JPEG")
    return {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def test_public_forms_pass_axe_empty_with_errors_and_filled(browser_page, live_server, forms_data, axe_violations):
    page = browser_page
    audit = Audit(page, axe_violations)

    # --- a visitor -----------------------------------------------------------------------------
    audit.visit("sign-up", "/accounts/signup/")
    page.get_by_role("button", name="注册").click()
    page.locator("[aria-invalid=true]").first.wait_for()
    audit.check("sign-up after an empty submit")

    audit.visit("login", "/accounts/login/")
    page.get_by_label("手机号码或电子邮箱").fill("13800000000")
    page.get_by_label("密码").fill("wrong-password-1")
    page.get_by_role("button", name="登录").click()
    page.locator(".form-errors, .errorlist, [role=alert]").first.wait_for()
    audit.check("login with a wrong password")

    audit.visit("tip-off report", "/tipoffs/report/")
    page.get_by_role("button", name="提交举报").click()
    page.locator("[aria-invalid=true]").first.wait_for()
    audit.check("tip-off report after an empty submit")

    audit.visit("certificate verification", "/certificates/verify/")
    page.get_by_label("证书编号").fill("NOPE-123")
    page.get_by_role("button", name="查验").click()
    page.wait_for_load_state("load")
    assert "未找到" in page.locator("h1").inner_text()
    audit.check("certificate verification: unknown number")
    page.goto("/certificates/verify/")
    page.get_by_label("证书编号").fill(forms_data["certificate"].number)
    page.get_by_role("button", name="查验").click()
    page.get_by_role("heading", name="证书查验", level=1).wait_for()
    assert "欧阳**" in page.locator("main").inner_text()
    audit.check("certificate verification: found")

    # --- a learner -------------------------------------------------------------------------------
    learner = forms_data["learner"]
    log_in(page, live_server, learner)

    session = forms_data["session"]
    audit.visit("booking form", f"/bookings/sessions/{session.pk}/")
    page.get_by_role("button", name="确认预约").click()
    page.locator(".messages .alert-error").first.wait_for()
    audit.check("booking form refused (real name and ID number missing)")

    audit.visit("profile with ID photo form", "/accounts/profile/")
    page.get_by_label("选择证件照").set_input_files(files=[_photo((120, 160))])
    page.get_by_role("button", name="上传证件照").click()
    page.get_by_text("照片太小").wait_for()
    audit.check("ID photo refused (too small)")
    page.get_by_label("选择证件照").set_input_files(files=[_photo((300, 400))])
    page.get_by_role("button", name="上传证件照").click()
    page.locator("img.profile-id-photo").wait_for()
    audit.check("profile with an ID photo")
    audit.visit("profile edit form", "/accounts/profile/?edit=1")

    page.goto("/exams/")
    page.get_by_role("button", name="开始模拟考试").click()
    page.wait_for_url("**/q/1/")
    audit.check("mock exam question")
    page.locator("input[name=answer]").first.check()
    page.get_by_text("已保存").wait_for()
    audit.check("mock exam question, answer saved")

    bank = forms_data["bank"]
    audit.visit("practice question", f"/exams/practice/{bank.code}/sequential/")
    page.locator("input[name=answer]").first.check()
    page.get_by_role("button", name="提交答案").click()
    page.get_by_role("link", name="下一题").wait_for()
    audit.check("practice question with feedback")

    audit.assert_clean()
