"""Site-wide admin hooks. edu_platform names no app: it finds each app's labels by module name."""

from importlib import import_module

from django.apps import apps
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.module_loading import module_has_submodule
from wagtail import hooks


def collected_audit_actions() -> dict[str, str]:
    """Every ``AUDIT_ACTIONS`` of every installed app's ``audit_actions`` module, merged."""
    actions: dict[str, str] = {}
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, "audit_actions"):
            continue
        module = import_module(f"{app_config.name}.audit_actions")
        for action, label in getattr(module, "AUDIT_ACTIONS", {}).items():
            if action in actions:
                raise ValueError(f"审计操作 {action!r} 在多个 audit_actions.py 中登记。")
            actions[action] = label
    return actions


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    for action, label in collected_audit_actions().items():
        # The label doubles as the message the history pages show for each line.
        actions.register_action(action, label, label)


@hooks.register("insert_global_admin_css")
def admin_chart_css():
    return format_html('<link rel="stylesheet" href="{}">', static("edu_platform/css/admin.css"))
