"""Server-rendered SVG charts: no JavaScript, no external library, readable by screen readers.

``{% bar_chart rows title="…" unit="…" %}`` where rows is a list of ``(label, value)`` pairs.
The SVG carries a title; the same figures follow in a table inside <details> for anyone who would
rather read than look. Long labels are shortened in the middle ("2025-06…第1考场") so labels that
share a beginning stay distinguishable; each bar's full label and value are its tooltip (<title>).
"""

import itertools

from django import template

register = template.Library()
_ids = itertools.count(1)

BAR_HEIGHT = 26
GAP = 8
LABEL_WIDTH = 150
CHART_WIDTH = 720
VALUE_WIDTH = 70
LABEL_CHARS = 12  # what fits in LABEL_WIDTH at the chart's font size


def _shorten(label: str, limit: int) -> str:
    if len(label) <= limit:
        return label
    keep = limit - 1  # one place for the ellipsis
    head = (keep + 1) // 2
    return label[:head] + "…" + label[len(label) - (keep - head) :]


def distinct_short_labels(labels: list[str], limit: int = LABEL_CHARS) -> list[str]:
    """Shorten each label to ``limit`` characters, keeping its start and end; where two different
    labels would still read the same, give those more characters until they differ."""
    limits = dict.fromkeys(labels, limit)
    while True:
        shown: dict[str, set[str]] = {}
        for label in limits:
            shown.setdefault(_shorten(label, limits[label]), set()).add(label)
        clashes = [label for group in shown.values() if len(group) > 1 for label in group]
        grow = [label for label in clashes if limits[label] < len(label)]
        if not grow:
            return [_shorten(label, limits[label]) for label in labels]
        for label in grow:
            limits[label] += 1


@register.inclusion_tag("edu_platform/bar_chart.html")
def bar_chart(rows, title: str = "", unit: str = "", value_format: str = "{:g}") -> dict:
    rows = [(str(label), float(value or 0)) for label, value in rows]
    peak = max((value for _, value in rows), default=0) or 1
    plot_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    short_labels = distinct_short_labels([label for label, _ in rows])
    for index, (label, value) in enumerate(rows):
        y = index * (BAR_HEIGHT + GAP)
        bars.append(
            {
                "label": label,
                "short_label": short_labels[index],
                "value": value,
                "text": value_format.format(value) + unit,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": max(plot_width * value / peak, 0 if value == 0 else 2),
                "value_x": LABEL_WIDTH + plot_width * value / peak + 6,
            }
        )
    return {
        "chart_id": f"chart-{next(_ids)}",
        "title": title,
        "bars": bars,
        "height": max(len(rows) * (BAR_HEIGHT + GAP), BAR_HEIGHT),
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }
