"""Dependencies of the routes: what the app was created with (settings, grounder, phones,
tasks)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from service.config import Settings
from service.ground import Grounder
from service.phones import Phones
from service.tasks.manager import TaskManager


def get_app_settings(request: Request) -> Settings:
    """The settings `create_app` was given (not the environment's: tests pass their own)."""
    settings: Settings = request.app.state.settings
    return settings


def get_grounder(request: Request) -> Grounder:
    """The app's one grounder: one perceiver (models loaded once) and the phones it observed."""
    grounder: Grounder = request.app.state.grounder
    return grounder


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
GrounderDep = Annotated[Grounder, Depends(get_grounder)]


def get_phones(request: Request) -> Phones:
    """The farm's phones as the routes reach them (per-phone threads, leases checked)."""
    phones: Phones = request.app.state.phones
    return phones


def get_tasks(request: Request) -> TaskManager:
    """The app's task manager: its worker threads and its store."""
    tasks: TaskManager = request.app.state.tasks
    return tasks


PhonesDep = Annotated[Phones, Depends(get_phones)]
TasksDep = Annotated[TaskManager, Depends(get_tasks)]
