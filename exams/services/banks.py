"""Writes on question banks: banks, the chapter tree, questions, and applying a validated import."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edu_platform.audit import audit_log

from ..errors import ExamError
from ..models import Chapter, Question, QuestionBank, QuestionType
from ..models.banks import MAX_OPTIONS, OPTION_LETTERS


@dataclass(frozen=True)
class QuestionData:
    """One question as read from a file, already validated and in canonical form."""

    type: str
    stem: str
    options: list[str]
    answer: str
    explanation: str = ""
    difficulty: int = 3
    chapter_path: str = ""
    external_id: str = ""
    row: int = 0  # where it came from (Excel row / item number), for messages


@dataclass
class ApplySummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    chapters_created: int = 0
    problems: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "chapters_created": self.chapters_created,
        }


def question_data_check(data: QuestionData) -> str | None:
    """The first rule ``data`` breaks (translated), or None. Importers check earlier and name the
    column; this is the last line before the database."""
    if data.type not in QuestionType.values:
        return _("题型无效。")
    if not data.stem.strip():
        return _("题干不能为空。")
    if len(data.options) > MAX_OPTIONS:
        return _("选项最多 %(max)s 个。") % {"max": MAX_OPTIONS}
    if data.type == QuestionType.TRUE_FALSE:
        if data.answer not in ("A", "B"):
            return _("判断题的答案必须是“正确”或“错误”。")
    else:
        if len(data.options) < 2:
            return _("选择题至少需要 2 个选项。")
        if any(not text.strip() for text in data.options):
            return _("选项不能为空。")
        letters = OPTION_LETTERS[: len(data.options)]
        if not data.answer or any(letter not in letters for letter in data.answer):
            return _("答案中的字母必须对应已填写的选项。")
        if data.type == QuestionType.SINGLE and len(data.answer) != 1:
            return _("单选题只能有一个答案。")
        if data.type == QuestionType.MULTIPLE and len(data.answer) < 2:
            return _("多选题至少需要两个答案。")
    if not 1 <= data.difficulty <= 5:
        return _("难度必须是 1–5。")
    return None


@transaction.atomic
def bank_create(*, code: str, name: str, description: str = "", is_public: bool = False, actor=None) -> QuestionBank:
    """Create a bank; refuses a code that is already taken."""
    if QuestionBank.objects.filter(code=code).exists():
        raise ExamError(_("题库代码“%(code)s”已存在，请换一个代码。") % {"code": code})
    bank = QuestionBank.objects.create(code=code, name=name or code, description=description, is_public=is_public)
    audit_log("exams.bank.created", target=bank, actor=actor, data={"code": code})
    return bank


def chapter_ensure(*, bank: QuestionBank, path: str, cache: dict[str, Chapter] | None = None) -> Chapter | None:
    """The chapter at ``path`` (e.g. 法律法规/安全生产法) in ``bank``, creating missing levels."""
    parts = [part.strip() for part in path.split("/") if part.strip()]
    if not parts:
        return None
    cache = cache if cache is not None else {}
    parent = None
    for depth in range(1, len(parts) + 1):
        sub_path = "/".join(parts[:depth])
        chapter = cache.get(sub_path)
        if chapter is None:
            chapter, _created = Chapter.objects.get_or_create(
                bank=bank,
                path=sub_path,
                defaults={"name": parts[depth - 1], "parent": parent, "sort_order": len(cache)},
            )
            cache[sub_path] = chapter
        parent = chapter
    return parent


def _question_fields(data: QuestionData, chapter: Chapter | None) -> dict:
    return {
        "type": data.type,
        "stem": data.stem,
        "options": list(data.options),
        "answer": data.answer,
        "explanation": data.explanation,
        "difficulty": data.difficulty,
        "chapter": chapter,
    }


@transaction.atomic
def question_create(*, bank: QuestionBank, data: QuestionData, actor=None) -> Question:
    """Add one question to ``bank`` (the admin form and the factories use this)."""
    problem = question_data_check(data)
    if problem:
        raise ExamError(problem)
    if data.external_id and Question.objects.filter(bank=bank, external_id=data.external_id).exists():
        raise ExamError(_("编号“%(id)s”在本题库中已存在。") % {"id": data.external_id})
    chapter = chapter_ensure(bank=bank, path=data.chapter_path)
    return Question.objects.create(bank=bank, external_id=data.external_id, **_question_fields(data, chapter))


def _normalise_options(type_: str, options: list[str]) -> list[str]:
    return ["正确", "错误"] if type_ == QuestionType.TRUE_FALSE else list(options)


APPLY_BATCH = 1000
_COMPARED = ("type", "stem", "options", "answer", "explanation", "difficulty", "chapter_id")


def _batches(items: Iterable[QuestionData], size: int) -> Iterator[list[QuestionData]]:
    batch: list[QuestionData] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@transaction.atomic
def questions_apply(
    *, bank: QuestionBank, items: Iterable[QuestionData], dry_run: bool = False, actor=None, progress=None
) -> ApplySummary:
    """Write validated questions into ``bank``: a row whose 编号 is already in the bank updates that
    question, a row without 编号 (or with a new one) creates one. All or nothing: the caller
    validated every row first; any database error rolls the whole import back.

    Rows without 编号 always create (a stem is not an identity: two questions may share one), so
    re-importing a file is idempotent only for rows that carry a 编号 — the canonical export always
    writes one when the question has one. Works in batches, so memory does not grow with the file.
    """
    summary = ApplySummary()
    chapters: dict[str, Chapter] = {c.path: c for c in Chapter.objects.filter(bank=bank)}
    before_chapters = len(chapters)
    done = 0
    for batch in _batches(items, APPLY_BATCH):
        ids = [data.external_id for data in batch if data.external_id]
        existing = {q.external_id: q for q in Question.objects.filter(bank=bank, external_id__in=ids)} if ids else {}
        to_create: list[Question] = []
        to_update: dict[int, Question] = {}
        now = timezone.now()
        for data in batch:
            chapter = chapter_ensure(bank=bank, path=data.chapter_path, cache=chapters) if data.chapter_path else None
            values = _question_fields(data, chapter)
            values["options"] = _normalise_options(data.type, data.options)
            current = existing.get(data.external_id) if data.external_id else None
            if current is None:
                question = Question(bank=bank, external_id=data.external_id, **values)
                to_create.append(question)
                if data.external_id:
                    existing[data.external_id] = question
                summary.created += 1
                continue
            values["chapter_id"] = chapter.pk if chapter else None
            if any(getattr(current, name) != values[name] for name in _COMPARED):
                for name, value in values.items():
                    setattr(current, name, value)
                current.updated_at = now  # bulk_update skips auto_now
                if current.pk:
                    to_update[current.pk] = current
                summary.updated += 1
            else:
                summary.unchanged += 1
        if to_create:
            Question.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            Question.objects.bulk_update(list(to_update.values()), [*_UPDATED_FIELDS], batch_size=500)
        done += len(batch)
        if progress:
            progress(done)
    summary.chapters_created = len(chapters) - before_chapters
    if dry_run:
        transaction.set_rollback(True)
    else:
        audit_log("exams.bank.imported", target=bank, actor=actor, data=summary.as_dict())
    return summary


_UPDATED_FIELDS = ("type", "stem", "options", "answer", "explanation", "difficulty", "chapter", "updated_at")


@transaction.atomic
def question_set_active(*, question: Question, is_active: bool, actor=None) -> Question:
    """Retire a question from new papers (or bring it back) without losing past attempts."""
    question.is_active = is_active
    question.save(update_fields=["is_active", "updated_at"])
    audit_log("exams.question.activated" if is_active else "exams.question.retired", target=question, actor=actor)
    return question
