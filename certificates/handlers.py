"""Listeners for other apps' signals; each one calls a service."""


def certificate_on_result(sender, *, booking, actor=None, **kwargs) -> None:
    """A result was recorded inside the results transaction: issue or renew the certificate it earns."""
    from .services.issuing import certificate_issue_for_booking

    certificate_issue_for_booking(booking=booking, actor=actor)
