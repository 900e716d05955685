"""What the exam admins (考务管理员) may do with bookings. 培训管理员 gets nothing here (考培分离)."""

_MODELS = ["examcentre", "room", "examsession", "booking", "waitlistentry", "bookingnotice"]

ROLE_PERMISSIONS = {
    "考务管理员": [
        f"bookings.{verb}_{model}"
        for model in _MODELS
        for verb in ("add", "change", "view", "delete")
        if not (verb == "delete" and model in {"booking", "bookingnotice"})
    ],
}
