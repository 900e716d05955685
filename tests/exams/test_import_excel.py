from pathlib import Path

import pytest
from django.conf import settings

from exams.importing import file_check
from exams.importing.problems import ImportInvalid
from exams.importing.service import questions_import
from exams.models import Chapter, Question, QuestionType
from exams.services.banks import bank_create

from .conftest import xlsx_bytes

SAMPLE = Path(settings.BASE_DIR).parent / "shared" / "data" / "question_bank_sample.xlsx"
HEADER = ["编号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "难度", "章节"]


@pytest.fixture
def bank(db):
    return bank_create(code="t", name="测试题库")


def _import(bank, rows, **kwargs):
    return questions_import(bank=bank, source=xlsx_bytes(rows, **kwargs))


@pytest.mark.skipif(not SAMPLE.exists(), reason=f"shared sample not found at {SAMPLE}")
def test_shared_sample_imports_cleanly_and_reimport_changes_nothing(bank):
    summary = questions_import(bank=bank, source=str(SAMPLE))
    assert summary.created == 36
    counts = {t: bank.questions.filter(type=t).count() for t in QuestionType.values}
    assert counts == {"true_false": 14, "single": 14, "multiple": 8}
    first = Question.objects.get(bank=bank, external_id="GA-001")
    assert first.answer == "A" and first.options == ["正确", "错误"] and first.difficulty == 1
    assert first.chapter.path == "法律法规/安全生产法" and first.chapter.parent.path == "法律法规"
    stamp = {q.pk: q.updated_at for q in bank.questions.all()}
    again = questions_import(bank=bank, source=str(SAMPLE))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 36)
    assert {q.pk: q.updated_at for q in bank.questions.all()} == stamp


@pytest.mark.parametrize(
    "spelling,expected",
    [
        ("正确", "A"), ("错误", "B"), ("对", "A"), ("错", "B"), ("√", "A"), ("×", "B"), ("✓", "A"), ("✗", "B"),
        ("T", "A"), ("F", "B"), ("t", "A"), ("Ｆ", "B"), ("是", "A"), ("否", "B"), ("A", "A"), ("B", "B"),
        (" 正确 ", "A"),
    ],
)  # fmt: skip
def test_true_false_answer_spellings(bank, spelling, expected):
    _import(bank, [HEADER, ["", "判断题", "题干", "", "", "", "", spelling, "", "", ""]])
    assert bank.questions.get().answer == expected


@pytest.mark.parametrize(
    "type_,spelling,expected",
    [
        ("单选题", "c", "C"), ("单选", "Ｃ", "C"), ("单项选择题", " B ", "B"),
        ("多选题", "ACD", "ACD"), ("多选", "a,c", "AC"), ("多项选择题", "Ａ，Ｃ", "AC"), ("多选题", "D、A", "AD"),
        ("多选题", "A;B", "AB"), ("多选题", "A；B；C", "ABC"), ("多选题", "A B", "AB"), ("多选题", "ｂｄ", "BD"),
    ],
)  # fmt: skip
def test_choice_answer_spellings_and_type_aliases(bank, type_, spelling, expected):
    _import(bank, [HEADER, ["", type_, "题干", "甲", "乙", "丙", "丁", spelling, "", "", ""]])
    question = bank.questions.get()
    assert question.answer == expected
    assert question.options == ["甲", "乙", "丙", "丁"]


def test_header_aliases_widths_spaces_title_row_and_unknown_columns(bank):
    rows = [
        ["云梦县安全生产题库（2024 版）"],
        [],
        ["试题编号", "试题类型", "试 题 内 容", "Ａ", "B", "备注", "标准答案", "答案解析", "难度", "知识点"],
        ["X1", "是非题", "题干一", "", "", "随便", "√", "说明", "较难", "法律法规/安全生产法"],
        ["X2", "单项选择题", "题干二", "甲", "乙", "", "b", "", "易", "法律法规"],
    ]
    summary = _import(bank, rows)
    assert summary.created == 2
    one, two = bank.questions.order_by("external_id")
    assert (one.type, one.answer, one.explanation, one.difficulty) == ("true_false", "A", "说明", 4)
    assert (two.type, two.answer, two.options, two.difficulty) == ("single", "B", ["甲", "乙"], 1)
    assert Chapter.objects.filter(bank=bank).count() == 2


