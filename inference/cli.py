"""The ``qawl`` command line.

Commands that live in other packages (``training`` adds ``train`` and ``evaluate``) register themselves
through the ``qawl.commands`` entry-point group: a callable that receives the subparsers object. That keeps
``inference`` free of any import of ``training``.
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import entry_points
from pathlib import Path

from .markup import MarkupError, parse_markup, render_markup
from .records import read_jsonl, write_jsonl
from .validate import InvalidRecords, validate_files


def _validate(args: argparse.Namespace) -> int:
    problems = validate_files(args.files)
    for problem in problems:
        print(problem)
    status = f"{len(problems)} problem(s)" if problems else "all valid"
    print(f"{len(args.files)} file(s) checked: {status}", file=sys.stderr)
    return 1 if problems else 0


def _markup_compile(args: argparse.Namespace) -> int:
    records = []
    try:
        for path in args.files:
            records += parse_markup(Path(path).read_text(encoding="utf-8"), file=path)
    except MarkupError as error:
        print(error, file=sys.stderr)
        return 1
    write_jsonl(records, args.output)
    print(f"{len(records)} record(s) written to {args.output}", file=sys.stderr)
    return 0


def _markup_render(args: argparse.Namespace) -> int:
    try:
        records = read_jsonl(args.file)
    except InvalidRecords as error:
        print(error, file=sys.stderr)
        return 1
    text = render_markup(records)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qawl", description="Find who said what in Arabic news.")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check annotation or prediction JSONL files")
    validate.add_argument("files", nargs="+", help="JSONL files (ids must be unique across them)")
    validate.set_defaults(run=_validate)

    markup = commands.add_parser("markup", help="convert between the authoring markup and JSONL")
    markup_commands = markup.add_subparsers(dest="markup_command", required=True)
    compile_ = markup_commands.add_parser("compile", help="markup files -> one JSONL file")
    compile_.add_argument("files", nargs="+")
    compile_.add_argument("-o", "--output", required=True)
    compile_.set_defaults(run=_markup_compile)
    render = markup_commands.add_parser("render", help="JSONL file -> markup, for review")
    render.add_argument("file")
    render.add_argument("-o", "--output", help="default: standard output")
    render.set_defaults(run=_markup_render)

    for entry_point in entry_points(group="qawl.commands"):
        entry_point.load()(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
