"""What the public may see of a holder: the surname only (张*, 欧阳**), never the full name or ID."""

# 复姓 (two-character surnames), kept whole when the name is long enough to have a given name too.
COMPOUND_SURNAMES = frozenset(
    {
        *("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐", "司徒"),
        *("夏侯", "宇文", "轩辕", "端木", "西门", "南宫", "独孤", "百里", "呼延", "万俟", "澹台", "赫连"),
        *("闻人", "申屠", "钟离", "公羊", "太史", "司空", "东郭", "左丘", "拓跋"),
    }
)


def mask_name(name: str) -> str:
    """Keep the surname, star every other character: 张三 → 张*, 欧阳娜娜 → 欧阳**, 王 → *."""
    name = "".join((name or "").split())
    if len(name) <= 1:
        return "*" * len(name)
    keep = 2 if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES else 1
    return name[:keep] + "*" * (len(name) - keep)
