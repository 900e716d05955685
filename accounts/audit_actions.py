"""Labels of this app's audited actions (dotted names written by its services through
``edu_platform.audit.audit_log``); the audit log shows them in the admin's history views."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "accounts.enterprise.created": _("创建企业"),
    "accounts.enterprise.staff_added": _("添加企业员工"),
    "accounts.enterprise.updated": _("修改企业"),
    "accounts.profile.updated": _("修改个人资料"),
    "accounts.town.saved": _("保存乡镇"),
}
