"""One source for exam rules, attempts that keep the question as drawn.

- ExamRule gains ``practical_pass_mark`` and one general rule per date (a partial unique constraint:
  NULL subjects escape the plain one).
- ExamSubject loses the undated ``training_hours_required`` (training rules are dated, in courses)
  and gains ``practical_required``.
- Blueprint loses ``time_limit_minutes`` and ``pass_mark``: the rule in force gives them.
- AttemptQuestion keeps a copy of its question; existing attempts get the copy from the question
  as it is now (the best record left of what was drawn).
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_questions_into_attempts(apps, schema_editor):
    AttemptQuestion = apps.get_model("exams", "AttemptQuestion")
    batch = []
    items = AttemptQuestion.objects.select_related("question", "question__chapter").order_by("pk")
    for item in items.iterator(chunk_size=2000):
        question = item.question
        item.question_type = question.type
        item.stem = question.stem
        item.options = list(question.options or [])
        item.key = question.answer
        item.explanation = question.explanation
        item.chapter_name = question.chapter.path if question.chapter_id else ""
        item.image_id = question.image_id
        batch.append(item)
        if len(batch) >= 2000:
            AttemptQuestion.objects.bulk_update(
                batch, ["question_type", "stem", "options", "key", "explanation", "chapter_name", "image"]
            )
            batch = []
    if batch:
        AttemptQuestion.objects.bulk_update(
            batch, ["question_type", "stem", "options", "key", "explanation", "chapter_name", "image"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("exams", "0002_questionbank_blueprint_attempt_chapter_blueprintrule_and_more"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.AddField(
            model_name="examrule",
            name="practical_pass_mark",
            field=models.PositiveSmallIntegerField(
                default=80,
                help_text="科目需要实际操作考试时，实操成绩的合格线（百分制）。",
                verbose_name="实操合格分数",
            ),
        ),
        migrations.AddConstraint(
            model_name="examrule",
            constraint=models.CheckConstraint(
                condition=models.Q(("duration_minutes__gt", 0)), name="exams_rule_duration_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="examrule",
            constraint=models.CheckConstraint(
                condition=models.Q(("full_marks__gt", 0)), name="exams_rule_full_marks_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="examrule",
            constraint=models.CheckConstraint(
                condition=models.Q(("practical_pass_mark__lte", 100)), name="exams_rule_practical_pass_le_100"
            ),
        ),
        migrations.AddConstraint(
            model_name="examrule",
            constraint=models.UniqueConstraint(
                condition=models.Q(("subject__isnull", True)),
                fields=("effective_from",),
                name="exams_rule_unique_general_date",
                violation_error_message="该日期已有一条通用考试规则（不限科目），请换一个生效日期。",
            ),
        ),
        migrations.RemoveField(model_name="examsubject", name="training_hours_required"),
        migrations.AddField(
            model_name="examsubject",
            name="practical_required",
            field=models.BooleanField(
                default=False,
                help_text="勾选后，成绩导入需要理论和实操两个分数，均合格才算通过。",
                verbose_name="需要实际操作考试",
            ),
        ),
        migrations.RemoveConstraint(model_name="blueprint", name="exams_blueprint_time_positive"),
        migrations.RemoveField(model_name="blueprint", name="time_limit_minutes"),
        migrations.RemoveField(model_name="blueprint", name="pass_mark"),
        migrations.AddField(
            model_name="attempt",
            name="exam_rule",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="attempts",
                to="exams.examrule",
                verbose_name="考试规则",
            ),
        ),
        migrations.AddField(
            model_name="attemptquestion",
            name="question_type",
            field=models.CharField(
                choices=[("true_false", "判断题"), ("single", "单选题"), ("multiple", "多选题")],
                default="",
                max_length=16,
                verbose_name="题型",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="attemptquestion",
            name="stem",
            field=models.TextField(default="", verbose_name="题干"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="attemptquestion",
            name="options",
            field=models.JSONField(blank=True, default=list, verbose_name="选项"),
        ),
        migrations.AddField(
            model_name="attemptquestion",
            name="key",
            field=models.CharField(default="", max_length=8, verbose_name="标准答案"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="attemptquestion",
            name="explanation",
            field=models.TextField(blank=True, verbose_name="解析"),
        ),
        migrations.AddField(
            model_name="attemptquestion",
            name="chapter_name",
            field=models.CharField(blank=True, max_length=500, verbose_name="章节"),
        ),
        migrations.AddField(
            model_name="attemptquestion",
            name="image",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailimages.image",
                verbose_name="图片",
            ),
        ),
        migrations.RunPython(copy_questions_into_attempts, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="attemptquestion",
            constraint=models.CheckConstraint(
                condition=models.Q(("key", ""), _negated=True), name="exams_attempt_item_key_not_empty"
            ),
        ),
        migrations.AddConstraint(
            model_name="attemptquestion",
            constraint=models.CheckConstraint(
                condition=models.Q(("question_type__in", ["true_false", "single", "multiple"])),
                name="exams_attempt_item_type_valid",
            ),
        ),
    ]
