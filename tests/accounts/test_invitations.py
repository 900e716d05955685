"""Staff invitations: an enterprise's safety admin invites; only the person's own acceptance adds them."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from accounts.models import StaffInvitation
from accounts.services import (
    AccountError,
    staff_invitation_accept,
    staff_invitation_create,
    staff_invitation_decline,
    staff_invitation_revoke,
)
from accounts.signals import staff_invitation_accepted
from accounts.sms import LocmemSMSBackend
from edu_platform.audit import audit_entries_for
from tests.accounts.factories import make_enterprise, make_user, valid_id_number

pytestmark = pytest.mark.django_db


def _admin_of(enterprise, username="safety_admin"):
    return make_user(username, groups=("企业安全管理员",), enterprise=enterprise)


def _invite(enterprise, admin, *, real_name="员工甲", phone="13511112222", id_number=""):
    return staff_invitation_create(
        enterprise=enterprise, actor=admin, real_name=real_name, phone=phone, id_number=id_number
    )


def test_admin_form_answers_the_same_whether_or_not_the_number_has_an_account(client):
    enterprise = make_enterprise()
    admin = _admin_of(enterprise)
    make_user("registered", phone="13511112222", phone_verified=True, real_name="员工甲")
    client.force_login(admin)
    answers = []
    for phone, name in (("13511112222", "员工甲"), ("13599998888", "员工乙")):
        response = client.post("/accounts/enterprise/", {"real_name": name, "phone": phone})
        assert (response.status_code, response["Location"]) == (302, "/accounts/enterprise/")
        html = client.get("/accounts/enterprise/").content.decode()
        notice = re.search(r'<div class="messages".*?</div>', html, re.S).group(0)
        # Same words; only the name and number the admin typed differ.
        answers.append(notice.replace(phone, "N").replace(name, "P"))
    assert answers[0] == answers[1]
    assert "对方在个人资料中接受后，才会出现在员工名单中" in answers[0]
    assert StaffInvitation.objects.filter(status="pending").count() == 2


def test_invited_person_is_not_on_the_staff_list_until_they_accept(client, django_capture_on_commit_callbacks):
    enterprise = make_enterprise("云梦县邀请测试有限公司")
    admin = _admin_of(enterprise)
    person = make_user("person", phone="13511112222", phone_verified=True, real_name="员工甲")
    LocmemSMSBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(enterprise, admin)
    # The person is told by SMS (to the number the admin typed), with the enterprise's name.
    assert [(phone, "云梦县邀请测试有限公司" in text) for phone, text in LocmemSMSBackend.outbox] == [
        ("13511112222", True)
    ]
    person.refresh_from_db()
    assert person.enterprise is None
    client.force_login(admin)
    html = client.get("/accounts/enterprise/").content.decode()
    assert "等待确认的邀请（1）" in html and "员工（1）" in html  # the admin only

    client.force_login(person)
    html = client.get("/accounts/profile/").content.decode()
    assert "云梦县邀请测试有限公司" in html and "接受云梦县邀请测试有限公司的邀请" in html
    response = client.post(f"/accounts/invitations/{invitation.pk}/accept/")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.enterprise == enterprise
    # A double click changes nothing and is not an error.
    client.post(f"/accounts/invitations/{invitation.pk}/accept/")
    assert StaffInvitation.objects.get(pk=invitation.pk).status == "accepted"

    client.force_login(admin)
    html = client.get("/accounts/enterprise/").content.decode()
    assert "员工（2）" in html and "员工甲" in html and "13511112222" in html
    assert "等待确认的邀请（0）" in html
    actions = [entry.action for entry in audit_entries_for(invitation).order_by("pk")]
    assert actions == ["accounts.staff_invitation.created", "accounts.staff_invitation.accepted"]


def test_accepting_sends_the_signal_inside_the_transaction_and_a_failing_receiver_undoes_it():
    enterprise = make_enterprise()
    admin = _admin_of(enterprise)
    person = make_user("person", phone="13511112222", phone_verified=True)
    invitation = _invite(enterprise, admin)
    received = []

    def receiver(sender, invitation, user, **kwargs):
        received.append((invitation.pk, user.pk, user.enterprise_id))
        raise RuntimeError("enrolment failed")

    staff_invitation_accepted.connect(receiver, dispatch_uid="test-receiver")
    try:
        with pytest.raises(RuntimeError):
            staff_invitation_accept(invitation=invitation, user=person)
    finally:
        staff_invitation_accepted.disconnect(dispatch_uid="test-receiver")
    assert received == [(invitation.pk, person.pk, enterprise.pk)]
    person.refresh_from_db()
    invitation.refresh_from_db()
    assert person.enterprise is None and invitation.status == "pending"


def test_only_the_addressee_sees_and_accepts_an_invitation(client):
    enterprise = make_enterprise()
    admin = _admin_of(enterprise)
    id_number = valid_id_number(41)
    invitation = _invite(enterprise, admin, real_name="李四", phone="13511112222", id_number=id_number)
    # Someone who typed the number into their profile without verifying it.
    unverified = make_user("unverified", phone="13511112222", phone_verified=False)
    stranger = make_user("stranger", phone="13533334444", phone_verified=True)
    for user in (unverified, stranger):
        client.force_login(user)
        assert "李四" not in client.get("/accounts/profile/").content.decode()
        client.post(f"/accounts/invitations/{invitation.pk}/accept/")
        with pytest.raises(AccountError, match="没有找到这份邀请"):
            staff_invitation_accept(invitation=invitation, user=user)
    assert StaffInvitation.objects.get(pk=invitation.pk).status == "pending"
    # The ID number matches only together with the name.
    wrong_name = make_user("wrong_name", id_number=id_number, real_name="王五")
    with pytest.raises(AccountError):
        staff_invitation_accept(invitation=invitation, user=wrong_name)
    wrong_name.id_number = ""
    wrong_name.save(update_fields=["id_number"])
    by_id = make_user("by_id", id_number=id_number, real_name="李四")
    client.force_login(by_id)
    assert "李四" in client.get("/accounts/profile/").content.decode()
    staff_invitation_accept(invitation=invitation, user=by_id)
    by_id.refresh_from_db()
    assert by_id.enterprise == enterprise


def test_decline_and_revoke_are_final_and_audited(client):
    enterprise = make_enterprise()
    admin = _admin_of(enterprise)
    person = make_user("person", phone="13511112222", phone_verified=True)
    declined = _invite(enterprise, admin)
    client.force_login(person)
    client.post(f"/accounts/invitations/{declined.pk}/decline/")
    declined.refresh_from_db()
    assert declined.status == "declined" and declined.decided_at is not None
    with pytest.raises(AccountError, match="已被拒绝"):
        staff_invitation_accept(invitation=declined, user=person)
    person.refresh_from_db()
    assert person.enterprise is None

    # Declined: the enterprise may invite again; then it revokes before the person answers.
    again = _invite(enterprise, admin)
    client.force_login(admin)
    response = client.post(f"/accounts/enterprise/invitations/{again.pk}/revoke/")
    assert response.status_code == 302
    again.refresh_from_db()
    assert again.status == "revoked"
    with pytest.raises(AccountError, match="撤回"):
        staff_invitation_accept(invitation=again, user=person)
    assert [e.action for e in audit_entries_for(declined).order_by("pk")] == [
        "accounts.staff_invitation.created",
        "accounts.staff_invitation.declined",
    ]
    assert [e.action for e in audit_entries_for(again).order_by("pk")] == [
        "accounts.staff_invitation.created",
        "accounts.staff_invitation.revoked",
    ]


def test_one_pending_invitation_per_phone_and_enterprise():
    enterprise = make_enterprise()
    admin = _admin_of(enterprise)
    _invite(enterprise, admin)
    with pytest.raises(AccountError, match="已向该手机号码发出邀请") as raised:
        _invite(enterprise, admin, phone="135 1111 2222")
    assert raised.value.field == "phone"
    # Another enterprise may invite the same number.
    other = make_enterprise("别的公司")
    _invite(other, _admin_of(other, "other_admin"))
    assert StaffInvitation.objects.filter(phone="13511112222", status="pending").count() == 2


def test_a_lapsed_invitation_cannot_be_accepted_and_the_number_can_be_invited_again():
    enterprise = make_enterprise()
    admin = _admin_of(enterprise)
    person = make_user("person", phone="13511112222", phone_verified=True)
    invitation = _invite(enterprise, admin)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        with pytest.raises(AccountError, match="已过期"):
            staff_invitation_accept(invitation=invitation, user=person)
        fresh = _invite(enterprise, admin)
    invitation.refresh_from_db()
    assert invitation.status == "expired"
    assert fresh.status == "pending"


def test_invitation_input_is_validated_in_chinese_and_nothing_is_saved(client):
    enterprise = make_enterprise()
    admin = _admin_of(enterprise)
    with pytest.raises(AccountError) as raised:
        _invite(enterprise, admin, real_name=" ", phone="12345", id_number="110105194912310021")
    assert set(raised.value.errors) == {"real_name", "phone", "id_number"}
    client.force_login(admin)
    html = client.post("/accounts/enterprise/", {"real_name": "张三", "phone": "12345"}).content.decode()
    assert "请输入11位中国大陆手机号码" in html and 'id="id_phone_errors"' in html
    assert not StaffInvitation.objects.exists()


def test_only_the_enterprise_admin_invites_or_revokes(client):
    mine, theirs = make_enterprise("我的公司"), make_enterprise("他的公司")
    admin = _admin_of(mine)
    with pytest.raises(AccountError):
        _invite(theirs, admin)
    invitation = _invite(theirs, _admin_of(theirs, "their_admin"))
    with pytest.raises(AccountError):
        staff_invitation_revoke(invitation=invitation, actor=admin)
    client.force_login(admin)
    assert client.post(f"/accounts/enterprise/invitations/{invitation.pk}/revoke/").status_code == 404
    client.force_login(make_user("worker", enterprise=mine))
    assert client.post("/accounts/enterprise/", {"real_name": "张三", "phone": "13511112222"}).status_code == 403
    assert StaffInvitation.objects.get(pk=invitation.pk).status == "pending"


def test_an_enterprise_admin_cannot_move_to_another_enterprise_by_accepting():
    mine, theirs = make_enterprise("我的公司"), make_enterprise("他的公司")
    admin = make_user("admin", groups=("企业安全管理员",), enterprise=mine, phone="13511112222", phone_verified=True)
    invitation = _invite(theirs, _admin_of(theirs, "their_admin"))
    with pytest.raises(AccountError, match="企业安全管理员不能自行更改工作单位"):
        staff_invitation_accept(invitation=invitation, user=admin)
    admin.refresh_from_db()
    assert admin.enterprise == mine


def test_invitations_are_rate_limited(settings):
    settings.ACCOUNTS_STAFF_INVITES_PER_HOUR = 3
    enterprise = make_enterprise()
    admin = _admin_of(enterprise)
    for n in range(3):
        _invite(enterprise, admin, phone=f"1350000000{n}")
    with pytest.raises(AccountError, match="次数过多"):
        _invite(enterprise, admin, phone="13500000009")
    assert StaffInvitation.objects.count() == 3


def test_declining_twice_is_harmless_and_others_cannot_decline():
    enterprise = make_enterprise()
    admin = _admin_of(enterprise)
    person = make_user("person", phone="13511112222", phone_verified=True)
    invitation = _invite(enterprise, admin)
    with pytest.raises(AccountError):
        staff_invitation_decline(invitation=invitation, user=make_user("other", phone="13599990000"))
    staff_invitation_decline(invitation=invitation, user=person)
    staff_invitation_decline(invitation=invitation, user=person)
    assert StaffInvitation.objects.get(pk=invitation.pk).status == "declined"


def test_enterprise_page_query_budget_with_many_staff_and_invitations(client, django_assert_max_num_queries):
    enterprise = make_enterprise()
    admin = _admin_of(enterprise)
    for n in range(15):
        make_user(f"worker{n}", enterprise=enterprise, safety_role="team_leader")
        _invite(enterprise, admin, phone=f"135000000{n:02d}")
    client.force_login(admin)
    with django_assert_max_num_queries(10):
        response = client.get("/accounts/enterprise/")
    assert response.content.decode().count("撤回对") == 15
