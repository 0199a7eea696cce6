"""The gold data keeps its promises: valid records, disjoint splits, sources, the seed in test."""

from pathlib import Path

from qawl.records import read_jsonl
from qawl.validate import validate_files

from tests.conftest import ANNOTATIONS

SPLITS = ("train", "dev", "test")


def test_all_annotation_files_validate():
    files = sorted(ANNOTATIONS.rglob("*.jsonl"))
    assert files
    for path in files:  # separately: the agreement passes repeat ids of the splits on purpose
        assert validate_files([path]) == [], path


def test_splits_are_disjoint_sourced_and_hold_the_seed():
    seen: dict[str, str] = {}
    for split in SPLITS:
        for record in read_jsonl(ANNOTATIONS / f"{split}.jsonl"):
            assert record.id not in seen, f"{record.id} in {seen.get(record.id)} and {split}"
            seen[record.id] = split
            assert record.source and (record.source.startswith("ant-v1.1:") or record.source.startswith("seeds/"))
    assert seen["seed-000_8b1046f0faf7c341"] == "test"


def test_the_seed_record_is_the_seed_file_verbatim():
    seed = next(r for r in read_jsonl(ANNOTATIONS / "test.jsonl") if r.id.startswith("seed-"))
    shared = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_8b1046f0faf7c341.txt"
    if shared.exists():
        assert seed.text == shared.read_text(encoding="utf-8")
    assert len(seed.quotes) == 28
