import pytest

from tipoffs import services
from tipoffs.crypto import decrypt_json
from tipoffs.errors import TipOffError
from tipoffs.models import MessageDirection, TipOff, TipOffMessage
from tipoffs.selectors import tipoff_by_receipt_code
from tipoffs.uploads import sanitise_uploads

from .helpers import challenge_token, form_data, handler, jpeg_with_gps, real_name, submit

pytestmark = pytest.mark.django_db


def _submit(client, **overrides):
    return client.post("/tipoffs/report/", form_data(**overrides))


def test_anonymous_submission_shows_the_code_once_grouped_with_a_copy_button(client):
    response = _submit(client, files=[jpeg_with_gps()])
    html = response.content.decode()
    code = response.context["code"]
    assert len(code.split(" ")) == 5 and all(len(g) == 4 for g in code.split(" "))
    assert code in html and 'data-copy-target="receipt-code"' in html and "抄写" in html
    tipoff = TipOff.objects.get()
    assert tipoff.number in html and tipoff.is_anonymous and tipoff.user is None
    assert tipoff.attachments.count() == 1 and decrypt_json(tipoff.identity_ciphertext) == {}


def test_real_name_submission_validates_identity_and_keeps_input_on_error(client):
    response = _submit(client, anonymous="0", real_name="王五", id_number="110105194912310021", mobile="123")
    assert response.status_code == 200 and TipOff.objects.count() == 0
    html = response.content.decode()
    assert "王五" in html and "夜间非法销售醇基燃料。" in html  # nothing the reporter typed is lost
    response = _submit(client, anonymous="0", **real_name(name="王五"))
    assert "code" in response.context
    tipoff = TipOff.objects.get()
    assert not tipoff.is_anonymous and decrypt_json(tipoff.identity_ciphertext)["real_name"] == "王五"


def test_anonymous_reporter_may_leave_only_another_contact(client):
    response = _submit(client, other_contact="邮箱 reporter@example.cn", real_name="不应保存", mobile="13800138000")
    assert "code" in response.context
    tipoff = TipOff.objects.get()
    assert tipoff.is_anonymous and tipoff.user is None
    # The form's real-name fields are dropped for an anonymous report; only the other contact is kept.
    assert decrypt_json(tipoff.identity_ciphertext) == {"other_contact": "邮箱 reporter@example.cn"}


def test_real_name_added_later_keeps_the_contact_left_at_submission():
    tipoff, _code = submit(identity={"other_contact": "固话 0712-1234567"})
    services.tipoff_identity_add(tipoff=tipoff, identity={**real_name(), "other_contact": ""})
    tipoff.refresh_from_db()
    identity = decrypt_json(tipoff.identity_ciphertext)
    assert not tipoff.is_anonymous and identity["real_name"] == "张三"
    assert identity["other_contact"] == "固话 0712-1234567"


def test_tampered_claim_or_download_fields_get_a_message_not_a_server_error(client):
    _tipoff, code = submit()
    page = client.post("/tipoffs/follow/", {"code": code})
    claim = client.post(
        "/tipoffs/follow/", {"code": code, "action": "claim", "reward": "abc", "nonce": page.context["nonce"]}
    )
    assert claim.status_code == 200 and "没有找到可申领的奖励" in claim.context["claim_error"]
    download = client.post("/tipoffs/follow/", {"code": code, "action": "download", "attachment": "abc"})
    assert download.status_code == 404


def test_wrong_challenge_answer_honeypot_and_too_fast_are_refused_but_input_kept(client):
    response = _submit(client, answer="6")
    assert "验证题答案不正确" in response.content.decode() and "某加油点" in response.content.decode()
    assert _submit(client, website="http://spam.example").context.get("code") is None
    assert "太快" in _submit(client, challenge=challenge_token(age=0)).content.decode()
    assert TipOff.objects.count() == 0


def test_double_submit_of_the_same_form_records_one_report(client):
    token = challenge_token(nonce="same-form")
    first = _submit(client, challenge=token)
    second = _submit(client, challenge=token)
    assert "code" in first.context and "已经提交过" in second.content.decode()
    assert TipOff.objects.count() == 1


