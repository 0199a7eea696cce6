"""Building the gold annotations: select ANT articles, check annotated batches, assemble splits, statistics.

    python -m qawl.training.gold select --work annotations/work      # articles + rule pre-annotation, in batches
    python -m qawl.training.gold check FILE...                       # compile markup, texts identical to the corpus
    python -m qawl.training.gold assemble --work annotations/work    # annotations/{train,dev,test}.jsonl
    python -m qawl.training.gold stats                               # counts per split, role and kind; top cues
    python -m qawl.training.gold agreement A.jsonl B.jsonl           # span F1 per role between two passes

Records are whole articles, ``id`` ``ant-<DOCNO>``, ``source`` ``ant-v1.1:<DOCNO>``, text untouched.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from qawl.markup import MarkupError, parse_markup, render_markup
from qawl.records import Record, read_jsonl, write_jsonl
from qawl.rules import find_quotes

from .corpus import iter_articles
from .spans import span_scores

ANNOTATIONS = Path("annotations")  # run from the checkout root, or pass --out/--work
QUOTAS = {
    "localNews": 136,
    "internationalNews": 72,
    "politic": 56,
    "society": 50,
    "sport": 44,
    "economy": 38,
    "diverse": 34,
    "culture": 26,
    "technology": 24,
}
NEGATIVE_SHARE = 0.18
MIN_CHARS, MAX_CHARS = 150, 2500


def _article_record(article: dict, quotes=()) -> Record:
    return Record(
        id=f"ant-{article['id']}", source=f"ant-v1.1:{article['id']}", text=article["text"], quotes=list(quotes)
    )


def select(work: Path, batches: int, agreement: int, seed: int, corpus: str | None) -> None:
    """Pick articles per category (quote-rich ones and negatives), pre-annotate them, write batches."""
    rng = random.Random(seed)
    pools: dict[str, dict[str, list]] = {cat: {"rich": [], "one": [], "none": []} for cat in QUOTAS}
    for article in iter_articles(corpus):
        if article.get("category") not in QUOTAS or not MIN_CHARS <= len(article["text"]) <= MAX_CHARS:
            continue
        quotes = find_quotes(article["text"])
        pool = "rich" if len(quotes) >= 2 else "one" if quotes else "none"
        pools[article["category"]][pool].append(_article_record(article, quotes))
    chosen: list[Record] = []
    for category, quota in QUOTAS.items():
        negatives = round(quota * NEGATIVE_SHARE)
        rich = min(len(pools[category]["rich"]), round((quota - negatives) * 0.9))
        picks = rng.sample(pools[category]["rich"], rich)
        picks += rng.sample(pools[category]["one"], quota - negatives - rich)
        picks += rng.sample(pools[category]["none"], negatives)
        chosen += picks
    rng.shuffle(chosen)
    work.mkdir(parents=True, exist_ok=True)
    with_quotes = [r for r in chosen if r.quotes]
    agreement_ids = {r.id for r in rng.sample(with_quotes, agreement - agreement // 10)}
    agreement_ids |= {r.id for r in rng.sample([r for r in chosen if not r.quotes], agreement // 10)}
    selection = []
    for number in range(batches):
        batch = chosen[number::batches]
        (work / f"batch_{number + 1:02d}.pre.txt").write_text(render_markup(batch), encoding="utf-8")
        selection += [{"id": r.id, "batch": number + 1, "agreement": r.id in agreement_ids} for r in batch]
    raw = [Record(r.id, r.text, [], r.source) for r in chosen if r.id in agreement_ids]
    (work / "agreement.raw.txt").write_text(render_markup(raw), encoding="utf-8")
    (work / "selection.json").write_text(json.dumps(selection, indent=1), encoding="utf-8")
    quotes = sum(len(r.quotes) for r in chosen)
    print(f"{len(chosen)} articles in {batches} batches, {quotes} rule quotes; {len(raw)} agreement articles")


def load_markup(paths: list[str | Path], expected: Mapping[str, str] | None = None) -> tuple[list[Record], list[str]]:
    """Compile markup files and check each text is the text of its id — in ``expected`` (id → text), by default
    the ANT corpus; return the records and the problems (an unreadable file is a problem too)."""
    corpus = {f"ant-{a['id']}": a["text"] for a in iter_articles()} if expected is None else expected
    records, problems = [], []
    for path in paths:
        try:
            batch = parse_markup(Path(path).read_text(encoding="utf-8"), file=str(path))
        except MarkupError as error:
            problems += error.problems
            continue
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{path}: cannot read the file: {error}")
            continue
        for record in batch:
            text = corpus.get(record.id)
            if text is None:
                problems.append(f"{path}: record {record.id}: not an ANT article id")
            elif record.text != text:
                at = next((i for i, (a, b) in enumerate(zip(record.text, text)) if a != b), None)
                at = min(len(record.text), len(text)) if at is None else at
                problems.append(
                    f"{path}: record {record.id}: text differs from the corpus at character {at}: "
                    f"{record.text[max(0, at - 15) : at + 15]!r} vs {text[max(0, at - 15) : at + 15]!r}"
                )
            records.append(record)
    return records, problems


def check(paths: list[str]) -> int:
    records, problems = load_markup(paths)
    for problem in problems:
        print(problem)
    quotes = sum(len(r.quotes) for r in records)
    print(f"{len(records)} records, {quotes} quotes, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def seed_record() -> Record:
    """The seed article's gold record (kept in the test split)."""
    return next(r for r in read_jsonl(ANNOTATIONS / "test.jsonl") if r.id.startswith("seed-"))


