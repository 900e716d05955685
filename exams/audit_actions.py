"""Labels of this app's audited actions (dotted names written by its services through
``edu_platform.audit.audit_log``); the audit log shows them in the admin's history views."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "exams.bank.created": _("创建题库"),
    "exams.bank.imported": _("导入题库"),
    "exams.blueprint.changed": _("修改组卷规则"),
    "exams.blueprint.created": _("创建组卷规则"),
    "exams.import.confirmed": _("确认导入试题"),
    "exams.import.uploaded": _("上传试题文件"),
    "exams.question.activated": _("启用/停用试题"),
    "exams.question.retired": _("停用试题"),
    "exams.rule.changed": _("修改未生效的考试规则"),
    "exams.rule.created": _("新增考试规则"),
    "exams.rule.deleted": _("删除未生效的考试规则"),
}
