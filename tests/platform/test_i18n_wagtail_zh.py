"""Wagtail's own zh_Hans catalogues leave many admin strings English; locale/zh_Hans fills them.

`locale/zh_Hans/LC_MESSAGES/django.po` overrides the server-rendered strings and `djangojs.po` the
ones Wagtail's scripts translate in the browser (StreamField's "Insert a block", autosave, content
metrics), served by /admin/jsi18n/. These tests render the admin as staff see it in zh-hans.
"""

import ast
import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import trans_real
from wagtail.users.models import UserProfile

from tests.campaigns.builders import make_article, make_campaign, make_event, make_site

pytestmark = pytest.mark.django_db

OVERRIDES = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _po_entries(path: Path) -> list[dict]:
    """The entries of a .po file as dicts (msgctxt, msgid, msgid_plural, msgstr…); no polib needed."""
    entries, current, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if line.startswith("#"):
            continue
        if not line:
            if current.get("msgid"):
                entries.append(current)
            current, key = {}, None
            continue
        match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
        if match:
            key = match.group(1)
            current[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    return entries


def _wagtail_catalogues(domain: str) -> list[Path]:
    """Wagtail's English catalogues (every msgid it has) for the Wagtail apps this project installs."""
    paths = []
    for config in apps.get_app_configs():
        if config.name == "wagtail" or config.name.startswith("wagtail."):
            path = Path(config.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            if path.exists():
                paths.append(path)
    return paths


def _strings(html: str) -> list[str]:
    """What a reader sees or hears, one string per text node or title / aria-label / placeholder / alt.

    Text inside <template> counts: Wagtail keeps its dialogs (schedule publishing, filters) there and
    shows them on demand; BeautifulSoup's get_text() would skip it.
    """
    from bs4 import BeautifulSoup, Comment, Doctype

    soup = BeautifulSoup(html, "html.parser")
    attributes = [
        value
        for element in soup.find_all(True)
        for name in ("title", "aria-label", "placeholder", "alt")
        if isinstance(value := element.get(name), str)
    ]
    for element in soup.find_all(["script", "style", "svg"]):
        element.decompose()
    nodes = [node for node in soup.find_all(string=True) if not isinstance(node, (Comment, Doctype))]
    return [text for text in (" ".join(str(item).split()) for item in [*nodes, *attributes]) if text]


def _visible_text(html: str) -> str:
    return " ".join(_strings(html))


@pytest.fixture
def root_client(client):
    root = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(root)
    client.user = root
    return client


@pytest.fixture
def site():
    tree = make_site()
    import datetime

    start = datetime.date(2026, 6, 1)
    tree["campaign"] = make_campaign(
        tree["campaigns"],
        start=start,
        end=start + datetime.timedelta(days=29),
        body=[{"type": "paragraph", "value": "<p>安全生产月活动。</p>"}],
    )
    tree["article"] = make_article(tree["articles"], title="家庭燃气安全")
    tree["event"] = make_event(tree["events"])
    return tree


def test_every_wagtail_server_string_has_a_chinese_translation():
    """Catches the strings a Wagtail upgrade adds without a zh_Hans translation (fix: add them to our .po)."""
    untranslated = []
    with translation.override("zh-hans"):
        catalogue = trans_real.translation("zh-hans")._catalog
        for path in _wagtail_catalogues("django"):
            for entry in _po_entries(path):
                msgid, context, plural = entry["msgid"], entry.get("msgctxt"), entry.get("msgid_plural")
                if plural:
                    english = plural
                    shown = translation.npgettext(context, msgid, plural, 2) if context else None
                    shown = shown or translation.ngettext(msgid, plural, 2)
                else:
                    english = msgid
                    shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                # A few translations are the English itself ("URL", "ID"): those are in the catalogue.
                key = f"{context}\x04{msgid}" if context else msgid
                if shown == english and key not in catalogue and (key, 0) not in catalogue:
                    untranslated.append(f"{path.parents[3].name}: {msgid!r}")
    assert untranslated == [], f"{len(untranslated)} Wagtail msgids show English in zh-hans: {untranslated[:20]}"


def test_the_admin_javascript_catalogue_translates_every_wagtail_js_string(client):
    """StreamField, autosave and the sidebar translate in the browser from /admin/jsi18n/."""
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S).group(1))
    assert catalogue["Insert a block"] == "插入区块"
    assert catalogue["Write something or type ‘/’ to insert a block"] == "输入内容，或键入“/”插入区块"
    assert catalogue["Changes have been autosaved."] == "更改已自动保存。"
    missing = []
    for path in _wagtail_catalogues("djangojs"):
        for entry in _po_entries(path):
            key = entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
            if key not in catalogue:
                missing.append(entry["msgid"])
    assert missing == []


