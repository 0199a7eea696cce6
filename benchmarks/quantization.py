"""int8 dynamic quantisation on the CPU: accuracy change and speed against the float model.

    python -m benchmarks.quantization --model DIR [--data annotations/dev.jsonl]

Runs ``QuoteTagger`` (float, then ``quantize=True``) on the gold texts, scores both with the evaluation
module and times both on the same texts (batch 32, this process).
"""

from __future__ import annotations

import argparse
import functools
import time

import torch
from qawl.records import read_jsonl
from qawl.tagger import DEFAULT_MODEL_DIR, QuoteTagger
from qawl.training.evaluation import evaluate, headline_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(DEFAULT_MODEL_DIR))
    parser.add_argument("--data", default="annotations/dev.jsonl")
    args = parser.parse_args()
    gold = read_jsonl(args.data)
    texts = [r.text for r in gold]
    print(f"model {args.model}; {len(gold)} documents from {args.data}; torch threads {torch.get_num_threads()}")
    rows = {}
    for name, quantize in (("float32", False), ("int8 dynamic", True)):
        tagger = QuoteTagger.from_pretrained(args.model, device="cpu", quantize=quantize)
        tagger.predict(texts[:4])
        started = time.perf_counter()
        metrics = evaluate(gold, functools.partial(tagger.predict, batch_size=32))
        rows[f"{name} ({time.perf_counter() - started:.1f} s)"] = metrics["headline"]
    print(headline_table(rows, first="variant (seconds, with scoring)"))


if __name__ == "__main__":
    main()
