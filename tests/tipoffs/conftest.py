import pytest


@pytest.fixture(autouse=True)
def _private_attachments(settings, tmp_path):
    """Attachments of each test go to its own temporary folder."""
    settings.TIPOFFS_PRIVATE_ROOT = tmp_path / "tipoffs-private"
