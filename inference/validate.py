"""Validation of annotation (and prediction) files against the record contract.

Every problem is reported, not just the first, each with its file, line, record id and a plain reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from .marks import framing_pairs, kind_of, pair_marks
from .overlap import clashes
from .records import KINDS, LineError, Span, parse_line
from .words import is_separator, is_word_char, starts_inside_word

REQUIRED_KEYS = ("id", "source", "text", "quotes")
QUOTE_KEYS = ("cue", "speaker", "content", "kind")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record."""

    file: str
    line: int
    record_id: str | None
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: record {self.record_id or '<no id>'}: {self.reason}"


class InvalidRecords(ValueError):
    """Raised when records that must be valid are not; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  {problem}" for problem in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in annotation data:\n{shown}{more}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_score(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        return [f"{where}: score must be a number between 0 and 1, got {value!r}"]
    return []


def _word_at(text: str, offset: int) -> str:
    left = offset
    while left > 0 and is_word_char(text[left - 1]):
        left -= 1
    right = offset
    while right < len(text) and is_word_char(text[right]):
        right += 1
    return text[left:right]


def check_span(text: str, data: Any, where: str) -> tuple[Span | None, list[str]]:
    """Check one span object against ``text``; return the span (when usable) and the problems."""
    if not isinstance(data, dict):
        return None, [f"{where}: expected a span object, got {type(data).__name__}"]
    problems = [f"{where}: missing field '{key}'" for key in ("start", "end", "text") if key not in data]
    if problems:
        return None, problems
    start, end, given = data["start"], data["end"], data["text"]
    if not (_is_int(start) and _is_int(end)):
        return None, [f"{where}: start and end must be integers, got {start!r} and {end!r}"]
    if not isinstance(given, str):
        return None, [f"{where}: 'text' must be a string, got {type(given).__name__}"]
    if not 0 <= start < end <= len(text):
        what = "is empty" if start >= end else "is out of range"
        return None, [f"{where}: span [{start}:{end}] {what} (text has {len(text)} characters)"]
    problems = _check_score(data.get("score"), where)
    actual = text[start:end]
    if actual != given:
        problems.append(f"{where}: text[{start}:{end}] is {actual!r}, not {given!r}")
    if is_separator(actual[0]) or is_separator(actual[-1]):
        problems.append(f"{where}: span [{start}:{end}] starts or ends with whitespace or an invisible mark")
    if starts_inside_word(text, start):
        problems.append(f"{where}: span [{start}:{end}] starts inside the word {_word_at(text, start)!r}")
    if starts_inside_word(text, end):
        problems.append(f"{where}: span [{start}:{end}] ends inside the word {_word_at(text, end)!r}")
    return Span(start, end, actual), problems


def _check_quote(
    text: str, data: Any, where: str, pairs: Sequence[tuple[int, int]] | None = None
) -> tuple[list[tuple[str, Span]], list[str]]:
    """Check one quote; return its usable ``(role, span)`` pairs and the problems (``pairs``: the text's
    paired quotation marks, found once per record)."""
    if not isinstance(data, dict):
        return [], [f"{where}: expected a quote object, got {type(data).__name__}"]
    problems = [f"{where}: missing field '{key}'" for key in QUOTE_KEYS if key not in data]
    spans: list[tuple[str, Span]] = []
    for role in ("cue", "speaker"):
        if data.get(role) is not None:
            span, found = check_span(text, data[role], f"{where} {role}")
            problems += found
            if span:
                spans.append((role, span))
    content = data.get("content")
    if "content" in data and not isinstance(content, list):
        problems.append(f"{where}: 'content' must be a list of spans")
    elif "content" in data and not content:
        problems.append(f"{where}: quote has no content")
    contents = []
    for number, item in enumerate(content if isinstance(content, list) else [], 1):
        span, found = check_span(text, item, f"{where} content {number}")
        problems += found
        if span:
            contents.append(span)
            spans.append(("content", span))
    if any(left.start >= right.start for left, right in pairwise(contents)):
        problems.append(f"{where}: content spans must be listed in text order")
    kind = data.get("kind")
    problems += _check_score(data.get("score"), where)
    if "kind" in data and kind not in KINDS:
        problems.append(f"{where}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    elif kind in KINDS and contents and len(contents) == len(content):
        expected = kind_of(pair_marks(text) if pairs is None else pairs, contents)
        if expected != kind:
            problems.append(
                f"{where}: kind {kind!r} contradicts the quotation marks (they make it {expected!r}: "
                "direct = content wholly inside marks, mixed = marks inside an indirect clause)"
            )
    return spans, problems


def check_record(data: Any) -> list[str]:
    """Every problem with one decoded JSON record, as plain sentences (empty when valid)."""
    if not isinstance(data, dict):
        return [f"expected a JSON object, got {type(data).__name__}"]
    problems = [f"missing field '{key}'" for key in REQUIRED_KEYS if key not in data]
    if "id" in data and (not isinstance(data["id"], str) or not data["id"]):
        problems.append("'id' must be a non-empty string")
    if data.get("source") is not None and not isinstance(data["source"], str):
        problems.append("'source' must be a string or null")
    text, quotes = data.get("text"), data.get("quotes")
    if "text" in data and not isinstance(text, str):
        problems.append("'text' must be a string")
    if "quotes" in data and not isinstance(quotes, list):
        problems.append("'quotes' must be a list")
    if not isinstance(text, str) or not isinstance(quotes, list):
        return problems
    placed: list[tuple[int, str, Span]] = []
    pairs = framing_pairs(pair_marks(text), _cues(text, quotes)) if quotes else []
    names: dict[str, tuple[int, Span]] = {}  # source id -> (first quote number, name)
    for number, quote in enumerate(quotes, 1):
        spans, found = _check_quote(text, quote, f"quote {number}", pairs)
        problems += found
        placed += [(number, role, span) for role, span in spans]
        if isinstance(quote, dict) and quote.get("source") is not None:
            has_speaker = any(role == "speaker" for role, _ in spans) or quote.get("speaker") is not None
            problems += _check_source(text, quote["source"], f"quote {number}", number, has_speaker, names)
    placed += [(number, "source name", name) for number, name in names.values()]
    problems += _distinct_names(names)
    problems += _one_source_per_speaker(quotes, names)
    problems += _overlaps(placed)
    return problems


def _cues(text: str, quotes: list[Any]) -> list[Span]:
    """The well-formed cue spans of the quotes (the others are reported where they are checked)."""
    cues = []
    for quote in quotes:
        cue = quote.get("cue") if isinstance(quote, dict) else None
        well_formed = isinstance(cue, dict) and _is_int(cue.get("start")) and _is_int(cue.get("end"))
        if well_formed and 0 <= cue["start"] < cue["end"] <= len(text):
            cues.append(Span(cue["start"], cue["end"], text[cue["start"] : cue["end"]]))
    return cues


def _check_source(
    text: str, data: Any, where: str, number: int, has_speaker: bool, names: dict[str, tuple[int, Span]]
) -> list[str]:
    """One quote's ``source``: ``{"id": str, "name": span}``, only with a speaker, one name per id."""
    if not isinstance(data, dict):
        return [f"{where}: 'source' must be an object with 'id' and 'name', or null"]
    problems = [f"{where} source: missing field '{key}'" for key in ("id", "name") if key not in data]
    if not has_speaker:
        problems.append(f"{where}: a quote without a speaker has no source (source must be null)")
    source_id = data.get("id")
    if "id" in data and (not isinstance(source_id, str) or not source_id):
        problems.append(f"{where} source: 'id' must be a non-empty string")
        source_id = None
    if "name" not in data:
        return problems
    name, found = check_span(text, data["name"], f"{where} source name")
    problems += found
    if name is None or source_id is None:
        return problems
    if source_id not in names:
        names[source_id] = (number, name)
    elif names[source_id][1].bounds != name.bounds:
        first, other = names[source_id]
        problems.append(
            f"{where} source {source_id!r}: name [{name.start}:{name.end}] {name.text!r} differs from quote {first}'s "
            f"[{other.start}:{other.end}] {other.text!r} (one name per source)"
        )
    return problems


