"""Permission matrix (issue 12), part 3: the Wagtail admin (/admin/…) × every role.

Staff and the superuser sign in with a TOTP code (tip-off pages ask everyone for one; the admin asks
the tip-off groups), so a refusal here is about permissions, not the second factor.

- ``AREAS``: every viewset of our apps, by URL namespace, with the groups that may view, add,
  change and delete there (read from each app's ``roles.py`` and DESIGN §1: 考培分离, 三审, tip-off
  confidentiality). Each of the viewset's URLs gets its cells from its action (``SUFFIX_NEEDS``).
- ``CUSTOM``: our own admin pages (exam desk, booking desk, tip-offs, certificate actions…).
- ``WAGTAIL``: Wagtail's own admin URLs that matter (users, groups, sites, settings, workflows,
  pages, images, documents…); ``WAGTAIL_UNCHECKED`` names, by prefix, the rest and why.

Anonymous → ``LOGIN``; learners and enterprise admins (no admin access) → ``LOGIN`` too (Wagtail
sends them to sign in as someone who may); a staff group outside the area → ``DENIED`` (302 to
/admin/ with a message) or 403/404; the superuser → 200 except where nobody may (records only
services write). A new admin URL of ours without an entry fails ``test_every_admin_url_has_an_entry``.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from . import matrix_support as support
from .matrix_support import DENIED, LOGIN

OUR_APPS = {"accounts", "bookings", "campaigns", "certificates", "courses", "edu_platform", "exams", "tipoffs"}

EDITOR, REVIEWER = "宣教编辑", "宣教审核"
STEPS = ("宣教初审", "宣教复审", "宣教终审")
EXAM, TRAINING = "考务管理员", "培训管理员"
HANDLER, APPROVER = "举报受理员", "奖励审批人"
CAMPAIGN_GROUPS = (EDITOR, REVIEWER, *STEPS)
NOBODY: tuple[str, ...] = ()


def cells(*groups, denied=DENIED, superuser=200, **others) -> dict:
    """Anonymous and learners sent to sign in; ``groups`` 200; other staff ``denied``."""
    entry = {"anonymous": LOGIN, "user": LOGIN, "staff": denied, "superuser": superuser, **others}
    entry.update(dict.fromkeys(groups, 200))
    return entry


def post_only(*groups) -> dict:
    """A POST-only page behind a permission check: a GET from someone allowed is 405."""
    return cells(superuser=405, **dict.fromkeys(groups, 405))


@dataclass(frozen=True)
class Area:
    view: tuple[str, ...]
    add: tuple[str, ...] = NOBODY
    change: tuple[str, ...] = NOBODY
    delete: tuple[str, ...] = NOBODY
    service_written: bool = False  # nobody adds, edits or deletes here, superusers included

    def groups(self, need: str) -> tuple[str, ...]:
        if need == "any":
            return tuple({*self.view, *self.add, *self.change, *self.delete})
        if need == "write":
            return tuple({*self.add, *self.change, *self.delete})
        return getattr(self, need)


def _all(*groups) -> Area:
    return Area(view=groups, add=groups, change=groups, delete=groups)


AREAS: dict[str, Area] = {
    # accounts: exam and training staff look people and enterprises up (accounts.view_user), training
    # staff keep the enterprise register; nobody but a superuser adds, edits or deletes an account.
    "wagtailusers_users": Area(view=(EXAM, TRAINING)),
    "enterprise": Area(view=(EXAM, TRAINING), add=(TRAINING,), change=(TRAINING,)),
    "town": Area(view=(EXAM, TRAINING)),
    # campaigns: the taxonomy is kept by 宣教审核; editors and the 三审 steps only pick from it.
    "wagtailsnippets_campaigns_audience": Area(view=CAMPAIGN_GROUPS, add=(REVIEWER,), change=(REVIEWER,)),
    "wagtailsnippets_campaigns_sector": Area(view=CAMPAIGN_GROUPS, add=(REVIEWER,), change=(REVIEWER,)),
    "wagtailsnippetchoosers_campaigns_audience": Area(view=CAMPAIGN_GROUPS, add=(REVIEWER,)),
    "wagtailsnippetchoosers_campaigns_sector": Area(view=CAMPAIGN_GROUPS, add=(REVIEWER,)),
    # exams: the exam staff's banks, questions, subjects, rules; attempts are read-only for everyone.
    "wagtailsnippets_exams_questionbank": _all(EXAM),
    "wagtailsnippetchoosers_exams_questionbank": Area(view=(EXAM,), add=(EXAM,)),
    "exams_questions": _all(EXAM),
    "exams_chapters": _all(EXAM),
    "exams_subjects": Area(view=(EXAM, TRAINING), add=(EXAM,), change=(EXAM,), delete=(EXAM,)),
    "exams_rules": _all(EXAM),
    "exams_attempts": Area(view=(EXAM,), service_written=True),
    # courses: the training staff's (考培分离: exam staff see none of it).
    "courses_course": _all(TRAINING),
    "courses_enrolment": Area(view=(TRAINING,), service_written=True),
    "courses_hours_rule": Area(view=(TRAINING,), add=(TRAINING,), change=(TRAINING,)),
    # bookings: the exam staff's; sessions and bookings change through the desk's services only.
    "bookings_centres": _all(EXAM),
    "bookings_rooms": _all(EXAM),
    "bookings_sessions": Area(view=(EXAM,), service_written=True),
    "bookings_bookings": Area(view=(EXAM,), service_written=True),
    # tipoffs: the rule tables, read by both tip-off groups, added to by approvers.
    "tipoffs_handlingrule": Area(view=(HANDLER, APPROVER), add=(APPROVER,)),
    "tipoffs_rewardrule": Area(view=(HANDLER, APPROVER), add=(APPROVER,)),
    # certificates: issued by results (exam staff), read by training staff.
    "certificates_register": Area(view=(EXAM, TRAINING), service_written=True),
    "certificates_rules": Area(view=(EXAM, TRAINING), add=(EXAM,), change=(EXAM,)),
    "certificates_mappings": Area(view=(EXAM, TRAINING), add=(EXAM,), change=(EXAM,), delete=(EXAM,)),
}

# What each generic view of a viewset asks for (Wagtail 8's generic views: inspect any permission,
# history any write permission, usage change). Choosers ask for admin access only: the page editor
# and the quiz block pick banks, audiences and sectors through them.
SUFFIX_NEEDS = {
    "index": "any",
    "index_results": "any",
    "list": "any",
    "list_results": "any",
    "add": "add",
    "copy": "add",
    "edit": "change",
    "delete": "delete",
    "inspect": "any",
    "history": "write",
    "history_results": "write",
    "usage": "change",
    "choose": "staff",
    "choose_results": "staff",
    "chosen": "staff",
    "chosen_multiple": "staff",
    "create": "add",
}


def _area_entry(area: Area, suffix: str) -> dict:
    need = SUFFIX_NEEDS[suffix]
    if need == "staff":
        return ALL_STAFF
    if area.service_written and need in {"add", "change", "delete", "write"}:
        return cells(superuser=DENIED)
    return cells(*area.groups(need))


def _pk(attr: str) -> Callable[[support.World], dict]:
    return lambda w: {"pk": getattr(w, attr).pk}


def _first(label: str):
    from django.apps import apps

    return apps.get_model(label).objects.order_by("pk").first()


def _site_pk(w) -> int:
    return _first("wagtailcore.Site").pk


# The object each viewset's URLs with a pk are tried on.
AREA_OBJECTS: dict[str, Callable[[support.World], object]] = {
    "wagtailusers_users": lambda w: w.users["learner"],
    "enterprise": lambda w: w.enterprise,
    "town": lambda w: w.enterprise.town,
    "wagtailsnippets_campaigns_audience": lambda w: w.campaign.audiences.first(),
    "wagtailsnippets_campaigns_sector": lambda w: w.campaign.sectors.first(),
    "wagtailsnippetchoosers_campaigns_audience": lambda w: w.campaign.audiences.first(),
    "wagtailsnippetchoosers_campaigns_sector": lambda w: w.campaign.sectors.first(),
    "wagtailsnippets_exams_questionbank": lambda w: w.bank,
    "wagtailsnippetchoosers_exams_questionbank": lambda w: w.bank,
    "exams_questions": lambda w: w.bank.questions.first(),
    "exams_chapters": lambda w: w.bank.chapters.first(),
    "exams_subjects": lambda w: w.subject,
    "exams_rules": lambda w: w.subject.rules.first(),
    "exams_attempts": lambda w: w.finished_attempt,
    "courses_course": lambda w: w.course,
    "courses_enrolment": lambda w: w.enrolment,
    "courses_hours_rule": lambda w: _first("courses.TrainingHoursRule"),
    "bookings_centres": lambda w: w.session.room.centre,
    "bookings_rooms": lambda w: w.session.room,
    "bookings_sessions": lambda w: w.session,
    "bookings_bookings": lambda w: w.booking,
    "tipoffs_handlingrule": lambda w: _first("tipoffs.HandlingRule"),
    "tipoffs_rewardrule": lambda w: _first("tipoffs.RewardRule"),
    "certificates_register": lambda w: w.certificate,
    "certificates_rules": lambda w: w.certificate.rule,
    "certificates_mappings": lambda w: w.mapping,
}


def _pk_of(namespace: str) -> Callable[[support.World], dict]:
    return lambda w: {"pk": AREA_OBJECTS[namespace](w).pk}


@dataclass(frozen=True)
class Entry:
    expect: dict
    kwargs: Callable[[support.World], dict] | None = None
    method: str = "get"
    query: Callable[[support.World], str] | None = None


def _tipoff(w):
    return {"pk": w.tipoff.pk}


TIPOFF_STAFF = (HANDLER, APPROVER)
CUSTOM: dict[str, Entry] = {
    # Wagtail's sites listing with our translated column headers (edu_platform.admin_columns): superuser only.
    "wagtailsites:index": Entry(cells()),
    "wagtailsites:index_results": Entry(cells()),
    # The exam desk (exams): 考务管理员 only.
    "exams_admin:banks_overview": Entry(cells(EXAM)),
    "exams_admin:bank_export": Entry(cells(EXAM), lambda w: {"pk": w.bank.pk, "fmt": "xlsx"}),
    "exams_admin:questions_export": Entry(cells(EXAM)),
    "exams_admin:import_upload": Entry(cells(EXAM)),
    # No import job in the world: the group is checked before the job is looked up.
    "exams_admin:import_detail": Entry(cells(superuser=404, **{EXAM: 404}), lambda w: {"pk": 999999}),
    "exams_admin:import_status": Entry(cells(superuser=404, **{EXAM: 404}), lambda w: {"pk": 999999}),
    "exams_admin:import_confirm": Entry(post_only(EXAM), lambda w: {"pk": 999999}),
    "exams_admin:blueprint_list": Entry(cells(EXAM)),
    "exams_admin:blueprint_add": Entry(cells(EXAM), query=lambda w: f"?subject={w.subject.pk}"),
    "exams_admin:blueprint_edit": Entry(cells(EXAM), _pk("blueprint")),
    "exams_admin:statistics": Entry(cells(EXAM)),
    "exams_admin:statistics_refresh": Entry(post_only(EXAM)),
    "exams_admin:results_export": Entry(cells(EXAM)),
    # The booking desk (bookings): 考务管理员 only.
    "bookings_admin:dashboard": Entry(cells(EXAM)),
    "bookings_admin:bulk_create": Entry(cells(EXAM)),
    "bookings_admin:session_desk": Entry(cells(EXAM), _pk("session")),
    "bookings_admin:roster_export": Entry(cells(EXAM), _pk("session")),
    "bookings_admin:session_action": Entry(post_only(EXAM), lambda w: {"pk": w.session.pk, "action": "cancel"}),
    "bookings_admin:check_in": Entry(cells(EXAM)),
    "bookings_admin:results_import": Entry(cells(EXAM)),
    # Tip-offs: handlers and approvers; the report is our handler's; another handler's is not theirs.
    "tipoffs_admin:inbox": Entry(cells(*TIPOFF_STAFF)),
    "tipoffs_admin:entry": Entry(cells(HANDLER)),
    "tipoffs_admin:detail": Entry(cells(*TIPOFF_STAFF), _tipoff),
    "tipoffs_admin:detail[another handler's]": Entry(cells(APPROVER), lambda w: {"pk": w.others_tipoff.pk}),
    # POST-only; an action nobody has answers 404 once the group is checked (nothing changes).
    "tipoffs_admin:act": Entry(
        cells(superuser=404, **dict.fromkeys(TIPOFF_STAFF, 404)),
        lambda w: {"pk": w.tipoff.pk, "action": "no-such-action"},
        method="post",
    ),
    "tipoffs_admin:attachment": Entry(
        cells(*TIPOFF_STAFF), lambda w: {"pk": w.tipoff.pk, "attachment_pk": w.attachment.pk}
    ),
    "tipoffs_admin:attachment[another handler's]": Entry(
        cells(APPROVER), lambda w: {"pk": w.others_tipoff.pk, "attachment_pk": w.others_attachment.pk}
    ),
    "tipoffs_admin:attachment[of another report]": Entry(
        cells(superuser=404, **dict.fromkeys(TIPOFF_STAFF, 404)),
        lambda w: {"pk": w.others_tipoff.pk, "attachment_pk": w.attachment.pk},
    ),
    "tipoffs_admin:rewards": Entry(cells(*TIPOFF_STAFF)),
    # A rejection without its reason: refused with a message on the rewards page (nothing changes).
    "tipoffs_admin:reward_act": Entry(
        cells(superuser=302, **dict.fromkeys(TIPOFF_STAFF, 302)),
        lambda w: {"pk": w.reward.pk, "action": "reject"},
        method="post",
    ),
    "tipoffs_admin:ledger": Entry(cells(APPROVER)),
    "tipoffs_admin:dashboard": Entry(cells(*TIPOFF_STAFF)),
    # Certificates: the register's own pages.
    "certificates_register:export_xlsx": Entry(cells(EXAM, TRAINING)),
    "certificates_register:dashboard": Entry(cells(EXAM, TRAINING)),
    "certificates_register:revoke": Entry(cells(EXAM), _pk("certificate")),
    "certificates_register:review": Entry(cells(EXAM), _pk("certificate")),
    # Rules in force are add-only: opening one to edit or delete is refused with a message (302 to
    # the listing) for whoever holds the permission; tip-off rules have no edit for anyone.
    "exams_rules:edit": Entry(cells(superuser=302, **{EXAM: 302}), _pk_of("exams_rules")),
    "exams_rules:delete": Entry(cells(superuser=302, **{EXAM: 302}), _pk_of("exams_rules")),
    "courses_hours_rule:edit": Entry(cells(superuser=302, **{TRAINING: 302}), _pk_of("courses_hours_rule")),
    "courses_hours_rule:delete": Entry(cells(superuser=302), _pk_of("courses_hours_rule")),
    "certificates_rules:edit": Entry(cells(superuser=302, **{EXAM: 302}), _pk_of("certificates_rules")),
    "certificates_rules:delete": Entry(cells(superuser=302), _pk_of("certificates_rules")),
    "tipoffs_handlingrule:edit": Entry(cells(superuser=DENIED), _pk_of("tipoffs_handlingrule")),
    "tipoffs_rewardrule:edit": Entry(cells(superuser=DENIED), _pk_of("tipoffs_rewardrule")),
    "tipoffs_handlingrule:delete": Entry(cells(superuser=302), _pk_of("tipoffs_handlingrule")),
    "tipoffs_rewardrule:delete": Entry(cells(superuser=302), _pk_of("tipoffs_rewardrule")),
    # Courses: the training-records export.
    "courses_enrolment:export_training_records": Entry(cells(TRAINING)),
}

ALL_STAFF = cells(*(EDITOR, REVIEWER, *STEPS, EXAM, TRAINING, HANDLER, APPROVER))


def _page(w):
    return {"page_id": w.campaign.pk}


# Wagtail's own admin: the URLs that matter. Users, groups, sites, settings, workflows, redirects
# and collections: superuser only (no role holds auth.*, wagtailcore.* or wagtailredirects.*).
WAGTAIL: dict[str, Entry] = {
    "wagtailadmin_home": Entry(ALL_STAFF),
    "wagtailadmin_account": Entry(ALL_STAFF),
    "wagtailusers_groups:index": Entry(cells()),
    "wagtailusers_groups:add": Entry(cells()),
    "wagtailusers_groups:edit": Entry(cells(), lambda w: {"pk": w.users[EXAM].groups.first().pk}),
    "wagtailsites:index": Entry(cells()),
    "wagtailsites:edit": Entry(cells(), lambda w: {"pk": _site_pk(w)}),
    "wagtailadmin_workflows:index": Entry(cells()),
    "wagtailadmin_workflows:add": Entry(cells()),
    "wagtailadmin_workflows:task_index": Entry(cells()),
    "wagtailredirects:index": Entry(cells()),
    "wagtailadmin_collections:index": Entry(cells()),
    "wagtailsettings:edit": Entry(
        cells(REVIEWER), lambda w: {"app_name": "campaigns", "model_name": "sitesettings", "pk": _site_pk(w)}
    ),
    # Wagtail filters the log to the content types the group holds a permission on.
    "wagtailadmin_reports:site_history": Entry(ALL_STAFF),
    # Pages (campaigns migrations 0002/0003): every 宣教 group may edit (the 三审 steps review in the
    # editor); only 宣教编辑 and 宣教审核 add pages; nobody but a superuser deletes or publishes by hand.
    "wagtailadmin_explore_root": Entry(cells(*CAMPAIGN_GROUPS)),
    "wagtailadmin_explore": Entry(cells(*CAMPAIGN_GROUPS), lambda w: {"parent_page_id": w.site["campaigns"].pk}),
    "wagtailadmin_pages:edit": Entry(cells(*CAMPAIGN_GROUPS), _page),
    # One page type may go there: straight on to its form (302).
    "wagtailadmin_pages:add_subpage": Entry(
        cells(superuser=302, **dict.fromkeys((EDITOR, REVIEWER), 302)),
        lambda w: {"parent_page_id": w.site["campaigns"].pk},
    ),
    "wagtailadmin_pages:delete": Entry(cells(), _page),
    "wagtailadmin_pages:history": Entry(cells(*CAMPAIGN_GROUPS), _page),
    # Wagtail sends everyone on to the history page, which checks the permission (above).
    "wagtailadmin_pages:revisions_index": Entry(cells(superuser=302, denied=302), _page),
    # Images and documents: the 宣教 groups; exam staff add question pictures.
    "wagtailimages:index": Entry(cells(*CAMPAIGN_GROUPS, EXAM)),
    "wagtailimages:add": Entry(cells(*CAMPAIGN_GROUPS, EXAM)),
    "wagtaildocs:index": Entry(cells(*CAMPAIGN_GROUPS)),
    "wagtaildocs:add": Entry(cells(*CAMPAIGN_GROUPS)),
    "wagtaildocs:edit": Entry(cells(*CAMPAIGN_GROUPS), lambda w: {"document_id": w.document.pk}),
    "wagtailforms:index": Entry(cells(*CAMPAIGN_GROUPS)),
    # Public pages of the admin.
    # Signed-in staff go on to the dashboard (302 to /admin/); others see the form.
    "wagtailadmin_login": Entry({"anonymous": 200, "user": 200, "staff": DENIED, "superuser": DENIED}),
    "wagtailadmin_password_reset": Entry({"anonymous": 200, "user": 200}),
    "wagtailadmin_javascript_catalog": Entry({"anonymous": 200, "user": 200}),
    "wagtailadmin_sprite": Entry({"anonymous": 200, "user": 200}),
    "wagtailadmin_logout": Entry(cells(denied=405, superuser=405)),  # POST only
}

# Wagtail's admin URLs not requested here, by name prefix, with the reason.
WAGTAIL_UNCHECKED = {
    "wagtailadmin_api:": "JSON API behind the same admin-access check as the page explorer",
    "wagtailadmin_pages:": "page actions other than those above follow the same page permissions",
    "wagtailadmin_choose_page": "choosers for the page editor (admin access, no data beyond titles)",
    "wagtailadmin_tag_": "tag autocomplete for editors",
    "wagtailadmin_collections:": "collections: superuser only (index checked)",
    "wagtailadmin_reports:": "reports: site history checked; the rest list pages by page permission",
    "wagtailadmin_workflows:": "workflows: index, add and task index checked",
    "wagtailadmin_editing_sessions:": "editing-session pings of the page editor (POST)",
    "wagtailadmin_dismissibles": "UI state of the signed-in user",
    "wagtailadmin_block_preview": "StreamField block previews for editors",
    "wagtailadmin_error_test": "Wagtail's deliberate error page",
    "wagtailadmin_password_reset_": "steps after the reset form",
    "wagtailadmin_explore": "explorer: root and one index checked",
    "wagtail_bulk_action": "bulk actions re-check each object's permission",
    "wagtailusers_groups:": "groups: index, add, edit checked",
    "wagtailsites:": "sites: index and edit checked",
    "wagtailredirects:": "redirects: index checked",
    "wagtailsettings:": "settings: the site settings checked",
    "wagtailforms:": "form submissions: index checked (no form pages in this site)",
    "wagtailembeds:": "embed chooser for editors",
    "wagtailsnippets:index": "the snippet index lists only the snippet types the user may see",
    "wagtailimages": "images: index and add checked; the rest follow the collection permissions",
    "wagtaildocs": "documents: index, add, edit checked; the rest follow the collection permissions",
}


# --- enumeration ----------------------------------------------------------------------------------
def _our_namespaces() -> set[str]:
    """URL namespaces of the viewsets registered for our apps' models (snippets and choosers too)."""
    from django.apps import apps
    from wagtail.admin.viewsets import viewsets

    support.routes()  # importing the URLconf registers the viewsets
    found = set()
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if isinstance(model, str):  # "app_label.ModelName" (Wagtail resolves it lazily)
            model = apps.get_model(model)
        if model is None or model._meta.app_label not in OUR_APPS:
            continue
        try:
            found.add(viewset.url_namespace)
        except ImproperlyConfigured:  # a viewset without a name (Wagtail's page viewsets)
            continue
    return found


