"""Labels of this app's audited actions (dotted names written by its services through
``edu_platform.audit.audit_log``); the audit log shows them in the admin's history views."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "certificates.certificate.issued": _("颁发证书"),
    "certificates.certificate.renewed": _("复审换证"),
    "certificates.certificate.revoked": _("注销证书"),
    "certificates.certificate.imported": _("导入证书台账"),
    "certificates.review.recorded": _("登记复审"),
    "certificates.rule.created": _("新增发证规则"),
    "certificates.rule.updated": _("修改发证规则"),
    "certificates.rule.deleted": _("删除未生效的发证规则"),
    "certificates.reminder.sent": _("发送到期提醒"),
}
