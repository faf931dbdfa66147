"""POST /v1/ground and GET /v1/health, as an HTTP client sees them."""

from __future__ import annotations

import base64
import io
import socket
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from device import AdbServer, LauncherApp
from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer
from service.app import create_app
from service.app_names import resolve_app
from service.config import AdbSection, ApiSection, Settings


@dataclass(frozen=True)
class Shot:
    png: bytes
    xml: str
    wifi_row: tuple[int, int, int, int]
    """Bounds of the clickable Wi-Fi row of the Internet page."""

    @property
    def image(self) -> str:
        return base64.b64encode(self.png).decode()


def clickable_bounds_of(xml: str, text: str) -> tuple[int, int, int, int]:
    """Bounds of the smallest clickable node that holds the node showing `text`."""
    root = ET.fromstring(xml)
    parents = {child: parent for parent in root.iter() for child in parent}
    node = next(node for node in root.iter("node") if node.get("text") == text)
    while node.get("clickable") != "true":
        node = parents[node]
    x1, y1, x2, y2 = (
        int(number) for number in node.get("bounds", "").replace("][", ",").strip("[]").split(",")
    )
    return x1, y1, x2, y2


def inside(command: dict[str, Any], bounds: tuple[int, int, int, int]) -> bool:
    x1, y1, x2, y2 = bounds
    return x1 <= command["x"] <= x2 and y1 <= command["y"] <= y2


@pytest.fixture(scope="module")
def internet() -> Shot:
    phone = VirtualPhone(PhoneConfig(width_px=1080, height_px=2400, density_dpi=420))
    assert phone.start_app("com.android.settings", ".Settings$WifiSettingsActivity")
    xml = phone.hierarchy_xml(form="dump")
    return Shot(png=phone.screenshot_png(), xml=xml, wifi_row=clickable_bounds_of(xml, "Wi-Fi"))


@pytest.fixture(scope="module")
def client(adb_server: AdbServer) -> Iterator[TestClient]:
    app = create_app(
        Settings(
            adb=AdbSection(port=adb_server.port), api=ApiSection(max_body_bytes=4 * 1024 * 1024)
        )
    )
    with TestClient(app) as test_client:
        yield test_client


def ground(client: TestClient, **body: Any) -> tuple[int, dict[str, Any]]:
    response = client.post("/v1/ground", json=body)
    assert "Traceback" not in response.text
    return response.status_code, response.json()


# -- grounding --------------------------------------------------------------------------------


def test_tap_wifi_with_screenshot_and_dump_lands_in_the_row(
    client: TestClient, internet: Shot
) -> None:
    status, answer = ground(
        client, action='tap "Wi-Fi"', image=internet.image, hierarchy=internet.xml
    )
    assert status == 200, answer
    assert answer["found"] is True
    assert answer["command"]["type"] == "tap"
    assert inside(answer["command"], internet.wifi_row)
    assert answer["action"] == 'tap "Wi-Fi"'
    assert 0 < answer["confidence"] <= 1
    assert set(answer["element"]) >= {"bounds", "text", "desc", "role", "sources"}
    assert answer["reason"]
    assert answer["timing_ms"]["total"] > 0
    assert answer["screen"]["width"] == 1080 and answer["screen"]["height"] == 2400


def test_a_sure_hierarchy_answer_reads_no_pixels(client: TestClient, internet: Shot) -> None:
    status, answer = ground(
        client, action='tap "Wi-Fi"', image=internet.image, hierarchy=internet.xml
    )
    assert status == 200, answer
    assert answer["found"] and inside(answer["command"], internet.wifi_row)
    assert not {"decode", "ocr", "detector"} & set(answer["timing_ms"])
    assert "screenshot" not in answer["reason"]


