from allauth.account.adapter import DefaultAccountAdapter

from .sms import sms_send
from .validators import normalize_mobile


class AccountAdapter(DefaultAccountAdapter):
    """Phone numbers live on ``User.phone``; codes go out through ``accounts.sms``."""

    def clean_phone(self, phone: str) -> str:
        from .validators import validate_mobile

        phone = normalize_mobile(phone)
        validate_mobile(phone)
        return phone

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = phone
        user.phone_verified = verified
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

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        sms_send(phone, f"【云梦应急】您的验证码是 {code}，15分钟内有效。如非本人操作请忽略。")
