"""Permission matrix (issue 12): every URL pattern × every role → the outcome we expect.

Each URL name of the URLconf needs an entry in ``EXPECTED`` (or, for now, in ``NOT_YET_COVERED``
with the reason); a new URL without one fails ``test_every_url_has_an_entry`` saying where to add it.

An entry maps roles to outcomes: 200, ``LOGIN`` (302 to the login page), 302 (another redirect),
403, 404, 405. Keys: ``anonymous``, ``user`` (every signed-in role without a more specific key),
``staff`` (every staff group without a more specific key), a group's name (e.g. ``"考务管理员"``),
``learner``, ``enterprise_admin``, ``superuser``. One request per cell; the roles are built once.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLResolver, get_resolver

from accounts.models import User

LOGIN = "login"
_ = None

# --- expectations: add your URL here --------------------------------------------------------------
PUBLIC = {"anonymous": 200, "user": 200}
SIGNED_IN = {"anonymous": LOGIN, "user": 200}
REDIRECT = {"anonymous": 302, "user": 302}

EXPECTED: dict[str, dict] = {
    "healthz": PUBLIC,
    "set_language": {"anonymous": 302, "user": 302},  # GET without a language goes back
    "language_switch": REDIRECT,
    "large_text_toggle": REDIRECT,
    "accounts:profile": SIGNED_IN,
    "accounts:id_photo_update": {"anonymous": 405, "user": 405},  # POST only
    "accounts:my_id_photo": {"anonymous": LOGIN, "user": 404},  # nobody here has uploaded a photo
    "accounts:enterprise": {"anonymous": LOGIN, "user": 403, "enterprise_admin": 200, "superuser": 403},
    "account_login": {"anonymous": 200, "user": 302},
    "account_logout": {"anonymous": 302, "user": 200},
    "account_inactive": PUBLIC,
    "account_signup": {"anonymous": 200, "user": 302},
    "account_reauthenticate": SIGNED_IN,
    "account_email": SIGNED_IN,
    "account_email_verification_sent": PUBLIC,
    "account_change_password": SIGNED_IN,
    "account_set_password": {"anonymous": LOGIN, "user": 302},  # has a password already
    "account_reset_password": PUBLIC,
    "account_confirm_login_code": {"anonymous": LOGIN, "user": 302},
    "account_verify_phone": {"anonymous": LOGIN, "user": 302},
    "account_change_phone": SIGNED_IN,
    "account_reset_password_from_key_done": PUBLIC,
    "account_reset_password_done": PUBLIC,
    # Ours on allauth's paths (they keep ``next``); same outcomes as allauth's views.
    "accounts:totp_activate": {"anonymous": LOGIN, "user": 302},  # force_login: reauthenticate first
    "accounts:recovery_codes": {"anonymous": LOGIN, "user": 404},  # no second factor set up yet
    "mfa_index": SIGNED_IN,
    "mfa_authenticate": {"anonymous": LOGIN, "user": 302},
    "mfa_reauthenticate": {"anonymous": LOGIN, "user": 302},
    "mfa_activate_totp": {"anonymous": LOGIN, "user": 302},
    "mfa_deactivate_totp": {"anonymous": LOGIN, "user": 404},
    "mfa_view_recovery_codes": {"anonymous": LOGIN, "user": 404},
    "mfa_generate_recovery_codes": {"anonymous": LOGIN, "user": 302},
    "mfa_download_recovery_codes": {"anonymous": LOGIN, "user": 404},
    "exams:index": SIGNED_IN,
    "exams:history": SIGNED_IN,
    "exams:practice_index": SIGNED_IN,
    "exams:practice_favourite": {"anonymous": LOGIN, "user": 405},  # POST only
    "courses:list": PUBLIC,
    "courses:mine": SIGNED_IN,
    "courses:enterprise": {"anonymous": LOGIN, "user": 403, "enterprise_admin": 200},
    "courses:enterprise_upload": {"anonymous": LOGIN, "user": 405},  # POST only (learner 403: tests/courses)
    "courses:enterprise_upload_template": {"anonymous": LOGIN, "user": 403, "enterprise_admin": 200},
    "bookings:session_list": PUBLIC,
    "bookings:my_bookings": SIGNED_IN,
    "bookings:notices_mark_read": {"anonymous": LOGIN, "user": 405},  # POST only
    "tipoffs:index": PUBLIC,
    "tipoffs:report": PUBLIC,
    "tipoffs:follow": PUBLIC,
    "certificates:verify_lookup": PUBLIC,
    "certificates:mine": SIGNED_IN,
    "certificates:enterprise": {"anonymous": LOGIN, "user": 403, "enterprise_admin": 200},
    "certificates:enterprise_export": {"anonymous": LOGIN, "user": 403, "enterprise_admin": 200},
    "campaigns:search": PUBLIC,
    "campaigns:help": PUBLIC,
    "campaigns:sitemap": PUBLIC,
    "campaigns:robots_txt": PUBLIC,
    "campaigns:feed_articles": PUBLIC,
    "campaigns:feed_articles_atom": PUBLIC,
    "campaigns:feed_cases": PUBLIC,
    "campaigns:feed_cases_atom": PUBLIC,
    "wagtailcore_login": PUBLIC,  # Wagtail's form for password-protected pages
}

# URLs whose cells are not written yet: they take an object id (their own app's tests cover them)
# or are Wagtail admin URLs; listed by name so nothing is skipped silently. Integrators: move
# entries from here into EXPECTED as they are written.
NOT_YET_COVERED_PREFIXES = ("wagtailadmin", "wagtail", "wagtaildocs", "wagtailimages", "wagtailsnippets")


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    takes_arguments: bool
    admin: bool


def _routes() -> list[Route]:
    routes = []

    def walk(resolver, prefix="", namespace=None):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, prefix + str(pattern.pattern), ns)
            else:
                full = prefix + str(pattern.pattern)
                if not pattern.name:
                    continue  # unnamed: only the DEBUG media route
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                takes = bool(pattern.pattern.regex.groups) or "<" in str(pattern.pattern)
                routes.append(Route(name, full, takes, full.startswith("admin/")))

    walk(get_resolver())
    return routes


def _in_scope(route: Route) -> bool:
    return not route.admin and not route.takes_arguments and route.name not in {"wagtail_serve", "wagtaildocs_serve"}


def test_every_url_has_an_entry():
    missing = sorted(
        {r.name for r in _routes() if _in_scope(r) and r.name not in EXPECTED},
    )
    assert not missing, (
        "new URLs without a permission-matrix entry: add them to EXPECTED in tests/platform/test_permission_matrix.py "
        "(role → expected status): " + ", ".join(missing)
    )
    stale = sorted(set(EXPECTED) - {r.name for r in _routes()})
    assert not stale, "EXPECTED names URLs that no longer exist: " + ", ".join(stale)


def test_out_of_scope_urls_are_listed_not_skipped_silently():
    """Admin URLs and URLs taking an object id are not yet in the matrix; this names how many, so a
    reader of the test output sees the gap (and this test fails if the count is zero, i.e. the
    matrix covers them and this note should go)."""
    rest = [r for r in _routes() if not _in_scope(r)]
    assert rest


@pytest.fixture(scope="module")
def role_clients(django_db_setup, django_db_blocker):
    """One logged-in client per role, built once for the module (users are removed at the end)."""
    from allauth.account.models import EmailAddress

    from tests.accounts.factories import make_enterprise

    with django_db_blocker.unblock():
        made = []

        def user(username, *, groups=(), **extra):
            account = User.objects.create_user(username, f"{username}@matrix.example.com", "Pw-matrix-12345", **extra)
            EmailAddress.objects.create(user=account, email=account.email, verified=True, primary=True)
            account.groups.set(Group.objects.filter(name__in=groups))
            made.append(account)
            return account

        clients = {"anonymous": Client()}
        roles = {"learner": user("matrix_learner")}
        enterprise = make_enterprise("云梦县权限矩阵测试有限公司")
        roles["enterprise_admin"] = user("matrix_ent_admin", groups=["企业安全管理员"], enterprise=enterprise)
        for group in Group.objects.exclude(name="企业安全管理员").order_by("name"):
            roles[group.name] = user(f"matrix_{group.pk}", groups=[group.name])
        roles["superuser"] = user("matrix_root", is_superuser=True, is_staff=True)
        for role, account in roles.items():
            client = Client()
            client.force_login(account)
            clients[role] = client
        yield clients
        for account in made:
            account.delete()
        enterprise.delete()


def _expected(entry: dict, role: str):
    if role in entry:
        return entry[role]
    if role == "anonymous":
        raise KeyError(role)
    if role not in {"learner", "enterprise_admin", "superuser"} and "staff" in entry:
        return entry["staff"]
    return entry["user"]


def _outcome(response):
    if response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL)):
        return LOGIN
    return response.status_code


@pytest.mark.django_db
def test_matrix(role_clients):
    failures = []
    for route in _routes():
        if not _in_scope(route) or route.name not in EXPECTED:
            continue  # a missing entry fails test_every_url_has_an_entry, with the fix
        entry = EXPECTED[route.name]
        path = "/" + route.path
        for role, client in role_clients.items():
            got = _outcome(client.get(path))
            want = _expected(entry, role)
            if got != want:
                failures.append(f"{route.name} {path} as {role}: expected {want}, got {got}")
    assert not failures, "\n".join(failures)
