"""Labels of this app's audited actions (dotted names written by its services through
``edu_platform.audit.audit_log``); the audit log shows them in the admin's history views."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "courses.certificate.issued": _("颁发结业证书"),
    "courses.enrolment.bulk_created": _("批量报名课程"),
    "courses.enrolment.completed": _("完成课程"),
    "courses.enrolment.created": _("报名课程"),
    "courses.hours_rule.created": _("新增培训学时标准"),
    "courses.hours_rule.updated": _("修改未生效的培训学时标准"),
    "courses.hours_rule.deleted": _("删除未生效的培训学时标准"),
}
