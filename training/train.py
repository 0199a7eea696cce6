"""Fine-tune any Hugging Face encoder into a Qawl tagger.

    qawl train [--config training/configs/arabert.yaml] [--backbone ID_OR_PATH] [--output-dir DIR] [--resume] …
    python -m qawl.training.train …                              (the same)
    accelerate launch -m training.train …                   (several GPUs)

A config file (YAML or JSON, ``training/configs/``) gives the values; any flag overrides its field. The run
validates every annotation file first, loads them with ``datasets``, cuts articles into overlapping windows and
trains ``AutoModelForTokenClassification`` (weights in fp32 whatever the backbone was saved in; bf16/fp16 mixed
precision on CUDA only) with ``transformers.Trainer``, optionally on silver data first. Each evaluation runs
the shipped prediction path (:class:`qawl.tagger.QuoteTagger`: window merge per document, Viterbi, linking)
with the model being trained on the dev texts; the best checkpoint and early stopping follow the mean of the
five headline figures (``eval_headline_mean``). The saved model is then evaluated through the public
prediction path on dev and test, and the model, tokenizer, resolved config, ``metrics.json`` and a model card
are written — atomically — into the output directory. A model that predicts no span on dev is flagged loudly.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import logging
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
import transformers
from packaging.version import Version
from qawl.labels import ID2LABEL, LABEL2ID, LABELS
from qawl.preprocess import preprocessor
from qawl.records import Record, read_jsonl
from qawl.tagger import QuoteTagger
from qawl.validate import InvalidRecords
from transformers import (
    AutoConfig,
    AutoModelForTokenClassification,
    AutoTokenizer,
    DataCollatorForTokenClassification,
    EarlyStoppingCallback,
    Trainer,
    TrainingArguments,
    set_seed,
)
from transformers.trainer_utils import get_last_checkpoint

from .config import TrainConfig, add_arguments, config_from_args, preprocessing_for_backbone
from .data import check_files, load_records, window_dataset
from .evaluation import evaluate, markdown_table
from .labels import IGNORE
from .model_card import write_model_card

logger = logging.getLogger(__name__)

#: What picks the best checkpoint and stops early: the mean of the five headline figures of the shipped
#: prediction path on dev (logged as ``eval_headline_mean``, next to each figure as ``eval_<name>``).
BEST_METRIC = "headline_mean"


class QawlTrainer(Trainer):
    """``Trainer`` whose evaluations score the shipped prediction path on the dev documents, with an optional
    per-label weight in the cross-entropy (rare CUE/SPEAKER labels).

    The scores are added in :meth:`evaluation_loop`, inside ``Trainer.evaluate``, so that the metrics it logs
    and hands to the callbacks (early stopping) and to the best-checkpoint choice all hold them.
    """

    def __init__(
        self,
        *args: Any,
        label_weights: torch.Tensor | None = None,
        dev_records: Sequence[Record] = (),
        dev_tokenizer: Any = None,
        preprocess: str = "default",
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.label_weights = label_weights
        self.dev_records = list(dev_records)
        self.dev_tokenizer = dev_tokenizer
        self.preprocess_name = preprocess

    def evaluation_loop(self, *args: Any, metric_key_prefix: str = "eval", **kwargs: Any) -> Any:
        output = super().evaluation_loop(*args, metric_key_prefix=metric_key_prefix, **kwargs)
        if self.dev_records and metric_key_prefix == "eval":
            output.metrics.update({f"{metric_key_prefix}_{k}": v for k, v in self.dev_scores().items()})
        return output

    def dev_scores(self) -> dict[str, float]:
        """The headline figures, their mean and the word-level token scores of the model being trained, run
        through :class:`QuoteTagger` (the model alone, no rules) on the dev texts; the model's mode is kept."""
        model = self.model
        was_training = model.training
        tagger = QuoteTagger(
            model, self.dev_tokenizer, device=model.device, preprocess=self.preprocess_name, combine="model"
        )
        try:
            result = score(self.dev_records, tagger, self.args.per_device_eval_batch_size)
        finally:
            model.train(was_training)
        figures = result["headline"]
        out = {**figures, BEST_METRIC: sum(figures.values()) / len(figures)}
        tokens = result["tokens"]
        out.update({f"token_{k}": tokens["micro"][k] for k in ("precision", "recall", "f1")})
        out.update({f"token_{role}_f1": tokens[role]["f1"] for role in ("cue", "speaker", "content")})
        return out

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        if self.label_weights is None:
            return super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
        labels = inputs.pop("labels")
        outputs = model(**inputs)
        logits = outputs.logits
        loss = torch.nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]).float(),
            labels.reshape(-1),
            weight=self.label_weights.to(logits.device),
            ignore_index=IGNORE,
        )
        return (loss, outputs) if return_outputs else loss


