"""The example app of docs/virtual-apps.md loads, renders and works as the guide says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PIL import ImageStat

from device.virtual import PhoneConfig, VirtualPhone
from device.virtual.ui.apps import load_app
from tests.device.virtual.test_app_settings import data, find, nodes, shown, tap

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "virtual-apps.md"
SHOPPING = "com.example.shopping"


def example_app() -> str:
    """The guide's complete example: its JSON code block that defines an app."""
    blocks: list[str] = re.findall(
        r"```json\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL
    )
    apps = [block for block in blocks if '"package"' in block]
    assert len(apps) == 1, "the guide should have exactly one complete app"
    return apps[0]


@pytest.fixture
def vphone(tmp_path: Path) -> VirtualPhone:
    (tmp_path / "shopping.json").write_text(example_app(), encoding="utf-8")
    assert load_app(tmp_path / "shopping.json").label == "Shopping list"
    return VirtualPhone(PhoneConfig(apps_dirs=(tmp_path,)))


def items(phone: VirtualPhone) -> list[dict[str, str]]:
    listed = data(phone, SHOPPING)["items"]
    assert isinstance(listed, list)
    return listed


def test_every_json_block_of_the_guide_is_valid_json() -> None:
    for block in re.findall(r"```json\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL):
        json.loads(block)


def test_example_app_is_on_the_launcher_and_works(vphone: VirtualPhone) -> None:
    tap(vphone, "Shopping list")
    assert vphone.foreground() == (SHOPPING, "com.example.shopping.MainActivity")
    assert shown(vphone, "Bread") and shown(vphone, "Milk")

    tap(vphone, "Add item")
    assert find(vphone, "new_item").get("focused") == "true"
    vphone.type_text("Eggs")
    tap(vphone, "Add")
    assert vphone.ui.last_toast() == "Added Eggs"
    assert [item["name"] for item in items(vphone)] == ["Milk", "Bread", "Eggs"]
    names = [n.get("text") for n in nodes(vphone) if n.get("text") in ("Bread", "Eggs", "Milk")]
    assert names == ["Bread", "Eggs", "Milk"]

    tap(vphone, "Milk")
    assert items(vphone)[0]["done"] == "1"
    boxes = [n for n in nodes(vphone) if n.get("class") == "android.widget.CheckBox"]
    assert [box.get("checked") for box in boxes] == ["true", "false", "true"]

    tap(vphone, "Edit Eggs")
    tap(vphone, "quantity")
    vphone.type_text("2")
    assert items(vphone)[2]["qty"] == "12"
    tap(vphone, "Delete")
    assert [item["name"] for item in items(vphone)] == ["Milk", "Bread"]
    assert shown(vphone, "Shopping list") and not shown(vphone, "Eggs")

    tap(vphone, "More options", "About")
    assert shown(vphone, "Version 1.2. Tap + to add what you need.")


def test_example_app_renders_in_light_and_dark(vphone: VirtualPhone) -> None:
    vphone.start_app(SHOPPING)
    light = vphone.screenshot()
    vphone.settings.put("secure", "ui_night_mode", "2")
    dark = vphone.screenshot()
    assert light.size == dark.size == vphone.size
    assert ImageStat.Stat(light.convert("L")).mean[0] > 180
    assert ImageStat.Stat(dark.convert("L")).mean[0] < 80
    assert ImageStat.Stat(light.convert("L")).stddev[0] > 10  # not a blank page


def test_example_app_seed_generates_items(vphone: VirtualPhone) -> None:
    vphone.ui.reseed(3)
    generated = items(vphone)
    assert len(generated) == 6 and [item["id"] for item in generated] == list("123456")
    vphone.start_app(SHOPPING)
    assert shown(vphone, sorted(item["name"] for item in generated)[0])