def test_page_explorer_counts_and_filters_are_in_chinese(root_client, site):
    home = site["home"]
    html = root_client.get(f"/admin/pages/{home.id}/").content.decode()
    text = _visible_text(html)
    assert "共 4 项，当前第 1-4 项" in text
    for chinese in ("有子页面", "页面类型", "更新日期", "编辑者", "正在浏览"):
        assert chinese in text, chinese
    for english in ("1-4 of 4", "Has child pages", "Date updated", "Edited by", "Exploring"):
        assert english not in text, english


def test_search_without_results_is_in_chinese(root_client, site):
    url = f"/admin/pages/{site['home'].id}/"
    page = root_client.get(url, {"q": "不存在的页面标题xyz", "search_all": "1"}).content.decode()
    assert "全站没有结果。" in page
    assert "No results across entire site." not in page


@pytest.mark.parametrize("kind", ["campaign", "article", "event"])
def test_page_edit_form_side_panels_are_in_chinese(root_client, site, kind):
    page = site[kind]
    response = root_client.get(f"/admin/pages/{page.id}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    text = _visible_text(html)
    # The StreamField's own labels come from the JS catalogue, which the edit page loads.
    assert "/admin/jsi18n/" in html
    for chinese in ("内容指标", "阅读时间", "可读性", "选择此页面的上线和/或过期时间", "任何人都可以编辑此页面"):
        assert chinese in text, chinese
    for english in ("Content metrics", "Reading time", "should go live and/or expire", "Anyone can edit this"):
        assert english not in text, english


def _edit_form_data(html: str) -> dict:
    """The fields of a Wagtail edit form as the browser would post them, StreamFields left empty."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(html, "html.parser").find("form", attrs={"data-edit-form": True})
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name, kind = field.get("name"), field.get("type", "")
        if (
            not name
            or kind in ("submit", "file", "button")
            or (kind in ("checkbox", "radio") and not field.has_attr("checked"))
        ):
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        else:
            data[name] = field.get("value", field.get_text() if field.name == "textarea" else "")
    # StreamFields and the comments formset are built by the page's scripts; post them empty.
    for block in form.find_all(attrs={"data-controller": "w-block"}):
        data[f"{block['id']}-count"] = "0"
    for key, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}.items():
        data.setdefault(f"comments-{key}", value)
    return data


def test_page_saved_with_errors_shows_a_chinese_banner(root_client, site):
    page = site["article"]
    url = f"/admin/pages/{page.id}/edit/"
    data = _edit_form_data(root_client.get(url).content.decode())
    data["title"] = ""
    response = root_client.post(url, data)
    assert response.status_code == 200
    text = _visible_text(response.content.decode())
    assert "有内容未通过校验，页面未能保存。" in text
    assert "could not be saved" not in text


def test_snippet_form_with_errors_shows_a_chinese_banner(root_client):
    response = root_client.post("/admin/exams/subjects/new/", {})
    assert response.status_code == 200
    text = _visible_text(response.content.decode())
    assert "could not be created due to errors" not in text
    assert "无法创建" in text


def test_site_history_report_is_in_chinese(root_client, site):
    response = root_client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    text = _visible_text(response.content.decode())
    assert "网站历史" in text
    assert "发布" in text  # the publish log entries of the pages above
    for english in ("Site history", "Published", "Created", "Filters"):
        assert english not in text, english


def _english_fragments() -> set[str]:
    """English text we know Wagtail shows untranslated: the msgids our overrides translate.

    Each override's longest literal run (placeholders and tags removed) of three words or more; a
    shorter msgid only counts when it is a whole text node, which the sweep checks separately.
    """
    fragments = set()
    for entry in _po_entries(OVERRIDES):
        english = entry.get("msgid_plural") or entry["msgid"]
        runs = re.split(r"%\(\w+\)[sdr]|\{\w+\}|<[^>]+>|['\"‘’“”]", english)
        longest = max((run.strip(" .:–-") for run in runs), key=len)
        if len(longest.split()) >= 3:
            fragments.add(longest)
    return fragments


# What staff open every day; none of them may show any of the English fragments above.
SWEEP = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/{home}/",
    "/admin/pages/{campaign}/edit/",
    "/admin/pages/{article}/edit/",
    "/admin/pages/{event}/edit/",
    "/admin/pages/{campaign}/history/",
    "/admin/pages/{home}/add_subpage/",
    "/admin/pages/add/campaigns/campaignpage/{campaigns}/",
    "/admin/pages/add/campaigns/articlepage/{articles}/",
    "/admin/pages/add/campaigns/eventpage/{events}/",
    "/admin/pages/search/?q=安全",
    "/admin/reports/site-history/",
    "/admin/reports/locked/",
    "/admin/reports/aging-pages/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/page-types-usage/",
    "/admin/workflows/list/",
    "/admin/workflows/tasks/index/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/account/",
    "/admin/snippets/",
    "/admin/snippets/campaigns/sector/",
    "/admin/exams/banks/",
    "/admin/exams/banks/add/",
    "/admin/exams/questions/",
    "/admin/exams/subjects/",
    "/admin/exams/subjects/new/",
    "/admin/exams/rules/",
    "/admin/exams-desk/blueprints/",
    "/admin/exams-desk/import/",
    "/admin/bookings/centres/",
    "/admin/bookings/sessions/",
    "/admin/bookings/bookings/",
    "/admin/bookings-desk/check-in/",
    "/admin/courses_course/",
    "/admin/courses_enrolment/",
    "/admin/certificates/register/",
    "/admin/certificates/rules/",
]

# English Wagtail shows when a catalogue misses (whole text nodes or attribute values).
KNOWN_ENGLISH = [
    "Actions",
    "Any",
    "Anyone",
    "Compare",
    "Date updated",
    "Edited by",
    "Exploring",
    "Has child pages",
    "Locked by",
    "Oldest",
    "Page type",
    "Shortcuts",
    "Show disabled",
    "Sort item order",
    "Theme preferences",
    "(blank)",
]
# English inside longer text: django-filter's lookup words after a Chinese field name.
KNOWN_ENGLISH_INSIDE = [" is null", " year", "Showing "]


def test_most_used_admin_pages_show_no_english_wagtail_strings(root_client, site):
    ids = {name: page.id for name, page in site.items()}
    fragments = _english_fragments()
    whole = set(KNOWN_ENGLISH)
    found = {}
    for template in SWEEP:
        url = template.format(**ids)
        response = root_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        text = _visible_text(html)
        hits = sorted(fragment for fragment in fragments if fragment in text)
        hits += sorted(phrase for phrase in set(_strings(html)) if phrase in whole)
        hits += [phrase for phrase in KNOWN_ENGLISH_INSIDE if phrase in text]
        if hits:
            found[url] = hits
    assert found == {}


def test_english_admin_stays_english(root_client, site):
    profile = UserProfile.get_for_user(root_client.user)
    profile.preferred_language = "en"
    profile.save()
    text = _visible_text(root_client.get(f"/admin/pages/{site['home'].id}/").content.decode())
    assert "Has child pages" in text
    assert "有子页面" not in text
