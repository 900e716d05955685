"""Migration 0006: 复审 hours keep one source, the certificate rules; a differing courses value is logged."""

import datetime
import logging
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("courses", "0005_pending_enrolment_by_invitation")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_courses_copy_of_review_hours_goes_and_a_differing_value_is_logged(caplog):
    from django.apps import apps

    from certificates.models import CertificateRule

    if not CertificateRule.objects.exists():  # an earlier transactional test flushed the seeded rows
        import_module("certificates.migrations.0002_seed_rules").seed(apps, None)
    executor = _migrate(BEFORE)
    Rule = executor.loader.project_state(BEFORE).apps.get_model("courses", "TrainingHoursRule")
    Rule.objects.create(
        person_category="special_operator",
        industry="metallurgy",
        effective_from=datetime.date(2027, 1, 1),
        recertification_hours=10,
        recertification_window_months=24,
    )
    with caplog.at_level(logging.WARNING):
        _migrate(None)
    assert "recertification_hours=10" in caplog.text and "review_hours=[8]" in caplog.text
    assert set(CertificateRule.objects.filter(kind="special_operation").values_list("review_hours", flat=True)) == {8}
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(cursor, "courses_traininghoursrule")
        }
    assert not {"recertification_hours", "recertification_window_months"} & columns
