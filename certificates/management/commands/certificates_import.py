"""``manage.py certificates_import PATH [--dry-run]`` (DESIGN §4): a legacy register, all or nothing."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from certificates.errors import CertificateError
from certificates.importing import certificates_import


def problem_line(problem) -> str:
    """One stderr line: 第3行，身份证号（C 列）：… — row and column first, as the contract says."""
    where = []
    if problem.row:
        where.append(_("第%(row)d行") % {"row": problem.row})
    if problem.column:
        where.append(problem.column)
    return f"{'，'.join(where)}：{problem.message}" if where else problem.message


class Command(BaseCommand):
    help = "从 Excel（.xlsx）导入历史证书台账：任一行有误则全部不导入，并逐行说明问题。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="证书台账 .xlsx 文件路径")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入。")

    def handle(self, *args, path: str, dry_run: bool, **options):
        try:
            result = certificates_import(source=path, dry_run=dry_run)
        except CertificateError as exc:
            for problem in exc.sorted_problems():
                self.stderr.write(problem_line(problem))
            sys.exit(1)
        if dry_run:
            self.stdout.write(
                _("检查通过：共 %(rows)d 行，其中新证书 %(created)d 张（未写入）。")
                % {"rows": len(result.rows), "created": result.created}
            )
            return
        self.stdout.write(
            _("导入完成：新增 %(created)d 张，更新 %(updated)d 张，未变 %(unchanged)d 张。")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )
