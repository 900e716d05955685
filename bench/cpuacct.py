"""CPU time spent by the server side of an HTTP bench, read from /proc (Linux), for a shared machine.

Wall-clock rates on a machine where other people's test runs take most of the two cores say little
about the code; the CPU time each request costs does not depend much on what else runs. A
``CpuMeter`` sums user + system time of the gunicorn workers (children of the master), the
PostgreSQL backends connected to the bench's database and this client process between
``start()`` and ``stop()``. Not a benchmark itself (``run_all`` runs ``*_*.py`` only).
"""

import os
import subprocess
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> float:
    """user + system seconds of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(p) for p in out.split()]


def _backends(database_url: str) -> list[int]:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


class CpuMeter:
    def __init__(self, server_pid: int, database_url: str):
        self.server_pid = server_pid
        self.database_url = database_url

    def _snapshot(self) -> dict:
        return {
            "workers": {pid: _cpu(pid) for pid in _children(self.server_pid)},
            "database": {pid: _cpu(pid) for pid in _backends(self.database_url)},
            "client": sum(os.times()[:2]),
        }

    def start(self) -> None:
        self.before = self._snapshot()

    def stop(self) -> dict[str, float]:
        """CPU seconds used since ``start()``: workers, database, client (processes that started
        in between count from zero; a worker killed in between loses its share)."""
        after = self._snapshot()

        def used(kind: str) -> float:
            return sum(max(0.0, cpu - self.before[kind].get(pid, 0.0)) for pid, cpu in after[kind].items())

        return {
            "workers": used("workers"),
            "database": used("database"),
            "client": after["client"] - self.before["client"],
        }


def describe(cpu: dict[str, float], units: int, unit: str) -> str:
    """'gunicorn 5.1 + PostgreSQL 1.2 + client 0.9 = 7.2 ms CPU per save → ≤ 277/s on 2 cores'."""
    per = {kind: seconds / units * 1000 for kind, seconds in cpu.items()} if units else {}
    total = sum(per.values())
    cores = os.cpu_count() or 1
    bound = f" → at most {cores * 1000 / total:,.0f} {unit}/s on {cores} cores" if total else ""
    return (
        f"gunicorn {per.get('workers', 0):.2f} + PostgreSQL {per.get('database', 0):.2f} + "
        f"client {per.get('client', 0):.2f} = {total:.2f} ms CPU per {unit}{bound}"
    )
