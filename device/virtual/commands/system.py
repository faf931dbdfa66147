"""System commands: getprop/setprop, settings, wm, ps, ime, ifconfig/ip.

`settings` reads and writes the same store the apps' switches are bound to,
so `settings get global wifi_on` follows the Settings app and `settings put`
changes what the screen shows (waiters are woken through `phone.changing()`).
"""

from __future__ import annotations

from device.virtual.commands.context import Command, Context
from device.virtual.settings import NAMESPACES

WLAN_IP = "192.168.1.23"
_LATIN_IME = "com.android.inputmethod.latin/.LatinIME"
_SYSTEM_PROCESSES = (
    ("root", 1, 0, "init"),
    ("root", 2, 0, "[kthreadd]"),
    ("logd", 212, 1, "logd"),
    ("system", 240, 1, "servicemanager"),
    ("root", 310, 1, "zygote64"),
    ("system", 612, 310, "system_server"),
    ("u0_a52", 988, 310, "com.android.systemui"),
    ("shell", 1480, 1, "adbd"),
)


def getprop(ctx: Context) -> int:
    props = ctx.phone.props
    if ctx.args:
        ctx.say(props.get(ctx.args[0], ctx.args[1] if len(ctx.args) > 1 else ""))
        return 0
    for name, value in sorted(props.items()):
        ctx.say(f"[{name}]: [{value}]")
    return 0


def setprop(ctx: Context) -> int:
    if len(ctx.args) != 2:
        return ctx.fail("usage: setprop NAME VALUE")
    if ctx.args[0].startswith("ro."):
        return ctx.fail(f"Failed to set property '{ctx.args[0]}' to '{ctx.args[1]}'.")
    with ctx.phone.changing():
        ctx.phone.props[ctx.args[0]] = ctx.args[1]
    return 0


def settings(ctx: Context) -> int:
    args = [arg for arg in ctx.args if not arg.startswith("--")]
    usage = "usage:  settings [--user <USER_ID> | current] get|put|delete|list NAMESPACE [KEY]"
    if len(args) < 2 or args[1] not in NAMESPACES:
        return ctx.fail(f"Invalid namespace '{args[1]}'" if len(args) >= 2 else usage)
    verb, namespace, rest = args[0], args[1], args[2:]
    store = ctx.phone.settings
    if verb == "get" and rest:
        with ctx.phone.lock:
            value = store.get(namespace, rest[0])
        ctx.say("null" if value is None else value)
    elif verb == "put" and len(rest) >= 2:
        with ctx.phone.changing():
            store.put(namespace, rest[0], rest[1])
    elif verb == "delete" and rest:
        with ctx.phone.changing():
            deleted = store.delete(namespace, rest[0])
        ctx.say(f"Deleted {int(deleted)} rows")
    elif verb == "list":
        with ctx.phone.lock:
            items = store.items(namespace)
        for key, value in items:
            ctx.say(f"{key}={value}")
    else:
        return ctx.fail(usage)
    return 0


def wm(ctx: Context) -> int:
    verb = ctx.args[0] if ctx.args else ""
    if verb == "size" and len(ctx.args) == 1:
        width, height = ctx.phone.size
        ctx.say(f"Physical size: {width}x{height}")
    elif verb == "density" and len(ctx.args) == 1:
        ctx.say(f"Physical density: {ctx.phone.config.density_dpi}")
    else:
        return ctx.fail("Error: only 'wm size' and 'wm density' (queries) are supported")
    return 0


def ps(ctx: Context) -> int:
    rows = [(user, pid, ppid, name) for user, pid, ppid, name in _SYSTEM_PROCESSES]
    for number, (package, pid) in enumerate(sorted(ctx.phone.processes().items())):
        rows.append((f"u0_a{100 + number}", pid, 310, package))
    names = set(ctx.args) - {"-A", "-e", "-ef", "-a"}
    ctx.say(
        f"{'USER':<12}{'PID':>6}{'PPID':>6}{'VSZ':>9}{'RSS':>7} {'WCHAN':<16}{'ADDR':>5} S NAME"
    )
    for user, pid, ppid, name in rows:
        if names and name not in names:
            continue
        ctx.say(
            f"{user:<12}{pid:>6}{ppid:>6}{12_800_000:>9}{98_000:>7} {'do_epoll_wait':<16}"
            f"{0:>5} S {name}"
        )
    return 0


def ime(ctx: Context) -> int:
    verb = ctx.args[0] if ctx.args else ""
    if verb == "list":
        if "-s" in ctx.args:
            ctx.say(_LATIN_IME)
        else:
            ctx.say(f"{_LATIN_IME}:\n  mId={_LATIN_IME} mSettingsActivity=null")
    elif verb in ("enable", "set") and len(ctx.args) == 2:
        if ctx.args[1] != _LATIN_IME:
            return ctx.fail(f"Unknown input method {ctx.args[1]} cannot be selected for user #0")
        ctx.say(f"Input method {_LATIN_IME} " + ("selected" if verb == "set" else "enabled"))
    else:
        return ctx.fail("usage: ime list [-a] [-s] | enable ID | set ID")
    return 0


def _wifi_on(ctx: Context) -> bool:
    with ctx.phone.lock:
        return ctx.phone.settings.flag("global", "wifi_on")


def ifconfig(ctx: Context) -> int:
    interface = ctx.args[0] if ctx.args else None
    blocks = {
        "lo": "lo        Link encap:Local Loopback\n"
        "          inet addr:127.0.0.1  Mask:255.0.0.0\n"
        "          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n"
    }
    if _wifi_on(ctx):
        blocks["wlan0"] = (
            "wlan0     Link encap:Ethernet  HWaddr 02:00:00:44:55:66\n"
            f"          inet addr:{WLAN_IP}  Bcast:192.168.1.255  "
            "Mask:255.255.255.0\n"
            "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n"
        )
    else:
        blocks["wlan0"] = (
            "wlan0     Link encap:Ethernet  HWaddr 02:00:00:44:55:66\n"
            "          BROADCAST MULTICAST  MTU:1500  Metric:1\n"
        )
    if interface is None:
        ctx.out("\n".join(blocks.values()).encode())
        return 0
    if interface not in blocks:
        return ctx.fail(f"ifconfig: {interface}: No such device")
    ctx.out(blocks[interface].encode())
    return 0


def ip(ctx: Context) -> int:
    args = ctx.args
    if args[:1] not in (["addr"], ["address"], ["a"]):
        return ctx.fail("Usage: ip addr [show [dev] IFACE]")
    interface = next((arg for arg in args[1:] if arg not in ("show", "dev")), "wlan0")
    if interface != "wlan0":
        return ctx.fail(f'Device "{interface}" does not exist.')
    state = "UP" if _wifi_on(ctx) else "DOWN"
    ctx.say(
        f"3: wlan0: <BROADCAST,MULTICAST,{state}> mtu 1500 qdisc mq state {state} "
        "group default qlen 1000"
    )
    ctx.say("    link/ether 02:00:00:44:55:66 brd ff:ff:ff:ff:ff:ff")
    if state == "UP":
        ctx.say(f"    inet {WLAN_IP}/24 brd 192.168.1.255 scope global wlan0")
    return 0


COMMANDS: dict[str, Command] = {
    "getprop": getprop,
    "setprop": setprop,
    "settings": settings,
    "wm": wm,
    "ps": ps,
    "ime": ime,
    "ifconfig": ifconfig,
    "ip": ip,
}
