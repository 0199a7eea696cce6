import json

from hypothesis import given, settings
from qawl.records import Quote, Record, Span, read_jsonl, write_jsonl

from tests.strategies import records

CONTRACT_EXAMPLE = {
    "id": "ant-JA-politic-12-20170301",
    "source": "ant-v1.1:JA-politic-12-20170301",
    "text": "وقال الوزير إن الحكومة ستدعم الفلاحين.",
    "quotes": [
        {
            "cue": {"start": 0, "end": 4, "text": "وقال"},
            "speaker": {"start": 5, "end": 11, "text": "الوزير"},
            "content": [{"start": 15, "end": 37, "text": "الحكومة ستدعم الفلاحين"}],
            "kind": "indirect",
        }
    ],
}


def test_contract_example_round_trips_exactly():
    record = Record.from_dict(CONTRACT_EXAMPLE)
    assert record.quotes[0].speaker == Span(5, 11, "الوزير")
    assert record.to_dict() == CONTRACT_EXAMPLE
    assert list(record.to_dict()) == ["id", "source", "text", "quotes"]


def test_scores_appear_only_when_set():
    quote = Quote(None, Span(0, 4, "وقال", 0.9), [Span(5, 9, "شيئا", 0.75)], "indirect", score=0.5)
    data = quote.to_dict()
    assert data == {
        "cue": None,
        "speaker": {"start": 0, "end": 4, "text": "وقال", "score": 0.9},
        "content": [{"start": 5, "end": 9, "text": "شيئا", "score": 0.75}],
        "kind": "indirect",
        "score": 0.5,
    }
    assert Quote.from_dict(data) == quote


def test_extra_keys_survive_in_meta(tmp_path):
    data = {**CONTRACT_EXAMPLE, "silver": True}
    record = Record.from_dict(data)
    assert record.meta == {"silver": True}
    write_jsonl([record], tmp_path / "a.jsonl")
    assert json.loads((tmp_path / "a.jsonl").read_text(encoding="utf-8")) == data


def test_jsonl_keeps_arabic_readable(tmp_path):
    write_jsonl([Record.from_dict(CONTRACT_EXAMPLE)], tmp_path / "a.jsonl")
    assert "الوزير" in (tmp_path / "a.jsonl").read_text(encoding="utf-8")


@settings(max_examples=60, deadline=None)
@given(records())
def test_jsonl_round_trip(tmp_path_factory, record):
    path = tmp_path_factory.mktemp("rt") / "r.jsonl"
    write_jsonl([record], path)
    assert read_jsonl(path) == [record]
