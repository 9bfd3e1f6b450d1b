"""Plug a generated repository into `flux bootstrap`: check before, verify after.

`run.bootstrap_repository` is the entry point; `options` holds what a user may
pass. The package imports nothing at start-up, so the CLI's other commands do not
pay for it.
"""
