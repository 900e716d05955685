"""Permission matrix (issue 12), part 2: URLs with arguments (ids, slugs, ticket and certificate
numbers, tokens) outside /admin/ × every role, on one object of each kind.

Ownership is the point: ``learner`` owns the booking (and its ticket), the attempts, the ID photo,
the course enrolment and both certificates; ``other_learner`` owns nothing and must get 404 (or a
refusal) wherever the owner gets 200; ``enterprise_admin`` and ``other_enterprise_admin`` run two
different enterprises (the invitation is the first one's).

``EXPECTED`` has one entry per URL name (``name[variant]`` adds another object for the same URL);
``POSTS`` sends each stranger a POST to the URLs that change an owned object and then checks the
object is unchanged. A new URL with arguments and no entry fails ``test_every_url_has_an_entry``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from . import matrix_support as support
from .matrix_support import LOGIN, SKIP


@dataclass(frozen=True)
class Cell:
    args: Callable[[support.World], dict | list | str]  # reverse() kwargs/args, or a path
    expect: dict
    unchanged: Callable[[support.World], Any] | None = None  # POSTS: a value that must not change
    data: dict | None = None  # POSTS: the form a stranger sends


def url(name: str, args) -> str:
    if isinstance(args, str):
        return args
    if isinstance(args, dict):
        return reverse(name, kwargs=args)
    return reverse(name, args=args)


PUBLIC = {"anonymous": 200, "user": 200}
OWNER_ONLY = {"anonymous": LOGIN, "user": 404, "learner": 200}
POST_ONLY = {"anonymous": LOGIN, "user": 405}
NOBODY = {"anonymous": LOGIN, "user": 404}


def _ticket(w):
    return {"number": w.booking.ticket_number}


def _cancelled(w):
    return {"number": w.cancelled_booking.ticket_number}


def _lesson(w):
    return {"course_pk": w.course.pk, "lesson_pk": w.lesson.pk}


EXPECTED: dict[str, Cell] = {
    # accounts
    "accounts:id_photo": Cell(
        lambda w: {"pk": w.users["learner"].pk},
        # Exam staff checking identity (bookings.view_booking) and superusers; nobody else, owner included.
        {"anonymous": LOGIN, "user": 404, "考务管理员": 200, "superuser": 200},
    ),
    "accounts:staff_invitation_accept": Cell(lambda w: {"pk": w.invitation.pk}, {"anonymous": 405, "user": 405}),
    "accounts:staff_invitation_decline": Cell(lambda w: {"pk": w.invitation.pk}, {"anonymous": 405, "user": 405}),
    "accounts:staff_invitation_revoke": Cell(lambda w: {"pk": w.invitation.pk}, {"anonymous": 405, "user": 405}),
    "account_confirm_email": Cell(lambda w: {"key": "not-a-key"}, PUBLIC),
    "account_reset_password_from_key": Cell(lambda w: {"uidb36": "1", "key": "not-a-key"}, PUBLIC),
    # exams
    "exams:mock_start": Cell(lambda w: {"subject_code": w.subject.code}, POST_ONLY),
    "exams:attempt": Cell(lambda w: {"attempt_id": w.attempt.pk}, {"anonymous": LOGIN, "user": 404, "learner": 302}),
    "exams:attempt_question": Cell(lambda w: {"attempt_id": w.attempt.pk, "position": 1}, OWNER_ONLY),
    "exams:attempt_submit": Cell(lambda w: {"attempt_id": w.attempt.pk}, OWNER_ONLY),
    "exams:attempt_result": Cell(lambda w: {"attempt_id": w.finished_attempt.pk}, OWNER_ONLY),
    "exams:attempt_result[in progress]": Cell(
        lambda w: {"attempt_id": w.attempt.pk}, {"anonymous": LOGIN, "user": 404, "learner": 302}
    ),
    "exams:practice_bank": Cell(lambda w: {"bank_code": w.bank.code}, {"anonymous": LOGIN, "user": 200}),
    "exams:practice_question": Cell(
        lambda w: {"bank_code": w.bank.code, "mode": "sequential"}, {"anonymous": LOGIN, "user": 200}
    ),
    "exams:quiz": Cell(lambda w: {"bank_code": w.quiz_bank.code}, PUBLIC),
    "exams:quiz[not public]": Cell(lambda w: {"bank_code": w.bank.code}, {"anonymous": 404, "user": 404}),
    # courses
    "courses:detail": Cell(lambda w: {"pk": w.course.pk}, PUBLIC),
    "courses:detail[draft]": Cell(lambda w: {"pk": w.draft_course.pk}, {"anonymous": 404, "user": 404}),
    "courses:enrol": Cell(lambda w: {"pk": w.course.pk}, POST_ONLY),
    "courses:certificate": Cell(lambda w: {"pk": w.course.pk}, OWNER_ONLY),
    "courses:certificate_claim": Cell(lambda w: {"pk": w.course.pk}, POST_ONLY),
    # Someone not enrolled is sent back to the course page with a message.
    "courses:lesson": Cell(_lesson, {"anonymous": LOGIN, "user": 302, "learner": 200}),
    "courses:lesson_complete": Cell(_lesson, POST_ONLY),
    "courses:lesson_beat": Cell(_lesson, {"anonymous": 405, "user": 405}),
    # bookings
    "bookings:session_detail": Cell(lambda w: {"pk": w.session.pk}, PUBLIC),
    "bookings:session_book": Cell(lambda w: {"pk": w.session.pk}, POST_ONLY),
    "bookings:waitlist_join": Cell(lambda w: {"pk": w.full_session.pk}, POST_ONLY),
    "bookings:waitlist_accept": Cell(lambda w: {"pk": w.waitlist_entry.pk}, POST_ONLY),
    "bookings:waitlist_leave": Cell(lambda w: {"pk": w.waitlist_entry.pk}, POST_ONLY),
    "bookings:ticket": Cell(_ticket, OWNER_ONLY),
    "bookings:ticket_pdf": Cell(_ticket, OWNER_ONLY),
    "bookings:ticket_ics": Cell(_ticket, OWNER_ONLY),
    "bookings:ticket_qr": Cell(_ticket, OWNER_ONLY),
    "bookings:ticket_photo": Cell(_ticket, OWNER_ONLY),
    "bookings:booking_cancel": Cell(_ticket, POST_ONLY),
    # A cancelled booking: the owner still reads the ticket page (marked void), nothing downloads.
    "bookings:ticket[cancelled]": Cell(_cancelled, OWNER_ONLY),
    "bookings:ticket_pdf[cancelled]": Cell(_cancelled, NOBODY),
    "bookings:ticket_ics[cancelled]": Cell(_cancelled, NOBODY),
    "bookings:ticket_qr[cancelled]": Cell(_cancelled, NOBODY),
    "bookings:ticket_photo[cancelled]": Cell(_cancelled, NOBODY),
    "bookings:booking_reschedule": Cell(_ticket, OWNER_ONLY),
    # certificates
    "certificates:verify": Cell(lambda w: {"number": w.certificate.number}, PUBLIC),
    "certificates:verify[unknown]": Cell(lambda w: {"number": "NO-SUCH-NUMBER"}, {"anonymous": 404, "user": 404}),
    "certificates:pdf": Cell(lambda w: {"number": w.certificate.number}, OWNER_ONLY),
    # A revoked (注销) certificate is not printable, not even by its holder (the page hides the link).
    "certificates:pdf[revoked]": Cell(
        lambda w: {"number": w.revoked_certificate.number}, {"anonymous": LOGIN, "user": 404}
    ),
    "certificates:verify[revoked]": Cell(lambda w: {"number": w.revoked_certificate.number}, PUBLIC),
    # campaigns and Wagtail's public views
    "campaigns:help_role": Cell(lambda w: {"role": "learner"}, PUBLIC),
    "wagtail_serve": Cell(lambda w: w.campaign.url, PUBLIC),
    "wagtail_serve[draft]": Cell(lambda w: "/campaigns/matrix-draft/", {"anonymous": 404, "user": 404}),
    "wagtail_serve[password]": Cell(lambda w: w.restricted_page.url, PUBLIC),  # the password form
    "wagtailcore_authenticate_with_password": Cell(
        lambda w: {"page_view_restriction_id": w.restriction.pk, "page_id": w.restricted_page.pk}, PUBLIC
    ),
    # Public: every role is sent on to the file (tests serve documents by redirect, see matrix_support).
    "wagtaildocs_serve": Cell(lambda w: w.document.url, {"anonymous": 302, "user": 302}),
    "wagtaildocs_authenticate_with_password": Cell(
        lambda w: {"restriction_id": 999999}, {"anonymous": 404, "user": 404}
    ),
}


def _booking_status(w):
    w.booking.refresh_from_db()
    return w.booking.status, w.booking.session_id


def _entry_status(w):
    w.waitlist_entry.refresh_from_db()
    return w.waitlist_entry.status


def _invitation_status(w):
    w.invitation.refresh_from_db()
    return w.invitation.status, w.invitation.user_id


def _attempt_state(w):
    w.attempt.refresh_from_db()
    answers = list(w.attempt.items.order_by("position").values_list("answer", flat=True))
    return w.attempt.status, answers


# Strangers' POSTs: the owner (and whoever may legitimately act) is skipped, so nothing changes.
STRANGER = {"anonymous": LOGIN, "user": 404, "learner": SKIP}
POSTS: dict[str, Cell] = {
    "bookings:booking_cancel": Cell(_ticket, STRANGER, _booking_status),
    "bookings:booking_reschedule": Cell(_ticket, STRANGER, _booking_status),
    # The service refuses another's entry; the view says so on the candidate's own bookings page.
    "bookings:waitlist_leave": Cell(lambda w: {"pk": w.waitlist_entry.pk}, {**STRANGER, "user": 302}, _entry_status),
    "bookings:waitlist_accept": Cell(lambda w: {"pk": w.waitlist_entry.pk}, {**STRANGER, "user": 302}, _entry_status),
    "exams:attempt_submit": Cell(lambda w: {"attempt_id": w.attempt.pk}, STRANGER, _attempt_state),
    "exams:attempt_question": Cell(lambda w: {"attempt_id": w.attempt.pk, "position": 1}, STRANGER, _attempt_state),
    # Nobody among the roles was invited: every signed-in role is refused on their profile page.
    "accounts:staff_invitation_accept": Cell(
        lambda w: {"pk": w.invitation.pk}, {"anonymous": LOGIN, "user": 302}, _invitation_status
    ),
    "accounts:staff_invitation_decline": Cell(
        lambda w: {"pk": w.invitation.pk}, {"anonymous": LOGIN, "user": 302}, _invitation_status
    ),
    "accounts:staff_invitation_revoke": Cell(
        lambda w: {"pk": w.invitation.pk},
        {"anonymous": LOGIN, "user": 403, "enterprise_admin": SKIP, "other_enterprise_admin": 404},
        _invitation_status,
    ),
    "courses:certificate_claim": Cell(lambda w: {"pk": w.course.pk}, STRANGER),
}


def _base(key: str) -> str:
    return key.split("[", 1)[0]


def _in_scope(route: support.Route) -> bool:
    return not route.admin and route.takes_arguments


def test_every_url_has_an_entry():
    names = {r.name for r in support.routes() if _in_scope(r)}
    missing = sorted(names - {_base(key) for key in EXPECTED})
    assert not missing, (
        "new URLs with arguments without a permission-matrix entry: add them to EXPECTED in "
        "tests/platform/test_permission_matrix_objects.py (arguments from the world, role → outcome): "
        + ", ".join(missing)
    )
    stale = sorted({_base(key) for key in (*EXPECTED, *POSTS)} - names)
    assert not stale, "entries for URLs that no longer exist (or no longer take arguments): " + ", ".join(stale)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from support.build_world(django_db_blocker, tmp_path_factory, mfa=False)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_get(world, key):
    cell = EXPECTED[key]
    failures = support.check(world.signed_in(), url(_base(key), cell.args(world)), cell.expect)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(POSTS))
def test_stranger_post_changes_nothing(world, key):
    cell = POSTS[key]
    before = cell.unchanged(world) if cell.unchanged else None
    path = url(_base(key), cell.args(world))
    failures = support.check(world.signed_in(), path, cell.expect, method="post", data=cell.data)
    if cell.unchanged:
        after = cell.unchanged(world)
        if after != before:
            failures.append(f"{key}: a stranger's POST changed the owner's object: {before} → {after}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_enterprise_admin_sees_only_their_own_enterprise_staff(world):
    """The learner works for ``enterprise_admin``'s enterprise: listed there, on no other's pages."""
    name = world.users["learner"].real_name
    for path in ("/accounts/enterprise/", "/courses/enterprise/", "/certificates/enterprise/"):
        own = world.signed_in()["enterprise_admin"].get(path)
        other = world.signed_in()["other_enterprise_admin"].get(path)
        assert own.status_code == other.status_code == 200, path
        assert name in own.content.decode(), path
        assert name not in other.content.decode(), path
