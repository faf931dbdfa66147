"""The MCP tools: few, each with parameters and a phone on each call, over the same `Phones`
and `TaskManager` as the HTTP routes. A droidpilot error comes back as a tool error whose
text says what to fix (the API's `detail` and `code`), never as a traceback."""

from __future__ import annotations

import base64
import contextlib
import functools
import time
from collections.abc import Iterator
from typing import Annotated

import anyio
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, ContentBlock, ImageContent, TextContent
from pydantic import Field

from aci import format_action, parse_action
from planning import LlmConfig
from service.config import Settings
from service.errors import ERROR_STATUS, describe
from service.mcp_server.text import act_text, screen_text
from service.mcp_server.views import PlanAnswer, TaskView
from service.phones import DeviceInfo, LeaseGrant, Phones
from service.planners import PlannerKind, planner_for
from service.tasks.manager import TaskManager, TaskSpec, choose_planner

__all__ = ["Tools"]

_MAX_WAIT_S = 300.0
"""Longest `run_task` and `get_task` wait for a task to finish within one call."""
_MAX_TEXT = 2000
"""Longest goal or ACI action accepted, as the HTTP API."""

Serial = Annotated[
    str,
    Field(min_length=1, max_length=200, description="The phone's adb serial (see list_devices)."),
]
LeaseId = Annotated[
    str | None,
    Field(
        max_length=64,
        description="Your lease id from acquire_device, when you hold the phone; "
        "leave it out for a phone nobody holds.",
    ),
]
Goal = Annotated[
    str,
    Field(
        min_length=1,
        max_length=_MAX_TEXT,
        description='What should happen, in words, e.g. "turn on Wi-Fi".',
    ),
]


@contextlib.contextmanager
def _tool_errors() -> Iterator[None]:
    """A droidpilot error as a tool error the agent can act on (its API code in brackets);
    anything else travels on to the SDK, which logs it and answers a bare failure."""
    try:
        yield
    except tuple(ERROR_STATUS) as exc:
        code = next(ERROR_STATUS[cls][1] for cls in type(exc).__mro__ if cls in ERROR_STATUS)
        hint = _HINTS.get(code, "")
        raise ToolError(f"{describe(exc)} [{code}]{hint}") from exc


_HINTS = {
    "device_not_found": "; list_devices names the phones",
    "lease_conflict": "; pass lease_id if you hold the phone, else wait or use another one",
    "lease_not_found": "; acquire_device gives a new lease",
    "task_not_found": "; run_task answers the task_id to use",
}
"""What an agent can do next, by error code, in the words of the tools' parameters."""


