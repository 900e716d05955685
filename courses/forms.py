from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import PersonCategory, User

from .models import Course, TrainingType


class CourseFilterForm(forms.Form):
    person_category = forms.ChoiceField(
        label=_("培训对象"), required=False, choices=[("", _("全部")), *PersonCategory.choices]
    )
    training_type = forms.ChoiceField(
        label=_("培训类型"), required=False, choices=[("", _("全部")), *TrainingType.choices]
    )


class BulkEnrolForm(forms.Form):
    """An enterprise admin picks a published course and some of their own staff."""

    course = forms.ModelChoiceField(
        label=_("课程"),
        queryset=Course.objects.filter(is_published=True),
        empty_label=_("请选择课程"),
        error_messages={"required": _("请选择要报名的课程。"), "invalid_choice": _("所选课程不存在或未发布。")},
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("员工"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("请至少勾选一名员工。"),
            "invalid_choice": _("只能为本单位的员工报名。"),
            "invalid_pk_value": _("只能为本单位的员工报名。"),
        },
    )

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the admin's own staff are valid choices: another enterprise's id is refused here.
        self.fields["staff"].queryset = User.objects.filter(enterprise=enterprise, is_active=True)
