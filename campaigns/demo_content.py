# ruff: noqa: E501 — demo prose is kept as whole sentences, one per string.
"""Texts of the demo site, written for this platform (cases are composites, not real named events)."""

import datetime

D = datetime.date

THEME_512_2024 = "人人讲安全、个个会应急——着力提升基层防灾避险能力"
THEME_512_2025 = "人人讲安全、个个会应急——排查身边灾害隐患"
THEME_MONTH_2024 = "人人讲安全、个个会应急——畅通生命通道"
THEME_MONTH_2025 = "人人讲安全、个个会应急——查找身边安全隐患"
# Themes by year (DESIGN §3); a year without a published theme reuses the latest one.
THEMES_512 = {2024: THEME_512_2024, 2025: THEME_512_2025}
THEMES_MONTH = {2024: THEME_MONTH_2024, 2025: THEME_MONTH_2025}


def theme_for(themes: dict[int, str], year: int) -> str:
    """The theme of ``year``, or the latest earlier one (the earliest if ``year`` precedes them all)."""
    earlier = [known for known in themes if known <= year]
    return themes[max(earlier)] if earlier else themes[min(themes)]


FAQ_EVACUATION = {
    "title": "常见问题",
    "items": [
        {
            "question": "家里着火了，先救火还是先报警？",
            "answer": "<p>火势很小、能用灭火器或湿毛巾扑灭时，可以先灭火；火势扩大或冒出浓烟，要立即撤离并拨打 119，讲清街道门牌、起火物和有无人员被困。</p>",
        },
        {
            "question": "楼道里有浓烟，还能往下跑吗？",
            "answer": "<p>不要冒险穿越浓烟。关紧房门，用湿毛巾堵住门缝，到靠近外墙的窗口或阳台呼救，等待消防救援。</p>",
        },
        {
            "question": "地震时应该往外跑吗？",
            "answer": "<p>住在楼房里，地震时不要跳楼、不要乘电梯。就近躲在坚固的桌子下或承重墙墙角，护住头颈，震动停止后再有序撤离到开阔地带。</p>",
        },
    ],
}

STEPS_EXTINGUISHER = {
    "title": "干粉灭火器使用四步法",
    "steps": [
        {"title": "提", "text": "提起灭火器，上下颠倒摇晃几次，让干粉松动。"},
        {"title": "拔", "text": "拔掉保险销。"},
        {"title": "握", "text": "一手握住喷管，对准火焰根部。"},
        {"title": "压", "text": "站在上风方向，距离火源 2 至 3 米，用力压下压把，左右扫射。"},
    ],
}

DOS_DONTS_EBIKE = {
    "title": "电动自行车安全",
    "dos": ["在小区集中充电点充电", "购买有 3C 认证的电池和充电器", "充满电后及时断电"],
    "donts": ["把电动车推进楼道、门厅和家里充电", "私拉电线“飞线充电”", "整夜无人看管地充电"],
}

