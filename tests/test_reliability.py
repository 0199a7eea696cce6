"""Hostile and odd input found by probing: each is refused with a clear message, or handled, never a crash."""

import json
import threading
import time

import pytest
from qawl import rules, tagger
from qawl.cli import main
from qawl.records import LineError, Span, read_jsonl
from qawl.tagger import QuoteTagger
from qawl.validate import check_record, validate_files

from tests.test_validate import GOOD

RECORD = {**GOOD, "quotes": GOOD["quotes"][:1]}  # one indirect quote
TEXT = RECORD["text"]
DEEP = "[" * 100_000 + "]" * 100_000


def write_lines(path, *lines):
    """Write ``lines`` (records, strings or bytes) as a JSONL file, one a line."""
    raw = [
        line if isinstance(line, bytes) else (line if isinstance(line, str) else json.dumps(line)).encode("utf-8")
        for line in lines
    ]
    path.write_bytes(b"\n".join(raw) + b"\n")
    return path


def run_cli(capsys, *argv):
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


@pytest.fixture(scope="module")
def tiny(tiny_model_dir):
    return QuoteTagger.from_pretrained(tiny_model_dir, device="cpu")


# --- 1. a lone surrogate is refused alike on both paths ---------------------------------------------------
LONE = "قال \ud800"
LONE_MESSAGE = r"texts\[0\] contains a lone surrogate at offset 4 \(U\+D800\): not valid Unicode text"


def test_lone_surrogate_is_refused_by_the_rules():
    with pytest.raises(ValueError, match=LONE_MESSAGE):
        rules.predict(LONE)
    with pytest.raises(ValueError, match=r"texts\[1\] contains a lone surrogate at offset 1 \(U\+DC80\)"):
        rules.predict(["قال", "x\udc80y"])


def test_lone_surrogate_is_refused_by_the_model(tiny):
    with pytest.raises(ValueError, match=LONE_MESSAGE):
        tiny.predict(LONE)
    with pytest.raises(ValueError, match=LONE_MESSAGE):
        tiny.tag([LONE])


def test_lone_surrogate_is_refused_before_any_model_loads(monkeypatch):
    def no_model():
        raise AssertionError("a model was loaded for input that is refused")

    monkeypatch.setattr(tagger, "default_tagger", no_model)
    with pytest.raises(ValueError, match=LONE_MESSAGE):
        tagger.predict(LONE)


def test_lone_surrogate_in_jsonl_input_is_refused_with_its_line(tmp_path, capsys):
    path = write_lines(tmp_path / "in.jsonl", {"id": "a", "text": "قال"}, '{"id": "b", "text": "قال \\ud800"}')
    status, out, err = run_cli(capsys, "predict", "--rules", "--quiet", path)
    assert status == 2 and out == ""
    assert f"{path}:2: 'text' has a lone surrogate U+D800 at 4" in err


# --- 2. JSON nested too deeply is a problem of its line, in every command that reads JSONL -------------------
def test_validate_reports_json_nested_too_deeply(tmp_path, capsys):
    path = write_lines(tmp_path / "deep.jsonl", RECORD, DEEP)
    status, out, _ = run_cli(capsys, "validate", path)
    assert status == 1
    assert out.splitlines() == [f"{path}:2: record <no id>: JSON nested too deeply"]


def test_predict_reports_json_nested_too_deeply(tmp_path, capsys):
    path = write_lines(tmp_path / "deep.jsonl", {"id": "a", "text": TEXT}, DEEP)
    status, out, err = run_cli(capsys, "predict", "--rules", "--quiet", path)
    assert status == 2 and out == ""
    assert f"{path}:2: JSON nested too deeply" in err


def test_markup_render_reports_json_nested_too_deeply(tmp_path, capsys):
    path = write_lines(tmp_path / "deep.jsonl", DEEP)
    status, out, err = run_cli(capsys, "markup", "render", path)
    assert status == 1 and out == ""
    assert f"{path}:1: record <no id>: JSON nested too deeply" in err


def test_evaluate_reports_json_nested_too_deeply(tmp_path, capsys):
    gold = write_lines(tmp_path / "gold.jsonl", RECORD)
    predictions = write_lines(tmp_path / "predictions.jsonl", RECORD | {"quotes": []}, DEEP)
    status, out, err = run_cli(capsys, "evaluate", "--predictions", predictions, "--data", gold)
    assert status == 1 and out == ""
    assert f"{predictions}:2: record <no id>: JSON nested too deeply" in err.splitlines()


