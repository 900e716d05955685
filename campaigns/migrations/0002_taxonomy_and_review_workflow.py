"""五进 audiences, sectors, and the 三审 review workflow (初审 → 复审 → 终审) on the whole page tree.

Editors (宣教编辑) may add and edit pages but not publish: they submit to the workflow. Reviewers
(宣教审核) approve each of the three steps and hold the publish permission, which Wagtail needs to
publish the page when 终审 approves (and to unpublish a page that must come down).
"""

from django.db import migrations

AUDIENCES = [("enterprise", "企业"), ("village", "农村"), ("community", "社区"), ("school", "学校"), ("family", "家庭")]
SECTORS = [
    ("hazardous_chemicals", "危险化学品"),
    ("non_coal_mining", "非煤矿山"),
    ("industry_trade", "工贸"),
    ("fireworks", "烟花爆竹"),
    ("fire", "消防"),
    ("traffic", "交通"),
    ("construction", "建筑"),
    ("gas", "燃气"),
    ("small_venues", "九小场所"),
    ("other", "其他"),
]
WORKFLOW_NAME = "宣教三审（初审→复审→终审）"
STEPS = ["初审", "复审", "终审"]
EDITOR_PERMISSIONS = ["add", "change", "lock"]
REVIEWER_PERMISSIONS = ["add", "change", "publish", "lock", "unlock"]


def forwards(apps, schema_editor):
    Audience = apps.get_model("campaigns", "Audience")
    Sector = apps.get_model("campaigns", "Sector")
    for order, (code, name) in enumerate(AUDIENCES):
        Audience.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    for order, (code, name) in enumerate(SECTORS):
        Sector.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    editors, _ = Group.objects.get_or_create(name="宣教编辑")
    reviewers, _ = Group.objects.get_or_create(name="宣教审核")

    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    for group, types in ((editors, EDITOR_PERMISSIONS), (reviewers, REVIEWER_PERMISSIONS)):
        for permission_type in types:
            permission, _ = Permission.objects.get_or_create(
                content_type=page_type, codename=f"{permission_type}_page", defaults={"name": f"Can {permission_type} page"}
            )
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for order, name in enumerate(STEPS):
        task = GroupApprovalTask.objects.filter(name=name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=name, content_type=task_type, active=True)
        task.groups.set([reviewers])
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("accounts", "0002_towns_and_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
