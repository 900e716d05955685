"""注销: revoke a certificate with a reason."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log

from ..errors import CertificateError
from ..models import Certificate
from .common import require_perm


@transaction.atomic
def certificate_revoke(*, certificate_id: int, reason: str, actor, now=None) -> Certificate:
    """Revoke (注销) a certificate now; the reason is kept and shown in its history."""
    require_perm(actor, "certificates.revoke_certificate")
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("请填写注销原因。"), field="reason")
    if len(reason) > 200:
        raise CertificateError(_("注销原因最多 200 字，当前 %(n)d 字。") % {"n": len(reason)}, field="reason")
    certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
    if certificate.revoked_at is not None:
        raise CertificateError(
            _("证书 %(number)s 已于 %(when)s 注销。")
            % {"number": certificate.number, "when": f"{timezone.localtime(certificate.revoked_at):%Y-%m-%d}"}
        )
    certificate.revoked_at = now or timezone.now()
    certificate.revoked_reason = reason
    certificate.revoked_by = actor
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    audit_log("certificates.certificate.revoked", target=certificate, actor=actor, data={"reason": reason})
    return certificate