def test_a_useless_hierarchy_falls_back_to_the_screenshot(
    client: TestClient, internet: Shot
) -> None:
    webview = (
        '<hierarchy rotation="0"><node class="android.webkit.WebView" text="" '
        'content-desc="" bounds="[0,0][1080,2400]" /></hierarchy>'
    )
    status, answer = ground(client, action='tap "Wi-Fi"', image=internet.image, hierarchy=webview)
    assert status == 200, answer
    assert answer["found"] and inside(answer["command"], internet.wifi_row)
    assert answer["timing_ms"]["ocr"] > 0 and "hierarchy_first" in answer["timing_ms"]
    assert "the hierarchy alone had no answer" in answer["reason"]


def test_hierarchy_alone_is_enough(client: TestClient, internet: Shot) -> None:
    status, answer = ground(client, action='tap "Wi-Fi"', hierarchy=internet.xml)
    assert status == 200, answer
    assert answer["found"] and inside(answer["command"], internet.wifi_row)
    assert "hierarchy" in answer["element"]["sources"]


def test_screenshot_alone_is_read_with_ocr(client: TestClient, internet: Shot) -> None:
    status, answer = ground(
        client, action='tap "Wi-Fi"', image=internet.image, sources=["ocr", "detector"]
    )
    assert status == 200, answer
    assert answer["found"] and inside(answer["command"], internet.wifi_row)
    assert "hierarchy" not in answer["element"]["sources"]
    assert answer["timing_ms"]["ocr"] > 0


def test_structured_action_is_accepted(client: TestClient, internet: Shot) -> None:
    for action, text in (
        ({"type": "tap", "target": "Wi-Fi", "quoted": True}, 'tap "Wi-Fi"'),
        ({"type": "tap", "target": "Wi-Fi"}, "tap Wi-Fi"),  # unquoted: a description
    ):
        status, answer = ground(client, action=action, hierarchy=internet.xml)
        assert status == 200, answer
        assert answer["action"] == text
        assert inside(answer["command"], internet.wifi_row)


def test_a_target_that_is_not_there_is_not_found(client: TestClient, internet: Shot) -> None:
    status, answer = ground(client, action='tap "Airplane mode"', hierarchy=internet.xml)
    assert status == 200, answer
    assert answer["found"] is False and answer["command"] is None
    assert answer["reason"]


def test_a_phone_is_observed_through_adb(
    client: TestClient, phone: VirtualPhoneServer, serial: str
) -> None:
    assert phone.phone.start_app("com.android.settings")
    row = clickable_bounds_of(phone.phone.hierarchy_xml(form="dump"), "Network & internet")
    status, answer = ground(
        client, action='tap "Network & internet"', device=serial, sources=["hierarchy"]
    )
    assert status == 200, answer
    assert answer["found"] and inside(answer["command"], row)
    assert answer["screen"]["package"] == "com.android.settings"
    assert answer["timing_ms"]["observe"] > 0


@pytest.mark.parametrize(
    ("app", "package", "how"),
    [
        ("Clock", "com.google.android.deskclock", "usual package of the 'Clock' app"),
        ("clock app", "com.google.android.deskclock", "usual package of the 'Clock' app"),
        ("Keep", "com.google.android.keep", "usual package of the 'Keep Notes' app"),
        ("calc", "com.google.android.calculator", "package name holds 'calc'"),
    ],
)
def test_open_app_by_name_starts_the_installed_app_from_any_screen(
    client: TestClient, phone: VirtualPhoneServer, serial: str, app: str, package: str, how: str
) -> None:
    assert phone.phone.start_app("com.android.settings")  # no launcher icon in sight
    status, answer = ground(
        client, action=f'open app "{app}"', device=serial, sources=["hierarchy"]
    )
    assert status == 200, answer
    assert answer["found"] and answer["confidence"] == 1.0
    command = answer["command"]
    assert command["type"] == "start_app" and command["package"] == package
    assert how in answer["reason"]
    assert phone.phone.start_app(command["package"], command["activity"])
    assert package in phone.phone.processes()  # running, perhaps behind a permission request