def _one_source_per_speaker(quotes: list[Any], names: dict[str, tuple[int, Span]]) -> list[str]:
    """A speaker span shared by quotes names one source, and a name that is a speaker span is that speaker's."""
    speaker_source: dict[tuple[Any, Any], tuple[int, str]] = {}
    problems = []
    for number, quote in enumerate(quotes, 1):
        if not isinstance(quote, dict) or not isinstance(quote.get("speaker"), dict):
            continue
        source = quote.get("source")
        source_id = source.get("id") if isinstance(source, dict) else None
        bounds = (quote["speaker"].get("start"), quote["speaker"].get("end"))
        first = speaker_source.setdefault(bounds, (number, source_id))
        if first[1] != source_id:
            problems.append(
                f"quote {number}: its speaker span is quote {first[0]}'s, but their sources differ "
                f"({first[1]!r} and {source_id!r})"
            )
    for source_id, (number, name) in names.items():
        owner = speaker_source.get(name.bounds)
        if owner is not None and owner[1] != source_id:
            problems.append(
                f"quote {number}: the name of source {source_id!r} is quote {owner[0]}'s speaker span, whose source "
                f"is {owner[1]!r}"
            )
    return problems


def _distinct_names(names: dict[str, tuple[int, Span]]) -> list[str]:
    """Two sources never share a name mention."""
    by_bounds: dict[tuple[int, int], str] = {}
    problems = []
    for source_id, (number, name) in names.items():
        other = by_bounds.setdefault(name.bounds, source_id)
        if other != source_id:
            problems.append(
                f"quote {number}: sources {other!r} and {source_id!r} have the same name [{name.start}:{name.end}] "
                f"{name.text!r} (quotes of one source share one id)"
            )
    return problems


