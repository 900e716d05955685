"""A learner in a real browser: sign up, log in with the mobile number, fill in the profile; axe audits."""

import pytest

from accounts.models import User
from tests.accounts.factories import make_enterprise, valid_id_number

pytestmark = [pytest.mark.e2e]

PASSWORD = "Yunmeng-e2e-2025"


def test_sign_up_log_in_by_phone_and_edit_profile(transactional_db, browser_page, axe_violations, settings):
    import re

    from accounts.sms import LocmemSMSBackend

    settings.ACCOUNT_PHONE_VERIFICATION_ENABLED = True  # as in production
    LocmemSMSBackend.outbox.clear()
    page = browser_page
    enterprise = make_enterprise("云梦县浏览器测试有限公司")
    id_number = valid_id_number(7)

    page.goto("/accounts/signup/")
    assert axe_violations(page) == []
    page.get_by_label("手机号码").fill("13877776666")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="注册").click()
    page.wait_for_url("**/accounts/phone/verify/")
    assert axe_violations(page) == []
    phone, text = LocmemSMSBackend.outbox[-1]
    assert phone == "13877776666"
    page.locator("#id_code").fill(re.search(r"验证码是 (\S+)，", text).group(1))
    page.locator("button[type=submit]").filter(has_text="确认").first.click()
    page.wait_for_load_state()
    user = User.objects.get(phone="13877776666")
    assert user.phone_verified and user.email is None
    # Continue as the person who signed up (the profile form adds an e-mail later if they want).
    User.objects.filter(pk=user.pk).update(email="e2e@example.cn")

    page.goto("/accounts/profile/")
    page.locator(".site-header").get_by_role("button", name="退出").click()
    page.wait_for_load_state()
    page.goto("/accounts/login/")
    assert axe_violations(page) == []
    page.get_by_label("手机号码或电子邮箱").fill("13877776666")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()

    page.goto("/accounts/profile/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="修改个人资料").click()
    # A wrong check digit first: the message is tied to the field, nothing is saved.
    page.get_by_label("真实姓名").fill("浏览器学员")
    page.get_by_label("居民身份证号码").fill(id_number[:17] + ("0" if id_number[17] != "0" else "1"))
    page.get_by_label("人员类别").select_option(label="特种作业人员")
    page.get_by_label("工作单位").fill(enterprise.credit_code)
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    field = page.get_by_label("居民身份证号码")
    assert field.get_attribute("aria-invalid") == "true"
    assert "校验位不正确" in page.locator("#id_id_number_errors").inner_text()
    assert axe_violations(page) == []
    assert User.objects.get(email="e2e@example.cn").real_name == ""

    field.fill(id_number)
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.get_by_text("个人资料已保存").is_visible()
    assert page.get_by_text(id_number[:4] + "*" * 12 + id_number[16:]).is_visible()
    user = User.objects.get(email="e2e@example.cn")
    assert (user.real_name, user.id_number, user.enterprise_id) == ("浏览器学员", id_number, enterprise.pk)
    assert user.person_category == "special_operator"


def test_enterprise_staff_and_two_factor_pages_pass_axe(transactional_db, browser_page, axe_violations):
    from tests.accounts.factories import TEST_PASSWORD, make_user

    page = browser_page
    enterprise = make_enterprise("云梦县无障碍测试有限公司")
    make_user("boss", groups=("企业安全管理员",), enterprise=enterprise, phone="13866665555")
    make_user("worker", real_name="员工甲", phone="13866664444")

    page.goto("/accounts/login/")
    page.get_by_label("手机号码或电子邮箱").fill("boss@example.cn")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()

    page.goto("/accounts/enterprise/")
    page.get_by_label("员工姓名").fill("员工甲")
    page.get_by_label("员工手机号码").fill("13866664444")
    page.get_by_role("button", name="发出邀请").click()
    page.wait_for_load_state()
    assert page.get_by_role("cell", name="员工甲", exact=True).is_visible()
    assert page.get_by_role("button", name="撤回对员工甲的邀请").is_visible()
    assert axe_violations(page) == []

    page.goto("/accounts/2fa/totp/activate/")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="确认").click()
    page.wait_for_url("**/2fa/totp/activate/")
    assert page.locator("img.totp-qr").is_visible()
    assert axe_violations(page) == []
