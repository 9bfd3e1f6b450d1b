"""Everything that talks to the flux CLI: the runner, its output parsers, providers, status."""
