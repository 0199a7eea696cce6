"""Silver labels: the rule finder run over the whole ANT corpus, written in the record contract.

    qawl silver --out silver.jsonl [--corpus PATH] [--limit N] [--exclude annotations/dev.jsonl ...]
                [--with-quotes] [--sample N [--seed S]]

Each record is an article's untouched ``text`` with the rules' quotes, ``id`` ``ant-<DOCNO>``, ``source``
``ant-v1.1:<DOCNO>``, and ``"silver": true``. ``--exclude`` drops the articles of the given annotation
files (matched on ``source``), so silver training never sees dev or test text; ``--with-quotes`` keeps only
articles where the rules found a quote, ``--sample N`` draws N of them (seeded). No torch is imported on this
path.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

from qawl.records import Record, dumps, read_jsonl
from qawl.rules import find_quotes
from tqdm import tqdm

from .corpus import ANT_CITATION, ant_path, iter_articles

ANT_SIZE = 10_161


def excluded_sources(paths: list[str | Path]) -> set[str]:
    """The ``source`` of every record in the given annotation files."""
    return {record.source for path in paths for record in read_jsonl(path) if record.source}


def silver_records(
    corpus: str | Path | None = None,
    limit: int | None = None,
    progress: bool = True,
    exclude: set[str] | frozenset[str] = frozenset(),
):
    """Yield one silver record per article of the corpus, skipping articles whose source is in ``exclude``."""
    articles = (a for a in iter_articles(corpus) if f"ant-v1.1:{a['id']}" not in exclude)
    articles = islice(articles, limit)
    for article in tqdm(articles, total=limit or ANT_SIZE, unit="article", disable=not progress):
        text = article["text"]
        yield Record(
            id=f"ant-{article['id']}",
            source=f"ant-v1.1:{article['id']}",
            text=text,
            quotes=find_quotes(text),
            meta={"silver": True},
        )


def sample(records: Iterable[Record], size: int, seed: int) -> list[Record]:
    """``size`` records drawn without replacement (a seeded shuffle, then the first ``size``)."""
    pool = list(records)
    random.Random(seed).shuffle(pool)
    return pool[:size]


def write_silver(
    out: str | Path,
    *,
    corpus: str | Path | None = None,
    limit: int | None = None,
    exclude: Iterable[str | Path] = (),
    with_quotes: bool = False,
    size: int | None = None,
    seed: int = 13,
    progress: bool = False,
) -> tuple[int, int]:
    """Write silver records to ``out`` (atomically) after the filters ``qawl silver`` offers; return
    ``(articles, quotes)`` written."""
    chosen: Iterable[Record] = silver_records(corpus, limit, progress, exclude=excluded_sources(list(exclude)))
    if with_quotes:
        chosen = (record for record in chosen if record.quotes)
    if size:
        chosen = sample(chosen, size, seed)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    records = quotes = 0
    with open(partial, "w", encoding="utf-8") as handle:
        for record in chosen:
            handle.write(dumps(record) + "\n")
            records += 1
            quotes += len(record.quotes)
    partial.replace(out)
    return records, quotes


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        ant_path(args.corpus)  # a missing corpus is one clear line before any work
    except FileNotFoundError as error:
        print(f"qawl silver: {error}", file=sys.stderr)
        return 2
    records, quotes = write_silver(
        args.out,
        corpus=args.corpus,
        limit=args.limit,
        exclude=args.exclude or [],
        with_quotes=args.with_quotes,
        size=args.sample,
        seed=args.seed,
        progress=not args.quiet,
    )
    elapsed = time.perf_counter() - started
    print(
        f"{records} articles, {quotes} silver quotes written to {args.out} in {elapsed:.1f} s\n"
        f"Data: ANT corpus v1.1 (Apache-2.0), {ANT_CITATION}.",
        file=sys.stderr,
    )
    return 0
