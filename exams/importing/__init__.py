"""Reading question files (Excel, Moodle XML, GIFT) into validated ``QuestionData``.

Every format yields ``(row, question_or_None, problems)``, one row at a time, so no pass holds the
whole file in memory. ``file_check`` collects a file's problems; ``service.questions_import`` reads
and writes in one pass inside a transaction and rolls everything back if any row has a problem.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

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

    def add(self, problem: ImportProblem) -> None:
        self.total_problems += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(problem)

    def finish(self) -> None:
        if self.rows == 0 and self.total_problems == 0:
            self.add(ImportProblem(None, "", _("文件中没有试题。")))


def file_scan(source, file_format: str, report: FileReport, progress=None) -> Iterator[QuestionData]:
    """Read every row, recording problems (and 编号 repeated within the file) in ``report``; yield
    the valid questions while the file is still clean. Read to the end, so every problem is listed."""
    seen_ids: dict[str, int] = {}
    for row, question, problems in _reader(file_format)(source, progress=progress):
        for problem in problems:
            report.add(problem)
        if row == 0:
            continue
        report.rows += 1
        if question is None:
            continue
        if question.external_id:
            first = seen_ids.setdefault(question.external_id, row)
            if first != row:
                message = _("编号“%(id)s”与第 %(first)s 行重复；同一文件中编号不能重复。") % {
                    "id": question.external_id,
                    "first": first,
                }
                report.add(ImportProblem(row, "编号", message))
                continue
        if report.total_problems == 0:
            yield question
    report.finish()


def file_check(source, file_format: str = "xlsx", progress=None) -> FileReport:
    """Every problem of a file, without writing anything."""
    report = FileReport()
    for _question in file_scan(source, file_format, report, progress=progress):
        pass
    return report


__all__ = [
    "FORMATS",
    "FileReport",
    "ImportInvalid",
    "ImportProblem",
    "file_check",
    "file_scan",
    "format_for_filename",
]
