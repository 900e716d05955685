"""The rules of 三审 on top of Wagtail's workflow, and the audit of refused attempts.

- A reviewer acts on at most one step (初审, 复审 or 终审) of one submission.
- Nobody reviews a submission that holds their own edits, or that they submitted.
- Nobody below superuser publishes a page that has a workflow except by its 终审 approval (no
  staff group holds Wagtail's publish permission; ``wagtail_hooks`` refuses a crafted publish).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.models import Page, Revision, TaskState

from edu_platform.audit import audit_log


def _own_edit(*, task_state: TaskState, user) -> bool:
    workflow_state = task_state.workflow_state
    if workflow_state.requested_by_id == user.pk:
        return True
    if task_state.revision_id and task_state.revision.user_id == user.pk:
        return True
    page = workflow_state.content_object
    # Edits made since the page was last published are part of what is under review, whether
    # they were saved before the submission or during it.
    revisions = Revision.objects.filter(
        base_content_type_id=workflow_state.base_content_type_id, object_id=workflow_state.object_id, user=user
    )
    since = getattr(page, "last_published_at", None)
    if since is not None:
        revisions = revisions.filter(created_at__gt=since)
    return revisions.exists()


def review_refusal(*, task_state: TaskState, user) -> str | None:
    """Why ``user`` may not approve or reject ``task_state`` (a Chinese sentence), or ``None``."""
    if _own_edit(task_state=task_state, user=user):
        return _("这是您本人编辑或提交的内容，不能由您审核，请由其他审核人处理。")
    other_step = (
        TaskState.objects.filter(
            workflow_state_id=task_state.workflow_state_id,
            finished_by=user,
            status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED],
        )
        .exclude(task_id=task_state.task_id)
        .select_related("task")
        .first()
    )
    if other_step is not None:
        return _("此次提交的%(step)s已由您审核，每人只能审核其中一个步骤，请由其他审核人处理。") % {
            "step": other_step.task.name
        }
    return None


def review_refusal_audit(*, task_state: TaskState, user, action: str, reason: str) -> None:
    """Record a refused approve/reject attempt on a 三审 step."""
    audit_log(
        "campaigns.review.refused",
        target=task_state.workflow_state.content_object,
        actor=user,
        data={"step": task_state.task.name, "action": action, "reason": reason, "revision": task_state.revision_id},
    )


def publish_refusal_audit(*, page: Page, user) -> None:
    """Record a refused attempt to publish a page directly, bypassing 三审."""
    audit_log("campaigns.page.publish_refused", target=page, actor=user, data={"title": page.title})


def direct_publish_allowed(*, user, page: Page) -> bool:
    """Whether ``user`` may publish ``page`` (or a new child of it) without the workflow."""
    return user.is_superuser or page.get_workflow() is None
