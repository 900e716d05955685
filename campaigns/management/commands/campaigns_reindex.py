from django.core.management.base import BaseCommand

from campaigns import services


class Command(BaseCommand):
    help = "重建站内中文搜索索引（分词规则变更或数据导入之后运行）。"

    def handle(self, *args, **options):
        count = services.search_index_rebuild()
        self.stdout.write(f"已为 {count} 个已发布页面建立搜索索引。")
