import pytest
from hypothesis import given, settings
from qawl.cli import main
from qawl.markup import MarkupError, parse_markup, render_markup
from qawl.records import read_jsonl, write_jsonl

from tests.conftest import annotation_records
from tests.strategies import records

EXAMPLE = """⟦record {"id": "r1", "source": "test"}⟧
⟦c1 وقال⟧ ⟦s1,2 الوزير⟧ إن ⟦t1 الحكومة ستدعم الفلاحين⟧. ⟦c2 وأضاف⟧ "⟦t2 الدعم قادم⟧"، ⟦t2 "سنواصل" العمل⟧.
⟦end⟧

"""


def test_compile_example():
    [record] = parse_markup(EXAMPLE)
    assert record.text == 'وقال الوزير إن الحكومة ستدعم الفلاحين. وأضاف "الدعم قادم"، "سنواصل" العمل.'
    first, second = record.quotes
    assert (first.cue.text, first.speaker.text, first.kind) == ("وقال", "الوزير", "indirect")
    assert second.speaker == first.speaker
    assert [span.text for span in second.content] == ["الدعم قادم", '"سنواصل" العمل']
    assert second.kind == "mixed"
    assert render_markup([record]) == EXAMPLE


def test_annotation_files_round_trip_exactly():
    recs = annotation_records()
    assert recs, "annotations/ holds at least the seed article"
    assert parse_markup(render_markup(recs)) == recs


@settings(max_examples=150, deadline=None)
@given(records())
def test_markup_round_trip_on_generated_records(record):
    markup = render_markup([record])
    assert parse_markup(markup) == [record]
    assert render_markup(parse_markup(markup)) == markup


def test_text_ending_with_newline_round_trips():
    markup = '⟦record {"id": "n", "source": null}⟧\nقال ⟦s1 ميلر⟧: ⟦t1 نعم⟧\n\n⟦end⟧\n\n'
    [record] = parse_markup(markup)
    assert record.text == "قال ميلر: نعم\n"
    assert render_markup([record]) == markup


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("⟦c1 قال⟧ ⟦s1 ميلر", "unmatched or malformed bracket"),
        ("⟦c1 قال⟧ ⟦x1 ميلر⟧ ⟦t1 نعم⟧", "unmatched or malformed bracket"),
        ("⟦c1 قال⟧ ⟦t3 نعم⟧", r"numbered 1..2 without gaps, got \[1, 3\]"),
        ("⟦t2,1 نعم⟧ ⟦t2 لا⟧", "ascending and distinct"),
        ("⟦c1 قال⟧ ⟦c1 أضاف⟧ ⟦t1 نعم⟧", "quote 1 has 2 cue spans"),
        ("⟦c1 قا⟧ل ⟦t1 نعم⟧", "ends inside the word 'قال'"),
        ("⟦c1 قال⟧", "quote 1: quote has no content"),
    ],
)
def test_bad_markup_is_rejected_with_line_and_reason(body, reason):
    with pytest.raises(MarkupError, match=reason) as error:
        parse_markup('\n⟦record {"id": "x"}⟧\n' + body + "\n⟦end⟧\n", file="f.txt")
    assert error.value.problems[0].startswith("f.txt:2: ")


def test_missing_end_and_bad_header():
    with pytest.raises(MarkupError, match="no closing"):
        parse_markup('⟦record {"id": "x"}⟧\nنص')
    with pytest.raises(MarkupError, match="expected a '⟦record"):
        parse_markup("نص بلا رأس")


def test_text_with_brackets_cannot_be_rendered():
    [record] = parse_markup(EXAMPLE)
    record.text = record.text.replace("العمل", "⟦العمل⟧")
    with pytest.raises(ValueError, match="cannot be marked up"):
        render_markup([record])


def test_cli_compile_and_render(tmp_path, capsys):
    source = tmp_path / "a.txt"
    source.write_text(EXAMPLE, encoding="utf-8")
    out = tmp_path / "a.jsonl"
    assert main(["markup", "compile", str(source), "-o", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    assert main(["markup", "render", str(out)]) == 0
    assert capsys.readouterr().out == EXAMPLE
    write_jsonl(read_jsonl(out), out)
    assert main(["markup", "render", str(out), "-o", str(tmp_path / "b.txt")]) == 0
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == EXAMPLE
