from django.core.management.base import BaseCommand

from bookings.services import waitlist_expire_holds


class Command(BaseCommand):
    help = "让过期的候补座位保留失效，并按顺序为下一位候补考生保留（由定时任务每几分钟调用一次）。"

    def handle(self, *args, **options):
        n = waitlist_expire_holds()
        self.stdout.write(f"已处理过期保留 {n} 条。")
