"""Expire rewards not claimed within 60 days of the notice (run daily by a timer; also done on access)."""

from django.core.management.base import BaseCommand

from tipoffs.services import reward_expire_overdue


class Command(BaseCommand):
    help = "将通知后 60 日内未申领的举报奖励标记为逾期"

    def handle(self, *args, **options):
        self.stdout.write(f"逾期奖励：{reward_expire_overdue()} 条。")
