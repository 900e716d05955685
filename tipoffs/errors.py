from edu_platform.errors import DomainError


class TipOffError(DomainError):
    """A refused tip-off or reward action; ``message`` is Chinese and says what to do.

    A subclass of the platform's :class:`DomainError`, so views can attach ``problems`` to form
    fields; ``TipOffError("…")`` and ``TipOffError("…", field="amount")`` both work.
    """
