"""`app_process`: starts the uiautomator2 server from `/data/local/tmp/u2.jar`.

The server lives exactly as long as this command: it listens on device
`tcp:PORT` and keeps the ADB stream open; when the host closes the stream
(u2's `stop_uiautomator`), the listener goes away at once, so the next `/ping`
is refused and a restart costs no waiting. A second server on the same port
takes over from the first, whose command then ends.
"""

from __future__ import annotations

from device.virtual.commands.context import Command, Context
from device.virtual.files import normalize
from device.virtual.listener import Listener
from device.virtual.rpc import PORT, RpcServer

U2_MAIN = "com.wetest.uia2.Main"
_POLL_S = 0.05


def app_process(ctx: Context) -> int:
    args = list(ctx.args)
    classpath = ctx.env.get("CLASSPATH", "")
    main = next((arg for arg in args[1:] if not arg.startswith("-")), "")
    jar_present = any(
        ctx.phone.files.exists(normalize(entry)) for entry in classpath.split(":") if entry
    )
    if main != U2_MAIN or not jar_present:
        where = f'zip file "{classpath}"' if classpath else ""
        return ctx.fail(
            f'Exception in thread "main" java.lang.ClassNotFoundException: '
            f'Didn\'t find class "{main or "<none>"}" on path: '
            f"DexPathList[[{where}],nativeLibraryDirectories=[/system/lib64]]",
            status=1,
        )
    port = PORT
    if "-p" in args and args.index("-p") + 1 < len(args):
        port = int(args[args.index("-p") + 1])
    phone = ctx.phone
    listener: Listener

    def stop() -> None:
        phone.unlisten(listener)

    listener = Listener(port, "uiautomator2", RpcServer(phone, on_stop=stop).serve)
    previous = phone.listener(port)
    if previous is not None:
        phone.unlisten(previous)
    ctx.say("[server] INFO: [UiAutomator2Server] Starting Server")
    if not phone.listen(listener):
        return ctx.fail("java.net.BindException: Address already in use", status=1)
    ctx.say(f"[server] INFO: http server listening on *:{port}")
    ctx.flush()
    try:
        while not listener.stopped.is_set() and not ctx.hangup.wait(_POLL_S):
            pass
    finally:
        phone.unlisten(listener)
    return 0


COMMANDS: dict[str, Command] = {"app_process": app_process, "app_process64": app_process}
