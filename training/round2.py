"""Gold data, round 2: sources for every quote, new articles aimed at the model's weak spots, agreement round 3.

    python -m qawl.training.round2 sources [--batch-size 100]   # markup batches of the current splits, sources guessed
    python -m qawl.training.round2 select --corpus PATH         # new ANT articles, pre-annotated by the shipped model
    python -m qawl.training.round2 check FILE...                # compile, texts as in the corpus, sources complete
    python -m qawl.training.round2 assemble                     # merge the batches into annotations/{train,dev,test}

Work files live in ``annotations/round2/`` (tracked, so that annotated batches are never lost): ``plan.json``
says which split each new article goes to and which articles are annotated twice (agreement round 3).
Run from the checkout's root.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from qawl.markup import render_markup
from qawl.normalize import fold
from qawl.records import KINDS, Quote, Record, Span, read_jsonl, write_jsonl
from qawl.rules import find_quotes
from qawl.segment import Sentences
from qawl.sources import assign_sources

from .corpus import iter_articles
from .gold import MAX_CHARS, MIN_CHARS, load_markup, stats

ANNOTATIONS = Path("annotations")
WORK = ANNOTATIONS / "round2"
SPLITS = ("train", "dev", "test")
#: New articles per split (quote-bearing, then negatives) — sized for the issue's targets with a margin.
PLAN = {"train": (310, 60), "dev": (48, 10), "test": (88, 17)}
AGREEMENT = 40  # new articles annotated twice, the second pass from scratch


# --- sources, guessed for pre-annotation -------------------------------------------------------------------
def guess_sources(record: Record) -> Record:
    """The record with sources guessed by the runtime's :func:`qawl.sources.assign_sources` (for annotators to
    correct), ids relettered A, B, … as annotators write them."""
    quotes = assign_sources([replace(q, source=None) for q in record.quotes])
    letters: dict[str, str] = {}
    for quote in quotes:
        if quote.source is not None:
            letters.setdefault(quote.source.id, _source_id(len(letters)))
    quotes = [q if q.source is None else replace(q, source=replace(q.source, id=letters[q.source.id])) for q in quotes]
    return replace(record, quotes=quotes)


def _source_id(number: int) -> str:
    """A, B, … Z, then A1, B1 …"""
    letter, round_ = chr(ord("A") + number % 26), number // 26
    return letter if not round_ else f"{letter}{round_}"


def _bare(quote: Quote) -> Quote:
    """A quote as pre-annotation: no scores."""

    def clean(span: Span | None) -> Span | None:
        return None if span is None else Span(span.start, span.end, span.text)

    return Quote(clean(quote.cue), clean(quote.speaker), [clean(s) for s in quote.content], quote.kind)


# --- batches -----------------------------------------------------------------------------------------------
def source_batches(batch_size: int) -> None:
    """Render the current splits as markup batches with guessed sources (``sources_NN.txt``)."""
    WORK.mkdir(parents=True, exist_ok=True)
    records = [r for split in SPLITS for r in read_jsonl(ANNOTATIONS / f"{split}.jsonl")]
    for number, start in enumerate(range(0, len(records), batch_size), 1):
        batch = [guess_sources(r) for r in records[start : start + batch_size]]
        (WORK / f"sources_{number:02d}.txt").write_text(render_markup(batch), encoding="utf-8")
    print(f"{len(records)} records in {number} batches in {WORK}", file=sys.stderr)


#: Patterns of what the shipped model gets wrong most (issue #13), counted per article to pick new ones.
PHENOMENA = {
    "colon quote": re.compile(r"\b(?:و?(?:تابع|أضاف|قال|أكد|أوضح)[تا]?)\s*:"),
    "source marker": re.compile(r"(?:وفق ما|وفقا ل|نقلا عن|بحسب|حسب ما|حسبما)"),
    "verbal-noun cue": re.compile(r"(?:في تصريح|قوله|تأكيده|تصريحات|مفادها)"),
    "implicit speaker": re.compile(r"(?:^|[.\n]\s*)(?:و)?(?:أضاف|تابع|أوضح|أكد|أشار)[تا]?\s+(?:أن|إلى أن|بأن)"),
    "interrupted quote": re.compile(r"[\"»”]\s*،\s*(?:و)?(?:قال|أضاف|يقول|تابع)\S*[^.\n]{0,60}،\s*[\"«“]"),
    "pre-verbal subject": re.compile(r"\S+\s+\S+\s+(?:قال|قالت|أكد|أكدت)\s+(?:إن|أن)"),
}


def _profile(text: str, quotes: list[Quote]) -> Counter:
    counts = Counter(quote.kind for quote in quotes)
    for name, pattern in PHENOMENA.items():
        counts[name] = len(pattern.findall(text))
    counts["multi-sentence"] = sum(1 for q in quotes for c in q.content if re.search(r"[.!?؟]\s", c.text))
    return counts


def select(corpus: str | None, seed: int) -> None:
    """Pick the new articles (none in any split or agreement file), plan their splits, pre-annotate them with the
    shipped model and guessed sources, and write markup batches (``new_NN.txt``) and ``plan.json``."""
    rng = random.Random(seed)
    taken = {r.id for path in ANNOTATIONS.rglob("*.jsonl") for r in read_jsonl(path, validate=False)}
    rich, negatives = [], []
    for article in iter_articles(corpus):
        record_id = f"ant-{article['id']}"
        if record_id in taken or not MIN_CHARS <= len(article["text"]) <= MAX_CHARS:
            continue
        quotes = find_quotes(article["text"])
        profile = _profile(article["text"], quotes)
        weak = sum(v for k, v in profile.items() if k not in ("indirect",)) + 0.5 * profile["indirect"]
        entry = (record_id, article["id"], article["text"], profile, weak + rng.random())
        (rich if quotes else negatives).append(entry)
    rich.sort(key=lambda e: -e[4])
    rng.shuffle(negatives)
    plan: dict[str, dict] = {}
    # test first, from the articles with the most direct and mixed quotes; then dev and train by weakness
    by_marks = sorted(rich[:1200], key=lambda e: -(e[3]["direct"] * 2 + e[3]["mixed"] * 2 + e[3]["colon quote"]))
    chosen: set[str] = set()
    for split in ("test", "dev", "train"):
        pool = by_marks if split == "test" else rich
        wanted, negative_count = PLAN[split]
        picked = [e for e in pool if e[0] not in chosen][:wanted]
        chosen.update(e[0] for e in picked)
        negs = [e for e in negatives if e[0] not in chosen][:negative_count]
        chosen.update(e[0] for e in negs)
        for entry in picked + negs:
            plan[entry[0]] = {"split": split, "profile": dict(entry[3]), "agreement": False}
    agreement = rng.sample(sorted(i for i, p in plan.items() if p["split"] == "train" and p["profile"]), AGREEMENT)
    for record_id in agreement:
        plan[record_id]["agreement"] = True
    texts = {e[0]: (e[1], e[2]) for e in rich + negatives if e[0] in plan}
    _write_batches(plan, texts)


def _write_batches(plan: dict[str, dict], texts: dict[str, tuple[str, str]], batch_size: int = 40) -> None:
    from qawl.tagger import QuoteTagger

    tagger = QuoteTagger.from_pretrained(device="cpu")
    ids = sorted(plan, key=lambda i: (SPLITS.index(plan[i]["split"]), i))
    found = tagger.predict([texts[i][1] for i in ids], batch_size=32, progress=True)
    records = [
        guess_sources(Record(i, texts[i][1], [_bare(q) for q in quotes], source=f"ant-v1.1:{texts[i][0]}"))
        for i, quotes in zip(ids, found)
    ]
    WORK.mkdir(parents=True, exist_ok=True)
    for number, start in enumerate(range(0, len(records), batch_size), 1):
        (WORK / f"new_{number:02d}.txt").write_text(render_markup(records[start : start + batch_size]), "utf-8")
    blank = [Record(r.id, r.text, [], source=r.source) for r in records if plan[r.id]["agreement"]]
    (WORK / "agreement_B.txt").write_text(render_markup(blank), encoding="utf-8")
    (WORK / "plan.json").write_text(json.dumps(plan, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(records)} new articles in {number} batches; {len(blank)} for agreement", file=sys.stderr)


# --- checking and assembling -------------------------------------------------------------------------------
def _expected_texts(corpus: str | None) -> dict[str, str]:
    texts = {r.id: r.text for split in SPLITS for r in read_jsonl(ANNOTATIONS / f"{split}.jsonl")}
    plan_path = WORK / "plan.json"
    if plan_path.exists():
        plan = json.loads(plan_path.read_text(encoding="utf-8"))
        texts.update({f"ant-{a['id']}": a["text"] for a in iter_articles(corpus) if f"ant-{a['id']}" in plan})
    return texts


def load(paths: list[Path], corpus: str | None = None) -> tuple[list[Record], list[str]]:
    """Compile batches (:func:`qawl.training.gold.load_markup`: every text must be its article's, in the splits or
    the plan); every quote with a speaker must also have a source."""
    records, problems = load_markup(paths, _expected_texts(corpus))
    for record in records:
        for number, quote in enumerate(record.quotes, 1):
            if quote.speaker is not None and quote.source is None:
                problems.append(f"record {record.id}: quote {number} has a speaker but no source")
    return records, problems


def check(paths: list[str], corpus: str | None) -> int:
    records, problems = load([Path(p) for p in paths], corpus)
    for problem in problems:
        print(problem)
    quotes = sum(len(r.quotes) for r in records)
    print(f"{len(records)} records, {quotes} quotes, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def assemble(corpus: str | None) -> int:
    """Merge the annotated batches into the splits: sources batches replace records by id, new batches add theirs
    to the split ``plan.json`` gives them (for agreement articles, ``agreement.final.txt`` wins)."""
    plan = json.loads((WORK / "plan.json").read_text(encoding="utf-8")) if (WORK / "plan.json").exists() else {}
    done, problems = load(sorted(WORK.glob("sources_*.txt")) + sorted(WORK.glob("new_*.txt")), corpus)
    final = WORK / "agreement.final.txt"
    if final.exists():
        adjudicated, more = load([final], corpus)
        problems += more
        done += adjudicated  # later wins
    if problems:
        print("\n".join(problems))
        return 1
    by_id = {r.id: r for r in done}
    for split in SPLITS:
        path = ANNOTATIONS / f"{split}.jsonl"
        old = read_jsonl(path)
        merged = [by_id.get(r.id, r) for r in old]
        old_ids = {r.id for r in old}
        merged += [r for i, r in by_id.items() if plan.get(i, {}).get("split") == split and i not in old_ids]
        write_jsonl(sorted(merged, key=lambda r: r.id), path)
    stats([ANNOTATIONS / f"{split}.jsonl" for split in SPLITS])
    return 0


#: Verbal nouns and nouns of saying that serve as cues (guidelines §8.2).
VERBAL_NOUNS = frozenset(
    fold(w) for w in ("تصريح", "تصريحه", "تصريحها", "تصريحات", "قوله", "قولها", "تأكيد", "تأكيده", "مفادها", "إعلان")
)


def phenomena(record: Record) -> Counter:
    """What each gold quote of a record exhibits, among the phenomena round 2 over-represents."""
    counts: Counter = Counter()
    segments = Sentences(record.text)
    for quote in record.quotes:
        counts[quote.kind] += 1
        first = quote.content[0]
        before = record.text[max(0, first.start - 3) : first.start]
        counts["colon quote"] += ":" in before and quote.cue is not None
        counts["colon headline"] += quote.cue is None and ":" in before
        counts["over several sentences"] += any(
            segments.index(span.start) != segments.index(span.end - 1) for span in quote.content
        )
        counts["interrupted by its attribution"] += len(quote.content) > 1
        if quote.cue is not None:
            words = [fold(w) for w in quote.cue.text.split()]
            counts["source marker"] += len(words) > 1 or words[0] in {"بحسب", "حسب", "وفق", "وفقا", "نقلا"}
            counts["verbal-noun cue"] += bool(set(words) & VERBAL_NOUNS)
        if quote.speaker is not None:
            counts["speaker of 4+ words"] += len(quote.speaker.text.split()) >= 4
            counts["implicit speaker (another sentence)"] += segments.index(quote.speaker.start) != segments.index(
                first.start
            ) and (quote.cue is None or segments.index(quote.speaker.start) != segments.index(quote.cue.start))
            if quote.cue is not None:
                one_sentence = segments.index(quote.speaker.start) == segments.index(quote.cue.start)
                counts["speaker before its cue (one sentence)"] += quote.speaker.end <= quote.cue.start and one_sentence
    return counts


def phenomena_table() -> str:
    """Markdown: the phenomena per split of the gold files."""
    rows = {split: Counter() for split in SPLITS}
    for split in SPLITS:
        for record in read_jsonl(ANNOTATIONS / f"{split}.jsonl"):
            rows[split] += phenomena(record)
    names = sorted({name for row in rows.values() for name in row}, key=lambda n: (n not in KINDS, n))
    lines = ["| phenomenon | " + " | ".join(SPLITS) + " |", "|---|" + "---|" * len(SPLITS)]
    lines += [f"| {name} | " + " | ".join(str(rows[s][name]) for s in SPLITS) + " |" for name in names]
    return "\n".join(lines) + "\n"


def agreement_files(out: Path) -> tuple[Path, Path]:
    """The agreement articles as two JSONL files, pass A (the corrected batches) and pass B (from scratch), for
    ``python -m qawl.training.gold agreement``."""
    plan = json.loads((WORK / "plan.json").read_text(encoding="utf-8"))
    wanted = {i for i, p in plan.items() if p["agreement"]}
    first, problems = load(sorted(WORK.glob("new_*.txt")))
    second, more = load([WORK / "agreement_B.txt"])
    if problems or more:
        raise SystemExit("\n".join(problems + more))
    out.mkdir(parents=True, exist_ok=True)
    paths = out / "round3.A.jsonl", out / "round3.B.jsonl"
    write_jsonl(sorted((r for r in first if r.id in wanted), key=lambda r: r.id), paths[0])
    write_jsonl(sorted((r for r in second if r.id in wanted), key=lambda r: r.id), paths[1])
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qawl.training.round2", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("sources", help="markup batches of the current splits with guessed sources")
    p.add_argument("--batch-size", type=int, default=100, help="records per batch (default 100)")
    p = commands.add_parser("select", help="pick and pre-annotate the new articles")
    p.add_argument("--corpus", help="ANT articles.jsonl.gz (default: $QAWL_ANT_CORPUS)")
    p.add_argument("--seed", type=int, default=23, help="random seed of the selection (default 23)")
    p = commands.add_parser("check", help="compile batches and check texts and sources")
    p.add_argument("files", nargs="+", help="markup batch files")
    p.add_argument("--corpus", help="ANT articles.jsonl.gz (default: $QAWL_ANT_CORPUS)")
    commands.add_parser("phenomena", help="the phenomena of round 2's selection, per split of the gold files")
    p = commands.add_parser("agreement", help="write the two passes of agreement round 3 and score them")
    p.add_argument("--out", type=Path, default=ANNOTATIONS / "agreement", help="where round3.{A,B}.jsonl go")
    p = commands.add_parser("assemble", help="merge the batches into annotations/{train,dev,test}.jsonl")
    p.add_argument("--corpus", help="ANT articles.jsonl.gz (default: $QAWL_ANT_CORPUS)")
    args = parser.parse_args(argv)
    if args.command == "sources":
        source_batches(args.batch_size)
    elif args.command == "select":
        select(args.corpus, args.seed)
    elif args.command == "check":
        return check(args.files, args.corpus)
    elif args.command == "phenomena":
        print(phenomena_table())
    elif args.command == "agreement":
        from .gold import agreement

        first, second = agreement_files(args.out)
        agreement(str(first), str(second))
    else:
        return assemble(args.corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
