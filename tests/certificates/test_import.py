"""``certificates_import`` exactly as DESIGN §4: aliases, date formats, all-or-nothing refusals."""

import datetime

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from certificates.models import Certificate, CertificateStatus

from . import factories as f

pytestmark = pytest.mark.django_db

HEADERS = [
    "证书编号",
    "姓名",
    "身份证号",
    "证书类型",
    "人员类别",
    "行业",
    "单位",
    "初领日期",
    "有效期至",
    "下次复审日期",
]
ID1, ID2 = "11010519491231002X", f.id_number(7)


def xlsx(tmp_path, rows, *, headers=HEADERS, sheet=None, before=(), extra_sheets=()):
    wb = Workbook()
    ws = wb.active
    for title in extra_sheets:
        wb.create_sheet(title).append(["无关", "内容"])
    if sheet:
        ws.title = sheet
    for line in before:
        ws.append(line)
    ws.append(headers)
    for row in rows:
        ws.append(row)
    path = tmp_path / "register.xlsx"
    wb.save(path)
    return str(path)


def run(path, *args):
    """(exit code, stdout, stderr lines)."""
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("certificates_import", path, *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), [line for line in err.getvalue().splitlines() if line]


GOOD = [
    [
        "T001",
        "张三",
        ID1,
        "特种作业操作证",
        "低压电工作业",
        "",
        "云梦县某机械厂",
        datetime.datetime(2021, 3, 5),
        "2027-03-05",
        "2024/3/5",
    ],
    ["A001", "欧阳娜娜", ID2, "安全资格证", "主要负责人", "危险化学品", "", "2023.01.10", "2026年1月10日", ""],
]


def test_a_clean_register_imports_and_reimporting_changes_nothing(tmp_path):
    path = xlsx(tmp_path, GOOD)
    code, out, err = run(path)
    assert (code, err) == (0, [])
    assert "新增 2 张" in out
    special = Certificate.objects.get(number="T001")
    assert special.operation == "低压电工作业" and special.operation_group == "电工作业"
    assert (special.issued_on, special.valid_until, special.next_review_due) == (
        datetime.date(2021, 3, 5),
        datetime.date(2027, 3, 5),
        datetime.date(2024, 3, 5),
    )
    assert special.imported and special.enterprise_name == "云梦县某机械厂"
    qualification = Certificate.objects.get(number="A001")
    assert qualification.industry == "hazardous_chemicals" and qualification.person_category == "principal"
    assert qualification.valid_until == datetime.date(2026, 1, 10) and qualification.next_review_due is None
    before = list(Certificate.objects.order_by("pk").values())
    code, out, err = run(path)
    assert code == 0 and "新增 0 张，更新 0 张，未变 2 张" in out
    assert list(Certificate.objects.order_by("pk").values()) == before


def test_every_header_alias_width_and_spacing_is_understood_and_unknown_columns_are_ignored(tmp_path):
    headers = [
        "证号",
        "姓 名",
        "公民身份号码",
        "证书类型",
        "操作项目",
        "备注",
        "单位",
        "发证日期",
        "有效期截止",
        "复审日期",
    ]
    row = ["T9", "王五", ID1, "特种作业操作证", "高压电工作业", "随便", "", "2020-01-02", "2026-01-02", "2023-01-02"]
    path = xlsx(tmp_path, [row, [None] * 10], headers=headers, before=[["某某县证书台账"], []])
    assert run(path)[0] == 0
    assert Certificate.objects.get(number="T9").operation == "高压电工作业"
    for aliases in (["证书号", "身份证号码", "截止日期", "作业类别"], ["证书编号", "身份证号", "有效期至", "人员类别"]):
        Certificate.objects.all().delete()
        headers = [aliases[0], "姓名", aliases[1], "证书类型", aliases[3], "初领日期", aliases[2]]
        row = ["T9", "王五", ID1, "特种作业操作证", "高压电工作业", "2020-01-02", "2026-01-02"]
        assert run(xlsx(tmp_path, [row], headers=headers))[0] == 0
    # Full-width letters and spaces inside a header still match.
    headers = ["证书 编号", "姓名", "身份证号", "证书类型", "人员类别", "初领日期", "有效期至"]
    row = ["T10", "王五", ID1, "特种作业操作证", "高压电工作业", "2020-01-02", "2026-01-02"]
    assert run(xlsx(tmp_path, [row], headers=headers))[0] == 0


def test_the_sheet_named_证书台账_is_read_when_present(tmp_path):
    wb = Workbook()
    wb.active.append(["无关"])
    ws = wb.create_sheet("证书台账")
    ws.append(HEADERS)
    ws.append(GOOD[0])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    assert run(str(path))[0] == 0
    assert Certificate.objects.filter(number="T001").exists()


@pytest.mark.parametrize("text", ["2021-03-05", "2021/3/5", "2021.03.05", "2021年3月5日", "２０２１－０３－０５"])
def test_text_dates_in_every_listed_format(tmp_path, text):
    row = ["T1", "张三", ID1, "特种作业操作证", "低压电工作业", "", "", text, "2027-03-05", ""]
    assert run(xlsx(tmp_path, [row]))[0] == 0
    certificate = Certificate.objects.get()
    assert certificate.issued_on == datetime.date(2021, 3, 5)
    # No 复审 date in the register: the rule's first one (3 years after issue).
    assert certificate.next_review_due == datetime.date(2024, 3, 5)


