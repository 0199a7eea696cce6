"""Training end to end with a tiny local model: loss goes down, the output reloads, the checkpoint is chosen by
the shipped predictor's dev scores, fp16 backbones train in fp32, errors are clear."""

import json
import logging
from pathlib import Path

import pytest
import torch
from qawl.records import read_jsonl, write_jsonl
from qawl.training.config import TrainConfig
from qawl.training.evaluation import HEADLINE_KEYS
from qawl.training.train import train
from qawl.validate import InvalidRecords, check_record

from tests.conftest import ANNOTATIONS

BAD_RECORD = '{"id": "x", "source": null, "text": "قال", "quotes": [{"cue": null}]}\n'


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """Six training articles, two dev articles and four silver articles: the shortest valid ones with quotes."""
    path = tmp_path_factory.mktemp("data")
    records = read_jsonl(ANNOTATIONS / "train.jsonl", validate=False)
    records = [r for r in records if r.quotes and not check_record(r.to_dict())]
    records = sorted(records, key=lambda r: (len(r.text), r.id))[:12]
    write_jsonl(records[:6], path / "train.jsonl")
    write_jsonl(records[6:8], path / "dev.jsonl")
    write_jsonl(records[8:], path / "silver.jsonl")
    return path


def config(tmp_path, backbone, data, **extra):
    values = dict(
        backbone=str(backbone),
        train_files=[str(data / "train.jsonl")],
        dev_files=[str(data / "dev.jsonl")],
        test_files=[str(data / "dev.jsonl")],
        output_dir=str(tmp_path / "model"),
        max_length=64,
        stride=16,
        learning_rate=5e-3,
        epochs=8,
        batch_size=8,
        logging_steps=1,
        warmup_ratio=0.0,
        class_weights="sqrt",
    )
    values.update(extra)
    return TrainConfig(**values)


def test_training_lowers_the_loss_and_saves_a_reloadable_model(tmp_path, tiny_model_dir, data):
    from transformers import AutoModelForTokenClassification, pipeline

    output = train(config(tmp_path, tiny_model_dir, data))
    metrics = json.loads((output / "metrics.json").read_text(encoding="utf-8"))
    losses = [entry["loss"] for entry in metrics["log_history"] if "loss" in entry]
    assert len(losses) >= 4 and losses[-1] < losses[0]
    assert {"config", "dev", "test", "log_history", "train_seconds", "preprocess"} <= set(metrics)
    assert set(metrics["dev"]["headline"]) == set(HEADLINE_KEYS)
    assert (output / "model.safetensors").exists() and (output / "README.md").exists()
    assert json.loads((output / "config.json").read_text())["qawl_preprocess"] == "default"
    model = AutoModelForTokenClassification.from_pretrained(output)
    assert model.config.label2id["B-CUE"] == 1
    tagger = pipeline("token-classification", model=str(output), device=-1)
    assert isinstance(tagger("وقال الوزير إن الحكومة ستدعم الفلاحين."), list)
    assert not (tmp_path / "model.partial").exists()


def test_retraining_replaces_the_model_and_resume_continues(tmp_path, tiny_model_dir, data):
    first = train(config(tmp_path, tiny_model_dir, data, epochs=1))
    one_epoch = json.loads((first / "metrics.json").read_text(encoding="utf-8"))["global_step"]
    second = train(config(tmp_path, tiny_model_dir, data, epochs=2), resume=True)
    metrics = json.loads((second / "metrics.json").read_text(encoding="utf-8"))
    assert second == first and metrics["config"]["epochs"] == 2
    assert Path(metrics["resumed_from"]).name == f"checkpoint-{one_epoch}"  # the first run's last checkpoint
    assert metrics["global_step"] == 2 * one_epoch  # only the second epoch was trained on top of it
    steps = [entry["step"] for entry in metrics["log_history"] if "eval_loss" in entry]
    assert steps == [one_epoch, 2 * one_epoch]  # the first run's evaluation came with its checkpoint
    assert not list(tmp_path.glob("model.old")) and not list(tmp_path.glob("model.partial"))


def test_unknown_backbone_offline_says_how_to_get_it(tmp_path, data):
    with pytest.raises(SystemExit, match="download it where the hub is reachable"):
        train(config(tmp_path, tmp_path / "no-such-model", data))


