"""Training end to end with a tiny local model: loss goes down, the output reloads, errors are clear."""

import json

import pytest
from qawl.records import read_jsonl, write_jsonl
from qawl.training.config import TrainConfig
from qawl.training.train import train
from qawl.validate import InvalidRecords

from tests.conftest import ANNOTATIONS


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    path = tmp_path_factory.mktemp("data")
    records = [r for r in read_jsonl(ANNOTATIONS / "train.jsonl") if r.quotes][:8]
    write_jsonl(records[:6], path / "train.jsonl")
    write_jsonl(records[6:], path / "dev.jsonl")
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
    assert set(metrics["dev"]["headline"]) == {
        "content_overlap_f1",
        "cue_exact_f1",
        "speaker_exact_f1",
        "quote_f1",
        "attribution_accuracy",
    }
    assert (output / "model.safetensors").exists() and (output / "README.md").exists()
    assert json.loads((output / "config.json").read_text())["qawl_preprocess"] == "default"
    model = AutoModelForTokenClassification.from_pretrained(output)
    assert model.config.label2id["B-CUE"] == 1
    tagger = pipeline("token-classification", model=str(output), device=-1)
    assert isinstance(tagger("وقال الوزير إن الحكومة ستدعم الفلاحين."), list)
    assert not (tmp_path / "model.partial").exists()


def test_retraining_replaces_the_model_and_resume_continues(tmp_path, tiny_model_dir, data):
    first = train(config(tmp_path, tiny_model_dir, data, epochs=1))
    stamp = (first / "metrics.json").stat().st_mtime
    second = train(config(tmp_path, tiny_model_dir, data, epochs=2), resume=True)
    assert second == first and (second / "metrics.json").stat().st_mtime > stamp
    assert not list(tmp_path.glob("model.old")) and not list(tmp_path.glob("model.partial"))


def test_unknown_backbone_offline_says_how_to_get_it(tmp_path, data):
    with pytest.raises(SystemExit, match="download it where the hub is reachable"):
        train(config(tmp_path, tmp_path / "no-such-model", data))


def test_invalid_data_is_refused_with_the_validator_messages(tmp_path, tiny_model_dir):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "source": null, "text": "قال", "quotes": [{"cue": null}]}\n', encoding="utf-8")
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
