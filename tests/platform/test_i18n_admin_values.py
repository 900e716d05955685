"""The zh-hans admin shows values, not Python: 是/否 and "—" rather than True/False/None (issues 12 + 13).

Also the strings Wagtail hard-codes in templates or columns (the hidden Search button, the sites listing's
headers, the page chooser's hidden "Page" label), and the rows Wagtail and Django seed in English
(our models' permission names, the root page and collection, the default "Moderators approval" workflow).
"""

import datetime
import re
from decimal import Decimal
from importlib import import_module

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail.models import Collection, GroupApprovalTask, Page, Task, Workflow, WorkflowPage, WorkflowTask

from bookings.models import ExamCentre
from edu_platform.permission_names import permission_names_sync
from exams.models import QuestionBank
from tests.accounts.factories import make_enterprise
from tests.bookings.factories import room
from tests.campaigns.builders import make_site
from tipoffs.models import RewardRule, RewardRuleKind

pytestmark = pytest.mark.django_db

forwards = import_module("campaigns.migrations.0005_chinese_wagtail_defaults").forwards
PYTHON_VALUES = {"True", "False", "None"}


@pytest.fixture
def root_client(client):
    root = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(root)
    client.user = root
    return client


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    for element in soup.find_all(["script", "style", "svg"]):
        element.decompose()
    return soup


def _texts(soup: BeautifulSoup, selector: str) -> list[str]:
    return [" ".join(element.get_text().split()) for element in soup.select(selector)]


def _cell(soup: BeautifulSoup, row_text: str, header: str) -> str:
    """The text (screen-reader text included) in the listing row mentioning ``row_text``, column ``header``."""
    headers = _texts(soup, "table.listing thead th")
    index = next(i for i, text in enumerate(headers) if text.startswith(header))
    row = next(r for r in soup.select("table.listing tbody tr") if row_text in r.get_text())
    return _texts(row, "td")[index]


# 1. Values in listings and inspect views


def test_centre_listing_reads_yes_and_no_not_true_and_false(root_client):
    room(centre_name="城关考点")
    closed = room(centre_name="胡金店考点", name="一号考场").centre
    ExamCentre.objects.filter(pk=closed.pk).update(is_active=False)

    soup = _soup(root_client.get(reverse("bookings_centres:index")))

    assert _cell(soup, "城关考点", "启用") == "是"
    assert _cell(soup, "胡金店考点", "启用") == "否"
    assert not PYTHON_VALUES & set(soup.get_text().split())
    # The column stays sortable, as Wagtail's own field columns are.
    assert soup.select_one('table.listing thead th a[href*="ordering=is_active"]')


def test_question_bank_snippet_listing_reads_yes_and_no(root_client):
    QuestionBank.objects.create(code="public-bank", name="公开题库", is_public=True, is_active=False)

    soup = _soup(root_client.get(reverse("wagtailsnippets_exams_questionbank:list")))

    assert _cell(soup, "公开题库", "可用于公众知识竞答") == "是"
    assert _cell(soup, "公开题库", "启用") == "否"
    assert not PYTHON_VALUES & set(soup.get_text().split())


def test_inspect_view_shows_a_dash_for_empty_values(root_client):
    rule = RewardRule.objects.create(
        kind=RewardRuleKind.FINE_PERCENTAGE,
        effective_from=datetime.date(2026, 1, 1),
        percentage=Decimal("15"),
        max_amount=Decimal("300000"),
    )
    enterprise = make_enterprise(address="")

    for url in (
        reverse("tipoffs_rewardrule:inspect", args=[rule.pk]),
        reverse("enterprise:inspect", args=[enterprise.pk]),
    ):
        soup = _soup(root_client.get(url))
        values = _texts(soup, "dd")
        assert "—" in values, url
        assert not PYTHON_VALUES & set(values), url


def test_english_admin_reads_yes_and_no(root_client):
    room(centre_name="城关考点")
    root_client.cookies["django_language"] = "en"

    soup = _soup(root_client.get(reverse("bookings_centres:index"), HTTP_ACCEPT_LANGUAGE="en"))

    assert _cell(soup, "城关考点", "Active") == "Yes"


# 2. Strings Wagtail hard-codes


def test_hidden_search_buttons_are_translated(root_client):
    soup = _soup(root_client.get(reverse("wagtailadmin_home")))
    assert [button["value"] for button in soup.select('input[type="submit"]') if button.get("value")] == ["搜索"]

    request = RequestFactory().get("/admin/")
    with translation.override("zh-hans"):
        header = render_to_string(
            "wagtailadmin/shared/header.html",
            {"title": "页面", "search_url": "wagtailadmin_pages:search", "request": request},
        )
    assert 'value="搜索"' in header
    assert 'value="Search"' not in header


def test_sites_listing_headers_are_translated(root_client):
    make_site()

    soup = _soup(root_client.get(reverse("wagtailsites:index")))

    headers = _texts(soup, "table.listing thead th")
    assert {"端口号", "站点名称", "根页面"} <= set(headers), headers
    assert not {"Port", "Site name", "Root page"} & set(headers)
    # Sorting by port still works.
    assert _soup(root_client.get(reverse("wagtailsites:index") + "?ordering=-port"))


