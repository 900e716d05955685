"""Import a legacy certificate register from .xlsx, exactly as DESIGN §4 states.

Reading follows the question template: sheet 证书台账 if present, else the first; the header row is the
first of the first 10 rows with 证书编号, 身份证号 and 有效期至; headers match ignoring spaces and width;
empty rows are skipped and unknown columns ignored. All or nothing: every problem is collected with
its Excel row and column, and any problem means nothing is written.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from accounts.models import Enterprise, PersonCategory, User
from accounts.validators import normalize_id_number, validate_id_number
from edu_platform.audit import audit_log
from edu_platform.errors import Problem
from exams.importing.excel import cell_text

from .errors import CertificateError
from .models import Certificate, CertificateKind, CertificateRule, industry_choices
from .selectors import CategoryKey, fold, operation_groups, operations
from .services.common import add_years, require_perm

PREFERRED_SHEET = "证书台账"
HEADER_SEARCH_ROWS = 10
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("证书编号", "证书号", "证号"),
    "name": ("姓名",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码"),
    "kind": ("证书类型",),
    "category": ("人员类别", "作业类别", "操作项目"),
    "industry": ("行业",),
    "enterprise": ("单位",),
    "issued_on": ("初领日期", "发证日期"),
    "valid_until": ("有效期至", "有效期截止", "截止日期"),
    "next_review_due": ("下次复审日期", "复审日期"),
}
HEADERS_REQUIRED = ("number", "id_number", "valid_until")
REQUIRED = ("number", "name", "id_number", "kind", "category", "issued_on", "valid_until")
KINDS = {"安全资格证": CertificateKind.SAFETY_QUALIFICATION, "特种作业操作证": CertificateKind.SPECIAL_OPERATION}
MANAGER_CATEGORIES = {"主要负责人": PersonCategory.PRINCIPAL, "安全生产管理人员": PersonCategory.SAFETY_MANAGER}
_DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def header_key(text: str) -> str | None:
    folded = fold(text)
    for key, aliases in HEADER_ALIASES.items():
        if folded in aliases:
            return key
    return None


def parse_date(value: Any) -> datetime.date | None:
    """An Excel date, or text 2024-03-05, 2024/3/5, 2024.03.05 or 2024年3月5日; ``None`` if neither."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = _DATE_TEXT.match(fold(str(value or "")))
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


@dataclass
class RegisterRow:
    row: int
    number: str
    name: str
    id_number: str
    key: CategoryKey
    enterprise_name: str
    issued_on: datetime.date
    valid_until: datetime.date
    next_review_due: datetime.date | None


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: list[RegisterRow] = field(default_factory=list)


