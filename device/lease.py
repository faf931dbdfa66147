"""Leases: one holder drives a phone at a time, for a time it renews.

A lease ends when released or when its TTL runs out without a renewal, so a client
that crashed frees its phone by itself. Times are wall-clock seconds from an
injectable clock, so tests can move time.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

from device.errors import LeaseConflictError, LeaseNotFoundError


@dataclass(frozen=True)
class Lease:
    """The right to drive one phone until `expires_at`."""

    id: str
    """Secret of the holder: whoever shows it may drive, renew and release the phone."""
    serial: str
    holder: str | None
    """Who holds it, in the holder's own words (a job name, a user)."""
    ttl_s: float
    """How long each grant or renewal lasts."""
    expires_at: float
    """Wall-clock seconds (the farm's clock) when the lease ends unless renewed."""

    def expires_in_s(self, now: float) -> float:
        """Seconds left at `now`; 0 once expired."""
        return max(0.0, self.expires_at - now)


class LeaseBook:
    """The live leases of a farm, at most one per phone, held in memory; thread safe.

    The rules live here; where leases are kept is four methods (`_stored`, `_with_id`,
    `_put`, `_drop`), so a store that outlives the process (`service.tasks.leases`)
    keeps them by the same rules.
    """

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._by_serial: dict[str, Lease] = {}

    def grant(
        self, serial: str, *, ttl_s: float, holder: str | None = None, lasting: bool = False
    ) -> Lease:
        """A new lease; LeaseConflictError while another unexpired one holds the phone.

        `lasting`: a client's lease, which a store that outlives the process keeps when
        the service restarts; a lease the service takes for a run of its own ends with it.
        """
        _check_ttl(ttl_s)
        with self._lock:
            now = self._clock()
            current = self._live(serial, now)
            if current is not None:
                raise LeaseConflictError(current, now=now)
            lease = Lease(uuid.uuid4().hex, serial, holder, ttl_s, now + ttl_s)
            self._put(lease, lasting=lasting)
            return lease

    def renew(self, lease_id: str, *, ttl_s: float) -> Lease:
        """The lease extended to `ttl_s` from now."""
        _check_ttl(ttl_s)
        with self._lock:
            now = self._clock()
            lease = self._find(lease_id, now)
            renewed = replace(lease, ttl_s=ttl_s, expires_at=now + ttl_s)
            self._put(renewed, lasting=None)
            return renewed

    def release(self, lease_id: str) -> Lease:
        """End the lease now; returns it as it was."""
        with self._lock:
            lease = self._find(lease_id, self._clock())
            self._drop(lease.serial)
            return lease

    def get(self, lease_id: str) -> Lease:
        """The unexpired lease with this id; LeaseNotFoundError otherwise."""
        with self._lock:
            return self._find(lease_id, self._clock())

    def of(self, serial: str) -> Lease | None:
        """The unexpired lease on the phone, if any."""
        with self._lock:
            return self._live(serial, self._clock())

    def check(self, serial: str, lease_id: str | None) -> None:
        """Whether a caller showing `lease_id` (or none) may drive the phone.

        LeaseNotFoundError when the lease shown is unknown, expired or for another
        phone; LeaseConflictError when the phone is leased and the caller does not
        show that lease.
        """
        with self._lock:
            now = self._clock()
            if lease_id is not None:
                shown = self._find(lease_id, now)
                if shown.serial != serial:
                    raise LeaseNotFoundError(
                        f"lease {lease_id} is for phone {shown.serial}, not {serial}"
                    )
                return
            current = self._live(serial, now)
            if current is not None:
                raise LeaseConflictError(current, now=now)

    def now(self) -> float:
        return self._clock()

    def _live(self, serial: str, now: float) -> Lease | None:
        lease = self._stored(serial)
        if lease is not None and lease.expires_at <= now:
            self._drop(serial)
            return None
        return lease

    def _find(self, lease_id: str, now: float) -> Lease:
        lease = self._with_id(lease_id)
        if lease is not None and self._live(lease.serial, now) is not None:
            return lease
        raise LeaseNotFoundError(
            f"no lease {lease_id!r}: it was released, expired or never granted; lease the"
            " phone again"
        )

    # -- where leases are kept (called under the lock)

    def _stored(self, serial: str) -> Lease | None:
        return self._by_serial.get(serial)

    def _with_id(self, lease_id: str) -> Lease | None:
        return next((lease for lease in self._by_serial.values() if lease.id == lease_id), None)

    def _put(self, lease: Lease, *, lasting: bool | None) -> None:
        """Keep `lease` as its phone's; `lasting` None keeps what the phone's lease had."""
        self._by_serial[lease.serial] = lease

    def _drop(self, serial: str) -> None:
        self._by_serial.pop(serial, None)


def _check_ttl(ttl_s: float) -> None:
    if not ttl_s > 0:
        raise ValueError(f"ttl_s {ttl_s} must be a positive number of seconds")
