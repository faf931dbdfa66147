"""Dependencies of the routes: the settings the app was created with, and the parts of its
running `Runtime` (grounder, phones, tasks)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from service.config import Settings
from service.ground import Grounder
from service.phones import Phones
from service.runtime import Runtime
from service.tasks.manager import TaskManager


def get_app_settings(request: Request) -> Settings:
    """The settings `create_app` was given (not the environment's: tests pass their own)."""
    settings: Settings = request.app.state.settings
    return settings


def get_runtime(request: Request) -> Runtime:
    """What the app holds open while it runs (see `service.runtime`)."""
    runtime: Runtime = request.app.state.runtime
    return runtime


def get_grounder(request: Request) -> Grounder:
    """The one grounder: one perceiver (models loaded once), phones from the farm."""
    return get_runtime(request).grounder


def get_phones(request: Request) -> Phones:
    """The farm's phones as the routes reach them (per-phone threads, leases checked)."""
    return get_runtime(request).phones


def get_tasks(request: Request) -> TaskManager:
    """The task manager: its worker threads and its store."""
    return get_runtime(request).tasks


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
GrounderDep = Annotated[Grounder, Depends(get_grounder)]
PhonesDep = Annotated[Phones, Depends(get_phones)]
TasksDep = Annotated[TaskManager, Depends(get_tasks)]
