"""The ANT corpus v1.1 (Chouigui, Ben Khiroun and Elayeb, AICCSA 2017; Apache-2.0), read where it lies."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ANT = REPO.parent / "shared" / "corpora" / "ant-v1.1" / "articles.jsonl.gz"
ANT_CITATION = (
    "A. Chouigui, O. Ben Khiroun and B. Elayeb, 'ANT Corpus: An Arabic News Text Collection for Textual "
    "Classification', AICCSA 2017"
)


def ant_path(path: str | Path | None = None) -> Path:
    """The corpus file: ``path`` if given, else ``../shared/corpora/ant-v1.1/articles.jsonl.gz`` beside the repo."""
    resolved = Path(path) if path else DEFAULT_ANT
    if not resolved.exists():
        raise FileNotFoundError(
            f"ANT corpus not found at {resolved}; pass its path (articles.jsonl.gz, one JSON article a line)"
        )
    return resolved


def iter_articles(path: str | Path | None = None) -> Iterator[dict[str, Any]]:
    """Articles as dicts with ``id``, ``category``, ``title``, ``text`` … (the text is left untouched)."""
    opener = gzip.open if str(path or DEFAULT_ANT).endswith(".gz") else open
    with opener(ant_path(path), "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
