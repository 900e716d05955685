"""Register the tip-off handling pages in the Wagtail admin (MFA for these groups is enforced by
accounts' middleware). Menu entries appear only for people who may use them."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic import CreateView, DeleteView, EditView
from wagtail.admin.viewsets.model import ModelViewSet

from edu_platform.admin_columns import ReadableInspectView
from edu_platform.dated_rules import STANDARD_WORDING, InForceRefusalMixin

from . import admin_rewards, admin_views
from .access import is_handler
from .errors import TipOffError
from .models import HandlingRule, RewardRule
from .services import handling_rule_create, reward_rule_create


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("", admin_views.inbox, name="inbox"),
        path("new/", admin_views.staff_entry, name="entry"),
        path("<int:pk>/", admin_views.detail, name="detail"),
        path("<int:pk>/act/<slug:action>/", admin_views.act, name="act"),
        path("<int:pk>/files/<int:attachment_pk>/", admin_views.attachment, name="attachment"),
        path("rewards/", admin_rewards.rewards, name="rewards"),
        path("rewards/<int:pk>/act/<slug:action>/", admin_rewards.reward_act, name="reward_act"),
        path("rewards/ledger.xlsx", admin_rewards.ledger, name="ledger"),
        path("dashboard/", admin_rewards.dashboard, name="dashboard"),
    ]
    return [path("tipoffs/", include((urls, "tipoffs_admin"), namespace="tipoffs_admin"))]


class _Item(MenuItem):
    def __init__(self, *args, test, **kwargs):
        super().__init__(*args, **kwargs)
        self._test = test

    def is_shown(self, request):
        return self._test(request.user)


tipoffs_menu = Menu(
    register_hook_name="register_tipoffs_menu_item",
    construct_hook_name="construct_tipoffs_menu",
)


@hooks.register("register_tipoffs_menu_item")
def _inbox_item():
    return _Item(
        _("举报受理"),
        reverse("tipoffs_admin:inbox"),
        name="tipoff-inbox",
        icon_name="mail",
        order=100,
        test=admin_views.is_tipoff_staff,
    )


@hooks.register("register_tipoffs_menu_item")
def _entry_item():
    return _Item(
        _("录入电话/来信/来访"),
        reverse("tipoffs_admin:entry"),
        name="tipoff-entry",
        icon_name="plus",
        order=200,
        test=is_handler,
    )


@hooks.register("register_tipoffs_menu_item")
def _rewards_item():
    return _Item(
        _("举报奖励"),
        reverse("tipoffs_admin:rewards"),
        name="tipoff-rewards",
        icon_name="tag",
        order=300,
        test=admin_views.is_tipoff_staff,
    )


@hooks.register("register_tipoffs_menu_item")
def _dashboard_item():
    return _Item(
        _("举报统计"),
        reverse("tipoffs_admin:dashboard"),
        name="tipoff-dashboard",
        icon_name="table",
        order=400,
        test=admin_views.is_tipoff_staff,
    )


class _TipoffsSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return admin_views.is_tipoff_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_tipoffs_menu():
    return _TipoffsSubmenu(_("安全举报"), tipoffs_menu, name="tipoffs", icon_name="warning", order=900)


class RuleCreateView(CreateView):
    """Adds a rule row through its service (dated today or later, audited); refusals go on the form."""

    create_service = None

    def save_instance(self):
        return type(self).create_service(**self.form.cleaned_data, actor=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except TipOffError as exc:
            exc.add_to_form(form)
            self.produced_error_message = exc.message
            return self.form_invalid(form)


class RewardRuleCreateView(RuleCreateView):
    create_service = reward_rule_create

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # Left empty, the service keeps the model's default range (±20%).
        form.fields["adjustment_percent"].required = False
        return form


class HandlingRuleCreateView(RuleCreateView):
    create_service = handling_rule_create


class RuleEditView(EditView):
    """Rules are not edited (past decisions cite them); add a newer rule instead."""

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


RewardRuleEditView = RuleEditView


class RuleDeleteView(InForceRefusalMixin, DeleteView):
    """A row in force decided past reports and rewards: not even a superuser deletes it."""

    rule_wording = STANDARD_WORDING


class RewardRuleViewSet(ModelViewSet):
    model = RewardRule
    icon = "list-ol"
    menu_label = _("奖励标准")
    add_to_admin_menu = False
    add_view_class = RewardRuleCreateView
    edit_view_class = RewardRuleEditView
    delete_view_class = RuleDeleteView
    form_fields = [
        "kind",
        "effective_from",
        "accident_grade",
        "percentage",
        "min_amount",
        "max_amount",
        "amount_per_death",
        "adjustment_percent",
        "min_deaths",
        "max_deaths",
    ]
    list_display = [
        "kind",
        "accident_grade",
        "effective_from",
        "percentage",
        "min_amount",
        "max_amount",
        "amount_per_death",
        "adjustment_percent",
    ]
    list_filter = ["kind"]
    inspect_view_class = ReadableInspectView
    inspect_view_enabled = True


reward_rule_viewset = RewardRuleViewSet("tipoffs_rewardrule")


class HandlingRuleViewSet(ModelViewSet):
    model = HandlingRule
    icon = "time"
    menu_label = _("办理期限标准")
    add_to_admin_menu = False
    add_view_class = HandlingRuleCreateView
    edit_view_class = RuleEditView
    delete_view_class = RuleDeleteView
    form_fields = ["effective_from", "handling_days", "max_extension_days", "claim_days"]
    list_display = ["effective_from", "handling_days", "max_extension_days", "claim_days"]
    inspect_view_class = ReadableInspectView
    inspect_view_enabled = True


handling_rule_viewset = HandlingRuleViewSet("tipoffs_handlingrule")


@hooks.register("register_admin_viewset")
def register_handling_rule_viewset():
    return handling_rule_viewset


@hooks.register("register_admin_viewset")
def register_reward_rule_viewset():
    return reward_rule_viewset


@hooks.register("register_tipoffs_menu_item")
def _rules_item():
    return _Item(
        _("奖励标准"),
        reverse(reward_rule_viewset.get_url_name("index")),
        name="tipoff-rules",
        icon_name="list-ol",
        order=500,
        test=lambda user: user.has_perm("tipoffs.view_rewardrule"),
    )


@hooks.register("register_tipoffs_menu_item")
def _handling_rules_item():
    return _Item(
        _("办理期限标准"),
        reverse(handling_rule_viewset.get_url_name("index")),
        name="tipoff-handling-rules",
        icon_name="time",
        order=510,
        test=lambda user: user.has_perm("tipoffs.view_handlingrule"),
    )


from .admin_panels import add_home_panel  # noqa: E402


@hooks.register("construct_homepage_panels")
def register_home_panel(request, panels):
    add_home_panel(request, panels)
