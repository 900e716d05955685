"""Labels of this app's audited actions (dotted names written by its services through
``edu_platform.audit.audit_log``); the audit log shows them in the admin's history views."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "tipoffs.attachment.downloaded": _("下载举报附件"),
    "tipoffs.attachment.reporter_downloaded": _("举报人下载附件"),
    "tipoffs.extension.approved": _("批准延期"),
    "tipoffs.extension.requested": _("申请延期"),
    "tipoffs.handling_rule.created": _("新增办理期限标准"),
    "tipoffs.identity.added": _("补充实名信息"),
    "tipoffs.ledger.exported": _("导出奖励台账"),
    "tipoffs.message.from_reporter": _("举报人留言"),
    "tipoffs.message.to_reporter": _("回复举报人"),
    "tipoffs.rectification.ordered": _("下达整改要求"),
    "tipoffs.rectification.reviewed": _("登记整改复查"),
    "tipoffs.report.accepted": _("受理举报"),
    "tipoffs.report.assigned": _("分派举报"),
    "tipoffs.report.closed": _("归档举报"),
    "tipoffs.report.concluded": _("办结举报"),
    "tipoffs.report.declined": _("不予受理"),
    "tipoffs.report.entered": _("录入电话/来信/来访举报"),
    "tipoffs.report.linked": _("关联重复举报"),
    "tipoffs.report.reporter_viewed": _("举报人查询进度"),
    "tipoffs.report.submitted": _("提交举报"),
    "tipoffs.report.verifying": _("开始核查"),
    "tipoffs.report.viewed": _("查看举报"),
    "tipoffs.reward.approved": _("批准奖励"),
    "tipoffs.reward.claim_requested": _("申领奖励"),
    "tipoffs.reward.claimed": _("登记申领"),
    "tipoffs.reward.expired": _("奖励申领逾期"),
    "tipoffs.reward.paid": _("登记发放"),
    "tipoffs.reward.proposed": _("提出奖励"),
    "tipoffs.reward.rejected": _("驳回奖励"),
    "tipoffs.reward.reopen_refused": _("拒绝重新开放奖励"),
    "tipoffs.reward.reopened": _("重新开放奖励申领"),
    "tipoffs.reward_rule.created": _("新增奖励标准"),
}
