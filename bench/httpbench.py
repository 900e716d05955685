"""What the HTTP benches share: a throw-away PostgreSQL database, a free local port, and the static-file
reference rate measured from the same server in the same run (so ratios can be quoted)."""

import http.client
import socket
import threading
import time


def recreate_database(url: str) -> None:
    """Drop and create the database named at the end of the PostgreSQL ``url``."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def static_rate(port: int, path: str, *, threads: int = 8, seconds: float = 3.0) -> float:
    """Requests per second for ``path`` on 127.0.0.1:``port`` with ``threads`` keep-alive clients."""
    done = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def run():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        n = 0
        while time.perf_counter() < stop:
            try:
                conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
                conn.getresponse().read()
                n += 1
            except (OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        with lock:
            done[0] += n

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return done[0] / seconds
