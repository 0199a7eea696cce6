"""The ANT corpus v1.1 (Chouigui, Ben Khiroun and Elayeb, AICCSA 2017; Apache-2.0), read where it lies."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: The environment variable naming the corpus file when no ``--corpus`` flag is given.
ANT_ENV = "QAWL_ANT_CORPUS"
ANT_CITATION = (
    "A. Chouigui, O. Ben Khiroun and B. Elayeb, 'ANT Corpus: An Arabic News Text Collection for Textual "
    "Classification', AICCSA 2017"
)


def ant_path(path: str | Path | None = None) -> Path:
    """The corpus file: ``path`` if given, else the file named by ``$QAWL_ANT_CORPUS``.

    Example::

        >>> ant_path("../shared/corpora/ant-v1.1/articles.jsonl.gz")  # doctest: +SKIP
        PosixPath('../shared/corpora/ant-v1.1/articles.jsonl.gz')
    """
    chosen = path or os.environ.get(ANT_ENV)
    if not chosen:
        raise FileNotFoundError(
            f"no ANT corpus given: pass --corpus PATH/articles.jsonl.gz or set {ANT_ENV} to that file "
            "(ANT v1.1, one JSON article a line)"
        )
    resolved = Path(chosen)
    if not resolved.is_file():
        source = "--corpus" if path else f"${ANT_ENV}"
        raise FileNotFoundError(f"ANT corpus not found at {resolved} (from {source}): no such file")
    return resolved


def iter_articles(path: str | Path | None = None) -> Iterator[dict[str, Any]]:
    """Articles as dicts with ``id``, ``category``, ``title``, ``text`` … (the text is left untouched)."""
    resolved = ant_path(path)
    opener = gzip.open if resolved.suffix == ".gz" else open
    with opener(resolved, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
