from edu_platform.errors import DomainError, Problem


class ExamError(DomainError):
    """A domain rule refused the request. ``message`` is Chinese and tells the user what to fix;
    ``problems`` lists each thing to fix with its form field (and Excel row) where it has one."""


__all__ = ["ExamError", "Problem"]
