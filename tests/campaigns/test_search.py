import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaigns import search, selectors
from campaigns.models import SearchEntry, Sector

from .builders import make_article, make_case, make_site

SENTENCE = "发生火灾时，正确使用灭火器可以把初起火灾扑灭在萌芽状态；进入有限空间作业前必须先通风再检测。"


@pytest.fixture
def tree(db):
    return make_site()


@pytest.mark.parametrize("word", ["火灾", "灭火器", "有限空间", "萌芽", "通风", "扑灭在萌"])
def test_finds_any_word_from_the_middle_of_a_body_sentence(tree, word):
    article = make_article(tree["articles"], title="安全小常识", text=SENTENCE)
    make_article(tree["articles"], title="交通出行提示", text="驾驶车辆请系好安全带，不要疲劳驾驶。")
    hits = selectors.site_search(word)
    assert [hit.page.pk for hit in hits] == [article.pk]


def test_finds_words_inside_titles_and_case_fields(tree):
    fire = Sector.objects.get(code="fire")
    case = make_case(
        tree["cases"],
        title="某食品企业污水井清淤中毒事故",
        sector=fire,
        causes="<p>作业人员未检测硫化氢浓度即下井。</p>",
    )
    assert [h.page.pk for h in selectors.site_search("污水井")] == [case.pk]
    assert [h.page.pk for h in selectors.site_search("硫化氢")] == [case.pk]


def test_results_highlight_the_matched_words_and_escape_html(tree):
    make_article(tree["articles"], title="灭火器<b>使用</b>方法", text=SENTENCE)
    hit = selectors.site_search("灭火器")[0]
    assert "<mark>灭火器</mark>" in hit.title
    assert "&lt;b&gt;" in hit.title  # the title's own markup is shown, never interpreted
    assert "<mark>灭火器</mark>" in hit.excerpt


def test_whole_phrase_ranks_above_scattered_characters(tree):
    scattered = make_article(tree["articles"], title="空间与有限的资源", text="有限的时间，广阔的空间。")
    exact = make_article(tree["articles"], title="有限空间作业规程", text="有限空间作业必须审批。")
    ids = [h.page.pk for h in selectors.site_search("有限空间")]
    assert ids[0] == exact.pk
    assert scattered.pk not in ids  # its bigrams 有限 / 空间 are there, but 限空 is not


def test_unpublished_pages_leave_the_index(tree, client):
    article = make_article(tree["articles"], title="醇基燃料安全", text=SENTENCE)
    assert SearchEntry.objects.filter(page_id=article.pk).exists()
    article.unpublish()
    assert selectors.site_search("醇基燃料") == []


def test_search_page_shows_highlighted_results(client, tree):
    make_article(tree["articles"], title="家庭防火", text=SENTENCE)
    html = client.get("/search/", {"q": "灭火器"}).content.decode()
    assert "共找到 1 条结果" in html and "<mark>灭火器</mark>" in html
    assert "没有找到相关内容" in client.get("/search/", {"q": "地铁"}).content.decode()
    assert client.get("/search/", {"q": "x" * 80}).status_code == 200


def test_latin_words_and_full_width_input(tree):
    article = make_article(tree["articles"], title="举报热线", text="拨打１２３５０举报安全隐患")
    assert [h.page.pk for h in selectors.site_search("12350")] == [article.pk]


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet="安全生产月火灾灭火器有限空间应急预案演练隐患排查治理，。", min_size=4, max_size=40),
    data=st.data(),
)
def test_every_substring_of_two_to_four_characters_is_matched(text, data):
    """Property: the query terms of any 2–4 character substring are all among the text's index terms."""
    start = data.draw(st.integers(0, len(text) - 2))
    length = data.draw(st.integers(2, 4))
    query = text[start : start + length]
    parsed = search.parse_query(query)
    stored = search.tokens_field(text)
    assert all(term in stored for term in parsed.required)


@pytest.mark.postgres
@pytest.mark.parametrize("word", ["火灾", "灭火器", "有限空间", "１２３５０"])
def test_chinese_search_mid_sentence_on_postgresql(tree, word):
    article = make_article(tree["articles"], title="安全小常识", text=SENTENCE + "举报电话12350。")
    make_article(tree["articles"], title="交通出行提示", text="驾驶车辆请系好安全带。")
    hits = selectors.site_search(word)
    assert [hit.page.pk for hit in hits] == [article.pk]
    assert "<mark>" in hit_text(hits[0])


def hit_text(hit) -> str:
    return f"{hit.title}{hit.excerpt}"


def test_search_page_pages_results_and_loads_only_the_shown_pages(client, tree, django_assert_max_num_queries):
    for number in range(12):
        make_article(tree["articles"], title=f"灭火器知识{number:02d}", text=SENTENCE)
    client.get("/search/", {"q": "火灾"})  # warm per-process caches (content types, site root paths)
    with django_assert_max_num_queries(12):
        first = client.get("/search/", {"q": "灭火器"}).content.decode()
    second = client.get("/search/", {"q": "灭火器", "page": 2}).content.decode()
    assert "共找到 12 条结果" in first and "共找到 12 条结果" in second
    assert first.count('class="search-result"') == 10 and second.count('class="search-result"') == 2
    assert "第 2 页，共 2 页" in second and 'start="11"' in second
    shown = {f"灭火器知识{n:02d}" for n in range(12) if f"知识{n:02d}" in first}
    assert len(shown) == 10 and not any(f"知识{title[-2:]}" in second for title in shown)


def test_the_dictionary_is_loaded_when_the_app_starts():
    import jieba

    assert jieba.dt.initialized  # loaded by CampaignsConfig.ready, not by a visitor's first search


def test_ranking_is_done_by_the_database_and_puts_title_matches_first(tree, django_assert_max_num_queries):
    body_only = make_article(tree["articles"], title="冬季安全提示", text="家中应配备灭火器，并定期检查灭火器。")
    in_title = make_article(tree["articles"], title="灭火器的使用方法", text="提、拔、握、压。")
    _parsed, ranked = selectors.search_ranked("灭火器")
    with django_assert_max_num_queries(1):
        rows = list(ranked[:10])
    assert [entry.page_id for entry in rows] == [in_title.pk, body_only.pk]
    assert rows[0].score == 20 + 2 and rows[1].score == 2 * 5 + 2
