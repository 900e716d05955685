"""Small pieces every certificate service shares."""

import datetime

from django.core.exceptions import PermissionDenied


def require_perm(actor, permission: str) -> None:
    """Refuse unless ``actor`` holds ``permission`` (a signal listener passes ``actor=None`` and is trusted)."""
    if actor is not None and not actor.has_perm(permission):
        raise PermissionDenied


def add_years(day: datetime.date, years: int) -> datetime.date:
    """``day`` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
