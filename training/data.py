"""Training data: annotation JSONL → ``datasets`` → overlapping token windows with IOB2 first-subword labels."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import datasets
from qawl.encoding import encode_documents, windows_by_document
from qawl.records import Record
from qawl.validate import InvalidRecords, validate_files

from .labels import role_spans, token_labels, word_labels


def check_files(files: Sequence[str | Path]) -> None:
    """Raise unless ``files`` name existing annotation files of valid records (:class:`InvalidRecords` lists
    every problem)."""
    if not files:
        raise ValueError("no data files given")
    missing = [str(f) for f in files if not Path(f).exists()]
    if missing:
        raise FileNotFoundError(f"data file(s) not found: {', '.join(missing)}")
    problems = validate_files(files)
    if problems:
        raise InvalidRecords(problems)


def load_records(files: Sequence[str | Path]) -> datasets.Dataset:
    """Validate annotation files (every problem listed) and load them with ``datasets``."""
    check_files(files)
    dataset = datasets.load_dataset("json", data_files=[str(f) for f in files], split="train")
    if len(dataset) == 0:
        raise ValueError(f"no records in {', '.join(map(str, files))}")
    return dataset


def _records(batch: dict[str, list]) -> list[Record]:
    keys = list(batch)
    return [Record.from_dict({key: batch[key][i] for key in keys}) for i in range(len(batch[keys[0]]))]


def window_dataset(
    dataset: datasets.Dataset,
    tokenizer: Any,
    max_length: int,
    stride: int,
    preprocess: Callable[[str], str],
) -> datasets.Dataset:
    """One row per window of at most ``max_length`` tokens (neighbours share ``stride`` tokens), so that no
    label of a long article is dropped; ``labels`` hold the words' IOB2 ids on their first subwords."""

    def encode(batch: dict[str, list]) -> dict[str, list]:
        records = _records(batch)
        encoding, words = encode_documents(
            tokenizer,
            [r.text for r in records],
            preprocess=preprocess,
            truncation=True,
            max_length=max_length,
            stride=stride,
            return_overflowing_tokens=True,
        )
        out: dict[str, list] = {name: [] for name in (*tokenizer.model_input_names, "labels")}
        for doc, windows in enumerate(windows_by_document(encoding)):
            labels = word_labels(words[doc], role_spans(records[doc].quotes))
            window_labels = token_labels(encoding, labels, windows)
            for window, ids in zip(windows, window_labels):
                for name in tokenizer.model_input_names:
                    out[name].append(encoding[name][window])
                out["labels"].append(ids)
        return out

    return dataset.map(encode, batched=True, batch_size=64, remove_columns=dataset.column_names)
