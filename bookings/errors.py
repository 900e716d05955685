class BookingError(Exception):
    """A booking rule refused the request; ``message`` is Chinese text for the user.

    ``field`` names the form field the message is about, when there is one (admin forms attach it there).
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field


class SessionFullError(BookingError):
    """No seat left: the view offers the waiting list instead."""


class ResultsImportError(BookingError):
    """A results file had problems; ``errors`` holds one line per problem with its row number."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors
