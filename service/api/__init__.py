"""The HTTP API, versioned under `/v1`: one router per file in `routes/`, dependencies in `deps`."""
