"""Booking domain errors: subclasses of the platform's one :class:`~edu_platform.errors.DomainError`."""

from edu_platform.errors import DomainError, Problem


class BookingError(DomainError):
    """A booking rule refused the request; ``message`` is Chinese text for the user.

    ``field`` names the form field the message is about, when there is one (admin forms attach it there).
    """


class SessionFullError(BookingError):
    """No seat left: the view offers the waiting list instead."""


class SessionNotFoundError(BookingError):
    """No such session (a stale or made-up link): the view answers 404."""


class ResultsImportError(BookingError):
    """A results file had problems: one :class:`Problem` each, with its Excel ``row`` and ``column``."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems=sorted(problems, key=lambda problem: problem.sort_key))

    @property
    def errors(self) -> list[str]:
        """One line per problem, in row order (what the import page lists)."""
        return self.messages()
