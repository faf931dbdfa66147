"""The uiautomator2 server's JSON-RPC methods (AutomatorService of android-uiautomator-server).

Each method takes the positional JSON params and returns a JSON value. Java's
overloads are chosen by argument count and type, Jackson truncates floats to
ints, and failures raise `RpcFailure` with the Java exception class the real
server would report (u2 maps `...UiObjectNotFoundException` to its own error).
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from device.keys import PRESS_KEY_NAMES
from device.virtual.hierarchy import Node, to_xml
from device.virtual.selector import SelectorError, find

if TYPE_CHECKING:
    from device.virtual.phone import VirtualPhone

NOT_FOUND = "androidx.test.uiautomator.UiObjectNotFoundException"
ILLEGAL_ARGUMENT = "java.lang.IllegalArgumentException"
LONG_PRESS_MS = 400
_MOVE_SLOP_PX = 8


class RpcFailure(Exception):
    """A Java exception thrown by a method: sent as error -32001 with the class as message."""

    def __init__(self, java_class: str, detail: str) -> None:
        super().__init__(detail)
        self.java_class = java_class
        self.detail = detail


def _int(value: Any) -> int:
    """Jackson's coercion of a JSON number to a Java int or long: truncate."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RpcFailure(ILLEGAL_ARGUMENT, f"expected a number, got {value!r}")
    try:
        return int(float(value))
    except ValueError as exc:
        raise RpcFailure(ILLEGAL_ARGUMENT, f"expected a number, got {value!r}") from exc


def _bounds(node: Node) -> dict[str, int]:
    left, top, right, bottom = node.bounds
    return {"top": top, "bottom": bottom, "left": left, "right": right}


def obj_info(node: Node) -> dict[str, Any]:
    """ObjInfo as Jackson writes it (property names of ObjInfo.java)."""
    return {
        "bounds": _bounds(node),
        "visibleBounds": _bounds(node),
        "childCount": sum(1 for child in node.children if child.visible),
        "className": node.cls,
        "contentDescription": node.content_desc or None,
        "packageName": node.package,
        "text": node.text,
        "checkable": node.checkable,
        "checked": node.checked,
        "clickable": node.clickable,
        "enabled": node.enabled,
        "focusable": node.focusable,
        "focused": node.focused,
        "longClickable": node.long_clickable,
        "scrollable": node.scrollable,
        "selected": node.selected,
        "resourceName": node.resource_id or None,
    }


