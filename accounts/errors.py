"""The one error type of accounts' services."""

from edu_platform.errors import DomainError, Problem


class AccountError(DomainError):
    """A change refused for a reason the person can fix.

    ``AccountError(message, field=...)`` for one problem; ``errors={field: [messages]}`` (the shape
    a model's ``ValidationError.message_dict`` has) for several. ``.errors`` gives that mapping back.
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        field: str | None = None,
        errors: dict[str, list[str]] | None = None,
        problems=None,
    ):
        items = list(problems or [])
        for name, messages in (errors or {}).items():
            items.extend(Problem(str(text), field=None if name == "__all__" else name) for text in messages)
        if message is not None and not any(item.message == str(message) for item in items):
            items.insert(0, Problem(str(message), field=field))
        super().__init__(problems=items)

    @property
    def errors(self) -> dict[str, list[str]]:
        mapping: dict[str, list[str]] = {}
        for problem in self.problems:
            if problem.field:
                mapping.setdefault(problem.field, []).append(problem.message)
        return mapping
