"""Leases kept in the service's database: the rules of the in-memory book, and what a
restart keeps (a client's lease) and drops (the service's own, and expired ones)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from device.errors import LeaseConflictError, LeaseNotFoundError
from device.lease import LeaseBook
from service.tasks.leases import LeaseStore


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


Books = Callable[[Clock], LeaseBook]


@pytest.fixture(params=["memory", "database"])
def book(request: pytest.FixtureRequest, tmp_path: Path) -> Books:
    if request.param == "memory":
        return lambda clock: LeaseBook(clock=clock)
    return lambda clock: LeaseStore(tmp_path / "tasks.sqlite3", clock=clock)


def test_one_holder_at_a_time_until_release_or_expiry(book: Books) -> None:
    clock = Clock()
    leases = book(clock)
    lease = leases.grant("phone-1", ttl_s=60, holder="ci #1")
    assert (lease.serial, lease.holder, lease.expires_at) == ("phone-1", "ci #1", 1_060.0)
    with pytest.raises(LeaseConflictError):
        leases.grant("phone-1", ttl_s=60)
    leases.check("phone-1", lease.id)
    with pytest.raises(LeaseConflictError):
        leases.check("phone-1", None)
    assert leases.grant("phone-2", ttl_s=5).serial == "phone-2"
    clock.now += 30
    assert leases.renew(lease.id, ttl_s=60).expires_at == 1_090.0
    clock.now += 59
    assert leases.of("phone-1") == leases.get(lease.id)
    clock.now += 2
    assert leases.of("phone-1") is None
    with pytest.raises(LeaseNotFoundError):
        leases.get(lease.id)
    again = leases.grant("phone-1", ttl_s=10)
    assert leases.release(again.id) == again
    with pytest.raises(LeaseNotFoundError):
        leases.release(again.id)
    with pytest.raises(LeaseNotFoundError):
        leases.check("phone-2", again.id)


def test_a_restart_keeps_clients_leases_and_drops_the_services_own(tmp_path: Path) -> None:
    clock = Clock()
    before = LeaseStore(tmp_path / "tasks.sqlite3", clock=clock)
    client = before.grant("phone-1", ttl_s=600, holder="ci #2", lasting=True)
    short = before.grant("phone-3", ttl_s=5, holder="ci #3", lasting=True)
    own = before.grant("phone-2", ttl_s=600, holder="task 1234")
    before.renew(client.id, ttl_s=900)
    before.close()
    clock.now += 10
    after = LeaseStore(tmp_path / "tasks.sqlite3", clock=clock)
    kept = after.get(client.id)
    assert (kept.holder, kept.expires_at) == ("ci #2", 1_900.0), "renewed, and still lasting"
    for gone in (own, short):
        assert after.of(gone.serial) is None
    assert after.grant("phone-2", ttl_s=60).serial == "phone-2"
    after.close()
