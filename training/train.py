"""Fine-tune any Hugging Face encoder into a Qawl tagger.

    qawl train [--config training/configs/arabert.yaml] [--backbone ID_OR_PATH] [--output-dir DIR] [--resume] …
    python -m qawl.training.train …                              (the same)
    accelerate launch -m training.train …                   (several GPUs)

A config file (YAML or JSON, ``training/configs/``) gives the values; any flag overrides its field. The run
validates and loads the annotation files with ``datasets``, cuts articles into overlapping windows, trains
``AutoModelForTokenClassification`` with ``transformers.Trainer`` (best checkpoint by dev token F1, early
stopping, bf16/fp16 on CUDA), optionally on silver data first, then evaluates the saved model through the
public prediction path on dev and test and writes — atomically — the model, tokenizer, resolved config,
``metrics.json`` and a model card into the output directory.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from qawl.labels import ID2LABEL, IGNORE, LABEL2ID, LABELS
from qawl.preprocess import preprocessing_for_backbone, preprocessor
from qawl.records import read_jsonl
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

from .config import TrainConfig, add_arguments, config_from_args
from .data import load_records, window_dataset
from .evaluation import as_predictions, evaluate_records, headline, markdown_table, seqeval_scores
from .model_card import write_model_card


class WeightedTrainer(Trainer):
    """``Trainer`` with an optional per-label weight in the cross-entropy (rare CUE/SPEAKER labels)."""

    def __init__(self, *args: Any, label_weights: torch.Tensor | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.label_weights = label_weights

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


def compute_metrics(eval_prediction: Any) -> dict[str, float]:
    """Token-level seqeval (strict IOB2) on the labelled first subwords; the evaluation module's code."""
    logits, label_ids = eval_prediction
    predictions = np.asarray(logits).argmax(-1)
    gold, predicted = [], []
    for row_pred, row_gold in zip(predictions, np.asarray(label_ids)):
        keep = row_gold != IGNORE
        gold.append([ID2LABEL[int(i)] for i in row_gold[keep]])
        predicted.append(_repair([ID2LABEL[int(i)] for i in row_pred[keep]]))
    scores = seqeval_scores(gold, predicted)
    out = {"f1": scores["micro"].f1, "precision": scores["micro"].precision, "recall": scores["micro"].recall}
    out.update({f"{role}_f1": scores[role].f1 for role in ("cue", "speaker", "content")})
    return out


def _repair(labels: list[str]) -> list[str]:
    """Argmax labels made IOB2-valid (an I- with no open span of its type becomes B-), as seqeval strict needs."""
    out, previous = [], "O"
    for label in labels:
        if label.startswith("I-") and previous[2:] != label[2:]:
            label = "B-" + label[2:]
        out.append(label)
        previous = label
    return out


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
        name, num_labels=len(LABELS), id2label=ID2LABEL, label2id=LABEL2ID, ignore_mismatched_sizes=True
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
    save: bool = True,
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
        save_strategy="epoch" if save else "no",
        save_total_limit=2,
        load_best_model_at_end=has_dev,
        metric_for_best_model="f1",
        greater_is_better=True,
        logging_steps=config.logging_steps,
        seed=config.seed,
        bf16=bf16,
        fp16=cuda and not bf16,
        report_to=[],
        dataloader_num_workers=0,
        dataloader_pin_memory=cuda,  # pinning needs an accelerator (a warning on every CPU run otherwise)
    )


def _stage(
    config: TrainConfig,
    model: Any,
    tokenizer: Any,
    train: Any,
    dev: Any,
    run_dir: Path,
    epochs: float,
    learning_rate: float,
    resume: bool,
) -> Trainer:
    weights = label_weights(train) if config.class_weights == "sqrt" else None
    trainer = WeightedTrainer(
        model=model,
        args=training_arguments(config, run_dir, epochs, learning_rate, dev is not None, len(train)),
        train_dataset=train,
        eval_dataset=dev,
        data_collator=DataCollatorForTokenClassification(tokenizer),
        compute_metrics=compute_metrics,
        callbacks=[EarlyStoppingCallback(config.early_stopping_patience)] if dev is not None else [],
        label_weights=weights,
    )
    checkpoints = sorted(run_dir.glob("checkpoint-*")) if resume else []
    trainer.train(resume_from_checkpoint=str(checkpoints[-1]) if checkpoints else None)
    return trainer


def train(config: TrainConfig, resume: bool = False) -> Path:
    """Run the whole job; return the output directory."""
    started = time.perf_counter()
    set_seed(config.seed)
    output = Path(config.output_dir)
    run_dir = Path(config.checkpoint_dir or f"{output}.checkpoints")
    preprocess_name = preprocessing_for_backbone(config.backbone) if config.preprocess == "auto" else config.preprocess
    preprocess = preprocessor(preprocess_name)
    tokenizer, model = load_backbone(config)
    model.config.qawl_preprocess = preprocess_name
    max_length = min(config.max_length, tokenizer.model_max_length, model.config.max_position_embeddings)

    def windows(files: list[str]) -> Any:
        return window_dataset(load_records(files), tokenizer, max_length, config.stride, preprocess)

    train_set = windows(config.train_files)
    dev_set = windows(config.dev_files) if config.dev_files else None
    history: list[dict] = []
    if config.silver_files:
        silver = _stage(
            config,
            model,
            tokenizer,
            windows(config.silver_files),
            dev_set,
            run_dir / "silver",
            config.silver_epochs,
            config.silver_learning_rate or config.learning_rate,
            resume,
        )
        history += [{"stage": "silver", **entry} for entry in silver.state.log_history]
        model = silver.model
    trainer = _stage(
        config, model, tokenizer, train_set, dev_set, run_dir / "gold", config.epochs, config.learning_rate, resume
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
        "best_checkpoint": trainer.state.best_model_checkpoint,
        "train_seconds": round(time.perf_counter() - started, 1),
        "log_history": history,
    }
    metrics.update(_evaluate_saved(partial, config))
    (partial / "qawl_config.json").write_text(json.dumps(dataclasses.asdict(config), indent=2) + "\n")
    (partial / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n")
    write_model_card(partial, config, metrics)
    _replace(partial, output)
    print(f"saved {output} ({metrics['train_seconds']} s)", file=sys.stderr)
    return output


def _evaluate_saved(directory: Path, config: TrainConfig) -> dict[str, Any]:
    """Dev and test scores of the saved model through the public prediction path."""
    from qawl.tagger import QuoteTagger

    tagger = QuoteTagger.from_pretrained(directory)
    out: dict[str, Any] = {}
    for split, files in (("dev", config.dev_files), ("test", config.test_files)):
        if not files:
            continue
        gold = [record for path in files for record in read_jsonl(path)]
        found = tagger.predict([r.text for r in gold], batch_size=config.eval_batch_size)
        predicted = as_predictions(gold, found)
        result = evaluate_records(gold, predicted)
        result.pop("_errors")
        result.update({"data": ", ".join(files), "predictor": "this model", "headline": headline(result)})
        result["table"] = markdown_table(result)
        out[split] = result
    return out


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
    train(config_from_args(args), resume=args.resume)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qawl.training.train", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
