"""`dumpsys`: the sections adbutils and uiautomator2 parse, in the shape they expect.

Only the lines the clients read are realistic (`mCurrentFocus=Window{...}`,
`orientation=`, `mHoldingDisplaySuspendBlocker=true`, `level: 100`,
`versionName=`, a package's `runtime permissions:`); the rest of each section is
kept short.
"""

from __future__ import annotations

import hashlib
import time

from device.virtual.commands.apps import apk_path, is_system
from device.virtual.commands.context import Command, Context


def _token(text: str, length: int = 7) -> str:
    return hashlib.md5(text.encode()).hexdigest()[:length]


def _focus(ctx: Context) -> tuple[str, str, str]:
    """(package, full activity class, short component) of the foreground activity."""
    package, activity = ctx.phone.foreground()
    full = package + activity if activity.startswith(".") else activity
    short = full[len(package) :] if full.startswith(package + ".") else full
    return package, full, f"{package}/{short}"


def _window(ctx: Context) -> str:
    package, full, short = _focus(ctx)
    window = f"Window{{{_token(full)} u0 {package}/{full}}}"
    record = f"ActivityRecord{{{_token(short, 8)} u0 {short} t12}}"
    return (
        f"WINDOW MANAGER WINDOWS (dumpsys window windows)\n"
        f"  Window #0 {window}:\n"
        f"    mDisplayId=0 rootTaskId=12 mSession=Session{{4e5f6a7 1234:u0a10052}}\n"
        f"    mHasSurface=true isReadyForDisplay()=true mWindowRemovalAllowed=false\n"
        f"  mCurrentFocus={window}\n"
        f"  mFocusedApp={record}\n"
    )


def _activity(ctx: Context, section: str) -> str:
    package, full, short = _focus(ctx)
    pid = ctx.phone.processes().get(package, 0)
    if section == "top":
        return (
            f"TASK 12:{package} id=12 userId=0\n"
            f"  ACTIVITY {short} {_token(short, 7)} pid={pid}\n"
            f"    Local Activity {_token(full, 7)} State:\n      mResumed=true\n"
        )
    return (
        "ACTIVITY MANAGER ACTIVITIES (dumpsys activity activities)\n"
        "Display #0 (activities from top to bottom):\n"
        f"  * Task{{{_token(package, 7)} #12 type=standard A={package} U=0 visible=true}}\n"
        f"    mResumedActivity: ActivityRecord{{{_token(short, 8)} u0 {short} t12}}\n"
        f"  ResumedActivity: ActivityRecord{{{_token(short, 8)} u0 {short} t12}}\n"
    )


def _display(ctx: Context) -> str:
    width, height = ctx.phone.size
    dpi = ctx.phone.config.density_dpi
    return (
        "DISPLAY MANAGER (dumpsys display)\n"
        "  mOnlyCode=false\n  mSafeMode=false\n"
        "  mViewports=[DisplayViewport{type=INTERNAL, valid=true, isActive=true, "
        f"displayId=0, uniqueId='local:4619827259835644672', physicalPort=0, "
        f"orientation=0, logicalFrame=Rect(0, 0 - {width}, {height}), "
        f"physicalFrame=Rect(0, 0 - {width}, {height}), "
        f"deviceWidth={width}, deviceHeight={height}}}]\n"
        f"  mDefaultDisplayDefaultModeId=1\n"
        f'  DisplayDeviceInfo{{"Built-in Screen": uniqueId="local:4619827259835644672", '
        f"{width} x {height}, modeId 1, density {dpi}, {dpi}.0 x {dpi}.0 dpi}}\n"
    )


def _power(_ctx: Context) -> str:
    return (
        "POWER MANAGER (dumpsys power)\n"
        "Power Manager State:\n"
        "  mWakefulness=Awake\n"
        "  mHoldingWakeLockSuspendBlocker=false\n"
        "  mHoldingDisplaySuspendBlocker=true\n"
        "Display Power: state=ON\n"
    )


def _battery(_ctx: Context) -> str:
    return (
        "Current Battery Service state:\n"
        "  AC powered: false\n  USB powered: true\n  Wireless powered: false\n"
        "  Dock powered: false\n  Max charging current: 500000\n"
        "  Max charging voltage: 5000000\n  Charge counter: 4000000\n"
        "  status: 2\n  health: 2\n  present: true\n  level: 100\n  scale: 100\n"
        "  voltage: 4200\n  temperature: 250\n  technology: Li-ion\n"
    )


