"""Authoring markup: annotate quotes inline in plain text, compile to records, render records back.

A markup file holds one block per record::

    ⟦record {"id": "ant-JA-politic-12-20170301", "source": "ant-v1.1:JA-politic-12-20170301"}⟧
    ⟦c1 وقال⟧ ⟦s1,2 الوزير⟧ إن ⟦t1 الحكومة ستدعم الفلاحين⟧. ⟦c2 وأضاف⟧ أن ⟦t2 الدعم سيصل قريبا⟧.
    ⟦end⟧

* The header is ``⟦record`` + a JSON object with the record's ``id``, ``source`` and any other metadata.
* The text is everything between the header line and the line ``⟦end⟧`` (its line breaks included; a
  text that ends with a line break simply has an empty line before ``⟦end⟧``).
* A span is ``⟦`` + role + quote numbers + one space + the span's text + ``⟧``. Roles: ``c`` cue,
  ``s`` speaker, ``t`` content (quoted text). Numbers are ascending and comma-separated when several quotes
  share one span (a speaker named once and quoted twice). Quotes are numbered 1, 2, 3 … in record order; a
  quote's content spans are read in text order, and its ``kind`` comes from the quotation marks.
* Sources: a speaker tag names its quotes' source after ``@`` (``⟦s1,2@A الوزير⟧``; ids are letters, digits,
  ``_`` or ``-``), and ``*`` after the id says that this speaker span is the source's name (its fullest naming
  mention: ``⟦s1@A* المتحدث باسم الخارجية، ماثيو ميلر⟧``). A name that is no speaker span is tagged ``n`` +
  ``@`` + id (``⟦n@A وزير الخارجية الأميركي أنتوني بلينكن⟧``). Each source has exactly one name.

The brackets ⟦ ⟧ (U+27E6, U+27E7, mathematical white square brackets) do not occur in news text; a text
that contains them cannot be written in this markup and is rejected.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .marks import framing_pairs, kind_of, pair_marks
from .records import LineError, Quote, Record, Source, Span, parse_line
from .validate import check_record

OPEN, CLOSE = "⟦", "⟧"
ROLE_LETTERS = {"c": "cue", "s": "speaker", "t": "content"}
LETTER_OF = {role: letter for letter, role in ROLE_LETTERS.items()}
HEADER = re.compile(r"⟦record (\{.*\})⟧")
END = "⟦end⟧"
TAG = re.compile(r"⟦(?:([cst])(\d+(?:,\d+)*)(?:@([\w-]+)(\*?))?|n@([\w-]+)) ([^⟦⟧]*)⟧")


class MarkupError(ValueError):
    """Markup that cannot be compiled; ``problems`` lists every reason with its line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid markup:\n" + "\n".join(f"  {problem}" for problem in problems))


@dataclass
class _Draft:
    cue: list[Span] = field(default_factory=list)
    speaker: list[Span] = field(default_factory=list)
    content: list[Span] = field(default_factory=list)


def parse_markup(source: str, file: str = "<markup>") -> list[Record]:
    """Compile markup (one or more record blocks) into records; raise :class:`MarkupError` if invalid."""
    records, problems = [], []
    lines = source.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        header = HEADER.fullmatch(line)
        if not header:
            problems.append(f"{file}:{index + 1}: expected a '⟦record {{...}}⟧' header, got {line[:40]!r}")
            break
        try:
            end = lines.index(END, index + 1)
        except ValueError:
            problems.append(f"{file}:{index + 1}: record has no closing '{END}' line")
            break
        body = "\n".join(lines[index + 1 : end])
        try:
            record = _compile_block(header.group(1), body)
        except ValueError as error:
            problems.append(f"{file}:{index + 1}: {error}")
        else:
            records.append(record)
        index = end + 1
    if problems:
        raise MarkupError(problems)
    return records


