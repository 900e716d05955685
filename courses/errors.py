"""The courses app's domain error."""

from edu_platform.errors import DomainError


class CourseError(DomainError):
    """A course action that cannot be done; ``message`` is Chinese and tells the user what to do.

    ``problems`` carries one :class:`~edu_platform.errors.Problem` per thing to fix (with ``row`` and
    ``column`` for an Excel upload).
    """
