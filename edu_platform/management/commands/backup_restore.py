from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edu_platform.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "用备份文件夹替换当前的数据库、媒体文件和举报私有文件夹（先停止网站和任务进程）。"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="backup_create 写出的备份文件夹。")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接恢复。")

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            answer = input(f"将用 {path} 替换当前数据库和文件，现有数据会被覆盖。输入 yes 继续：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，未做任何更改。")
        try:
            manifest = backup_restore(path=path)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"已恢复 {manifest['created']} 的备份（{manifest['database']['vendor']}）。")
