"""Seed Yunmeng County's towns and the staff roles (DESIGN §1). Permissions follow in post_migrate
(accounts.roles), because other apps' permissions only exist once their migrations have run."""

from django.db import migrations

TOWNS = [
    ("城关镇", "chengguan"),
    ("义堂镇", "yitang"),
    ("曾店镇", "zengdian"),
    ("吴铺镇", "wupu"),
    ("伍洛镇", "wuluo"),
    ("下辛店镇", "xiaxindian"),
    ("道桥镇", "daoqiao"),
    ("隔蒲潭镇", "geputan"),
    ("胡金店镇", "hujindian"),
    ("倒店乡", "daodian"),
    ("沙河乡", "shahe"),
    ("清明河乡", "qingminghe"),
    ("云梦经济开发区", "kaifaqu"),
]

ROLES = ["宣教编辑", "宣教审核", "考务管理员", "培训管理员", "举报受理员", "奖励审批人", "企业安全管理员"]


def seed(apps, schema_editor):
    Town = apps.get_model("accounts", "Town")
    Group = apps.get_model("auth", "Group")
    for order, (name, code) in enumerate(TOWNS):
        Town.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(seed, unseed)]
