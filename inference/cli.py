"""The ``qawl`` command line.

The runtime commands (``validate``, ``predict``, ``markup``) are defined here. The training commands
(``silver``, ``evaluate``, ``train``) are listed in :data:`TRAINING_COMMANDS` with their one-line help, and
their module, :mod:`qawl.training.cli`, is imported only when one of them is run (or asked for ``--help``):
``qawl validate`` never loads the training code, and no installed plugin can hook into the command line.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

from tqdm import tqdm

from .inputs import lone_surrogate
from .markup import MarkupError, parse_markup, render_markup
from .records import Record, dumps, jsonl_lines, parse_line, read_jsonl, write_jsonl
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
    _write(render_markup(records), args.output)
    return 0


def _write(text: str, path: str | None) -> None:
    """Write ``text`` to ``path``, or to standard output when no path is given."""
    if path:
        Path(path).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def read_documents(paths: list[str]) -> Iterator[tuple[str, str | None, str]]:
    """``(id, source, text)`` for each input: ``-`` is standard input, a ``.jsonl`` file gives one document
    per record (its ``id``, ``source`` and ``text``), any other file is one document.

    A JSONL line that is not a JSON object with a string ``text`` (and, when present, a string ``id`` and a
    string or null ``source``, as predictions must have) raises ``ValueError`` naming its file and line."""
    for path in paths:
        if path == "-":
            yield "stdin", None, sys.stdin.read()
        elif path.endswith(".jsonl"):
            for number, line in jsonl_lines(path):
                data = parse_line(line, path, number)
                if not isinstance(data, dict) or not isinstance(data.get("text"), str):
                    raise ValueError(f"{path}:{number}: a JSONL input record needs a string 'text'")
                doc_id, source = data.get("id"), data.get("source")
                if doc_id is not None and not isinstance(doc_id, str):
                    raise ValueError(f"{path}:{number}: 'id' must be a string, got {type(doc_id).__name__}")
                if source is not None and not isinstance(source, str):
                    raise ValueError(f"{path}:{number}: 'source' must be a string or null, got {type(source).__name__}")
                for key in ("id", "source", "text"):
                    offset = lone_surrogate(data.get(key) or "")
                    if offset is not None:
                        code = ord(data[key][offset])
                        raise ValueError(f"{path}:{number}: '{key}' has a lone surrogate U+{code:04X} at {offset}")
                yield doc_id or f"{path}:{number}", source, data["text"]
        else:
            yield Path(path).stem, path, Path(path).read_text(encoding="utf-8")


def _predict(args: argparse.Namespace) -> int:
    try:
        documents = list(read_documents(args.files))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        print(f"qawl: cannot read the input: {error}", file=sys.stderr)
        return 2
    texts = [text for _, _, text in documents]
    show = not args.quiet and sys.stderr.isatty()
    if args.rules:
        from .rules import find_quotes

        found = [find_quotes(text) for text in tqdm(texts, unit="doc", disable=not show)]
    else:
        from .tagger import QuoteTagger

        try:
            tagger = QuoteTagger.from_pretrained(args.model, device=args.device, quantize=args.quantize)
        except (OSError, ValueError) as error:
            print(f"qawl: cannot load the model: {error}", file=sys.stderr)
            return 2
        found = tagger.predict(texts, batch_size=args.batch_size, progress=show)
    records = [
        Record(id=doc_id, source=source, text=text, quotes=quotes)
        for (doc_id, source, text), quotes in zip(documents, found)
    ]
    if args.format == "html":
        from .html import render_html

        _write(render_html(records), args.output)
    else:
        _write("".join(dumps(record) + "\n" for record in records), args.output)
    return 0


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The ``qawl`` parser; only the training command named in ``argv`` (if any) is fully defined."""
    parser = argparse.ArgumentParser(prog="qawl", description="Find who said what in Arabic news.")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check annotation or prediction JSONL files")
    validate.add_argument("files", nargs="+", help="JSONL files (ids must be unique across them)")
    validate.set_defaults(run=_validate)

    predict = commands.add_parser("predict", help="find quotes in documents; one JSONL record per document")
    predict.add_argument("files", nargs="+", help="text files (one document each), .jsonl records, or - for stdin")
    predict.add_argument("--rules", action="store_true", help="use the rule-based finder (no model, no torch)")
    predict.add_argument("--model", help="model directory or hub id (default: the shipped model in models/)")
    predict.add_argument("--device", help="cpu, cuda, cuda:1 … (default: CUDA when present)")
    predict.add_argument("--batch-size", type=int, default=32, help="windows per forward pass (default 32)")
    predict.add_argument("--quantize", action="store_true", help="int8 dynamic quantisation (CPU)")
    predict.add_argument("--format", choices=["jsonl", "html"], default="jsonl", help="output format")
    predict.add_argument("-o", "--output", help="default: standard output")
    predict.add_argument("--quiet", action="store_true", help="no progress bar")
    predict.set_defaults(run=_predict)

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

    chosen = _command_name(argv)
    for name, help_ in TRAINING_COMMANDS.items():
        if name == chosen:
            importlib.import_module(TRAINING_CLI).register(commands, name)
        else:
            commands.add_parser(name, help=help_, add_help=False)  # listed in `qawl --help`; defined when run
    return parser


#: The training commands and their one-line help; their arguments live in :data:`TRAINING_CLI`.
TRAINING_COMMANDS = {
    "silver": "label the ANT corpus with the rules (silver data)",
    "evaluate": "score a model, the rules or predictions against gold records",
    "train": "fine-tune an encoder on the annotations",
}
TRAINING_CLI = "qawl.training.cli"


def _command_name(argv: list[str] | None) -> str | None:
    """The subcommand named on the command line (the first argument that is not an option)."""
    args = sys.argv[1:] if argv is None else argv
    return next((arg for arg in args if not arg.startswith("-")), None)


def main(argv: list[str] | None = None) -> int:
    """Run the ``qawl`` command line; returns the exit status.

    Example::

        >>> main(["validate", "annotations/dev.jsonl"])  # doctest: +SKIP
        0
    """
    args = build_parser(argv).parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
