from django.core.management.base import BaseCommand

from exams.services.statistics import statistics_compute


class Command(BaseCommand):
    help = "重新计算试题统计（难度指数、区分度）和科目统计（合格率、分数分布）。由定时任务调用。"

    def handle(self, *args, **options):
        result = statistics_compute()
        self.stdout.write(f"已计算 {result['questions']} 道试题、{result['subjects']} 个科目的统计。")
