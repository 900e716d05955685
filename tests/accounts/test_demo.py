import io

import pytest
from allauth.account.models import EmailAddress

from accounts import demo
from accounts.models import Enterprise, User
from accounts.validators import validate_credit_code, validate_id_number
from campaigns.roles import REVIEW_STEP_GROUPS

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_every_demo_login_works(client):
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    assert Enterprise.objects.count() == 1
    enterprise = Enterprise.objects.get()
    validate_credit_code(enterprise.credit_code)
    usernames = [row[0] for row in demo.DEMO_USERS] + ["admin"]
    assert User.objects.filter(username__in=usernames).count() == len(usernames)
    for user in User.objects.exclude(username="admin"):
        validate_id_number(user.id_number)
        assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()
    learner = User.objects.get(username="demo_learner")
    assert learner.enterprise == enterprise and learner.person_category == "special_operator"
    assert User.objects.get(username="demo_enterprise_admin").groups.filter(name="企业安全管理员").exists()
    assert User.objects.get(username="admin").is_superuser

    for _role, login, password in demo.demo_logins():
        client.logout()
        response = client.post("/accounts/login/", {"login": login, "password": password})
        assert response.status_code == 302, login


def test_each_review_step_has_one_demo_reviewer_and_its_login_is_printed():
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    printed = {login for _role, login, _password in demo.demo_logins()}
    for step in REVIEW_STEP_GROUPS:
        reviewers = User.objects.filter(groups__name=step, username__startswith="demo_")
        assert reviewers.count() == 1, step
        assert reviewers.get().is_staff
        assert reviewers.get().email in printed
    # The old single reviewer group approves no step: no demo account is left only in it.
    assert not User.objects.filter(groups__name="宣教审核", username__startswith="demo_").exists()
