"""The ``qawl`` commands that live in ``qawl.training``; :mod:`qawl.cli` imports this module when one is run.

Only argument parsing happens here; each command imports its module when it runs, so ``qawl silver`` and
``qawl validate`` never load torch, and the command line starts fast.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

from ..cli import TRAINING_COMMANDS
from .config import add_arguments


def _lazy(module: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        return importlib.import_module(module).run(args)

    return run


def register(commands: argparse._SubParsersAction, name: str) -> None:
    """Add the training command ``name`` (``silver``, ``evaluate`` or ``train``) to the ``qawl`` parser."""
    {"silver": _silver, "evaluate": _evaluate, "train": _train}[name](commands)


def _silver(commands: argparse._SubParsersAction) -> None:
    silver = commands.add_parser("silver", help=TRAINING_COMMANDS["silver"])
    silver.add_argument("--out", required=True, help="output JSONL file")
    silver.add_argument("--corpus", help="articles.jsonl.gz (default: $QAWL_ANT_CORPUS)")
    silver.add_argument("--limit", type=int, help="only the first N articles")
    silver.add_argument("--quiet", action="store_true", help="no progress bar")
    silver.add_argument(
        "--exclude", nargs="*", metavar="JSONL", help="leave out the articles of these annotation files (dev, test)"
    )
    silver.add_argument("--with-quotes", action="store_true", help="only articles where the rules find a quote")
    silver.add_argument("--sample", type=int, help="draw this many articles at random (after the filters)")
    silver.add_argument("--seed", type=int, default=13, help="seed of --sample (default 13)")
    silver.set_defaults(run=_lazy("qawl.training.silver"))


def _evaluate(commands: argparse._SubParsersAction) -> None:
    evaluate = commands.add_parser("evaluate", help=TRAINING_COMMANDS["evaluate"])
    evaluate.add_argument("--data", nargs="+", required=True, help="gold JSONL file(s)")
    evaluate.add_argument("--ids", help="only records whose id matches this glob (e.g. 'seed-*')")
    which = evaluate.add_mutually_exclusive_group()
    which.add_argument("--model", help="model directory or hub id (default: the shipped model)")
    which.add_argument("--rules", action="store_true", help="evaluate the rule baseline")
    which.add_argument("--predictions", help="a JSONL file of predictions (same ids and texts as the gold)")
    evaluate.add_argument("--device", help="cpu, cuda … (default: CUDA when present)")
    evaluate.add_argument(
        "--combine",
        choices=["model", "rules-first", "model-first"],
        help="model and rules together (default: the model's own)",
    )
    evaluate.add_argument("--batch-size", type=int, default=32)
    evaluate.add_argument("--out", help="directory for metrics.json and report.md")
    evaluate.set_defaults(run=_lazy("qawl.training.evaluation"))


def _train(commands: argparse._SubParsersAction) -> None:
    train = commands.add_parser("train", help=TRAINING_COMMANDS["train"])
    add_arguments(train)
    train.set_defaults(run=_lazy("qawl.training.train"))