def test_open_app_by_package_starts_that_package(
    client: TestClient, phone: VirtualPhoneServer, serial: str
) -> None:
    status, answer = ground(
        client, action='open app "com.google.android.calculator"', device=serial,
        sources=["hierarchy"],
    )  # fmt: skip
    assert status == 200, answer
    assert answer["command"] == {
        "type": "start_app", "package": "com.google.android.calculator", "activity": None
    }  # fmt: skip


def test_open_app_nobody_installed_is_not_found_and_names_the_installed_apps(
    client: TestClient, phone: VirtualPhoneServer, serial: str
) -> None:
    status, answer = ground(
        client, action='open app "Flappy Bird"', device=serial, sources=["hierarchy"]
    )
    assert status == 200, answer
    assert not answer["found"] and answer["command"] is None
    assert "no installed app is called 'Flappy Bird'" in answer["reason"]
    apps = answer["apps"]
    assert 0 < len(apps) <= 5 and all(app["name"] in answer["reason"] for app in apps)
    assert {"name": "Calculator", "package": "com.google.android.calculator",
            "activity": "com.android.calculator2.Calculator"} in apps  # fmt: skip
    status, answer = ground(client, action='open app "Clock"', device=serial)
    assert answer["found"] and answer["apps"] == []


def test_health_lists_the_phones(client: TestClient, serial: str) -> None:
    response = client.get("/v1/health")
    assert response.status_code == 200
    health = response.json()
    assert health["status"] == "ok"
    assert serial in health["adb"]["devices"]


# -- what a client gets wrong -----------------------------------------------------------------


def test_action_that_does_not_parse_names_the_column(client: TestClient, internet: Shot) -> None:
    status, answer = ground(client, action='tap "Wi-Fi', hierarchy=internet.xml)
    assert status == 422
    assert answer["code"] == "bad_action"
    assert answer["column"] > 0 and f"column {answer['column']}" in answer["detail"]


def test_structured_action_missing_its_target_says_so(client: TestClient, internet: Shot) -> None:
    status, answer = ground(client, action={"type": "tap"}, hierarchy=internet.xml)
    assert status == 422
    assert "target" in answer["detail"]


def test_unknown_action_type_lists_the_known_ones(client: TestClient, internet: Shot) -> None:
    status, answer = ground(client, action={"type": "jump"}, hierarchy=internet.xml)
    assert status == 422
    assert "'jump'" in answer["detail"] and "'tap'" in answer["detail"]


def test_no_screen_names_what_to_send(client: TestClient) -> None:
    status, answer = ground(client, action='tap "Wi-Fi"')
    assert status == 422
    assert all(word in answer["detail"] for word in ("image", "hierarchy", "device"))


def test_bad_base64_is_refused(client: TestClient) -> None:
    status, answer = ground(client, action='tap "Wi-Fi"', image="this is not base64!")
    assert status == 422
    assert "base64" in answer["detail"]


def test_bytes_that_are_no_image_are_refused(client: TestClient) -> None:
    status, answer = ground(
        client, action='tap "Wi-Fi"', image=base64.b64encode(b"hello, world").decode()
    )
    assert status == 422
    assert answer["code"] == "bad_screen"
    assert "image" in answer["detail"].lower()


def test_hierarchy_that_is_not_xml_is_refused(client: TestClient) -> None:
    status, answer = ground(client, action='tap "Wi-Fi"', hierarchy="<hierarchy><node")
    assert status == 422
    assert answer["code"] == "bad_screen"
    assert "XML" in answer["detail"]


def test_unknown_source_lists_the_known_ones(client: TestClient, internet: Shot) -> None:
    status, answer = ground(
        client, action='tap "Wi-Fi"', hierarchy=internet.xml, sources=["pixels"]
    )
    assert status == 422
    assert "'pixels'" in answer["detail"] and "'ocr'" in answer["detail"]


