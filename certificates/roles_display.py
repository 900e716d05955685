"""The 三类人员 role of a staff member (安全生产分管负责人 / 专职安全管理人员 / 班组长), as accounts records it."""


def staff_role_label(user) -> str:
    """The label of the user's 三类人员 role, or "—" when they hold none."""
    return str(user.get_safety_role_display()) if user.safety_role else "—"
