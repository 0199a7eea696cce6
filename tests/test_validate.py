import copy
import json

import pytest
from qawl.cli import main
from qawl.records import read_jsonl
from qawl.validate import InvalidRecords, check_record, validate_files

TEXT = 'وقال الوزير إن الحكومة ستدعم الفلاحين. وأضاف "الدعم قادم".'
GOOD = {
    "id": "r1",
    "source": "test",
    "text": TEXT,
    "quotes": [
        {
            "cue": {"start": 0, "end": 4, "text": "وقال"},
            "speaker": {"start": 5, "end": 11, "text": "الوزير"},
            "content": [{"start": 15, "end": 37, "text": "الحكومة ستدعم الفلاحين"}],
            "kind": "indirect",
        },
        {
            "cue": {"start": 39, "end": 44, "text": "وأضاف"},
            "speaker": {"start": 5, "end": 11, "text": "الوزير"},
            "content": [{"start": 46, "end": 56, "text": "الدعم قادم"}],
            "kind": "direct",
        },
    ],
}


def broken(change):
    record = copy.deepcopy(GOOD)
    change(record)
    return record


def write(tmp_path, *records, name="data.jsonl"):
    path = tmp_path / name
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_good_record_is_valid_and_shared_speaker_is_fine():
    assert TEXT[46:56] == "الدعم قادم"
    assert check_record(GOOD) == []


def test_invalid_json_reports_file_and_line(tmp_path):
    path = write(tmp_path, GOOD, '{"id": "r2", "text": ')
    [problem] = validate_files([path])
    assert (problem.file, problem.line, problem.record_id) == (str(path), 2, None)
    assert problem.reason.startswith("invalid JSON")


@pytest.mark.parametrize("field", ["id", "source", "text", "quotes"])
def test_missing_record_field(field):
    assert f"missing field '{field}'" in check_record(broken(lambda r: r.pop(field)))


def test_missing_quote_field():
    assert "quote 1: missing field 'kind'" in check_record(broken(lambda r: r["quotes"][0].pop("kind")))


def test_span_text_mismatch():
    problems = check_record(broken(lambda r: r["quotes"][0]["cue"].update(text="قال")))
    assert problems == ["quote 1 cue: text[0:4] is 'وقال', not 'قال'"]


def test_span_inside_a_word():
    def cut(record):
        record["quotes"][0]["cue"] = {"start": 1, "end": 4, "text": "قال"}

    problems = check_record(broken(cut))
    assert problems == ["quote 1 cue: span [1:4] starts inside the word 'وقال'"]

    def cut_end(record):
        record["quotes"][0]["speaker"] = {"start": 5, "end": 9, "text": "الوز"}

    assert "quote 1 speaker: span [5:9] ends inside the word 'الوزير'" in check_record(broken(cut_end))


def test_span_out_of_range_or_empty():
    problems = check_record(broken(lambda r: r["quotes"][0]["cue"].update(start=4, end=4, text="")))
    assert problems == [f"quote 1 cue: span [4:4] is empty (text has {len(TEXT)} characters)"]
    problems = check_record(broken(lambda r: r["quotes"][0]["cue"].update(end=999)))
    assert problems == [f"quote 1 cue: span [0:999] is out of range (text has {len(TEXT)} characters)"]


def test_span_with_edge_whitespace():
    problems = check_record(broken(lambda r: r["quotes"][0]["cue"].update(end=5, text="وقال ")))
    assert problems[0] == "quote 1 cue: span [0:5] starts or ends with whitespace or an invisible mark"


def test_roles_overlap():
    def overlap(record):
        record["quotes"][0]["speaker"] = {"start": 0, "end": 11, "text": "وقال الوزير"}
        record["quotes"][1]["speaker"] = None

    problems = check_record(broken(overlap))
    assert problems == [
        "spans of different roles overlap: quote 1 cue [0:4] 'وقال' and quote 1 speaker [0:11] 'وقال الوزير'"
    ]


def test_same_role_partial_overlap():
    def overlap(record):
        record["quotes"][1]["speaker"] = {"start": 5, "end": 14, "text": "الوزير إن"}

    problems = check_record(broken(overlap))
    assert problems == ["speaker spans overlap: quote 1 speaker [5:11] 'الوزير' and quote 2 speaker [5:14] 'الوزير إن'"]


def test_quote_without_content():
    assert check_record(broken(lambda r: r["quotes"][0].update(content=[]))) == ["quote 1: quote has no content"]


def test_unknown_kind():
    problems = check_record(broken(lambda r: r["quotes"][0].update(kind="reported")))
    assert problems == ["quote 1: unknown kind 'reported' (expected one of direct, indirect, mixed)"]


@pytest.mark.parametrize(("quote", "wrong", "right"), [(0, "direct", "indirect"), (1, "indirect", "direct")])
def test_kind_contradicting_marks(quote, wrong, right):
    problems = check_record(broken(lambda r: r["quotes"][quote].update(kind=wrong)))
    assert len(problems) == 1
    assert problems[0].startswith(f"quote {quote + 1}: kind '{wrong}' contradicts the quotation marks")
    assert f"they make it '{right}'" in problems[0]


def test_mixed_needs_marks_inside_the_clause():
    text = 'قال إن الوزير "غاضب جدا" اليوم'
    record = {
        "id": "m",
        "source": None,
        "text": text,
        "quotes": [
            {
                "cue": {"start": 0, "end": 3, "text": "قال"},
                "speaker": None,
                "content": [{"start": 7, "end": 30, "text": text[7:30]}],
                "kind": "indirect",
            }
        ],
    }
    assert "they make it 'mixed'" in check_record(record)[0]
    record["quotes"][0]["kind"] = "mixed"
    assert check_record(record) == []


def test_content_out_of_order():
    def swap(record):
        record["quotes"][0]["content"] = [
            {"start": 23, "end": 37, "text": "ستدعم الفلاحين"},
            {"start": 15, "end": 22, "text": "الحكومة"},
        ]

    assert "quote 1: content spans must be listed in text order" in check_record(broken(swap))


def test_duplicate_ids_across_files(tmp_path):
    first = write(tmp_path, GOOD, name="a.jsonl")
    second = write(tmp_path, GOOD, name="b.jsonl")
    [problem] = validate_files([first, second])
    assert (problem.file, problem.line, problem.record_id) == (str(second), 1, "r1")
    assert problem.reason == f"duplicate id (first at {first}:1)"


def test_cli_lists_every_problem_and_exits_1(tmp_path, capsys):
    bad = broken(lambda r: r["quotes"][0].update(kind="reported"))
    bad["quotes"][1]["cue"]["text"] = "x"
    bad["id"] = "r2"
    path = write(tmp_path, GOOD, "not json", bad)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3
    assert out[0].startswith(f"{path}:2: record <no id>: invalid JSON")
    assert out[1] == f"{path}:3: record r2: quote 1: unknown kind 'reported' (expected one of direct, indirect, mixed)"
    assert out[2] == f"{path}:3: record r2: quote 2 cue: text[39:44] is 'وأضاف', not 'x'"


def test_cli_exits_0_on_valid_files(tmp_path):
    assert main(["validate", str(write(tmp_path, GOOD))]) == 0


def test_read_jsonl_refuses_invalid_data(tmp_path):
    path = write(tmp_path, broken(lambda r: r["quotes"][0].update(content=[])))
    with pytest.raises(InvalidRecords, match=r"data.jsonl:1: record r1: quote 1: quote has no content"):
        read_jsonl(path)
