"""Labels of this app's audited actions (dotted names written through
``edu_platform.audit.audit_log``); the audit log shows them in the admin's history views."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "campaigns.review.refused": _("三审操作被拒绝"),
    "campaigns.page.publish_refused": _("绕过三审直接发布被拒绝"),
}
