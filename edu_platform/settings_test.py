"""Test settings: the real settings, made fast and self-contained (bakerydemo's ``settings/test.py``)."""

from .settings import *  # noqa: F403
from .settings import BASE_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "accounts.sms.LocmemSMSBackend"
FIELD_ENCRYPTION_KEY = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC0="
MEDIA_ROOT = BASE_DIR / ".test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests compute a TOTP code and post it a moment later; when the two straddle a 30-second step the
# code of the step before must still count (allauth's default tolerance, 0, refused it at random).
MFA_TOTP_TOLERANCE = 1
