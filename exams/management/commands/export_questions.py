from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exams.exporting import questions_gift, questions_moodle_xml, questions_xlsx
from exams.importing import format_for_filename
from exams.models import Question, QuestionBank


class Command(BaseCommand):
    help = "导出题库为标准 Excel 模板（.xlsx；.xml 为 Moodle XML，.gift 为 GIFT）。"

    def add_arguments(self, parser):
        parser.add_argument("--bank", required=True, help="题库代码")
        parser.add_argument("--output", required=True, help="输出文件路径")
        parser.add_argument("--format", choices=["xlsx", "moodle_xml", "gift"], help="默认按文件扩展名判断")

    def handle(self, *args, bank, output, format=None, **options):
        target = QuestionBank.objects.filter(code=bank).first()
        if target is None:
            raise CommandError(f"找不到代码为“{bank}”的题库。")
        path = Path(output)
        file_format = format or format_for_filename(path.name) or "xlsx"
        questions = Question.objects.filter(bank=target)
        if file_format == "xlsx":
            path.write_bytes(questions_xlsx(questions))
        else:
            writer = questions_moodle_xml if file_format == "moodle_xml" else questions_gift
            with path.open("w", encoding="utf-8") as fh:
                fh.writelines(writer(questions))
        self.stdout.write(f"已导出 {questions.count()} 道试题到 {path}。")
