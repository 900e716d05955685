"""Settings for 云梦应急宣教与考培平台.

One module; every value that differs between a laptop and production comes from the environment
(DESIGN §2). Production is chosen by the environment alone: ``DEBUG=0`` plus ``SECRET_KEY`` and
``ALLOWED_HOSTS`` turns on secure cookies, HSTS and the rest.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

# --- Secrets -------------------------------------------------------------------------------------
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("生产模式（DEBUG=0）必须设置环境变量 SECRET_KEY。")
    # A development key kept beside the code, so sessions survive a restart of `make run`.
    _dev_key_file = BASE_DIR / ".dev-secret-key"
    if not _dev_key_file.exists():
        _dev_key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = _dev_key_file.read_text().strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("生产模式（DEBUG=0）必须设置环境变量 ALLOWED_HOSTS（以逗号分隔）。")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Proxies in front of the application that append to X-Forwarded-For (nginx in production), so
# rate limits key on the real client address rather than one the client made up.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0" if DEBUG else "1"))

# Keys for encrypting reporters' identities at rest. Comma-separated; the first encrypts, all decrypt,
# so a key can be rotated by putting the new one first (tipoffs.crypto).
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")
if not FIELD_ENCRYPTION_KEY and not DEBUG:
    raise ImproperlyConfigured("生产模式（DEBUG=0）必须设置环境变量 FIELD_ENCRYPTION_KEY。")
# Key of the HMAC that stores receipt codes. Kept apart from SECRET_KEY so that rotating SECRET_KEY
# does not lock reporters out of their reports; falls back to SECRET_KEY when unset.
TIPOFFS_RECEIPT_SECRET = os.environ.get("TIPOFFS_RECEIPT_SECRET", "")

# --- Applications --------------------------------------------------------------------------------
INSTALLED_APPS = [
    # Our apps first, so their templates override the packages' ones.
    "edu_platform",
    "accounts",
    "campaigns",
    "exams",
    "courses",
    "bookings",
    "tipoffs",
    "certificates",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Authentication
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Background work (Django's task API, backported)
    "django_tasks",
    "django_tasks_db",
    # Django
    "whitenoise.runserver_nostatic",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security: cached pages and error pages get the policy too.
    "edu_platform.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "edu_platform.middleware.ChosenLanguageMiddleware",
    # Serves cached public pages to anonymous visitors before any database work (campaigns).
    "campaigns.middleware.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: signed-in visitors get the shared page body with their own header (campaigns).
    "campaigns.middleware.PersonalisedPageCacheMiddleware",
]

ROOT_URLCONF = "edu_platform.urls"
WSGI_APPLICATION = "edu_platform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "edu_platform.context_processors.site",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN, so
    # two transactions never deadlock upgrading a read lock, and the timeout makes a writer wait
    # instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache and sessions --------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, reusing one Redis client per pool (edu_platform/cache_backends.py).
            "BACKEND": "edu_platform.cache_backends.RedisCache",
            "LOCATION": REDIS_URL,
            # Two sites sharing one Redis database must not read each other's entries.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "yunmeng"),
        }
    }
    # Sessions are read from Redis and kept in the database too, so a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "yunmeng",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Background tasks ----------------------------------------------------------------------------
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND)}}

# --- E-mail and SMS ------------------------------------------------------------------------------
_email = dj_email_url.parse(os.environ.get("EMAIL_URL", "console://"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "云梦县应急管理局 <noreply@yunmeng.example.gov.cn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Dotted path of the SMS backend (accounts.sms): verification codes, invitations, tip-off notices.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "accounts.sms.ConsoleSMSBackend")
if not DEBUG and SMS_BACKEND in {"accounts.sms.ConsoleSMSBackend", "accounts.sms.LocmemSMSBackend"}:
    # Those backends would put verification codes and citizens' numbers in the server log (or nowhere).
    raise ImproperlyConfigured(
        f"生产模式（DEBUG=0）不能使用开发用的短信后端 {SMS_BACKEND}：请把环境变量 SMS_BACKEND 设为短信网关的后端类；"
        "暂不发送短信的，请明确设为 accounts.sms.DisabledSMSBackend。"
    )
# Development only: the console backend may show the text (and so a verification code) on the console.
SMS_CONSOLE_SHOW_TEXT = DEBUG and env_bool("SMS_CONSOLE_SHOW_TEXT", True)

# --- Authentication ------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
# Phone first: most citizens and workers here have a mobile number and no e-mail address. The number
# is verified by an SMS code in production; an e-mail is optional (verified when given, if asked).
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "optional")
# allauth allows mandatory e-mail verification only when every sign-up gives an e-mail.
_email_field = "email*" if ACCOUNT_EMAIL_VERIFICATION == "mandatory" else "email"
ACCOUNT_SIGNUP_FIELDS = ["phone*", _email_field, "password1*", "password2*"]
ACCOUNT_PHONE_VERIFICATION_ENABLED = env_bool("ACCOUNT_PHONE_VERIFICATION_ENABLED", not DEBUG)
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Sized for an exam room or a company behind one NAT address: 300 candidates logging in within a
# minute must all get in (allauth's default is 30/m/ip), while an account still locks after five
# wrong passwords in five minutes, and a wide per-address cap on failures stops password spraying.
# Every refusal is a Chinese page (accounts/templates/429.html), never a server error.
ACCOUNT_RATE_LIMITS = {
    "login": "600/m/ip",
    "login_failed": "120/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    # One SMS code per number every 30 s (allauth's default); an exam room verifies many numbers.
    "verify_phone": "1/30s/key,20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "云梦应急宣教与考培平台"
# Groups whose members must use a second factor before reaching the admin (DESIGN §6).
MFA_REQUIRED_GROUPS = ["举报受理员", "奖励审批人"]

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Tip-off attachments: a folder no web server serves; files leave it only through permission checks.
# Unset, tipoffs uses "<MEDIA_ROOT>-private/tipoffs".
if os.environ.get("TIPOFFS_PRIVATE_ROOT"):
    TIPOFFS_PRIVATE_ROOT = Path(os.environ["TIPOFFS_PRIVATE_ROOT"])
# Candidates' ID photos (证件照): likewise private; unset, accounts uses "<MEDIA_ROOT>-private/accounts".
if os.environ.get("ACCOUNTS_PRIVATE_ROOT"):
    ACCOUNTS_PRIVATE_ROOT = Path(os.environ["ACCOUNTS_PRIVATE_ROOT"])
# backup_create writes here (the nightly timer in deploy/systemd) and keeps the newest BACKUP_KEEP.
BACKUP_ROOT = Path(os.environ.get("BACKUP_ROOT", BASE_DIR / "backups"))
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "14"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Wagtail -------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "云梦应急宣教与考培平台"
# Staff sign in through allauth, so the second factor is asked at the door of the admin too.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False
# 三审: a page goes live by its 终审 approval, although no reviewer holds the publish permission.
WAGTAIL_FINISH_WORKFLOW_ACTION = "campaigns.workflow_finish.publish_approved"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "zip", "mp4", "txt"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No avatars from gravatar.com: the admin must work on an intranet without outside hosts.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor a version check: the dashboard would fetch releases.wagtail.org from every superuser's browser.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Anonymous page views are cached for this many seconds (campaigns).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

# --- Password hashing ----------------------------------------------------------------------------
# Argon2id first (OWASP parameters, justified in edu_platform.hashers); the others only verify old
# hashes, which Django re-hashes with Argon2id at the next successful login.
PASSWORD_HASHERS = [
    "edu_platform.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# --- Security ------------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    # TLS ends at nginx, which says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Every cookie we set carries Secure: the language switch and 大字版 set theirs with this too.
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy (django-csp): no inline script, no inline style, nothing from other hosts.
# Enforced on every public page; on the Wagtail admin (``CSP_REPORT_ONLY_PREFIXES``) the same policy
# is sent report-only, because Wagtail 8's own admin templates still carry inline <script> blocks
# (inline panels, date widgets) and style="" attributes that an enforced policy would break.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
CSP_REPORT_ONLY_PREFIXES = ("/admin/",)
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# --- Logging -------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # The development server's access log would write reporters' IP addresses (DESIGN §6).
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        "django.request": {"level": "ERROR"},
        "jieba": {"level": "WARNING"},
        # One line per task run is noise in a development console; failures still show.
        "django_tasks": {"level": "WARNING"},
    },
}