def _package(ctx: Context, package: str) -> str:
    info = ctx.phone.app_info(package)
    if info is None:
        return f"Unable to find package: {package}\n"
    installed = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ctx.phone.booted_at))
    flags = (
        "SYSTEM HAS_CODE ALLOW_CLEAR_USER_DATA"
        if is_system(package)
        else "HAS_CODE ALLOW_CLEAR_USER_DATA"
    )
    return (
        f"Packages:\n"
        f"  Package [{package}] ({_token(package, 7)}):\n"
        f"    userId=10052\n"
        f"    pkg=Package{{{_token(package + 'pkg', 7)} {package}}}\n"
        f"    codePath={apk_path(package).rsplit('/', 1)[0]}\n"
        f"    versionCode={info.version_code} minSdk=24 targetSdk=35\n"
        f"    versionName={info.version_name}\n"
        f"    pkgFlags=[ {flags} ]\n"
        f"    firstInstallTime={installed}\n"
        f"    lastUpdateTime={installed}\n"
        f"    signatures=PackageSignatures{{{_token(package + 'sig', 7)} "
        f"[{_token(package + 'cert', 8)}]}}\n"
        f"{_permissions(ctx, package)}"
    )


def _permissions(ctx: Context, package: str) -> str:
    """The app's runtime permission as Android 13+ lists it: requested, then under user 0
    `NAME: granted=true|false, flags=[ ... ]`. USER_SET marks an answer (the dialog's, or
    `pm grant|revoke`), USER_FIXED a permission refused twice, which the dialog no longer
    asks for; a permission never answered has neither."""
    with ctx.phone.lock:
        app = ctx.phone.ui.app(package)
        if app is None or app.permission is None:
            return ""
        store = ctx.phone.ui.store
        decision, fixed = store.decision(package), store.fixed(package)
    name = app.permission.name
    flags = ["USER_SET"] * (decision is not None) + ["USER_FIXED"] * fixed
    flags += ["USER_SENSITIVE_WHEN_GRANTED", "USER_SENSITIVE_WHEN_DENIED"]
    granted = str(decision == "granted").lower()
    return (
        f"    requested permissions:\n"
        f"      {name}\n"
        f"    User 0: ceDataInode=0 installed=true hidden=false suspended=false "
        f"stopped=false notLaunched=false enabled=0 instant=false virtual=false\n"
        f"      runtime permissions:\n"
        f"        {name}: granted={granted}, flags=[ {'|'.join(flags)}]\n"
    )


def _input_method(ctx: Context) -> str:
    """The lines scripts grep to know whether the soft keyboard shows."""
    with ctx.phone.lock:
        shown = ctx.phone.ui.ime_shown()
    package = "com.google.android.inputmethod.latin"
    return (
        "Input method client state for IMMS:\n"
        f"  mCurMethodId={package}/com.android.inputmethod.latin.LatinIME\n"
        f"  mInputShown={str(shown).lower()}\n"
        f"  mWindowVisible={str(shown).lower()}\n"
        f"  mImeWindowVis={'0x3' if shown else '0x0'}\n"
    )


def _surface_flinger(_ctx: Context) -> str:
    return 'Display 4619827259835644672 (HWC display 0): port=0 pnpId=GGL displayName="EMU"\n'


def dumpsys(ctx: Context) -> int:
    service, rest = (ctx.args[0], ctx.args[1:]) if ctx.args else ("", [])
    if service == "window" and rest[:1] in ([], ["windows"], ["w"]):
        text = _window(ctx)
    elif service == "activity" and rest[:1] in (["activities"], ["top"], ["a"]):
        text = _activity(ctx, "top" if rest[0] == "top" else "activities")
    elif service == "display":
        text = _display(ctx)
    elif service == "power":
        text = _power(ctx)
    elif service == "battery":
        text = _battery(ctx)
    elif service == "package" and rest:
        text = _package(ctx, rest[-1])
    elif service == "input_method":
        text = _input_method(ctx)
    elif service == "SurfaceFlinger":
        text = _surface_flinger(ctx)
    else:
        return ctx.fail(
            f"Can't find service: {service}"
            if service
            else "dumpsys: only window, activity, display, power, battery, package, "
            "input_method and SurfaceFlinger are available"
        )
    ctx.out(text.encode())
    return 0


COMMANDS: dict[str, Command] = {"dumpsys": dumpsys}