def _compile_block(header: str, body: str) -> Record:
    try:
        meta = parse_line(header)
    except LineError as error:  # invalid, or nested too deeply for Python's parser
        raise ValueError(f"header: {error.reason}") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("id"), str):
        raise ValueError("header must be a JSON object with a string 'id'")
    pieces: list[str] = []
    drafts: dict[int, _Draft] = {}
    sources: dict[int, str] = {}  # quote number -> source id
    names: dict[str, list[Span]] = {}  # source id -> its name mention(s): exactly one is valid
    length = cursor = 0
    for match in TAG.finditer(body):
        pieces.append(body[cursor : match.start()])
        length += match.start() - cursor
        letter, numbers, source_id, is_name, name_of, span_text = match.groups()
        span = Span(length, length + len(span_text), span_text)
        pieces.append(span_text)
        length += len(span_text)
        cursor = match.end()
        if name_of:
            names.setdefault(name_of, []).append(span)
            continue
        if source_id and letter != "s":
            raise ValueError(f"only speaker tags name a source ('@{source_id}' on a '{letter}' tag)")
        if is_name:
            names.setdefault(source_id, []).append(span)
        numbers_list = [int(number) for number in numbers.split(",")]
        if numbers_list != sorted(set(numbers_list)):
            raise ValueError(f"quote numbers {numbers} must be ascending and distinct")
        for number in numbers_list:
            getattr(drafts.setdefault(number, _Draft()), ROLE_LETTERS[letter]).append(span)
            if source_id:
                sources[number] = source_id
    pieces.append(body[cursor:])
    text = "".join(pieces)
    stray = next((char for char in text if char in (OPEN, CLOSE)), None)
    if stray:
        position = text.index(stray)
        raise ValueError(f"unmatched or malformed bracket {stray!r} near {text[max(0, position - 20) : position]!r}")
    if sorted(drafts) != list(range(1, len(drafts) + 1)):
        raise ValueError(f"quotes must be numbered 1..{len(drafts)} without gaps, got {sorted(drafts)}")
    for source_id, mentions in names.items():
        if len(mentions) != 1:
            raise ValueError(f"source {source_id!r} has {len(mentions)} names (exactly one: '*' on a speaker or 'n@')")
    unnamed = sorted(set(sources.values()) - set(names))
    if unnamed:
        raise ValueError(f"source(s) {', '.join(unnamed)} have no name ('*' on a speaker tag, or an 'n@' tag)")
    unused = sorted(set(names) - set(sources.values()))
    if unused:
        raise ValueError(f"name(s) of source(s) {', '.join(unused)} belong to no speaker")
    pairs = framing_pairs(pair_marks(text), [cue for draft in drafts.values() for cue in draft.cue])
    quotes = []
    for number in sorted(drafts):
        draft = drafts[number]
        for role in ("cue", "speaker"):
            if len(getattr(draft, role)) > 1:
                raise ValueError(f"quote {number} has {len(getattr(draft, role))} {role} spans (at most one)")
        quotes.append(
            Quote(
                cue=draft.cue[0] if draft.cue else None,
                speaker=draft.speaker[0] if draft.speaker else None,
                content=draft.content,
                kind=kind_of(pairs, draft.content),
                source=Source(sources[number], names[sources[number]][0]) if number in sources else None,
            )
        )
    record = Record(id=meta.pop("id"), source=meta.pop("source", None), text=text, quotes=quotes, meta=meta)
    problems = check_record(record.to_dict())
    if problems:
        raise ValueError(f"record {record.id}: " + "; ".join(problems))
    return record


def render_markup(records: list[Record]) -> str:
    """Write records as markup (scores are dropped); the inverse of :func:`parse_markup`."""
    return "".join(_render_block(record) for record in records)


def _render_block(record: Record) -> str:
    if OPEN in record.text or CLOSE in record.text:
        raise ValueError(f"record {record.id}: its text contains {OPEN} or {CLOSE} and cannot be marked up")
    owners: dict[tuple[int, int, str], list[int]] = {}
    source_of: dict[tuple[int, int], str] = {}  # speaker span -> its source id
    names: dict[tuple[int, int], str] = {}  # name span -> source id
    for number, quote in enumerate(record.quotes, 1):
        for role, span in quote.spans():
            numbers = owners.setdefault((span.start, span.end, role), [])
            if number not in numbers:
                numbers.append(number)
        if quote.source is not None and quote.speaker is not None:
            source_of[quote.speaker.bounds] = quote.source.id
            names[quote.source.name.bounds] = quote.source.id
    for start, end in names:
        if (start, end, "speaker") not in owners:
            owners[(start, end, "name")] = []
    pieces, cursor = [], 0
    for (start, end, role), numbers in sorted(owners.items()):
        if start < cursor:
            raise ValueError(f"record {record.id}: overlapping spans at [{start}:{end}] cannot be marked up")
        if role == "name":
            head = f"n@{names[start, end]}"
        else:
            head = LETTER_OF[role] + ",".join(map(str, numbers))
            if role == "speaker" and (start, end) in source_of:
                head += f"@{source_of[start, end]}" + ("*" if names.get((start, end)) == source_of[start, end] else "")
        tag = f"{OPEN}{head} {record.text[start:end]}{CLOSE}"
        pieces += [record.text[cursor:start], tag]
        cursor = end
    pieces.append(record.text[cursor:])
    header = json.dumps({"id": record.id, "source": record.source, **record.meta}, ensure_ascii=False)
    return f"{OPEN}record {header}{CLOSE}\n{''.join(pieces)}\n{END}\n\n"