def test_invalid_data_is_refused_with_the_validator_messages(tmp_path, tiny_model_dir):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(BAD_RECORD, encoding="utf-8")
    with pytest.raises(InvalidRecords, match=r"bad.jsonl:1: record x: quote 1: missing field 'speaker'"):
        train(config(tmp_path, tiny_model_dir, tmp_path, train_files=[str(bad)], dev_files=[]))


def test_config_files_and_overrides(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("backbone: some/model\nepochs: 3\n", encoding="utf-8")
    loaded = TrainConfig.load(path, {"epochs": 7, "seed": None})
    assert (loaded.backbone, loaded.epochs, loaded.seed) == ("some/model", 7, 13)
    path.write_text("epochz: 3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown config field"):
        TrainConfig.load(path)


def test_a_tagger_with_other_labels_is_refused(tmp_path, tiny_model_dir, data):
    from transformers import AutoTokenizer, BertConfig, BertForTokenClassification

    labels = {0: "O", 1: "B-PER", 2: "I-PER"}
    ner = BertConfig(vocab_size=300, hidden_size=8, num_hidden_layers=1, num_attention_heads=1, intermediate_size=8)
    ner.id2label, ner.label2id = labels, {v: k for k, v in labels.items()}
    BertForTokenClassification(ner).save_pretrained(tmp_path / "ner")
    AutoTokenizer.from_pretrained(tiny_model_dir).save_pretrained(tmp_path / "ner")
    with pytest.raises(SystemExit, match="not Qawl's"):
        train(config(tmp_path, tmp_path / "ner", data))


def test_segmented_arabert_is_refused_before_any_download(tmp_path, data):
    with pytest.raises(SystemExit, match="Farasa"):
        train(config(tmp_path, "aubmindlab/bert-base-arabertv2", data))


def test_resume_continues_from_the_checkpoint_with_the_highest_step(tmp_path, tiny_model_dir, data, monkeypatch):
    from transformers import Trainer

    for step in (9, 108):  # as text, "checkpoint-9" sorts after "checkpoint-108"
        folder = tmp_path / "model.checkpoints" / "gold" / f"checkpoint-{step}"
        folder.mkdir(parents=True)
        (folder / "trainer_state.json").write_text(json.dumps({"global_step": step}), encoding="utf-8")
        (folder / "model.safetensors").write_bytes(b"")
    chosen = []

    class Stop(Exception):
        pass

    def fake_train(self, resume_from_checkpoint=None, **kwargs):
        chosen.append(resume_from_checkpoint)
        raise Stop

    monkeypatch.setattr(Trainer, "train", fake_train)
    with pytest.raises(Stop):
        train(config(tmp_path, tiny_model_dir, data), resume=True)
    assert chosen and Path(chosen[0]).name == "checkpoint-108"


def test_fine_tuning_an_fp16_model_trains_in_fp32(tmp_path, tiny_model_dir, data):
    from safetensors.torch import load_file
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    half = tmp_path / "half"  # saved as the shipped model is: fp16 weights
    AutoModelForTokenClassification.from_pretrained(tiny_model_dir).half().save_pretrained(half)
    AutoTokenizer.from_pretrained(tiny_model_dir).save_pretrained(half)
    assert {t.dtype for t in load_file(half / "model.safetensors").values()} == {torch.float16}
    output = train(config(tmp_path, half, data, epochs=4))
    weights = load_file(output / "model.safetensors")
    assert {t.dtype for t in weights.values()} == {torch.float32}
    assert all(torch.isfinite(t).all() for t in weights.values())
    metrics = json.loads((output / "metrics.json").read_text(encoding="utf-8"))
    losses = [entry["loss"] for entry in metrics["log_history"] if "loss" in entry]
    assert len(losses) >= 4 and losses[-1] < losses[0]


def test_the_best_checkpoint_and_early_stopping_follow_the_shipped_predictor_scores(
    tmp_path, tiny_model_dir, data, monkeypatch
):
    """Every evaluation runs the real predictor on the dev texts; its mean headline figure picks the checkpoint
    (scripted here: 0.2, 0.9, 0.4, 0.3 — the second wins, and patience 2 stops the run after the fourth)."""
    from qawl.training import evaluation
    from safetensors.torch import load_file

    real = evaluation.headline
    scripted = iter([0.2, 0.9, 0.4, 0.3])

    def headline(metrics):
        figures = real(metrics)
        value = next(scripted, None)
        return figures if value is None else dict.fromkeys(figures, value)

    monkeypatch.setattr(evaluation, "headline", headline)
    output = train(config(tmp_path, tiny_model_dir, data, epochs=8, early_stopping_patience=2))
    metrics = json.loads((output / "metrics.json").read_text(encoding="utf-8"))
    evaluations = [entry for entry in metrics["log_history"] if "eval_loss" in entry]
    assert [entry["eval_headline_mean"] for entry in evaluations] == pytest.approx([0.2, 0.9, 0.4, 0.3])
    figures = {"content_overlap_f1", "cue_exact_f1", "speaker_exact_f1", "quote_f1", "attribution_accuracy"}
    assert {f"eval_{name}" for name in figures} <= set(evaluations[0])
    best = evaluations[1]["step"]
    assert Path(metrics["best_checkpoint"]).name == f"checkpoint-{best}"
    assert metrics["best_metric"] == pytest.approx(0.9)
    saved = load_file(output / "model.safetensors")
    kept = load_file(Path(metrics["best_checkpoint"]) / "model.safetensors")
    assert torch.equal(saved["classifier.weight"], kept["classifier.weight"])  # the best one was loaded at the end


def one_label_tagger(tiny_model_dir, directory, label):
    """The tiny tagger saved to ``directory`` with a classifier bias that always picks label id ``label``."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    model = AutoModelForTokenClassification.from_pretrained(tiny_model_dir)
    with torch.no_grad():
        model.classifier.bias.fill_(-100.0)
        model.classifier.bias[label] = 100.0
    model.save_pretrained(directory)
    AutoTokenizer.from_pretrained(tiny_model_dir).save_pretrained(directory)
    return directory


def test_a_model_that_finds_nothing_on_dev_is_flagged(tmp_path, tiny_model_dir, data, caplog):
    mute = one_label_tagger(tiny_model_dir, tmp_path / "mute", label=0)  # says "O" to every word
    with caplog.at_level(logging.WARNING):
        output = train(config(tmp_path, mute, data, max_steps=1, learning_rate=1e-12, class_weights="none"))
    metrics = json.loads((output / "metrics.json").read_text(encoding="utf-8"))
    assert any("predicts no span" in warning for warning in metrics["warnings"])
    assert "predicts no span" in (output / "README.md").read_text(encoding="utf-8")
    assert any("predicts no span" in record.getMessage() for record in caplog.records)


def test_a_model_that_finds_spans_carries_no_warning(tmp_path, tiny_model_dir, data):
    eager = one_label_tagger(tiny_model_dir, tmp_path / "eager", label=5)  # opens a content span on every word
    output = train(config(tmp_path, eager, data, max_steps=1, learning_rate=1e-12, class_weights="none"))
    metrics = json.loads((output / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["warnings"] == []


def test_qawl_train_on_invalid_data_lists_the_problems_without_a_traceback(tmp_path, tiny_model_dir, capsys):
    from qawl.cli import main

    bad = tmp_path / "bad.jsonl"
    bad.write_text(BAD_RECORD, encoding="utf-8")
    argv = ["train", "--train-files", str(bad), "--dev-files", "--test-files", "--backbone", str(tiny_model_dir)]
    status = main([*argv, "--output-dir", str(tmp_path / "model")])
    err = capsys.readouterr().err
    assert status == 1
    assert "bad.jsonl:1: record x: quote 1: missing field 'speaker'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "model").exists()


def test_the_silver_stage_runs_before_the_gold_stage(tmp_path, tiny_model_dir, data):
    output = train(
        config(tmp_path, tiny_model_dir, data, silver_files=[str(data / "silver.jsonl")], silver_epochs=1, epochs=1)
    )
    metrics = json.loads((output / "metrics.json").read_text(encoding="utf-8"))
    history = metrics["log_history"]
    stages = [entry["stage"] for entry in history]
    assert stages.index("silver") < stages.index("gold") and stages[-1] == "gold"
    for stage in ("silver", "gold"):
        entries = [entry for entry in history if entry["stage"] == stage]
        assert any("loss" in entry for entry in entries)
        assert any("eval_headline_mean" in entry for entry in entries)
    silver_steps = max(entry["step"] for entry in history if entry["stage"] == "silver")
    assert silver_steps > 0 and list((tmp_path / "model.checkpoints" / "silver").glob("checkpoint-*"))
    assert set(metrics["dev"]["headline"]) == set(HEADLINE_KEYS)
