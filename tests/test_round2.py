"""Round-2 gold tooling: guessed sources for pre-annotation, and the phenomena counted per split."""

from qawl.records import Quote, Record, Span
from qawl.training.round2 import guess_sources, phenomena
from qawl.validate import check_record

TEXT = (
    "قال المتحدث باسم الخارجية، ماثيو ميلر، إن الوضع مستقر. وأضاف ميلر أن المفاوضات مستمرة. وقالت الوزيرة إن الحل قريب."
)


def at(fragment, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(fragment, start + 1)
    return Span.of(TEXT, start, start + len(fragment))


def quotes():
    return [
        Quote(at("قال"), at("المتحدث باسم الخارجية، ماثيو ميلر"), [at("الوضع مستقر")], "indirect"),
        Quote(at("وأضاف"), at("ميلر", 1), [at("المفاوضات مستمرة")], "indirect"),
        Quote(at("وقالت"), at("الوزيرة"), [at("الحل قريب")], "indirect"),
        Quote(None, None, [at("الحل قريب")], "indirect"),
    ]


def test_guessed_sources_group_contained_names_and_take_the_longest_as_name():
    record = guess_sources(Record("r", TEXT, quotes()[:3]))
    ids = [q.source.id for q in record.quotes]
    assert ids[0] == ids[1] != ids[2]
    assert record.quotes[1].source.name.text == "المتحدث باسم الخارجية، ماثيو ميلر"
    assert record.quotes[2].source.name.text == "الوزيرة"
    assert check_record(record.to_dict()) == []


def test_a_quote_without_speaker_gets_no_source():
    record = guess_sources(Record("r", TEXT, [quotes()[3]]))
    assert record.quotes[0].source is None


def test_phenomena_of_a_record():
    counts = phenomena(Record("r", TEXT, quotes()[:3]))
    assert counts["indirect"] == 3
    assert counts["speaker of 4+ words"] == 1
    assert counts["speaker before its cue (one sentence)"] == 0
