"""Reads shared by the register pages, the admin, exports, imports and the services."""

import datetime
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import PersonCategory
from exams.models import ExamSubject

from .models import (
    REVIEW_WINDOW_DAYS,
    Certificate,
    CertificateKind,
    CertificateRule,
    CertificateStatus,
    SubjectCertificateMapping,
    industry_choices,
)

MANAGER_CATEGORIES = (PersonCategory.PRINCIPAL, PersonCategory.SAFETY_MANAGER)


def fold(text: str) -> str:
    """Width-fold and drop spaces, for matching names typed in registers and subjects."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


@dataclass(frozen=True)
class CategoryKey:
    """What identifies a certificate category: kind, person category, industry (安全资格证) or operation."""

    kind: str
    person_category: str
    industry: str = ""
    operation: str = ""


def rule_in_force(key: CategoryKey, on: datetime.date) -> CertificateRule | None:
    """The rule for ``key`` in force on ``on``: the latest row whose effective date has come.

    安全资格证 of an industry without rows of its own (工贸, 建筑施工 …) follow the 其他 rows.
    """
    rules = CertificateRule.objects.filter(
        kind=key.kind, person_category=key.person_category, operation=key.operation, effective_from__lte=on
    )
    if key.kind == CertificateKind.SAFETY_QUALIFICATION:
        rules = rules.filter(industry__in=[key.industry, "other"])
        found = list(rules.order_by("-effective_from"))
        exact = [rule for rule in found if rule.industry == key.industry]
        return (exact or found or [None])[0]
    return rules.order_by("-effective_from").first()


def operations() -> dict[str, str]:
    """Every operation (操作项目) with rules, folded name → (name); one query."""
    names = CertificateRule.objects.filter(kind=CertificateKind.SPECIAL_OPERATION).values_list("operation", flat=True)
    return {fold(name): name for name in set(names)}


def operation_groups() -> set[str]:
    groups = CertificateRule.objects.filter(kind=CertificateKind.SPECIAL_OPERATION).values_list(
        "operation_group", flat=True
    )
    return {fold(name) for name in set(groups)}


def industry_from_text(text: str) -> str | None:
    """The industry code whose Chinese name is ``text`` (or, for a longer text, occurs in it)."""
    folded = fold(text)
    if not folded:
        return None
    by_label = {fold(str(label)): value for value, label in industry_choices()}
    if folded in by_label:
        return by_label[folded]
    contained = [(len(label), value) for label, value in by_label.items() if label and label in folded]
    # 非煤矿山 contains 煤矿: the longest name that occurs wins.
    return max(contained)[1] if contained else None


def subject_category(subject: ExamSubject, *, known_operations: dict[str, str] | None = None) -> CategoryKey | None:
    """The certificate category a pass in ``subject`` leads to, or ``None`` (no certificate).

    An admin-edited :class:`SubjectCertificateMapping` wins. Otherwise, from the subject's own data:
    主要负责人 / 安全生产管理人员 subjects give a 安全资格证 whose industry is the industry named in the
    subject's 行业或作业类别 field or its name (其他 when none is named); 特种作业 subjects give the
    operation (操作项目) with rules whose name equals, or occurs in, the subject's name or field —
    the longest such name, so 低压电工作业 wins over a shorter match. Any other subject: none.
    """
    try:
        mapping = subject.certificate_mapping
    except SubjectCertificateMapping.DoesNotExist:
        mapping = None
    if mapping is not None:
        if not mapping.issues_certificate:
            return None
        return CategoryKey(mapping.kind, mapping.person_category, mapping.industry, mapping.operation)
    if subject.person_category in MANAGER_CATEGORIES:
        industry = industry_from_text(subject.field) or industry_from_text(subject.name) or "other"
        return CategoryKey(CertificateKind.SAFETY_QUALIFICATION, subject.person_category, industry=industry)
    if subject.person_category == PersonCategory.SPECIAL_OPERATOR:
        known = operations() if known_operations is None else known_operations
        for text in (subject.name, subject.field):
            folded = fold(text)
            if folded in known:
                return CategoryKey(
                    CertificateKind.SPECIAL_OPERATION, PersonCategory.SPECIAL_OPERATOR, operation=known[folded]
                )
        matches = [(len(name), name) for name in known if name and name in fold(subject.name + subject.field)]
        if matches:
            return CategoryKey(
                CertificateKind.SPECIAL_OPERATION, PersonCategory.SPECIAL_OPERATOR, operation=known[max(matches)[1]]
            )
    return None


def subjects_by_category() -> dict[CategoryKey, ExamSubject]:
    """Active exam subjects keyed by the certificate category they lead to (two queries)."""
    known = operations()
    found: dict[CategoryKey, ExamSubject] = {}
    for subject in ExamSubject.objects.filter(is_active=True).select_related("certificate_mapping").order_by("pk"):
        key = subject_category(subject, known_operations=known)
        if key is not None:
            found.setdefault(key, subject)
    return found


def certificate_key(certificate: Certificate) -> CategoryKey:
    return CategoryKey(certificate.kind, certificate.person_category, certificate.industry, certificate.operation)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def status_q(status: str, today: datetime.date) -> Q:
    """The SQL form of :meth:`Certificate.status_on` for one status (same order, same boundaries)."""
    tomorrow = _day_start(today + datetime.timedelta(days=1))
    revoked = Q(revoked_at__lt=tomorrow)
    live = ~revoked
    window_end = today + datetime.timedelta(days=REVIEW_WINDOW_DAYS)
    if status == CertificateStatus.REVOKED:
        return revoked
    if status == CertificateStatus.EXPIRED:
        return live & Q(valid_until__lt=today)
    due = Q(next_review_due__isnull=False, next_review_due__lte=window_end)
    if status == CertificateStatus.DUE_REVIEW:
        return live & Q(valid_until__gte=today) & due
    if status == CertificateStatus.VALID:
        return live & Q(valid_until__gte=today) & ~due
    raise ValueError(status)


def certificates_with_status(status: str, *, today: datetime.date | None = None, queryset=None) -> QuerySet:
    queryset = Certificate.objects.all() if queryset is None else queryset
    return queryset.filter(status_q(status, today or timezone.localdate()))


def certificate_for_verification(number: str) -> Certificate | None:
    """The certificate the public verification page shows (one query, nothing joined)."""
    return (
        Certificate.objects.only(
            "number",
            "holder_name",
            "kind",
            "person_category",
            "industry",
            "operation",
            "issued_on",
            "valid_until",
            "next_review_due",
            "revoked_at",
        )
        .filter(number=number.strip())
        .first()
    )


def _may_claim_register_rows(user) -> bool:
    """Whether ``user`` may be matched to legacy register rows (imported without an account).

    Anyone can type an ID number into a profile, so the number alone proves nothing: the account
    must also carry the register's name and a verified mobile number (real-name registered in
    China). Bureau staff can always link a row to its account in the register instead.
    """
    return bool(user.id_number and user.real_name and user.phone_verified)


def _register_rows_of(user) -> Q:
    return Q(holder__isnull=True, id_number=user.id_number, holder_name=user.real_name.strip())


def holder_certificates(user) -> list[Certificate]:
    """The learner's certificates: by account, and legacy register rows whose ID number and name
    match an account with a verified mobile number (see ``_may_claim_register_rows``)."""
    match = Q(holder=user)
    if _may_claim_register_rows(user):
        match |= _register_rows_of(user)
    return list(
        Certificate.objects.filter(match).select_related("rule").prefetch_related("reviews").order_by("-issued_on")
    )


def review_training_hours(certificate: Certificate, *, on: datetime.date) -> Decimal:
    """学时 of 复审 training the holder completed for this certificate's next review, up to ``on``.

    The one place the register asks ``courses`` about training (its ``training_hours_between``):
    lessons of 复审培训 courses completed since the certificate was issued or last passed a review.
    A register row without an account has no training on record.
    """
    from courses.models import TrainingType
    from courses.selectors import training_hours_between

    if certificate.holder_id is None:
        return Decimal(0)
    last = (
        certificate.reviews.filter(passed=True).order_by("-reviewed_on").values_list("reviewed_on", flat=True).first()
    )
    since = last or certificate.issued_on
    return training_hours_between(certificate.holder, since, on, training_type=TrainingType.RECERTIFICATION)


@dataclass
class HolderCertificate:
    """One certificate on 我的证书, with what to do next."""

    certificate: Certificate
    status: str
    review_hours_required: int = 0
    review_hours_done: Decimal = Decimal(0)
    subject: ExamSubject | None = None

    @property
    def status_label(self) -> str:
        return str(CertificateStatus(self.status).label)

    @property
    def review_hours_missing(self) -> bool:
        return self.review_hours_done < self.review_hours_required


def my_certificates(user, *, today: datetime.date | None = None) -> list[HolderCertificate]:
    """The learner's certificates with status and next step; a few queries plus two per 待复审 one."""
    today = today or timezone.localdate()
    subjects = subjects_by_category()
    rows = []
    for certificate in holder_certificates(user):
        row = HolderCertificate(certificate, certificate.status_on(today))
        key = certificate_key(certificate)
        row.subject = subjects.get(key)
        if row.status == CertificateStatus.DUE_REVIEW:
            rule = rule_in_force(key, today) or certificate.rule
            row.review_hours_required = rule.review_hours if rule else 0
            row.review_hours_done = review_training_hours(certificate, on=today)
        rows.append(row)
    return rows


