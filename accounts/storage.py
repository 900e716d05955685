"""Private storage for ID photos: a folder no web server serves, read only through permission-checked views."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def private_root() -> Path:
    root = getattr(settings, "ACCOUNTS_PRIVATE_ROOT", None)
    if root:
        return Path(root)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(media.name + "-private") / "accounts"


@deconstructible
class AccountsPrivateStorage(FileSystemStorage):
    """Like tipoffs' PrivateStorage: no base URL, location read from settings on each use (follows tests)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(private_root())

    @property
    def location(self):
        return str(private_root().resolve())

    def url(self, name):
        raise ValueError("ID photos have no public URL")


def id_photo_storage() -> FileSystemStorage:
    return AccountsPrivateStorage()
