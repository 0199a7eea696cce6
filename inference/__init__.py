"""Qawl: who said what in Arabic news. ``predict()`` and ``QuoteTagger``, the record contract, text handling.

Example::

    >>> from qawl import predict
    >>> quote = predict("وقال الوزير إن الحكومة ستدعم الفلاحين.")[0]  # doctest: +SKIP
    >>> quote.speaker.text, quote.content[0].text  # doctest: +SKIP
    ('الوزير', 'الحكومة ستدعم الفلاحين')

This package never imports ``training``; torch and transformers load only when ``predict`` or
``QuoteTagger`` is first used, so the rule finder and the data tools stay light.
"""

from typing import Any

from .records import KINDS, ROLES, Quote, Record, Source, Span, read_jsonl, write_jsonl
from .validate import InvalidRecords, Problem, validate_files


def __getattr__(name: str) -> Any:
    if name in ("predict", "QuoteTagger"):
        from . import tagger

        return getattr(tagger, name)
    raise AttributeError(f"module 'qawl' has no attribute {name!r}")


__all__ = [
    "KINDS",
    "ROLES",
    "InvalidRecords",
    "Problem",
    "Quote",
    "QuoteTagger",
    "Record",
    "Source",
    "Span",
    "predict",
    "read_jsonl",
    "validate_files",
    "write_jsonl",
]
__version__ = "0.1.0"