@dataclass
class StaffCertificates:
    user: object
    certificates: list[tuple[Certificate, str]]


def enterprise_staff_certificates(enterprise, *, today: datetime.date | None = None) -> list[StaffCertificates]:
    """The enterprise's active staff, each with their certificates and status (two queries)."""
    from accounts.models import User

    today = today or timezone.localdate()
    staff = list(
        User.objects.filter(enterprise=enterprise, is_active=True).order_by("person_category", "real_name", "username")
    )
    by_user = {member.pk: [] for member in staff}
    # Legacy rows go to a member only on the same terms as on their own 我的证书 page.
    by_identity = {
        (member.id_number, member.real_name.strip()): member.pk for member in staff if _may_claim_register_rows(member)
    }
    certificates = Certificate.objects.filter(
        Q(holder__in=[m.pk for m in staff])
        | Q(holder__isnull=True, id_number__in=[number for number, _name in by_identity])
    ).order_by("kind", "-issued_on")
    for certificate in certificates:
        if certificate.holder_id in by_user:
            owner = certificate.holder_id
        else:
            owner = by_identity.get((certificate.id_number, certificate.holder_name.strip()))
        if owner in by_user:
            by_user[owner].append((certificate, certificate.status_label_on(today)))
    return [StaffCertificates(member, by_user[member.pk]) for member in staff]
