"""`ExplorerPlanner`: goal-directed exploration of an app's screens, with no model.

Each turn it reads the goal's shape (`goals`), names the screen (`memory.screen_id`),
recalls from the history what was tried there, and answers, in order: done when the
goal's observable condition holds; fail when the budget is spent; the affirmative
answer to an interruption; the step the goal's shape calls for on this screen (a
toggle, an option, a field, a command button, a calculator key); else the best
untried element by goal-word match; else scroll; else back (backtracking); else the
next app that may hold the topic; else fail.
"""

from __future__ import annotations

from collections.abc import Sequence

import aci
from planning.base import Outcome, Plan, Step
from planning.explorer.apps import App, apps_for, in_app
from planning.explorer.fields import field_for, field_label, filled, visible_as_text
from planning.explorer.goals import Goal, Intent, parse_goal
from planning.explorer.lexicon import CONFIRM, DISMISS, stem, tokens
from planning.explorer.memory import Memory, read_memory, screen_id
from planning.explorer.rank import candidates, match, tap_label, toggles
from planning.explorer.verbs import CONFIRM_WORDS, same_verb, verb_of

__all__ = ["ExplorerPlanner"]

_MORE = ("More options", "More", "Menu", "Settings")
_MAX_SCROLLS = 6
_BACK = aci.PressKey(key=aci.Key.BACK)
_DOWN = aci.Scroll(direction=aci.Direction.DOWN)


class ExplorerPlanner:
    """Explores towards a goal; all memory comes from the history, so calls are independent."""

    def __init__(self, *, max_steps: int = 30) -> None:
        if max_steps < 1:
            raise ValueError(f"max_steps must be at least 1, got {max_steps}")
        self.max_steps = max_steps

    def next_action(self, goal: str, screen: aci.Screen, history: Sequence[Step]) -> Plan:
        """The next step towards `goal` on `screen`, given the steps taken so far."""
        name = screen_id(screen)
        turn = _Turn(parse_goal(goal), screen, read_memory(history, name))
        if turn.done():
            return Plan(
                action=aci.Done(), reason="the goal holds on this screen", done=True, screen_id=name
            )
        if len(history) >= self.max_steps:
            reason = f"the goal is not reached after {len(history)} steps (budget {self.max_steps})"
            return Plan(action=aci.Fail(reason=reason), reason=reason, done=False, screen_id=name)
        action, reason = turn.decide()
        return Plan(action=action, reason=reason, done=False, screen_id=name)


