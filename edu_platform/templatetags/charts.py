"""Server-rendered SVG charts: no JavaScript, no external library, readable by screen readers.

``{% bar_chart rows title="…" unit="…" %}`` where rows is a list of ``(label, value)`` pairs.
The SVG carries a title; the same figures follow in a table inside <details> for anyone who would
rather read than look.
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


@register.inclusion_tag("edu_platform/bar_chart.html")
def bar_chart(rows, title: str = "", unit: str = "", value_format: str = "{:g}") -> dict:
    rows = [(str(label), float(value or 0)) for label, value in rows]
    peak = max((value for _, value in rows), default=0) or 1
    plot_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (BAR_HEIGHT + GAP)
        bars.append(
            {
                "label": label,
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
