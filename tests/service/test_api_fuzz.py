"""No request answers 500: hostile bodies for /v1/ground and /v1/plan, generated.

Each body starts as a request that passes validation, so that perception, grounding and
the planners see odd input too: any characters in labels and actions, stray quotes and
escapes, garbage bounds, wrong roots, deep or wide or cut-off XML, random bytes as
screenshots, data: URLs. Then up to three fields are replaced by what a careless or
hostile client could send: any JSON value, lone surrogates, text far over its limit.
Whatever comes, the answer is below 500 and an error is `{"detail": str, "code": str,
...}`. No phone is needed: the screens are sent, and a named device is unknown (404). The
llm planner talks to a scripted endpoint whose replies are generated too: a reply it
cannot read is the one 5xx allowed, 502 `llm_bad_reply`, since the fault is upstream.
"""

from __future__ import annotations

import base64
import io
import json
import struct
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from device import AdbServer
from planning import LlmSettings
from service.app import create_app
from service.config import AdbSection, ApiSection, Settings
from tests.planning.chat_server import Answer, ChatServer, chat_server

EXAMPLES = 150
"""Examples per endpoint: a few seconds each, well inside the default run's budget."""

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same bodies on every run: CI stays reproducible
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ_SCREENS = settings(FUZZ, max_examples=100)
"""Fewer, larger examples: a generated screen costs more to draw than to ground."""


@pytest.fixture(scope="module")
def client(adb_server: AdbServer) -> Iterator[TestClient]:
    settings = Settings(
        adb=AdbSection(port=adb_server.port),
        api=ApiSection(max_body_bytes=4 * 1024 * 1024),
        llm=LlmSettings(),
    )
    app = create_app(settings)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def chat() -> Iterator[ChatServer]:
    """The llm planner's endpoint; each example scripts its replies."""
    with chat_server() as server:
        yield server


# -- text ----------------------------------------------------------------------------------

LABELS = ["Wi-Fi", "Bluetooth", "Settings", "OK", "Search", "Navigate up", "7:30", "Ann"]
LABELS += ["", " ", "\u00e9t\u00e9", "\u8bbe\u7f6e", "\U0001f600", "a\u0301", "\u200b", "\\"]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d"]

words = st.one_of(*[st.sampled_from(LABELS)] * 5, st.text(max_size=20))
"""What a screen or a client may say: labels, and any characters (controls, quotes, emoji)."""
surrogate_text = st.builds(
    "{}{}{}".format, st.text(max_size=5), st.sampled_from(SURROGATES), st.text(max_size=5)
)
huge_text = st.sampled_from([n * c for n in (2_001, 10_001, 100_000) for c in "x\u00e9 "])

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=10),
        surrogate_text,
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=10,
)
hostile = st.one_of(json_values, surrogate_text, huge_text)
"""What replaces a field: any JSON value, invalid Unicode, or far too much text."""

# -- actions -------------------------------------------------------------------------------

VERBS = ["tap", "long press", "long_press", "type", "scroll", "swipe", "press", "open app"]
VERBS += ["wait", "done", "fail", "assert", "assert not", "Tap", "TAP"]
PIECES = ['"Wi-Fi"', '"', '\\"', "\\u", "\\ud800", "\\u12", "(", ")", "(540, 1210)", "(-1,2)"]
PIECES += ["(99999999999999999999, 1)", "into", "in", "up", "down", "back", "visible"]
PIECES += ["checked", "not", "2s", "1e309s", "0s", "nan s", "the second switch", ""]

well_formed = st.one_of(
    st.builds('tap "{}"'.format, words),
    st.builds("tap the {} switch".format, words),
    st.builds('type "{}" into "{}"'.format, words, words),
    st.builds('assert checked "{}"'.format, words),
    st.builds("scroll {} in {}".format, st.sampled_from(["up", "down", "sideways"]), words),
    st.builds("wait {}s".format, st.sampled_from(["0.5", "2", "0", "1e400", "3601", "1e-9"])),
    st.builds("tap ({}, {})".format, *[st.integers(-(10**20), 10**20)] * 2),
    st.sampled_from(["done", "press back", "press nothing", 'open app "Clock"', 'fail "x"']),
)
"""Actions in their text form, most of them valid, on labels with any characters."""
action_text = st.one_of(
    well_formed,
    well_formed,
    st.lists(st.one_of(st.sampled_from(VERBS + PIECES), words), max_size=8).map(" ".join),
)
coordinate = st.integers(-(10**6), 10**12)
structured_action = st.fixed_dictionaries(
    {"type": st.sampled_from(["tap", "long_press", "type", "scroll", "key", "wait", "jump"])},
    optional={
        "target": words,
        "point": st.fixed_dictionaries(
            {"x": st.one_of(coordinate, json_values), "y": st.one_of(coordinate, json_values)}
        ),
        "text": words,
        "direction": st.sampled_from(["up", "left", "diagonal"]),
        "key": st.sampled_from(["back", "home", "escape"]),
        "seconds": st.one_of(st.floats(), st.integers()),
        "quoted": json_values,
    },
)
action = st.one_of(action_text, action_text, structured_action)

