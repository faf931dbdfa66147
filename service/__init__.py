"""The droidpilot service: CLI, settings and (as it grows) the HTTP API and episode runner."""