def score(gold: Sequence[Record], tagger: QuoteTagger, batch_size: int) -> dict[str, Any]:
    """All metrics of ``tagger`` on the gold texts (:func:`qawl.training.evaluation.evaluate`, error lists left
    out), the five headline figures under ``headline``."""
    result = evaluate(gold, functools.partial(tagger.predict, batch_size=batch_size))
    result.pop("_errors")
    return result


def _fp32() -> dict[str, Any]:
    """``from_pretrained`` keywords that load the weights in fp32 whatever they were saved in (the shipped model is
    fp16): AdamW on fp16 weights wrecks them, and fp16 on the CPU is slow. transformers 5 loads the saved dtype
    by default; the keyword is ``dtype`` from 4.56 on, ``torch_dtype`` before."""
    return {"dtype" if Version(transformers.__version__) >= Version("4.56") else "torch_dtype": torch.float32}


def load_backbone(config: TrainConfig) -> tuple[Any, Any]:
    """Tokenizer and token-classification model with Qawl's labels; clear errors offline or on label clashes."""
    name = config.backbone
    short = name.lower().rstrip("/").rsplit("/", 1)[-1]
    if short in ("bert-base-arabert", "bert-base-arabertv2", "bert-large-arabertv2"):
        raise SystemExit(
            f"{name!r} expects Farasa-segmented input, which Qawl does not produce; use the unsegmented "
            "aubmindlab/bert-base-arabertv02 (or any other encoder)"
        )
    try:
        tokenizer = AutoTokenizer.from_pretrained(name)
        backbone_config = AutoConfig.from_pretrained(name)
    except OSError as error:
        raise SystemExit(
            f"cannot load the backbone {name!r}: {error.__class__.__name__}.\n"
            "If it is a hub id, the Hugging Face hub may be unreachable (offline) and no copy is cached: download it "
            f"where the hub is reachable (`huggingface-cli download {name}`) and pass its local directory with "
            "--backbone, or build an offline backbone (see training/backbones and the README)."
        ) from None
    if not getattr(tokenizer, "is_fast", False):
        raise SystemExit(f"the backbone {name!r} has no fast tokenizer; Qawl needs offsets and word ids from one")
    existing = getattr(backbone_config, "label2id", None) or {}
    is_tagger = any(a.endswith("ForTokenClassification") for a in (backbone_config.architectures or []))
    if is_tagger and set(existing) != set(LABELS):
        raise SystemExit(
            f"the model {name!r} is a token classifier with labels {sorted(existing)}, not Qawl's {list(LABELS)}; "
            "start from its base encoder instead"
        )
    model = AutoModelForTokenClassification.from_pretrained(
        name, num_labels=len(LABELS), id2label=ID2LABEL, label2id=LABEL2ID, ignore_mismatched_sizes=True, **_fp32()
    )
    if config.freeze_embeddings:
        for parameter in model.get_input_embeddings().parameters():
            parameter.requires_grad = False
    return tokenizer, model


def label_weights(dataset: Any) -> torch.Tensor:
    counts = np.zeros(len(LABELS))
    for labels in dataset["labels"]:
        ids = np.asarray(labels)
        counts += np.bincount(ids[ids != IGNORE], minlength=len(LABELS))
    weights = 1.0 / np.sqrt(np.maximum(counts, 1.0))
    return torch.tensor(weights / weights[LABEL2ID["O"]], dtype=torch.float32)


