"""Every change a person or staff member makes to accounts and enterprises goes through here."""

from ..errors import AccountError
from ..selectors import ENTERPRISE_ADMIN_GROUP, user_is_enterprise_admin
from .enterprises import enterprise_create, enterprise_update, town_save
from .id_photo import ID_PHOTO_GUIDANCE, user_id_photo_remove, user_id_photo_set
from .invitations import (
    staff_invitation_accept,
    staff_invitation_create,
    staff_invitation_decline,
    staff_invitation_revoke,
)
from .profile import user_profile_update

__all__ = [
    "ENTERPRISE_ADMIN_GROUP",
    "ID_PHOTO_GUIDANCE",
    "AccountError",
    "enterprise_create",
    "enterprise_update",
    "staff_invitation_accept",
    "staff_invitation_create",
    "staff_invitation_decline",
    "staff_invitation_revoke",
    "town_save",
    "user_id_photo_remove",
    "user_id_photo_set",
    "user_is_enterprise_admin",
    "user_profile_update",
]
