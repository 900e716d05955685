"""The campaigns app's domain error (kept apart from services so models can raise it too)."""

from edu_platform.errors import DomainError


class CampaignError(DomainError):
    """A campaigns operation that cannot go ahead; ``.message`` / ``.problems`` are shown to the user."""
