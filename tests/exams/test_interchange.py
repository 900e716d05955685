"""Export → import round trips: the Excel template, Moodle XML and GIFT."""

import io

import pytest

from exams.exporting import questions_gift, questions_moodle_xml, questions_xlsx
from exams.importing import file_check
from exams.importing.problems import ImportInvalid
from exams.importing.service import questions_import
from exams.models import Question
from exams.services.banks import QuestionData, bank_create, question_create

FIELDS = ("external_id", "type", "stem", "options", "answer", "explanation", "difficulty", "chapter__path")


def _snapshot(bank):
    return sorted(Question.objects.filter(bank=bank).values_list(*FIELDS))


@pytest.fixture
def tricky_bank(make_bank):
    bank = make_bank(code="src", true_false=3, single=3, multiple=3, chapters=("法律法规/安全生产法", "专业知识"))
    specials = [
        ("single", "=SUM(A1:A2) 是公式吗？{大括号} ~波浪~ #井号# 冒号: 反斜杠\\", ["=1+1", "+2", "-3", "@4"], "A"),
        ("multiple", "多行\n题干，全角标点：（　）", ["甲", "乙", "丙", "丁", "戊", "己", "庚"], "BG"),
        ("true_false", "-开头的判断题", ["正确", "错误"], "B"),
    ]
    for i, (type_, stem, options, answer) in enumerate(specials):
        question_create(
            bank=bank,
            data=QuestionData(
                type=type_,
                stem=stem,
                options=options,
                answer=answer,
                explanation="@解析：以@开头",
                difficulty=5,
                chapter_path="特殊/字符",
                external_id=f"SP-{i}",
            ),
        )
    return bank


def test_excel_export_imports_into_empty_bank_as_the_same_questions(tricky_bank):
    content = questions_xlsx(Question.objects.filter(bank=tricky_bank))
    target = bank_create(code="dst", name="目标")
    summary = questions_import(bank=target, source=io.BytesIO(content))
    assert summary.created == 12
    assert _snapshot(target) == _snapshot(tricky_bank)
    again = questions_import(bank=target, source=io.BytesIO(content))
    assert again.unchanged == 12


def test_excel_export_guards_formulas_and_has_canonical_headers(tricky_bank):
    from openpyxl import load_workbook

    content = questions_xlsx(Question.objects.filter(bank=tricky_bank))
    ws = load_workbook(io.BytesIO(content), read_only=True)["题库"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "编号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "选项G",
        "答案", "解析", "难度", "章节",
    ]  # fmt: skip
    # Formula-like text is a string-typed cell: shown exactly as written, never evaluated.
    cells = [cell for row in load_workbook(io.BytesIO(content))["题库"].iter_rows(min_row=2) for cell in row]
    tricky = [cell for cell in cells if isinstance(cell.value, str) and cell.value[:1] in "=+-@"]
    assert tricky and all(cell.data_type == "s" for cell in tricky)
    tf = next(row for row in rows if row[0] == "SP-2")
    assert tf[1] == "判断题" and tf[10] == "错误" and tf[2] == "-开头的判断题"


@pytest.mark.parametrize("writer,fmt", [(questions_moodle_xml, "moodle_xml"), (questions_gift, "gift")])
def test_moodle_xml_and_gift_round_trip(tricky_bank, writer, fmt):
    text = "".join(writer(Question.objects.filter(bank=tricky_bank)))
    target = bank_create(code="dst", name="目标")
    summary = questions_import(bank=target, source=io.BytesIO(text.encode()), file_format=fmt)
    assert summary.created == 12
    assert _snapshot(target) == _snapshot(tricky_bank)


def test_moodle_xml_from_moodle_with_html_and_unsupported_type(db):
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<question type="category"><category><text>$course$/top/Default/消防</text></category></question>
<question type="multichoice"><name><text>q1</text></name>
<questiontext format="html"><text><![CDATA[<p>灭火器应对准火焰&nbsp;<b>哪里</b>喷射？</p>]]></text></questiontext>
<single>true</single>
<answer fraction="0"><text>上部</text></answer><answer fraction="100"><text>根部</text></answer>
</question>
<question type="essay"><name><text>q2</text></name><questiontext><text>论述</text></questiontext></question>
</quiz>""".encode()
    report = file_check(io.BytesIO(xml), "moodle_xml")
    assert [str(p) for p in report.problems] == [
        "第 2 题，type：不支持的 Moodle 题型“essay”，只能导入 multichoice 和 truefalse。"
    ]
    essay = (
        '<question type="essay"><name><text>q2</text></name><questiontext><text>论述</text></questiontext></question>'
    )
    fixed = xml.replace(essay.encode(), b"")
    bank = bank_create(code="m", name="m")
    questions_import(bank=bank, source=io.BytesIO(fixed), file_format="moodle_xml")
    question = bank.questions.get()
    assert question.stem == "灭火器应对准火焰\xa0哪里喷射？"
    assert question.answer == "B" and question.chapter.path == "Default/消防"


def test_moodle_xml_entities_are_refused(db):
    xml = b"""<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x "boom">]><quiz>&x;</quiz>"""
    report = file_check(io.BytesIO(xml), "moodle_xml")
    assert "XML 文件格式有误或含有不允许的内容" in report.problems[0].message


def test_gift_written_by_hand(db):
    gift = """// 一个注释
$CATEGORY: $course$/top/用电安全

::E1:: 发现有人触电，首先应当 {~用手拉开 =切断电源 ~大声呼救 #不对}

湿手可以触摸开关。{F####不可以}

::E3:: 以下属于安全电压的有 {~%50%12V ~%50%36V ~%-100%220V}
"""
    bank = bank_create(code="g", name="g")
    questions_import(bank=bank, source=io.BytesIO(gift.encode()), file_format="gift")
    e1, e3 = bank.questions.get(external_id="E1"), bank.questions.get(external_id="E3")
    assert (e1.type, e1.answer, e1.options) == ("single", "B", ["用手拉开", "切断电源", "大声呼救"])
    assert (e3.type, e3.answer) == ("multiple", "AB")
    tf = bank.questions.get(external_id="")
    assert (tf.answer, tf.explanation, tf.chapter.path) == ("B", "不可以", "用电安全")


def test_gift_problem_numbers_the_question(db):
    bank = bank_create(code="g", name="g")
    with pytest.raises(ImportInvalid) as excinfo:
        questions_import(bank=bank, source=io.BytesIO("好题 {T}\n\n坏题没有答案区\n".encode()), file_format="gift")
    assert str(excinfo.value.problems[0]).startswith("第 2 题")
    assert not bank.questions.exists()
