from io import StringIO

import pytest
from django.core.management import call_command

from exams.models import Question, QuestionBank

from .conftest import xlsx_bytes

HEADER = ["编号", "题型", "题干", "选项A", "选项B", "答案"]


def _write(tmp_path, rows, name="q.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows).getvalue())
    return path


def _run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_import_creates_bank_with_name_and_reimport_changes_nothing(db, tmp_path):
    path = _write(tmp_path, [HEADER, ["C1", "单选题", "题干", "甲", "乙", "B"], ["C2", "判断题", "对吗", "", "", "对"]])
    code, out, _err = _run("import_questions", str(path), "--bank", "new-bank", "--name", "新题库")
    assert code == 0 and "新建 2 道" in out
    assert QuestionBank.objects.get(code="new-bank").name == "新题库"
    code, out, _err = _run("import_questions", str(path), "--bank", "new-bank")
    assert code == 0 and "新建 0 道，更新 0 道，未变 2 道" in out


def test_invalid_file_exits_1_with_one_line_per_problem_and_writes_nothing(db, tmp_path):
    path = _write(
        tmp_path,
        [
            HEADER,
            ["C1", "单选题", "题干", "甲", "乙", "B"],
            ["C2", "单选题", "题干", "甲", "乙", "Z"],
            ["C3", "x", "", "", "", "对"],
        ],
    )
    code, _out, err = _run("import_questions", str(path), "--bank", "nb")
    lines = err.strip().splitlines()
    assert code == 1
    assert lines[0] == "第 3 行，答案（F 列）：答案“Z”只能由选项字母 A–H 组成。"
    assert lines[1].startswith("第 4 行，题型（B 列）")
    assert lines[2].startswith("第 4 行，题干（C 列）")
    assert lines[-1] == "共 3 个问题，未写入任何试题。"
    assert not QuestionBank.objects.filter(code="nb").exists()
    assert not Question.objects.exists()


def test_dry_run_writes_nothing(db, tmp_path):
    path = _write(tmp_path, [HEADER, ["C1", "单选题", "题干", "甲", "乙", "B"]])
    code, out, _err = _run("import_questions", str(path), "--bank", "dry", "--dry-run")
    assert code == 0 and "检查通过（未写入）：新建 1 道" in out
    assert not QuestionBank.objects.exists()


def test_export_then_import_into_empty_bank(db, tmp_path, make_bank):
    make_bank(code="src", true_false=2, single=2, multiple=2)
    for name in ("out.xlsx", "out.xml", "out.gift"):
        code, out, _err = _run("export_questions", "--bank", "src", "--output", str(tmp_path / name))
        assert code == 0 and "已导出 6 道" in out
        code, _out, err = _run("import_questions", str(tmp_path / name), "--bank", f"copy-{name[4:]}")
        assert code == 0, err
        assert Question.objects.filter(bank__code=f"copy-{name[4:]}").count() == 6


def test_export_unknown_bank_is_an_error(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="找不到代码为“nope”的题库"):
        call_command("export_questions", "--bank", "nope", "--output", str(tmp_path / "x.xlsx"))


def test_demo_seed_is_idempotent_and_every_blueprint_is_fillable(db):
    from exams import demo
    from exams.models import Blueprint, ExamSubject
    from exams.services.blueprints import blueprint_check

    demo.seed(StringIO())
    counts = Question.objects.count()
    demo.seed(StringIO())
    assert Question.objects.count() == counts
    public = QuestionBank.objects.get(code="public-safety")
    assert public.is_public and public.questions.count() >= 30
    codes = set(ExamSubject.objects.values_list("code", flat=True))
    assert {"low-voltage-electrician", "welding", "hazchem-principal", "hazchem-safety-manager"} <= codes
    for blueprint in Blueprint.objects.all():
        assert blueprint_check(blueprint) == []
        assert sum(r.count * r.points for r in blueprint.rules.all()) == 100
