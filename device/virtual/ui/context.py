"""What a layout pass needs to know: units, colours, the values widgets bind to."""

from __future__ import annotations

from dataclasses import dataclass

from device.virtual.settings import Settings
from device.virtual.ui.schema import AppSpec
from device.virtual.ui.theme import Theme
from device.virtual.ui.values import Scope


@dataclass(frozen=True)
class Metrics:
    """Android units: px = round(dp * dpi / 160); sp also scales with the font scale."""

    density_dpi: int
    font_scale: float = 1.0

    def dp(self, value: float) -> int:
        return round(value * self.density_dpi / 160)

    def sp(self, value: float) -> int:
        return round(value * self.font_scale * self.density_dpi / 160)


@dataclass(frozen=True)
class LayoutContext:
    """One page's layout inputs (read fresh from settings, state and data each pass)."""

    metrics: Metrics
    theme: Theme
    scope: Scope
    """Values and templates of this page (its record included)."""
    app: AppSpec
    screen: str
    focused: str | None
    """Key of the focused field, if any."""
    installed: tuple[AppSpec, ...]
    """Apps with a launcher icon, by label (the home screen's grid)."""
    recent: tuple[AppSpec, ...]
    """Running apps, most recent first (the overview's grid)."""
    scroll_px: int = 0
    """How far the page's body is scrolled (clamped by the layout)."""
    menu_open: bool = False
    """The overflow menu popup is showing."""
    loading: bool = False
    """The page still shows its spinner (`Screen.loading_ms` has not passed)."""
    ime_px: int = 0
    """Height of the soft keyboard at the bottom of the screen (0 when hidden); the
    page's content ends above it, as with adjustResize. Measured from the screen's
    bottom edge, the navigation bar included (Android's IME inset): content ends at
    `height - ime_px` when it is not 0."""

    @property
    def settings(self) -> Settings:
        return self.scope.settings

    def key(self, widget_id: str) -> str:
        """The stable node key of a widget: package/screen/id."""
        return f"{self.app.package}/{self.screen}/{widget_id}"

    def res(self, name: str | None) -> str:
        """A resource-id in this app's package, or "" without a name."""
        return f"{self.app.package}:id/{name}" if name else ""
