import io

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from certificates import demo
from certificates.models import Certificate, CertificateStatus

pytestmark = pytest.mark.django_db


def test_demo_seed_shows_every_status_and_is_idempotent():
    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    count = Certificate.objects.count()
    demo.seed(io.StringIO())
    assert Certificate.objects.count() == count == 5
    today = timezone.localdate()
    statuses = {c.status_on(today) for c in Certificate.objects.filter(holder__username="demo_learner")}
    assert statuses == set(CertificateStatus.values)
