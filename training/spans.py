"""Span-level scores per role: exact match and proportional overlap (as BBC's Citron reports them).

Used for inter-annotator agreement and for evaluating predictions against gold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from qawl.records import ROLES, Record, Span


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    support: int  # gold spans

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "support": self.support}


def prf(precision: float, recall: float, support: int) -> PRF:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1, support)


def spans_by_role(record: Record) -> dict[str, set[Span]]:
    """The distinct spans of each role in a record, scores left out (a shared speaker counts once)."""
    out: dict[str, set[Span]] = {role: set() for role in ROLES}
    for quote in record.quotes:
        for role, span in quote.spans():
            out[role].add(Span(span.start, span.end, span.text))
    return out


def _overlap(span: Span, others: Iterable[Span]) -> float:
    """Share of ``span``'s characters covered by ``others``."""
    covered: set[int] = set()
    for other in others:
        covered.update(range(max(other.start, span.start), min(other.end, span.end)))
    return len(covered) / (span.end - span.start)


def span_scores(gold: list[Record], predicted: list[Record]) -> dict[str, dict[str, PRF]]:
    """``{role: {"exact": PRF, "overlap": PRF}}`` over paired records (same order, same texts)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold records but {len(predicted)} predicted")
    out = {}
    for role in ROLES:
        tp = n_gold = n_pred = 0
        precision_sum = recall_sum = 0.0
        for g_record, p_record in zip(gold, predicted):
            if g_record.text != p_record.text:
                raise ValueError(f"record {g_record.id}: gold and predicted texts differ")
            g, p = spans_by_role(g_record)[role], spans_by_role(p_record)[role]
            tp += len(g & p)
            n_gold += len(g)
            n_pred += len(p)
            precision_sum += sum(_overlap(span, g) for span in p)
            recall_sum += sum(_overlap(span, p) for span in g)
        exact = prf(tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0, n_gold)
        overlap = prf(precision_sum / n_pred if n_pred else 0.0, recall_sum / n_gold if n_gold else 0.0, n_gold)
        out[role] = {"exact": exact, "overlap": overlap}
    return out
