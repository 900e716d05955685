from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from edu_platform.backups import BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = "备份数据库、媒体文件和举报私有文件夹到一个新的备份文件夹（默认写入 BACKUP_ROOT）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None, help="备份写入的文件夹（默认 BACKUP_ROOT）。")
        parser.add_argument(
            "--keep", type=int, default=None, help="只保留最新的 N 份备份（默认 BACKUP_KEEP，0 表示全部保留）。"
        )

    def handle(self, *args, output=None, keep=None, **options):
        output = output or Path(settings.BACKUP_ROOT)
        try:
            path = backup_create(output=output)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        keep = settings.BACKUP_KEEP if keep is None else keep
        removed = backups_prune(output=output, keep=keep) if keep else []
        self.stdout.write(str(path))
        for old in removed:
            self.stderr.write(f"已删除旧备份 {old}")
