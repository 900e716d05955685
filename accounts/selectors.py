"""Reads that account pages share."""

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Enterprise, StaffInvitation, User

ENTERPRISE_ADMIN_GROUP = "企业安全管理员"


def user_is_enterprise_admin(user: User, enterprise: Enterprise | None = None) -> bool:
    """A member of 企业安全管理员 acts for the enterprise their own profile names."""
    if not user.is_authenticated or user.enterprise_id is None:
        return False
    if enterprise is not None and user.enterprise_id != enterprise.pk:
        return False
    return user.groups.filter(name=ENTERPRISE_ADMIN_GROUP).exists()


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


def staff_invitation_valid_days() -> int:
    return getattr(settings, "ACCOUNTS_STAFF_INVITATION_DAYS", 30)


def staff_invitation_cutoff() -> datetime.datetime:
    """Pending invitations created before this moment have lapsed (expired)."""
    return timezone.now() - datetime.timedelta(days=staff_invitation_valid_days())


def staff_invitation_is_addressed_to(invitation: StaffInvitation, user: User) -> bool:
    """The invitation names this person: their verified mobile, or their ID number together with their name.

    An unverified number proves nothing (anyone can type one into a profile), so it never matches.
    """
    if user.phone and user.phone_verified and invitation.phone == user.phone:
        return True
    return bool(
        user.id_number
        and invitation.id_number == user.id_number
        and user.real_name
        and invitation.real_name == user.real_name
    )


def staff_invitations_for_user(user: User) -> QuerySet[StaffInvitation]:
    """Pending, unexpired invitations addressed to ``user`` (see ``staff_invitation_is_addressed_to``)."""
    addressed = Q(pk__in=[])
    if user.phone and user.phone_verified:
        addressed |= Q(phone=user.phone)
    if user.id_number and user.real_name:
        addressed |= Q(id_number=user.id_number, real_name=user.real_name)
    return (
        StaffInvitation.objects.filter(addressed, status=StaffInvitation.Status.PENDING)
        .filter(created_at__gte=staff_invitation_cutoff())
        .select_related("enterprise", "enterprise__town")
        .order_by("-created_at", "-pk")
    )


def enterprise_staff_invitations(enterprise: Enterprise) -> QuerySet[StaffInvitation]:
    """The enterprise's pending, unexpired invitations, newest first."""
    return StaffInvitation.objects.filter(
        enterprise=enterprise, status=StaffInvitation.Status.PENDING, created_at__gte=staff_invitation_cutoff()
    ).order_by("-created_at", "-pk")
