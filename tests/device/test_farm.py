"""The farm against the real adb server and virtual phones: discovery, dead servers, leases."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import pytest

from device import (
    AdbAddress,
    AdbServer,
    DeviceConfig,
    DeviceError,
    DeviceNotFoundError,
    DeviceOfflineError,
    Farm,
    HealthState,
    LeaseConflictError,
    LeaseError,
    LeaseNotFoundError,
)
from device.adb import adb_answers
from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Clock:
    """Wall-clock seconds that the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def farm(adb_server: AdbServer, clock: Clock) -> Iterator[Farm]:
    config = DeviceConfig(adb_port=adb_server.port, command_timeout_s=10.0)
    built = Farm([AdbAddress("127.0.0.1", adb_server.port)], config, clock=clock)
    yield built
    built.close()


@pytest.fixture
def second_serial(adb_server: AdbServer) -> Iterator[str]:
    """Another phone on the same adb server."""
    server = VirtualPhoneServer(VirtualPhone(PhoneConfig()), port=0).start()
    adb_server.connect(server.serial)
    yield server.serial
    adb_server.disconnect(server.serial)
    server.stop()


def test_address_parses_host_and_port() -> None:
    assert AdbAddress.parse("10.0.0.7:5037") == AdbAddress("10.0.0.7", 5037)
    assert AdbAddress.parse("[::1]:5037") == AdbAddress("::1", 5037)
    assert str(AdbAddress("::1", 5037)) == "[::1]:5037"
    assert str(AdbAddress.parse(" adb.lab:5038 ")) == "adb.lab:5038"


@pytest.mark.parametrize("text", ["", "5037", "host:", ":5037", "host:port", "host:70000"])
def test_bad_address_says_what_is_wrong(text: str) -> None:
    with pytest.raises(ValueError, match=r"host:port|out of range"):
        AdbAddress.parse(text)


def test_lists_the_phones_of_the_adb_server(farm: Farm, serial: str) -> None:
    listed = {phone.serial: phone for phone in farm.devices()}
    phone = listed[serial]
    assert phone.state == "device"
    assert phone.model == "VirtualPhone"
    assert phone.server == farm.servers[0]
    assert (phone.health, phone.backend, phone.size, phone.lease) == (
        HealthState.UNKNOWN,
        None,
        None,
        None,
    )
    farm.device(serial).hierarchy()
    phone = next(phone for phone in farm.devices() if phone.serial == serial)
    assert phone.health == "ok" and phone.last_error is None
    assert phone.backend == "uiautomator2"
    assert phone.size == (1080, 2400)


def test_device_is_kept_per_serial(farm: Farm, serial: str) -> None:
    assert farm.device(serial) is farm.device(serial)


def test_unknown_serial_is_not_found(farm: Farm) -> None:
    with pytest.raises(DeviceNotFoundError, match=r"127\.0\.0\.1:1"):
        farm.device("127.0.0.1:1")


def test_a_dead_adb_server_does_not_hide_the_others(adb_server: AdbServer, serial: str) -> None:
    dead = AdbAddress("127.0.0.1", _free_port())
    config = DeviceConfig(adb_port=adb_server.port, command_timeout_s=10.0)
    farm = Farm([dead, AdbAddress("127.0.0.1", adb_server.port)], config)
    try:
        assert serial in {phone.serial for phone in farm.devices()}
        assert list(farm.server_errors()) == [str(dead)]
        assert "no adb server answers" in farm.server_errors()[str(dead)]
        assert not adb_answers(dead.host, dead.port), "asking started an adb server there"
        assert "Settings" in farm.device(serial).hierarchy()
    finally:
        farm.close()


def test_lease_is_exclusive_until_released(farm: Farm, serial: str, clock: Clock) -> None:
    lease = farm.lease(serial, ttl_s=60, holder="ci-job-7")
    assert (lease.serial, lease.holder, lease.ttl_s) == (serial, "ci-job-7", 60)
    assert lease.expires_at == clock.now + 60 and lease.expires_in_s(clock.now) == 60
    assert len(lease.id) == 32
    with pytest.raises(LeaseConflictError) as conflict:
        farm.lease(serial, ttl_s=60, holder="someone else")
    message = str(conflict.value)
    assert serial in message and "frees in 60 s" in message and "ci-job-7" in message
    assert lease.id not in message
    assert farm.lease_of(serial) == lease
    assert next(phone for phone in farm.devices() if phone.serial == serial).lease == lease
    assert farm.release(lease.id) == lease
    assert farm.lease_of(serial) is None
    with pytest.raises(LeaseNotFoundError):
        farm.release(lease.id)
    assert farm.lease(serial, ttl_s=5).id != lease.id


