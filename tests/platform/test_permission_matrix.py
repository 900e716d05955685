"""Permission matrix (issue 12), part 1: every argument-free URL outside /admin/ × every role.

Each such URL name needs an entry in ``EXPECTED``; a new URL without one fails
``test_every_url_has_an_entry`` saying where to add it. URLs with arguments are in
``test_permission_matrix_objects.py``, the admin in ``test_permission_matrix_admin.py``; outcomes,
role keys and the world of objects are described in ``matrix_support.py``. One test per URL, one
request per role; the 15 roles (anonymous, learner, a stranger learner, two enterprises' admins,
each staff group, superuser) are built once per module.
"""

import pytest

from . import matrix_support as support
from .matrix_support import LOGIN

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
    "accounts:my_id_photo": {"anonymous": LOGIN, "user": 404, "learner": 200},  # only the learner has one
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


def _in_scope(route: support.Route) -> bool:
    return not route.admin and not route.takes_arguments


def test_every_url_has_an_entry():
    names = {r.name for r in support.routes() if _in_scope(r)}
    missing = sorted(names - set(EXPECTED))
    assert not missing, (
        "new URLs without a permission-matrix entry: add them to EXPECTED in tests/platform/test_permission_matrix.py "
        "(role → expected status): " + ", ".join(missing)
    )
    stale = sorted(set(EXPECTED) - names)
    assert not stale, "EXPECTED names URLs that no longer exist (or now take arguments): " + ", ".join(stale)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from support.build_world(django_db_blocker, tmp_path_factory, mfa=False)


_PATHS = {r.name: "/" + r.path for r in support.routes() if _in_scope(r)}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_matrix(world, name):
    failures = support.check(world.signed_in(), _PATHS[name], EXPECTED[name])
    assert not failures, "\n".join(failures)
