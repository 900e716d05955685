"""Writes a reporter causes (or staff on a reporter's behalf): submit, reply, add identity."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.validators import normalize_id_number, normalize_mobile, validate_id_number, validate_mobile
from edu_platform.audit import audit_log

from ..access import can_open
from ..crypto import ALPHABET, decrypt_json, encrypt_json, receipt_code_new, receipt_hash
from ..errors import TipOffError
from ..models import MessageDirection, Source, Status, TipOff, TipOffAttachment, TipOffEvent, TipOffMessage
from ..uploads import CleanFile


def identity_clean(identity: dict | None) -> dict:
    """Validate a reporter's identity; returns {} for none. Real name needs name, ID number and mobile;
    an other contact alone keeps the report anonymous."""
    identity = {k: (v or "").strip() for k, v in (identity or {}).items() if k in IDENTITY_FIELDS}
    if not any(identity.values()):
        return {}
    if not (identity.get("real_name") or identity.get("id_number") or identity.get("mobile")):
        # An anonymous reporter may leave another way to reach them, and nothing else.
        return {"other_contact": identity["other_contact"][:200]}
    if not (identity.get("real_name") and identity.get("id_number") and identity.get("mobile")):
        raise TipOffError(_("实名举报请完整填写姓名、身份证号码和手机号码；不想实名可以选择匿名举报。"))
    try:
        identity["id_number"] = normalize_id_number(identity["id_number"])
        validate_id_number(identity["id_number"])
        identity["mobile"] = normalize_mobile(identity["mobile"])
        validate_mobile(identity["mobile"])
    except ValidationError as exc:
        raise TipOffError(" ".join(exc.messages)) from None
    return identity


IDENTITY_FIELDS = ("real_name", "id_number", "mobile", "other_contact")


def _new_number(created_at) -> str:
    while True:
        number = f"JB{created_at:%Y%m}-{''.join(secrets.choice(ALPHABET) for _ in range(6))}"
        if not TipOff.objects.filter(number=number).exists():
            return number


def _attach(tipoff: TipOff, files: list[CleanFile], message: TipOffMessage | None = None) -> None:
    for clean in files:
        attachment = TipOffAttachment(
            tipoff=tipoff,
            message=message,
            display_name=clean.display_name,
            content_type=clean.content_type,
            size=clean.size,
            sha256=clean.sha256,
        )
        attachment.file.save(
            f"{secrets.token_hex(16)}.{clean.display_name.rsplit('.', 1)[-1]}", clean.content, save=False
        )
        attachment.save()


@transaction.atomic
def tipoff_submit(
    *,
    category: str,
    town,
    place_name: str,
    description: str,
    address: str = "",
    observed_when: str = "",
    identity: dict | None = None,
    files: list[CleanFile] | None = None,
    user=None,
    source: str = Source.ONLINE,
    entered_by=None,
    sector: str = "",
) -> tuple[TipOff, str]:
    """Record a report and return it with its receipt code (shown once; only its hash is kept).

    ``user`` links the report to the reporter's account and is refused for an anonymous report.
    ``entered_by`` is the staff member typing in a 12350 call, a letter or a visit.
    ``sector`` is the 行业领域 (accounts' industries); blank when the reporter does not know.
    """
    identity = identity_clean(identity)
    is_anonymous = not identity.get("real_name")
    if user is not None and is_anonymous:
        raise TipOffError(_("匿名举报不会关联到账号；如需关联账号，请选择实名举报。"))
    if source != Source.ONLINE and entered_by is None:
        raise TipOffError(_("电话、来信、来访举报须由工作人员录入。"))
    code = receipt_code_new()
    tipoff = TipOff(
        receipt_hash=receipt_hash(code),
        category=category,
        sector=sector or "",
        town=town,
        place_name=place_name.strip(),
        address=address.strip(),
        description=description.strip(),
        observed_when=observed_when.strip(),
        is_anonymous=is_anonymous,
        identity_ciphertext=encrypt_json(identity) if identity else b"",
        user=user,
        source=source,
        entered_by=entered_by,
    )
    tipoff.number = _new_number(tipoff.created_at)
    tipoff.full_clean(exclude=["identity_ciphertext", "receipt_hash"])
    tipoff.save()
    _attach(tipoff, files or [])
    TipOffEvent.objects.create(tipoff=tipoff, status=Status.SUBMITTED, public_note=_("举报已收到，等待受理。"))
    audit_log(
        "tipoffs.report.entered" if entered_by else "tipoffs.report.submitted",
        target=tipoff,
        actor=entered_by,
        data={"source": source, "attachments": len(files or []), "anonymous": is_anonymous},
    )
    return tipoff, code


@transaction.atomic
def tipoff_reply(*, tipoff: TipOff, body: str, files: list[CleanFile] | None = None) -> TipOffMessage:
    """A reporter's message (by receipt code), with optional files."""
    body = (body or "").strip()
    if not body and not files:
        raise TipOffError(_("请填写留言内容或添加附件。"))
    tipoff = TipOff.objects.select_for_update().get(pk=tipoff.pk)
    if tipoff.status == Status.CLOSED:
        raise TipOffError(_("该举报已归档，不能再留言；如有新情况请重新举报。"))
    message = TipOffMessage.objects.create(tipoff=tipoff, direction=MessageDirection.FROM_REPORTER, body=body)
    _attach(tipoff, files or [], message)
    audit_log("tipoffs.message.from_reporter", target=tipoff, data={"attachments": len(files or [])})
    return message


@transaction.atomic
def tipoff_identity_add(*, tipoff: TipOff, identity: dict) -> TipOff:
    """An anonymous reporter gives a real name or contact later; a given real name cannot be replaced."""
    tipoff = TipOff.objects.select_for_update().get(pk=tipoff.pk)
    current = decrypt_json(tipoff.identity_ciphertext)
    other = (identity.get("other_contact") or "").strip()
    if identity.get("real_name") or identity.get("id_number") or identity.get("mobile"):
        if current.get("real_name"):
            raise TipOffError(_("该举报已是实名举报，身份信息不能更改；如需更正请留言说明。"))
        # A blank "other contact" in this form must not erase the one given earlier.
        current.update({k: v for k, v in identity_clean(identity).items() if v})
        tipoff.is_anonymous = False
    elif other:
        current["other_contact"] = other[:200]
    else:
        raise TipOffError(_("请填写实名信息或其他联系方式。"))
    tipoff.identity_ciphertext = encrypt_json(current)
    tipoff.save(update_fields=["identity_ciphertext", "is_anonymous"])
    audit_log("tipoffs.identity.added", target=tipoff, data={"real_name": not tipoff.is_anonymous})
    return tipoff


@transaction.atomic
def tipoff_reporter_viewed(*, tipoff: TipOff) -> None:
    """Audit the reporter opening the follow-up page (no actor, no address: only that it happened)."""
    audit_log("tipoffs.report.reporter_viewed", target=tipoff)


@transaction.atomic
def tipoff_attachment_downloaded(*, tipoff: TipOff, attachment: TipOffAttachment, actor=None) -> None:
    """Audit a download: by staff who may open the report (``actor``), or by the reporter (no actor)."""
    if actor is None:
        audit_log("tipoffs.attachment.reporter_downloaded", target=tipoff, data={"attachment": attachment.pk})
        return
    if not can_open(actor, tipoff):
        raise TipOffError(_("该举报已分派给其他承办人，您无权查看。"))
    audit_log("tipoffs.attachment.downloaded", target=tipoff, actor=actor, data={"attachment": attachment.pk})
