"""The MCP tools as an agent uses them: over streamable HTTP at `/mcp` of the running API
(uvicorn on loopback, behind the bearer token when one is set) and over stdio from
`droidpilot mcp`, with the SDK's own client, on a virtual phone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import anyio
import httpx
import httpx2
from mcp import Client
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp_types import CallToolResult, TextContent
from pydantic import SecretStr

from device import AdbServer
from planning import LlmSettings
from service.config import AdbSection, ApiSection, DataSection, Settings
from tests.service.live import serving

TOOLS = {
    "list_devices",
    "acquire_device",
    "release_device",
    "observe",
    "act",
    "plan_next",
    "run_task",
    "get_task",
}
TOKEN = "a-token-of-24-characters"
REPO = Path(__file__).resolve().parents[2]


def settings_for(adb_server: AdbServer, data_dir: Path, *, token: str | None = None) -> Settings:
    return Settings(
        adb=AdbSection(port=adb_server.port),
        api=ApiSection(token=None if token is None else SecretStr(token)),
        data=DataSection(dir=data_dir),
        llm=LlmSettings(),
    )


def text_of(result: CallToolResult) -> str:
    return "\n".join(block.text for block in result.content if isinstance(block, TextContent))


def labels(screen: dict[str, Any]) -> set[str]:
    return {element["label"] for element in screen["elements"]}


def test_an_agent_drives_a_phone_over_http(
    adb_server: AdbServer, serial: str, tmp_path: Path
) -> None:
    async def agent(url: str) -> None:
        async with Client(f"{url}/mcp") as client:
            tools = (await client.list_tools()).tools
            assert {tool.name for tool in tools} == TOOLS
            assert all(tool.description for tool in tools)

            devices = await client.call_tool("list_devices", {})
            assert serial in [device["serial"] for device in devices.structured_content["result"]]

            home = await client.call_tool("observe", {"serial": serial, "screenshot": True})
            assert not home.is_error, text_of(home)
            assert '"Settings"' in text_of(home)  # the launcher's icons, one a line
            assert [block.type for block in home.content] == ["text", "image"]

            opened = await client.call_tool(
                "act", {"serial": serial, "action": 'open app "Settings"'}
            )
            assert not opened.is_error, text_of(opened)
            settings_screen = opened.structured_content["screen"]
            assert settings_screen["package"] == "com.android.settings"
            assert "Network & internet" in labels(settings_screen)

            tapped = await client.call_tool(
                "act", {"serial": serial, "action": 'tap "Network & internet"'}
            )
            assert not tapped.is_error, text_of(tapped)
            answer = tapped.structured_content
            assert answer["outcome"] == "succeeded"
            assert answer["grounding"]["element"]["text"] == "Network & internet"
            assert answer["commands"][0]["type"] == "tap"
            assert labels(answer["screen"]) != labels(settings_screen)  # another screen now
            assert text_of(tapped).startswith('tap "Network & internet": succeeded')

            plan = await client.call_tool("plan_next", {"serial": serial, "goal": "turn on Wi-Fi"})
            assert not plan.is_error, text_of(plan)
            assert plan.structured_content["planner"] == "explorer"
            assert plan.structured_content["action"]

    with serving(settings_for(adb_server, tmp_path)) as url:
        anyio.run(agent, url)


def test_mistakes_are_tool_errors_that_say_what_to_fix(
    adb_server: AdbServer, serial: str, tmp_path: Path
) -> None:
    async def agent(url: str) -> None:
        async with Client(f"{url}/mcp") as client:
            bad = await client.call_tool("act", {"serial": serial, "action": "tap"})
            assert bad.is_error and "does not parse at column 4" in text_of(bad)
            assert "Traceback" not in text_of(bad)

            gone = await client.call_tool("observe", {"serial": "no-such-phone"})
            assert gone.is_error and "[device_not_found]" in text_of(gone)
            assert "list_devices" in text_of(gone)

            lease = await client.call_tool("acquire_device", {"serial": serial, "holder": "ci"})
            lease_id = lease.structured_content["id"]
            taken = await client.call_tool("act", {"serial": serial, "action": "press back"})
            assert taken.is_error and "[lease_conflict]" in text_of(taken)

            task = await client.call_tool(
                "run_task",
                {"serial": serial, "steps": ["press home"], "lease_id": lease_id, "wait_s": 60},
            )
            assert not task.is_error, text_of(task)
            record = task.structured_content
            assert record["status"] == "done", record
            assert [step["action"] for step in record["steps"]] == ["press home"]
            again = await client.call_tool("get_task", {"task_id": record["task_id"]})
            assert again.structured_content["status"] == "done"

            neither = await client.call_tool("run_task", {"serial": serial})
            assert neither.is_error and "give either goal" in text_of(neither)
            released = await client.call_tool("release_device", {"lease_id": lease_id})
            assert not released.is_error
            twice = await client.call_tool("release_device", {"lease_id": lease_id})
            assert twice.is_error and "[lease_not_found]" in text_of(twice)

    with serving(settings_for(adb_server, tmp_path)) as url:
        anyio.run(agent, url)


def test_mcp_takes_the_api_token(adb_server: AdbServer, serial: str, tmp_path: Path) -> None:
    async def agent(url: str) -> None:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with (
            httpx2.AsyncClient(headers=headers) as http,
            Client(streamable_http_client(f"{url}/mcp", http_client=http)) as client,
        ):
            devices = await client.call_tool("list_devices", {})
            assert serial in text_of(devices)

    with serving(settings_for(adb_server, tmp_path, token=TOKEN)) as url:
        refused = httpx.post(f"{url}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
        assert refused.status_code == 401
        assert refused.json()["code"] == "unauthorized"
        anyio.run(agent, url)


def test_without_a_token_only_loopback_hosts_reach_mcp(
    adb_server: AdbServer, tmp_path: Path
) -> None:
    with serving(settings_for(adb_server, tmp_path)) as url:
        rebound = httpx.post(
            f"{url}/mcp",
            json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
            headers={"Host": "attacker.example", "Accept": "application/json, text/event-stream"},
        )
        assert rebound.status_code == 421


def stdio_server(adb_server: AdbServer, data_dir: Path) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "service.cli", "mcp"],
        env={
            **os.environ,
            "DROIDPILOT_ADB_PORT": str(adb_server.port),
            "DROIDPILOT_DATA_DIR": str(data_dir),
        },
        cwd=REPO,
    )


def test_droidpilot_mcp_serves_the_tools_on_stdio(
    adb_server: AdbServer, serial: str, tmp_path: Path
) -> None:
    async def agent(errlog: Any) -> None:
        params = stdio_server(adb_server, tmp_path / "data")
        async with Client(stdio_client(params, errlog=errlog)) as client:
            assert {tool.name for tool in (await client.list_tools()).tools} == TOOLS
            devices = await client.call_tool("list_devices", {})
            assert serial in [device["serial"] for device in devices.structured_content["result"]]
            home = await client.call_tool("observe", {"serial": serial})
            assert '"Settings"' in text_of(home)

    with (tmp_path / "stderr.txt").open("w+") as errlog:
        anyio.run(agent, errlog)
        errlog.seek(0)
        assert "Traceback" not in errlog.read()


def test_droidpilot_mcp_writes_only_the_protocol_to_stdout(
    adb_server: AdbServer, serial: str, tmp_path: Path
) -> None:
    params = stdio_server(adb_server, tmp_path / "data")
    requests = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "test", "version": "0"},
            },
        },
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "tools/call",
            "params": {"name": "list_devices", "arguments": {}},
        },
    ]
    process = subprocess.Popen(
        [params.command, *params.args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=params.env,
        cwd=params.cwd,
    )
    watchdog = threading.Timer(60, process.kill)  # a hung server fails the test, not the run
    watchdog.start()
    try:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("".join(json.dumps(request) + "\n" for request in requests))
        process.stdin.flush()
        answers: list[dict[str, Any]] = []
        while len(answers) < 2:
            line = process.stdout.readline()
            assert line, "the server closed stdout before answering"
            answers.append(json.loads(line))  # JSON, every line
        process.stdin.close()  # the client hangs up: the server ends
        assert process.wait(timeout=30) == 0
    finally:
        watchdog.cancel()
        process.kill()
        stderr = process.stderr.read() if process.stderr else ""
        process.wait()
    assert [answer.get("id") for answer in answers] == [1, 2], stderr
    assert serial in answers[1]["result"]["content"][0]["text"]
    assert process.stdout.read() == ""  # nothing after the last answer either