ARTICLES = [
    {
        "slug": "extinguisher-basics",
        "title": "家庭常备灭火器，这几点要记牢",
        "date": D(2025, 11, 6),
        "kind": "fire_safety_day",
        "sectors": ["fire"],
        "audiences": ["family", "community"],
        "intro": "一具合格的干粉灭火器能在起火初期把火扑灭，关键是买对、放对、会用。",
        "body": [
            (
                "paragraph",
                "<p>起火后的最初三分钟是扑救的黄金时间。家里常备一具 2 公斤以上的 ABC 干粉灭火器，能扑灭固体、液体、气体和带电设备引起的初起火灾。灭火器要放在厨房门口、客厅等显眼、取用方便的位置，不要锁在柜子里。</p>",
            ),
            ("steps", STEPS_EXTINGUISHER),
            (
                "warning",
                {
                    "level": "warning",
                    "title": "每月看一眼压力表",
                    "text": "<p>压力表指针在绿区为正常，指向红区说明压力不足，需要到有资质的单位充装或更换。</p>",
                },
            ),
        ],
    },
    {
        "slug": "confined-space-rules",
        "title": "进入有限空间作业前，必须先通风、再检测、后作业",
        "date": D(2025, 6, 10),
        "kind": "safety_month",
        "sectors": ["industry_trade", "hazardous_chemicals"],
        "audiences": ["enterprise"],
        "intro": "污水井、化粪池、储罐里看不见的有毒气体和缺氧环境，是有限空间作业事故的头号杀手。",
        "body": [
            (
                "paragraph",
                "<p>有限空间是指封闭或者部分封闭、进出口受限、未被设计为固定工作场所，自然通风不良，易造成有毒有害、易燃易爆物质积聚或者氧含量不足的空间。企业开展有限空间作业前，必须严格执行“先通风、再检测、后作业”的原则。</p>",
            ),
            (
                "dos_donts",
                {
                    "title": "有限空间作业要点",
                    "dos": [
                        "作业前办理审批，明确监护人",
                        "检测氧含量和有毒气体浓度，合格后再进入",
                        "作业全程持续通风、持续监测",
                    ],
                    "donts": ["未经检测贸然进入", "用纯氧通风", "发现有人晕倒后盲目施救"],
                },
            ),
            (
                "warning",
                {
                    "level": "danger",
                    "title": "严禁盲目施救",
                    "text": "<p>有限空间事故中，超过一半的死亡者是施救人员。发现有人晕倒，应立即报警，在佩戴正压式空气呼吸器的前提下施救。</p>",
                },
            ),
        ],
    },
    {
        "slug": "ebike-charging",
        "title": "电动自行车进楼入户充电有多危险",
        "date": D(2025, 3, 18),
        "kind": "fire_safety_day",
        "sectors": ["fire"],
        "audiences": ["community", "family"],
        "intro": "电动自行车电池一旦热失控，几十秒内就会猛烈燃烧，并释放大量有毒烟气。",
        "body": [
            (
                "paragraph",
                "<p>锂电池热失控时温度可在短时间内升至上千摄氏度，燃烧产生的一氧化碳等有毒烟气会迅速充满楼道，堵住逃生通道。请把电动车停放在集中停放点，在有安全保护的充电桩充电。</p>",
            ),
            ("dos_donts", DOS_DONTS_EBIKE),
        ],
    },
    {
        "slug": "flood-season-safety",
        "title": "汛期来临，农村群众如何做好防汛避险",
        "date": D(2025, 5, 12),
        "kind": "disaster_prevention_day",
        "sectors": ["other"],
        "audiences": ["village", "family"],
        "intro": "暴雨、山洪和内涝来临前，提前知道往哪里转移、带什么东西，关键时刻能救命。",
        "body": [
            (
                "paragraph",
                "<p>汛期要留意气象部门发布的暴雨预警信号，熟悉村里的避险转移路线和安置点。接到转移通知要立即行动，不要为了抢救财物返回危险区域。</p>",
            ),
            (
                "key_facts",
                {
                    "title": "应急包建议",
                    "facts": [
                        {"figure": "3天", "label": "饮用水和食品储备"},
                        {"figure": "1只", "label": "手电筒和备用电池"},
                        {"figure": "1份", "label": "证件复印件和联系卡"},
                    ],
                },
            ),
            ("faq", FAQ_EVACUATION),
        ],
    },
    {
        "slug": "methanol-fuel-safety",
        "title": "餐馆使用醇基燃料，这些安全红线不能碰",
        "date": D(2025, 4, 22),
        "kind": "special",
        "sectors": ["small_venues", "hazardous_chemicals"],
        "audiences": ["enterprise", "community"],
        "intro": "醇基燃料燃烧时火焰颜色淡、不易察觉，违规储存和添加极易引发火灾和爆燃。",
        "body": [
            (
                "paragraph",
                "<p>醇基燃料的主要成分是甲醇，易挥发、易燃，蒸气与空气混合可形成爆炸性混合物。餐饮场所应从合法企业购买，储存量不超过规定，储存间与厨房操作间分开，并配备可燃气体报警装置。</p>",
            ),
            (
                "warning",
                {
                    "level": "danger",
                    "title": "严禁在燃烧过程中添加燃料",
                    "text": "<p>炉具未熄灭、未冷却时添加醇基燃料，是引发爆燃烧伤事故的主要原因。</p>",
                },
            ),
        ],
    },
    {
        "slug": "school-earthquake-drill",
        "title": "学校应急疏散演练怎么组织才有效",
        "date": D(2024, 10, 13),
        "kind": "disaster_reduction_day",
        "sectors": ["other"],
        "audiences": ["school"],
        "intro": "演练不是走过场：让每个学生熟悉疏散路线、掌握避险动作，才能在真实灾害中临危不乱。",
        "body": [
            (
                "paragraph",
                "<p>学校每学期至少组织一次应急疏散演练。演练前明确每个班级的疏散路线和集合地点，楼梯口安排教师值守，防止拥挤踩踏。演练结束后要及时总结，查找疏散通道堵塞、应急照明损坏等问题并整改。</p>",
            ),
            (
                "timeline",
                {
                    "title": "一次疏散演练的流程",
                    "events": [
                        {"when": "第 1 分钟", "title": "警报响起，就地避险", "text": "学生躲到课桌下，双手护头。"},
                        {"when": "第 2 分钟", "title": "有序撤离", "text": "按照指定路线靠右行走，不推不挤。"},
                        {"when": "第 5 分钟", "title": "操场集合清点人数", "text": "班主任向总指挥报告人数。"},
                    ],
                },
            ),
        ],
    },
    {
        "slug": "hazard-self-check",
        "title": "小微企业如何开展事故隐患自查自改",
        "date": D(2024, 6, 16),
        "kind": "safety_month",
        "sectors": ["industry_trade"],
        "audiences": ["enterprise"],
        "intro": "查找身边安全隐患，从每天开工前的五分钟检查做起。",
        "body": [
            (
                "paragraph",
                "<p>生产经营单位是事故隐患排查治理的责任主体。小微企业可以对照检查清单，每天开工前检查消防通道是否畅通、电气线路是否老化、危险物品是否规范存放，发现问题立即整改，不能立即整改的要落实防范措施并限期整改。</p>",
            ),
            (
                "call_to_action",
                {
                    "title": "发现重大事故隐患？",
                    "text": "拨打 12350 或在线举报，经核查属实的可获得奖励。",
                    "link_text": "在线举报",
                    "url": "/tipoffs/",
                },
            ),
        ],
    },
]