def assemble(work: Path, out: Path, seed: int) -> None:
    """Split the annotated batches by article into train/dev/test; the agreement articles and the seed go to test."""
    selection = json.loads((work / "selection.json").read_text(encoding="utf-8"))
    agreement = {item["id"] for item in selection if item["agreement"]}
    batch_records, problems = load_markup(sorted(work.glob("batch_[0-9][0-9].txt")))
    adjudicated, more = load_markup([work / "agreement.final.txt"])
    if problems or more:
        raise SystemExit("\n".join(problems + more))
    by_id = {r.id: r for r in batch_records}
    by_id.update({r.id: r for r in adjudicated})  # the adjudicated version of an agreement article wins
    test = [by_id[i] for i in sorted(agreement) if i in by_id]
    rest = sorted((r for i, r in by_id.items() if i not in agreement), key=lambda r: r.id)
    random.Random(seed).shuffle(rest)
    dev: list[Record] = []
    _fill(dev, rest, min_quotes=120)
    _fill(test, rest, min_quotes=180)
    splits = {"train": rest, "dev": dev, "test": [seed_record(), *test]}
    out.mkdir(parents=True, exist_ok=True)
    for name, split in splits.items():
        write_jsonl(sorted(split, key=lambda r: r.id), out / f"{name}.jsonl")
    stats([out / f"{name}.jsonl" for name in splits])


def _fill(split: list[Record], rest: list[Record], min_quotes: int) -> None:
    """Move records from the end of ``rest`` into ``split`` until it holds ``min_quotes`` quotes and at least
    :data:`NEGATIVE_SHARE` of records without quotes."""

    def needs_negative() -> bool:
        return sum(1 for r in split if not r.quotes) < NEGATIVE_SHARE * (len(split) + 1)

    while sum(len(r.quotes) for r in split) < min_quotes or needs_negative():
        wanted = needs_negative()
        index = next((i for i in range(len(rest) - 1, -1, -1) if (not rest[i].quotes) == wanted), len(rest) - 1)
        split.append(rest.pop(index))


