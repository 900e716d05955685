class ExamError(Exception):
    """A domain rule refused the request; ``message`` is Chinese and tells the user what to fix."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
