"""Seed the certificate rules in force (DESIGN §3) as data.

安全资格证 (安全生产资格考试与证书管理暂行办法): 主要负责人 / 安全生产管理人员 by industry, valid 3 years.
特种作业操作证 (特种作业人员安全技术培训考核管理规定, 原国家安监总局令第30号; from 2026-06-01 应急管理部令
第19号): valid 6 years, 复审 every 3 years with at least 8 学时 of 复审 training. The 2026 rows repeat the
figures under the new basis, so the rule in force on each day names the decree that applied then.
"""

import datetime

from django.db import migrations

SAFETY_INDUSTRIES = ["hazardous_chemicals", "non_coal_mine", "metallurgy", "fireworks", "coal_mine", "other"]

OPERATIONS = {
    "电工作业": ["高压电工作业", "低压电工作业", "防爆电气作业"],
    "焊接与热切割作业": ["熔化焊接与热切割作业", "压力焊作业", "钎焊作业"],
    "高处作业": ["登高架设作业", "高处安装、维护、拆除作业"],
    "制冷与空调作业": ["制冷与空调设备运行操作作业", "制冷与空调设备安装修理作业"],
    "金属非金属矿山安全作业": [
        "金属非金属矿井通风作业",
        "尾矿作业",
        "金属非金属矿山安全检查作业",
        "金属非金属矿山提升机操作作业",
        "金属非金属矿山支柱作业",
        "金属非金属矿山井下电气作业",
        "金属非金属矿山排水作业",
        "金属非金属矿山爆破作业",
    ],
    "危险化学品安全作业": [
        "光气及光气化工艺作业",
        "氯碱电解工艺作业",
        "氯化工艺作业",
        "硝化工艺作业",
        "合成氨工艺作业",
        "裂解（裂化）工艺作业",
        "氟化工艺作业",
        "加氢工艺作业",
        "重氮化工艺作业",
        "氧化工艺作业",
        "过氧化工艺作业",
        "胺基化工艺作业",
        "磺化工艺作业",
        "聚合工艺作业",
        "烷基化工艺作业",
        "化工自动化控制仪表作业",
    ],
    "烟花爆竹安全作业": [
        "烟火药制造作业",
        "黑火药制造作业",
        "引火线制造作业",
        "烟花爆竹产品涉药作业",
        "烟花爆竹储存作业",
    ],
}

SAFETY_FROM = datetime.date(2013, 7, 1)
SPECIAL_ERAS = [
    (datetime.date(2010, 7, 1), "特种作业人员安全技术培训考核管理规定（原国家安全监管总局令第30号）"),
    (datetime.date(2026, 6, 1), "特种作业人员安全技术培训考核管理规定（应急管理部令第19号）"),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("certificates", "CertificateRule")
    for category in ("principal", "safety_manager"):
        for industry in SAFETY_INDUSTRIES:
            Rule.objects.get_or_create(
                kind="safety_qualification",
                person_category=category,
                industry=industry,
                operation="",
                effective_from=SAFETY_FROM,
                defaults={"validity_years": 3, "basis": "安全生产资格考试与证书管理暂行办法"},
            )
    for effective_from, basis in SPECIAL_ERAS:
        for group, operations in OPERATIONS.items():
            for operation in operations:
                Rule.objects.get_or_create(
                    kind="special_operation",
                    person_category="special_operator",
                    industry="",
                    operation=operation,
                    effective_from=effective_from,
                    defaults={
                        "operation_group": group,
                        "validity_years": 6,
                        "review_interval_years": 3,
                        "review_hours": 8,
                        "basis": basis,
                    },
                )


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
