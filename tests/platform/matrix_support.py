"""Shared machinery of the permission matrix (issue 12): the URL routes, the roles, one world of
objects that the roles own, and how a response reads as an outcome.

The three matrix modules (``test_permission_matrix.py`` argument-free URLs, ``_objects.py`` URLs with
ids, ``_admin.py`` the Wagtail admin) each build the world once per module inside one transaction
that is rolled back at the end, so nothing is left behind for other tests; every test (one per URL)
runs in a savepoint inside it, so one URL's requests cannot change what the next URL sees.

Outcomes: 200, 204, 400, 403, 404, 405 (status codes), ``LOGIN`` (302 to the sign-in page), ``MFA``
(302 to the second-factor pages), ``DENIED`` (302 to /admin/: Wagtail's answer to PermissionDenied
inside the admin), 302 (any other redirect), ``SKIP`` (no request for this role).

Expectation keys, most specific first: the role itself (``learner``, ``other_learner``,
``enterprise_admin``, ``other_enterprise_admin``, a group name such as ``"考务管理员"``, ``superuser``,
``anonymous``); then ``enterprise_admin`` for ``other_enterprise_admin``; ``staff`` for every admin
group; finally ``user`` for every signed-in role. ``anonymous`` must always be given.
"""

from __future__ import annotations

import copy
import datetime
import io
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from accounts.models import User

LOGIN = "login"
MFA = "mfa"
DENIED = "denied"
SKIP = "skip"

PASSWORD = "Pw-matrix-12345"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ENTERPRISE_ADMIN_GROUP = "企业安全管理员"
LEARNER_ROLES = ("learner", "other_learner", "enterprise_admin", "other_enterprise_admin")


# --- routes ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    name: str
    path: str
    takes_arguments: bool
    admin: bool
    namespace: str | None
    module: str


def routes() -> list[Route]:
    """Every named URL pattern of the URLconf (namespaced names, the path as written)."""
    found = []

    def walk(resolver, prefix="", namespace=None):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, prefix + str(pattern.pattern), ns)
            elif pattern.name:  # unnamed: the DEBUG media route, Wagtail's test404 and catch-all
                full = prefix + str(pattern.pattern)
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                takes = bool(pattern.pattern.regex.groups) or "<" in str(pattern.pattern)
                module = getattr(pattern.callback, "__module__", "") or ""
                found.append(Route(name, full, takes, full.startswith("admin/"), namespace, module))

    walk(get_resolver())
    return found


def route_names(**where) -> set[str]:
    return {r.name for r in routes() if all(getattr(r, key) == value for key, value in where.items())}


# --- outcomes and expectations -----------------------------------------------------------------------
def outcome(response) -> Any:
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith(resolve_url(settings.LOGIN_URL)):
        return LOGIN
    if location.startswith("/accounts/2fa/"):
        return MFA
    if location == "/admin/":
        return DENIED
    return 302


def expected(entry: dict, role: str):
    if role in entry:
        return entry[role]
    if role == "anonymous":
        raise KeyError("every entry names the anonymous outcome")
    if role == "other_enterprise_admin" and "enterprise_admin" in entry:
        return entry["enterprise_admin"]
    if role not in LEARNER_ROLES and role != "superuser" and "staff" in entry:
        return entry["staff"]
    return entry["user"]


def check(clients: dict[str, Client], url: str, entry: dict, *, method: str = "get", data=None) -> list[str]:
    """One request per role; the cells that differ from ``entry``, as readable lines."""
    failures = []
    for role, client in clients.items():
        want = expected(entry, role)
        if want == SKIP:
            continue
        response = getattr(client, method)(url, data or {})
        got = outcome(response)
        if got != want:
            where = f" → {response['Location']}" if response.status_code == 302 else ""
            failures.append(f"{method.upper()} {url} as {role}: expected {want}, got {got}{where}")
    return failures


