"""int8 dynamic quantisation on the CPU: accuracy change and speed against the float model.

    python -m benchmarks.quantization --model DIR [--data annotations/dev.jsonl]

Runs ``QuoteTagger`` (float, then ``quantize=True``) on the gold texts, scores both with the evaluation
module and times both on the same texts (batch 32, this process).
"""

from __future__ import annotations

import argparse
import time

import torch
from qawl.records import Record, read_jsonl
from qawl.tagger import DEFAULT_MODEL_DIR, QuoteTagger
from qawl.training.evaluation import evaluate_records, headline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(DEFAULT_MODEL_DIR))
    parser.add_argument("--data", default="annotations/dev.jsonl")
    args = parser.parse_args()
    gold = read_jsonl(args.data)
    texts = [r.text for r in gold]
    print(f"model {args.model}; {len(gold)} documents from {args.data}; torch threads {torch.get_num_threads()}")
    print("| variant | seconds | content overlap F1 | cue exact F1 | speaker exact F1 | quote F1 | attribution |")
    print("|---|---|---|---|---|---|---|")
    for name, quantize in (("float32", False), ("int8 dynamic", True)):
        tagger = QuoteTagger.from_pretrained(args.model, device="cpu", quantize=quantize)
        tagger.predict(texts[:4])
        started = time.perf_counter()
        found = tagger.predict(texts, batch_size=32)
        seconds = time.perf_counter() - started
        scores = evaluate_records(gold, [Record(r.id, r.text, q) for r, q in zip(gold, found)])
        h = headline(scores)
        print(
            f"| {name} | {seconds:.1f} | {h['content_overlap_f1']:.3f} | {h['cue_exact_f1']:.3f} | "
            f"{h['speaker_exact_f1']:.3f} | {h['quote_f1']:.3f} | {h['attribution_accuracy']:.3f} |"
        )


if __name__ == "__main__":
    main()
