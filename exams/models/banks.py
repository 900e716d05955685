from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_OPTIONS = 8
OPTION_LETTERS = "ABCDEFGH"


class QuestionType(models.TextChoices):
    TRUE_FALSE = "true_false", _("判断题")
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")


class QuestionBank(models.Model):
    """题库: a named, coded collection of questions; exam subjects draw papers from banks."""

    code = models.SlugField(_("题库代码"), max_length=50, unique=True)
    name = models.CharField(_("题库名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    # Banks open to anonymous public quizzes (the campaigns quiz block).
    is_public = models.BooleanField(_("可用于公众知识竞答"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("题库")
        verbose_name_plural = _("题库")

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Chapter(models.Model):
    """章节: a node in a bank's chapter tree. ``path`` is the full path, e.g. 法律法规/安全生产法."""

    bank = models.ForeignKey(QuestionBank, verbose_name=_("题库"), on_delete=models.CASCADE, related_name="chapters")
    parent = models.ForeignKey(
        "self", verbose_name=_("上级章节"), on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("名称"), max_length=100)
    path = models.CharField(_("完整路径"), max_length=500)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["bank", "sort_order", "path"]
        verbose_name = _("章节")
        verbose_name_plural = _("章节")
        constraints = [models.UniqueConstraint(fields=["bank", "path"], name="exams_chapter_unique_path")]

    def __str__(self) -> str:
        return self.path


class Question(models.Model):
    """试题. ``options`` is the list of option texts in their canonical order (A, B, …);
    ``answer`` holds the canonical letters ("A" / "AC"; a 判断题 is "A" = 正确 or "B" = 错误)."""

    bank = models.ForeignKey(QuestionBank, verbose_name=_("题库"), on_delete=models.CASCADE, related_name="questions")
    chapter = models.ForeignKey(
        Chapter, verbose_name=_("章节"), on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    external_id = models.CharField(_("编号"), max_length=64, blank=True)
    type = models.CharField(_("题型"), max_length=16, choices=QuestionType.choices)
    stem = models.TextField(_("题干"))
    options = models.JSONField(_("选项"), default=list, blank=True)
    answer = models.CharField(_("答案"), max_length=MAX_OPTIONS)
    explanation = models.TextField(_("解析"), blank=True)
    difficulty = models.PositiveSmallIntegerField(
        _("难度"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("图片"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["bank", "pk"]
        verbose_name = _("试题")
        verbose_name_plural = _("试题")
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "external_id"],
                condition=~models.Q(external_id=""),
                name="exams_question_unique_external_id",
            ),
            models.CheckConstraint(
                condition=models.Q(difficulty__gte=1, difficulty__lte=5), name="exams_question_difficulty_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(type__in=["true_false", "single", "multiple"]), name="exams_question_type_valid"
            ),
            models.CheckConstraint(condition=~models.Q(answer=""), name="exams_question_answer_not_empty"),
        ]
        indexes = [models.Index(fields=["bank", "is_active", "type"], name="exams_question_draw_idx")]

    def __str__(self) -> str:
        return self.stem[:40]


class QuestionImport(models.Model):
    """One upload of an Excel (or Moodle XML / GIFT) file into a bank: validated, then applied."""

    class Status(models.TextChoices):
        PENDING = "pending", _("等待处理")
        VALIDATING = "validating", _("正在检查")
        INVALID = "invalid", _("有错误，未导入")
        VALID = "valid", _("检查通过，待确认")
        IMPORTING = "importing", _("正在导入")
        DONE = "done", _("已导入")
        FAILED = "failed", _("导入失败")

    bank = models.ForeignKey(QuestionBank, verbose_name=_("题库"), on_delete=models.CASCADE, related_name="imports")
    file = models.FileField(_("文件"), upload_to="question_imports/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    file_format = models.CharField(_("格式"), max_length=16, default="xlsx")  # xlsx | moodle_xml | gift
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    problems = models.JSONField(
        _("问题列表"), default=list, blank=True
    )  # [{"row": 5, "column": "答案", "message": "…"}]
    summary = models.JSONField(_("结果摘要"), default=dict, blank=True)  # {"created": n, "updated": n, "unchanged": n}
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("试题导入")
        verbose_name_plural = _("试题导入")

    def __str__(self) -> str:
        return self.original_name
