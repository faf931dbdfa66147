"""`POST /v1/plan`: the next action towards a goal on this screen, from a chosen planner."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from aci import ACTION_ADAPTER, Action, Screen, Source, format_action
from planning import (
    Outcome,
    Plan,
    Step,
)
from service.api.deps import GrounderDep, SettingsDep
from service.api.limits import (
    MAX_HISTORY,
    MAX_SOURCES,
    MAX_STEPS,
    ActionInput,
    DetailText,
    GoalText,
    HierarchyText,
    ImageText,
    RequestModel,
    ScreenIdText,
    SerialText,
)
from service.api.llm_input import LlmInput
from service.api.routes.ground import EXAMPLE_HIERARCHY, SCREEN_ERRORS, decode_image
from service.errors import error_responses
from service.ground import ALL_SOURCES, Grounder
from service.planners import planner_for

router = APIRouter(prefix="/plan", tags=["planning"])


class HistoryEntry(RequestModel):
    """One step already taken and how it went."""

    action: ActionInput
    """The action taken, as ACI text (`tap "Wi-Fi"`) or structured
    (`{"type": "tap", "target": "Wi-Fi"}`)."""
    outcome: Outcome
    """succeeded, target_not_found, screen_unchanged, error or assertion_failed."""
    detail: DetailText = ""
    """What the harness said about the step, e.g. why the target was not found."""
    screen_id: ScreenIdText = ""
    """The `screen_id` of the plan response this step carried out (the explorer's memory)."""


class ScreenInput(RequestModel):
    """The screen as the client saw it: a screenshot, a UI hierarchy, or both."""

    image: ImageText | None = None
    """PNG or JPEG in base64 (a `data:image/png;base64,` prefix is fine)."""
    hierarchy: HierarchyText | None = None
    """The UI hierarchy XML, as `uiautomator dump` or uiautomator2 writes it."""

    @model_validator(mode="after")
    def _something(self) -> ScreenInput:
        if self.image is None and self.hierarchy is None:
            raise ValueError(
                "screen needs image (a screenshot in base64), hierarchy (a uiautomator dump) "
                "or both"
            )
        return self


class PlanRequest(RequestModel):
    """A goal, the screen (given, or a phone to observe), the history, and the planner's inputs."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "goal": "turn on Wi-Fi",
                    "planner": "script",
                    "steps": ['tap "Wi-Fi"', 'assert checked "Wi-Fi"'],
                    "screen": {"hierarchy": EXAMPLE_HIERARCHY},
                },
                {
                    "goal": "turn on Wi-Fi",
                    "planner": "explorer",
                    "screen": {"hierarchy": EXAMPLE_HIERARCHY},
                },
            ]
        },
    )

    goal: GoalText
    """What should happen, in words; at most `MAX_GOAL_CHARS` (2,000) characters."""
    planner: Literal["script", "llm", "explorer"]
    """Who plans: `script` (the given `steps`, in order), `llm` (an OpenAI-compatible model,
    see `llm`) or `explorer` (the built-in explorer of app screens, no model)."""
    screen: ScreenInput | None = None
    """The screen as the client saw it (a screenshot, a hierarchy or both); give this or
    `device`, not both."""
    device: SerialText | None = None
    """Serial of a phone on the service's adb server, observed instead of `screen`."""
    sources: list[Source] | None = Field(default=None, min_length=1, max_length=MAX_SOURCES)
    """Perception sources; by default all of them with a screenshot, else the hierarchy."""
    history: list[HistoryEntry] = Field(default_factory=list, max_length=MAX_HISTORY)
    """The steps taken so far, oldest first; at most `MAX_HISTORY` (500)."""
    steps: list[ActionInput] | None = Field(
        default=None, min_length=1, max_length=MAX_STEPS, validate_default=True
    )
    """The script planner's steps, in order; at most `MAX_STEPS` (500)."""
    llm: LlmInput | None = None
    """The llm planner's endpoint, model, key and timeout; unset fields come from settings."""

    @field_validator("goal")
    @classmethod
    def _goal_words(cls, goal: str) -> str:
        if not goal.strip():
            raise ValueError('goal must say what should happen, e.g. "turn on Wi-Fi"')
        return goal

    @field_validator("steps")
    @classmethod
    def _steps_for_script(
        cls, steps: list[Action] | None, info: ValidationInfo
    ) -> list[Action] | None:
        planner = info.data.get("planner")
        if planner == "script" and steps is None:
            raise ValueError(
                'the script planner needs steps, e.g. ["tap \\"Wi-Fi\\"", '
                '"assert checked \\"Wi-Fi\\""]'
            )
        if planner not in (None, "script") and steps is not None:
            raise ValueError(f"steps are for the script planner, not '{planner}'")
        return steps

    @field_validator("llm")
    @classmethod
    def _llm_for_llm(cls, llm: LlmInput | None, info: ValidationInfo) -> LlmInput | None:
        planner = info.data.get("planner")
        if planner not in (None, "llm") and llm is not None:
            raise ValueError(f"llm settings are for the llm planner, not '{planner}'")
        return llm

    @model_validator(mode="after")
    def _one_screen(self) -> PlanRequest:
        if (self.screen is None) == (self.device is None):
            raise ValueError(
                'give either screen ({"image", "hierarchy"}) or device (a serial), not '
                + ("both" if self.screen is not None else "neither")
            )
        return self


class PlanResponse(BaseModel):
    """The next action in both forms, why, and whether the planner believes the goal is reached."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    action: str
    """The action in its canonical ACI text form."""
    structured: dict[str, Any]
    """The same action as data, e.g. {"type": "tap", "target": "Wi-Fi"}."""
    reason: str
    """Why the planner chose this action, in words."""
    done: bool
    """Whether the planner believes the goal is reached (the action is then `done`)."""
    screen_id: str
    """The planner's name for this screen (the explorer's; else ""): send it back as the
    history entry's screen_id of the step you take, so that it remembers where it was."""


