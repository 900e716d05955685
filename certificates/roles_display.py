"""The 三类人员 role of a staff member (安全生产分管负责人 / 专职安全管理人员 / 班组长), as accounts records it."""


def staff_role_label(user) -> str:
    """The label of the user's 三类人员 role, or "—" when none is recorded (or accounts has no such field yet)."""
    for name in ("three_roles_role", "safety_role", "work_role", "staff_role"):
        display = getattr(user, f"get_{name}_display", None)
        if display is not None and getattr(user, name, ""):
            return str(display())
    return "—"
