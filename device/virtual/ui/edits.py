"""Actions that change values rather than the screen: set, toggle, append, update,
remove and evaluate. Their templates are filled with the scope of the page that runs
them, so `{contact}` means the record or variable that page shows."""

from __future__ import annotations

from device.virtual.ui import values
from device.virtual.ui.arith import evaluate
from device.virtual.ui.schema import (
    AppendAction,
    EvaluateAction,
    RemoveAction,
    SetAction,
    ToggleAction,
    UpdateAction,
)
from device.virtual.ui.values import Record, Scope

Edit = SetAction | ToggleAction | AppendAction | UpdateAction | RemoveAction | EvaluateAction
EDITS = (SetAction, ToggleAction, AppendAction, UpdateAction, RemoveAction, EvaluateAction)


def apply(action: Edit, scope: Scope) -> None:
    """Run one value-changing action."""
    if isinstance(action, SetAction):
        values.write(action, scope.text(action.value), scope)
    elif isinstance(action, ToggleAction):
        values.toggle(action, scope)
    elif isinstance(action, AppendAction):
        append(action, scope)
    elif isinstance(action, UpdateAction):
        record = scope.find(action.list, scope.text(action.id))
        if record is not None:
            record.update({name: scope.text(value) for name, value in action.fields.items()})
    elif isinstance(action, RemoveAction):
        records = _records(action.list, scope)
        wanted = scope.text(action.id)
        records[:] = [record for record in records if record.get("id") != wanted]
    else:
        values.write(action.into, evaluate(scope.text(action.expression)), scope)


def append(action: AppendAction, scope: Scope) -> str:
    """Add the record; its id is the given one or the next integer. Returns the id."""
    records = _records(action.list, scope)
    record: Record = {name: scope.text(value) for name, value in action.fields.items()}
    if not record.get("id"):
        numbers = [int(r["id"]) for r in records if r.get("id", "").isdigit()]
        record.pop("id", None)
        record = {"id": str(max(numbers, default=0) + 1), **record}
    records.append(record)
    if action.select:
        scope.state[action.select] = record["id"]
    return record["id"]


def _records(name: str, scope: Scope) -> list[Record]:
    """The data list itself (created empty when the app has none by that name)."""
    current = scope.data.get(name)
    if not isinstance(current, list):
        current = scope.data[name] = []
    return current
