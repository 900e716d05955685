"""Private storage for ID photos: a folder no web server serves, read only through permission-checked views."""

from pathlib import Path

from edu_platform.private_storage import PrivateFolderStorage
from edu_platform.private_storage import private_root as _private_root


def private_root() -> Path:
    return _private_root("ACCOUNTS_PRIVATE_ROOT", "accounts")


def id_photo_storage() -> PrivateFolderStorage:
    """The ID-photo field's storage (a callable, so migrations name it and not a path)."""
    return PrivateFolderStorage(setting="ACCOUNTS_PRIVATE_ROOT", folder="accounts")
