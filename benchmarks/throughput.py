"""Sentences per second: ``QuoteTagger.predict`` vs ``pipeline("token-classification")``, same model, CPU.

    python -m benchmarks.throughput [--model DIR] [--sentences 1024] [--batch-size 32]

Both run in this process on the same sentences (from the ANT corpus) with the same model and batch size;
the tagger's own speed with its configured rule combination (what ``predict()`` does) is printed too.
Without ``--model`` the shipped default model is used when there is one; otherwise a randomly initialised
BERT of the compact backbone's size (6 layers, hidden 384) with a WordPiece vocabulary trained on the corpus
is built in a temporary directory (speed does not depend on the weights' values).
"""

from __future__ import annotations

import argparse
import platform
import random
import tempfile
import time
from pathlib import Path

import torch
from qawl.segment import sentences
from qawl.tagger import DEFAULT_MODEL_DIR, QuoteTagger
from qawl.training.corpus import iter_articles
from transformers import pipeline

from benchmarks.common import random_compact_model


def corpus_sentences(count: int, seed: int = 0) -> list[str]:
    pool = []
    for article in iter_articles():
        text = article["text"]
        pool += [" ".join(text[s:e].split()) for s, e in sentences(text)]
    pool = [s for s in pool if 5 <= len(s.split()) <= 80]
    random.Random(seed).shuffle(pool)
    return pool[:count]


def timed(run, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model")
    parser.add_argument("--sentences", type=int, default=1024)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    texts = corpus_sentences(args.sentences)
    with tempfile.TemporaryDirectory() as tmp:
        if args.model:
            path, what = Path(args.model), args.model
        elif (DEFAULT_MODEL_DIR / "config.json").exists():
            path, what = DEFAULT_MODEL_DIR, "the shipped default model"
        else:
            path, what = random_compact_model(Path(tmp)), "random compact BERT (6x384), WordPiece 30k on ANT"
        tagger = QuoteTagger.from_pretrained(path, device="cpu", combine="model")  # the same work as the pipeline
        shipped = QuoteTagger.from_pretrained(path, device="cpu")  # with its configured rule combination
        baseline = pipeline(
            "token-classification",
            model=tagger.model,
            tokenizer=tagger.tokenizer,
            aggregation_strategy="simple",
            device=-1,
            batch_size=args.batch_size,
        )
        tagger.predict(texts[:64], batch_size=args.batch_size)  # warm-up
        baseline(texts[:64])
        ours = timed(lambda: tagger.predict(texts, batch_size=args.batch_size), args.repeats)
        theirs = timed(lambda: baseline(texts), args.repeats)
        combined = timed(lambda: shipped.predict(texts, batch_size=args.batch_size), args.repeats)
    print(
        f"model: {what}; {len(texts)} sentences, batch {args.batch_size}, torch threads {torch.get_num_threads()}, "
        f"{platform.processor() or platform.machine()}"
    )
    print(f"QuoteTagger.predict: {len(texts) / ours:8.1f} sentences/s ({ours:.2f} s, best of {args.repeats})")
    print(f"pipeline (simple):   {len(texts) / theirs:8.1f} sentences/s ({theirs:.2f} s, best of {args.repeats})")
    print(f"speed-up: {theirs / ours:.2f}x")
    print(
        f"QuoteTagger.predict, combination {shipped.combine!r}: {len(texts) / combined:8.1f} sentences/s "
        f"({combined:.2f} s) — what predict() does"
    )


if __name__ == "__main__":
    main()
