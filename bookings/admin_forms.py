import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from exams.models import ExamSubject

from .models import BookingStatus, Room

WEEKDAYS = [
    (0, _("周一")),
    (1, _("周二")),
    (2, _("周三")),
    (3, _("周四")),
    (4, _("周五")),
    (5, _("周六")),
    (6, _("周日")),
]


class BulkSessionForm(forms.Form):
    room = forms.ModelChoiceField(
        label=_("考场"), queryset=Room.objects.filter(is_active=True).select_related("centre")
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("考试科目"), queryset=ExamSubject.objects.filter(is_active=True), widget=forms.CheckboxSelectMultiple
    )
    first_date = forms.DateField(label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    weeks = forms.IntegerField(label=_("持续周数"), min_value=1, max_value=52, initial=8)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("每周哪几天"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    times = forms.CharField(
        label=_("时段"),
        initial="09:00-11:00\n14:00-16:00",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个时段，格式 09:00-11:00。"),
    )
    capacity = forms.IntegerField(
        label=_("每场可预约座位数"), min_value=1, required=False, help_text=_("留空则等于考场座位数。")
    )
    opens_days_before = forms.IntegerField(label=_("考前多少天开放预约"), min_value=1, max_value=180, initial=30)
    closes_hours_before = forms.IntegerField(label=_("考前多少小时截止预约"), min_value=0, max_value=720, initial=24)
    cancel_cutoff_hours = forms.IntegerField(label=_("考前多少小时内不能取消"), min_value=0, max_value=720, initial=24)

    def clean_times(self):
        slots = []
        for number, line in enumerate(self.cleaned_data["times"].splitlines(), start=1):
            line = line.strip().replace("：", ":").replace("－", "-").replace("—", "-")
            if not line:
                continue
            try:
                start, end = (datetime.time.fromisoformat(p.strip()) for p in line.split("-"))
            except ValueError:
                raise forms.ValidationError(
                    _("第%(n)d行“%(line)s”格式不对，应为 09:00-11:00。") % {"n": number, "line": line}
                ) from None
            if end <= start:
                raise forms.ValidationError(_("第%(n)d行：结束时间应晚于开始时间。") % {"n": number})
            slots.append((start, end))
        if not slots:
            raise forms.ValidationError(_("请至少填写一个时段。"))
        return slots


class CancelSessionForm(forms.Form):
    reason = forms.CharField(label=_("取消原因（将通知每位考生）"), max_length=200)


class BookingStatusFilter(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部")), *BookingStatus.choices], required=False)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("扫描二维码或输入准考证号"),
        max_length=200,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "inputmode": "text"}),
    )


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label=_("成绩表（.xlsx）"), help_text=_("第一行为表头，需包含“准考证号”“成绩”，可含“是否合格”。")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("文件不能超过10MB。"))
        return upload