CASES = [
    {
        "slug": "restaurant-methanol-flash-fire",
        "title": "某餐馆违规添加醇基燃料引发爆燃事故",
        "date": D(2024, 8, 14),
        "place": "某县城餐馆后厨",
        "place_type": "小餐饮",
        "kind": "fire",
        "sector": "small_venues",
        "audiences": ["enterprise", "community"],
        "deaths": 0,
        "injuries": 2,
        "intro": "厨师在灶具未熄火的情况下向燃料箱添加醇基燃料，挥发的甲醇蒸气遇明火爆燃，造成两人烧伤。（本案例根据同类事故改编）",
        "direct_causes": "<ol><li>灶具仍在燃烧时添加醇基燃料，甲醇蒸气遇明火发生爆燃。</li><li>燃料桶存放在灶台旁，距离火源不足一米。</li></ol>",
        "lessons": "<ul><li>经营者未对员工开展醇基燃料安全培训。</li><li>后厨未配备可燃气体报警装置和灭火器材。</li></ul>",
        "measures": "<ul><li>必须熄火并冷却后再添加燃料。</li><li>燃料单独存放，远离火源和热源。</li><li>后厨配备灭火器、灭火毯和可燃气体报警器。</li></ul>",
    },
    {
        "slug": "sewage-well-poisoning",
        "title": "某企业污水井清淤作业中毒窒息事故",
        "date": D(2024, 7, 3),
        "place": "某食品加工企业污水处理站",
        "place_type": "有限空间",
        "kind": "poisoning",
        "sector": "industry_trade",
        "audiences": ["enterprise"],
        "deaths": 2,
        "injuries": 1,
        "intro": "一名工人未经检测进入污水井清淤晕倒，两名同事先后下井施救，造成二死一伤。（本案例根据同类事故改编）",
        "direct_causes": "<ol><li>作业人员未经通风和气体检测进入有限空间，吸入高浓度硫化氢中毒。</li><li>施救人员未佩戴呼吸防护用品盲目下井。</li></ol>",
        "lessons": "<ul><li>企业未建立有限空间作业审批制度，未设置监护人。</li><li>员工缺乏有限空间危险辨识和应急救援知识。</li></ul>",
        "measures": "<ul><li>严格执行“先通风、再检测、后作业”。</li><li>配备气体检测仪、正压式空气呼吸器和安全绳。</li><li>每年至少组织一次有限空间应急演练。</li></ul>",
    },
    {
        "slug": "warehouse-electrical-fire",
        "title": "某仓库电气线路老化引发火灾事故",
        "date": D(2023, 12, 20),
        "place": "某物流园区仓库",
        "place_type": "仓库",
        "kind": "fire",
        "sector": "fire",
        "audiences": ["enterprise"],
        "deaths": 0,
        "injuries": 0,
        "intro": "夜间无人值守的仓库因老化电线短路起火，大火烧毁大量货物，直接经济损失数百万元。（本案例根据同类事故改编）",
        "direct_causes": "<ol><li>仓库照明线路绝缘层老化破损，短路产生电弧引燃周围纸箱。</li></ol>",
        "lessons": "<ul><li>仓库下班后未切断非必要电源。</li><li>自动报警系统故障长期未修复，火灾发现晚。</li></ul>",
        "measures": "<ul><li>定期检测电气线路，及时更换老化线路。</li><li>下班前断电并巡查。</li><li>保持消防设施完好有效，消防通道畅通。</li></ul>",
    },
]
