"""三审 as three distinct steps, each approved by its own group (宣教初审, 宣教复审, 宣教终审).

The three steps become ``ReviewTask`` rows (one person acts on at most one step of a submission,
never on their own edit); the old shared-group tasks are deactivated, and a submission still in
review on them is cancelled (its editor submits it again). No group keeps Wagtail's publish
permission: a page with a workflow goes live only by its 终审 approval (superusers excepted).
宣教审核 keeps the taxonomy and site settings (campaigns.roles) and page editing, but no step.
"""

import django.db.models.deletion
from django.db import migrations, models

WORKFLOW_NAME = "宣教三审（初审→复审→终审）"
STEPS = [("初审", "宣教初审"), ("复审", "宣教复审"), ("终审", "宣教终审")]
REVIEWER_PAGE_PERMISSIONS = ["change", "lock"]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ReviewTask = apps.get_model("campaigns", "ReviewTask")

    root = Page.objects.filter(depth=1).order_by("path").first()
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if root is None or workflow is None:
        return
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")

    # Direct publishing is for superusers only; everyone else publishes through 终审.
    GroupPagePermission.objects.filter(permission__content_type=page_type, permission__codename="publish_page").delete()
    GroupPagePermission.objects.filter(
        group__name="宣教审核", permission__content_type=page_type, permission__codename="unlock_page"
    ).delete()

    old_tasks = list(GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow))
    if old_tasks:
        stale = WorkflowState.objects.filter(
            status__in=["in_progress", "needs_changes"], current_task_state__task__in=old_tasks
        )
        TaskState.objects.filter(workflow_state__in=stale, status="in_progress").update(status="cancelled")
        stale.update(status="cancelled")
        WorkflowTask.objects.filter(workflow=workflow, task__in=old_tasks).delete()
        for task in old_tasks:
            task.active = False
            task.name = f"{task.name}（已停用）"
            task.save(update_fields=["active", "name"])

    task_type, _ = ContentType.objects.get_or_create(app_label="campaigns", model="reviewtask")
    for order, (step, group_name) in enumerate(STEPS):
        group, _ = Group.objects.get_or_create(name=group_name)
        for permission_type in REVIEWER_PAGE_PERMISSIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=page_type, codename=f"{permission_type}_page", defaults={"name": f"Can {permission_type} page"}
            )
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
        task = ReviewTask.objects.filter(name=step).first()
        if task is None:
            task = ReviewTask.objects.create(name=step, content_type=task_type, active=True)
        task.groups.set([group])
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('campaigns', '0002_taxonomy_and_review_workflow'),
        ('wagtailcore', '0098_apitoken'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReviewTask',
            fields=[
                ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                ('groups', models.ManyToManyField(help_text='Pages/snippets at this step in a workflow will be moderated or approved by these groups of users', to='auth.group', verbose_name='groups')),
            ],
            options={
                'verbose_name': '三审步骤',
                'verbose_name_plural': '三审步骤',
            },
            bases=('wagtailcore.task',),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
