"""Quote sources in the record contract: the validator's rules, the markup notation, evaluation's figures."""

import copy

import pytest
from qawl.markup import parse_markup, render_markup
from qawl.records import Quote, Record, Source, Span
from qawl.validate import check_record

TEXT = "قال المتحدث باسم الوزارة محمد علي إن الوضع مستقر. وأضاف علي أن المفاوضات مستمرة. وقالت الوزيرة إن الحل قريب."


def span(text, fragment, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    return {"start": start, "end": start + len(fragment), "text": fragment}


def record():
    name = span(TEXT, "المتحدث باسم الوزارة محمد علي")
    return {
        "id": "r",
        "source": None,
        "text": TEXT,
        "quotes": [
            {
                "cue": span(TEXT, "قال"),
                "speaker": name,
                "content": [span(TEXT, "الوضع مستقر")],
                "kind": "indirect",
                "source": {"id": "A", "name": name},
            },
            {
                "cue": span(TEXT, "وأضاف"),
                "speaker": span(TEXT, "علي", 1),
                "content": [span(TEXT, "المفاوضات مستمرة")],
                "kind": "indirect",
                "source": {"id": "A", "name": name},
            },
            {
                "cue": span(TEXT, "وقالت"),
                "speaker": span(TEXT, "الوزيرة"),
                "content": [span(TEXT, "الحل قريب")],
                "kind": "indirect",
                "source": {"id": "B", "name": span(TEXT, "الوزيرة")},
            },
        ],
    }


def test_a_record_with_sources_is_valid_and_round_trips():
    data = record()
    assert check_record(data) == []
    parsed = Record.from_dict(data)
    assert parsed.quotes[1].source == Source(
        "A", Span.of(TEXT, *[data["quotes"][0]["speaker"][k] for k in ("start", "end")])
    )
    assert parsed.to_dict() == data


def test_sources_are_optional_and_records_without_them_stay_as_they_were():
    data = record()
    for quote in data["quotes"]:
        del quote["source"]
    assert check_record(data) == []
    assert "source" not in Record.from_dict(data).to_dict()["quotes"][0]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["quotes"][2].update(speaker=None), "a quote without a speaker has no source"),
        (lambda d: d["quotes"][1]["source"].update(name=span(TEXT, "علي", 1)), "one name per source"),
        (lambda d: d["quotes"][2]["source"].update(id="A"), "one name per source"),
        (lambda d: d["quotes"][2]["source"].update(name=span(TEXT, "المتحدث باسم الوزارة محمد علي")), "same name"),
        (lambda d: d["quotes"][2]["source"].update(name=span(TEXT, "الوضع مستقر")), "overlap"),
        (lambda d: d["quotes"][2]["source"].update(id=""), "'id' must be a non-empty string"),
        (lambda d: d["quotes"][2].update(source="B"), "'source' must be an object"),
        (lambda d: d["quotes"][2]["source"].update(name={"start": 0, "end": 2, "text": "قا"}), "inside the word"),
        (lambda d: d["quotes"][2]["source"].update(name=span(TEXT, "علي", 1)), "whose source is 'A'"),
    ],
)
def test_source_problems(change, reason):
    data = copy.deepcopy(record())
    change(data)
    problems = check_record(data)
    assert any(reason in problem for problem in problems), problems


def test_markup_notation_for_sources_compiles_and_renders_back():
    markup = (
        '⟦record {"id": "r", "source": null}⟧\n'
        "⟦c1 قال⟧ ⟦s1@A* المتحدث باسم الوزارة محمد علي⟧ إن ⟦t1 الوضع مستقر⟧. ⟦c2 وأضاف⟧ ⟦s2@A علي⟧ أن "
        "⟦t2 المفاوضات مستمرة⟧. ⟦c3 وقالت⟧ ⟦s3@B الوزيرة⟧ إن ⟦t3 الحل قريب⟧. وكانت ⟦n@B وزيرة الصحة سلمى⟧ هنا.\n"
        "⟦end⟧\n\n"
    )
    (parsed,) = parse_markup(markup)
    assert [q.source.id for q in parsed.quotes] == ["A", "A", "B"]
    assert parsed.quotes[1].source.name.text == "المتحدث باسم الوزارة محمد علي"
    assert parsed.quotes[2].source.name.text == "وزيرة الصحة سلمى"
    assert render_markup([parsed]) == markup


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("⟦c1 قال⟧ ⟦s1@A علي⟧ إن ⟦t1 الوضع مستقر⟧.", "have no name"),
        ("⟦c1 قال⟧ ⟦s1@A* علي⟧ إن ⟦t1 الوضع مستقر⟧. ⟦n@A علي محمد⟧", "2 names"),
        ("⟦c1 قال⟧ ⟦s1 علي⟧ إن ⟦t1 الوضع مستقر⟧. ⟦n@B علي محمد⟧", "belong to no speaker"),
        ("⟦c1@A قال⟧ ⟦s1 علي⟧ إن ⟦t1 الوضع مستقر⟧.", "only speaker tags name a source"),
    ],
)
def test_markup_source_mistakes_are_refused(body, reason):
    from qawl.markup import MarkupError

    with pytest.raises(MarkupError, match=reason):
        parse_markup(f'⟦record {{"id": "r", "source": null}}⟧\n{body}\n⟦end⟧\n')


def test_quote_objects_carry_their_source():
    name = Span.of(TEXT, 4, 34)
    quote = Quote(None, name, [Span.of(TEXT, 38, 49)], "indirect", source=Source("A", name))
    assert quote.to_dict()["source"] == {"id": "A", "name": name.to_dict()}


def test_the_three_source_figures():
    from qawl.training.evaluation import evaluate_records

    gold = Record.from_dict(record())
    assert evaluate_records([gold], [gold])["sources"] == {
        "accuracy": 1.0,
        "name_exact": 1.0,
        "grouping": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1},
        "total": 3,
    }
    # a prediction naming quote 2 by its own speaker span (a mention of source A), and all three one source
    guess = copy.deepcopy(gold)
    short = guess.quotes[1].speaker
    guess.quotes[1].source = Source("X", short)
    guess.quotes[0].source = Source("X", short)
    guess.quotes[2].source = Source("X", short)
    scores = evaluate_records([gold], [guess])["sources"]
    assert scores["accuracy"] == pytest.approx(2 / 3)  # quote 3's name is no mention of the minister
    assert scores["name_exact"] == 0.0
    assert scores["grouping"]["precision"] == pytest.approx(1 / 3) and scores["grouping"]["recall"] == 1.0
    # no predicted sources: every figure 0, the headline figures untouched
    bare = copy.deepcopy(gold)
    for quote in bare.quotes:
        quote.source = None
    metrics = evaluate_records([gold], [bare])
    assert metrics["sources"]["accuracy"] == 0.0 and metrics["sources"]["grouping"]["f1"] == 0.0
    assert metrics["attribution"]["accuracy"] == 1.0