# -- screens -------------------------------------------------------------------------------

BOUNDS = ["[0,0][1080,200]", "[0,200][1080,400]", "[40,0][200,90]", "[a,b][c]", "[]", ""]
BOUNDS += ["[-5,-5][-1,-1]", "[0,0][99999999999999,1e9]", "[1,2][3", "[10,10][0,0]"]
FLAGS = ["clickable", "checkable", "checked", "enabled", "focusable", "scrollable"]
NAMES = ["text", "content-desc", "resource-id", "class", "package", "index", "hint"]


@st.composite
def node(draw: st.DrawFn, depth: int = 0) -> str:
    attributes = draw(st.dictionaries(st.sampled_from(NAMES), words, max_size=3))
    flags = draw(st.dictionaries(st.sampled_from(FLAGS), st.sampled_from(["true", "x"])))
    attributes.update(flags)
    if draw(st.integers(0, 3)):
        attributes["bounds"] = draw(st.sampled_from(BOUNDS))
    written = " ".join(f'{name}="{_attribute(value)}"' for name, value in attributes.items())
    children = draw(st.lists(node(depth + 1), max_size=3)) if depth < 3 else []
    return f"<node {written}>{''.join(children)}</node>"


printable = st.one_of(
    *[st.sampled_from(LABELS)] * 3,
    st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=20),
)
"""Labels XML can hold: any characters but controls and surrogates."""
number = st.one_of(
    st.integers(-50, 2_500), st.integers(-20_000, 20_000), st.integers(-(10**9), 10**9)
)
"""Coordinates off the screen, negative, reversed, and boxes of a billion pixels a side."""
box = st.builds("[{},{}][{},{}]".format, number, number, number, number)


@st.composite
def tree_node(draw: st.DrawFn, depth: int = 0) -> str:
    """A node as a phone dumps it, with odd labels, boxes and states."""
    attributes = draw(st.dictionaries(st.sampled_from(NAMES), printable, max_size=4))
    for flag in draw(st.lists(st.sampled_from(FLAGS), max_size=3)):
        attributes[flag] = "true"
    attributes["bounds"] = draw(box)
    attributes["class"] = draw(
        st.sampled_from(["android.widget.Switch", "android.widget.EditText", "android.view.View"])
    )
    written = " ".join(f'{name}="{_attribute(value)}"' for name, value in attributes.items())
    children = draw(st.lists(tree_node(depth + 1), max_size=3)) if depth < 3 else []
    return f"<node {written}>{''.join(children)}</node>"


