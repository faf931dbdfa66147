"""Dependencies of the routes: the settings and the grounder the app was created with."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from service.config import Settings
from service.ground import Grounder


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
