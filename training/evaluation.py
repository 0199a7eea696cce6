"""Evaluation against held-out gold annotations.

    qawl evaluate --data annotations/test.jsonl (--model PATH_OR_ID | --rules | --predictions FILE) [--out DIR]

Runs the public prediction path on the gold texts (or reads predictions in the record contract) and reports

* **tokens** — seqeval, ``mode="strict"``, ``scheme=IOB2``, per role and micro, over the words' IOB2 labels;
* **spans** — per role, exact-match and proportional-overlap P/R/F1 on character spans (BBC Citron's overlap:
  the covered share of each predicted span for precision, of each gold span for recall);
* **quotes** — a gold quote is found when a predicted quote covers at least half of its content
  characters (one-to-one, best coverage first); P/R/F1 overall and per kind;
* **attribution accuracy** — of the gold quotes with a speaker, the share whose matched prediction names
  the same source: overlapping speaker spans, or the same name after Arabic normalisation (ميلر / ماثيو ميلر);
* **sources** (gold quotes with a ``source``) — *source accuracy*: the matched prediction's source name overlaps
  a mention (a speaker span or the name) of the same gold source; *source name exact*: it is the gold name
  span; *source grouping*: pairwise P/R/F1 over the pairs of matched quotes of a document (same gold source vs
  same predicted source);
* an **error listing** — the surest false positives and the misses, with context.

Zero-division convention (as seqeval and scikit-learn): a precision with no predictions, a recall with no
gold, and their F1 are 0. :func:`evaluate` is the one entry point (a predictor and gold records → metrics);
``qawl evaluate``, the training run's checkpoint choice, the default-model build and the benchmarks all use it,
and :func:`headline_table` writes their tables.
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from qawl.labels import ROLE_TAGS
from qawl.normalize import fold, strip_clitic
from qawl.records import KINDS, ROLES, Quote, Record, Span, read_jsonl
from qawl.validate import InvalidRecords
from qawl.words import word_spans
from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from .labels import role_spans, word_labels
from .spans import PRF, prf, span_scores

COVERAGE = 0.5


# --- tokens (seqeval) -------------------------------------------------------------------------------------
def seqeval_scores(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict[str, PRF]:
    """Strict IOB2 P/R/F1 per role (``cue``, ``speaker``, ``content``) and ``micro``, from label sequences."""
    report = classification_report(
        [list(s) for s in gold],
        [list(s) for s in predicted],
        mode="strict",
        scheme=IOB2,
        output_dict=True,
        zero_division=0,
    )
    out = {}
    for role, tag in ROLE_TAGS.items():
        row = report.get(tag, {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0})
        out[role] = PRF(float(row["precision"]), float(row["recall"]), float(row["f1-score"]), int(row["support"]))
    micro = report["micro avg"]
    out["micro"] = PRF(
        float(micro["precision"]), float(micro["recall"]), float(micro["f1-score"]), int(micro["support"])
    )
    return out


def record_word_labels(record: Record) -> list[str]:
    """IOB2 labels of a record's words (the unit the tagger predicts)."""
    return word_labels(word_spans(record.text), role_spans(record.quotes))


# --- quotes -----------------------------------------------------------------------------------------------
def _chars(quote: Quote) -> set[int]:
    return {i for span in quote.content for i in range(span.start, span.end)}


def match_quotes(gold: Sequence[Quote], predicted: Sequence[Quote]) -> list[tuple[int, int, float]]:
    """One-to-one ``(gold index, predicted index, coverage)`` pairs with coverage ≥ 0.5, best first."""
    gold_chars = [_chars(q) for q in gold]
    pred_chars = [_chars(q) for q in predicted]
    candidates = []
    for g, gc in enumerate(gold_chars):
        for p, pc in enumerate(pred_chars):
            coverage = len(gc & pc) / len(gc) if gc else 0.0
            if coverage >= COVERAGE:
                candidates.append((coverage, g, p))
    pairs, used_gold, used_pred = [], set(), set()
    for coverage, g, p in sorted(candidates, reverse=True):
        if g not in used_gold and p not in used_pred:
            pairs.append((g, p, coverage))
            used_gold.add(g)
            used_pred.add(p)
    return pairs


def _name(text: str) -> list[str]:
    """The words of a speaker's name, folded and without a leading ل/و/ب (لميلر and ميلر are one name)."""
    words = [fold(w) for w in text.split()]
    words = [strip_clitic(w, "لوب") or w for w in words]
    return [w for w in words if w.strip('"«»“”()،,.')]


def same_source(gold: Quote, predicted: Quote) -> bool:
    """Overlapping speaker spans, or one name contained in the other after normalisation."""
    g, p = gold.speaker, predicted.speaker
    if g is None or p is None:
        return False
    if g.start < p.end and p.start < g.end:
        return True
    gw, pw = set(_name(g.text)), set(_name(p.text))
    return bool(gw and pw) and (gw <= pw or pw <= gw)


