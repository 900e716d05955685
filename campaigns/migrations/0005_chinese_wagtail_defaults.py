"""Wagtail's own seeded rows, stored in English, get Chinese names (they show as data in the admin).

- The tree's root page, seeded as "Root", becomes 根页面, and the root collection ("Root", offered in
  every collection choice of a group's image/document permissions) 根集合; nothing finds either by
  name: code uses depth=1 / get_first_root_node().
- Wagtail's default "Moderators approval" workflow and its task: 0002 moved the whole tree to the 三审
  workflow, so where nothing uses it any more it becomes 默认审批（已停用） and is deactivated, like the
  retired tasks of 0003; a site that still assigns it somewhere keeps it active, as 默认审批.
Only rows still carrying Wagtail's English default are touched: a name an editor chose is kept.
"""

from django.db import migrations

ROOT_TITLE = "根页面"
ROOT_COLLECTION = "根集合"
DEFAULT_WORKFLOW = "Moderators approval"


def forwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Task = apps.get_model("wagtailcore", "Task")
    Collection = apps.get_model("wagtailcore", "Collection")

    Page.objects.filter(depth=1, title="Root").update(title=ROOT_TITLE, draft_title=ROOT_TITLE)
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION)

    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW):
        in_use = (
            WorkflowPage.objects.filter(workflow=workflow).exists()
            or WorkflowContentType.objects.filter(workflow=workflow).exists()
            or WorkflowState.objects.filter(workflow=workflow, status__in=["in_progress", "needs_changes"]).exists()
        )
        workflow.name = "默认审批" if in_use else "默认审批（已停用）"
        workflow.active = in_use
        workflow.save(update_fields=["name", "active"])
        for task in Task.objects.filter(workflow_tasks__workflow=workflow, name=DEFAULT_WORKFLOW):
            # The task can also serve another workflow; it stays active if any active one uses it.
            task_in_use = Workflow.objects.filter(workflow_tasks__task=task, active=True).exists()
            task.name = "默认审批" if task_in_use else "默认审批（已停用）"
            task.active = task_in_use
            task.save(update_fields=["name", "active"])


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_taxonomy_english_names"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