def training_arguments(
    config: TrainConfig,
    run_dir: Path,
    epochs: float,
    learning_rate: float,
    has_dev: bool,
    train_windows: int,
) -> TrainingArguments:
    cuda = torch.cuda.is_available()
    steps_per_epoch = -(-train_windows // (config.batch_size * config.gradient_accumulation_steps))
    total = config.max_steps if config.max_steps > 0 else int(steps_per_epoch * epochs)
    bf16 = cuda and torch.cuda.is_bf16_supported()
    return TrainingArguments(
        output_dir=str(run_dir),
        num_train_epochs=epochs,
        max_steps=config.max_steps,
        learning_rate=learning_rate,
        per_device_train_batch_size=config.batch_size,
        per_device_eval_batch_size=config.eval_batch_size,
        gradient_accumulation_steps=config.gradient_accumulation_steps,
        weight_decay=config.weight_decay,
        warmup_steps=int(total * config.warmup_ratio),  # an integer count: the same meaning in transformers 4 and 5
        eval_strategy="epoch" if has_dev else "no",
        save_strategy="epoch",
        save_total_limit=2,
        load_best_model_at_end=has_dev,
        metric_for_best_model=BEST_METRIC if has_dev else None,
        greater_is_better=True,
        logging_steps=config.logging_steps,
        seed=config.seed,
        bf16=bf16,
        fp16=cuda and not bf16,
        report_to=[],
        dataloader_num_workers=0,
        dataloader_pin_memory=cuda,  # pinning needs an accelerator (a warning on every CPU run otherwise)
    )


def last_checkpoint(run_dir: Path) -> str | None:
    """The checkpoint of ``run_dir`` with the highest step (transformers' own choice), or ``None``."""
    return get_last_checkpoint(str(run_dir)) if run_dir.is_dir() else None


def _stage(
    config: TrainConfig,
    model: Any,
    tokenizer: Any,
    train: Any,
    run_dir: Path,
    epochs: float,
    learning_rate: float,
    resume: bool,
    evaluation: dict[str, Any],
) -> Trainer:
    """Train one stage; ``evaluation`` holds the dev windows (``eval_dataset``) and what scores the dev documents
    (:class:`QawlTrainer`'s keywords), or is empty."""
    dev = evaluation.get("eval_dataset")
    weights = label_weights(train) if config.class_weights == "sqrt" else None
    trainer = QawlTrainer(
        model=model,
        args=training_arguments(config, run_dir, epochs, learning_rate, dev is not None, len(train)),
        train_dataset=train,
        data_collator=DataCollatorForTokenClassification(tokenizer),
        callbacks=[EarlyStoppingCallback(config.early_stopping_patience)] if dev is not None else [],
        label_weights=weights,
        **evaluation,
    )
    trainer.train(resume_from_checkpoint=last_checkpoint(run_dir) if resume else None)
    return trainer


def train(config: TrainConfig, resume: bool = False) -> Path:
    """Run the whole job; return the output directory."""
    started = time.perf_counter()
    set_seed(config.seed)
    output = Path(config.output_dir)
    run_dir = Path(config.checkpoint_dir or f"{output}.checkpoints")
    data = {  # every file is validated before anything is loaded or trained
        split: load_records(files)
        for split, files in (("train", config.train_files), ("dev", config.dev_files), ("silver", config.silver_files))
        if files or split == "train"
    }
    if config.test_files:
        check_files(config.test_files)
    preprocess_name = preprocessing_for_backbone(config.backbone) if config.preprocess == "auto" else config.preprocess
    preprocess = preprocessor(preprocess_name)
    tokenizer, model = load_backbone(config)
    model.config.qawl_preprocess = preprocess_name
    max_length = min(config.max_length, tokenizer.model_max_length, model.config.max_position_embeddings)

    def windows(split: str) -> Any:
        return window_dataset(data[split], tokenizer, max_length, config.stride, preprocess)

    train_set = windows("train")
    evaluation: dict[str, Any] = {}
    if "dev" in data:
        evaluation = {
            "eval_dataset": windows("dev"),
            "dev_records": gold_records(config.dev_files),
            "dev_tokenizer": tokenizer,
            "preprocess": preprocess_name,
        }
    history: list[dict] = []
    if "silver" in data:
        silver = _stage(
            config,
            model,
            tokenizer,
            windows("silver"),
            run_dir / "silver",
            config.silver_epochs,
            config.silver_learning_rate or config.learning_rate,
            resume,
            evaluation,
        )
        history += [{"stage": "silver", **entry} for entry in silver.state.log_history]
        model = silver.model
    resumed_from = last_checkpoint(run_dir / "gold") if resume else None
    trainer = _stage(
        config, model, tokenizer, train_set, run_dir / "gold", config.epochs, config.learning_rate, resume, evaluation
    )
    history += [{"stage": "gold", **entry} for entry in trainer.state.log_history]

    partial = output.with_name(output.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    trainer.save_model(str(partial))
    tokenizer.save_pretrained(str(partial))
    metrics = {
        "config": dataclasses.asdict(config),
        "preprocess": preprocess_name,
        "train_windows": len(train_set),
        "selection_metric": f"eval_{BEST_METRIC}" if evaluation else None,
        "best_checkpoint": trainer.state.best_model_checkpoint,
        "best_metric": trainer.state.best_metric,
        "resumed_from": resumed_from,
        "global_step": trainer.state.global_step,
        "train_seconds": round(time.perf_counter() - started, 1),
        "log_history": history,
    }
    metrics.update(_evaluate_saved(partial, config))
    (partial / "qawl_config.json").write_text(json.dumps(dataclasses.asdict(config), indent=2) + "\n")
    (partial / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n")
    write_model_card(partial, config, metrics)
    _replace(partial, output)
    warned = f", {len(metrics['warnings'])} WARNING(S): see metrics.json" if metrics["warnings"] else ""
    print(f"saved {output} ({metrics['train_seconds']} s{warned})", file=sys.stderr)
    return output


def gold_records(files: Sequence[str]) -> list[Record]:
    """The records of annotation files already validated, in order."""
    return [record for path in files for record in read_jsonl(path, validate=False)]


def _evaluate_saved(directory: Path, config: TrainConfig) -> dict[str, Any]:
    """Dev and test scores of the saved model through the public prediction path (with the combination its config
    records), and the run's ``warnings``."""
    tagger = QuoteTagger.from_pretrained(directory)
    out: dict[str, Any] = {"warnings": []}
    for split, files in (("dev", config.dev_files), ("test", config.test_files)):
        if not files:
            continue
        gold = gold_records(files)
        result = score(gold, tagger, config.eval_batch_size)
        result.update({"data": ", ".join(files), "predictor": f"this model (combination: {tagger.combine})"})
        result["table"] = markdown_table(result)
        out[split] = result
        if split == "dev" or not config.dev_files:
            out["warnings"] += _silent_model(tagger, split, gold, config.eval_batch_size)
    for warning in out["warnings"]:
        logger.warning("qawl train: %s", warning)
    return out


def _silent_model(tagger: QuoteTagger, split: str, gold: Sequence[Record], batch_size: int) -> list[str]:
    """A warning when the model alone (no rules) predicts no span on ``split`` although its gold holds quotes: a
    run that learnt nothing, which a combination with the rules would hide behind the rule quotes."""
    quotes = sum(len(r.quotes) for r in gold)
    if not quotes or any(tagger.tag([r.text for r in gold], batch_size=batch_size)):
        return []
    return [
        f"the trained model predicts no span on {split} ({len(gold)} documents, {quotes} gold quotes): it has "
        "learnt nothing usable (check the learning rate, the backbone's weights and the data); combined with the "
        "rules it would silently return the rule quotes only"
    ]


def _replace(partial: Path, output: Path) -> None:
    """Move the finished model into place; an interrupted run never leaves a half-written ``output``."""
    if output.exists():
        old = output.with_name(output.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        output.rename(old)
        partial.rename(output)
        shutil.rmtree(old)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        partial.rename(output)


# --- command line -----------------------------------------------------------------------------------------
def run(args: argparse.Namespace) -> int:
    try:
        train(config_from_args(args), resume=args.resume)
    except InvalidRecords as error:  # as `qawl validate`: every problem, one a line, and exit status 1
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"qawl train: {len(error.problems)} problem(s) in the annotation data; nothing trained", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qawl.training.train", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
