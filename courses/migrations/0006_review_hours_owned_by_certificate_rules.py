"""复审 hours get one source: the certificate rule (``certificates.CertificateRule.review_hours``).

DESIGN §3 ties 复审 to the certificate (特种作业操作证 valid 6 years, 复审 every 3 years, 复审 training
≥ 8 学时): the certificate rule row that sets the review interval also sets the hours, the register
and the 复审 service have always read it, and 我的证书 shows it. ``TrainingHoursRule.recertification_hours``
and ``recertification_window_months`` repeated that requirement and nothing read them; courses now
only supplies the hours done (``courses.selectors.training_hours_between``). So both columns go.

Where a row's value differed from the certificate rules, the certificate rule's value is kept (it is
the one every recorded 复审 applied) and the dropped value is logged here, so a migration log shows
what went. The comparison runs only when the certificate app's tables are in this migration plan:
courses never depends on certificates (DESIGN §2), the register reads courses, not the reverse.
"""

import logging

from django.db import migrations, models

logger = logging.getLogger(__name__)


def log_differing_review_hours(apps, schema_editor):
    TrainingHoursRule = apps.get_model("courses", "TrainingHoursRule")
    try:
        CertificateRule = apps.get_model("certificates", "CertificateRule")
    except LookupError:
        CertificateRule = None
    rows = TrainingHoursRule.objects.exclude(recertification_hours=0).order_by("person_category", "effective_from")
    for row in rows:
        kept = set()
        if CertificateRule is not None:
            kept = set(
                CertificateRule.objects.filter(person_category=row.person_category).values_list(
                    "review_hours", flat=True
                )
            )
        if kept == {row.recertification_hours}:
            continue
        logger.warning(
            "courses.0006: dropping TrainingHoursRule %s (%s, %s, from %s) recertification_hours=%s, "
            "window=%s months; the certificate rules keep review_hours=%s, the one source of 复审 hours.",
            row.pk,
            row.person_category,
            row.industry or "general",
            row.effective_from,
            row.recertification_hours,
            row.recertification_window_months,
            sorted(kept) or "(no certificate rules in this database)",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_pending_enrolment_by_invitation"),
    ]

    operations = [
        migrations.RunPython(log_differing_review_hours, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="traininghoursrule",
            name="courses_hours_rule_windows_positive",
        ),
        migrations.RemoveField(
            model_name="traininghoursrule",
            name="recertification_hours",
        ),
        migrations.RemoveField(
            model_name="traininghoursrule",
            name="recertification_window_months",
        ),
        migrations.AddConstraint(
            model_name="traininghoursrule",
            constraint=models.CheckConstraint(
                condition=models.Q(("initial_window_months__gte", 1), ("annual_window_months__gte", 1)),
                name="courses_hours_rule_windows_positive",
            ),
        ),
    ]