def test_page_chooser_hidden_label_in_group_permissions_is_translated(root_client):
    soup = _soup(root_client.get(reverse("wagtailusers_groups:add")))

    # The empty form sits in a <template>: CSS selectors and get_text() skip its content; its strings
    # are TemplateStrings, which find_all and .contents still reach.
    labels = [
        " ".join(str(label.contents[0]).split())
        for label in soup.find_all("label", attrs={"for": re.compile(r"-page$")})
    ]
    assert labels and all(label.startswith("页面") for label in labels), labels


# 3. Rows seeded in English


def test_our_permissions_are_named_in_chinese(root_client):
    assert Permission.objects.get(codename="add_enterprise").name == "可以添加企业"
    assert Permission.objects.get(codename="view_examcentre").name == "可以查看考点"
    assert not Permission.objects.filter(content_type__app_label="accounts", name__startswith="Can ").exists()
    group = Group.objects.create(name="测试组")

    soup = _soup(root_client.get(reverse("wagtailusers_groups:edit", args=[group.pk])))

    assert "Can add 企业" not in str(soup) and "Can change 企业" not in str(soup)


def test_permission_names_are_renamed_again_after_a_flush_recreates_them():
    """A flush (transactional tests) makes Django recreate permissions as "Can add …"; post_migrate renames."""
    Permission.objects.filter(codename="delete_enterprise").update(name="Can delete 企业")
    Permission.objects.filter(codename="add_group").update(name="Can add group")

    permission_names_sync(sender=None)

    assert Permission.objects.get(codename="delete_enterprise").name == "可以删除企业"
    # Django's and Wagtail's own permissions keep their names (English mode shows them right).
    assert Permission.objects.get(codename="add_group").name == "Can add group"
    # A custom permission is never renamed.
    custom = Permission.objects.filter(content_type__app_label="tipoffs").exclude(
        codename__regex=r"^(add|change|delete|view)_"
    )
    assert custom.exists() and not custom.filter(name__startswith="可以").exists()


def test_root_page_and_collection_are_named_in_chinese(root_client):
    make_site()
    Page.objects.filter(depth=1).update(title="Root", draft_title="Root")
    Collection.objects.filter(depth=1).update(name="Root")

    forwards(apps, None)

    assert Page.get_first_root_node().title == "根页面"
    assert Collection.get_first_root_node().name == "根集合"
    soup = _soup(root_client.get(reverse("wagtailadmin_explore_root")))
    assert "根页面" in soup.select_one("h1").get_text()
    assert "Root" not in soup.get_text().split()


def test_root_renamed_only_where_it_still_has_wagtails_title():
    make_site()
    Page.objects.filter(depth=1).update(title="站点树", draft_title="站点树")

    forwards(apps, None)

    assert Page.get_first_root_node().title == "站点树"


def _default_workflow() -> tuple[Workflow, Task]:
    """Wagtail's seeded "Moderators approval" (a flush removes it; make it as wagtailcore 0048 does)."""
    Workflow.objects.filter(name="Moderators approval").delete()
    workflow = Workflow.objects.create(name="Moderators approval", active=True)
    task = GroupApprovalTask.objects.create(name="Moderators approval", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow, task


def test_unused_default_workflow_is_renamed_and_deactivated(root_client):
    make_site()
    workflow, task = _default_workflow()

    forwards(apps, None)

    workflow.refresh_from_db()
    task.refresh_from_db()
    assert (workflow.name, workflow.active) == ("默认审批（已停用）", False)
    assert (task.name, task.active) == ("默认审批（已停用）", False)
    # The 三审 workflow still covers the whole tree.
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow.name.startswith("宣教三审")
    soup = _soup(root_client.get(reverse("wagtailadmin_workflows:index")))
    assert "Moderators approval" not in soup.get_text()


def test_default_workflow_still_assigned_somewhere_stays_active():
    tree = make_site()
    workflow, task = _default_workflow()
    WorkflowPage.objects.create(page=tree["home"], workflow=workflow)

    forwards(apps, None)

    workflow.refresh_from_db()
    task.refresh_from_db()
    assert (workflow.name, workflow.active) == ("默认审批", True)
    assert (task.name, task.active) == ("默认审批", True)


def test_group_permission_checkboxes_have_chinese_hidden_labels(root_client):
    """Every model's add/change/delete box and every page permission box, Django's and Wagtail's too."""
    soup = _soup(root_client.get(reverse("wagtailusers_groups:add")))

    labels = {
        " ".join(str(label.contents[0]).split()) if label.contents else ""
        for label in soup.find_all("label", attrs={"for": re.compile(r"permissions")})
    }
    assert {"添加 组", "更改 组", "删除 组", "添加 企业"} <= labels
    with translation.override("zh-hans"):
        assert str(Page.permission_types[0][2]) in labels  # Wagtail's "Add/edit pages you own", in Chinese
    assert not [label for label in labels if label.startswith("Can ") or "| Can " in label or "Delete pages" in label]


def test_wagtails_own_boolean_columns_read_yes_and_no(root_client):
    """The users listing's superuser ticks come from Wagtail's BooleanColumn; the template override covers it."""
    soup = _soup(root_client.get(reverse("wagtailusers_users:index")))

    hidden = {" ".join(span.get_text().split()) for span in soup.select("td .w-sr-only")}
    assert "是" in hidden
    assert not PYTHON_VALUES & hidden
