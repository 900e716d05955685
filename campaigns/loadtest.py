"""Load-test volumes for campaigns (``seed_loadtest``): ``pages`` published articles under their
own index page below the home page (created with the demo's home if the site has none).

Idempotent: pages are matched by slug (``lt-article-0001`` …).
"""

import datetime

from .demo import _child, _home
from .models import ArticleIndexPage, ArticlePage

INDEX_SLUG = "loadtest-articles"


def seed(*, pages: int, stdout=None) -> ArticleIndexPage:
    home = _home(stdout)
    index = _child(home, ArticleIndexPage, INDEX_SLUG, title="压测文章", intro="seed_loadtest 生成的文章。")
    wanted = [f"lt-article-{n:04d}" for n in range(1, pages + 1)]
    existing = set(ArticlePage.objects.child_of(index).filter(slug__in=wanted).values_list("slug", flat=True))
    created = 0
    for n, slug in enumerate(wanted, start=1):
        if slug in existing:
            continue
        page = ArticlePage(
            title=f"安全用电常识（压测 {n:04d}）",
            slug=slug,
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300),
            intro="家庭和作业场所的安全用电要点。",
            body=[{"type": "paragraph", "value": "<p>不私拉乱接电线，不超负荷用电，发现隐患及时报修。</p>"}],
            live=True,
        )
        index.add_child(instance=page)  # published without a revision: fast, and what readers see
        created += 1
    if stdout:
        stdout.write(f"  campaigns: 压测文章 {ArticlePage.objects.child_of(index).count()} 篇（新建 {created}）")
    return index