class Tools:
    """The tools, as methods over the service's parts; registered by `build_mcp`."""

    def __init__(self, phones: Phones, tasks: TaskManager, settings: Settings) -> None:
        self.phones = phones
        self.tasks = tasks
        self.settings = settings

    async def list_devices(self) -> list[DeviceInfo]:
        """List every phone of the farm: serial, state, model, screen size, health, and
        who holds it (a lease), if anyone. Use a serial from here in the other tools."""
        with _tool_errors():
            return await self.phones.list()

    async def acquire_device(
        self,
        serial: Serial,
        ttl_s: Annotated[
            float,
            Field(
                gt=0,
                le=24 * 3600,
                description="Seconds the lease lasts; it ends by itself after that.",
            ),
        ] = 600,
        holder: Annotated[
            str | None, Field(max_length=200, description="Who you are, shown to others.")
        ] = None,
    ) -> LeaseGrant:
        """Hold a phone so that no one else drives it. Answers a lease `id`: pass it as
        lease_id to observe, act, plan_next and run_task, and to release_device at the end."""
        with _tool_errors():
            return await self.phones.lease(serial, ttl_s=ttl_s, holder=holder)

    async def release_device(
        self,
        lease_id: Annotated[
            str, Field(min_length=1, max_length=64, description="The id acquire_device gave.")
        ],
    ) -> str:
        """Let go of a phone you hold, so that others (and tasks) may use it."""
        with _tool_errors():
            self.phones.release(lease_id)
        return f"released lease {lease_id}"

    async def observe(
        self,
        serial: Serial,
        lease_id: LeaseId = None,
        screenshot: Annotated[
            bool, Field(description="Also return the screen as a JPEG image.")
        ] = False,
    ) -> CallToolResult:
        """See what the phone shows now: the app in front and the elements worth naming
        (role, label, center, state such as checked or editable), one per line. Name an
        element by its label in act, e.g. tap "Wi-Fi"."""
        with _tool_errors():
            observation = await self.phones.observe(serial, lease_id)
            content: list[ContentBlock] = [TextContent(text=screen_text(observation))]
            if screenshot:
                image = await self.phones.screenshot(serial, lease_id, "jpeg")
                content.append(
                    ImageContent(data=base64.b64encode(image).decode(), mime_type="image/jpeg")
                )
        return CallToolResult(
            content=content, structured_content=observation.model_dump(mode="json")
        )

    async def act(
        self,
        serial: Serial,
        action: Annotated[
            str,
            Field(
                min_length=1,
                max_length=_MAX_TEXT,
                description='One ACI action: tap "Wi-Fi", type "hello" into "Search", '
                'scroll down, press back, open app "Settings", long press "Photo", '
                'set "Call volume" to max (or to min, to 40%), clear "Title", wait 2s, '
                'assert checked "Wi-Fi".',
            ),
        ],
        lease_id: LeaseId = None,
    ) -> CallToolResult:
        """Carry out one action on the phone. droidpilot finds the element the action names
        on the current screen, runs the command, waits for the screen to settle, and answers
        the outcome, the element it hit, the commands run, and the new screen in brief."""
        with _tool_errors():
            result = await self.phones.act(serial, lease_id, parse_action(action))
        return CallToolResult(
            content=[TextContent(text=act_text(result))],
            structured_content=result.model_dump(mode="json"),
            is_error=result.outcome != "succeeded",
        )

    async def plan_next(self, serial: Serial, goal: Goal, lease_id: LeaseId = None) -> PlanAnswer:
        """Suggest the next action towards a goal on the phone's current screen, with the
        reason; it changes nothing on the phone (carry it out with act). Uses the server's
        LLM when one is configured, else droidpilot's embedded explorer."""
        with _tool_errors():
            kind, llm = self._goal_planner()
            screen = await self.phones.screen(serial, lease_id)

            def plan() -> PlanAnswer:
                with planner_for(kind, llm=llm, data_dir=self.settings.data.dir) as planner:
                    result = planner.next_action(goal, screen, ())
                return PlanAnswer(
                    action=format_action(result.action),
                    reason=result.reason,
                    done=result.done,
                    planner=kind,
                )

            return await anyio.to_thread.run_sync(plan)

    async def run_task(
        self,
        serial: Serial,
        goal: Annotated[
            str | None,
            Field(
                min_length=1,
                max_length=_MAX_TEXT,
                description='What should happen, in words ("turn on Wi-Fi"); or give steps.',
            ),
        ] = None,
        steps: Annotated[
            list[Annotated[str, Field(min_length=1, max_length=_MAX_TEXT)]] | None,
            Field(
                min_length=1,
                max_length=500,
                description='ACI actions to carry out in order, e.g. ["open app \\"Settings\\"", '
                '"tap \\"Network & internet\\""]; or give a goal.',
            ),
        ] = None,
        planner: Annotated[
            PlannerKind | None,
            Field(
                description="script (for steps; the default with steps), explorer (the "
                "default with a goal, no model needed) or llm (the server's model)."
            ),
        ] = None,
        max_steps: Annotated[int, Field(ge=1, le=500, description="The step budget.")] = 30,
        lease_id: LeaseId = None,
        wait_s: Annotated[
            float,
            Field(
                ge=0,
                le=_MAX_WAIT_S,
                description="Wait up to this many seconds for the task to finish before "
                "answering; 0 answers at once (follow it with get_task).",
            ),
        ] = 0,
    ) -> TaskView:
        """Run a goal (with a planner) or a list of ACI steps on the phone in the
        background. Answers the task id and status; follow it with get_task."""
        try:
            kind = choose_planner(goal, steps, planner)
        except ValueError as exc:
            raise ToolError(str(exc)) from exc
        with _tool_errors():
            llm = self.settings.llm.resolve() if kind == "llm" else None
            spec = TaskSpec(
                device=serial,
                planner=kind,
                goal=goal,
                steps=tuple(steps or ()),
                lease_id=lease_id,
                max_steps=max_steps,
                llm=llm,
            )
            record = await anyio.to_thread.run_sync(self.tasks.submit, spec)
            return await self._view(record.id, wait_s)

    async def get_task(
        self,
        task_id: Annotated[
            str, Field(pattern=r"^[0-9a-f]{32}$", description="The id run_task gave.")
        ],
        wait_s: Annotated[
            float,
            Field(
                ge=0,
                le=_MAX_WAIT_S,
                description="Wait up to this many seconds for the task to finish first.",
            ),
        ] = 0,
    ) -> TaskView:
        """How a task stands: status, why it failed if it did, and its steps so far (each
        with its action, outcome and the planner's reason)."""
        with _tool_errors():
            return await self._view(task_id, wait_s)

    def _goal_planner(self) -> tuple[PlannerKind, LlmConfig | None]:
        """The server's LLM when it names an endpoint and a model, else the explorer."""
        llm = self.settings.llm
        if llm.base_url is not None and llm.model is not None:
            return "llm", llm.resolve()
        return "explorer", None

    async def _view(self, task_id: str, wait_s: float) -> TaskView:
        """The task once it has finished, or after `wait_s`, whichever comes first."""
        deadline = time.monotonic() + wait_s
        record = self.tasks.get(task_id)
        while not record.status.finished and (left := deadline - time.monotonic()) > 0:
            # with `after` past every step, wait answers when the task ends or time is up
            wait = functools.partial(self.tasks.wait, task_id, after=1 << 30, timeout_s=left)
            record, _ = await anyio.to_thread.run_sync(wait, abandon_on_cancel=True)
        return TaskView.of(record, self.tasks.store.steps(task_id))