def _overlaps(placed: list[tuple[int, str, Span]]) -> list[str]:
    """The clashes of :func:`qawl.overlap.clashes` (spans of different roles never overlap; spans of one role
    only when identical), each named by the first quote that holds each of its spans."""
    quote_of: dict[tuple[str, int, int], int] = {}
    for number, role, span in placed:
        quote_of.setdefault((role, span.start, span.end), number)
    problems = []
    as_role = {"source name": "speaker"}  # a name is a mention of the speaker: it may be a speaker span, nothing else
    checked = [replace(span, role=as_role.get(role, role), score=None) for _, role, span in placed]
    labels = {(as_role.get(role, role), span.start, span.end): role for _, role, span in placed}
    for span1, span2 in clashes(checked):
        role1 = labels.get((str(span1.role), span1.start, span1.end), str(span1.role))
        role2 = labels.get((str(span2.role), span2.start, span2.end), str(span2.role))
        q1, q2 = quote_of[role1, span1.start, span1.end], quote_of[role2, span2.start, span2.end]
        what = "spans of different roles overlap" if role1 != role2 else f"{role1} spans overlap"
        problems.append(
            f"{what}: quote {q1} {role1} [{span1.start}:{span1.end}] {span1.text!r} and "
            f"quote {q2} {role2} [{span2.start}:{span2.end}] {span2.text!r}"
        )
    return problems


def validate_lines(lines: Iterable[str | bytes], file: str, seen_ids: dict[str, str] | None = None) -> list[Problem]:
    """Validate JSONL lines (text, or bytes decoded line by line as UTF-8); ``seen_ids`` (id → where first
    seen) catches duplicates across files. A line that holds no JSON is reported and the next one checked."""
    seen_ids = {} if seen_ids is None else seen_ids
    problems = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = parse_line(line, file, number)
        except LineError as error:
            problems.append(Problem(file, number, None, error.reason))
            continue
        record_id = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
        for reason in check_record(data):
            problems.append(Problem(file, number, record_id, reason))
        if record_id:
            if record_id in seen_ids:
                problems.append(Problem(file, number, record_id, f"duplicate id (first at {seen_ids[record_id]})"))
            else:
                seen_ids[record_id] = f"{file}:{number}"
    return problems


def validate_files(paths: Iterable[str | Path]) -> list[Problem]:
    """Validate JSONL files together (ids must be unique across all of them)."""
    seen_ids: dict[str, str] = {}
    problems = []
    for path in paths:
        try:
            with open(path, "rb") as handle:
                problems += validate_lines(handle, str(path), seen_ids)
        except OSError as error:
            problems.append(Problem(str(path), 0, None, f"cannot read file: {error}"))
    return problems
