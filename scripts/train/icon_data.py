"""What the icon recogniser learns: its classes, and crops of them as apps draw them.

The classes are icons Android apps put on buttons most (Material Design's toolbar,
navigation, media, messaging, editing and form controls), chosen from general knowledge
of Material Design, never from a test set. Each sample is a glyph from the fonts of
`icon_fonts` composed into a crop the way a screen shows it: theme colours, a chip or
FAB behind it, the 48dp touch target around the 24dp icon, low density, compression.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
from icon_fonts import EM, Mask
from PIL import Image, ImageDraw, ImageFont

Crop = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class IconClass:
    """One class: its Material name, a human name, the lexicon key of its meaning.

    `extra` are other names of the same glyph (classic fonts name an outline variant
    `*_border`/`*_outline`, where Symbols use the Fill axis); `fills` are the Symbols
    fills that keep its meaning (a filled blank check box is no longer one).
    """

    symbol: str
    name: str
    key: str | None = None
    extra: tuple[str, ...] = ()
    fills: tuple[int, ...] = (0, 1)


def _c(
    symbol: str, name: str, key: str | None = None, extra: str = "", outline: bool = False
) -> IconClass:
    return IconClass(symbol, name, key, tuple(extra.split()), (0,) if outline else (0, 1))


UNKNOWN = "unknown"

CLASSES: tuple[IconClass, ...] = (
    # Navigation: the top app bar's navigation icon, chevrons of lists and pagers.
    _c("arrow_back", "back arrow", "back"),
    _c("arrow_back_ios", "back chevron (iOS style)", "back", "arrow_back_ios_new"),
    _c("chevron_left", "left chevron", "back"),
    _c("arrow_forward", "forward arrow", "forward"),
    _c("arrow_forward_ios", "forward chevron (iOS style)", "forward"),
    _c("chevron_right", "right chevron", "forward"),
    _c("arrow_upward", "up arrow"),
    _c("arrow_downward", "down arrow"),
    _c("expand_more", "expand chevron", "expand"),
    _c("expand_less", "collapse chevron", "collapse"),
    _c("arrow_drop_down", "dropdown triangle", "expand"),
    _c("arrow_drop_up", "drop-up triangle", "collapse"),
    _c("menu", "hamburger menu", "drawer"),
    _c("more_vert", "vertical three dots", "more"),
    _c("more_horiz", "horizontal three dots", "more"),
    _c("close", "close (X)", "close"),
    _c("cancel", "close in a circle", "close"),
    _c("home", "home", "home"),
    _c("apps", "apps grid", "view_grid"),
    _c("open_in_new", "open in new window"),
    _c("logout", "log out"),
    _c("login", "log in"),
    _c("fullscreen", "full screen"),
    _c("fullscreen_exit", "exit full screen"),
    # Actions on a toolbar or a list item.
    _c("search", "search (magnifier)", "search"),
    _c("add", "plus", "add"),
    _c("add_circle", "plus in a circle", "add", "add_circle_outline"),
    _c("remove", "minus", "minus"),
    _c("check", "check mark", "confirm"),
    _c("check_circle", "check in a circle", "confirm", "check_circle_outline"),
    _c("done_all", "double check mark"),
    _c("edit", "edit (pencil)", "edit"),
    _c("delete", "delete (trash can)", "delete", "delete_outline"),
    _c("share", "share", "share"),
    _c("ios_share", "share (box and arrow)", "share"),
    _c("send", "send (paper plane)", "send"),
    _c("content_copy", "copy", "copy"),
    _c("content_paste", "paste"),
    _c("content_cut", "cut (scissors)"),
    _c("save", "save (floppy disk)"),
    _c("print", "print"),
    _c("attach_file", "attach (paper clip)", "attach"),
    _c("link", "link"),
    _c("refresh", "refresh", "refresh"),
    _c("sync", "sync", "refresh"),
    _c("undo", "undo", "undo"),
    _c("redo", "redo", "redo"),
    _c("settings", "settings (gear)", "settings"),
    _c("tune", "tune (sliders)", "tune"),
    _c("filter_list", "filter (lines)", "filter"),
    _c("filter_alt", "filter (funnel)", "filter"),
    _c("sort", "sort", "sort"),
    _c("swap_vert", "swap vertically", "swap"),
    _c("swap_horiz", "swap horizontally", "swap"),
    _c("download", "download", "download", "file_download"),
    _c("upload", "upload", None, "file_upload"),
    _c("cloud", "cloud", None, "cloud_queue"),
    _c("cloud_upload", "cloud upload"),
    _c("cloud_download", "cloud download", "download"),
    _c("zoom_in", "zoom in"),
    _c("zoom_out", "zoom out"),
    _c("crop", "crop"),
    _c("rotate_right", "rotate right"),
    _c("archive", "archive"),
    _c("push_pin", "pin"),
    _c("label", "label (tag)"),
    _c("block", "block"),
    _c("report", "report"),
    _c("flag", "flag"),
    _c("history", "history"),
    _c("translate", "translate"),
    _c("qr_code", "QR code"),
    _c("qr_code_scanner", "scan QR code"),
    # Reactions and collections.
    _c("favorite", "heart", "favorite", "favorite_border"),
    _c("star", "star", "favorite", "star_border star_outline"),
    _c("bookmark", "bookmark", "bookmark", "bookmark_border"),
    _c("thumb_up", "thumbs up"),
    _c("thumb_down", "thumbs down"),
    _c("visibility", "eye (show)", "visibility"),
    _c("visibility_off", "crossed eye (hide)"),
    _c("lock", "padlock", "lock", "lock_outline"),
    _c("lock_open", "open padlock"),
    _c("info", "info", "info", "info_outline"),
    _c("help", "help (question mark)", "help", "help_outline"),
    _c("error", "error (exclamation in a circle)", None, "error_outline"),
    _c("warning", "warning (triangle)", None, "warning_amber"),
    # People, messaging, calls.
    _c("person", "person", "account", "person_outline"),
    _c("account_circle", "account (avatar)", "account"),
    _c("group", "people", None, "people"),
    _c("person_add", "add person"),
    _c("contacts", "contacts"),
    _c("notifications", "bell", "notifications", "notifications_none"),
    _c("notifications_off", "bell off"),
    _c("call", "phone handset", "call", "phone"),
    _c("call_end", "end call"),
    _c("dialpad", "dial pad"),
    _c("chat", "chat bubble", "message"),
    _c("chat_bubble", "speech bubble", "message", "chat_bubble_outline"),
    _c("sms", "SMS bubble", "message"),
    _c("forum", "conversations", "message"),
    _c("comment", "comment", "message"),
    _c("mail", "envelope", "email", "email mail_outline"),
    _c("alternate_email", "at sign"),
    _c("mic", "microphone", "voice", "mic_none"),
    _c("mic_off", "microphone off"),
    _c("emoji_emotions", "emoji (smiley)", "emoji", "insert_emoticon sentiment_satisfied"),
    _c("mood", "mood (smiley)", "emoji"),
    # Media.
    _c("photo_camera", "camera", "camera", "camera_alt"),
    _c("videocam", "video camera"),
    _c("image", "image", "gallery"),
    _c("photo_library", "photo library", "gallery"),
    _c("add_a_photo", "add photo"),
    _c("add_photo_alternate", "add image"),
    _c("play_arrow", "play", "play"),
    _c("pause", "pause", "pause"),
    _c("stop", "stop"),
    _c("skip_next", "next track", "next"),
    _c("skip_previous", "previous track", "previous"),
    _c("fast_forward", "fast forward"),
    _c("fast_rewind", "rewind"),
    _c("replay", "replay"),
    _c("shuffle", "shuffle"),
    _c("repeat", "repeat"),
    _c("volume_up", "speaker (volume)", "volume"),
    _c("volume_off", "muted speaker"),
    _c("music_note", "music note"),
    _c("movie", "movie"),
    _c("headset", "headphones"),
    _c("cast", "cast"),
    # Time and places.
    _c("calendar_today", "calendar", "calendar"),
    _c("event", "calendar event", "calendar"),
    _c("calendar_month", "month calendar", "calendar"),
    _c("schedule", "clock", None, "access_time"),
    _c("alarm", "alarm clock"),
    _c("location_on", "location pin", "location", "place"),
    _c("my_location", "my location (target)"),
    _c("near_me", "navigation arrow"),
    _c("map", "map"),
    _c("directions", "directions"),
    _c("public", "globe"),
    _c("language", "language (globe)"),
    _c("explore", "explore (compass)"),
    _c("local_shipping", "delivery truck"),
    _c("directions_car", "car"),
    _c("restaurant", "restaurant (cutlery)"),
    # Shopping and payments.
    _c("shopping_cart", "shopping cart"),
    _c("shopping_bag", "shopping bag"),
    _c("store", "store"),
    _c("local_offer", "offer (tag)"),
    _c("credit_card", "credit card"),
    _c("account_balance_wallet", "wallet"),
    _c("receipt", "receipt"),
    _c("card_giftcard", "gift", "gift", "redeem"),
    # Files, documents, charts.
    _c("folder", "folder", None, "folder_open"),
    _c("description", "document"),
    _c("insert_drive_file", "file"),
    _c("article", "article"),
    _c("bar_chart", "bar chart"),
    _c("trending_up", "trending up"),
    _c("dashboard", "dashboard"),
    # Device and system.
    _c("wifi", "Wi-Fi"),
    _c("bluetooth", "Bluetooth"),
    _c("battery_full", "battery"),
    _c("flash_on", "flash on"),
    _c("flash_off", "flash off"),
    _c("brightness_6", "brightness"),
    _c("dark_mode", "dark mode (moon)"),
    _c("light_mode", "light mode (sun)"),
    _c("power_settings_new", "power"),
    _c("keyboard", "keyboard"),
    _c("smartphone", "phone (device)"),
    _c("fingerprint", "fingerprint"),
    _c("vpn_key", "key"),
    _c("lightbulb", "light bulb"),
    _c("feedback", "feedback"),
    _c("build", "build (wrench)"),
    _c("backspace", "backspace", "backspace"),
    # Form controls and list layouts.
    _c("check_box", "checked box", "checkbox"),
    _c("check_box_outline_blank", "empty check box", "checkbox", outline=True),
    _c("radio_button_checked", "selected radio button", outline=True),
    _c("radio_button_unchecked", "empty radio button", outline=True),
    _c("toggle_on", "switch on"),
    _c("toggle_off", "switch off"),
    _c("view_list", "list view", "view_list"),
    _c("list", "list", "view_list"),
    _c("grid_view", "grid view", "view_grid"),
    _c("view_module", "module view", "view_grid"),
    _c("format_bold", "bold"),
    _c("format_list_bulleted", "bulleted list"),
)
"""The icons, in a stable order: the model's output index i is CLASSES[i], then unknown."""

