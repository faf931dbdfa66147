"""`AndroidDevice` against virtual phones through the real adb server, adbutils and uiautomator2."""

from __future__ import annotations

import io
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from PIL import Image, ImageChops, ImageStat

from aci import COMMAND_ADAPTER
from device import (
    AdbServer,
    AndroidDevice,
    DeviceConfig,
    DeviceError,
    DeviceNotFoundError,
)
from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer

Box = tuple[int, int, int, int]


def _config(adb_server: AdbServer, backend: str = "auto") -> DeviceConfig:
    return DeviceConfig(
        adb_port=adb_server.port,
        backend=backend,  # type: ignore[arg-type]
        command_timeout_s=10.0,
    )


def _bounds(value: str) -> Box:
    left, top, right, bottom = (int(n) for n in re.findall(r"-?\d+", value))
    return left, top, right, bottom


def _nodes(xml: str) -> list[ET.Element]:
    return list(ET.fromstring(xml.encode()).iter("node"))


def _find(xml: str, **attrs: str) -> ET.Element:
    for node in _nodes(xml):
        if all(node.get(key.replace("_", "-")) == value for key, value in attrs.items()):
            return node
    raise AssertionError(f"no node with {attrs} in the hierarchy")


def _center(node: ET.Element) -> tuple[int, int]:
    left, top, right, bottom = _bounds(node.get("bounds", ""))
    return (left + right) // 2, (top + bottom) // 2


def _tap_text(device: AndroidDevice, text: str) -> None:
    x, y = _center(_find(device.observe().hierarchy_xml or "", text=text))
    device.execute(COMMAND_ADAPTER.validate_python({"type": "tap", "x": x, "y": y}))


def _image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


@pytest.fixture
def device(adb_server: AdbServer, serial: str) -> Iterator[AndroidDevice]:
    android = AndroidDevice(serial, config=_config(adb_server))
    yield android
    android.close()


def _open_internet_page(device: AndroidDevice) -> None:
    device.start_app("com.android.settings")
    _tap_text(device, "Network & internet")
    _tap_text(device, "Internet")


def test_observe_through_uiautomator2(device: AndroidDevice) -> None:
    observation = device.observe()
    assert observation.backend == "uiautomator2"
    assert observation.image_format == "jpeg"
    assert (observation.width, observation.height) == (1080, 2400)
    assert _image(observation.screenshot).size == (1080, 2400)
    assert observation.package == "com.android.launcher3"
    assert _find(observation.hierarchy_xml or "", text="Settings") is not None
    assert observation.elapsed_ms > 0


@pytest.mark.parametrize("backend", ["uiautomator2", "adb"])
def test_the_hierarchy_alone_is_the_one_observe_reads(
    adb_server: AdbServer, serial: str, backend: str
) -> None:
    device = AndroidDevice(serial, config=_config(adb_server, backend=backend))
    try:
        assert device.hierarchy() == device.observe().hierarchy_xml
        assert _find(device.hierarchy(), text="Settings") is not None
    finally:
        device.close()


def test_observe_through_plain_adb(adb_server: AdbServer, serial: str) -> None:
    device = AndroidDevice(serial, config=_config(adb_server, backend="adb"))
    observation = device.observe()
    assert observation.backend == "adb"
    assert observation.image_format == "png"
    assert _image(observation.screenshot).size == (1080, 2400)
    xml = observation.hierarchy_xml or ""
    assert xml.startswith("<?xml")
    assert _find(xml, text="Settings") is not None


def test_text_bounds_match_the_pixels(device: AndroidDevice) -> None:
    """Every labelled node's box holds ink; the background beside the screen's text is plain."""
    device.start_app("com.android.settings")
    observation = device.observe()
    image = _image(observation.screenshot)
    labelled = [
        node
        for node in _nodes(observation.hierarchy_xml or "")
        if node.get("text") and node.get("class") == "android.widget.TextView"
    ]
    assert len(labelled) >= 5
    for node in labelled:
        crop = image.crop(_bounds(node.get("bounds", "")))
        spread = max(high - low for low, high in crop.getextrema())  # type: ignore[misc]
        assert spread > 60, f"no text drawn inside the bounds of {node.get('text')!r}"