def _attribute(value: str) -> str:
    """`value` as XML writes it; characters XML cannot hold stay in, as a sloppy dump has them."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    + ']><hierarchy><node text="&lol9;" bounds="[0,0][1,1]"/></hierarchy>'
)
ODD_HIERARCHIES = [
    '<hierarchy rotation="0">' + "<node>" * 300 + "</node>" * 300 + "</hierarchy>",
    '<hierarchy rotation="0">' + '<node bounds="[0,0][1,1]"/>' * 50_001 + "</hierarchy>",
    '<hierarchy rotation="0">' + "<node>" * 2_000,
    BILLION_LAUGHS,
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><hierarchy><node text="&e;"/>'
    "</hierarchy>",
    "<hierarchy><![CDATA[x]]><!-- c --><?pi x?></hierarchy>",
    '<hierarchy><node text="&#0;"/><node text="&#xD800;"/><node text="&nope;"/></hierarchy>',
    "not xml at all",
    "",
]
"""Deeper and wider than perception accepts (413), never closed, entity tricks, no XML."""


@st.composite
def hierarchy(draw: st.DrawFn) -> str:
    root = draw(st.sampled_from(["hierarchy", "hierarchy", "node", "html", "h:hierarchy"]))
    rotation = draw(st.sampled_from(['rotation="0"', 'rotation="1"', 'rotation="x"', ""]))
    built = f"<{root} {rotation}>{''.join(draw(st.lists(node(), max_size=4)))}</{root}>"
    return draw(
        st.one_of(
            *[st.just(built)] * 6,
            st.just(built[: len(built) // 2]),
            st.just('<?xml version="1.0" encoding="UTF-8"?>' + built),
            st.sampled_from(ODD_HIERARCHIES),
        )
    )


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that says `width`x`height` and holds no pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


IMAGES = [png(32, 48), png(120, 64), png_header(30_000, 30_000), png_header(0, 0)]
IMAGES += [png(1, 1)[:40], png_header(6_000, 6_000)]
image_bytes = st.one_of(st.binary(max_size=64), st.sampled_from(IMAGES), st.sampled_from(IMAGES))
image = st.one_of(
    image_bytes.map(lambda data: base64.b64encode(data).decode()),
    image_bytes.map(lambda data: "data:image/png;base64," + base64.b64encode(data).decode()),
    st.sampled_from(["data:;base64,", "data:image/png;base64", "====", "a", " \n ", ""]),
)
serial = st.one_of(st.sampled_from(["emulator-5554", "127.0.0.1:5555", "x"]), words)
sources = st.lists(
    st.sampled_from(["hierarchy", "hierarchy", "ocr", "detector", "pixels"]), min_size=1, max_size=9
)
screen = st.one_of(
    st.fixed_dictionaries({"hierarchy": hierarchy()}),
    st.fixed_dictionaries({"hierarchy": hierarchy()}),
    st.fixed_dictionaries({"image": image}),
    st.fixed_dictionaries({"image": image, "hierarchy": hierarchy()}),
)

# -- bodies --------------------------------------------------------------------------------


@st.composite
def spoiled(draw: st.DrawFn, body: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """`body` with up to three of its fields (or new ones) replaced by hostile values."""
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 1, 1, 2, 3]))):
        path = draw(st.sampled_from(fields)).split(".")
        place = body
        for part in path[:-1]:
            inner = place.get(part)
            if isinstance(inner, list) and inner:
                inner = inner[0]
            if not isinstance(inner, dict):
                break
            place = inner
        else:
            place[path[-1]] = draw(hostile)
    return body


@st.composite
def ground_body(draw: st.DrawFn) -> dict[str, Any]:
    body: dict[str, Any] = {"action": draw(action)}
    if draw(st.integers(0, 9)):
        body.update(draw(screen))
    else:
        body["device"] = draw(serial)
    if draw(st.integers(0, 3)) == 0:
        body["sources"] = draw(sources)
    fields = ["action", "image", "hierarchy", "device", "sources", "extra"]
    return draw(spoiled(body, [*fields, "action.target", "action.point.x"]))


CHAT_URL = "the scripted chat endpoint"
"""Replaced by the chat server's URL when the body is sent."""
REPLIES = ["click(start_box='(500,300)')", "Action: tap(540, 1210)", '{"action": "tap"}']
REPLIES += ["```\ndone\n```", "Thought: x\nAction: type(content='hi')", "", "null", "{"]
reply = st.one_of(well_formed, st.sampled_from(REPLIES), words, st.text(max_size=200))
"""What a chat model may answer: actions, GUI-model calls, JSON, prose, nothing."""

GOALS = ["turn on Wi-Fi", "open Clock", "set an alarm for 7:30", "text Ann that I am late"]
GOALS += ["search for pizza", "delete the note", "call Bob", "turn off Bluetooth"]
history_entry = st.fixed_dictionaries(
    {
        "action": well_formed,
        "outcome": st.sampled_from(["succeeded", "target_not_found", "screen_unchanged"]),
    },
    optional={"detail": words, "screen_id": st.sampled_from(["", "0123456789ab"])},
)


