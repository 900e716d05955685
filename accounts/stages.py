"""allauth login stages, adjusted."""

from allauth.account import stages
from allauth.account.adapter import get_adapter


class PhoneVerificationStage(stages.PhoneVerificationStage):
    """Sign-up requires a phone, but accounts made before that (staff, e-mail-only learners) have
    none: allauth would abort their login. They log in; the profile asks them for a number."""

    def handle(self):
        if self.login.user and get_adapter().get_phone(self.login.user) is None:
            return None, True
        return super().handle()
