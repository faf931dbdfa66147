"""How Settings names runtime permissions: by the platform permission group each
belongs to, and a list of them in one line.

Android's permission controller never shows a permission's constant: it lists the
*group* (READ_CONTACTS and WRITE_CONTACTS are both "Contacts"), with the group's icon,
and App info sums up the allowed groups in one sentence ("Camera and Microphone").
The groups and their labels are the platform's (frameworks/base core/res
AndroidManifest.xml, PermissionController strings of Android 14), so every app's
permissions read the same in Settings. A permission outside these groups shows on
its own, labelled from its constant.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    """A platform permission group as Settings shows it."""

    label: str
    icon: str
    """A Material icon name."""


CONTACTS = Group("Contacts", "contacts")
LOCATION = Group("Location", "location_on")
CALENDAR = Group("Calendar", "event")
CAMERA = Group("Camera", "photo_camera")
MICROPHONE = Group("Microphone", "mic")
PHONE = Group("Phone", "call")
CALL_LOG = Group("Call logs", "phone_callback")
SMS = Group("SMS", "sms")
NEARBY_DEVICES = Group("Nearby devices", "devices")
NOTIFICATIONS = Group("Notifications", "notifications")
PHOTOS = Group("Photos and videos", "photo")
AUDIO = Group("Music and audio", "music_note")
SENSORS = Group("Body sensors", "monitor_heart")
ACTIVITY = Group("Physical activity", "directions_run")
FILES = Group("Files and media", "folder")

_MEMBERS: dict[Group, tuple[str, ...]] = {
    CONTACTS: ("READ_CONTACTS", "WRITE_CONTACTS", "GET_ACCOUNTS"),
    LOCATION: ("ACCESS_FINE_LOCATION", "ACCESS_COARSE_LOCATION", "ACCESS_BACKGROUND_LOCATION"),
    CALENDAR: ("READ_CALENDAR", "WRITE_CALENDAR"),
    CAMERA: ("CAMERA",),
    MICROPHONE: ("RECORD_AUDIO",),
    PHONE: (
        "READ_PHONE_STATE",
        "READ_PHONE_NUMBERS",
        "CALL_PHONE",
        "ANSWER_PHONE_CALLS",
        "ADD_VOICEMAIL",
        "USE_SIP",
    ),
    CALL_LOG: ("READ_CALL_LOG", "WRITE_CALL_LOG", "PROCESS_OUTGOING_CALLS"),
    SMS: ("SEND_SMS", "RECEIVE_SMS", "READ_SMS", "RECEIVE_MMS", "RECEIVE_WAP_PUSH"),
    NEARBY_DEVICES: (
        "BLUETOOTH_CONNECT",
        "BLUETOOTH_SCAN",
        "BLUETOOTH_ADVERTISE",
        "NEARBY_WIFI_DEVICES",
        "UWB_RANGING",
    ),
    NOTIFICATIONS: ("POST_NOTIFICATIONS",),
    PHOTOS: ("READ_MEDIA_IMAGES", "READ_MEDIA_VIDEO", "READ_MEDIA_VISUAL_USER_SELECTED"),
    AUDIO: ("READ_MEDIA_AUDIO",),
    SENSORS: ("BODY_SENSORS", "BODY_SENSORS_BACKGROUND"),
    ACTIVITY: ("ACTIVITY_RECOGNITION",),
    FILES: ("READ_EXTERNAL_STORAGE", "WRITE_EXTERNAL_STORAGE"),
}
GROUPS: dict[str, Group] = {
    f"android.permission.{name}": group for group, names in _MEMBERS.items() for name in names
}
"""Platform runtime permissions by full name -> their group."""


def group_of(name: str, *, icon: str = "info") -> Group:
    """The group Settings shows a permission under; one of no platform group stands
    alone, labelled from its constant (`com.example.permission.SCAN_QR` -> "Scan qr"),
    with the app's own icon for it."""
    group = GROUPS.get(name)
    if group is not None:
        return group
    constant = name.rpartition(".")[2]
    return Group(constant.replace("_", " ").capitalize(), icon)


def list_phrase(labels: list[str]) -> str:
    """Labels in one line as Android's ListFormatter writes English lists: "Camera",
    "Camera and Microphone", "Camera, Location, and Microphone"."""
    if len(labels) <= 2:
        return " and ".join(labels)
    return ", ".join(labels[:-1]) + ", and " + labels[-1]