def test_sheet_named_tiku_wins_over_first_sheet(bank):
    source = xlsx_bytes([HEADER, ["", "判断", "题干", "", "", "", "", "对", "", "", ""]], extra_sheets=["说明"])
    assert questions_import(bank=bank, source=source).created == 1


def test_numbers_typed_as_numbers_read_as_text_and_text_kept_exactly(bank):
    rows = [HEADER, [110, "单选题", "  火警电话是（　　）。 ", 119, 110, 120.0, 12350, "B", "", 2.0, ""]]
    _import(bank, rows)
    question = bank.questions.get()
    assert question.external_id == "110"
    assert question.options == ["119", "110", "120", "12350"]
    assert question.stem == "火警电话是（　　）。"  # trimmed; full-width brackets and space kept
    assert question.difficulty == 2


def test_empty_rows_skipped_and_default_difficulty(bank):
    rows = [HEADER, [], ["", "判断题", "题干", "", "", "", "", "对", "", "", ""], [None] * 11]
    _import(bank, rows)
    assert bank.questions.get().difficulty == 3


def test_any_invalid_row_writes_nothing_and_names_row_and_column(bank):
    rows = [
        HEADER,
        ["A1", "判断题", "好的题", "", "", "", "", "对", "", "", "法律法规"],
        ["A2", "填空题", "题干", "", "", "", "", "对", "", "", ""],
        ["A3", "单选题", "", "甲", "乙", "", "", "C", "", "9", ""],
        ["A4", "多选题", "题干", "甲", "", "丙", "", "A", "", "", ""],
        ["A5", "判断题", "看不懂的答案", "", "", "", "", "也许", "", "", ""],
        ["A1", "判断题", "重复编号", "", "", "", "", "错", "", "", ""],
    ]
    with pytest.raises(ImportInvalid) as excinfo:
        _import(bank, rows)
    lines = [str(p) for p in excinfo.value.problems]
    assert "第 3 行，题型（B 列）：无法识别的题型“填空题”，请填写 判断题、单选题 或 多选题。" in lines
    assert any(line.startswith("第 4 行，题干（C 列）：题干不能为空") for line in lines)
    assert any(line.startswith("第 4 行，答案（H 列）：答案中的 C 没有对应的选项内容") for line in lines)
    assert any(line.startswith("第 4 行，难度（J 列）") for line in lines)
    assert any(line.startswith("第 5 行，选项B（E 列）：选项B为空") for line in lines)
    assert any(line.startswith("第 5 行，答案（H 列）：多选题至少要有两个正确答案") for line in lines)
    assert any(line.startswith("第 6 行，答案（H 列）：判断题的答案“也许”无法识别") for line in lines)
    assert any(line.startswith("第 7 行，编号：编号“A1”与第 2 行重复") for line in lines)
    assert not Question.objects.exists()
    assert not Chapter.objects.exists()


def test_missing_header_is_reported(bank):
    report = file_check(xlsx_bytes([["题干", "答案"], ["a", "b"]]))
    assert not report.ok
    assert "没有同时包含“题型”“题干”“答案”三列的表头行" in str(report.problems[0])


def test_not_an_excel_file_is_a_message(bank):
    from io import BytesIO

    report = file_check(BytesIO(b"hello, not a zip"))
    assert "无法读取该文件" in report.problems[0].message


def test_reimport_updates_by_external_id_and_rows_without_id_create(bank):
    _import(bank, [HEADER, ["K1", "判断题", "旧题干", "", "", "", "", "对", "", "", ""]])
    summary = _import(
        bank,
        [
            HEADER,
            ["K1", "判断题", "新题干", "", "", "", "", "错", "", "", ""],
            ["", "判断题", "无编号", "", "", "", "", "错", "", "", ""],
        ],
    )
    assert (summary.created, summary.updated, summary.unchanged) == (1, 1, 0)
    assert bank.questions.get(external_id="K1").stem == "新题干"
    assert bank.questions.get(external_id="K1").answer == "B"


def test_guarded_formula_text_is_unguarded_on_import(bank):
    _import(bank, [HEADER, ["", "判断题", "'=1+1 是公式吗", "", "", "", "", "错", "'-解析", "", ""]])
    question = bank.questions.get()
    assert question.stem == "=1+1 是公式吗"
    assert question.explanation == "-解析"
