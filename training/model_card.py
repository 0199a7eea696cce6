"""The model card (``README.md``) written next to a trained model."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from .corpus import ANT_CITATION

LIMITATIONS = """- Trained on Modern Standard Arabic news (ANT corpus, Jawhara FM, 2013–2017) and one international-news
  article; other registers (dialects, social media, transcripts) are out of domain.
- One flat layer of quotes: reports nested inside a quote's content are not returned separately.
- Speakers are the spans the text names (or the latest mention); no coreference to full names across documents.
- Scores come from a few hundred articles; small differences between models are within noise."""


def write_model_card(directory: Path, config: Any, metrics: dict[str, Any]) -> None:
    """Write ``README.md`` for the model in ``directory``."""
    hyper = dataclasses.asdict(config)
    rows = "\n".join(f"| `{k}` | `{v}` |" for k, v in hyper.items() if not k.endswith("_dir"))
    silver = f" (after silver: {', '.join(config.silver_files)})" if config.silver_files else ""
    tables = "\n".join(f"### {split}\n\n{metrics[split]['table']}\n" for split in ("dev", "test") if split in metrics)
    warnings = "".join(f"> **Warning:** {warning}.\n>\n" for warning in metrics.get("warnings", []))
    warnings = warnings.removesuffix(">\n") + "\n" if warnings else ""
    selection = metrics.get("selection_metric", "eval_headline_mean")
    card = f"""---
language: ar
license: apache-2.0
library_name: transformers
pipeline_tag: token-classification
tags: [qawl, quotation-attribution, arabic, reported-speech]
---

# Qawl quote tagger

{warnings}Tags **cue** verbs, **speakers** and quoted **content** (IOB2 over words, first subword labelled) in Arabic
news; `qawl.QuoteTagger` links the spans into quotes with exact character offsets.

- **Backbone:** `{config.backbone}` (preprocessing: `{metrics.get("preprocess")}`)
- **Training data:** {", ".join(config.train_files)}{silver}
- **Model selection:** the best dev `{selection}` (the mean of the five headline figures of the shipped
  prediction path: merged windows, Viterbi, linking), early stopping on it; checkpoint
  `{metrics.get("best_checkpoint")}`
- **Training time:** {metrics.get("train_seconds")} s, {metrics.get("train_windows")} training windows

## Use

```python
from qawl import QuoteTagger
tagger = QuoteTagger.from_pretrained("{config.output_dir}")
tagger.predict("وقال الوزير إن الحكومة ستدعم الفلاحين.")
```

It also loads in a plain `pipeline("token-classification")` (labels: O, B/I-CUE, B/I-SPEAKER, B/I-CONTENT).

## Evaluation (through the public prediction path)

{tables or "No dev or test data was given."}
## Hyperparameters

| field | value |
|---|---|
{rows}

## Intended use and limitations

Finding who said what in Arabic news for journalists, media monitors, fact-checkers and researchers.

{LIMITATIONS}

## Citations

- Data: {ANT_CITATION} (Apache-2.0); Qawl annotations (`annotations/`).
"""
    (directory / "README.md").write_text(card, encoding="utf-8")
