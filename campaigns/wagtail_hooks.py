from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import review
from .models import Audience, ReviewTask, Sector


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    list_display = ["name", "name_en", "code", "sort_order"]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "folder-open-inverse"
    list_display = ["name", "name_en", "code", "sort_order"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("宣传分类")
    menu_icon = "tag"
    items = (AudienceViewSet, SectorViewSet)


register_snippet(TaxonomyGroup)


@hooks.register("before_edit_page")
def refuse_review_bypass_on_edit(request, page):
    """Refuse a crafted direct publish, and explain to a reviewer why no review buttons show."""
    if request.method == "POST":
        if request.POST.get("action-publish") and not review.direct_publish_allowed(user=request.user, page=page):
            review.publish_refusal_audit(page=page, user=request.user)
            messages.error(request, _("此页面须经三审（初审→复审→终审）后发布，请点击“提交审核”。"))
            return redirect("wagtailadmin_pages:edit", page.pk)
        if request.POST.get("action-workflow-action"):
            task_state = page.current_workflow_task_state
            refusal = task_state and review.review_refusal(task_state=task_state, user=request.user)
            if refusal:
                action = request.POST.get("workflow-action-name", "")
                review.review_refusal_audit(task_state=task_state, user=request.user, action=action, reason=refusal)
                messages.error(request, refusal)
                return redirect("wagtailadmin_pages:edit", page.pk)
        return None
    task_state = page.current_workflow_task_state
    if task_state is not None and isinstance(task_state.task.specific, ReviewTask):
        task = task_state.task.specific
        if task.user_can_access_editor(page, request.user):
            refusal = review.review_refusal(task_state=task_state, user=request.user)
            if refusal:
                messages.warning(request, refusal)
    return None


@hooks.register("before_create_page")
def refuse_review_bypass_on_create(request, parent_page, page_class):
    if (
        request.method == "POST"
        and request.POST.get("action-publish")
        and not review.direct_publish_allowed(user=request.user, page=parent_page)
    ):
        review.publish_refusal_audit(page=parent_page, user=request.user)
        messages.error(request, _("新页面须经三审（初审→复审→终审）后发布，请保存草稿后点击“提交审核”。"))
        return redirect("wagtailadmin_pages:add_subpage", parent_page.pk)
    return None
