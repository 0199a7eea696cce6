"""Recount how often each cue form and source marker of the rule lexicon occurs in the ANT corpus.

    python -m qawl.training.lexicon_counts [--corpus PATH]

Rewrites the ``ant_count`` column of ``inference/rules/lexicon.tsv`` and ``markers.tsv`` in place and prints
how many forms are attested. Cue forms are counted with or without a conjunction clitic (و/ف).
"""

from __future__ import annotations

import argparse
from collections import Counter
from importlib.resources import files

from qawl.normalize import fold, strip_clitic
from qawl.words import word_spans

from .corpus import iter_articles


def count(corpus: str | None = None) -> tuple[Counter[str], Counter[tuple[str, ...]]]:
    """Occurrences of every folded word (clitic-stripped too) and of every 1–4 word sequence's head forms."""
    words: Counter[str] = Counter()
    ngrams: Counter[tuple[str, ...]] = Counter()
    for article in iter_articles(corpus):
        text = article["text"]
        forms = [fold(text[s:e]) for s, e in word_spans(text)]
        for index, form in enumerate(forms):
            words[form] += 1
            bare = strip_clitic(form)
            if bare:
                words["\0" + bare] += 1
            for size in (2, 3, 4):
                gram = tuple(forms[index : index + size])
                ngrams[gram] += 1
                if bare:
                    ngrams[(bare, *gram[1:])] += 1
    return words, ngrams


def _rewrite(name: str, key_column: str, counter) -> tuple[int, int]:
    path = files("qawl.rules").joinpath(name)
    lines = path.read_text(encoding="utf-8").splitlines()
    header_index = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    columns = lines[header_index].split("\t")
    out, attested = lines[: header_index + 1], 0
    for line in lines[header_index + 1 :]:
        row = dict(zip(columns, line.split("\t")))
        row["ant_count"] = str(counter(row[key_column]))
        attested += int(row["ant_count"]) > 0
        out.append("\t".join(row[column] for column in columns))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return len(out) - header_index - 1, attested


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="path to articles.jsonl.gz (default: $QAWL_ANT_CORPUS)")
    args = parser.parse_args(argv)
    words, ngrams = count(args.corpus)

    def cue_count(form: str) -> int:
        folded = fold(form)
        return words[folded] + words["\0" + folded]

    def marker_count(phrase: str) -> int:
        folded = tuple(fold(word) for word in phrase.split())
        return cue_count(phrase) if len(folded) == 1 else ngrams[folded]

    forms, attested = _rewrite("lexicon.tsv", "form", cue_count)
    print(f"cue forms: {forms} listed, {attested} attested in the corpus")
    phrases, found = _rewrite("markers.tsv", "phrase", marker_count)
    print(f"source markers: {phrases} listed, {found} attested in the corpus")


if __name__ == "__main__":
    main()
