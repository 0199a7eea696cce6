"""Seconds to validate one large record: about 1 MB of text and 5,116 spans (cue, speaker, content).

    python -m benchmarks.validate_speed [--spans 5116] [--megabytes 1.0]

The record is built from news sentences: each quoted sentence gives a cue, a speaker and a content span
(indirect, mixed or direct, by its quotation marks), padded with unquoted sentences up to the size asked for.
The record is valid, so the time is the validator's whole work, not an early exit. Validation used to take
time quadratic in the spans of a record (every pair checked for overlap, the quotation marks re-paired for
every quote); it is now ``O(n log n)`` in the spans plus linear in the text.
"""

from __future__ import annotations

import argparse
import json
import time

from qawl.validate import validate_lines

#: ``(sentence, cue, speaker, content)``: each a substring of the sentence (its first occurrence).
QUOTED = [
    (
        "وقال الوزير إن الحكومة ستدعم الفلاحين في الموسم المقبل. ",
        "وقال",
        "الوزير",
        "الحكومة ستدعم الفلاحين في الموسم المقبل",
    ),
    (
        'وقال ميلر إن بلينكن ناقش "التدابير اللازمة لتعزيز الأمن". ',
        "وقال",
        "ميلر",
        'بلينكن ناقش "التدابير اللازمة لتعزيز الأمن"',
    ),
    ("وأضاف المتحدث: «الاجتماع سيعقد يوم الثلاثاء». ", "وأضاف", "المتحدث", "الاجتماع سيعقد يوم الثلاثاء"),
]
KINDS = ["indirect", "mixed", "direct"]
FILLER = "وارتفعت الصادرات بنسبة 24 بالمائة منذ بداية الموسم في المنطقة الجنوبية من البلاد. "


def build_record(spans: int = 5116, megabytes: float = 1.0) -> dict:
    """A valid record of about ``megabytes`` MB of UTF-8 text with ``spans`` spans (3 per quote, rounded)."""
    quotes_wanted = max(1, round(spans / 3))
    target_chars = int(megabytes * 1_000_000 / 2)  # Arabic letters take two bytes in UTF-8
    per_quote = target_chars // quotes_wanted
    pieces, quotes, length = [], [], 0
    for number in range(quotes_wanted):
        sentence, *parts = QUOTED[number % len(QUOTED)]
        quote = {"kind": KINDS[number % len(QUOTED)]}
        for role, part in zip(("cue", "speaker", "content"), parts):
            start = length + sentence.index(part)
            span = {"start": start, "end": start + len(part), "text": part}
            quote[role] = [span] if role == "content" else span
        quotes.append(quote)
        filler = FILLER * max(0, (per_quote - len(sentence)) // len(FILLER))
        pieces += [sentence, filler]
        length += len(sentence) + len(filler)
    return {"id": "big", "source": None, "text": "".join(pieces), "quotes": quotes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, default=5116)
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()
    record = build_record(args.spans, args.megabytes)
    line = json.dumps(record, ensure_ascii=False)
    spans = sum(len(q["content"]) + 2 for q in record["quotes"])
    started = time.perf_counter()
    problems = validate_lines([line], "big.jsonl")
    elapsed = time.perf_counter() - started
    print(f"{len(line.encode('utf-8')) / 1e6:.2f} MB, {spans} spans, {len(problems)} problem(s): {elapsed:.2f} s")


if __name__ == "__main__":
    main()
