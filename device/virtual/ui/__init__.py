"""The virtual phone's UI: declarative apps, their screens, pixels and view tree.

`apps.load_apps` reads app definitions (JSON data, see `schema`), `engine.UiEngine`
runs them. Layout is computed once per change (`layout`, `widgets`, `system`) into
positioned boxes that both `render` (pixels) and `tree` (view hierarchy) read, so
the screenshot and the dump always agree.
"""
