"""The model path: ``QuoteTagger`` (a token-classification model + its tokenizer) and ``predict``.

Documents are split into the project's words, tokenized word by word in one batched call, and cut into
overlapping windows of at most ``max_length`` tokens (``stride`` tokens shared between neighbours), so
nothing is ever truncated. Windows from all documents are sorted by length and run in batches with dynamic
padding under ``torch.inference_mode()``. Each word is scored from its first subword in the window where it
sits farthest from an edge; IOB2-constrained Viterbi decodes the words; spans are linked into quotes.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tqdm import tqdm
from transformers import AutoModelForTokenClassification, AutoTokenizer

from .combine import MODES, combine
from .decoding import decode, span_score
from .encoding import encode_documents, first_subwords, windows_by_document
from .inputs import check_texts
from .labels import LABELS
from .linking import link
from .preprocess import preprocessor
from .records import Quote, Span
from .rules import find_quotes
from .sources import assign_sources


def _shipped_model_dir() -> Path:
    """Where the default model lies: the installed ``qawl.models`` package (``models/`` of the checkout)."""
    spec = importlib.util.find_spec("qawl.models")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parent.parent / "models"


DEFAULT_MODEL_DIR = _shipped_model_dir()
DOCUMENTS_PER_CHUNK = 256


def default_model_path() -> Path:
    """The shipped default model (``models/`` of the distribution)."""
    if not (DEFAULT_MODEL_DIR / "config.json").exists():
        raise FileNotFoundError(
            f"the default model is missing from {DEFAULT_MODEL_DIR} (an incomplete install?): reinstall qawl, pass a "
            "model directory or hub id to QuoteTagger.from_pretrained(...), or use the rule-based finder "
            "qawl.rules.predict(...)"
        )
    return DEFAULT_MODEL_DIR


def pick_device(device: str | torch.device | None) -> torch.device:
    """``None`` picks CUDA when present, else the CPU."""
    if device is None:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


class QuoteTagger:
    """Find quotes with a token-classification model whose labels are :data:`qawl.labels.LABELS`."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        device: str | torch.device | None = None,
        max_length: int = 512,
        stride: int = 128,
        preprocess: str | None = None,
        combine: str | None = None,
    ):
        if not getattr(tokenizer, "is_fast", False):
            raise ValueError("QuoteTagger needs a fast tokenizer (offsets and word ids come from it)")
        label2id = getattr(model.config, "label2id", {}) or {}
        missing = [label for label in LABELS if label not in label2id]
        if missing:
            raise ValueError(
                f"the model's labels {sorted(label2id)} do not match Qawl's {list(LABELS)} (missing {missing})"
            )
        self.label_order = [label2id[label] for label in LABELS]
        self.preprocess_name = preprocess or getattr(model.config, "qawl_preprocess", None) or "default"
        self.preprocess = preprocessor(self.preprocess_name)
        self.combine = combine or getattr(model.config, "qawl_combine", None) or "model"
        if self.combine not in MODES:
            raise ValueError(f"unknown combination {self.combine!r} (known: {', '.join(MODES)})")
        self.device = pick_device(device)
        positions = getattr(model.config, "max_position_embeddings", max_length)
        self.max_length = min(max_length, positions, getattr(tokenizer, "model_max_length", max_length))
        self.stride = min(stride, self.max_length // 2)
        self.model = model.to(self.device).eval()
        self.tokenizer = tokenizer

    @classmethod
    def from_pretrained(
        cls,
        path_or_id: str | Path | None = None,
        device: str | torch.device | None = None,
        *,
        quantize: bool = False,
        **kwargs: Any,
    ) -> QuoteTagger:
        """Load a saved tagger (``None``: the shipped default). ``quantize`` applies int8 dynamic
        quantisation of the linear layers, for CPU inference; other keyword arguments (``max_length``,
        ``stride``, ``preprocess``, ``combine``: ``model`` | ``rules-first`` | ``model-first``) go to the
        constructor and override what the model's config records."""
        path = default_model_path() if path_or_id is None else path_or_id
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModelForTokenClassification.from_pretrained(path)
        # fp16 on CUDA; fp32 on the CPU, whatever the weights were stored in (the shipped model is fp16)
        model = model.half() if pick_device(device).type == "cuda" else model.float()
        if quantize:
            if pick_device(device).type != "cpu":
                raise ValueError("int8 dynamic quantisation runs on the CPU only")
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        return cls(model, tokenizer, device=device, **kwargs)

    def predict(
        self, texts: str | Sequence[str], *, batch_size: int = 32, progress: bool = False
    ) -> list[Quote] | list[list[Quote]]:
        """Quotes of one document (a string) or of many (a list of strings, same order)."""
        single, documents = check_texts(texts)
        quotes: list[list[Quote]] = []
        for text, words, log_probs in self._scored_words(documents, batch_size, progress):
            found = link(text, decode(text, words, log_probs))
            if self.combine != "model":
                rules = [_model_scored(q, words, log_probs) for q in find_quotes(text)]
                found = combine(found, rules, self.combine)
            quotes.append(assign_sources(found))
        return quotes[0] if single else quotes

    __call__ = predict

    def tag(
        self, texts: str | Sequence[str], *, batch_size: int = 32, progress: bool = False
    ) -> list[Span] | list[list[Span]]:
        """Decoded role spans of one document (a string) or of many (a list of strings), before linking."""
        single, documents = check_texts(texts)
        spans = [
            decode(text, words, log_probs)
            for text, words, log_probs in self._scored_words(documents, batch_size, progress)
        ]
        return spans[0] if single else spans

    def _scored_words(
        self, texts: Sequence[str], batch_size: int, progress: bool
    ) -> Iterator[tuple[str, list[tuple[int, int]], np.ndarray]]:
        """``(text, words, log-probabilities)`` per document, in order, :data:`DOCUMENTS_PER_CHUNK` at a time."""
        with tqdm(total=len(texts), unit="doc", disable=not progress) as bar:
            for start in range(0, len(texts), DOCUMENTS_PER_CHUNK):
                chunk = list(texts[start : start + DOCUMENTS_PER_CHUNK])
                yield from zip(chunk, *self.word_log_probs(chunk, batch_size))
                bar.update(len(chunk))

    def word_log_probs(self, texts: Sequence[str], batch_size: int = 32) -> tuple[list[list[tuple[int, int]]], list]:
        """Words of each document and, per word, the log-probabilities of :data:`LABELS` (rows aligned)."""
        nonempty = [i for i, text in enumerate(texts) if text.strip()]
        words: list[list[tuple[int, int]]] = [[] for _ in texts]
        scores: list[np.ndarray] = [np.zeros((0, len(LABELS)), dtype=np.float32) for _ in texts]
        if not nonempty:
            return words, scores
        encoding, doc_words = encode_documents(
            self.tokenizer,
            [texts[i] for i in nonempty],
            preprocess=self.preprocess,
            truncation=True,
            max_length=self.max_length,
            stride=self.stride,
            return_overflowing_tokens=True,
        )
        per_window = self._run_windows(encoding, batch_size)
        for doc, windows in enumerate(windows_by_document(encoding)):
            n_words = len(doc_words[doc])
            best = np.full(n_words, -1)
            matrix = np.zeros((n_words, len(LABELS)), dtype=np.float32)
            matrix[:, 0] = 0.0  # a word never scored stays "O" (cannot happen: every word has a first subword)
            matrix[:, 1:] = -1e4
            for window, marks in zip(windows, first_subwords(encoding, windows)):
                length = len(marks)
                for position, word in enumerate(marks):
                    if word is None:
                        continue
                    context = min(position, length - 1 - position)
                    if context > best[word]:
                        best[word] = context
                        matrix[word] = per_window[window][position]
            words[nonempty[doc]] = doc_words[doc]
            scores[nonempty[doc]] = matrix
        return words, scores

    def _run_windows(self, encoding: Any, batch_size: int) -> list[np.ndarray]:
        """Label log-probabilities (ordered as LABELS) for every token of every window."""
        names = [name for name in self.tokenizer.model_input_names if name in encoding]
        lengths = [len(ids) for ids in encoding["input_ids"]]
        order = sorted(range(len(lengths)), key=lengths.__getitem__)
        results: list[np.ndarray] = [np.zeros(0)] * len(lengths)
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                batch = order[start : start + batch_size]
                features = [{name: encoding[name][i] for name in names} for i in batch]
                inputs = self.tokenizer.pad(features, return_tensors="pt").to(self.device)
                logits = self.model(**inputs).logits.float()
                log_probs = torch.log_softmax(logits[..., self.label_order], dim=-1).cpu().numpy()
                for row, window in enumerate(batch):
                    results[window] = log_probs[row, : lengths[window]]
        return results


def _model_scored(quote: Quote, words: Sequence[tuple[int, int]], log_probs: np.ndarray) -> Quote:
    """A rule quote with the model's scores: each span's as in decoding, the quote's their mean."""

    def scored(role: str, span: Span) -> Span:
        return replace(span, score=round(span_score(words, log_probs, role, span.start, span.end), 4))

    cue = scored("cue", quote.cue) if quote.cue else None
    speaker = scored("speaker", quote.speaker) if quote.speaker else None
    content = [scored("content", span) for span in quote.content]
    members = [span.score for span in (cue, speaker, *content) if span is not None]
    return replace(quote, cue=cue, speaker=speaker, content=content, score=round(sum(members) / len(members), 4))


_DEFAULT: QuoteTagger | None = None
_DEFAULT_LOCK = threading.Lock()


def default_tagger() -> QuoteTagger:
    """The shipped default model, loaded once (threads calling at once wait for the one load)."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = QuoteTagger.from_pretrained()
    return _DEFAULT


def predict(texts: str | Sequence[str], **kwargs: Any) -> list[Quote] | list[list[Quote]]:
    """Quotes in one document (a string) or many (a list of strings), with the shipped default model.

    Keyword arguments go to :meth:`QuoteTagger.predict` (``batch_size``, ``progress``).
    """
    check_texts(texts)
    return default_tagger().predict(texts, **kwargs)