# --- the world: roles and the objects they own ----------------------------------------------------------
@dataclass
class World:
    users: dict[str, User]
    clients: dict[str, Client]
    objects: dict[str, Any] = field(default_factory=dict)
    cookies: dict[str, Any] = field(default_factory=dict)

    def signed_in(self) -> dict[str, Client]:
        """The clients with the cookies they had when the world was built: a test that signs a role
        out (or cycles its session key) leaves the next test's role signed in, because the test's
        savepoint brings the session row back and this brings the cookie back."""
        for role, client in self.clients.items():
            client.cookies = copy.deepcopy(self.cookies[role])
        return self.clients

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def _ensure_seeded() -> None:
    """Browser and transactional tests earlier in the run flush the database, taking the rows data
    migrations seed; post_migrate recreates the groups only. Put back what the world needs."""
    from importlib import import_module

    from django.apps import apps
    from wagtail.models import Collection

    from accounts.models import Town
    from accounts.roles import role_permissions_sync
    from certificates.models import CertificateRule
    from courses.models import TrainingHoursRule
    from tests.campaigns.builders import ensure_base_data
    from tipoffs.models import HandlingRule, RewardRule

    if not Town.objects.exists():
        import_module("accounts.migrations.0002_towns_and_roles").seed(apps, None)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
        role_permissions_sync()
    ensure_base_data()
    if not CertificateRule.objects.exists():
        import_module("certificates.migrations.0002_seed_rules").seed(apps, None)
    if not TrainingHoursRule.objects.exists():
        import_module("courses.migrations.0002_seed_training_hours_rules").seed(apps, None)
        import_module("courses.migrations.0003_hours_rules_by_industry_and_window").rules_by_industry(apps, None)
    if not RewardRule.objects.exists():
        import_module("tipoffs.migrations.0002_reward_rules").seed(apps, None)
    if not HandlingRule.objects.exists():
        import_module("tipoffs.migrations.0003_reward_per_matter_rules_rectification").forward(apps, None)


def _mfa_login(client: Client, user: User) -> None:
    """Sign in the way admin staff must: a session that passed a TOTP code (tests/tipoffs/test_admin.py)."""
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time

    TOTP.activate(user, TOTP_SECRET)
    client.force_login(user)
    code = format_hotp_value(hotp_value(TOTP_SECRET, next(yield_hotp_counters_from_time())))
    response = client.post("/accounts/2fa/reauthenticate/", {"code": code})
    assert response.status_code == 302, response.content[:300]


