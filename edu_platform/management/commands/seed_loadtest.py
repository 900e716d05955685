"""Load-test volumes (issue 11): a 20,000-question bank with a real 70 判断 + 30 单选 paper, 2,000
candidate accounts with a known password, 1,000 exam sessions and 500 campaign pages.

Each app writes its own part (``<app>/loadtest.py``), called here in dependency order. Idempotent:
running it again adds only what is missing. Smaller numbers for tests:
``seed_loadtest --questions 200 --candidates 5 --sessions 4 --pages 3``.
"""

from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "生成压测数据（题库、考生、场次、文章），可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--questions", type=int, default=20000)
        parser.add_argument("--candidates", type=int, default=2000)
        parser.add_argument("--sessions", type=int, default=1000)
        parser.add_argument("--pages", type=int, default=500)

    def handle(self, *args, questions: int, candidates: int, sessions: int, pages: int, **options):
        from accounts import loadtest as accounts_loadtest
        from bookings import loadtest as bookings_loadtest
        from campaigns import loadtest as campaigns_loadtest
        from exams import loadtest as exams_loadtest

        if questions < 100:
            self.stderr.write("--questions 至少为 100：组卷需要 70 道判断题和 30 道单选题。")
            raise SystemExit(2)
        with transaction.atomic():
            accounts_loadtest.seed(candidates=candidates, stdout=self.stdout)
            subject = exams_loadtest.seed(questions=questions, stdout=self.stdout)
            bookings_loadtest.seed(sessions=sessions, subject=subject, stdout=self.stdout)
        campaigns_loadtest.seed(pages=pages, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("压测数据已就绪。"))