class _Turn:
    """One decision: the goal, the screen and the memory, with the rules that read them."""

    def __init__(self, goal: Goal, screen: aci.Screen, memory: Memory) -> None:
        self.goal = goal
        self.screen = screen
        self.memory = memory
        self.clickables = [e for e in screen.elements if e.clickable and e.enabled]
        self.fields = [e for e in screen.elements if e.editable]

    # -- the goal's observable condition ---------------------------------------------------

    def done(self) -> bool:
        goal = self.goal
        if goal.intent is Intent.TOGGLE:
            toggle = self._toggle()
            return toggle is not None and toggle[0].checked == goal.state
        if goal.intent is Intent.CHOOSE:
            return self._chosen()
        if goal.intent is Intent.ENTER:
            return self._entered()
        if goal.intent is Intent.ACT:
            return self._acted()
        if goal.intent is Intent.CALC:
            return self._calc_progress() >= len(goal.keys) and self._calc_shown()
        return False

    def _chosen(self) -> bool:
        option = self._option()
        if option is not None and option[0].role in (
            aci.Role.SWITCH,
            aci.Role.CHECKBOX,
            aci.Role.RADIO,
        ):
            return option[0].checked
        last = self._last_success()
        if last is None:
            return False
        index, step = last
        if not isinstance(step.action, aci.Tap):
            return False
        target = step.action.target or ""
        return self._choice_match(target) and self.memory.led_to(index) != step.screen_id

    def _entered(self) -> bool:
        steps = self.memory.steps
        typed = [
            i
            for i, s in enumerate(steps)
            if isinstance(s.action, aci.TypeText) and s.outcome is Outcome.SUCCEEDED
        ]
        if not typed:
            return False
        after = [
            s
            for s in steps[typed[-1] + 1 :]
            if s.outcome is Outcome.SUCCEEDED and isinstance(s.action, aci.Tap | aci.PressKey)
        ]
        if not after:
            return False
        if any(
            field.text and any(filled(v.text, field) for v in self.goal.values)
            for field in self.fields
        ):
            return False
        shown = all(self._value_shown(v.slot, v.text) for v in self.goal.values)
        confirmed = any(
            isinstance(s.action, aci.Tap) and self._is_confirm(s.action.target or "") for s in after
        )
        return shown or (confirmed and not self.fields)

    def _value_shown(self, slot: str, text: str) -> bool:
        if slot in ("hour", "minute"):
            hour = next((v.text for v in self.goal.values if v.slot == "hour"), "")
            minute = next((v.text for v in self.goal.values if v.slot == "minute"), "")
            clock = f"{int(hour)}:{minute}" if hour.isdigit() else ""
            return any(clock in tokens(e.label) for e in self.screen.elements if not e.editable)
        if slot == "append":
            return any(e.label.rstrip().endswith(text) for e in self.screen.elements)
        return visible_as_text(text, self.screen)

    def _acted(self) -> bool:
        acted = [
            s
            for _, s in self.memory.succeeded()
            if isinstance(s.action, aci.Tap)
            and same_verb(verb_of(s.action.target or ""), self.goal.verb)
        ]
        return bool(acted) and not self._dialog()

    def _calc_shown(self) -> bool:
        result = self.goal.result
        return any(e.label.replace(",", "").strip().endswith(result) for e in self.screen.elements)

    # -- deciding ---------------------------------------------------------------------------

    def decide(self) -> tuple[aci.Action, str]:
        step = self._interruption()
        if step is None:
            step = {
                Intent.TOGGLE: self._toggle_step,
                Intent.CHOOSE: self._choose_step,
                Intent.ENTER: self._enter_step,
                Intent.ACT: self._act_step,
                Intent.CALC: self._calc_step,
                Intent.OPEN: self._no_step,
            }[self.goal.intent]()
        return step or self._explore()

    def _no_step(self) -> tuple[aci.Action, str] | None:
        return None

    def _fresh(self, action: aci.Action) -> bool:
        return not self.memory.tried(action)

    def _tap(self, label: str, reason: str) -> tuple[aci.Action, str] | None:
        action = aci.Tap(target=label)
        return (action, reason) if label and self._fresh(action) else None

    def _interruption(self) -> tuple[aci.Action, str] | None:
        if self.fields or len(self.clickables) > 4 or self._home():
            return None
        labels = {" ".join(e.label.split()).lower(): e.label for e in self.clickables if e.label}
        if self.goal.intent is Intent.ACT and any(
            same_verb(verb_of(label), self.goal.verb) for label in labels.values()
        ):
            return None
        for answer in DISMISS:
            found = labels.get(answer.lower())
            if found:
                step = self._tap(found, f"answer the interruption with {found!r}")
                if step:
                    return step
        return None

    def _toggle(self) -> tuple[aci.Element, str] | None:
        words = self.goal.focus or self.goal.words
        best: tuple[float, aci.Element, str] | None = None
        for element, label, row in toggles(self.screen):
            score = match(words, row, related=False)
            if score >= 0.8 and (best is None or score > best[0]):
                best = (score, element, label)
        return (best[1], best[2]) if best else None

    def _toggle_step(self) -> tuple[aci.Action, str] | None:
        toggle = self._toggle()
        if toggle is None:
            return None
        wanted = "on" if self.goal.state else "off"
        return self._tap(toggle[1], f"{toggle[1]!r} is the setting; turn it {wanted}")

    def _choice_match(self, label: str) -> bool:
        choice = [w for w in tokens(self.goal.choice) if w not in ("its", "the")]
        have = {stem(w) for w in tokens(label)}
        return (
            bool(choice)
            and bool(have)
            and (
                all(stem(w) in have for w in choice)
                or (have <= {stem(w) for w in choice} and len(have) >= 1 and len(choice) <= 3)
            )
        )

    def _option(self) -> tuple[aci.Element, str] | None:
        options = [(e, label) for e, label, _ in toggles(self.screen) if self._choice_match(label)]
        if options:
            return options[0]
        for element in self.clickables:
            label = tap_label(element, self.screen)
            if label and self._choice_match(label) and not element.editable:
                return element, label
        return None

    def _choose_step(self) -> tuple[aci.Action, str] | None:
        option = self._option()
        if option is None:
            return None
        return self._tap(option[1], f"{option[1]!r} is the option the goal asks for")

    def _enter_step(self) -> tuple[aci.Action, str] | None:
        pending = []
        placed = 0
        for value in self.goal.values:
            field = field_for(value, self.fields)
            if field is None:
                continue
            text = value.text
            if value.slot == "append":
                if field.text.rstrip().endswith(text):
                    placed += 1
                    continue
                text = f"{field.text.rstrip()} {text}".strip()
            if filled(text, field):
                placed += 1
                continue
            pending.append((text, field))
        for text, field in pending:
            action = aci.TypeText(text=text, target=field_label(field) or None)
            if not self.memory.failed(action) or self._fresh(action):
                return action, f"type the value into {field_label(field)!r}"
        if placed:
            return self._confirm()
        return None

    def _is_confirm(self, label: str) -> bool:
        words = tokens(label)
        confirm = {w for c in CONFIRM for w in tokens(c)}
        if self.goal.verb:
            confirm.add(self.goal.verb)
        return bool(words) and words[0] in confirm and len(words) <= 2

    def _confirm(self) -> tuple[aci.Action, str] | None:
        labels = [tap_label(e, self.screen) for e in self.clickables]
        exact = {label.lower(): label for label in labels if label}
        ordered = [exact[c.lower()] for c in CONFIRM if c.lower() in exact]
        ordered += [label for label in labels if label and self._is_confirm(label)]
        for label in ordered:
            step = self._tap(label, f"{label!r} commits what was entered")
            if step:
                return step
        if self._fresh(_BACK):
            return _BACK, "nothing to confirm with: leave the editor to keep the values"
        return None

    def _dialog(self) -> bool:
        words = {w for e in self.clickables for w in tokens(e.label)}
        return "cancel" in words and len(self.clickables) <= 4

    def _in_context(self) -> bool:
        entity = tokens(self.goal.entity)
        if not entity:
            return True
        shown = {w for e in self.screen.elements for w in tokens(e.label)}
        if match(entity, shown, related=False) >= 0.8 * len(entity):
            return True
        start = self.memory.last_open() + 1
        return any(
            isinstance(s.action, aci.Tap)
            and s.outcome is Outcome.SUCCEEDED
            and match(entity, tokens(s.action.target or ""), related=False) >= 0.8
            for s in self.memory.steps[start:]
        )

    def _act_step(self) -> tuple[aci.Action, str] | None:
        acted = any(
            isinstance(s.action, aci.Tap)
            and same_verb(verb_of(s.action.target or ""), self.goal.verb)
            for _, s in self.memory.succeeded()
        )
        if acted and self._dialog():
            for element in self.clickables:
                label = tap_label(element, self.screen)
                if set(tokens(label)) & CONFIRM_WORDS or same_verb(verb_of(label), self.goal.verb):
                    step = self._tap(label, f"confirm with {label!r}")
                    if step:
                        return step
        if acted or not self._in_context():
            return None
        for element in self.clickables:
            label = tap_label(element, self.screen)
            if same_verb(verb_of(label), self.goal.verb):
                step = self._tap(label, f"{label!r} does what the goal asks")
                if step:
                    return step
        return None

    def _calc_progress(self) -> int:
        keys = self.goal.keys
        done = 0
        for step in self.memory.steps[self.memory.last_open() + 1 :]:
            if done >= len(keys) or step.outcome is not Outcome.SUCCEEDED:
                continue
            if isinstance(step.action, aci.Tap) and step.action.target in _key_names(keys[done]):
                done += 1
        return done

    def _calc_step(self) -> tuple[aci.Action, str] | None:
        if not any(tokens(e.label) == ["equals"] or e.label == "=" for e in self.clickables):
            return None
        progress = self._calc_progress()
        if progress >= len(self.goal.keys):
            return None
        for name in _key_names(self.goal.keys[progress]):
            action = aci.Tap(target=name)
            if not self.memory.failed(action) or self._fresh(action):
                return action, f"key {progress + 1} of {len(self.goal.keys)}"
        return None

    # -- exploring --------------------------------------------------------------------------

    def _home(self) -> bool:
        package = (self.screen.package or "").lower()
        return "launcher" in package or package.endswith(".home")

    def _apps(self) -> list[App]:
        messaging = self.goal.intent is Intent.ENTER and any(
            v.slot == "message" for v in self.goal.values
        )
        return apps_for(self.goal.words + self.goal.topics, messaging=messaging)

    def _nav_words(self) -> list[str]:
        words = list(self.goal.focus or ()) + list(self.goal.words)
        if self.goal.intent is Intent.ENTER:
            words += [v.slot for v in self.goal.values if v.slot not in ("first", "last")]
            words += ["add", "create", "new", "edit", "compose"]
        if self.goal.intent is Intent.CHOOSE:
            words += tokens(self.goal.choice)
        return list(dict.fromkeys(words))

    def _explore(self) -> tuple[aci.Action, str]:
        apps = self._apps()
        current = next((app for app in apps if in_app(self.screen.package, app)), None)
        if current is None:
            opened = self._open_next(apps)
            if opened is not None:
                return opened
        entity = tokens(self.goal.entity)
        for candidate in candidates(self._nav_words(), self.screen):
            if candidate.score < 0.3:
                break
            named = match(entity, tokens(candidate.label), related=False)
            if 0 < named < 0.8 * len(entity):
                continue  # another item that shares a word with the one named
            step = self._tap(candidate.label, f"{candidate.label!r} matches the goal's words")
            if step:
                return step
        search = self._search()
        if search is not None:
            return search
        scrollable = any(e.scrollable for e in self.screen.elements)
        if scrollable and self._fresh(_DOWN) and self.memory.scrolls_in_a_row() < _MAX_SCROLLS:
            return _DOWN, "nothing here matches the goal: look further down"
        if self.goal.intent in (Intent.ACT, Intent.CHOOSE, Intent.TOGGLE) and self._in_context():
            for label in _MORE:
                if any(tap_label(e, self.screen) == label for e in self.clickables):
                    step = self._tap(label, "the command may be in the menu")
                    if step:
                        return step
        if not self._home() and self._fresh(_BACK):
            return _BACK, "nothing left to try on this screen: go back"
        opened = self._open_next(apps)
        if opened is not None:
            return opened
        return aci.Fail(reason="explored every screen it could reach without reaching the goal"), (
            "nothing left to try"
        )

    def _search(self) -> tuple[aci.Action, str] | None:
        entity = self.goal.entity
        if not entity or self.goal.intent is Intent.TOGGLE:
            return None
        for field in self.fields:
            label = field_label(field)
            if "search" in tokens(label) and field.text != entity:
                action = aci.TypeText(text=entity, target=label)
                if self._fresh(action):
                    return action, f"search for {entity!r}"
        for element in self.clickables:
            if tokens(tap_label(element, self.screen)) == ["search"]:
                step = self._tap("Search", "search for the item the goal names")
                if step:
                    return step
        return None

    def _open_next(self, apps: list[App]) -> tuple[aci.Action, str] | None:
        tried = self.memory.opened_apps()
        for names, _ in apps:
            if any(name in tried for name in names) and self._opened_ok(names):
                continue
            for name in names:
                if name not in tried:
                    return aci.OpenApp(app=name), f"{name} holds the goal's topic"
        return None

    def _opened_ok(self, names: tuple[str, ...]) -> bool:
        return True

    def _last_success(self) -> tuple[int, Step] | None:
        done = self.memory.succeeded()
        return done[-1] if done else None


def _key_names(key: str) -> tuple[str, ...]:
    symbols = {"divide": "÷", "multiply": "\u00d7", "minus": "\u2212", "plus": "+", "equals": "="}
    return (key, symbols[key]) if key in symbols else (key,)