@dataclass
class QuoteTally:
    gold: int = 0
    predicted: int = 0
    found: int = 0
    correct: int = 0

    def scores(self) -> PRF:
        precision = self.correct / self.predicted if self.predicted else 0.0
        recall = self.found / self.gold if self.gold else 0.0
        return prf(precision, recall, self.gold)


# --- sources ----------------------------------------------------------------------------------------------
def _mentions(quotes: Sequence[Quote], source_id: str) -> list[Span]:
    """Every mention of a gold source in its document: the speaker spans of its quotes and its name."""
    spans = []
    for quote in quotes:
        if quote.source is not None and quote.source.id == source_id:
            spans.append(quote.source.name)
            if quote.speaker is not None:
                spans.append(quote.speaker)
    return spans


@dataclass
class SourceTally:
    """The three source figures, accumulated document by document (see :meth:`scores`)."""

    gold: int = 0  # gold quotes with a source
    right: int = 0  # ... whose matched prediction's source name overlaps a mention of the same gold source
    exact: int = 0  # ... whose matched prediction's source name is the gold name span
    pairs_gold: int = 0  # pairs of matched quotes (both with a gold source) of one gold source
    pairs_predicted: int = 0  # ... given one source by the prediction
    pairs_both: int = 0

    def add(self, gold: Sequence[Quote], predicted: Sequence[Quote], matched: Sequence[tuple[int, int]]) -> None:
        """One document: its gold and predicted quotes and the matched ``(gold, predicted)`` index pairs."""
        partner = dict(matched)
        for index, quote in enumerate(gold):
            if quote.source is None:
                continue
            self.gold += 1
            guess = predicted[partner[index]].source if index in partner else None
            if guess is not None:
                self.right += any(guess.name.overlaps(m) for m in _mentions(gold, quote.source.id))
                self.exact += guess.name.bounds == quote.source.name.bounds
        with_source = [(g, p) for g, p in matched if gold[g].source is not None]
        for (g1, p1), (g2, p2) in combinations(with_source, 2):
            same_gold = gold[g1].source.id == gold[g2].source.id
            s1, s2 = predicted[p1].source, predicted[p2].source
            same_predicted = s1 is not None and s2 is not None and s1.id == s2.id
            self.pairs_gold += same_gold
            self.pairs_predicted += same_predicted
            self.pairs_both += same_gold and same_predicted

    def scores(self) -> dict[str, Any]:
        """``accuracy`` and ``name_exact`` over the gold quotes with a source; ``grouping``: pairwise P/R/F1."""
        grouping = prf(
            self.pairs_both / self.pairs_predicted if self.pairs_predicted else 0.0,
            self.pairs_both / self.pairs_gold if self.pairs_gold else 0.0,
            self.pairs_gold,
        )
        return {
            "accuracy": self.right / self.gold if self.gold else 0.0,
            "name_exact": self.exact / self.gold if self.gold else 0.0,
            "grouping": grouping.as_dict(),
            "total": self.gold,
        }


