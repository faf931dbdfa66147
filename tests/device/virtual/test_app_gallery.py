"""Photos, used as a person would: read the dumped hierarchy, tap node centres, swipe;
then check what the app stored."""

from __future__ import annotations

import json

import pytest
import uiautomator2 as u2

from device.virtual import PhoneConfig, VirtualPhone
from tests.device.virtual.test_app_contacts import User, bounds

PHOTOS = "com.google.android.apps.photos"
IMAGE_VIEW = "android.widget.ImageView"


@pytest.fixture
def user() -> User:
    """A person looking at Photos, just opened on a fresh phone."""
    user = User(VirtualPhone(PhoneConfig()))
    user.phone.start_app(PHOTOS)
    return user


def thumbnails(user: User) -> list[dict[str, str]]:
    return [n for n in user.nodes() if n["class"] == IMAGE_VIEW and n["clickable"] == "true"]


def photos(phone: VirtualPhone) -> list[dict[str, str]]:
    records = phone.ui.store.report(PHOTOS)["photos"]
    assert isinstance(records, list)
    return records


def tap_node(user: User, node: dict[str, str]) -> None:
    left, top, right, bottom = bounds(node)
    user.phone.tap((left + right) // 2, (top + bottom) // 2)


def test_grid_of_described_thumbnails_scrolls(user: User) -> None:
    assert len(photos(user.phone)) >= 40
    cells = thumbnails(user)
    assert len(cells) >= 12
    assert all(c["text"] == "" and c["content-desc"].startswith("Photo taken on ") for c in cells)
    assert any(n["class"] == "android.widget.GridView" for n in user.nodes())
    before = user.phone.screenshot()
    user.phone.swipe(540, 1800, 540, 600)
    assert [bounds(c) for c in thumbnails(user)] != [bounds(c) for c in cells]
    assert user.phone.screenshot().tobytes() != before.tobytes()


def test_photo_page_favourite_and_details(user: User) -> None:
    phone = user.phone
    tap_node(user, thumbnails(user)[0])
    assert phone.foreground()[1] == "com.google.android.apps.photos.pager.HostPhotoPagerActivity"
    first = photos(phone)[0]
    assert user.sees(f"{first['date']} · {first['place']}")
    user.tap("Favorite")
    assert photos(phone)[0]["favorite"] == "1"
    user.tap("More options")
    user.tap("Details")
    assert user.sees(first["name"]) and user.sees(first["size"])
    user.tap("Close")
    user.tap("Navigate up")
    user.tap("Library")
    user.tap("Favorites")
    assert first["name"] in user.texts("title")


def test_move_to_trash_asks_then_removes(user: User) -> None:
    phone = user.phone
    count = len(photos(phone))
    tap_node(user, thumbnails(user)[1])
    user.tap("Move to trash")
    assert user.sees("Move to trash?")
    user.tap("button1")
    assert phone.foreground()[1] == "com.google.android.apps.photos.home.HomeActivity"
    assert len(photos(phone)) == count - 1
    assert all(p["id"] != "2" for p in photos(phone))
    assert phone.ui.last_toast() == "1 item moved to trash"


def test_search_by_place(user: User) -> None:
    user.tap("Search")
    user.tap("Lake Tahoe")
    found = user.texts("summary")
    assert found and all(s.endswith("· Lake Tahoe") for s in found)


def test_favourite_a_photo_through_uiautomator2(serial: str) -> None:
    d = u2.connect(serial)
    d.settings["wait_timeout"] = 3
    try:
        d.app_start(PHOTOS)
        d(className="android.widget.GridView").child(className=IMAGE_VIEW)[0].click()
        d(description="Favorite").click()
        state = json.loads(d.shell(f"vphone state {PHOTOS}").output)
        assert state["photos"][0]["favorite"] == "1"
    finally:
        d.stop_uiautomator(wait=False)