def _jpeg() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (300, 400), "#dddddd").save(out, "JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


def _make_users(objects: dict) -> dict[str, User]:
    from allauth.account.models import EmailAddress

    from accounts.models import PersonCategory
    from tests.accounts.factories import make_enterprise, valid_id_number

    def user(username, *, groups=(), **extra):
        account = User.objects.create_user(username, f"{username}@matrix.example.com", PASSWORD, **extra)
        EmailAddress.objects.create(user=account, email=account.email, verified=True, primary=True)
        account.groups.set(Group.objects.filter(name__in=groups))
        return User.objects.get(pk=account.pk)

    enterprise = make_enterprise("云梦县权限矩阵测试有限公司")
    other_enterprise = make_enterprise("云梦县另一家矩阵测试公司")
    objects.update(enterprise=enterprise, other_enterprise=other_enterprise)
    profile = {"person_category": PersonCategory.SPECIAL_OPERATOR}
    users = {
        "learner": user(
            "matrix_learner",
            real_name="矩阵学员",
            id_number=valid_id_number(901),
            phone="13900000901",
            enterprise=enterprise,
            **profile,
        ),
        "other_learner": user(
            "matrix_stranger", real_name="陌生学员", id_number=valid_id_number(902), phone="13900000902", **profile
        ),
        "enterprise_admin": user("matrix_ent_admin", groups=[ENTERPRISE_ADMIN_GROUP], enterprise=enterprise),
        "other_enterprise_admin": user(
            "matrix_other_ent_admin", groups=[ENTERPRISE_ADMIN_GROUP], enterprise=other_enterprise
        ),
    }
    for group in Group.objects.exclude(name=ENTERPRISE_ADMIN_GROUP).order_by("name"):
        # Staff accounts are is_staff, as seed_demo makes them (the ID-photo view asks for it).
        users[group.name] = user(f"matrix_{group.pk}", groups=[group.name], is_staff=True)
    users["superuser"] = user("matrix_root", is_superuser=True, is_staff=True)
    return users


def _make_objects(users: dict[str, User], objects: dict) -> None:
    """One object of each kind the URLs name, owned by ``learner`` (or ``enterprise_admin``'s enterprise)."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.models import PageViewRestriction

    from accounts.services import staff_invitation_create, user_id_photo_set
    from bookings.services import booking_create, waitlist_join
    from campaigns.models import CampaignPage
    from certificates.services import certificate_issue as register_issue
    from courses.models import Enrolment
    from courses.services import certificate_issue as course_certificate_issue
    from exams.services.attempts import attempt_start, attempt_submit
    from tests.bookings import factories as bf
    from tests.campaigns.builders import make_campaign, make_site
    from tests.certificates import factories as cf
    from tests.exams.conftest import _make_bank, _make_blueprint, _make_subject
    from tests.tipoffs import helpers as tipoff_helpers
    from tipoffs import services as tipoff_services

    learner, exam_admin = users["learner"], users["考务管理员"]
    user_id_photo_set(user=learner, uploaded=_jpeg())

    # Exams: a bank with a paper; one submitted attempt and one in progress; a public quiz bank.
    bank = _make_bank(code="matrix-bank", true_false=10, single=5)
    subject = _make_subject(code="matrix-subject", name="矩阵测试科目", banks=[bank])
    blueprint = _make_blueprint(subject, rules=(("true_false", 10, 1), ("single", 5, 2)), pass_mark=12)
    finished = attempt_start(user=learner, subject=subject)
    finished = attempt_submit(user=learner, attempt_id=finished.pk)
    running = attempt_start(user=learner, subject=subject)
    quiz_bank = _make_bank(code="matrix-quiz", true_false=5, is_public=True)
    objects.update(
        bank=bank, subject=subject, blueprint=blueprint, finished_attempt=finished, attempt=running, quiz_bank=quiz_bank
    )

    # Bookings: the learner's booking (with its ticket), a full session whose waiting list they are on.
    exam_subject = bf.subject()
    cf._meet_training_requirement(learner, exam_subject)
    session = bf.session(subjects=[exam_subject], actor=exam_admin)
    booking = booking_create(candidate=learner, session_id=session.pk, subject_id=exam_subject.pk)
    # A second subject for the full session: one booking per subject, so the waiting list is another's.
    second_subject = bf.subject(code="matrix-height-work", name="高处作业")
    cf._meet_training_requirement(learner, second_subject)
    full = bf.session(
        subjects=[second_subject],
        capacity=1,
        days_ahead=9,
        room_obj=bf.room(subjects=[second_subject], name="第二考场"),
        actor=exam_admin,
    )
    filler = bf.candidate()
    cf._meet_training_requirement(filler, second_subject)
    booking_create(candidate=filler, session_id=full.pk, subject_id=second_subject.pk)
    entry = waitlist_join(candidate=learner, session_id=full.pk, subject_id=second_subject.pk)
    # A cancelled booking: its ticket page says so, its downloads are gone.
    from bookings.services import booking_cancel

    third_subject = bf.subject(code="matrix-welding", name="熔化焊接与热切割作业")
    cf._meet_training_requirement(learner, third_subject)
    third = bf.session(
        subjects=[third_subject],
        days_ahead=11,
        room_obj=bf.room(subjects=[third_subject], name="第三考场"),
        actor=exam_admin,
    )
    cancelled = booking_create(candidate=learner, session_id=third.pk, subject_id=third_subject.pk)
    cancelled = booking_cancel(candidate=learner, booking_id=cancelled.pk)
    objects.update(
        exam_subject=exam_subject,
        session=session,
        booking=booking,
        full_session=full,
        waitlist_entry=entry,
        cancelled_booking=cancelled,
    )

    # Courses: a completed enrolment and its completion certificate (结业证书).
    from courses.models import Course, Lesson, TrainingType
    from courses.services import enrolment_create

    course = Course.objects.create(
        title="矩阵测试初训",
        summary="初训",
        person_category=learner.person_category,
        training_type=TrainingType.INITIAL,
        is_published=True,
    )
    studied = Lesson.objects.create(course=course, title="第一课", body="内容", minutes=45, sort_order=0)
    enrolment_create(user=learner, course=course)
    cf.study_and_complete(learner, studied, timezone.now() - datetime.timedelta(days=2))
    enrolment = Enrolment.objects.select_related("course").get(user=learner, course=course)
    course_certificate = course_certificate_issue(enrolment=enrolment)
    lesson = enrolment.course.lessons.first()
    draft_course = type(enrolment.course).objects.create(
        title="未发布的矩阵课程",
        summary="草稿",
        person_category=learner.person_category,
        training_type=enrolment.course.training_type,
        is_published=False,
    )
    objects.update(
        enrolment=enrolment,
        course=enrolment.course,
        lesson=lesson,
        course_certificate=course_certificate,
        draft_course=draft_course,
    )

    # Certificate register: the learner's 特种作业操作证; the mock subject's (no-certificate) mapping.
    from certificates.models import SubjectCertificateMapping
    from certificates.services import certificate_revoke

    objects["certificate"] = register_issue(holder=learner, key=cf.LOW_VOLTAGE, issued_on=timezone.localdate())
    revoked = register_issue(holder=learner, key=cf.HAZCHEM_PRINCIPAL, issued_on=timezone.localdate())
    objects["revoked_certificate"] = certificate_revoke(
        certificate_id=revoked.pk, reason="矩阵测试注销", actor=exam_admin
    )
    objects["mapping"] = SubjectCertificateMapping.objects.create(
        subject=subject,
        kind=cf.LOW_VOLTAGE.kind,
        person_category=cf.LOW_VOLTAGE.person_category,
        operation=cf.LOW_VOLTAGE.operation,
        issues_certificate=False,
    )

    # Enterprise staff: an invitation from the learner's enterprise to someone outside the roles.
    objects["invitation"] = staff_invitation_create(
        enterprise=objects["enterprise"],
        actor=users["enterprise_admin"],
        real_name="被邀请人",
        phone="13900000999",
    )

    # Campaign pages: the site tree, a live campaign and a draft; a password-restricted page.
    site = make_site()
    today = timezone.localdate()
    campaign = make_campaign(site["campaigns"], start=today, end=today + datetime.timedelta(days=7))
    draft = CampaignPage(
        title="未发布的专题",
        slug="matrix-draft",
        kind=campaign.kind,
        year=today.year,
        start_date=today,
        end_date=today,
        live=False,
    )
    site["campaigns"].add_child(instance=draft)
    draft.save_revision()
    restricted = make_campaign(site["campaigns"], title="受保护的专题", start=today, end=today)
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="matrix"
    )
    document = Document.objects.create(title="矩阵测试文件", file=ContentFile(b"%PDF-1.4 matrix", name="matrix.pdf"))
    objects.update(site=site, campaign=campaign, draft_page=draft, restricted_page=restricted, restriction=restriction)
    objects["document"] = document

    # Tip-offs: one report handled by our 举报受理员 (with a reward proposed), one by another handler.
    handler = users["举报受理员"]
    tipoff, _ = tipoff_helpers.submit(identity=tipoff_helpers.real_name(), files=[tipoff_helpers.jpeg_with_gps()])
    tipoff_services.tipoff_accept(tipoff=tipoff, actor=handler)
    tipoff_services.tipoff_verify_start(tipoff=tipoff, actor=handler)
    from decimal import Decimal

    from tipoffs.models import Finding

    tipoff = tipoff_services.tipoff_conclude(
        tipoff=tipoff,
        actor=handler,
        finding=Finding.SUBSTANTIATED,
        outcome_public="属实，已处罚。",
        fine_amount=Decimal("50000"),
    )
    reward = tipoff_services.reward_propose(tipoff=tipoff, actor=handler)
    someone_else = tipoff_helpers.handler("matrix_other_handler")
    theirs, _ = tipoff_helpers.submit(files=[tipoff_helpers.jpeg_with_gps()])
    tipoff_services.tipoff_accept(tipoff=theirs, actor=someone_else)
    objects.update(
        tipoff=tipoff,
        attachment=tipoff.attachments.first(),
        reward=reward,
        others_tipoff=theirs,
        others_attachment=theirs.attachments.first(),
    )


def build_world(django_db_blocker, tmp_path_factory, *, mfa: bool):
    """Generator for a module-scoped fixture: the world, rolled back when the module is done.

    ``mfa``: admin staff and the superuser sign in with a TOTP code (the admin asks tip-off staff for
    it, tip-off pages ask everyone); otherwise every role is signed in with a password only.
    """
    private = tmp_path_factory.mktemp("matrix-private")
    with ExitStack() as stack:
        stack.enter_context(django_db_blocker.unblock())
        stack.enter_context(
            override_settings(
                ACCOUNTS_PRIVATE_ROOT=private / "accounts",
                TIPOFFS_PRIVATE_ROOT=private / "tipoffs",
                # The test storage keeps files in memory, where Wagtail's sendfile cannot find them:
                # documents are handed to the storage's URL instead (the permission check is the same).
                WAGTAILDOCS_SERVE_METHOD="redirect",
            )
        )
        stack.enter_context(transaction.atomic())
        _ensure_seeded()
        objects: dict = {}
        users = _make_users(objects)
        _make_objects(users, objects)
        clients = {"anonymous": Client()}
        for role, account in users.items():
            client = Client()
            if mfa and role not in LEARNER_ROLES:
                _mfa_login(client, account)
            else:
                client.force_login(account)
            clients[role] = client
        cookies = {role: copy.deepcopy(client.cookies) for role, client in clients.items()}
        try:
            yield World(users=users, clients=clients, objects=objects, cookies=cookies)
        finally:
            transaction.set_rollback(True)
