"""Reading question files (Excel, Moodle XML, GIFT) into validated ``QuestionData``.

Every format yields ``(row, question_or_None, problems)``; ``file_check`` runs a whole file and
collects problems (all or nothing), ``file_questions`` re-reads a checked file for writing, so no
pass holds the whole file in memory.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..services.banks import QuestionData
from .problems import MAX_PROBLEMS_KEPT, ImportInvalid, ImportProblem

FORMATS = {"xlsx": "Excel (.xlsx)", "moodle_xml": "Moodle XML", "gift": "GIFT"}


def format_for_filename(name: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return "xlsx"
    if lowered.endswith(".xml"):
        return "moodle_xml"
    if lowered.endswith((".gift", ".txt")):
        return "gift"
    return None


def _reader(file_format: str):
    if file_format == "xlsx":
        from .excel import excel_rows

        return excel_rows
    if file_format == "moodle_xml":
        from .moodle_xml import moodle_rows

        return moodle_rows
    if file_format == "gift":
        from .gift import gift_rows

        return gift_rows
    raise ValueError(file_format)


@dataclass
class FileReport:
    rows: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    total_problems: int = 0

    @property
    def ok(self) -> bool:
        return self.total_problems == 0 and self.rows > 0


def file_check(source, file_format: str = "xlsx", progress=None) -> FileReport:
    """Read every row and collect its problems, plus 编号 repeated within the file."""
    report = FileReport()
    seen_ids: dict[str, int] = {}

    def add(problem: ImportProblem) -> None:
        report.total_problems += 1
        if len(report.problems) < MAX_PROBLEMS_KEPT:
            report.problems.append(problem)

    for row, question, problems in _reader(file_format)(source, progress=progress):
        for problem in problems:
            add(problem)
        if row == 0:
            continue
        report.rows += 1
        if question is not None and question.external_id:
            first = seen_ids.setdefault(question.external_id, row)
            if first != row:
                add(
                    ImportProblem(
                        row, "编号", f"编号“{question.external_id}”与第 {first} 行重复；同一文件中编号不能重复。"
                    )
                )
    if report.rows == 0 and report.total_problems == 0:
        add(ImportProblem(None, "", "文件中没有试题。"))
    return report


def file_questions(source, file_format: str = "xlsx", progress=None) -> Iterator[QuestionData]:
    """The questions of a file that ``file_check`` passed; raises ``ImportInvalid`` on any problem."""
    for row, question, problems in _reader(file_format)(source, progress=progress):
        if problems or (question is None and row):
            raise ImportInvalid(problems)
        if question is not None:
            yield question


__all__ = [
    "FORMATS",
    "FileReport",
    "ImportInvalid",
    "ImportProblem",
    "file_check",
    "file_questions",
    "format_for_filename",
]
