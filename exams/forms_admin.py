"""Forms for the exam admins' pages in the Wagtail admin."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Chapter, Question, QuestionBank, QuestionType
from .models.banks import OPTION_LETTERS
from .services.banks import QuestionData, question_data_check


class ChapterForm(WagtailAdminModelForm):
    """The path is derived from the parent, so the tree and the paths never disagree."""

    class Meta:
        model = Chapter
        fields = ["bank", "parent", "name", "sort_order"]

    def clean(self):
        cleaned = super().clean()
        bank, parent, name = cleaned.get("bank"), cleaned.get("parent"), (cleaned.get("name") or "").strip()
        if "/" in name:
            self.add_error("name", _("章节名称不能包含“/”；要建下级章节，请选择上级章节。"))
            return cleaned
        if parent is not None and bank is not None and parent.bank_id != bank.pk:
            self.add_error("parent", _("上级章节必须属于同一个题库。"))
            return cleaned
        if (
            parent is not None
            and self.instance.pk
            and (parent.pk == self.instance.pk or parent.path.startswith(self.instance.path + "/"))
        ):
            self.add_error("parent", _("上级章节不能是它自己或它的下级。"))
            return cleaned
        path = f"{parent.path}/{name}" if parent else name
        if bank and Chapter.objects.filter(bank=bank, path=path).exclude(pk=self.instance.pk).exists():
            self.add_error("name", _("该题库中已有同名章节“%(path)s”。") % {"path": path})
        self.instance.path = path
        return cleaned


class QuestionForm(WagtailAdminModelForm):
    """Options as separate fields A–H; the answer in letters (判断题: A = 正确, B = 错误)."""

    class Meta:
        model = Question
        fields = [
            "bank",
            "chapter",
            "external_id",
            "type",
            "stem",
            "image",
            "answer",
            "explanation",
            "difficulty",
            "is_active",
        ]
        help_texts = {"answer": _("填写选项字母，如 B 或 ACD；判断题填 A（正确）或 B（错误）。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = list(self.instance.options or []) if self.instance.pk else []
        for index, letter in enumerate(OPTION_LETTERS):
            self.fields[f"option_{letter}"] = forms.CharField(
                label=_("选项%(letter)s") % {"letter": letter},
                required=False,
                initial=options[index]
                if index < len(options) and self.instance.type != QuestionType.TRUE_FALSE
                else "",
                help_text=_("判断题不用填写选项。") if letter == "A" else "",
            )
        self.fields["chapter"].queryset = Chapter.objects.select_related("bank")

    def clean(self):
        cleaned = super().clean()
        type_ = cleaned.get("type")
        options = [cleaned.get(f"option_{letter}", "").strip() for letter in OPTION_LETTERS]
        while options and not options[-1]:
            options.pop()
        if type_ == QuestionType.TRUE_FALSE:
            options = ["正确", "错误"]
        answer = "".join(sorted(set((cleaned.get("answer") or "").upper().replace(",", "").replace(" ", ""))))
        chapter, bank = cleaned.get("chapter"), cleaned.get("bank")
        if chapter and bank and chapter.bank_id != bank.pk:
            self.add_error("chapter", _("章节必须属于所选题库。"))
        if type_ and cleaned.get("stem"):
            problem = question_data_check(
                QuestionData(
                    type=type_, stem=cleaned["stem"], options=options, answer=answer,
                    difficulty=cleaned.get("difficulty") or 3,
                )
            )  # fmt: skip
            if problem:
                raise ValidationError(problem)
        external_id = cleaned.get("external_id")
        if (
            external_id
            and bank
            and Question.objects.filter(bank=bank, external_id=external_id).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error("external_id", _("本题库中已有编号为“%(id)s”的试题。") % {"id": external_id})
        cleaned["answer"] = answer
        self.instance.options = options
        return cleaned


class ImportUploadForm(forms.Form):
    bank = forms.ModelChoiceField(label=_("导入到题库"), queryset=QuestionBank.objects.all())
    file = forms.FileField(
        label=_("题库文件"),
        help_text=_("Excel 模板（.xlsx），或 Moodle XML（.xml）、GIFT（.gift/.txt）。最大 20 MB。"),
    )

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("文件超过 20 MB，请拆分后分批导入。"))
        return upload


class QuestionFilterForm(forms.Form):
    """The question list's filters, reused by the export of a filtered list."""

    bank = forms.ModelChoiceField(label=_("题库"), queryset=QuestionBank.objects.all(), required=False)
    type = forms.ChoiceField(label=_("题型"), choices=[("", _("全部")), *QuestionType.choices], required=False)
    chapter = forms.ModelChoiceField(label=_("章节"), queryset=Chapter.objects.all(), required=False)
    difficulty = forms.TypedChoiceField(
        label=_("难度"), choices=[("", _("全部"))] + [(i, str(i)) for i in range(1, 6)], coerce=int, required=False,
        empty_value=None,
    )  # fmt: skip
    is_active = forms.NullBooleanField(label=_("启用"), required=False)
    q = forms.CharField(label=_("题干包含"), required=False)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["bank"]:
            queryset = queryset.filter(bank=data["bank"])
        if data["type"]:
            queryset = queryset.filter(type=data["type"])
        if data["chapter"]:
            chapter = data["chapter"]
            queryset = queryset.filter(
                Q(chapter=chapter) | Q(chapter__bank=chapter.bank_id, chapter__path__startswith=chapter.path + "/")
            )
        if data["difficulty"]:
            queryset = queryset.filter(difficulty=data["difficulty"])
        if data["is_active"] is not None:
            queryset = queryset.filter(is_active=data["is_active"])
        if data["q"]:
            queryset = queryset.filter(stem__icontains=data["q"])
        return queryset


