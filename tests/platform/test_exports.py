"""Exports never carry a live formula (issue 12), and chart labels stay distinguishable (issue 13)."""

import csv
import io

import pytest
from django.template import Context, Template
from openpyxl import load_workbook

from accounts.models import User
from edu_platform.audit import audit_log
from edu_platform.excel import workbook_write
from edu_platform.templatetags.charts import distinct_short_labels

TRICKY = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "普通文字"]


def test_xlsx_types_formula_like_text_as_strings_without_an_apostrophe():
    content = workbook_write([TRICKY, [1, -5, 2.5, None, "x"]], headers=["=A", "B", "C", "D", "E"])
    sheet = load_workbook(io.BytesIO(content)).active
    header, text_row, number_row = list(sheet.iter_rows())
    assert header[0].value == "=A" and header[0].data_type == "s"
    assert [cell.value for cell in text_row] == TRICKY  # exactly what was written: no apostrophe
    assert all(cell.data_type == "s" for cell in text_row)
    assert [cell.value for cell in number_row[:3]] == [1, -5, 2.5]  # numbers stay numbers
    assert number_row[1].data_type == "n"


@pytest.mark.django_db
def test_wagtail_csv_exports_guard_formulas(client):
    admin = User.objects.create_superuser("root", "root@example.com", "pw")
    evil = User.objects.create_user("evil", "=cmd|'/C calc'!A0", "pw")  # str(user) is the e-mail
    audit_log("accounts.profile.updated", target=evil, actor=admin)
    client.force_login(admin)
    response = client.get("/admin/reports/site-history/", {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))
    labels = [row[1] for row in rows[1:]]
    assert "'=cmd|'/C calc'!A0" in labels
    assert not any(value.startswith(("=", "+", "-", "@")) for row in rows[1:] for value in row)
    # The xlsx export of the same listing types the cell as a string instead.
    xlsx = client.get("/admin/reports/site-history/", {"export": "xlsx"})
    cells = [c for row in load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.iter_rows() for c in row]
    evil_cell = next(c for c in cells if c.value == "=cmd|'/C calc'!A0")
    assert evil_cell.data_type == "s"


def test_long_labels_that_share_a_beginning_stay_distinct():
    labels = [
        "2026-06-16 上午 城关镇考点 第1考场",
        "2026-06-16 上午 城关镇考点 第2考场",
        "2026-06-16 下午 城关镇考点 第1考场",
        "短标签",
    ]
    short = distinct_short_labels(labels)
    assert len(set(short)) == len(labels)
    assert short[3] == "短标签"
    assert "…" in short[1] and len(short[1]) == 12  # shortened in the middle, its end kept
    assert all(len(s) <= 24 for s in short)


def test_chart_shows_full_label_as_tooltip_and_in_the_table():
    rows = [("2026年第一季度特种作业低压电工作业考试", 3), ("2026年第一季度特种作业高压电工作业考试", 5)]
    html = Template("{% load charts %}{% bar_chart rows title='考试' %}").render(Context({"rows": rows}))
    for label, value in rows:
        assert f"<title>{label}：{value}</title>" in html
        assert f'<th scope="row">{label}</th>' in html
    shown = [line.split(">", 1)[1].split("<", 1)[0] for line in html.splitlines() if 'text-anchor="end"' in line]
    assert len(shown) == 2 and shown[0] != shown[1]