def test_wifi_switch_turns_wifi_on(device: AndroidDevice) -> None:
    adb = device.adb()
    assert adb.shell("settings get global wifi_on").strip() == "0"
    _open_internet_page(device)
    before = device.observe()
    switch = _find(before.hierarchy_xml or "", **{"class": "android.widget.Switch"})
    assert switch.get("checked") == "false"
    x, y = _center(switch)
    device.execute(COMMAND_ADAPTER.validate_python({"type": "tap", "x": x, "y": y}))
    after = device.observe()
    assert (
        _find(after.hierarchy_xml or "", **{"class": "android.widget.Switch"}).get("checked")
        == "true"
    )
    assert adb.shell("settings get global wifi_on").strip() == "1"
    status_bar = (0, 0, before.width, round(24 * 420 / 160))
    changed = ImageChops.difference(
        _image(before.screenshot).crop(status_bar), _image(after.screenshot).crop(status_bar)
    )
    assert max(ImageStat.Stat(changed).extrema[0]) > 100, "status bar did not change"


def test_unicode_text_reaches_the_field(device: AndroidDevice) -> None:
    device.start_app("com.android.settings")
    field = _find(device.observe().hierarchy_xml or "", **{"class": "android.widget.EditText"})
    x, y = _center(field)
    device.execute(COMMAND_ADAPTER.validate_python({"type": "tap", "x": x, "y": y}))
    device.execute(COMMAND_ADAPTER.validate_python({"type": "type_text", "text": "Grüße 你好"}))
    xml = device.observe().hierarchy_xml or ""
    assert _find(xml, **{"class": "android.widget.EditText"}).get("text") == "Grüße 你好"


def test_type_text_with_a_point_taps_the_field_first(device: AndroidDevice) -> None:
    device.start_app("com.android.settings")
    field = _find(device.observe().hierarchy_xml or "", **{"class": "android.widget.EditText"})
    x, y = _center(field)
    command = {"type": "type_text", "text": "wifi", "x": x, "y": y}
    device.execute(COMMAND_ADAPTER.validate_python(command))
    xml = device.observe().hierarchy_xml or ""
    assert _find(xml, **{"class": "android.widget.EditText"}).get("text") == "wifi"


def test_plain_adb_types_ascii_and_refuses_unicode(adb_server: AdbServer, serial: str) -> None:
    device = AndroidDevice(serial, config=_config(adb_server, backend="adb"))
    device.start_app("com.android.settings")
    field = _find(device.observe().hierarchy_xml or "", **{"class": "android.widget.EditText"})
    x, y = _center(field)
    device.execute(COMMAND_ADAPTER.validate_python({"type": "tap", "x": x, "y": y}))
    device.type_text("wi fi")
    assert (
        _find(device.observe().hierarchy_xml or "", **{"class": "android.widget.EditText"}).get(
            "text"
        )
        == "wi fi"
    )
    with pytest.raises(DeviceError, match="ASCII"):
        device.type_text("你好")


@pytest.mark.parametrize("backend", ["uiautomator2", "adb"])
def test_clear_text_empties_the_focused_field(
    adb_server: AdbServer, serial: str, backend: str
) -> None:
    device = AndroidDevice(serial, config=_config(adb_server, backend=backend))
    try:
        device.start_app("com.android.settings")
        field = _find(device.observe().hierarchy_xml or "", **{"class": "android.widget.EditText"})
        x, y = _center(field)
        command = {"type": "type_text", "text": "wi fi", "x": x, "y": y}
        device.execute(COMMAND_ADAPTER.validate_python(command))
        assert _edit_text(device) == "wi fi"
        device.execute(COMMAND_ADAPTER.validate_python({"type": "clear_text"}))
        assert _edit_text(device) in ("", "Search settings")  # empty, or showing its hint
        device.type_text("bt")  # the field kept the focus, and holds nothing else
        assert _edit_text(device) == "bt"
    finally:
        device.close()


def _edit_text(device: AndroidDevice) -> str | None:
    return _find(device.hierarchy(), **{"class": "android.widget.EditText"}).get("text")