def test_renew_extends_from_now(farm: Farm, serial: str, clock: Clock) -> None:
    lease = farm.lease(serial, ttl_s=30)
    clock.now += 20
    renewed = farm.renew(lease.id, ttl_s=45)
    assert renewed.id == lease.id
    assert renewed.expires_at == clock.now + 45 and renewed.ttl_s == 45
    clock.now += 40  # past the first grant, within the renewal
    assert farm.lease_of(serial) == renewed


def test_an_expired_lease_frees_the_phone(farm: Farm, serial: str, clock: Clock) -> None:
    lease = farm.lease(serial, ttl_s=30)
    clock.now += 30
    assert farm.lease_of(serial) is None
    with pytest.raises(LeaseNotFoundError, match="expired"):
        farm.renew(lease.id, ttl_s=30)
    with pytest.raises(LeaseNotFoundError):
        farm.check_access(serial, lease.id)
    farm.check_access(serial, None)
    assert farm.lease(serial, ttl_s=30, holder="next").holder == "next"


def test_check_access_rules(farm: Farm, serial: str, second_serial: str) -> None:
    farm.check_access(serial, None)  # free phone, no lease shown
    lease = farm.lease(serial, ttl_s=60)
    farm.check_access(serial, lease.id)
    with pytest.raises(LeaseConflictError, match="is leased"):
        farm.check_access(serial, None)
    with pytest.raises(LeaseNotFoundError):
        farm.check_access(serial, "0" * 32)
    with pytest.raises(LeaseNotFoundError, match="not " + second_serial):
        farm.check_access(second_serial, lease.id)
    farm.check_access(second_serial, None)


def test_lease_errors_are_not_device_errors() -> None:
    assert issubclass(LeaseConflictError, LeaseError)
    assert issubclass(LeaseNotFoundError, LeaseError)
    assert not issubclass(LeaseError, DeviceError)


def test_lease_needs_a_known_phone_and_a_positive_ttl(farm: Farm, serial: str) -> None:
    with pytest.raises(DeviceNotFoundError):
        farm.lease("127.0.0.1:1", ttl_s=60)
    with pytest.raises(ValueError, match="ttl_s"):
        farm.lease(serial, ttl_s=0)


def test_only_one_of_many_racing_holders_gets_the_lease(farm: Farm, serial: str) -> None:
    farm.device(serial)
    won: list[str] = []
    lost: list[LeaseConflictError] = []
    start = threading.Barrier(16)

    def take(holder: str) -> None:
        start.wait()
        try:
            won.append(farm.lease(serial, ttl_s=60, holder=holder).holder or "")
        except LeaseConflictError as exc:
            lost.append(exc)

    workers = [threading.Thread(target=take, args=(f"h{n}",)) for n in range(16)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(won) == 1 and len(lost) == 15


def test_health_counts_need_no_phone(farm: Farm, serial: str) -> None:
    assert farm.health_counts() == {"unknown": 0, "ok": 0, "unresponsive": 0, "offline": 0}
    device = farm.device(serial)
    assert farm.health_counts()["unknown"] == 1
    device.clear_app("com.android.settings")
    assert farm.health_counts() == {"unknown": 0, "ok": 1, "unresponsive": 0, "offline": 0}


def test_a_phone_missing_while_a_server_is_down_is_offline_not_unknown(
    adb_server: AdbServer,
) -> None:
    dead = AdbAddress("127.0.0.1", _free_port())
    farm = Farm([AdbAddress("127.0.0.1", adb_server.port), dead], DeviceConfig())
    with pytest.raises(DeviceOfflineError, match=f"no adb server answers on {dead}"):
        farm.device("127.0.0.1:1")


def test_phones_named_to_connect_join_the_farm_by_themselves(adb_server: AdbServer) -> None:
    """An emulator container reached over TCP is `adb connect`ed when the farm lists."""
    phone = VirtualPhoneServer(VirtualPhone(PhoneConfig()), port=0).start()
    serial = f"127.0.0.1:{phone.port}"
    nobody = f"127.0.0.1:{_free_port()}"  # nothing listens there: skipped, not an error
    farm = Farm(
        [AdbAddress("127.0.0.1", adb_server.port)],
        DeviceConfig(adb_port=adb_server.port, command_timeout_s=5.0),
        connect=[serial, nobody],
    )
    try:
        assert serial not in {d.serial for d in adb_server.devices()}
        listed = {device.serial: device.state for device in farm.devices()}
        assert listed.get(serial) == "device"
        assert nobody not in listed or listed[nobody] != "device"
        assert "Settings" in farm.device(serial).hierarchy()
    finally:
        farm.close()
        for address in (serial, nobody):
            with contextlib.suppress(DeviceError):
                adb_server.disconnect(address)
        phone.stop()