@st.composite
def plan_body(draw: st.DrawFn) -> dict[str, Any]:
    planner = draw(st.sampled_from(["script", "llm", "explorer", "explorer"]))
    body: dict[str, Any] = {
        "goal": draw(st.one_of(*[st.sampled_from(GOALS)] * 3, words)),
        "planner": planner,
        "history": draw(st.lists(history_entry, max_size=4)),
    }
    if draw(st.integers(0, 9)):
        body["screen"] = draw(screen)
    else:
        body["device"] = draw(serial)
    if planner == "script":
        body["steps"] = draw(st.lists(action, min_size=1, max_size=4))
    if planner == "llm":
        url = draw(st.sampled_from([CHAT_URL, CHAT_URL, CHAT_URL, "http://[::1", "ftp://x", ""]))
        body["llm"] = {"base_url": url, "model": draw(words), "timeout_s": 5}
    if draw(st.integers(0, 3)) == 0:
        body["sources"] = draw(sources)
    fields = ["goal", "planner", "screen", "device", "sources", "history", "steps", "llm", "x"]
    fields += ["screen.image", "screen.hierarchy", "history.action", "history.detail"]
    fields += ["history.screen_id", "history.outcome", "steps.type", "llm.api_key", "llm.model"]
    return draw(spoiled(body, fields))


RAW_BODIES = [
    b"",
    b"{",
    b"null",
    b"[]",
    b'"just a string"',
    b'{"action": "tap \\"\xff\xfe\\""}',
    b'{"goal": NaN, "planner": Infinity}',
    b'{"action": 1' + b"0" * 5_000 + b"}",
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a": ' * 10_000 + b"1" + b"}" * 10_000,
    b'{"action": "\\ud800", "hierarchy": "<hierarchy/>"}',
]


def post(client: TestClient, path: str, content: bytes) -> None:
    response = client.post(path, content=content, headers={"content-type": "application/json"})
    answer = response.json()
    upstream = response.status_code == 502 and answer.get("code") == "llm_bad_reply"
    assert response.status_code < 500 or upstream, (
        response.status_code,
        response.text[:500],
        content[:300],
    )
    assert response.headers["x-request-id"]
    if response.status_code >= 400:
        assert isinstance(answer, dict), answer
        assert isinstance(answer.get("detail"), str), answer
        assert isinstance(answer.get("code"), str), answer


def encoded(body: Any) -> bytes:
    """JSON as a client may send it: surrogates as `\\ud800` escapes, NaN and Infinity as is."""
    return json.dumps(body).encode()


@st.composite
def well_formed_request(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A request valid in every field, on a screen of odd but readable content."""
    nodes = "".join(draw(st.lists(tree_node(), min_size=1, max_size=4)))
    screen = {"hierarchy": f'<hierarchy rotation="0">{nodes}</hierarchy>'}
    if draw(st.integers(0, 4)) == 0:
        screen["image"] = base64.b64encode(draw(st.sampled_from(IMAGES[:2]))).decode()
    if draw(st.booleans()):
        return "/v1/ground", {"action": draw(st.one_of(well_formed, structured_action)), **screen}
    planner = draw(st.sampled_from(["script", "explorer"]))
    body: dict[str, Any] = {"goal": draw(st.one_of(st.sampled_from(GOALS), printable))}
    body.update(planner=planner, screen=screen, history=draw(st.lists(history_entry, max_size=3)))
    if planner == "script":
        body["steps"] = draw(st.lists(well_formed, min_size=1, max_size=4))
    return "/v1/plan", body


# -- properties ----------------------------------------------------------------------------


@FUZZ
@given(body=st.one_of(ground_body(), ground_body(), ground_body(), json_values))
def test_ground_never_answers_500(client: TestClient, body: Any) -> None:
    post(client, "/v1/ground", encoded(body))


@FUZZ
@given(
    body=st.one_of(plan_body(), plan_body(), plan_body(), json_values),
    replies=st.lists(reply, min_size=2, max_size=2),
)
def test_plan_never_answers_500(
    client: TestClient, chat: ChatServer, body: Any, replies: list[str]
) -> None:
    chat.answers[:] = [Answer(content=text) for text in replies]
    post(
        client,
        "/v1/plan",
        encoded(body).replace(json.dumps(CHAT_URL).encode(), b'"' + chat.base_url.encode() + b'"'),
    )


@FUZZ_SCREENS
@given(request=well_formed_request())
def test_well_formed_requests_on_odd_screens_never_answer_500(
    client: TestClient, request: tuple[str, dict[str, Any]]
) -> None:
    path, body = request
    post(client, path, encoded(body))


@pytest.mark.parametrize("content", RAW_BODIES, ids=range(len(RAW_BODIES)))
@pytest.mark.parametrize("path", ["/v1/ground", "/v1/plan"])
def test_bodies_that_are_no_json_object_are_4xx(
    client: TestClient, path: str, content: bytes
) -> None:
    post(client, path, content)
