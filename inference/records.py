"""The annotation record: one shape for gold files, silver files, predictions and evaluation.

A record is one JSON object per line::

    {"id": ..., "source": ..., "text": ...,
     "quotes": [{"cue": SPAN|null, "speaker": SPAN|null, "content": [SPAN, ...], "kind": KIND}]}

with ``SPAN = {"start": int, "end": int, "text": str}`` (half-open character offsets into ``text``).
Predictions add ``"score"`` to quotes and spans. Any other top-level keys are kept in ``Record.meta``
so that reading and writing a file never loses information.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")
ROLES: tuple[str, ...] = ("cue", "speaker", "content")
RECORD_KEYS: tuple[str, ...] = ("id", "source", "text", "quotes")


@dataclass(frozen=True)
class Span:
    """A half-open character span ``[start, end)`` whose ``text`` equals ``doc[start:end]``.

    The one span type of Qawl, from annotations to labels, decoding, linking and predictions. ``score`` is
    the model's confidence (predictions only); ``role`` (``cue``, ``speaker`` or ``content``) is set where a
    span travels without its quote (tagged spans before linking); in a :class:`Quote` the field says it, and
    ``role`` is not written to JSON.

    Example::

        >>> doc = "وقال الوزير إن الحكومة ستدعم الفلاحين."
        >>> Span.of(doc, 5, 11)
        Span(start=5, end=11, text='الوزير', score=None, role=None)
    """

    start: int
    end: int
    text: str
    score: float | None = None
    role: str | None = None

    @classmethod
    def of(cls, doc: str, start: int, end: int, score: float | None = None, role: str | None = None) -> Span:
        """Build the span ``[start, end)`` of ``doc``, taking its text from the document."""
        return cls(start, end, doc[start:end], score, role)

    @property
    def bounds(self) -> tuple[int, int]:
        """``(start, end)``: what two spans share when they cover the same characters."""
        return self.start, self.end

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.score is not None:
            out["score"] = self.score
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(data["start"], data["end"], data["text"], data.get("score"))

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Source:
    """Who a quote's speaker is: an ``id`` shared by the quotes of one source in a document, and ``name``, the
    fullest naming mention of that source in the document (the speaker span itself or a mention elsewhere).

    Example::

        >>> doc = "قال المتحدث باسم الوزارة محمد علي إن … وأضاف علي أن …"
        >>> Source("s1", Span.of(doc, 4, 34)).name.text
        'المتحدث باسم الوزارة محمد علي'
    """

    id: str
    name: Span

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(data["id"], Span.from_dict(data["name"]))


@dataclass
class Quote:
    """A quotation: who (``speaker``) said (``cue``) what (``content``, one or more spans), and optionally which
    ``source`` of the document the speaker is (``None`` when there is no speaker, or no source annotated)."""

    cue: Span | None
    speaker: Span | None
    content: list[Span]
    kind: str
    score: float | None = None
    source: Source | None = None

    def spans(self) -> Iterator[tuple[str, Span]]:
        """Yield ``(role, span)`` for every span of the quote, roles as in :data:`ROLES`."""
        if self.cue is not None:
            yield "cue", self.cue
        if self.speaker is not None:
            yield "speaker", self.speaker
        for span in self.content:
            yield "content", span

    def role_spans(self) -> list[Span]:
        """The quote's spans with their ``role`` set (cue, speaker, then content)."""
        return [replace(span, role=role) for role, span in self.spans()]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "content": [span.to_dict() for span in self.content],
            "kind": self.kind,
        }
        if self.source is not None:
            out["source"] = self.source.to_dict()
        if self.score is not None:
            out["score"] = self.score
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        return cls(
            cue=Span.from_dict(data["cue"]) if data.get("cue") else None,
            speaker=Span.from_dict(data["speaker"]) if data.get("speaker") else None,
            content=[Span.from_dict(span) for span in data["content"]],
            kind=data["kind"],
            score=data.get("score"),
            source=Source.from_dict(data["source"]) if data.get("source") else None,
        )


@dataclass
class Record:
    """One document (a whole article or a paragraph) and its quotes."""

    id: str
    text: str
    quotes: list[Quote] = field(default_factory=list)
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "source": self.source, "text": self.text}
        out["quotes"] = [quote.to_dict() for quote in self.quotes]
        out.update(self.meta)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        meta = {key: value for key, value in data.items() if key not in RECORD_KEYS}
        return cls(
            id=data["id"],
            text=data["text"],
            quotes=[Quote.from_dict(quote) for quote in data["quotes"]],
            source=data.get("source"),
            meta=meta,
        )


class LineError(ValueError):
    """One line of a JSONL file that holds no JSON value; ``file``, ``line`` and ``reason`` say where and why."""

    def __init__(self, file: str, line: int, reason: str):
        self.file, self.line, self.reason = file, line, reason
        super().__init__(f"{file}:{line}: {reason}")


def parse_line(line: str | bytes, file: str = "<input>", number: int = 0) -> Any:
    """The JSON value on one line of a JSONL file (``bytes`` are decoded as UTF-8), numbered ``number``.

    The one JSONL line parser of Qawl (the validator, :func:`read_jsonl` and ``qawl predict`` use it). Raise
    :class:`LineError` when the line is not UTF-8, not JSON, or nested too deeply for Python's parser.
    """
    if isinstance(line, (bytes, bytearray)):
        try:
            line = bytes(line).decode("utf-8")
        except UnicodeDecodeError as error:
            column = len(line[: error.start].decode("utf-8")) + 1
            reason = f"not valid UTF-8 (byte 0x{line[error.start]:02x} at column {column})"
            raise LineError(file, number, reason) from None
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise LineError(file, number, f"invalid JSON: {error}") from None
    except RecursionError:
        raise LineError(file, number, "JSON nested too deeply") from None


def jsonl_lines(path: str | Path) -> Iterator[tuple[int, bytes]]:
    """``(number, line)`` for each non-blank line of a file, numbered from 1, as bytes for :func:`parse_line`
    (one bad byte then costs its line, not the file)."""
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield number, line


def read_jsonl(path: str | Path, *, validate: bool = True) -> list[Record]:
    """Read records from a JSONL file.

    With ``validate`` (the default) the file is checked first and :class:`~qawl.validate.InvalidRecords`
    is raised listing every problem with its file, line and record id; without it, a line that holds no JSON
    raises :class:`LineError`.
    """
    if validate:
        from .validate import InvalidRecords, validate_files

        problems = validate_files([path])
        if problems:
            raise InvalidRecords(problems)
    return [Record.from_dict(parse_line(line, str(path), number)) for number, line in jsonl_lines(path)]


def write_jsonl(records: Iterable[Record], path: str | Path) -> None:
    """Write records to ``path`` as UTF-8 JSONL (Arabic kept readable, not ``\\u`` escaped)."""
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(dumps(record) + "\n")


def dumps(record: Record) -> str:
    """One record as one JSON line."""
    return json.dumps(record.to_dict(), ensure_ascii=False)
