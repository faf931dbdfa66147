"""Phone leases in the service's database, so a client's lease outlives a restart.

A CI job that leased a phone and is still running when the service restarts (an upgrade,
a crash) keeps its phone: its lease id goes on working until it is released or its TTL
runs out. The leases the service took for its own runs (a task, a flow run) end with the
process that ran them, so they are dropped when the store opens. The rules are
`device.lease.LeaseBook`'s; only where leases are kept differs.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from device.lease import Lease, LeaseBook

__all__ = ["LeaseStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS leases (
    id TEXT PRIMARY KEY,
    serial TEXT NOT NULL UNIQUE,
    holder TEXT,
    ttl_s REAL NOT NULL,
    expires_at REAL NOT NULL,
    lasting INTEGER NOT NULL
);
"""

_COLUMNS = "id, serial, holder, ttl_s, expires_at"


class LeaseStore(LeaseBook):
    """Leases in an SQLite file (the task store's), one per phone; thread safe."""

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        super().__init__(clock=clock)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=10.0, check_same_thread=False)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
            with self._db:
                self._db.execute(
                    "DELETE FROM leases WHERE lasting = 0 OR expires_at <= ?", [clock()]
                )
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def _stored(self, serial: str) -> Lease | None:
        return self._one(f"SELECT {_COLUMNS} FROM leases WHERE serial = ?", serial)

    def _with_id(self, lease_id: str) -> Lease | None:
        return self._one(f"SELECT {_COLUMNS} FROM leases WHERE id = ?", lease_id)

    def _put(self, lease: Lease, *, lasting: bool | None) -> None:
        with self._db:
            if lasting is None:
                self._db.execute(
                    "UPDATE leases SET ttl_s = ?, expires_at = ? WHERE id = ?",
                    [lease.ttl_s, lease.expires_at, lease.id],
                )
                return
            self._db.execute(
                f"INSERT OR REPLACE INTO leases ({_COLUMNS}, lasting) VALUES (?, ?, ?, ?, ?, ?)",
                [lease.id, lease.serial, lease.holder, lease.ttl_s, lease.expires_at, lasting],
            )

    def _drop(self, serial: str) -> None:
        with self._db:
            self._db.execute("DELETE FROM leases WHERE serial = ?", [serial])

    def _one(self, query: str, key: str) -> Lease | None:
        row = self._db.execute(query, [key]).fetchone()
        return None if row is None else Lease(row[0], row[1], row[2], row[3], row[4])
