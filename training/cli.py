"""The ``qawl`` commands that live in ``training``; registered through the ``qawl.commands`` entry point."""

from __future__ import annotations

import argparse

from . import evaluation, silver


def register(commands: argparse._SubParsersAction) -> None:
    """Add the training-side subcommands to the ``qawl`` parser (imports stay light: no torch here)."""
    silver.add_command(commands)
    evaluation.add_command(commands)
