"""The one place a booking write takes the session's lock (pretix ``services/locking.py``).

Every service that may change who holds a seat calls :func:`lock_session` first, inside its
transaction. On PostgreSQL that is a row lock on the ``ExamSession`` (``SELECT … FOR UPDATE``), so
writers of one session queue up and each sees the previous one's booking when it computes
availability. On SQLite the IMMEDIATE transaction mode (settings) already serialises all writers.

``LOCKING_ENABLED`` exists for one reason: the control run in ``tests/pg/test_booking_concurrency.py``
switches it off to show that the concurrency test can see the race. Nothing else may touch it.
"""

from collections.abc import Iterable

from .models import ExamSession

LOCKING_ENABLED = True


def lock_session(session_id: int) -> ExamSession:
    """The session row, locked for the rest of the current transaction."""
    queryset = ExamSession.objects.select_related("centre", "room")
    if LOCKING_ENABLED:
        # of=("self",) so the centre and room rows joined in are not locked as well.
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=session_id)


def lock_sessions(session_ids: Iterable[int]) -> dict[int, ExamSession]:
    """Several sessions locked in ascending id order, so two reschedules cannot deadlock."""
    return {pk: lock_session(pk) for pk in sorted(set(session_ids))}
