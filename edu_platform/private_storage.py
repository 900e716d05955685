"""Files no web server serves (tip-off attachments, ID photos): a folder beside MEDIA_ROOT, read only
through permission-checked views. nginx serves MEDIA_ROOT alone (deploy/nginx), so nothing here has a URL."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_root(setting: str, folder: str) -> Path:
    """``settings.<setting>`` if set, else ``<MEDIA_ROOT>-private/<folder>`` (outside MEDIA_ROOT)."""
    root = getattr(settings, setting, None)
    if root:
        return Path(root)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(media.name + "-private") / folder


class PrivateFolderStorage(FileSystemStorage):
    """A FileSystemStorage without a base URL whose location is read from settings on each use, so it
    follows the setting (and tests' overrides) instead of freezing it at import."""

    def __init__(self, *, setting: str, folder: str):
        self._setting, self._folder = setting, folder
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(private_root(self._setting, self._folder))

    @property
    def location(self):
        return str(private_root(self._setting, self._folder).resolve())

    def url(self, name):
        raise ValueError(f"files in the private {self._folder} folder have no public URL")