def stats(paths: list[Path]) -> None:
    """Print counts per split, role and kind, the negatives' share and the 30 most frequent cues."""
    cues: Counter[str] = Counter()
    total_quotes = 0
    print("| split | records | negatives | quotes | direct | indirect | mixed | cue | speaker | shared speakers |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for path in paths:
        records = read_jsonl(path)
        kinds = Counter(q.kind for r in records for q in r.quotes)
        quotes = sum(kinds.values())
        total_quotes += quotes
        negatives = sum(1 for r in records if not r.quotes)
        with_cue = sum(1 for r in records for q in r.quotes if q.cue)
        with_speaker = sum(1 for r in records for q in r.quotes if q.speaker)
        shared = sum(
            sum(n - 1 for n in Counter((q.speaker.start, q.speaker.end) for q in r.quotes if q.speaker).values())
            for r in records
        )
        cues.update(q.cue.text for r in records for q in r.quotes if q.cue)
        print(
            f"| {Path(path).stem} | {len(records)} | {negatives} ({negatives / max(1, len(records)):.0%}) | {quotes} "
            f"| {kinds['direct']} | {kinds['indirect']} | {kinds['mixed']} | {with_cue} | {with_speaker} | {shared} |"
        )
    top = "، ".join(f"{cue} ({count})" for cue, count in cues.most_common(30))
    print(f"\n{total_quotes} quotes in all.\n\nThe 30 most frequent cues: {top}")


def agreement(first: str, second: str) -> dict:
    """Exact and overlap span F1 per role between two annotation passes of the same articles."""
    a = {r.id: r for r in read_jsonl(first)}
    b = {r.id: r for r in read_jsonl(second)}
    ids = sorted(set(a) & set(b))
    scores = span_scores([a[i] for i in ids], [b[i] for i in ids])
    print(f"{len(ids)} articles; quotes: {sum(len(a[i].quotes) for i in ids)} vs {sum(len(b[i].quotes) for i in ids)}")
    print("| role | exact F1 | overlap F1 | spans (pass 1) |")
    print("|---|---|---|---|")
    for role, score in scores.items():
        print(f"| {role} | {score['exact'].f1:.3f} | {score['overlap'].f1:.3f} | {score['exact'].support} |")
    out: dict = {role: {k: v.as_dict() for k, v in s.items()} for role, s in scores.items()}
    if any(q.source for i in ids for q in a[i].quotes):
        from .evaluation import evaluate_records

        grouping = evaluate_records([a[i] for i in ids], [b[i] for i in ids])["sources"]["grouping"]
        print(
            f"\nsource grouping pairwise F1 (pass 2 against pass 1): {grouping['f1']:.3f} ({grouping['support']} pairs)"
        )
        out["source_grouping"] = grouping
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qawl.training.gold", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("select")
    p.add_argument("--work", type=Path, default=ANNOTATIONS / "work")
    p.add_argument("--batches", type=int, default=7)
    p.add_argument("--agreement", type=int, default=50)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--corpus")
    p = commands.add_parser("check")
    p.add_argument("files", nargs="+")
    p = commands.add_parser("assemble")
    p.add_argument("--work", type=Path, default=ANNOTATIONS / "work")
    p.add_argument("--out", type=Path, default=ANNOTATIONS)
    p.add_argument("--seed", type=int, default=13)
    p = commands.add_parser("stats")
    p.add_argument("files", nargs="*", type=Path)
    p = commands.add_parser("agreement")
    p.add_argument("first")
    p.add_argument("second")
    args = parser.parse_args(argv)
    if args.command == "select":
        select(args.work, args.batches, args.agreement, args.seed, args.corpus)
    elif args.command == "check":
        return check(args.files)
    elif args.command == "assemble":
        assemble(args.work, args.out, args.seed)
    elif args.command == "stats":
        stats(args.files or [ANNOTATIONS / f"{name}.jsonl" for name in ("train", "dev", "test")])
    else:
        agreement(args.first, args.second)
    return 0


if __name__ == "__main__":
    sys.exit(main())
