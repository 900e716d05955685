from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("考核发证")

    def ready(self) -> None:
        from bookings.signals import booking_result_recorded

        from .handlers import certificate_on_result

        booking_result_recorded.connect(certificate_on_result, dispatch_uid="certificates.certificate_on_result")
