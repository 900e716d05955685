"""三审: one Wagtail task type for the three review steps (初审 → 复审 → 终审).

Each step is a ``ReviewTask`` with its own group. On top of Wagtail's group approval a reviewer
may act on at most one step of a submission and never on a submission holding their own edits
(the rules live in ``campaigns.review``); the check runs when the buttons are offered and again,
under a row lock, when an action arrives.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState, WorkflowState

from ..errors import CampaignError


class ReviewRefused(CampaignError, PermissionDenied):
    """A reviewer may not act on this step (Django answers 403 if it reaches a view unhandled)."""


class ReviewTask(AbstractGroupApprovalTask):
    """A 三审 step approved by members of its group, never twice by one person per submission."""

    class Meta:
        verbose_name = _("三审步骤")
        verbose_name_plural = _("三审步骤")

    @classmethod
    def get_description(cls):
        return _("本组成员审核此步骤；同一人对同一次提交最多审核一个步骤，且不能审核本人编辑的内容。")

    def _current_task_state(self, obj):
        state = getattr(obj, "current_workflow_task_state", None)
        if state is None or state.task_id != self.pk:
            return None
        return state

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not actions:
            return actions
        from ..review import review_refusal

        task_state = self._current_task_state(obj)
        if task_state is not None and review_refusal(task_state=task_state, user=user) is not None:
            return []
        return actions

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if not user.is_authenticated:
            return states
        # The dashboard lists only what this person may still act on (same rules as review_refusal).
        acted_on_other_step = TaskState.objects.filter(
            workflow_state_id=OuterRef("workflow_state_id"),
            finished_by=user,
            status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED],
        ).exclude(task_id=OuterRef("task_id"))
        return (
            states.exclude(workflow_state__requested_by=user)
            .exclude(revision__user=user)
            .exclude(Exists(acted_on_other_step))
        )

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name not in ("approve", "reject"):
            return super().on_action(task_state, user, action_name, **kwargs)
        from ..review import review_refusal, review_refusal_audit

        with transaction.atomic():
            # Two reviewers (or one in two tabs) acting at once: the first holds the submission's
            # row; the second re-reads the step and is refused if it is no longer open to them.
            WorkflowState.objects.select_for_update().filter(pk=task_state.workflow_state_id).first()
            task_state.refresh_from_db()
            if task_state.status != TaskState.STATUS_IN_PROGRESS:
                problem = _("此步骤已由其他审核人处理，请刷新页面查看最新状态。")
            else:
                problem = review_refusal(task_state=task_state, user=user)
            if problem is None:
                return super().on_action(task_state, user, action_name, **kwargs)
        review_refusal_audit(task_state=task_state, user=user, action=action_name, reason=str(problem))
        raise ReviewRefused(str(problem))
