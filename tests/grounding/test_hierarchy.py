"""parse_hierarchy on the virtual phone's dumps (both forms) and on real apps' dumps."""

from __future__ import annotations

import pytest

import aci
from grounding import PerceptionError, hierarchy_size, parse_hierarchy
from tests.grounding.screens import DATA, look, phone, real


def _by_text(screen: aci.Screen, text: str) -> list[aci.Element]:
    return [e for e in screen.elements if e.text == text]


@pytest.mark.parametrize("form", ["u2", "dump"])
def test_settings_rows_are_called_by_their_titles(form: str) -> None:
    screen = look(phone(), form)
    rows = [e for e in _by_text(screen, "Network & internet") if e.clickable]
    assert len(rows) == 1
    row = rows[0]
    assert row.role is aci.Role.CONTAINER
    assert row.bounds[0] == 0 and row.width == screen.width
    # The title stays an element of its own, inside the row.
    title = [e for e in _by_text(screen, "Network & internet") if not e.clickable]
    assert title and row.contains(title[0].center)
    assert all(e.sources == ("hierarchy",) for e in screen.elements)


def test_both_forms_agree_on_the_app_window() -> None:
    device = phone()
    u2 = {(e.text, e.desc, e.bounds) for e in look(device, "u2").elements}
    dump = {(e.text, e.desc, e.bounds) for e in look(device, "dump").elements}
    assert dump <= u2  # the u2 form adds the status and navigation bars
    assert ("", "Back", next(e.bounds for e in look(device).elements if e.desc == "Back")) in u2


def test_fields_lists_and_resource_ids() -> None:
    screen = look(phone())
    field = next(e for e in screen.elements if e.role is aci.Role.FIELD)
    assert field.editable and field.text == "Search settings"
    assert field.resource_id.endswith(":id/search_src_text")
    lists = [e for e in screen.elements if e.scrollable]
    assert len(lists) == 1 and lists[0].role is aci.Role.LIST


def test_hierarchy_size_reads_the_root_bounds() -> None:
    assert hierarchy_size(phone(720, 1280).hierarchy_xml(form="dump")) == (720, 1280)
    assert hierarchy_size((DATA / "permission_dialog_android14.xml").read_text()) == (720, 1280)
    assert hierarchy_size('<hierarchy rotation="0"></hierarchy>') is None


def test_switch_rows_carry_the_switch_state() -> None:
    screen = real("settings_internet_android14.xml")
    wifi_row = next(e for e in screen.elements if e.clickable and e.text == "Wi\u2011Fi")
    assert wifi_row.checked
    switches = [e for e in screen.elements if e.role is aci.Role.SWITCH]
    assert [s.checked for s in switches] == [True, False]
    assert all(s.class_name.endswith("MaterialSwitch") for s in switches)


def test_real_settings_dump_drops_zero_size_and_keeps_naf_and_disabled_nodes() -> None:
    screen = real("settings_internet_android14.xml")
    assert all(e.width > 0 and e.height > 0 for e in screen.elements)
    assert not any("loading" in e.resource_id for e in screen.elements)
    qr = next(e for e in screen.elements if e.desc == "Scan QR code")
    assert qr.role is aci.Role.ICON and qr.clickable
    disabled = next(
        e for e in screen.elements if e.text == "Non-carrier data usage" and e.clickable
    )
    assert not disabled.enabled
    search = next(e for e in screen.elements if e.desc == "Search settings")
    assert search.role is aci.Role.ICON  # a TextView toolbar action with only a content-desc


def test_compose_nodes_invisible_nodes_and_unicode() -> None:
    screen = real("gmail_inbox_compose.xml")
    descs = {e.desc for e in screen.elements}
    assert "Swipe to archive" not in descs  # visible-to-user="false"
    assert "Loading" not in descs  # zero-size
    drawer = next(e for e in screen.elements if e.desc == "Open navigation drawer")
    assert drawer.role is aci.Role.ICON and drawer.class_name == "android.view.View"
    rows = [e for e in screen.elements if e.clickable and e.text == "Zoë Müller"]
    assert len(rows) == 1 and rows[0].width == 1080
    compose = next(e for e in screen.elements if e.clickable and e.text == "Compose")
    assert compose.role is aci.Role.BUTTON
    tab = next(e for e in screen.elements if e.clickable and e.text == "Mail")
    assert tab.selected


def test_missing_attributes_and_off_screen_bounds_are_tolerated() -> None:
    xml = (
        '<hierarchy rotation="0"><node bounds="[0,0][720,1280]">'
        '<node text="Edge" class="android.widget.TextView" bounds="[-40,10][200,60]"/>'
        '<node content-desc="Play" clickable="true" bounds="[600,1200][760,1320]"/>'
        '<node text="Gone" bounds="[800,10][900,60]"/>'
        "</node></hierarchy>"
    )
    elements = parse_hierarchy(xml)
    assert [(e.label, e.bounds) for e in elements] == [
        ("Edge", (0, 10, 200, 60)),
        ("Play", (600, 1200, 720, 1280)),
    ]
    assert elements[1].clickable and elements[1].enabled


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        ("", "hierarchy is not XML: it is empty"),
        ("<hierarchy><node", "hierarchy is not XML"),
        ("<html><body/></html>", "root is <html>"),
    ],
)
def test_bad_input_raises_perception_error(xml: str, message: str) -> None:
    with pytest.raises(PerceptionError, match=message):
        parse_hierarchy(xml)
