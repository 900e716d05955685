"""One error type for every app's domain rules, with structured problems.

A service refuses a request by raising its app's subclass of :class:`DomainError`. Each problem
carries its Chinese message and, where it has one, the form field and the Excel row it is about,
so views attach messages to fields and imports sort by row without parsing translated text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing to fix: ``message`` (Chinese, for the user), optional ``field`` and Excel ``row``."""

    message: str
    field: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        return self.message

    @property
    def sort_key(self) -> tuple[int, str]:
        return (self.row if self.row is not None else 0, self.column or "")


class DomainError(Exception):
    """A domain rule refused the request.

    Raise with one message (``DomainError("已满员", field="session")``) or with several problems
    (``DomainError(problems=[Problem(...), ...])``). ``message`` is all problems joined, one a line.
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        field: str | None = None,
        row: int | None = None,
        problems: Iterable[Problem] | None = None,
    ):
        items = list(problems or [])
        if message is not None:
            items.insert(0, Problem(str(message), field=field, row=row))
        if not items:
            raise ValueError("DomainError needs a message or at least one problem.")
        self.problems: list[Problem] = items
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return "\n".join(problem.message for problem in self.problems)

    @property
    def field(self) -> str | None:
        """The field of the first problem (the common one-problem case)."""
        return self.problems[0].field

    def messages(self) -> list[str]:
        return [problem.message for problem in self.problems]

    def sorted_problems(self) -> list[Problem]:
        return sorted(self.problems, key=lambda problem: problem.sort_key)

    def add_to_form(self, form) -> None:
        """Attach every problem to ``form``: on its field when the form has one, else as a form error."""
        for problem in self.problems:
            form.add_error(problem.field if problem.field in form.fields else None, problem.message)


def problems_from_validation_error(exc) -> list[Problem]:
    """The problems of a model's ``full_clean`` ``ValidationError``, each on its field (none for ``__all__``)."""
    return [
        Problem(str(message), field=None if field == "__all__" else field)
        for field, messages in exc.message_dict.items()
        for message in messages
    ]
