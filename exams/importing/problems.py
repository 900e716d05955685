"""A problem found in an uploaded file, with where it is (Excel row and column, or item number)."""

from dataclasses import dataclass

from django.utils.translation import gettext, pgettext

from edu_platform.errors import Problem

# The preview and the command list every problem; past this many the rest are counted, not kept.
MAX_PROBLEMS_KEPT = 1000


@dataclass(frozen=True)
class ImportProblem:
    row: int | None  # Excel row number (1-based) or item number in XML/GIFT
    column: str  # header text as written in the file, e.g. "答案（J 列）"
    message: str
    unit: str = "行"  # 行 for Excel rows, 题 for the n-th question of an XML/GIFT file

    def __str__(self) -> str:
        where = f"第 {self.row} {self.unit}" if self.row else "文件"
        column = f"，{self.column}" if self.column else ""
        return f"{where}{column}：{self.message}"

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message, "unit": self.unit}

    def as_problem(self) -> Problem:
        """The platform's structured problem (row and column kept, for views and sorting)."""
        return Problem(self.message, row=self.row, column=self.column or None)


def unit_label(unit: str) -> str:
    """``unit`` ("行" or "题", as stored) in the active language, for "第 %(row)s %(unit)s"."""
    if unit == "题":
        # Plain "题" is already the counting word ("questions"); here it names one question.
        return pgettext("导入问题位置", "题")
    return gettext("行")


class ImportInvalid(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, problems: list[ImportProblem], total_problems: int | None = None):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems
        self.total_problems = total_problems if total_problems is not None else len(problems)

    def as_problems(self) -> list[Problem]:
        return [problem.as_problem() for problem in self.problems]
