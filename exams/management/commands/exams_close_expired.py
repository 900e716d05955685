from django.core.management.base import BaseCommand

from exams.services.attempts import attempt_close_expired


class Command(BaseCommand):
    help = "关闭超过截止时间仍未交卷的模拟考试答卷，并按截止时间评分（供 cron / systemd 定时器调用）。"

    def handle(self, *args, **options):
        closed = attempt_close_expired()
        self.stdout.write(f"已关闭并评分 {closed} 份超时答卷。")
