from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .banks import Question


class PracticeRecord(models.Model):
    """A learner's practice history with one question (one row per user and question)."""

    # Learner records, not content: keep them out of Wagtail's reference index (a query per save).
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("学员"), on_delete=models.CASCADE, related_name="+"
    )
    question = models.ForeignKey(Question, verbose_name=_("试题"), on_delete=models.CASCADE, related_name="+")
    last_answer = models.CharField(_("最近作答"), max_length=8, blank=True)
    last_correct = models.BooleanField(_("最近是否正确"), default=False)
    answered_count = models.PositiveIntegerField(_("作答次数"), default=0)
    correct_count = models.PositiveIntegerField(_("答对次数"), default=0)
    # Kept so the feedback page, rebuilt from this row after a redirect or a reload, can still say
    # "已移出错题本" (the wrong-answer book's row is gone by then).
    last_cleared = models.BooleanField(_("最近作答移出错题本"), default=False)
    last_answered_at = models.DateTimeField(_("最近作答时间"), auto_now=True)

    class Meta:
        verbose_name = _("练习记录")
        verbose_name_plural = _("练习记录")
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="exams_practice_unique_user_question")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.question_id}"


class WrongAnswer(models.Model):
    """错题本 entry: stays until the learner answers it right ``WRONG_BOOK_CLEAR_STREAK`` times in a row."""

    # Learner records, not content: keep them out of Wagtail's reference index (a query per save).
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("学员"), on_delete=models.CASCADE, related_name="+"
    )
    question = models.ForeignKey(Question, verbose_name=_("试题"), on_delete=models.CASCADE, related_name="+")
    wrong_count = models.PositiveIntegerField(_("答错次数"), default=1)
    right_streak = models.PositiveSmallIntegerField(_("连续答对次数"), default=0)
    created_at = models.DateTimeField(_("加入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("错题")
        verbose_name_plural = _("错题本")
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="exams_wrong_unique_user_question")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.question_id}"


class Favourite(models.Model):
    """收藏: a question the learner keeps for later."""

    # Learner records, not content: keep them out of Wagtail's reference index (a query per save).
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("学员"), on_delete=models.CASCADE, related_name="+"
    )
    question = models.ForeignKey(Question, verbose_name=_("试题"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("收藏时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("收藏")
        verbose_name_plural = _("收藏")
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="exams_favourite_unique_user_question")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.question_id}"