BAD_CASES = [
    (
        ["T1", "张三", "110105194912310021", "特种作业操作证", "低压电工作业", "", "", "2021-03-05", "2027-03-05", ""],
        "身份证号（C 列）",
        "校验位",
    ),
    (
        ["T1", "张三", ID1, "驾驶证", "低压电工作业", "", "", "2021-03-05", "2027-03-05", ""],
        "证书类型（D 列）",
        "不认识",
    ),
    (
        ["T1", "张三", ID1, "特种作业操作证", "开挖掘机", "", "", "2021-03-05", "2027-03-05", ""],
        "人员类别（E 列）",
        "操作项目",
    ),
    (
        ["T1", "张三", ID1, "特种作业操作证", "电工作业", "", "", "2021-03-05", "2027-03-05", ""],
        "人员类别（E 列）",
        "作业类别",
    ),
    (
        ["T1", "张三", ID1, "安全资格证", "班长", "", "", "2021-03-05", "2024-03-05", ""],
        "人员类别（E 列）",
        "主要负责人",
    ),
    (
        ["T1", "张三", ID1, "安全资格证", "主要负责人", "外星", "", "2021-03-05", "2024-03-05", ""],
        "行业（F 列）",
        "不认识",
    ),
    (
        ["T1", "张三", ID1, "特种作业操作证", "低压电工作业", "", "", "2021-03-05", "2021-03-05", ""],
        "有效期至（I 列）",
        "应晚于",
    ),
    (
        ["T1", "张三", ID1, "特种作业操作证", "低压电工作业", "", "", "去年", "2027-03-05", ""],
        "初领日期（H 列）",
        "不是日期",
    ),
    (
        ["T1", "张三", ID1, "特种作业操作证", "低压电工作业", "", "", "2021-02-30", "2027-03-05", ""],
        "初领日期（H 列）",
        "不是日期",
    ),
    (
        ["T1", "", ID1, "特种作业操作证", "低压电工作业", "", "", "2021-03-05", "2027-03-05", ""],
        "姓名（B 列）",
        "不能为空",
    ),
]


@pytest.mark.parametrize(("row", "column", "words"), BAD_CASES)
def test_each_bad_row_is_refused_whole_with_its_row_and_column(tmp_path, row, column, words):
    path = xlsx(tmp_path, [GOOD[1], row])
    code, _out, err = run(path)
    assert code == 1
    assert len(err) == 1
    assert err[0].startswith(f"第3行，{column}：") and words in err[0]
    assert not Certificate.objects.exists()


def test_a_number_twice_and_several_problems_each_get_a_line_in_row_order(tmp_path):
    rows = [
        GOOD[0],
        ["T001", "李四", ID2, "特种作业操作证", "低压电工作业", "", "", "2021-03-05", "2027-03-05", ""],
        ["T003", "王五", "123", "飞行证", "低压电工作业", "", "", "2021-03-05", "2027-03-05", ""],
    ]
    code, _out, err = run(xlsx(tmp_path, rows))
    assert code == 1
    assert err[0].startswith("第3行，证书编号（A 列）：") and "与第 2 行重复" in err[0]
    assert [line[:3] for line in err[1:]] == ["第4行", "第4行"]
    assert not Certificate.objects.exists()


def test_dry_run_checks_without_writing(tmp_path):
    code, out, _err = run(xlsx(tmp_path, GOOD), "--dry-run")
    assert code == 0 and "新证书 2 张" in out
    assert not Certificate.objects.exists()


def test_a_file_without_the_header_row_or_not_a_workbook_is_refused(tmp_path):
    code, _out, err = run(xlsx(tmp_path, GOOD, headers=["编号", "名字"]))
    assert code == 1 and "没有同时包含" in err[0]
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a zip")
    code, _out, err = run(str(bad))
    assert code == 1 and "无法读取" in err[0]


def test_a_number_of_a_certificate_issued_here_or_of_another_person_is_refused(tmp_path):
    issued = f.issue(f.candidate())
    row = [
        issued.number,
        "某人",
        issued.id_number,
        "特种作业操作证",
        "低压电工作业",
        "",
        "",
        "2021-03-05",
        "2027-03-05",
        "",
    ]
    code, _out, err = run(xlsx(tmp_path, [row]))
    assert code == 1 and "本平台颁发" in err[0]
    row[2] = ID1
    code, _out, err = run(xlsx(tmp_path, [row]))
    assert code == 1 and "另一持证人" in err[0]


def test_an_imported_row_is_updated_by_a_corrected_register_and_linked_to_the_account(tmp_path):
    user = f.candidate("张三")
    row = ["T1", "张三", user.id_number, "特种作业操作证", "低压电工作业", "", "", "2021-03-05", "2027-03-05", ""]
    run(xlsx(tmp_path, [row]))
    row[8] = "2027-03-06"
    code, out, _err = run(xlsx(tmp_path, [row]))
    assert code == 0 and "更新 1 张" in out
    certificate = Certificate.objects.get()
    assert certificate.valid_until == datetime.date(2027, 3, 6) and certificate.holder == user
    assert certificate.status_on(datetime.date(2028, 1, 1)) == CertificateStatus.EXPIRED