@pytest.mark.parametrize("backend", ["uiautomator2", "adb"])
def test_clear_text_at_a_point_focuses_that_field_and_needs_one_focused_without(
    adb_server: AdbServer, serial: str, backend: str
) -> None:
    device = AndroidDevice(serial, config=_config(adb_server, backend=backend))
    try:
        device.start_app("com.android.settings")
        _tap_text(device, "Connected devices")
        _tap_text(device, "Device name")  # a dialog, its field focused, holding the name
        assert _edit_text(device) == "VirtualPhone"
        device.press_key("back")  # the field loses the focus, keeps its text
        with pytest.raises(DeviceError, match="no focused field to clear"):
            device.execute(COMMAND_ADAPTER.validate_python({"type": "clear_text"}))
        assert _edit_text(device) == "VirtualPhone"
        x, y = _center(_find(device.hierarchy(), **{"class": "android.widget.EditText"}))
        device.execute(COMMAND_ADAPTER.validate_python({"type": "clear_text", "x": x, "y": y}))
        assert _edit_text(device) in ("", "Device name")  # empty, or showing its hint
    finally:
        device.close()


def test_back_and_home(device: AndroidDevice) -> None:
    device.start_app("com.android.settings")
    _tap_text(device, "Display")
    assert _find(device.observe().hierarchy_xml or "", text="Dark theme") is not None
    device.press_key("back")
    assert _find(device.observe().hierarchy_xml or "", text="Network & internet") is not None
    device.press_key("home")
    assert device.observe().package == "com.android.launcher3"


def test_app_start_and_stop(device: AndroidDevice) -> None:
    device.start_app("com.android.settings")
    assert device.observe().package == "com.android.settings"
    device.stop_app("com.android.settings")
    assert device.observe().package == "com.android.launcher3"


def test_launcher_apps_are_the_phones_apps_and_each_starts(device: AndroidDevice) -> None:
    apps = device.launcher_apps()
    assert {app.package for app in apps} == {
        "com.android.settings",
        "com.google.android.apps.messaging",
        "com.google.android.apps.photos",
        "com.google.android.calculator",
        "com.google.android.contacts",
        "com.google.android.deskclock",
        "com.google.android.keep",
    }
    clock = next(app for app in apps if app.package == "com.google.android.deskclock")
    assert clock.activity == "com.android.deskclock.DeskClock" and clock.label is None
    for app in apps:
        device.start_app(app.package, app.activity)
        # an app may open behind its runtime-permission request, as on a phone
        in_front = device.observe().package
        assert in_front in (app.package, "com.google.android.permissioncontroller")


def test_launcher_apps_are_read_once_a_minute(
    device: AndroidDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = device.launcher_apps()
    asked: list[str] = []
    shell = device.adb().shell
    monkeypatch.setattr(device.adb(), "shell", lambda line: asked.append(line) or shell(line))
    first.clear()  # the caller's copy: the cached list stays whole
    assert len(device.launcher_apps()) == 7 and asked == []
    monkeypatch.setattr("device.android.LAUNCHER_APPS_TTL_S", 0.0)
    assert len(device.launcher_apps()) == 7 and len(asked) == 1


def test_two_phones_are_independent(adb_server: AdbServer, serial: str) -> None:
    other_server = VirtualPhoneServer(VirtualPhone(PhoneConfig()), port=0)
    other_server.start()
    other = f"127.0.0.1:{other_server.port}"
    try:
        adb_server.connect(other)
        first = AndroidDevice(serial, config=_config(adb_server, backend="adb"))
        second = AndroidDevice(other, config=_config(adb_server, backend="adb"))
        first.adb().shell("settings put global wifi_on 1")
        first.start_app("com.android.settings")
        assert second.adb().shell("settings get global wifi_on").strip() == "0"
        assert second.observe().package == "com.android.launcher3"
        assert first.observe().package == "com.android.settings"
    finally:
        adb_server.disconnect(other)
        other_server.stop()


def test_unknown_serial_is_not_found(adb_server: AdbServer) -> None:
    device = AndroidDevice("127.0.0.1:1", config=_config(adb_server))
    with pytest.raises(DeviceNotFoundError, match=r"127\.0\.0\.1:1"):
        device.observe()


def test_phone_stopped_mid_command_fails_fast(
    adb_server: AdbServer, phone: VirtualPhoneServer, serial: str
) -> None:
    device = AndroidDevice(serial, config=_config(adb_server, backend="adb"))
    device.observe()
    errors: list[BaseException] = []

    def long_command() -> None:
        try:
            device.adb().shell("sleep 30")
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=long_command)
    started = time.monotonic()
    worker.start()
    time.sleep(0.5)
    phone.stop()
    worker.join(timeout=15)
    assert not worker.is_alive(), "the command hung after the phone went away"
    assert time.monotonic() - started < 15
    assert len(errors) == 1 and isinstance(errors[0], DeviceError)
