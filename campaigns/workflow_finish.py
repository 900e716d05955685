"""Wagtail's ``WAGTAIL_FINISH_WORKFLOW_ACTION`` for 三审.

Loaded while ``wagtail.models`` is still importing, so nothing is imported at module level.
"""


def publish_approved(workflow_state, user=None) -> None:
    """Publish the revision a completed workflow approved, as the reviewer who approved 终审.

    No staff group holds Wagtail's publish permission (so nobody can bypass the workflow with the
    publish button); the permission is the completed workflow itself, checked step by step by
    ``campaigns.models.ReviewTask``. Other workflows (none today) keep Wagtail's default check.
    """
    from wagtail.models import TaskState

    from .models import ReviewTask

    tasks = workflow_state.workflow.tasks.specific()
    by_review = bool(tasks) and all(isinstance(task, ReviewTask) for task in tasks)
    approved = TaskState.objects.filter(workflow_state=workflow_state, status=TaskState.STATUS_APPROVED)
    complete = by_review and {state.task_id for state in approved} >= {task.pk for task in tasks}
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=complete)
