"""One module per command; each exposes `register(app)` and a `run(...) -> int`."""
