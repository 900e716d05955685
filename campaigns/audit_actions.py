"""Labels of this app's audited actions (dotted names written by its services through
``edu_platform.audit.audit_log``); the audit log shows them in the admin's history views."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
}