# --- the whole evaluation ---------------------------------------------------------------------------------
def evaluate_records(gold: Sequence[Record], predicted: Sequence[Record]) -> dict[str, Any]:
    """All metrics for predictions paired with gold records (same order, same texts)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold records but {len(predicted)} predictions")
    for g, p in zip(gold, predicted):
        if g.text != p.text:
            raise ValueError(f"record {g.id}: the prediction's text differs from the gold text")
    tokens = seqeval_scores([record_word_labels(g) for g in gold], [record_word_labels(p) for p in predicted])
    spans = span_scores(list(gold), list(predicted))
    tallies = {kind: QuoteTally() for kind in ("all", *KINDS)}
    attributed = attributed_ok = 0
    sources = SourceTally()
    errors: dict[str, list] = {"false_positives": [], "misses": [], "wrong_speaker": []}
    for g_record, p_record in zip(gold, predicted):
        pairs = match_quotes(g_record.quotes, p_record.quotes)
        sources.add(g_record.quotes, p_record.quotes, [(g, p) for g, p, _ in pairs])
        matched_gold = {g: p for g, p, _ in pairs}
        matched_pred = {p for _, p, _ in pairs}
        for index, quote in enumerate(g_record.quotes):
            for kind in ("all", quote.kind):
                tallies[kind].gold += 1
                tallies[kind].found += index in matched_gold
            if quote.speaker is not None:
                attributed += 1
                partner = p_record.quotes[matched_gold[index]] if index in matched_gold else None
                if partner is not None and same_source(quote, partner):
                    attributed_ok += 1
                elif partner is not None:
                    errors["wrong_speaker"].append((g_record, quote, partner))
            if index not in matched_gold:
                errors["misses"].append((g_record, quote, None))
        for index, quote in enumerate(p_record.quotes):
            for kind in ("all", quote.kind):
                tallies[kind].predicted += 1
                tallies[kind].correct += index in matched_pred
            if index not in matched_pred:
                errors["false_positives"].append((p_record, quote, None))
    return {
        "documents": len(gold),
        "tokens": {role: score.as_dict() for role, score in tokens.items()},
        "spans": {role: {k: v.as_dict() for k, v in s.items()} for role, s in spans.items()},
        "quotes": {kind: tally.scores().as_dict() for kind, tally in tallies.items()},
        "attribution": {
            "accuracy": attributed_ok / attributed if attributed else 0.0,
            "correct": attributed_ok,
            "total": attributed,
        },
        "sources": sources.scores(),
        "_errors": errors,
    }


def _context(record: Record, quote: Quote, width: int = 60) -> str:
    spans = [s for _, s in quote.spans()]
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    left = record.text[max(0, start - width) : start]
    right = record.text[end : end + width]
    core = record.text[start:end]
    return " ".join(f"…{left}⟦{core}⟧{right}…".split())


def error_listing(errors: dict[str, list], limit: int = 15) -> str:
    """Markdown: the surest false positives, the misses and the wrong speakers, with context."""
    out = []
    fps = sorted(errors["false_positives"], key=lambda e: -(e[1].score or 0.0))[:limit]
    out.append(f"### False positives (surest first, {len(errors['false_positives'])} in all)\n")
    out += [f"- `{r.id}` score {q.score if q.score is not None else '–'}: {_context(r, q)}" for r, q, _ in fps]
    out.append(f"\n### Misses ({len(errors['misses'])} in all)\n")
    out += [f"- `{r.id}` ({q.kind}): {_context(r, q)}" for r, q, _ in errors["misses"][:limit]]
    out.append(f"\n### Wrong speaker ({len(errors['wrong_speaker'])} in all)\n")
    out += [
        f"- `{r.id}`: gold `{g.speaker.text}`, predicted `{p.speaker.text if p.speaker else None}`"
        for r, g, p in errors["wrong_speaker"][:limit]
    ]
    return "\n".join(out) + "\n"


def _row(name: str, score: dict) -> str:
    return f"| {name} | {score['precision']:.3f} | {score['recall']:.3f} | {score['f1']:.3f} | {score['support']} |"


def markdown_table(metrics: dict[str, Any]) -> str:
    """The headline tables of a report."""
    head = "| | P | R | F1 | support |\n|---|---|---|---|---|"
    lines = [
        f"**{metrics.get('predictor', 'predictions')}** on `{metrics.get('data', '?')}` "
        f"({metrics['documents']} documents)\n",
        "Tokens (seqeval strict IOB2):\n",
        head,
    ]
    lines += [_row(role, metrics["tokens"][role]) for role in (*ROLES, "micro")]
    lines += ["\nCharacter spans, exact / proportional overlap:\n", head]
    for role in ROLES:
        lines.append(_row(f"{role} exact", metrics["spans"][role]["exact"]))
        lines.append(_row(f"{role} overlap", metrics["spans"][role]["overlap"]))
    lines += ["\nQuotes (found when ≥ 50% of the gold content is covered):\n", head]
    lines += [_row(kind, metrics["quotes"][kind]) for kind in ("all", *KINDS)]
    a = metrics["attribution"]
    lines.append(
        f"\nAttribution accuracy: **{a['accuracy']:.3f}** ({a['correct']} of {a['total']} gold quotes with a speaker)\n"
    )
    s = metrics.get("sources")
    if s is not None:
        g = s["grouping"]
        lines.append(
            f"Sources ({s['total']} gold quotes with a source): source accuracy **{s['accuracy']:.3f}**, source name "
            f"exact **{s['name_exact']:.3f}**, source grouping pairwise P/R/F1 {g['precision']:.3f} / {g['recall']:.3f}"
            f" / **{g['f1']:.3f}** ({g['support']} same-source pairs)\n"
        )
    return "\n".join(lines)


def headline(metrics: dict[str, Any]) -> dict[str, float]:
    """The five figures the model card tracks."""
    return {
        "content_overlap_f1": metrics["spans"]["content"]["overlap"]["f1"],
        "cue_exact_f1": metrics["spans"]["cue"]["exact"]["f1"],
        "speaker_exact_f1": metrics["spans"]["speaker"]["exact"]["f1"],
        "quote_f1": metrics["quotes"]["all"]["f1"],
        "attribution_accuracy": metrics["attribution"]["accuracy"],
    }


#: Column titles of the headline figures, in :func:`headline`'s order.
HEADLINE_TITLES = ("content overlap F1", "cue exact F1", "speaker exact F1", "quote F1", "attribution")


def headline_table(rows: Mapping[str, Mapping[str, float]], first: str = "predictor") -> str:
    """The one table of headline figures (model card, default-model build, training run, benchmarks): a row per
    entry of ``rows`` (its name → :func:`headline` figures), three decimals.

    Example::

        >>> print(headline_table({"rules · dev": dict.fromkeys(HEADLINE_KEYS, 0.5)}), end="")
        | predictor | content overlap F1 | cue exact F1 | speaker exact F1 | quote F1 | attribution |
        |---|---|---|---|---|---|
        | rules · dev | 0.500 | 0.500 | 0.500 | 0.500 | 0.500 |
    """
    leading = first.count("|") + 1  # ``first`` may name several leading columns: "predictor | data"
    lines = [f"| {first} | {' | '.join(HEADLINE_TITLES)} |", "|" + "---|" * (leading + len(HEADLINE_TITLES))]
    for name, figures in rows.items():
        lines.append(f"| {name} | " + " | ".join(f"{figures[key]:.3f}" for key in HEADLINE_KEYS) + " |")
    return "\n".join(lines) + "\n"


HEADLINE_KEYS = ("content_overlap_f1", "cue_exact_f1", "speaker_exact_f1", "quote_f1", "attribution_accuracy")


def as_predictions(gold: Sequence[Record], found: Sequence[Sequence[Quote]]) -> list[Record]:
    """Predicted quotes of each gold text as records with the gold ids, texts and sources."""
    return [Record(r.id, r.text, list(q), source=r.source) for r, q in zip(gold, found)]


Predictor = Callable[[list[str]], Sequence[Sequence[Quote]]]


def evaluate(gold: Sequence[Record], predict: Predictor) -> dict[str, Any]:
    """The one evaluation entry point: run ``predict`` (texts → quotes of each, e.g. ``QuoteTagger.predict``
    or ``qawl.rules.predict``) on the gold texts and score it. The metrics of :func:`evaluate_records`, with
    ``headline`` added and the error lists under ``_errors``.

    Example::

        >>> from qawl.rules import predict
        >>> metrics = evaluate(read_jsonl("annotations/dev.jsonl"), predict)  # doctest: +SKIP
        >>> round(metrics["headline"]["quote_f1"], 3)  # doctest: +SKIP
        0.89
    """
    metrics = evaluate_records(gold, as_predictions(gold, predict([record.text for record in gold])))
    metrics["headline"] = headline(metrics)
    return metrics


def read_predictions(gold: Sequence[Record], path: str) -> list[Record]:
    """The predictions of a JSONL file for each gold record, by id, in the gold's order."""
    predicted = {r.id: r for r in read_jsonl(path)}
    missing = [r.id for r in gold if r.id not in predicted]
    if missing:
        raise ValueError(f"{path}: no prediction for {len(missing)} gold ids, e.g. {missing[:3]}")
    return [predicted[r.id] for r in gold]


