"""Source assignment on written paragraphs: which quotes share a source, and the name each source gets."""

from qawl.records import Quote, Record, Span
from qawl.rules import predict as rule_predict
from qawl.sources import assign_sources
from qawl.validate import check_record


def quotes_of(text, *triples):
    """Quotes from (cue, speaker, content) fragments of ``text`` (``speaker`` may repeat an earlier span)."""

    def at(fragment, after=0):
        start = text.index(fragment, after)
        return Span.of(text, start, start + len(fragment))

    out, cursor = [], 0
    for cue, speaker, content in triples:
        cue_span = at(cue, cursor)
        speaker_span = speaker if isinstance(speaker, Span) else at(speaker, cursor) if speaker else None
        content_span = at(content, cue_span.end)
        out.append(Quote(cue_span, speaker_span, [content_span], "indirect"))
        cursor = content_span.end
    return out


def grouped(text, quotes):
    found = assign_sources(quotes)
    assert check_record(Record("r", text, found).to_dict()) == []
    return [(q.source.id, q.source.name.text) if q.source else None for q in found]


def test_an_implicit_speaker_and_a_contained_name_are_one_source_named_in_full():
    text = "قال المتحدث باسم الخارجية، ماثيو ميلر، إن الوضع مستقر. وأضاف أن الحل قريب. وتابع ميلر أن التنسيق مستمر."
    first = quotes_of(text, ("قال", "المتحدث باسم الخارجية، ماثيو ميلر", "الوضع مستقر"))
    rest = quotes_of(text, ("وأضاف", first[0].speaker, "الحل قريب"), ("وتابع", "ميلر", "التنسيق مستمر"))
    name = "المتحدث باسم الخارجية، ماثيو ميلر"
    assert grouped(text, first + rest) == [("s1", name)] * 3


def test_back_references_take_the_source_they_refer_to():
    text = (
        "قال مصدر أمني إن الطريق مغلق. وقالت وزيرة الصحة سلمى علي إن المستشفى جاهز. "
        "وأضاف المصدر ذاته أن الوضع هادئ. وأكدت الوزيرة أن الأدوية متوفرة."
    )
    quotes = quotes_of(
        text,
        ("قال", "مصدر أمني", "الطريق مغلق"),
        ("وقالت", "وزيرة الصحة سلمى علي", "المستشفى جاهز"),
        ("وأضاف", "المصدر ذاته", "الوضع هادئ"),
        ("وأكدت", "الوزيرة", "الأدوية متوفرة"),
    )
    assert grouped(text, quotes) == [
        ("s1", "مصدر أمني"),
        ("s2", "وزيرة الصحة سلمى علي"),
        ("s1", "مصدر أمني"),
        ("s2", "وزيرة الصحة سلمى علي"),
    ]


def test_different_speakers_are_different_sources_and_a_quote_without_speaker_has_none():
    text = "قال الرئيس إن الاقتصاد ينمو. وقالت المعارضة إن الأسعار ترتفع. وقيل إن الاجتماع تأجل."
    quotes = quotes_of(
        text,
        ("قال", "الرئيس", "الاقتصاد ينمو"),
        ("وقالت", "المعارضة", "الأسعار ترتفع"),
        ("وقيل", None, "الاجتماع تأجل"),
    )
    assert grouped(text, quotes) == [("s1", "الرئيس"), ("s2", "المعارضة"), None]


def test_an_interrupted_quote_keeps_one_source():
    text = '"الحل قريب"، قال الوزير، "والمفاوضات مستمرة".'
    quote = Quote(
        Span.of(text, text.index("قال"), text.index("قال") + 3),
        Span.of(text, text.index("الوزير"), text.index("الوزير") + 6),
        [Span.of(text, 1, 10), Span.of(text, text.index("والمفاوضات"), text.index("مستمرة") + 6)],
        "direct",
    )
    assert grouped(text, [quote]) == [("s1", "الوزير")]


def test_the_rules_fill_sources_too():
    text = "وقال الوزير إن الحكومة ستدعم الفلاحين. وأضاف أن الدعم سيصل قريبا."
    quotes = rule_predict(text)
    assert [q.source.id for q in quotes] == ["s1", "s1"]
    assert {q.source.name.text for q in quotes} == {"الوزير"}
    assert all(text[q.source.name.start : q.source.name.end] == q.source.name.text for q in quotes)
