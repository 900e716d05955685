"""Reads that account pages share."""

from django.db.models import QuerySet

from .models import Enterprise, User


def enterprise_staff(enterprise: Enterprise) -> QuerySet[User]:
    """The people whose profile names ``enterprise`` as employer, by name."""
    return User.objects.filter(enterprise=enterprise, is_active=True).order_by("real_name", "username")


def enterprise_find(query: str) -> list[Enterprise]:
    """Enterprises matching a 统一社会信用代码 exactly, else by exact name."""
    query = (query or "").strip()
    if not query:
        return []
    by_code = list(Enterprise.objects.filter(credit_code=query.upper().replace(" ", ""))[:2])
    if by_code:
        return by_code
    return list(Enterprise.objects.filter(name=query)[:2])


def enterprise_names(limit: int = 500) -> list[str]:
    """Names offered as suggestions in the employer field (the county has a few hundred registered)."""
    return list(Enterprise.objects.order_by("name").values_list("name", flat=True)[:limit])


def user_has_totp(user: User) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
