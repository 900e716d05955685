from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Town
from exams.models import ExamSubject

from .models import ExamCentre


class DateInput(forms.DateInput):
    input_type = "date"


class SessionFilterForm(forms.Form):
    subject = forms.ModelChoiceField(
        label=_("考试科目"),
        queryset=ExamSubject.objects.filter(is_active=True),
        required=False,
        empty_label=_("全部科目"),
    )
    centre = forms.ModelChoiceField(
        label=_("考点"), queryset=ExamCentre.objects.filter(is_active=True), required=False, empty_label=_("全部考点")
    )
    town = forms.ModelChoiceField(
        label=_("乡镇"), queryset=Town.objects.all(), required=False, empty_label=_("全部乡镇")
    )
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data


class BookForm(forms.Form):
    subject = forms.ModelChoiceField(label=_("考试科目"), queryset=ExamSubject.objects.none(), empty_label=None)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = session.subjects.all()


class RescheduleForm(forms.Form):
    new_session = forms.TypedChoiceField(label=_("新场次"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_session"].choices = [
            (
                s.pk,
                f"{s.date:%Y-%m-%d} {s.start_time:%H:%M}-{s.end_time:%H:%M} {s.centre.name} {s.room.name}"
                + gettext("（余 %(seats)s 座）") % {"seats": s.seats_left},
            )
            for s in sessions
        ]
