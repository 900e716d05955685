class TipOffError(Exception):
    """A refused tip-off or reward action; ``message`` is Chinese and says what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