def test_device_and_screen_together_are_refused(client: TestClient, internet: Shot) -> None:
    status, answer = ground(
        client, action='tap "Wi-Fi"', hierarchy=internet.xml, device="127.0.0.1:5555"
    )
    assert status == 422
    assert "not both" in answer["detail"]


def test_unknown_device_is_404(client: TestClient) -> None:
    status, answer = ground(client, action='tap "Wi-Fi"', device="no-such-phone")
    assert status == 404
    assert answer["code"] == "device_not_found"
    assert "no-such-phone" in answer["detail"]


def test_no_adb_server_is_503_and_starts_none() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    with TestClient(create_app(Settings(adb=AdbSection(port=dead_port)))) as client:
        status, answer = ground(client, action='tap "Wi-Fi"', device="127.0.0.1:5555")
        assert status == 503
        assert answer["code"] == "device_offline" and str(dead_port) in answer["detail"]
        health = client.get("/v1/health").json()
        assert health["adb"]["devices"] == [] and str(dead_port) in health["adb"]["error"]


def test_body_that_is_not_json_is_refused(client: TestClient) -> None:
    response = client.post(
        "/v1/ground", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_body_over_the_limit_is_413(adb_server: AdbServer) -> None:
    small = create_app(
        Settings(adb=AdbSection(port=adb_server.port), api=ApiSection(max_body_bytes=2048))
    )
    big = {"action": 'tap "Wi-Fi"', "hierarchy": "<hierarchy/>" + " " * 4096}
    with TestClient(small) as client:
        announced = client.post("/v1/ground", json=big)
        assert announced.status_code == 413
        assert "2048" in announced.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: the bytes received count
            yield b'{"action": "tap \\"Wi-Fi\\"", "hierarchy": "'
            for _ in range(10):
                yield b" " * 512
            yield b'"}'

        streamed = client.post(
            "/v1/ground", content=chunks(), headers={"content-type": "application/json"}
        )
        assert streamed.status_code == 413
        assert streamed.json()["code"] == "body_too_large"


def test_image_may_be_a_jpeg_data_url(client: TestClient, internet: Shot) -> None:
    buffer = io.BytesIO()
    Image.open(io.BytesIO(internet.png)).convert("RGB").save(buffer, format="JPEG")
    data_url = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()
    status, answer = ground(client, action='tap "Wi-Fi"', image=data_url, hierarchy=internet.xml)
    assert status == 200, answer
    assert inside(answer["command"], internet.wifi_row)


# -- resolving an app's name ------------------------------------------------------------------

SAMSUNG_APPS = [
    LauncherApp(
        "com.sec.android.app.clockpackage", "com.sec.android.app.clockpackage.ClockPackage"
    ),
    LauncherApp("com.samsung.android.app.notes", "com.samsung.android.app.notes.MainActivity"),
    LauncherApp("com.sec.android.gallery3d", "com.sec.android.gallery3d.app.GalleryActivity"),
    LauncherApp("com.android.settings", "com.android.settings.Settings", label="Réglages"),
]


@pytest.mark.parametrize(
    ("name", "package"),
    [
        ("reglages", "com.android.settings"),  # the label, accents and case aside
        ("RÉGLAGES", "com.android.settings"),
        ("Settings", "com.android.settings"),
        ("the Clock app", "com.sec.android.app.clockpackage"),
        ("Notes", "com.samsung.android.app.notes"),
        ("Photos", "com.sec.android.gallery3d"),  # Google Photos absent: the vendor's gallery
        ("gallery3d", "com.sec.android.gallery3d"),
    ],
)
def test_a_name_resolves_to_the_installed_app_it_means(name: str, package: str) -> None:
    resolved = resolve_app(name, SAMSUNG_APPS)
    assert resolved is not None and resolved[0].package == package


@pytest.mark.parametrize("name", ["Keep", "Flappy Bird", "app", "go", "Samsung", ""])
def test_a_name_no_installed_app_fits_resolves_to_nothing(name: str) -> None:
    assert resolve_app(name, SAMSUNG_APPS) is None