def our_admin_routes() -> dict[str, support.Route]:
    namespaces = _our_namespaces()
    return {
        r.name: r
        for r in support.routes()
        if r.admin and (r.module.split(".")[0] in OUR_APPS or (r.namespace or "").split(":")[0] in namespaces)
    }


def _table() -> dict[str, Entry]:
    """Every admin URL of ours with its cells: the custom entries, then each viewset URL from its area."""
    table = dict(CUSTOM)
    for name, route in our_admin_routes().items():
        if name in table:
            continue
        namespace, _, suffix = name.rpartition(":")
        area = AREAS.get(namespace)
        if area is None or suffix not in SUFFIX_NEEDS:
            continue  # reported by test_every_admin_url_has_an_entry
        kwargs = None
        if "<" in route.path:
            kwargs = _pk_of(namespace)
        table[name] = Entry(_area_entry(area, suffix), kwargs)
    return table


TABLE = _table()
ALL = {**TABLE, **WAGTAIL}


def _base(key: str) -> str:
    return key.split("[", 1)[0]


def test_every_admin_url_has_an_entry():
    ours = set(our_admin_routes())
    missing = sorted(ours - {_base(key) for key in TABLE})
    assert not missing, (
        "admin URLs of our apps without a permission-matrix entry: add the viewset's namespace to AREAS (and "
        "AREA_OBJECTS), or the URL to CUSTOM, in tests/platform/test_permission_matrix_admin.py: " + ", ".join(missing)
    )
    wagtail = {r.name for r in support.routes() if r.admin} - ours
    unlisted = sorted(
        name for name in wagtail if name not in WAGTAIL and not any(name.startswith(p) for p in WAGTAIL_UNCHECKED)
    )
    assert not unlisted, (
        "Wagtail admin URLs neither checked (WAGTAIL) nor listed with a reason (WAGTAIL_UNCHECKED): "
        + ", ".join(unlisted)
    )
    names = {r.name for r in support.routes()}
    stale = sorted({_base(key) for key in ALL} - names)
    assert not stale, "entries for admin URLs that no longer exist: " + ", ".join(stale)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from support.build_world(django_db_blocker, tmp_path_factory, mfa=True)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(ALL))
def test_admin(world, key):
    entry = ALL[key]
    path = reverse(_base(key), kwargs=entry.kwargs(world) if entry.kwargs else None)
    if entry.query:
        path += entry.query(world)
    failures = support.check(world.signed_in(), path, entry.expect, method=entry.method)
    assert not failures, "\n".join(failures)
