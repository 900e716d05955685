"""Labels of this app's audited actions (dotted names written by its services through
``edu_platform.audit.audit_log``); the audit log shows them in the admin's history views."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "accounts.enterprise.created": _("创建企业"),
    # Written before staff were added by invitation; kept so old entries keep their label.
    "accounts.enterprise.staff_added": _("添加企业员工"),
    "accounts.enterprise.updated": _("修改企业"),
    "accounts.id_photo.updated": _("更新证件照"),
    "accounts.profile.updated": _("修改个人资料"),
    "accounts.staff_invitation.accepted": _("接受员工邀请"),
    "accounts.staff_invitation.created": _("发出员工邀请"),
    "accounts.staff_invitation.declined": _("拒绝员工邀请"),
    "accounts.staff_invitation.expired": _("员工邀请过期"),
    "accounts.staff_invitation.revoked": _("撤回员工邀请"),
    "accounts.town.saved": _("保存乡镇"),
}