class _Reader:
    """Turn the workbook's rows into :class:`RegisterRow` objects, collecting every problem."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.operations = operations()
        self.groups = operation_groups()
        self.industries = {fold(str(label)): value for value, label in industry_choices()}
        self.columns: dict[str, str] = {}

    def problem(self, row: int, key: str | None, message: str) -> None:
        column = self.columns.get(key, "") if key else ""
        self.problems.append(Problem(message, field=key, row=row, column=column))

    def read(self, source: str | BinaryIO) -> list[RegisterRow]:
        try:
            workbook = load_workbook(source, read_only=True, data_only=True)
        except FileNotFoundError:
            self.problems.append(Problem(_("找不到文件：%(path)s") % {"path": source}))
            return []
        except Exception as exc:  # a broken zip raises one of several types; all mean "not a workbook"
            self.problems.append(
                Problem(
                    _("无法读取该文件，请使用 .xlsx 格式的 Excel 文件（%(error)s）。") % {"error": type(exc).__name__}
                )
            )
            return []
        try:
            sheet = workbook[PREFERRED_SHEET] if PREFERRED_SHEET in workbook.sheetnames else workbook.worksheets[0]
            return self._rows(sheet)
        finally:
            workbook.close()

    def _rows(self, sheet) -> list[RegisterRow]:
        index: dict[str, int] | None = None
        result: list[RegisterRow] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if index is None:
                if number > HEADER_SEARCH_ROWS:
                    break
                found: dict[str, int] = {}
                for position, value in enumerate(values):
                    key = header_key(cell_text(value)) if value is not None else None
                    if key and key not in found:
                        found[key] = position
                if all(key in found for key in HEADERS_REQUIRED):
                    index = found
                    self.columns = {
                        key: _("%(header)s（%(letter)s 列）")
                        % {"header": cell_text(values[pos]), "letter": get_column_letter(pos + 1)}
                        for key, pos in found.items()
                    }
                continue
            raw = {key: values[pos] if pos < len(values) else None for key, pos in index.items()}
            if not any(cell_text(value) for value in raw.values()):
                continue
            parsed = self._row(number, raw)
            if parsed is not None:
                result.append(parsed)
        if index is None:
            self.problems.append(
                Problem(
                    _("工作表“%(sheet)s”的前 %(rows)s 行中没有同时包含“证书编号”“身份证号”“有效期至”的表头行。")
                    % {"sheet": sheet.title, "rows": HEADER_SEARCH_ROWS},
                    column=_("表头"),
                )
            )
        for key in REQUIRED:
            if index is not None and key not in index:
                self.problems.append(
                    Problem(_("缺少“%(header)s”列。") % {"header": HEADER_ALIASES[key][0]}, column=_("表头"))
                )
        return result

    def _row(self, row: int, raw: dict[str, Any]) -> RegisterRow | None:
        before = len(self.problems)
        text = {key: cell_text(value) for key, value in raw.items()}
        for key in REQUIRED:
            if key in raw and not text[key]:
                self.problem(row, key, _("不能为空。"))
        id_number = normalize_id_number(text.get("id_number", ""))
        if id_number:
            try:
                validate_id_number(id_number)
            except ValidationError as exc:
                self.problem(row, "id_number", exc.messages[0])
        key = self._category(row, text)
        dates = {}
        for name in ("issued_on", "valid_until", "next_review_due"):
            if text.get(name):
                dates[name] = parse_date(raw[name])
                if dates[name] is None:
                    self.problem(
                        row,
                        name,
                        _("“%(value)s”不是日期，请写成 2024-03-05、2024/3/5、2024.03.05 或 2024年3月5日。")
                        % {"value": text[name]},
                    )
        issued, until, review = dates.get("issued_on"), dates.get("valid_until"), dates.get("next_review_due")
        if issued and until and until <= issued:
            self.problem(
                row,
                "valid_until",
                _("有效期至 %(until)s 应晚于初领日期 %(issued)s。")
                % {"until": f"{until:%Y-%m-%d}", "issued": f"{issued:%Y-%m-%d}"},
            )
        if issued and review and review <= issued:
            self.problem(row, "next_review_due", _("下次复审日期应晚于初领日期。"))
        if len(self.problems) > before or key is None:
            return None
        return RegisterRow(
            row=row,
            number=text["number"],
            name=text["name"],
            id_number=id_number,
            key=key,
            enterprise_name=text.get("enterprise", ""),
            issued_on=issued,
            valid_until=until,
            next_review_due=review,
        )

    def _category(self, row: int, text: dict[str, str]) -> CategoryKey | None:
        kind = KINDS.get(fold(text.get("kind", "")))
        if kind is None:
            if text.get("kind"):
                self.problem(
                    row,
                    "kind",
                    _("证书类型“%(value)s”不认识，应为“安全资格证”或“特种作业操作证”。") % {"value": text["kind"]},
                )
            return None
        category = fold(text.get("category", ""))
        if not category:
            return None
        if kind == CertificateKind.SAFETY_QUALIFICATION:
            person_category = MANAGER_CATEGORIES.get(category)
            if person_category is None:
                self.problem(
                    row,
                    "category",
                    _("安全资格证的人员类别应为“主要负责人”或“安全生产管理人员”，不是“%(value)s”。")
                    % {"value": text["category"]},
                )
                return None
            industry_text = fold(text.get("industry", ""))
            industry = self.industries.get(industry_text) if industry_text else "other"
            if industry is None:
                self.problem(
                    row,
                    "industry",
                    _("行业“%(value)s”不认识，可填：%(choices)s。")
                    % {"value": text["industry"], "choices": "、".join(str(label) for _v, label in industry_choices())},
                )
                return None
            return CategoryKey(kind, person_category, industry=industry)
        operation = self.operations.get(category)
        if operation is None:
            if category in self.groups:
                message = _("“%(value)s”是作业类别，请填写具体的操作项目，如“低压电工作业”。")
            else:
                message = _("操作项目“%(value)s”不认识，请填写特种作业目录中的操作项目，如“低压电工作业”。")
            self.problem(row, "category", message % {"value": text["category"]})
            return None
        return CategoryKey(kind, PersonCategory.SPECIAL_OPERATOR, operation=operation)


def _chunks(items: list, size: int = 900):
    # SQLite caps the parameters of one statement; a 20,000-row register is looked up in slices.
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Rules:
    """Every rule, loaded once, so a 20,000-row register does not ask the database per row."""

    def __init__(self):
        self.by_key: dict[tuple, list[CertificateRule]] = {}
        for rule in CertificateRule.objects.order_by("-effective_from"):
            self.by_key.setdefault((rule.kind, rule.person_category, rule.industry, rule.operation), []).append(rule)

    def in_force(self, key: CategoryKey, on: datetime.date) -> CertificateRule | None:
        """Same choice as ``selectors.rule_in_force``: the industry's own rows first, else 其他."""
        industries = [key.industry, "other"] if key.kind == CertificateKind.SAFETY_QUALIFICATION else [""]
        for industry in dict.fromkeys(industries):
            for rule in self.by_key.get((key.kind, key.person_category, industry, key.operation), []):
                if rule.effective_from <= on:
                    return rule
        return None


