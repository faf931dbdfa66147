"""`droidpilot run`: pursue a goal on a phone with a planner, step by step, from the shell.

    droidpilot run [--device SERIAL] [--planner explorer|llm|script] [--step ACTION ...]
                   [--max-steps 30] [--sources hierarchy] 'turn on Wi-Fi'

Each step prints one line on stderr as it happens; the whole episode prints as JSON on
stdout at the end. Exits 0 when the planner reached the goal, 1 when it stopped short.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack
from typing import Any

from planning import LlmConfig, PlannerError
from service.config import Settings, get_settings
from service.episode import Episode, Turn, run_episode
from service.phones import farm_for, only_phone
from service.planners import planner_for
from service.runner import Runner, StepReport


class RunError(Exception):
    """A problem with the run's arguments or its phone, said in one line."""


def run(args: argparse.Namespace) -> int:
    """Run the episode on the chosen phone; 0 when the planner said done."""
    if args.max_steps < 1:
        raise RunError(f"--max-steps {args.max_steps} out of range: use 1 or more")
    if args.step and args.planner != "script":
        raise RunError(f"--step is for --planner script, not {args.planner}")
    settings = get_settings().with_adb(args.adb_host, args.adb_port)
    llm = _llm_config(args, settings)
    with ExitStack() as resources:  # the phone's uiautomator2 server and the LLM client
        try:
            planner = resources.enter_context(
                planner_for(
                    args.planner,
                    steps=args.step or (),
                    llm=llm,
                    max_steps=args.max_steps,
                    data_dir=settings.data.dir,
                )
            )
        except PlannerError as exc:
            raise RunError(str(exc)) from exc
        farm = farm_for(settings)
        resources.callback(farm.close)
        device = only_phone(farm, args.device)
        episode = run_episode(
            args.goal,
            Runner(device, sources=args.sources, apps=device.launcher_apps),
            planner,
            sources=args.sources,
            max_steps=args.max_steps,
            on_turn=_progress,
        )
    print(json.dumps(_report(episode), indent=2, ensure_ascii=False))
    if not episode.done:  # why, where the step lines went, not only in the JSON
        print(f"not done: {episode.failure or 'the planner stopped'}", file=sys.stderr)
    return 0 if episode.done else 1


def _llm_config(args: argparse.Namespace, settings: Settings) -> LlmConfig | None:
    """The llm planner's endpoint settings from the environment; the script's steps checked."""
    if args.planner == "script" and not args.step:
        raise RunError("--planner script needs its steps: --step 'tap \"Wi-Fi\"' ...")
    if args.planner != "llm":
        return None
    try:
        return settings.llm.resolve()
    except PlannerError as exc:
        raise RunError(str(exc)) from exc


def _progress(turn: Turn) -> None:
    step = turn.step
    detail = f" ({step.detail})" if step.detail else ""
    print(
        f"{step.action} -> {step.outcome.value}{detail} [{turn.wall_s * 1000:.0f} ms]",
        file=sys.stderr,
        flush=True,
    )


def _report(episode: Episode) -> dict[str, Any]:
    return {
        "goal": episode.goal,
        "done": episode.done,
        "failure": episode.failure,
        "wall_s": round(episode.wall_s, 2),
        "steps": [
            {
                "action": str(turn.step.action),
                "outcome": turn.step.outcome.value,
                "detail": turn.step.detail,
                "reason": turn.reason,
                **_performed(turn.report),
                "timing_ms": turn.timing_ms,
                "wall_ms": round(turn.wall_s * 1000, 1),
            }
            for turn in episode.turns
        ],
    }


def _performed(report: StepReport | None) -> dict[str, Any]:
    """Where the step was grounded, and what the phone was told to do."""
    if report is None:
        return {}
    grounding = report.grounding
    return {
        "grounding": None
        if grounding is None
        else {
            "found": grounding.found,
            "element": grounding.element.label if grounding.element is not None else None,
            "confidence": grounding.confidence,
            "reason": grounding.reason,
        },
        "commands": [command.model_dump(mode="json") for command in report.commands],
        "scrolls": report.scrolls,
        "perform_ms": report.timing_ms,
    }
