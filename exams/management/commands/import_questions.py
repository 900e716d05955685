from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from exams.importing import format_for_filename
from exams.importing.problems import ImportInvalid
from exams.importing.service import questions_import
from exams.models import QuestionBank
from exams.services.banks import bank_create


class Command(BaseCommand):
    help = "导入题库文件（.xlsx 模板，或 Moodle XML / GIFT）。全部正确才写入；有错误时逐条列出行号和列名。"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--bank", required=True, help="题库代码；不存在时创建")
        parser.add_argument("--name", help="新建题库时使用的名称")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")

    def handle(self, *args, path, bank, name=None, dry_run=False, **options):
        file_path = Path(path)
        if not file_path.is_file():
            raise CommandError(f"找不到文件：{path}")
        file_format = format_for_filename(file_path.name) or "xlsx"
        try:
            # A new bank is created in the same transaction, so an invalid file or a dry run leaves none.
            with transaction.atomic():
                target = QuestionBank.objects.filter(code=bank).first()
                created = target is None
                if created:
                    target = bank_create(code=bank, name=name or bank)
                with file_path.open("rb") as fh:
                    summary = questions_import(bank=target, source=fh, file_format=file_format, dry_run=dry_run)
                if dry_run:
                    transaction.set_rollback(True)
        except ImportInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            if exc.total_problems > len(exc.problems):
                self.stderr.write(f"……另有 {exc.total_problems - len(exc.problems)} 个问题未列出。")
            self.stderr.write(f"共 {exc.total_problems} 个问题，未写入任何试题。")
            raise SystemExit(1) from None
        verb = "检查通过（未写入）" if dry_run else "导入完成"
        self.stdout.write(
            f"{verb}：新建 {summary.created} 道，更新 {summary.updated} 道，未变 {summary.unchanged} 道"
            f"（题库 {bank}{'，新建题库' if created and not dry_run else ''}）。"
        )
