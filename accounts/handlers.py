"""Side effects of allauth events."""


def record_mfa_on_totp_activation(sender, request, user, authenticator, **kwargs) -> None:
    """Activating TOTP means the person just entered a valid code: count it as this session's second factor,
    so a member of an MFA-required group goes straight on to the admin after setting it up."""
    from allauth.account.internal.flows.login import record_authentication

    if request is not None and getattr(authenticator, "type", None) == "totp":
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