def _fields(
    row: RegisterRow, rules: _Rules, enterprises: dict[str, Enterprise], holders: dict[str, int]
) -> dict[str, Any]:
    rule = rules.in_force(row.key, row.issued_on)
    review = row.next_review_due
    if review is None and rule is not None and rule.review_interval_years:
        review = add_years(row.issued_on, rule.review_interval_years)
    enterprise = enterprises.get(row.enterprise_name)
    return {
        "holder_id": holders.get(row.id_number),
        "holder_name": row.name,
        "id_number": row.id_number,
        "kind": row.key.kind,
        "person_category": row.key.person_category,
        "industry": row.key.industry,
        "operation_group": rule.operation_group if rule else "",
        "operation": row.key.operation,
        "enterprise_id": enterprise.pk if enterprise else None,
        "enterprise_name": row.enterprise_name,
        "town_id": enterprise.town_id if enterprise else None,
        "issued_on": row.issued_on,
        "valid_until": row.valid_until,
        "next_review_due": review,
        "rule_id": rule.pk if rule else None,
    }


@transaction.atomic
def certificates_import(*, source: str | BinaryIO, actor=None, dry_run: bool = False) -> ImportResult:
    """Import a legacy register: every row or none (raises :class:`CertificateError` with all problems).

    A number already in the register is updated from its row when the row differs and left alone
    when it is the same, so re-importing a file changes nothing; a number that belongs to another
    person, or to a certificate this platform issued, is refused.
    """
    require_perm(actor, "certificates.import_certificate")
    reader = _Reader()
    rows = reader.read(source)
    first_row: dict[str, int] = {}
    for row in rows:
        if row.number in first_row:
            reader.problem(
                row.row,
                "number",
                _("证书编号 %(number)s 与第 %(other)d 行重复。")
                % {"number": row.number, "other": first_row[row.number]},
            )
        else:
            first_row[row.number] = row.row
    existing = {
        c.number: c
        for chunk in _chunks(list(first_row))
        for c in Certificate.objects.select_for_update().filter(number__in=chunk)
    }
    for row in rows:
        held = existing.get(row.number)
        if held is None or first_row[row.number] != row.row:
            continue
        if held.id_number != row.id_number:
            reader.problem(
                row.row, "number", _("证书编号 %(number)s 已登记在另一持证人名下。") % {"number": row.number}
            )
        elif not held.imported:
            reader.problem(
                row.row,
                "number",
                _("证书编号 %(number)s 是本平台颁发的证书，不能用台账修改。") % {"number": row.number},
            )
    if reader.problems:
        raise CertificateError(problems=reader.problems)
    result = ImportResult(rows=rows)
    if dry_run:
        result.created = sum(1 for row in rows if row.number not in existing)
        return result
    enterprises = {e.name: e for e in Enterprise.objects.filter(name__in={row.enterprise_name for row in rows})}
    holders = {
        id_number: pk
        for chunk in _chunks(sorted({row.id_number for row in rows}))
        for id_number, pk in User.objects.filter(id_number__in=chunk).values_list("id_number", "pk")
    }
    rules = _Rules()
    new: list[tuple[RegisterRow, Certificate]] = []
    for row in rows:
        values = _fields(row, rules, enterprises, holders)
        held = existing.get(row.number)
        if held is None:
            new.append((row, Certificate(number=row.number, imported=True, **values)))
            continue
        if all(getattr(held, name) == value for name, value in values.items()):
            result.unchanged += 1
            continue
        for name, value in values.items():
            setattr(held, name, value)
        held.save(update_fields=list(values))
        result.updated += 1
        audit_log("certificates.certificate.imported", target=held, actor=actor, data={"row": row.row, "updated": True})
    Certificate.objects.bulk_create([certificate for _row, certificate in new], batch_size=500)
    for row, certificate in new:
        audit_log("certificates.certificate.imported", target=certificate, actor=actor, data={"row": row.row})
    result.created = len(new)
    return result
