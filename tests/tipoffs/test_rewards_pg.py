"""PostgreSQL, real concurrent connections: one reward per matter whatever the timing (issue 10).

``reward_propose`` locks the matter's first report before it decides. Two proposals on one matter at
once: the second waits, then is refused with a message. The control run takes the lock away and
shows both requests passing the checks, so the race is real and only the database constraint is
left to stop the second reward (as an IntegrityError, not a message).
"""

import threading
from decimal import Decimal
from importlib import import_module

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction

from tipoffs import services
from tipoffs.errors import TipOffError
from tipoffs.models import Finding, Reward, TipOff
from tipoffs.services import rewards as reward_services

from .helpers import handler, real_name, staff, submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("_seeded_rows")]


@pytest.fixture
def _seeded_rows(transactional_db):
    """Transactional tests flush the database; put back the rows the data migrations seed (towns,
    reward and handling rules). Not serialized_rollback: an earlier flush's post_migrate has already
    recreated the groups, which a serialized restore would insert a second time."""
    from django.apps import apps

    from accounts.models import Town
    from tipoffs.models import RewardRule

    if not Town.objects.exists():
        import_module("accounts.migrations.0002_towns_and_roles").seed(apps, None)
    if not RewardRule.objects.exists():
        import_module("tipoffs.migrations.0002_reward_rules").seed(apps, None)
        import_module("tipoffs.migrations.0003_reward_per_matter_rules_rectification").forward(apps, None)


def _verifying(staff, name):
    tipoff, _ = submit(identity=real_name(name=name))
    services.tipoff_accept(tipoff=tipoff, actor=staff)
    return services.tipoff_verify_start(tipoff=tipoff, actor=staff)


def _conclude(tipoff, staff):
    return services.tipoff_conclude(
        tipoff=tipoff, actor=staff, finding=Finding.SUBSTANTIATED, outcome_public="属实", fine_amount=Decimal(100000)
    )


def _lead():
    """A lead who also handles reports: like the assignee, may propose on any report."""
    return staff("lead_handler", "举报受理员", "奖励审批人")


def _in_thread(call, outcome):
    def run():
        try:
            call()
            outcome.append("proposed")
        except TipOffError as exc:
            outcome.append(f"refused: {exc.message}")
        except IntegrityError:
            outcome.append("integrity error")
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _two_proposals_at_once(tipoff, first_actor, second_actor):
    """The first proposal holds its transaction open while the second one starts."""
    outcome: list[str] = []
    with transaction.atomic():
        services.reward_propose(tipoff=tipoff, actor=first_actor)
        other = _in_thread(lambda: services.reward_propose(tipoff=tipoff, actor=second_actor), outcome)
        other.join(timeout=1.5)
        blocked = other.is_alive()
    other.join(timeout=10)
    return blocked, outcome


def test_two_proposals_on_one_matter_at_once_make_one_reward():
    staff, lead = handler(), _lead()
    tipoff = _conclude(_verifying(staff, "先报人"), staff)
    blocked, outcome = _two_proposals_at_once(tipoff, staff, lead)
    assert blocked, "the second proposal must wait for the matter's lock"
    assert len(outcome) == 1 and outcome[0].startswith("refused: ") and "已有奖励" in outcome[0]
    assert Reward.objects.count() == 1


def test_control_without_the_lock_both_pass_the_checks(monkeypatch):
    monkeypatch.setattr(reward_services, "_lock_matter", lambda tipoff: TipOff.objects.get(pk=tipoff.pk))
    staff, lead = handler(), _lead()
    tipoff = _conclude(_verifying(staff, "先报人"), staff)
    blocked, outcome = _two_proposals_at_once(tipoff, staff, lead)
    # The second request saw no reward yet and went on; only the unique constraint stopped it.
    assert outcome == ["integrity error"]
    assert Reward.objects.count() == 1
    assert blocked  # it waited on the constraint's index entry, not on a decision made under a lock


def test_duplicate_concluded_while_the_first_report_concludes_is_decided_after_it():
    staff = handler()
    first = _verifying(staff, "先报人")
    later = _verifying(staff, "后报人")
    services.tipoff_link_matter(tipoff=later, first=first, actor=staff)
    later = _conclude(TipOff.objects.get(pk=later.pk), staff)
    outcome: list[str] = []
    with transaction.atomic():
        _conclude(TipOff.objects.get(pk=first.pk), staff)  # holds the first report's row lock
        other = _in_thread(lambda: services.reward_propose(tipoff=later, actor=staff), outcome)
        other.join(timeout=1.5)
        assert other.is_alive(), "the later report's proposal must wait for the matter's first report"
    other.join(timeout=10)
    # It decided on the committed conclusion: the first report is the one to reward.
    assert outcome == [f"refused: 同一事项只奖励最先有效实名举报的举报人，本事项应奖励举报 {first.number}。"]
    services.reward_propose(tipoff=TipOff.objects.get(pk=first.pk), actor=staff)
    assert list(Reward.objects.values_list("tipoff_id", flat=True)) == [first.pk]