@router.post(
    "",
    response_model=PlanResponse,
    responses=error_responses(*SCREEN_ERRORS, "invalid_plan_input", "llm_bad_reply", "llm_failed"),
)
def plan(request: PlanRequest, grounder: GrounderDep, settings: SettingsDep) -> PlanResponse:
    """Plan the next action. Runs in the threadpool: perception and the LLM call block."""
    history = [
        Step(
            action=entry.action,
            outcome=entry.outcome,
            detail=entry.detail,
            screen_id=entry.screen_id,
        )
        for entry in request.history
    ]
    config = None
    if request.planner == "llm":
        overrides = request.llm.overrides() if request.llm is not None else None
        config = settings.llm.resolve(overrides)  # a missing base_url fails before perceiving
    with planner_for(
        request.planner, steps=request.steps or (), llm=config, data_dir=settings.data.dir
    ) as planner:
        result = planner.next_action(request.goal, _perceive(request, grounder), history)
    return _response(result)


def _perceive(request: PlanRequest, grounder: Grounder) -> Screen:
    """The request's screen, or the phone's, as elements; OCR and detectors only with pixels."""
    image: bytes | None = None
    hierarchy = package = activity = None
    if request.screen is not None:
        if request.screen.image is not None:
            image = decode_image(request.screen.image)
        hierarchy = request.screen.hierarchy
    if request.device is not None:
        observation = grounder.observe(request.device)
        image, hierarchy = observation.screenshot, observation.hierarchy_xml
        package, activity = observation.package, observation.activity
    sources: tuple[Source, ...] = ALL_SOURCES if image else ("hierarchy",)
    if request.sources:
        sources = tuple(dict.fromkeys(request.sources))
    perception = grounder.perceiver().perceive(
        image=image, hierarchy=hierarchy, sources=sources, package=package, activity=activity
    )
    return perception.screen


def _response(result: Plan) -> PlanResponse:
    return PlanResponse(
        action=format_action(result.action),
        structured=ACTION_ADAPTER.dump_python(result.action, mode="json"),
        reason=result.reason,
        done=result.done,
        screen_id=result.screen_id,
    )