def _corner(node: Node, corner: Any) -> tuple[int, int]:
    left, top, right, bottom = node.bounds
    inset_x, inset_y = max(1, (right - left) // 10), max(1, (bottom - top) // 10)
    points = {
        "topleft": (left + inset_x, top + inset_y),
        "topright": (right - inset_x, top + inset_y),
        "bottomleft": (left + inset_x, bottom - inset_y),
        "bottomright": (right - inset_x, bottom - inset_y),
    }
    return points.get(str(corner).lower(), node.center)


class UiAutomatorMethods:
    """One server instance's methods over one phone (touch state is per instance)."""

    def __init__(self, phone: VirtualPhone) -> None:
        self.phone = phone
        self._touch_down: tuple[int, int, float] | None = None

    def table(self) -> dict[str, Callable[..., Any]]:
        """JSON-RPC method name -> implementation."""
        return {
            "deviceInfo": self.device_info,
            "dumpWindowHierarchy": self.dump_window_hierarchy,
            "takeScreenshot": self.take_screenshot,
            "click": self.click,
            "longClick": self.long_click,
            "swipe": self.swipe,
            "swipePoints": self.swipe_points,
            "drag": self.drag,
            "injectInputEvent": self.inject_input_event,
            "pressKey": self.press_key,
            "pressKeyCode": self.press_key_code,
            "wakeUp": _none,
            "sleep": _none,
            "isScreenOn": _true,
            "setOrientation": _none,
            "freezeRotation": _none,
            "exist": self.exist,
            "waitForExists": self.wait_for_exists,
            "waitUntilGone": self.wait_until_gone,
            "count": self.count,
            "objInfo": self.obj_info,
            "objInfoOfAllInstances": self.obj_info_of_all,
            "getText": self.get_text,
            "setText": self.set_text,
            "clearTextField": self.clear_text_field,
            "setClipboard": self.set_clipboard,
            "getClipboard": self.get_clipboard,
            "pasteClipboard": self.paste_clipboard,
            "clearInputText": self.clear_input_text,
            "getLastToast": self.get_last_toast,
            "clearLastToast": self.clear_last_toast,
            "makeToast": self.make_toast,
            "getLastTraversedText": _none,
            "clearLastTraversedText": _none,
            "openNotification": _false,
            "openQuickSettings": _false,
        }

    # -- device ---------------------------------------------------------------------------

    def device_info(self) -> dict[str, Any]:
        width, height = self.phone.size
        dpi = self.phone.config.density_dpi
        return {
            "currentPackageName": self.phone.foreground()[0],
            "displayWidth": width,
            "displayHeight": height,
            "displayRotation": 0,
            "displaySizeDpX": round(width * 160 / dpi),
            "displaySizeDpY": round(height * 160 / dpi),
            "productName": self.phone.props.get("ro.product.name", "vphone"),
            "naturalOrientation": True,
            "screenOn": True,
            "sdkInt": int(self.phone.props.get("ro.build.version.sdk", "35")),
        }

    def dump_window_hierarchy(
        self, _compressed: Any = False, _max_depth: Any = 50, root_in_active: Any = False
    ) -> str:
        if root_in_active:
            return to_xml(self.phone.windows()[:1], form="u2")
        return self.phone.hierarchy_xml(form="u2")

    def take_screenshot(self, scale: Any = 1.0, quality: Any = 80) -> str:
        jpeg = self.phone.screenshot_jpeg(quality=_int(quality), scale=float(scale))
        return base64.encodebytes(jpeg).decode("ascii")  # 76 columns, like Base64.DEFAULT

    # -- touch and keys -------------------------------------------------------------------

    def click(self, *args: Any) -> bool:
        if args and isinstance(args[0], dict):
            x, y = _corner(self._one(args[0]), args[1] if len(args) > 1 else None)
            self.phone.tap(x, y)
            return True
        if len(args) not in (2, 3):
            raise RpcFailure(ILLEGAL_ARGUMENT, f"click takes 2 or 3 arguments, got {len(args)}")
        x, y = _int(args[0]), _int(args[1])
        width, height = self.phone.size
        if not (0 <= x < width and 0 <= y < height):
            return False
        if len(args) == 3 and _int(args[2]) >= LONG_PRESS_MS:
            self.phone.long_press(x, y)
        else:
            self.phone.tap(x, y)
        return True

    def long_click(self, selector: dict[str, Any], corner: Any = None) -> bool:
        self.phone.long_press(*_corner(self._one(selector), corner))
        return True

    def swipe(self, *args: Any) -> bool:
        if len(args) != 5:
            raise RpcFailure(ILLEGAL_ARGUMENT, f"swipe takes 5 arguments, got {len(args)}")
        sx, sy, ex, ey, steps = (_int(arg) for arg in args)
        self.phone.swipe(sx, sy, ex, ey, duration_ms=max(2, steps) * 5)
        return True

    def swipe_points(self, points: list[Any], steps: Any) -> bool:
        """A multi-point swipe, played as one straight swipe from the first to the last point."""
        coords = [_int(value) for value in points]
        if len(coords) < 4 or len(coords) % 2:
            raise RpcFailure(ILLEGAL_ARGUMENT, "swipePoints needs x,y pairs (at least two)")
        self.phone.swipe(
            coords[0],
            coords[1],
            coords[-2],
            coords[-1],
            duration_ms=max(2, _int(steps)) * 5 * (len(coords) // 2 - 1),
        )
        return True

    def drag(self, sx: Any, sy: Any, ex: Any, ey: Any, steps: Any) -> bool:
        return self.swipe(sx, sy, ex, ey, steps)

    def inject_input_event(self, action: Any, x: Any, y: Any, _meta: Any = 0) -> bool:
        """`d.touch.down/move/up`: a press that does not move is a tap or a long press."""
        kind, point = _int(action), (_int(x), _int(y))
        if kind == 0:
            self._touch_down = (*point, time.monotonic())
        elif kind == 1 and self._touch_down is not None:
            down_x, down_y, started = self._touch_down
            held_ms = (time.monotonic() - started) * 1000
            self._touch_down = None
            if abs(point[0] - down_x) > _MOVE_SLOP_PX or abs(point[1] - down_y) > _MOVE_SLOP_PX:
                self.phone.swipe(down_x, down_y, *point, duration_ms=max(1, int(held_ms)))
            elif held_ms >= LONG_PRESS_MS:
                self.phone.long_press(down_x, down_y)
            else:
                self.phone.tap(down_x, down_y)
        return True

    def press_key(self, name: Any) -> bool:
        code = PRESS_KEY_NAMES.get(str(name).lower())
        if code is None:
            return False
        self.phone.press_key(code)
        return True

    def press_key_code(self, code: Any, _meta: Any = 0) -> bool:
        self.phone.press_key(_int(code))
        return True

    # -- selectors ------------------------------------------------------------------------

    def _find(self, selector: Any) -> list[Node]:
        try:
            return find(selector, self.phone.windows())
        except SelectorError as exc:
            raise RpcFailure(exc.java_class, str(exc)) from exc

    def _one(self, selector: Any) -> Node:
        nodes = self._find(selector)
        if not nodes:
            raise RpcFailure(NOT_FOUND, f"UiSelector{_describe(selector)}")
        return nodes[0]

    def exist(self, selector: Any) -> bool:
        return bool(self._find(selector))

    def wait_for_exists(self, selector: Any, timeout_ms: Any = 0) -> bool:
        timeout_s = _int(timeout_ms) / 1000
        return bool(self.phone.wait_until(lambda: self._find(selector), timeout_s=timeout_s))

    def wait_until_gone(self, selector: Any, timeout_ms: Any = 0) -> bool:
        timeout_s = _int(timeout_ms) / 1000
        return self.phone.wait_until(lambda: not self._find(selector), timeout_s=timeout_s)

    def count(self, selector: Any) -> int:
        return len(self._find(selector))

    def obj_info(self, selector: Any) -> dict[str, Any]:
        return obj_info(self._one(selector))

    def obj_info_of_all(self, selector: Any) -> list[dict[str, Any]]:
        return [obj_info(node) for node in self._find(selector)]

    def get_text(self, selector: Any) -> str:
        return self._one(selector).text

    def set_text(self, selector: Any, text: Any) -> bool:
        return self.phone.set_text(self._one(selector).key, "" if text is None else str(text))

    def clear_text_field(self, selector: Any) -> None:
        self.phone.set_text(self._one(selector).key, "")

    # -- clipboard and text ---------------------------------------------------------------

    def set_clipboard(self, _label: Any, text: Any) -> None:
        with self.phone.changing():
            self.phone.clipboard = None if text is None else str(text)

    def get_clipboard(self) -> str | None:
        with self.phone.lock:
            return self.phone.clipboard

    def paste_clipboard(self) -> None:
        self.phone.paste()

    def clear_input_text(self) -> None:
        self.phone.clear_text()

    # -- toasts ---------------------------------------------------------------------------

    def get_last_toast(self) -> str | None:
        """The text of the last toast shown (null when none or after clearLastToast)."""
        with self.phone.lock:
            return self.phone.ui.last_toast()

    def clear_last_toast(self) -> None:
        with self.phone.lock:
            self.phone.ui.clear_toast()

    def make_toast(self, text: Any, duration_ms: Any = 1000) -> bool:
        with self.phone.changing():
            self.phone.ui.show_toast(str(text), duration_s=_int(duration_ms) / 1000)
        return True


def _describe(selector: Any) -> str:
    if not isinstance(selector, dict):
        return "[]"
    keys = [
        f"{key.upper()}={value}"
        for key, value in selector.items()
        if key not in ("mask", "childOrSibling", "childOrSiblingSelector")
    ]
    return "[" + ", ".join(keys) + "]"


def _none(*_args: Any) -> None:
    return None


def _true(*_args: Any) -> bool:
    return True


def _false(*_args: Any) -> bool:
    return False
