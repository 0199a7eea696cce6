"""Qawl runtime: the record contract, text handling, label alignment and (soon) ``predict()``.

This package never imports ``training`` and does not import torch at import time.
"""

from .records import KINDS, ROLES, Quote, Record, Span, read_jsonl, write_jsonl
from .validate import InvalidRecords, Problem, validate_files

__all__ = [
    "KINDS",
    "ROLES",
    "InvalidRecords",
    "Problem",
    "Quote",
    "Record",
    "Span",
    "read_jsonl",
    "validate_files",
    "write_jsonl",
]
__version__ = "0.1.0"