TRAIN_STYLES = {
    "symbols": ("outlined", "rounded"),
    "classic": ("filled", "outlined", "round"),
}
"""Styles the model trains on; Symbols sharp and classic sharp and two-tone are held out
to measure how it reads a style it never saw (apps mix styles freely)."""

HELD_OUT_STYLES = {"symbols": ("sharp",), "classic": ("sharp", "two-tone")}

TRAIN_WEIGHTS = (200, 300, 400, 500, 600, 700)
"""Symbols weights apps ship: 400 is the default, 200-700 cover light and bold themes."""

HELD_OUT_WEIGHTS = (300, 400, 600)

# Characters a word or a letter on a screen is made of, minus those that look like a
# class's glyph (x, +, -, <, > read as close, add, remove, chevrons).
_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWYZabcdefghijklmnopqrstuvwyz0123456789#&@$€£"
_CJK = (
    "设置返回搜索更多分享删除编辑确定取消消息首页我的发现购物车"
    "設定戻る検索もっと共有削除편집설정검색"
)


def text_masks(fonts: list[Path], rng: np.random.Generator, count: int) -> list[Mask]:
    """Letters, digits, short words and CJK characters in ordinary fonts, as EM masks:
    the text OCR misses next to a button, or a button whose "icon" is a letter."""
    masks: list[Mask] = []
    loaded = [ImageFont.truetype(str(path), EM) for path in fonts]
    while len(masks) < count:
        font = loaded[int(rng.integers(len(loaded)))]
        kind = rng.random()
        alphabet = _CJK if kind < 0.3 and "Fallback" in str(font.path) else _LATIN
        length = 1 if kind < 0.6 else int(rng.integers(2, 5))
        text = "".join(alphabet[int(i)] for i in rng.integers(len(alphabet), size=length))
        image = Image.new("L", (EM * 4, EM * 2), 0)
        ImageDraw.Draw(image).text((EM // 2, EM), text, font=font, fill=255, anchor="lm")
        box = image.getbbox()
        if box is None:
            continue
        glyph = np.asarray(image.crop(box), dtype=np.uint8)
        masks.append(_fit(glyph, float(rng.uniform(0.5, 0.9))))
    return masks


def _fit(glyph: Mask, share: float) -> Mask:
    """`glyph` scaled so its longer side is `share` of an EM box, centred in it."""
    height, width = glyph.shape
    scale = share * EM / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = cv2.resize(glyph, size, interpolation=cv2.INTER_AREA)
    box = np.zeros((EM, EM), dtype=np.uint8)
    top, left = (EM - size[1]) // 2, (EM - size[0]) // 2
    box[top : top + size[1], left : left + size[0]] = small
    return box


def _colour(rng: np.random.Generator, light: bool) -> npt.NDArray[np.float32]:
    """A theme colour: light surfaces are near white or pastel, dark ones near black."""
    grey = rng.uniform(225, 255) if light else rng.uniform(0, 60)
    tint = rng.normal(0, 12, 3)
    return np.clip(grey + tint, 0, 255).astype(np.float32)


def _accent(rng: np.random.Generator) -> npt.NDArray[np.float32]:
    """A saturated brand colour, as FABs, chips and tinted icons use."""
    hsv = np.array([[[rng.uniform(0, 180), rng.uniform(120, 255), rng.uniform(90, 240)]]])
    return cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2RGB)[0, 0].astype(np.float32)


def _background(rng: np.random.Generator, side: int) -> npt.NDArray[np.float32]:
    """A plain, gradient or photo-like surface behind the icon."""
    light = rng.random() < 0.6
    base = _colour(rng, light)
    canvas = np.empty((side, side, 3), dtype=np.float32)
    canvas[:] = base
    roll = rng.random()
    if roll < 0.1:  # gradient (image overlays, headers)
        ramp = np.linspace(0, 1, side, dtype=np.float32)
        other = _accent(rng)
        weight = ramp[:, None, None] if rng.random() < 0.5 else ramp[None, :, None]
        canvas = canvas * (1 - weight) + other * weight
    elif roll < 0.18:  # photo: smooth colour noise
        small = rng.uniform(0, 255, (4, 4, 3)).astype(np.float32)
        canvas = cv2.resize(small, (side, side), interpolation=cv2.INTER_CUBIC)
    return canvas


def compose(rng: np.random.Generator, mask: Mask, clutter: list[Mask]) -> Crop:
    """`mask` (an EM glyph box) drawn as a screen shows it, cropped as a button's bounds.

    The icon's em is 16-96 px (24dp from ldpi to xxxhdpi); the crop is the em plus 0-60%
    padding (a 48dp touch target around a 24dp icon is 50%), or, a quarter of the time,
    tight around the ink (crops found from edges rather than view bounds).
    """
    em = int(np.exp(rng.uniform(np.log(16), np.log(80))))
    glyph = cv2.resize(mask, (em, em), interpolation=cv2.INTER_AREA).astype(np.float32) / 255
    if rng.random() < 0.25:
        ys, xs = np.nonzero(glyph > 0.1)
        if len(ys):
            glyph = glyph[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    gh, gw = glyph.shape
    side = max(gh, gw)
    side = int(side / (1 - rng.uniform(0.0, 0.6)))
    side = min(max(side, max(gh, gw) + 1), 200)
    offset = rng.uniform(-0.08, 0.08, 2) * side
    top = int(np.clip((side - gh) / 2 + offset[0], 0, side - gh))
    left = int(np.clip((side - gw) / 2 + offset[1], 0, side - gw))
    canvas = _background(rng, side)
    surface = canvas[side // 2, side // 2].copy()
    if rng.random() < 0.3:  # a chip, a FAB or a filled icon button behind the glyph
        surface = _accent(rng) if rng.random() < 0.7 else _colour(rng, rng.random() < 0.5)
        plate = np.zeros((side, side), dtype=np.uint8)
        centre = (left + gw // 2, top + gh // 2)
        radius = int(max(gh, gw) * rng.uniform(0.6, 1.2))
        if rng.random() < 0.5:
            cv2.circle(plate, centre, radius, 255, -1, cv2.LINE_AA)
        else:
            corner = (centre[0] - radius, centre[1] - radius)
            cv2.rectangle(plate, corner, (corner[0] + 2 * radius, corner[1] + 2 * radius), 255, -1)
        alpha = (plate.astype(np.float32) / 255)[..., None]
        canvas = canvas * (1 - alpha) + surface * alpha
    light_surface = float(surface.mean()) > 128
    roll = rng.random()
    if roll < 0.25:
        ink = _accent(rng)
    else:
        ink = _colour(rng, not light_surface)
        if roll < 0.4:  # secondary and disabled icons: 54% and 38% opacity
            ink = surface + (ink - surface) * rng.uniform(0.38, 0.8)
    alpha = np.zeros((side, side, 1), dtype=np.float32)
    alpha[top : top + gh, left : left + gw, 0] = glyph
    canvas = canvas * (1 - alpha) + ink * alpha
    if rng.random() < 0.1:  # a notification badge at the icon's top end
        centre = (left + int(gw * rng.uniform(0.7, 1.0)), top + int(gh * rng.uniform(0.0, 0.3)))
        radius = max(2, int(max(gh, gw) * rng.uniform(0.1, 0.2)))
        cv2.circle(canvas, centre, radius, (220.0, 40.0, 40.0), -1, cv2.LINE_AA)
    if clutter and rng.random() < 0.15:  # a neighbour's edge at the crop's border
        other = clutter[int(rng.integers(len(clutter)))]
        other = cv2.resize(other, (em, em), interpolation=cv2.INTER_AREA).astype(np.float32) / 255
        inside = int(em * rng.uniform(0.1, 0.3))
        piece = np.zeros((side, side), dtype=np.float32)
        span = min(em, side)
        if rng.random() < 0.5:
            piece[:span, :inside] = other[:span, em - inside :]
        else:
            piece[:span, side - inside :] = other[:span, :inside]
        canvas = canvas * (1 - piece[..., None]) + ink * piece[..., None]
    return degrade(rng, canvas)


def degrade(rng: np.random.Generator, canvas: npt.NDArray[np.float32]) -> Crop:
    """Blur, low-density rescaling, sensor noise and JPEG, as screenshots and streams show."""
    side = canvas.shape[0]
    if rng.random() < 0.3:
        canvas = cv2.GaussianBlur(canvas, (0, 0), rng.uniform(0.3, 1.0))
    if rng.random() < 0.3 and side > 12:
        small = max(6, int(side / rng.uniform(1.3, 2.5)))
        canvas = cv2.resize(canvas, (small, small), interpolation=cv2.INTER_AREA)
        canvas = cv2.resize(canvas, (side, side), interpolation=cv2.INTER_LINEAR)
    if rng.random() < 0.3:
        canvas = canvas + rng.normal(0, rng.uniform(2, 8), canvas.shape).astype(np.float32)
    crop = np.clip(canvas, 0, 255).astype(np.uint8)
    if rng.random() < 0.3:
        quality = int(rng.integers(30, 90))
        _, data = cv2.imencode(".jpg", crop, [cv2.IMWRITE_JPEG_QUALITY, quality])
        crop = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    return crop


def clutter_crop(rng: np.random.Generator) -> Crop:
    """A crop with no icon: flat, gradient, photo-like, blobs or strokes."""
    side = int(rng.integers(16, 160))
    canvas = _background(rng, side)
    roll = rng.random()
    if roll < 0.5:
        shapes = int(rng.integers(1, 4))
        for _ in range(shapes):
            colour = tuple(float(v) for v in _accent(rng))
            points = rng.integers(0, side, (int(rng.integers(5, 9)), 2)).astype(np.int32)
            if rng.random() < 0.5:
                cv2.fillPoly(canvas, [points], colour, cv2.LINE_AA)
            else:
                thickness = max(1, side // 16)
                cv2.polylines(canvas, [points], False, colour, thickness, cv2.LINE_AA)
    return degrade(rng, canvas)
