"""Admin views for exam rules (考试规则): every write goes through ``exams.services.rules``, and a
rule in force can be neither edited nor deleted (add a later rule instead)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import CreateView, DeleteView, EditView

from edu_platform.dated_rules import InForceRefusalMixin

from .errors import ExamError
from .services.rules import RULE_FIELDS, WORDING, exam_rule_create, exam_rule_delete, exam_rule_update

RULE_FORM_FIELDS = ["subject", "effective_from", *RULE_FIELDS]


def _values(form) -> dict:
    return {name: form.cleaned_data[name] for name in RULE_FORM_FIELDS if name in form.cleaned_data}


class ExamRuleCreateView(CreateView):
    def form_valid(self, form):
        self.form = form
        try:
            self.object = exam_rule_create(actor=self.request.user, **_values(form))
        except ExamError as error:
            error.add_to_form(form)
            return self.form_invalid(form)
        return self.save_action()


class _LockedRefusalMixin(InForceRefusalMixin):
    """Refuse (message + back to the listing) any edit or delete of a rule already in force."""

    rule_wording = WORDING


class ExamRuleEditView(_LockedRefusalMixin, EditView):
    def form_valid(self, form):
        self.form = form
        try:
            self.object = exam_rule_update(rule=self.object, values=_values(form), actor=self.request.user)
        except ExamError as error:
            error.add_to_form(form)
            return self.form_invalid(form)
        return self.save_action()


class ExamRuleDeleteView(_LockedRefusalMixin, DeleteView):
    success_message = _("考试规则“%(object)s”已删除。")

    def form_valid(self, form):
        success_url = self.get_success_url()
        try:
            exam_rule_delete(rule=self.object, actor=self.request.user)
        except ExamError as error:
            messages.error(self.request, error.message)
            return redirect(self.index_url_name)
        messages.success(self.request, self.get_success_message())
        return redirect(success_url)
