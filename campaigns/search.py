"""Chinese full-text search that works the same on SQLite and PostgreSQL.

Neither database's full-text engine segments Chinese (a sentence is one "word" to them), so a
search for 灭火器 would never match 正确使用灭火器的方法. We index every live page as a set of terms:

- every CJK character (unigram) and every pair of neighbouring CJK characters (bigram) — the
  classic CJK n-gram index, so *any* word of two or more characters is found wherever it sits;
- jieba's search-mode words (2–4 characters), so whole dictionary words rank first;
- lower-cased Latin words and numbers (12350, PM2.5 …).

A query is cut the same way: a one-character run needs that unigram, a longer run needs all of its
bigrams; Latin words match as prefixes. Candidates are then ranked in the database by whole-phrase
occurrences (title first) and shown with the matched words highlighted.
"""

import logging
import re
import unicodedata
from dataclasses import dataclass

import jieba
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN_WORD = re.compile(r"[a-z0-9][a-z0-9._-]*[a-z0-9]|[a-z0-9]")
MAX_CANDIDATES = 300
EXCERPT_CHARS = 90


def load_dictionary() -> None:
    """Load jieba's dictionary now (it is otherwise loaded by the first segmentation)."""
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, collapsed whitespace."""
    return " ".join(unicodedata.normalize("NFKC", text or "").lower().split())


def document_terms(text: str) -> set[str]:
    """All index terms of a text: CJK unigrams, bigrams, jieba words, Latin words."""
    text = normalize(text)
    terms: set[str] = set()
    for run in CJK_RUN.findall(text):
        terms.update(run)
        terms.update(run[i : i + 2] for i in range(len(run) - 1))
        terms.update(word for word in jieba.cut_for_search(run) if 2 <= len(word) <= 4)
    terms.update(LATIN_WORD.findall(CJK_RUN.sub(" ", text)))
    return terms


def tokens_field(text: str) -> str:
    """The stored form: terms separated by single spaces, with a space at both ends."""
    return " " + " ".join(sorted(document_terms(text))) + " "


@dataclass(frozen=True)
class ParsedQuery:
    required: list[str]  # index lookups: " term " (CJK) or " prefix" (Latin)
    phrases: list[str]  # what the reader typed, split at spaces and punctuation
    words: list[str]  # jieba words of the phrases, for highlighting scattered matches

    @property
    def highlight_terms(self) -> list[str]:
        return sorted(set(self.phrases) | set(self.words), key=len, reverse=True)


def parse_query(query: str) -> ParsedQuery:
    text = normalize(query)
    required: list[str] = []
    phrases: list[str] = []
    words: list[str] = []
    for run in CJK_RUN.findall(text):
        phrases.append(run)
        if len(run) == 1:
            required.append(f" {run} ")
        else:
            required.extend(f" {run[i : i + 2]} " for i in range(len(run) - 1))
            words.extend(word for word in jieba.cut(run) if len(word) >= 2)
    for word in LATIN_WORD.findall(CJK_RUN.sub(" ", text)):
        phrases.append(word)
        required.append(f" {word}")
    return ParsedQuery(required=list(dict.fromkeys(required)), phrases=phrases, words=words)


def page_plain_text(page) -> str:
    """The indexed body text of a (specific) page: intro, body blocks and type-specific fields."""
    pieces = page.search_texts() if hasattr(page, "search_texts") else []
    return "\n".join(" ".join(strip_tags(piece).split()) for piece in pieces if piece)


def score(entry_title: str, entry_text: str, parsed: ParsedQuery) -> int:
    title, text = normalize(entry_title), normalize(entry_text)
    points = 0
    for phrase in parsed.phrases:
        points += 20 * title.count(phrase) + 5 * text.count(phrase)
    for word in parsed.words:
        points += 2 * title.count(word) + text.count(word)
    return points


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escape ``text`` and wrap every occurrence of any term in <mark> (longest terms first)."""
    if not terms:
        return mark_safe(escape(text))  # noqa: S308 - escaped above
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped; only <mark> is ours


def excerpt(text: str, parsed: ParsedQuery) -> str:
    """A window of the text around the first match (the whole phrase if present, else a word)."""
    lowered = unicodedata.normalize("NFKC", text).lower()
    position = -1
    for term in [*parsed.phrases, *parsed.words]:
        position = lowered.find(term)
        if position >= 0:
            break
    if position < 0:
        return text[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else "")
    start = max(0, position - EXCERPT_CHARS // 3)
    end = min(len(text), start + EXCERPT_CHARS)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