def chosen_predictor(args: argparse.Namespace) -> tuple[Predictor, str]:
    """The predictor ``qawl evaluate`` was asked for (``--rules`` or ``--model``), and its name."""
    if args.rules:
        from qawl.rules import predict as rule_predict

        return rule_predict, "rule baseline (qawl.rules)"
    from qawl.tagger import QuoteTagger

    tagger = QuoteTagger.from_pretrained(args.model, device=args.device, combine=args.combine)
    name = f"model {args.model or 'default'} (combination: {tagger.combine})"
    return functools.partial(tagger.predict, batch_size=args.batch_size), name


def run(args: argparse.Namespace) -> int:
    try:
        gold = [record for path in args.data for record in read_jsonl(path)]
        if args.ids:
            gold = [record for record in gold if fnmatch.fnmatchcase(record.id, args.ids)]
            if not gold:
                print(f"qawl evaluate: no record id matches {args.ids!r}", file=sys.stderr)
                return 2
        if args.predictions:
            metrics = evaluate_records(gold, read_predictions(gold, args.predictions))
            metrics["headline"], name = headline(metrics), f"predictions {args.predictions}"
        else:
            predict, name = chosen_predictor(args)
            metrics = evaluate(gold, predict)
    except InvalidRecords as error:  # as `qawl validate`: every problem, one a line, and exit status 1
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"qawl evaluate: {len(error.problems)} problem(s) in the records; nothing evaluated", file=sys.stderr)
        return 1
    errors = metrics.pop("_errors")
    data = ", ".join(args.data) + (f" (ids {args.ids})" if args.ids else "")
    metrics.update({"predictor": name, "data": data})
    table = markdown_table(metrics)
    print(table)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (out / "report.md").write_text(
            f"# Evaluation\n\n{table}\n## Errors\n\n{error_listing(errors)}", encoding="utf-8"
        )
        print(f"wrote {out / 'metrics.json'} and {out / 'report.md'}", file=sys.stderr)
    return 0
