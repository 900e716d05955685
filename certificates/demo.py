"""Demo certificates (``python manage.py seed_demo``); safe to run again.

``demo_learner`` holds one certificate in each status (有效, 待复审, 已过期, 已注销) so 我的证书, the
verification page and the register show them all; ``demo_learner2`` holds a 安全资格证. A certificate
is found by holder and category, so a second run (on any day) adds nothing.
"""

import datetime

from django.utils import timezone

from accounts.models import PersonCategory, User

from .models import Certificate, CertificateKind
from .selectors import CategoryKey
from .services import certificate_issue, certificate_revoke


def _special(operation: str) -> CategoryKey:
    return CategoryKey(CertificateKind.SPECIAL_OPERATION, PersonCategory.SPECIAL_OPERATOR, operation=operation)


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


# (login, category, issued days ago, revoke reason)
DEMO_CERTIFICATES = [
    ("demo_learner", _special("低压电工作业"), 200, ""),  # 有效
    ("demo_learner", _special("高压电工作业"), 3 * 365 - 40, ""),  # 待复审 (复审 due in about 40 days)
    ("demo_learner", _special("熔化焊接与热切割作业"), 7 * 365, ""),  # 已过期
    ("demo_learner", _special("登高架设作业"), 400, "演示：持证人申请注销"),  # 已注销
    (
        "demo_learner2",
        CategoryKey(CertificateKind.SAFETY_QUALIFICATION, PersonCategory.SAFETY_MANAGER, industry="other"),
        100,
        "",
    ),
]


def seed(stdout) -> None:
    made = 0
    for login, key, days, revoke_reason in DEMO_CERTIFICATES:
        holder = User.objects.filter(username=login).first()
        if holder is None:
            continue
        held = Certificate.objects.filter(
            holder=holder, kind=key.kind, person_category=key.person_category, operation=key.operation
        ).first()
        if held is None:
            held = certificate_issue(holder=holder, key=key, issued_on=_days_ago(days))
            made += 1
        if revoke_reason and held.revoked_at is None:
            certificate_revoke(certificate_id=held.pk, reason=revoke_reason, actor=None)
    stdout.write(f"  证书：新增 {made} 张（demo_learner 的“我的证书”可看到有效、待复审、已过期、已注销四种状态）")
