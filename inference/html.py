"""A self-contained right-to-left HTML page showing records with their quotes highlighted.

Each document opens with a "who said what" table (each source's name → its quotes, numbered as in the text and
linked to them); speakers, cues and contents get distinct colours and every span carries the number(s) of its
quote(s); a table of the quotes follows. No script, no external resource: the file opens anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from .records import Record

STYLE = """
body { font-family: "Noto Naskh Arabic", "Amiri", "Arial", sans-serif; margin: 2rem auto; max-width: 60rem;
       line-height: 2.1; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.05rem; color: #555; direction: ltr; text-align: right; }
.legend span { margin-inline-start: 1rem; }
.doc { border-top: 1px solid #ddd; padding: 0.5rem 0 1rem; }
.text { white-space: pre-wrap; font-size: 1.15rem; }
.speaker { background: #cfe3ff; border-bottom: 2px solid #2f6fd6; }
.cue { background: #ffe0b8; border-bottom: 2px solid #d97a00; font-weight: bold; }
.content { background: #d9f5d6; border-bottom: 2px solid #2e9a3a; }
.n { font-size: 0.7rem; vertical-align: super; color: #fff; background: #555; border-radius: 0.6rem;
     padding: 0 0.35rem; margin-inline-start: 0.15rem; font-family: sans-serif; }
table { border-collapse: collapse; margin-top: 0.5rem; font-size: 0.95rem; }
td, th { border: 1px solid #ddd; padding: 0.1rem 0.6rem; text-align: right; vertical-align: top; }
"""


def _anchor(prefix: str, number: int) -> str:
    return f"{prefix}-q{number}"


def _marked_text(record: Record, prefix: str) -> str:
    owners: dict[tuple[int, int, str], list[int]] = {}
    for number, quote in enumerate(record.quotes, 1):
        for role, span in quote.spans():
            owners.setdefault((span.start, span.end, role), []).append(number)
    pieces, cursor, anchored = [], 0, set()
    for (start, end, role), numbers in sorted(owners.items()):
        if start < cursor:  # overlapping spans cannot be drawn flat; skip the later one
            continue
        badge = ",".join(map(str, sorted(set(numbers))))
        anchors = "".join(f'<a id="{_anchor(prefix, n)}"></a>' for n in sorted(set(numbers)) if n not in anchored)
        anchored.update(numbers)
        pieces += [
            escape(record.text[cursor:start]),
            anchors,
            f'<span class="{role}" title="{role} {badge}">{escape(record.text[start:end])}'
            f'<span class="n">{badge}</span></span>',
        ]
        cursor = end
    pieces.append(escape(record.text[cursor:]))
    return "".join(pieces)


def _who_said_what(record: Record, prefix: str) -> str:
    """Each source's name and the numbers of its quotes, linked to them (quotes without a source by speaker)."""
    rows: dict[str, tuple[str, list[int]]] = {}
    for number, quote in enumerate(record.quotes, 1):
        if quote.source is not None:
            key, name = f"id:{quote.source.id}", quote.source.name.text
        else:
            name = quote.speaker.text if quote.speaker is not None else "—"
            key = f"speaker:{name}"
        rows.setdefault(key, (name, []))[1].append(number)
    if not rows:
        return ""
    lines = [
        f'<tr><td class="who">{escape(name)}</td><td>'
        + "، ".join(f'<a href="#{_anchor(prefix, n)}">{n}</a>' for n in numbers)
        + "</td></tr>"
        for name, numbers in rows.values()
    ]
    head = "<tr><th>من قال (who)</th><th>ماذا (quotes)</th></tr>"
    return f'<table class="who-said-what">{head}{"".join(lines)}</table>'


def _table(record: Record) -> str:
    if not record.quotes:
        return "<p>لا اقتباسات (no quotes)</p>"
    rows = []
    for number, quote in enumerate(record.quotes, 1):
        score = f"{quote.score:.2f}" if quote.score is not None else ""
        rows.append(
            f"<tr><td>{number}</td><td>{escape(quote.speaker.text) if quote.speaker else '—'}</td>"
            f"<td>{escape(quote.cue.text) if quote.cue else '—'}</td><td>{quote.kind}</td><td>{score}</td></tr>"
        )
    head = "<tr><th>#</th><th>المتحدث</th><th>فعل القول</th><th>النوع</th><th>الثقة</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def render_html(records: Iterable[Record], title: str = "Qawl — quotes") -> str:
    """One page for all ``records``.

    Example::

        >>> from qawl.rules import predict
        >>> text = "وقال الوزير إن الحكومة ستدعم الفلاحين."
        >>> "who-said-what" in render_html([Record("r", text, predict(text))])
        True
    """
    sections = []
    for number, record in enumerate(records, 1):
        source = f" — {escape(str(record.source))}" if record.source else ""
        prefix = f"d{number}"
        sections.append(
            f'<section class="doc"><h2>{escape(str(record.id))}{source}</h2>{_who_said_what(record, prefix)}'
            f'<div class="text">{_marked_text(record, prefix)}</div>{_table(record)}</section>'
        )
    legend = (
        '<p class="legend"><span class="speaker">المتحدث (speaker)</span>'
        '<span class="cue">فعل القول (cue)</span><span class="content">المضمون (content)</span></p>'
    )
    return (
        f'<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><h1>{escape(title)}</h1>{legend}{''.join(sections)}</body></html>\n"
    )
