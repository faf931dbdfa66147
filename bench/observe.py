"""Observation latency (screenshot + hierarchy + foreground app) on a virtual phone.

Starts a private adb server and one virtual phone on loopback, then times
`AndroidDevice.observe()` through uiautomator2 and through plain adb and prints JSON:

    python bench/observe.py [--count 50] [--size 1080x2400]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

import measure  # this folder is first on sys.path when run as `python bench/...`

measure.use_repository_root()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=50, help="observations per backend")
    parser.add_argument("--size", default="1080x2400", help="screen size WxH")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.lower().split("x"))

    adb_port = measure.free_port()
    os.environ["ANDROID_ADB_SERVER_PORT"] = str(adb_port)
    from device import AdbServer, AndroidDevice, DeviceConfig
    from device.virtual import PhoneConfig, VirtualPhone, VirtualPhoneServer

    server = AdbServer(port=adb_port)
    server.start()
    phone = VirtualPhoneServer(VirtualPhone(PhoneConfig(width_px=width, height_px=height)), port=0)
    phone.start()
    serial = f"127.0.0.1:{phone.port}"
    results: dict[str, object] = {
        "count": args.count,
        "size": f"{width}x{height}",
        "cpus": os.cpu_count(),
    }
    try:
        server.connect(serial)
        for backend in ("uiautomator2", "adb"):
            device = AndroidDevice(serial, config=DeviceConfig(adb_port=adb_port, backend=backend))  # type: ignore[arg-type]
            device.start_app("com.android.settings")
            device.observe()  # warm-up: starts the uiautomator2 server, fills caches
            timings: list[float] = []
            for number in range(args.count):
                # alternate two screens so that every observation renders afresh
                device.press_key("back" if number % 2 else "home")
                if number % 2 == 0:
                    device.start_app("com.android.settings")
                started = time.perf_counter()
                observation = device.observe()
                timings.append((time.perf_counter() - started) * 1000)
                if number % 10 == 0:
                    print(f"{backend}: {number}/{args.count}", file=sys.stderr)
            results[backend] = {
                "median_ms": round(statistics.median(timings), 1),
                "p95_ms": round(measure.percentile(timings, 0.95), 1),
                "min_ms": round(min(timings), 1),
                "image_format": observation.image_format,
                "screenshot_bytes": len(observation.screenshot),
                "hierarchy_bytes": len(observation.hierarchy_xml or ""),
            }
            device.close()
        uiautomator2 = results["uiautomator2"]
        adb = results["adb"]
        assert isinstance(uiautomator2, dict) and isinstance(adb, dict)
        results["adb_over_uiautomator2_median_ratio"] = round(
            adb["median_ms"] / uiautomator2["median_ms"], 2
        )
    finally:
        server.disconnect(serial)
        phone.stop()
        server.kill()
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
