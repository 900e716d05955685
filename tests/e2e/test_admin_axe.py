"""axe-core over the Wagtail admin pages staff use most (issue 12): no serious or critical violation.

One browser context, signed in as a superuser who has passed a TOTP code (the tip-off pages ask
for it from everyone), walks the dashboard, the page explorer and a StreamField edit form, a listing
of each app, one tip-off's handling page, a form with its validation errors, the question import
and the report pages with charts. All findings are listed together at the end.
"""

import datetime
from datetime import date
from importlib import import_module

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.campaigns.builders import make_campaign, make_site
from tests.certificates import factories as cf
from tests.courses.conftest import make_course
from tests.exams.conftest import _make_bank

from .axe_audit import Audit, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BODY = [
    {"type": "heading", "value": {"text": "活动安排", "level": "h2"}},
    {"type": "paragraph", "value": "<p>开展安全生产月宣传进企业活动。</p>"},
    {"type": "warning", "value": {"level": "danger", "title": "严禁", "text": "<p>严禁堵塞消防通道。</p>"}},
    {
        "type": "faq",
        "value": {"title": "常见问题", "items": [{"question": "灭火器怎么用？", "answer": "<p>提、拔、握、压。</p>"}]},
    },
    {"type": "dos_donts", "value": {"title": "电动车充电", "dos": ["集中充电"], "donts": ["飞线充电"]}},
]


@pytest.fixture
def admin_data(settings, tmp_path, django_user_model):
    """A little of everything the staff pages list, built through the apps' own builders."""
    from django.apps import apps

    from accounts.models import Town
    from certificates.models import CertificateRule
    from tests.tipoffs.helpers import submit
    from tipoffs import services as tipoff_services
    from tipoffs.models import HandlingRule

    settings.TIPOFFS_PRIVATE_ROOT = tmp_path / "tipoffs-private"
    settings.ACCOUNTS_PRIVATE_ROOT = tmp_path / "accounts-private"
    # A flushed database lost the rows the data migrations seeded; put back the ones these pages read.
    if not CertificateRule.objects.exists():
        import_module("certificates.migrations.0002_seed_rules").seed(apps, None)
    Town.objects.get_or_create(code="chengguan", defaults={"name": "城关镇", "sort_order": 1})
    HandlingRule.objects.get_or_create(
        effective_from=date(2018, 1, 4), defaults={"handling_days": 60, "max_extension_days": 30, "claim_days": 60}
    )

    superuser = django_user_model.objects.create_superuser(
        username="axe_admin", email="axe_admin@example.cn", password="pw-Axe-123456"
    )

    tree = make_site()
    today = timezone.localdate()
    campaign = make_campaign(
        tree["campaigns"],
        title="安全生产月",
        theme="人人讲安全、个个会应急",
        start=today - datetime.timedelta(days=2),
        end=today + datetime.timedelta(days=20),
        body=BODY,
    )
    _make_bank(code="axe", name="无障碍题库", true_false=3, single=2, chapters=("法律法规", "专业知识"))

    learner = cf.candidate("李安全")
    booking = cf.passed_result(learner, exam_day=today - datetime.timedelta(days=10))
    cf.issue(cf.candidate("王合格"))
    course = make_course("低压电工作业复训")

    tipoff, _code = submit(place_name="某饭店后厨", description="塑料桶装醇基燃料放在灶台旁。")
    tipoff = tipoff_services.tipoff_accept(tipoff=tipoff, actor=superuser)
    tipoff_services.tipoff_message_send(tipoff=tipoff, actor=superuser, body="请问燃料桶有几个？")
    submit(place_name="某加油点")
    return {
        "superuser": superuser,
        "campaign_index": tree["campaigns"],
        "campaign": campaign,
        "session": booking.session,
        "course": course,
        "tipoff": tipoff,
    }


def test_staff_admin_pages_pass_axe(browser_page, live_server, admin_data, axe_violations):
    page = browser_page
    log_in(page, live_server, admin_data["superuser"], second_factor=True)
    audit = Audit(page, axe_violations)

    audit.visit("dashboard", "/admin/")
    audit.visit("page explorer: campaigns", f"/admin/pages/{admin_data['campaign_index'].pk}/")
    audit.visit("campaign page edit (StreamField)", f"/admin/pages/{admin_data['campaign'].pk}/edit/")
    page.locator("[data-streamfield-stream-container], .w-panel").first.wait_for()
    audit.check("campaign page edit (StreamField), blocks drawn")

    listings = [
        ("question banks", reverse("wagtailsnippets_exams_questionbank:list")),
        ("questions", reverse("exams_questions:index")),
        ("exam sessions", reverse("bookings_sessions:index")),
        ("bookings", reverse("bookings_bookings:index")),
        ("certificate register", reverse("certificates_register:index")),
        ("courses", reverse("courses_course:index")),
        ("enrolments", reverse("courses_enrolment:index")),
        ("tip-off inbox", reverse("tipoffs_admin:inbox")),
        ("tip-off rewards", reverse("tipoffs_admin:rewards")),
        ("enterprises", reverse("enterprise:index")),
        ("campaign audiences (snippets)", reverse("wagtailsnippets_campaigns_audience:list")),
    ]
    for label, url in listings:
        audit.visit(label, url)

    audit.visit("tip-off handling page", reverse("tipoffs_admin:detail", args=[admin_data["tipoff"].pk]))
    audit.visit("exam session desk", reverse("bookings_admin:session_desk", args=[admin_data["session"].pk]))
    audit.visit("check-in", reverse("bookings_admin:check_in"))
    audit.visit("course edit (inline lessons)", reverse("courses_course:edit", args=[admin_data["course"].pk]))
    page.locator("#id_title").fill("")
    page.locator("#id_lessons-0-title").fill("")
    page.locator("form[method=post] [type=submit]").last.click()
    page.wait_for_load_state("load")
    page.locator(".error-message").first.wait_for()
    audit.check("course edit with validation errors (inline lessons)")

    audit.visit("new question form", reverse("exams_questions:add"))
    page.locator("form[method=post] [type=submit]").last.click()
    page.wait_for_load_state("load")
    page.locator(".error-message").first.wait_for()
    audit.check("new question form with validation errors")

    audit.visit("question import", reverse("exams_admin:import_upload"))
    for label, name in [
        ("exam-centre statistics (charts)", "bookings_admin:dashboard"),
        ("certificate expiry statistics (charts)", "certificates_register:dashboard"),
        ("tip-off statistics (charts)", "tipoffs_admin:dashboard"),
        ("exam statistics", "exams_admin:statistics"),
    ]:
        audit.visit(label, reverse(name))

    # Wagtail follows the system's dark theme; our charts and flags must stay readable there too.
    page.emulate_media(color_scheme="dark")
    audit.visit("dark theme: dashboard", "/admin/")
    audit.visit("dark theme: tip-off inbox", reverse("tipoffs_admin:inbox"))
    audit.visit("dark theme: tip-off statistics (charts)", reverse("tipoffs_admin:dashboard"))
    audit.visit("dark theme: certificate expiry statistics (charts)", reverse("certificates_register:dashboard"))

    assert len(audit.audited) >= 30
    audit.assert_clean()
