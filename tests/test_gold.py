"""Assembling the gold splits from annotated markup batches (``qawl.training.gold``), on a small temporary corpus."""

import json

import pytest
from qawl.markup import render_markup
from qawl.records import Record, read_jsonl
from qawl.training import gold
from qawl.validate import check_record

from tests.conftest import ANNOTATIONS

SEED = Record("seed-0001", "وقال الوزير إن الحكومة ستدعم الفلاحين.", [], "seed")


@pytest.fixture(scope="module")
def articles():
    """The train split's records stand for the annotated articles (whole ANT articles with their gold); only
    those the validator accepts, so that the test does not depend on the state of the annotation files."""
    records = read_jsonl(ANNOTATIONS / "train.jsonl", validate=False)
    return [r for r in records if not check_record(r.to_dict())]


@pytest.fixture
def work(tmp_path, articles, monkeypatch):
    """A work folder as ``select`` + annotators leave it: three batches, a selection and the adjudicated agreement
    articles; the corpus is those articles' texts, the seed article a stand-in."""
    corpus = [{"id": r.id.removeprefix("ant-"), "text": r.text, "category": "politic"} for r in articles]
    monkeypatch.setattr(gold, "iter_articles", lambda path=None: iter(corpus))
    monkeypatch.setattr(gold, "seed_record", lambda: SEED)
    folder = tmp_path / "work"
    folder.mkdir()
    agreement = [r for r in articles if r.quotes][:9] + [r for r in articles if not r.quotes][:1]
    agreement_ids = {r.id for r in agreement}
    selection = []
    for number in range(3):
        batch = articles[number::3]
        (folder / f"batch_{number + 1:02d}.txt").write_text(render_markup(batch), encoding="utf-8")
        selection += [{"id": r.id, "batch": number + 1, "agreement": r.id in agreement_ids} for r in batch]
    (folder / "selection.json").write_text(json.dumps(selection), encoding="utf-8")
    adjudicated = [Record(r.id, r.text, r.quotes[:1], r.source) for r in agreement]  # differs from the batches
    (folder / "agreement.final.txt").write_text(render_markup(adjudicated), encoding="utf-8")
    (folder / "batch_01.pre.txt").write_text("not a batch: pre-annotation only", encoding="utf-8")
    return folder, agreement


def splits(out):
    return {name: read_jsonl(out / f"{name}.jsonl") for name in ("train", "dev", "test")}


def test_assemble_splits_every_article_once_with_agreement_and_seed_in_test(work, articles, tmp_path, capsys):
    folder, agreement = work
    out = tmp_path / "out"
    gold.assemble(folder, out, seed=13)
    result = splits(out)
    ids = {name: [r.id for r in records] for name, records in result.items()}
    everything = [i for split in ids.values() for i in split]
    assert len(everything) == len(set(everything)) == len(articles) + 1
    assert set(everything) == {r.id for r in articles} | {SEED.id}
    assert all(split == sorted(split) for split in ids.values())
    test = {r.id: r for r in result["test"]}
    assert test[SEED.id] == SEED
    for record in agreement:  # in test, in its adjudicated version
        assert len(test[record.id].quotes) == len(record.quotes[:1])
    assert sum(len(r.quotes) for r in result["dev"]) >= 120
    assert sum(len(r.quotes) for r in result["test"]) >= 180
    for name in ("dev", "test"):
        negatives = sum(1 for r in result[name] if not r.quotes)
        assert negatives >= gold.NEGATIVE_SHARE * len(result[name]) - 1
    original = {r.id: r for r in articles}
    for record in result["train"] + result["dev"]:  # texts and annotations come through untouched
        assert record.text == original[record.id].text and record.quotes == original[record.id].quotes
    assert "| train | " in capsys.readouterr().out  # the statistics table


def test_assemble_is_deterministic_for_a_seed(work, tmp_path):
    folder, _ = work
    gold.assemble(folder, tmp_path / "a", seed=13)
    gold.assemble(folder, tmp_path / "b", seed=13)
    gold.assemble(folder, tmp_path / "c", seed=14)
    for name in ("train", "dev", "test"):
        assert (tmp_path / "a" / f"{name}.jsonl").read_bytes() == (tmp_path / "b" / f"{name}.jsonl").read_bytes()
    assert (tmp_path / "a" / "dev.jsonl").read_bytes() != (tmp_path / "c" / "dev.jsonl").read_bytes()


def test_assemble_refuses_a_batch_whose_text_differs_from_the_corpus(work, articles, tmp_path):
    folder, _ = work
    batch = folder / "batch_02.txt"
    record = articles[1]
    assert record.text[:20] in batch.read_text(encoding="utf-8")
    batch.write_text(batch.read_text(encoding="utf-8").replace(record.text[:20], record.text[:19] + "x", 1))
    with pytest.raises(SystemExit, match=rf"record {record.id}: text differs from the corpus at character 19"):
        gold.assemble(folder, tmp_path / "out", seed=13)
    assert not (tmp_path / "out").exists()


def test_check_lists_unknown_ids_and_counts(work, articles, tmp_path, capsys):
    folder, _ = work
    stray = Record("ant-no-such-article", "قال الوزير إن الحكومة ستدعم الفلاحين.", [], "ant-v1.1:no-such-article")
    (tmp_path / "stray.txt").write_text(render_markup([stray]), encoding="utf-8")
    assert gold.check([str(folder / "batch_01.txt")]) == 0
    assert gold.check([str(tmp_path / "stray.txt")]) == 1
    assert "record ant-no-such-article: not an ANT article id" in capsys.readouterr().out
