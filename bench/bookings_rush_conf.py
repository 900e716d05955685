"""gunicorn config for ``bench/bookings_rush.py`` — not a benchmark itself (run_all skips ``*_conf.py``).

The control run sets ``BENCH_BOOKINGS_NO_LOCK=1``: each worker, once the application is loaded,
switches the session lock off (``bookings.locking.LOCKING_ENABLED``, which exists for control runs
only) and picks seats at random, since the one-person-per-seat constraint would otherwise stop the
overbooking by itself. Production never reads this variable: only this file does.
"""

import os
import random


def post_worker_init(worker):
    if os.environ.get("BENCH_BOOKINGS_NO_LOCK") != "1":
        return
    from bookings import locking
    from bookings.services import candidates

    def random_free_seat(state):
        return random.choice([n for n in range(1, state.room_seats + 1) if n not in state.taken])

    locking.LOCKING_ENABLED = False
    candidates.SeatState.free_seat = random_free_seat
