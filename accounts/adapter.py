from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.fields import PhoneField
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .sms import sms_queue
from .validators import normalize_mobile, validate_mobile


@dataclass(frozen=True)
class SiteInfo:
    """What account e-mails call the site: its name and public address, never the request's host."""

    name: str
    domain: str


def site_info() -> SiteInfo:
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    return SiteInfo(name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(base_url).netloc or base_url)


class AccountAdapter(DefaultAccountAdapter):
    """Phone numbers live on ``User.phone`` as 11 mainland digits; codes go out through ``accounts.sms``."""

    def get_login_stages(self) -> list[str]:
        return [
            "accounts.stages.PhoneVerificationStage"
            if path == "allauth.account.stages.PhoneVerificationStage"
            else path
            for path in super().get_login_stages()
        ]

    def format_email_subject(self, subject: str) -> str:
        return f"【{settings.WAGTAIL_SITE_NAME}】{subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth names the site after the request's host ("来自127.0.0.1:8801的 Hello!").
        super().send_mail(template_prefix, email, {"current_site": site_info(), **context})

    def phone_form_field(self, **kwargs):
        # allauth's default insists on E.164 (+86…); people here type 138… and the login form
        # uses this field to decide whether a login is a phone number at all.
        kwargs.setdefault("validators", [])
        kwargs["label"] = _("手机号码")
        field = PhoneField(**kwargs)
        field.widget.attrs.update({"placeholder": "13800138000", "inputmode": "tel"})
        return field

    def clean_phone(self, phone: str) -> str:
        phone = normalize_mobile(phone)
        validate_mobile(phone)
        return phone

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = phone or None
        user.phone_verified = bool(phone) and verified
        user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user):
        if user.phone:
            return user.phone, user.phone_verified
        return None

    def set_phone_verified(self, user, phone: str) -> None:
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone: str):
        from .models import User

        return User.objects.filter(phone=normalize_mobile(phone)).order_by("pk").first()

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth keys failed logins by e-mail or username only; a phone login has neither, so every
        # phone login would share one key and five typos anywhere would lock out every phone user.
        login = credentials.get("email") or credentials.get("username") or ""
        if not login and credentials.get("phone"):
            login = "phone:" + normalize_mobile(credentials["phone"])
        return f"{get_current_site(request).domain}:{login.lower()}"

    def populate_username(self, request, user) -> None:
        # No e-mail means NULL, not "": the case-insensitive unique constraint would see "" twice.
        if not user.email:
            user.email = None
        super().populate_username(request, user)

    def send_account_already_exists_sms(self, phone: str) -> None:
        # Sign-up does not reveal that a number is registered; its owner learns of the attempt.
        sms_queue(phone, gettext("【云梦应急】有人尝试用您的手机号码注册账户。您已有账户，可直接登录或找回密码。"))

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        message = gettext("【云梦应急】您的验证码是 %(code)s，15分钟内有效。如非本人操作请忽略。") % {"code": code}
        sms_queue(phone, message)
