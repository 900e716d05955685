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


class StaffUploadForm(forms.Form):
    """An enterprise admin uploads a staff list (.xlsx) to enrol on one course."""

    course = forms.ModelChoiceField(
        label=_("课程"),
        queryset=Course.objects.filter(is_published=True),
        empty_label=_("请选择课程"),
        error_messages={"required": _("请选择要报名的课程。"), "invalid_choice": _("所选课程不存在或未发布。")},
    )
    file = forms.FileField(
        label=_("员工名单（.xlsx）"),
        help_text=_("三列：姓名、手机号、身份证号；请使用下方的模板。"),
        error_messages={"required": _("请选择要上传的 Excel 文件。"), "empty": _("上传的文件是空的。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems = []

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件（可先下载模板）。"))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("文件不能超过 5 MB；人数较多时请分成几个文件上传。"))
        return upload
