from edu_platform.errors import DomainError


class CertificateError(DomainError):
    """A certificate-register rule refused the request; ``problems`` say what to fix (row/column for imports)."""
