"""What shows over an app: the soft keyboard, toasts, the permission dialog, the
overflow menu and a loading spinner, driven as a user would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from device.virtual.phone import VirtualPhone
from tests.device.virtual.test_engine_data import (
    CHORES,
    PKG,
    data,
    find,
    make_phone,
    nodes,
    tap,
    texts,
)

IME = "com.google.android.inputmethod.latin"
PERMISSION_CONTROLLER = "com.google.android.permissioncontroller"


@pytest.fixture
def phone(tmp_path: Path) -> VirtualPhone:
    return make_phone(tmp_path)


def keyboard_rect(phone: VirtualPhone) -> tuple[int, int, int, int] | None:
    windows = [w for w in phone.windows() if w.package == IME]
    return windows[0].bounds if windows else None


def tap_key(phone: VirtualPhone, row: int, column: float, columns: int = 10) -> None:
    """Tap a key of the letter keyboard: row 0-3 below the suggestion strip."""
    rect = keyboard_rect(phone)
    assert rect is not None
    left, top, right, bottom = rect
    row_h = (bottom - top - 147) // 4  # 56dp rows under a 48dp strip + 4dp at 420 dpi
    x = left + round((right - left) * (column + 0.5) / columns)
    phone.tap(x, top + 147 + row * row_h + row_h // 2)


def test_the_keyboard_shows_while_a_field_has_focus_and_types(phone: VirtualPhone) -> None:
    assert keyboard_rect(phone) is None
    tap(phone, "Add")
    rect = keyboard_rect(phone)
    assert rect is not None
    ime = next(w for w in phone.windows() if w.package == IME)
    assert ime.cls == "android.widget.FrameLayout" and not ime.children
    assert 0.3 < (rect[3] - rect[1]) / 2400 < 0.45
    assert rect[3] == 2400 - 126  # ends on the navigation bar
    tap_key(phone, 1, 5.5)  # h (the second row is offset by half a key)
    tap_key(phone, 0, 7)  # i
    tap_key(phone, 2, 0.75)  # shift
    tap_key(phone, 0, 0)  # Q
    tap_key(phone, 3, 4.5)  # space
    tap_key(phone, 2, 9.25)  # backspace
    assert find(phone, "hiQ")
    phone.press_key(4)  # Back hides the keyboard first
    assert keyboard_rect(phone) is None
    assert find(phone, "New chore")


def test_a_number_field_gets_the_number_pad(phone: VirtualPhone) -> None:
    tap(phone, "Sum")
    for column, row in ((0, 0), (3, 0), (1, 1)):  # 1, -, 5
        tap_key(phone, row, column, columns=4)
    assert find(phone, "1-5")
    tap_key(phone, 3, 3, columns=4)  # Enter submits
    assert find(phone, "= -4")


def test_a_toast_shows_for_a_while_and_is_remembered(phone: VirtualPhone) -> None:
    tap(phone, "Bump")
    toast = next(w for w in phone.windows() if w.resource_id == "android:id/message")
    assert toast.text == "Counter is 1" and toast.cls == "android.widget.TextView"
    with phone.lock:
        phone.ui.show_toast("Quick", duration_s=0.2)
    assert "Quick" in texts(phone)
    before = phone.screenshot()
    assert phone.wait_until(lambda: "Quick" not in texts(phone), timeout_s=2)
    assert phone.screenshot().tobytes() != before.tobytes()
    with phone.lock:
        assert phone.ui.last_toast() == "Quick"


def test_the_menu_opens_closes_on_any_tap_and_runs_its_item(phone: VirtualPhone) -> None:
    tap(phone, "Bump")
    tap(phone, "More")
    assert find(phone, "Reset counter")
    tap(phone, "Bump")  # a tap elsewhere only closes the menu
    assert data(phone)["counter"] == "1"
    assert "Reset counter" not in texts(phone)
    tap(phone, "More")
    phone.press_key(4)
    assert "Reset counter" not in texts(phone)
    assert phone.foreground()[0] == PKG
    tap(phone, "More")
    tap(phone, "Reset counter")
    assert data(phone)["counter"] == "0"
    assert "Reset counter" not in texts(phone)


def test_a_slow_screen_shows_its_content_when_loaded(tmp_path: Path) -> None:
    app = json.loads(json.dumps(CHORES))
    app["screens"]["list"]["loading_ms"] = 300
    phone = make_phone(tmp_path, app)
    phone.set_text(f"{PKG}/main/mode", "list")
    phone.press_key(4)  # hide the keyboard
    tap(phone, "Go")
    assert "The list" not in texts(phone)
    assert phone.wait_until(lambda: "The list" in texts(phone), timeout_s=2)


def permission_app() -> dict[str, Any]:
    app = json.loads(json.dumps(CHORES))
    app["permission"] = {
        "name": "android.permission.READ_CONTACTS",
        "message": "Allow Chores to access your contacts?",
        "icon": "contacts",
    }
    return app


def button(phone: VirtualPhone, name: str) -> Any:
    wanted = f"com.android.permissioncontroller:id/{name}"
    return next(n for n in nodes(phone) if n.resource_id == wanted)


def test_the_permission_dialog_asks_once(tmp_path: Path) -> None:
    phone = make_phone(tmp_path, permission_app())
    assert phone.foreground() == (
        PERMISSION_CONTROLLER,
        "com.android.permissioncontroller.permission.ui.GrantPermissionsActivity",
    )
    assert phone.windows()[0].package == PERMISSION_CONTROLLER
    assert find(phone, "Allow Chores to access your contacts?")
    assert button(phone, "permission_deny_button").text == "Don't allow"
    tap(phone, "Bump")  # the app below does not get the tap
    assert data(phone)["counter"] == "0"
    phone.tap(*button(phone, "permission_allow_button").center)
    assert phone.foreground()[0] == PKG
    assert data(phone)["permissions"] == {"android.permission.READ_CONTACTS": "granted"}
    phone.stop_app(PKG)
    phone.start_app(PKG)
    assert phone.foreground()[0] == PKG


def test_back_on_the_permission_dialog_denies(tmp_path: Path) -> None:
    phone = make_phone(tmp_path, permission_app())
    phone.press_key(4)
    assert phone.foreground()[0] == PKG
    assert data(phone)["permissions"] == {"android.permission.READ_CONTACTS": "denied"}
    with phone.lock:
        phone.ui.clear(PKG)
    phone.start_app(PKG)
    assert phone.foreground()[0] == PERMISSION_CONTROLLER