class BlueprintForm(forms.Form):
    """A blueprint only composes the paper: full marks, pass mark and duration come from the exam
    rule in force (考试规则)."""

    name = forms.CharField(label=_("名称"), max_length=100)
    # An <input type="date"> accepts only ISO dates; the locale's display format would come back empty.
    effective_from = forms.DateField(
        label=_("生效日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text=_("各行分值合计必须等于该日生效的考试规则的满分；合格分数和考试时长取自考试规则。"),
    )
    shuffle_options = forms.BooleanField(label=_("选项乱序"), required=False, initial=True)
    attempts_allowed = forms.IntegerField(
        label=_("允许模拟次数"), min_value=0, initial=0, help_text=_("0 表示不限次数。")
    )
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)


class BlueprintRuleForm(forms.Form):
    """One line of the blueprint. A line without a 题数 is blank and ignored (the editor offers
    spare lines); a line with a 题数 needs its 题型."""

    question_type = forms.ChoiceField(
        label=_("题型"), choices=[("", _("请选择")), *QuestionType.choices], required=False
    )
    chapter = forms.ModelChoiceField(
        label=_("章节"), queryset=Chapter.objects.none(), required=False, empty_label=_("不限章节")
    )
    count = forms.IntegerField(label=_("题数"), min_value=1, max_value=500, required=False)
    points = forms.DecimalField(
        label=_("每题分值"), min_value=0.01, max_digits=5, decimal_places=2, initial=1, required=False
    )

    def __init__(self, *args, chapters=None, **kwargs):
        super().__init__(*args, **kwargs)
        if chapters is not None:
            self.fields["chapter"].queryset = chapters

    @property
    def is_blank(self) -> bool:
        return bool(self.is_bound and self.is_valid() and self.cleaned_data.get("count") is None)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("count") is None:
            return cleaned  # a blank line: ignored, whatever its other selects say
        if not cleaned.get("question_type"):
            self.add_error("question_type", _("请选择题型。"))
        if cleaned.get("points") is None:
            cleaned["points"] = Decimal(1)
        return cleaned


BlueprintRuleFormSet = forms.formset_factory(BlueprintRuleForm, extra=3, can_delete=True)
