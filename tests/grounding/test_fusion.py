"""Fusion: one element list in which each element says which sources saw it."""

from __future__ import annotations

from aci import Element, Role
from grounding.fusion import fuse, iou


def _node(bounds: tuple[int, int, int, int], text: str = "", **fields: object) -> Element:
    return Element(bounds=bounds, text=text, sources=("hierarchy",), **fields)  # type: ignore[arg-type]


def _ocr(bounds: tuple[int, int, int, int], text: str) -> Element:
    return Element(bounds=bounds, text=text, role=Role.TEXT, sources=("ocr",))


def _widget(bounds: tuple[int, int, int, int], role: Role, **fields: object) -> Element:
    return Element(bounds=bounds, role=role, sources=("detector",), **fields)  # type: ignore[arg-type]


def test_ocr_of_a_text_the_hierarchy_has_only_adds_its_source() -> None:
    title = _node((199, 609, 1028, 672), "Network & internet", role=Role.TEXT)
    fused = fuse(
        [title],
        [_ocr((202, 610, 595, 668), "Network & internet"), _ocr((202, 610, 381, 668), "Network")],
    )
    assert fused == [title.model_copy(update={"sources": ("hierarchy", "ocr")})]


def test_a_misread_still_confirms_the_node() -> None:
    title = _node((52, 517, 850, 580), "Wi-Fi", role=Role.TEXT)
    fused = fuse([title], [_ocr((54, 520, 150, 578), "WiFi")])
    assert [e.sources for e in fused] == [("hierarchy", "ocr")]


def test_ocr_names_a_wordless_button() -> None:
    button = _node((100, 1000, 500, 1120), role=Role.BUTTON, clickable=True)
    fused = fuse(
        [button], [_ocr((220, 1030, 380, 1090), "Sign in"), _ocr((220, 1030, 290, 1090), "Sign")]
    )
    assert len(fused) == 1
    assert fused[0].text == "Sign in"
    assert fused[0].sources == ("hierarchy", "ocr")
    assert fused[0].clickable and fused[0].bounds == button.bounds


def test_text_in_a_webview_becomes_elements_of_its_own() -> None:
    web = _node((0, 200, 1080, 2200), class_name="android.webkit.WebView", role=Role.CONTAINER)
    lines = [
        _ocr((40, 300, 600, 350), "Welcome back"),
        _ocr((40, 400, 500, 450), "Forgot password?"),
    ]
    fused = fuse([web], lines)
    assert fused[0] == web
    assert [e.text for e in fused[1:]] == ["Welcome back", "Forgot password?"]
    assert all(e.sources == ("ocr",) for e in fused[1:])


def test_a_switchs_thumb_read_as_a_digit_does_not_name_it() -> None:
    switch = _node((892, 506, 1028, 590), role=Role.SWITCH, checked=True)
    fused = fuse([switch], [_ocr((955, 517, 1017, 579), "0")])
    assert fused[0] == switch


def test_a_detected_widget_on_a_node_adds_its_source_and_keeps_the_nodes_state() -> None:
    switch = _node((892, 506, 1028, 590), role=Role.SWITCH, checked=True)
    fused = fuse([switch], detected=[_widget((890, 504, 1029, 591), Role.SWITCH, checked=False)])
    assert len(fused) == 1
    assert fused[0].checked is True
    assert fused[0].sources == ("hierarchy", "detector")


def test_an_icon_inside_its_image_view_is_that_view() -> None:
    image = _node((52, 614, 156, 718), role=Role.IMAGE, resource_id="android:id/icon")
    fused = fuse([image], detected=[_widget((70, 630, 138, 700), Role.ICON)])
    assert [e.sources for e in fused] == [("hierarchy", "detector")]


def test_ink_of_a_word_is_not_an_icon() -> None:
    word = _ocr((40, 300, 90, 350), "Go")
    fused = fuse([], [word], [_widget((42, 302, 88, 348), Role.ICON)])
    assert fused == [word]


def test_pixel_only_elements_come_after_the_hierarchy_top_to_bottom() -> None:
    title = _node((0, 100, 1080, 200), "Title", role=Role.TEXT)
    fused = fuse(
        [title],
        [_ocr((40, 900, 200, 950), "lower"), _ocr((40, 500, 200, 550), "upper")],
        [_widget((900, 700, 1030, 780), Role.SWITCH, checked=True)],
    )
    assert [e.text or e.role.value for e in fused] == ["Title", "upper", "switch", "lower"]


def test_duplicates_from_pixels_are_merged() -> None:
    a = _ocr((40, 300, 300, 350), "Battery")
    b = _ocr((42, 301, 301, 351), "Battery")
    fused = fuse([], [a, b], [_widget((40, 300, 300, 350), Role.ICON)])
    assert [e.text for e in fused] == ["Battery"]


def test_iou() -> None:
    assert iou((0, 0, 10, 10), (0, 0, 10, 10)) == 1.0
    assert iou((0, 0, 10, 10), (10, 10, 20, 20)) == 0.0
    assert iou((0, 0, 10, 10), (5, 0, 15, 10)) == 1 / 3
    assert iou((0, 0, 0, 0), (0, 0, 0, 0)) == 0.0


def test_a_lone_ring_or_square_is_an_icon_not_a_toggle() -> None:
    home = _widget((515, 2312, 565, 2362), Role.RADIO, clickable=True)
    overview = _widget((788, 2315, 832, 2359), Role.CHECKBOX, clickable=True)
    labelled = _widget((880, 1030, 930, 1080), Role.CHECKBOX, clickable=True)
    vibrate = _ocr((52, 1034, 300, 1090), "Vibrate")
    fused = fuse([], [vibrate], [home, overview, labelled])
    roles = {e.bounds: e.role for e in fused}
    assert roles[home.bounds] is Role.ICON and roles[overview.bounds] is Role.ICON
    assert roles[labelled.bounds] is Role.CHECKBOX