def test_read_jsonl_without_validation_names_the_line(tmp_path):
    path = write_lines(tmp_path / "deep.jsonl", RECORD, DEEP)
    with pytest.raises(LineError, match=r"deep\.jsonl:2: JSON nested too deeply") as caught:
        read_jsonl(path, validate=False)
    assert (caught.value.line, caught.value.reason) == (2, "JSON nested too deeply")


def test_markup_header_nested_too_deeply(tmp_path, capsys):
    path = tmp_path / "deep.txt"
    path.write_text('⟦record {"id": "a", "x": ' + DEEP + "}⟧\nنص\n⟦end⟧\n", encoding="utf-8")
    status, _, err = run_cli(capsys, "markup", "compile", path, "-o", tmp_path / "out.jsonl")
    assert status == 1
    assert f"{path}:1: header: JSON nested too deeply" in err


# --- 3. one bad byte costs its line, not the file ----------------------------------------------------------
def test_invalid_utf8_is_reported_on_its_line_and_the_rest_is_checked(tmp_path, capsys):
    bad = '{"id": "r2", "text": "قال'.encode() + b"\xff" + b'"}'
    path = write_lines(tmp_path / "bad.jsonl", RECORD, bad, {"id": "r3", "source": None, "text": "x"})
    problems = validate_files([path])
    assert [(p.line, p.reason) for p in problems] == [
        (2, "not valid UTF-8 (byte 0xff at column 26)"),
        (3, "missing field 'quotes'"),
    ]
    assert problems[1].record_id == "r3"
    status, out, _ = run_cli(capsys, "validate", path)
    assert status == 1
    assert out.splitlines() == [
        f"{path}:2: record <no id>: not valid UTF-8 (byte 0xff at column 26)",
        f"{path}:3: record r3: missing field 'quotes'",
    ]


def test_predict_names_the_line_with_invalid_utf8(tmp_path, capsys):
    path = write_lines(tmp_path / "bad.jsonl", {"id": "a", "text": TEXT}, b'{"text": "\xc3("}')
    status, _, err = run_cli(capsys, "predict", "--rules", "--quiet", path)
    assert status == 2
    assert f"{path}:2: not valid UTF-8 (byte 0xc3 at column 11)" in err


# --- 4. validation is O(n log n) in the spans of a record ---------------------------------------------------
QUOTED = "وقال الوزير إن الحكومة ستدعم الفلاحين في الموسم المقبل. "
FILLER = "وارتفعت الصادرات بنسبة 24 بالمائة منذ بداية الموسم في المنطقة الجنوبية من البلاد. "


def _span(text: str, start: int, part: str) -> dict:
    start = text.index(part, start)
    return {"start": start, "end": start + len(part), "text": part}


def big_record(quotes: int, fillers: int) -> dict:
    """``quotes`` sentences, each quoted (cue, speaker, content), each followed by ``fillers`` plain sentences."""
    unit = QUOTED + FILLER * fillers
    text = unit * quotes
    records = []
    for number in range(quotes):
        at = number * len(unit)
        records.append(
            {
                "cue": _span(text, at, "وقال"),
                "speaker": _span(text, at, "الوزير"),
                "content": [_span(text, at, "الحكومة ستدعم الفلاحين في الموسم المقبل")],
                "kind": "indirect",
            }
        )
    return {"id": "big", "source": None, "text": text, "quotes": records}


def test_a_one_megabyte_record_with_five_thousand_quotes():
    record = big_record(5000, 2)
    text, quotes = record["text"], record["quotes"]
    assert len(text.encode("utf-8")) > 1_000_000
    # quote 1001: its content swallows its speaker (roles overlap)
    at = quotes[1000]["speaker"]["start"]
    quotes[1000]["content"] = [_span(text, at, "الوزير إن الحكومة ستدعم الفلاحين في الموسم المقبل")]
    # quote 2002 names quote 2001's speaker (a shared speaker: allowed) and has no cue of its own
    quotes[2001]["speaker"] = quotes[2000]["speaker"]
    quotes[2001]["cue"] = None
    unit = len(text) // 5000
    # quote 5001 shares quote 3001's cue (allowed) and quotes a filler sentence
    quotes.append(
        {
            "cue": quotes[3000]["cue"],
            "speaker": None,
            "content": [_span(text, 3000 * unit + len(QUOTED), "وارتفعت الصادرات")],
            "kind": "indirect",
        }
    )
    # quote 5002 has a speaker that partly overlaps quote 4001's (one role, not identical)
    quotes.append(
        {
            "cue": None,
            "speaker": _span(text, 4000 * unit, "الوزير إن"),
            "content": [_span(text, 4000 * unit + len(QUOTED), "بداية الموسم")],
            "kind": "indirect",
        }
    )
    assert len(quotes) == 5002
    speaker_1001 = quotes[1000]["speaker"]
    speaker_4001 = quotes[4000]["speaker"]
    assert check_record(record) == [
        f"spans of different roles overlap: quote 1001 speaker [{speaker_1001['start']}:{speaker_1001['end']}] "
        f"'الوزير' and quote 1001 content [{speaker_1001['start']}:{quotes[1000]['content'][0]['end']}] "
        "'الوزير إن الحكومة ستدعم الفلاحين في الموسم المقبل'",
        f"speaker spans overlap: quote 4001 speaker [{speaker_4001['start']}:{speaker_4001['end']}] 'الوزير' and "
        f"quote 5002 speaker [{speaker_4001['start']}:{speaker_4001['start'] + 9}] 'الوزير إن'",
    ]