def test_disguised_exe_is_refused_and_nothing_saved(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    exe = SimpleUploadedFile("photo.jpg", b"MZ" + b"\x00" * 100, content_type="image/jpeg")
    response = _submit(client, files=[exe])
    html = response.content.decode()
    assert "内容不是可接受的类型" in html and "请重新选择附件" in html and "某加油点" in html
    assert TipOff.objects.count() == 0


def test_script_in_text_fields_renders_as_text(client):
    response = _submit(client, place_name="<script>alert(1)</script>")
    code = response.context["code"]
    page = client.post("/tipoffs/follow/", {"code": code}).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_anonymous_report_cannot_be_linked_to_the_account(client, django_user_model):
    user = django_user_model.objects.create_user(username="citizen", password="pw-123456!")
    client.force_login(user)
    response = _submit(client, link_account="on")
    assert "匿名举报不会关联账号" in response.content.decode() and TipOff.objects.count() == 0
    response = _submit(client, anonymous="0", link_account="on", **real_name())
    assert TipOff.objects.get().user == user
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        TipOff.objects.update(is_anonymous=True)


def test_follow_up_timeline_messages_reply_and_identity_later(client):
    tipoff, code = submit()
    staff = handler()
    services.tipoff_accept(tipoff=tipoff, actor=staff)
    services.tipoff_message_send(tipoff=tipoff, actor=staff, body="请问具体在哪个仓库？")
    page = client.post("/tipoffs/follow/", {"code": code.lower()})
    html = page.content.decode()
    assert page.status_code == 200 and "已受理" in html and "请问具体在哪个仓库？" in html
    assert staff.username not in html  # handlers are not named to the reporter
    from edu_platform.audit import audit_entries_for

    viewed = audit_entries_for(tipoff).get(action="tipoffs.report.reporter_viewed")
    assert viewed.actor is None and viewed.data == {}
    nonce = page.context["nonce"]
    reply = client.post(
        "/tipoffs/follow/",
        {"code": code, "action": "reply", "nonce": nonce, "body": "在东边 3 号仓库。", "files": [jpeg_with_gps()]},
    )
    assert "留言已发送" in reply.content.decode() and "在东边 3 号仓库。" in reply.content.decode()
    again = client.post(
        "/tipoffs/follow/", {"code": code, "action": "reply", "nonce": nonce, "body": "在东边 3 号仓库。"}
    )
    assert "已经提交过" in again.content.decode()
    message = TipOffMessage.objects.get(direction=MessageDirection.FROM_REPORTER)
    assert message.attachments.count() == 1
    identity = client.post(
        "/tipoffs/follow/", {"code": code, "action": "identity", "nonce": reply.context["nonce"], **real_name()}
    )
    assert "已补充您的信息" in identity.content.decode()
    tipoff.refresh_from_db()
    assert not tipoff.is_anonymous and decrypt_json(tipoff.identity_ciphertext)["id_number"] == "11010519491231002X"


def test_not_found_reveals_nothing_and_guessing_is_rate_limited(client, settings):
    settings.TIPOFFS_LOOKUP_LIMIT = 5
    malformed = client.post("/tipoffs/follow/", {"code": "abc"})
    wellformed = client.post("/tipoffs/follow/", {"code": "0123456789ABCDEFGHJK"})
    assert malformed.status_code == wellformed.status_code == 404
    assert "没有找到" in malformed.content.decode() and "没有找到" in wellformed.content.decode()
    _, code = submit()
    for _ in range(3):
        client.post("/tipoffs/follow/", {"code": "0123456789ABCDEFGHJK"})
    blocked = client.post("/tipoffs/follow/", {"code": code})
    assert blocked.status_code == 429  # even the right code waits once the limit is hit
    other_client = client.__class__(REMOTE_ADDR="198.51.100.9")
    assert other_client.post("/tipoffs/follow/", {"code": code}).status_code == 200


def test_submission_flood_is_rate_limited(client, settings):
    settings.TIPOFFS_SUBMIT_LIMIT = 3
    for _ in range(3):
        assert _submit(client).status_code == 200
    assert _submit(client).status_code == 429
    assert TipOff.objects.count() == 3


def test_closed_report_refuses_replies_with_a_reason():
    tipoff, _ = submit()
    staff = handler()
    services.tipoff_decline(tipoff=tipoff, actor=staff, reason="不属于安全生产领域")
    services.tipoff_close(tipoff=tipoff, actor=staff)
    with pytest.raises(TipOffError, match="已归档"):
        services.tipoff_reply(tipoff=tipoff, body="还有情况")
    assert tipoff_by_receipt_code("x") is None


def test_follow_up_page_query_budget(client, django_assert_max_num_queries):
    tipoff, code = submit(files=[jpeg_with_gps()])
    staff = handler()
    services.tipoff_accept(tipoff=tipoff, actor=staff)
    for n in range(5):
        services.tipoff_message_send(
            tipoff=tipoff, actor=staff, body=f"第 {n} 条", files=sanitise_uploads([jpeg_with_gps()])
        )
        services.tipoff_reply(tipoff=tipoff, body=f"回复 {n}")
    # Constant: no query per message or file. 13 are the page's own (+1 for rectification since
    # issue 10); the site navigation's listing URLs add 2 on a cold cache (0 once cached).
    with django_assert_max_num_queries(15):
        page = client.post("/tipoffs/follow/", {"code": code})
    assert page.status_code == 200 and page.content.decode().count("下载附件") == 5
