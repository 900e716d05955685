"""``manage.py certificates_send_reminders [--date YYYY-MM-DD]``: daily; queues the reminder task."""

from django.core.management.base import BaseCommand

from certificates.tasks import certificate_reminders_task


class Command(BaseCommand):
    help = "排队发送证书到期与复审提醒（到期前 90 天、30 天各一次，站内通知并发短信）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期计算（YYYY-MM-DD，默认今天）。")

    def handle(self, *args, date: str | None = None, **options):
        result = certificate_reminders_task.enqueue(date)
        self.stdout.write(f"已排队：{result.id}")
