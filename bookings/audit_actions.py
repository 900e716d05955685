"""Labels of this app's audited actions (dotted names written by its services through
``edu_platform.audit.audit_log``); the audit log shows them in the admin's history views."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "bookings.booking.checked_in": _("考生签到"),
    "bookings.centre.created": _("新建考点"),
    "bookings.centre.deleted": _("删除考点"),
    "bookings.centre.updated": _("保存考点"),
    "bookings.results.imported": _("导入考试成绩"),
    "bookings.room.created": _("新建考场"),
    "bookings.room.deleted": _("删除考场"),
    "bookings.room.updated": _("保存考场"),
    "bookings.session.absentees_marked": _("标记缺考"),
    "bookings.session.cancelled": _("取消场次"),
    "bookings.session.closed": _("截止预约"),
    "bookings.session.created": _("创建场次"),
}