def test_validation_work_grows_with_the_spans_not_their_pairs(monkeypatch):
    """Counted, not timed: spans compared for overlap, and pairings of the quotation marks of the text."""
    from qawl import validate

    counts = {"compared": 0, "paired": 0}
    overlaps, pair_marks = Span.overlaps, validate.pair_marks

    def counted_overlaps(self, other):
        counts["compared"] += 1
        return overlaps(self, other)

    def counted_pair_marks(text):
        counts["paired"] += 1
        return pair_marks(text)

    monkeypatch.setattr(Span, "overlaps", counted_overlaps)
    monkeypatch.setattr(validate, "pair_marks", counted_pair_marks)
    record = big_record(300, 0)
    assert check_record(record) == []
    assert counts["compared"] <= 3 * 300  # all pairs would be 900 * 899 / 2
    assert counts["paired"] == 1


# --- 5. JSONL input with a non-string id or source is refused with its line ---------------------------------
@pytest.mark.parametrize("output", ["jsonl", "html"])
def test_predict_refuses_a_non_string_id(tmp_path, capsys, output):
    path = write_lines(tmp_path / "in.jsonl", {"id": 5, "text": TEXT})
    status, out, err = run_cli(capsys, "predict", "--rules", "--quiet", "--format", output, path)
    assert status == 2 and out == ""
    assert f"{path}:1: 'id' must be a string, got int" in err


def test_predict_refuses_a_non_string_source(tmp_path, capsys):
    path = write_lines(tmp_path / "in.jsonl", {"id": "a", "text": TEXT}, {"id": "b", "source": ["x"], "text": TEXT})
    status, out, err = run_cli(capsys, "predict", "--rules", "--quiet", path)
    assert status == 2 and out == ""
    assert f"{path}:2: 'source' must be a string or null, got list" in err


# --- 6. qawl evaluate on invalid data lists the problems, as qawl validate does ------------------------------
def test_evaluate_lists_the_problems_of_invalid_data(tmp_path, capsys):
    bad = write_lines(
        tmp_path / "bad.jsonl", RECORD, {key: RECORD[key] for key in ("id", "source", "text")} | {"id": "r2"}
    )
    status, out, err = run_cli(capsys, "evaluate", "--rules", "--data", bad)
    assert status == 1 and out == ""
    assert f"{bad}:2: record r2: missing field 'quotes'" in err.splitlines()


# --- 7. the default model loads once, however many threads ask at once ---------------------------------------
def test_default_tagger_loads_once_across_threads(monkeypatch):
    loads = []

    def slow_load(*args, **kwargs):
        loads.append(threading.get_ident())
        time.sleep(0.2)
        return object()

    monkeypatch.setattr(tagger, "_DEFAULT", None)
    monkeypatch.setattr(QuoteTagger, "from_pretrained", staticmethod(slow_load))
    start = threading.Barrier(4)
    got = []

    def ask():
        start.wait()
        got.append(tagger.default_tagger())

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loads) == 1
    assert len(got) == 4 and all(model is got[0] for model in got)


# --- 8. QuoteTagger.tag takes what predict takes -------------------------------------------------------------
def test_tag_takes_one_string_or_a_list(tiny):
    one = tiny.tag(TEXT)
    assert all(isinstance(span, Span) for span in one)
    assert tiny.tag([TEXT, "قال"])[0] == one
    assert len(tiny.tag([TEXT, "قال"])) == 2
    with pytest.raises(TypeError, match="got int"):
        tiny.tag(5)
    with pytest.raises(TypeError, match="got bytes"):
        tiny.tag(b"bytes")
    with pytest.raises(TypeError, match=r"texts\[1\] must be a str, got NoneType"):
        tiny.tag([TEXT, None])
