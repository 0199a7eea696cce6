"""Quotation-mark pairing and quote kinds on the cases real news text throws at them.

Each case builds a small correct record, checks the kind the marks give its quote and that the validator
accepts the record with that kind (and rejects it with any other).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from qawl import marks
from qawl.records import Span
from qawl.validate import check_record

from tests.strategies import arabic_text

KINDS = ("direct", "indirect", "mixed")


def span(text: str, part: str, occurrence: int = 1) -> dict:
    """The span object of the ``occurrence``-th ``part`` in ``text``."""
    start = -1
    for _ in range(occurrence):
        start = text.index(part, start + 1)
    return {"start": start, "end": start + len(part), "text": part}


def record(text: str, cue: str, content: list[str], kind: str, speaker: str | None = None) -> dict:
    quote = {
        "cue": span(text, cue),
        "speaker": span(text, speaker) if speaker else None,
        "content": [span(text, part) for part in content],
        "kind": kind,
    }
    return {"id": "t", "source": None, "text": text, "quotes": [quote]}


def kind(text: str, content: list[str]) -> str:
    spans = [Span(s["start"], s["end"], s["text"]) for s in (span(text, part) for part in content)]
    return marks.kind_of(marks.pair_marks(text), spans)


def assert_kind(text: str, cue: str, content: list[str], expected: str, speaker: str | None = None) -> None:
    assert kind(text, content) == expected
    assert check_record(record(text, cue, content, expected, speaker)) == []
    for other in KINDS:
        if other != expected:
            problems = check_record(record(text, cue, content, other, speaker))
            assert len(problems) == 1 and f"they make it '{expected}'" in problems[0]


# --- the reported cases ---------------------------------------------------------------------------------------
def test_straight_single_quotes_make_a_direct_quote():
    text = "وقال المدرب 'سنعود أقوى في المباراة القادمة'."
    assert_kind(text, "وقال", ["سنعود أقوى في المباراة القادمة"], "direct", speaker="المدرب")


def test_single_quotes_with_spaces_inside():  # ANT sport-598: ' لقد قمت … المباراة'.
    text = "وقال المدرب على مواقع التواصل ' لقد قمت بتلك الحركة لتحفيزه'."
    assert_kind(text, "وقال", ["لقد قمت بتلك الحركة لتحفيزه"], "direct", speaker="المدرب")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("وقال الوزير: “الوضع “صعب” لكننا سنعود أقوى”.", "الوضع “صعب” لكننا سنعود أقوى"),
        ('وقال الوزير: "الوضع "صعب" لكننا سنعود أقوى".', 'الوضع "صعب" لكننا سنعود أقوى'),
        (
            'وشددت الوزارة على أن "أي تخريب لأنبوب "ترابسا" ومشروع "نوارة" يضر بالدولة".',
            'أي تخريب لأنبوب "ترابسا" ومشروع "نوارة" يضر بالدولة',
        ),
    ],
    ids=["curly-in-curly", "straight-in-straight", "two-inner-pairs"],
)
def test_direct_quote_holding_inner_pairs_of_its_own_marks(text, content):
    assert_kind(text, text.split()[0], [content], "direct")


@pytest.mark.parametrize(
    "text",
    [
        "وقال المدير لـ”وسائل الإعلام: “الوضع صعب”.",
        "وقال المدير لوسائل الإعلام” “الوضع صعب”.",
        'وقال المدير لـ"وسائل الإعلام: "الوضع صعب".',
    ],
    ids=["curly-after-clitic", "curly-after-word", "straight-after-clitic"],
)
def test_stray_mark_glued_to_a_word_before_the_content(text):
    assert_kind(text, "وقال", ["الوضع صعب"], "direct", speaker="المدير")


def test_stray_unpaired_marks_on_consecutive_lines():
    text = 'ونشر النادي بلاغا بعنوان "الإعلان\nوقال المدرب إن الفريق جاهز للمباراة".'
    assert marks.pair_marks(text) == []
    assert_kind(text, "وقال", ["الفريق جاهز للمباراة"], "indirect", speaker="المدرب")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_a_stray_mark_does_not_flip_kinds_on_later_lines(newline):
    lines = ['وأعلن النادي عن "صفقة جديدة.', 'وقال المدرب "الفريق جاهز".', 'وأضاف أن "اللاعبين" في حالة جيدة.']
    text = newline.join(lines)
    assert_kind(text, "وقال", ["الفريق جاهز"], "direct", speaker="المدرب")
    assert_kind(text, "وأضاف", ['"اللاعبين" في حالة جيدة'], "mixed")


def test_an_apostrophe_inside_a_latin_word_is_not_a_mark():
    text = "وقال المخرج 'فيلم Demain dès l'Aube جاهز للعرض'."
    apostrophe = text.index("l'A") + 1
    assert marks.pair_marks(text) == [(text.index("'"), len(text) - 2)]
    assert apostrophe not in marks.partner_map(marks.pair_marks(text))
    assert_kind(text, "وقال", ["فيلم Demain dès l'Aube جاهز للعرض"], "direct", speaker="المخرج")


# --- the rule, case by case -----------------------------------------------------------------------------------
def test_a_pair_straddling_a_content_edge_never_makes_it_direct():
    # (0, 20) encloses the span, but (5, 10) opens before it and closes inside it
    assert marks.kind_of([(0, 20), (5, 10)], [Span(6, 15, "x" * 9)]) == "indirect"
    assert marks.kind_of([(0, 20), (5, 12), (13, 14)], [Span(6, 15, "x" * 9)]) == "mixed"
    assert marks.kind_of([(0, 20), (7, 10)], [Span(6, 15, "x" * 9)]) == "direct"


def test_space_on_the_wrong_side_of_a_closing_mark():  # ANT: في اعداد "الشيشة "و534 قطعة
    text = 'وأضاف أن المصالح حجزت مواد "الشيشة "و534 قطعة.'
    assert marks.pair_marks(text) == [(text.index('"'), text.index(' "و') + 1)]
    assert_kind(text, "وأضاف", ['المصالح حجزت مواد "الشيشة "و534 قطعة'], "mixed")


def test_opening_mark_glued_to_the_word_before():  # ANT: وقال إن" قطع العلاقات …"
    text = 'وقال إن" قطع العلاقات قرار لا يفهم" .'
    assert_kind(text, "وقال", ["قطع العلاقات قرار لا يفهم"], "direct")


def test_a_stray_opener_stays_alone():  # ANT culture-108: إن "التعاون … "جحا" … أن "هذا …"
    text = 'وقال إن "التعاون يعود إلى فيلم "جحا" القديم، موضحا أن "هذا الشريط أول عمل".'
    pairs = marks.pair_marks(text)
    assert text.index('"التعاون') not in marks.partner_map(pairs)
    assert_kind(text, "موضحا", ["هذا الشريط أول عمل"], "direct")
    assert_kind(text, "وقال", ['التعاون يعود إلى فيلم "جحا" القديم'], "mixed")


@pytest.mark.parametrize(
    ("open_", "close"),
    [("«", "»"), ('"', '"'), ("“", "”"), ("”", "“"), ("„", "“")],
    ids=["guillemets", "straight", "curly", "curly-reversed", "low-high"],
)
def test_every_style_of_double_marks(open_, close):
    text = f"وقال اللاعب: {open_}سنقاتل حتى النهاية{close}."
    assert_kind(text, "وقال", ["سنقاتل حتى النهاية"], "direct", speaker="اللاعب")


def test_curly_pairs_nest_inside_guillemets():
    text = "وقال الوزير: «الوضع “صعب” لكننا سنعود»."
    assert marks.pair_marks(text) == [(text.index("«"), text.index("»")), (text.index("“"), text.index("”"))]
    assert_kind(text, "وقال", ["الوضع “صعب” لكننا سنعود"], "direct", speaker="الوزير")


def test_partner_map_and_quote_marks():
    assert marks.partner_map([(1, 5), (7, 9)]) == {1: 5, 5: 1, 7: 9, 9: 7}
    assert {"'", "‘", "’", '"', "«", "»", "“", "”"} <= marks.QUOTE_MARKS


def test_pairs_are_sorted_and_never_cross():
    text = '"أ “ب" ج” «د "هـ» و" \'ز\' "ح"'
    pairs = marks.pair_marks(text)
    assert pairs == sorted(pairs)
    for a, b in pairs:
        for c, d in pairs:
            assert not (a < c < b < d)


def test_pairing_a_megabyte_stays_fast():
    paragraph = 'وقال الوزير إن "الحكومة ستدعم الفلاحين" في الموسم. وأضاف: “الدعم قادم” و"الوضع صعب.\n'
    text = paragraph * (1_000_000 // len(paragraph))
    started = time.perf_counter()
    pairs = marks.pair_marks(text)
    assert len(pairs) == 2 * (1_000_000 // len(paragraph))
    started_one_line = time.perf_counter()
    marks.pair_marks(text.replace("\n", " "))
    assert started_one_line - started < 5 and time.perf_counter() - started_one_line < 5


@settings(max_examples=300, deadline=None)
@given(arabic_text(max_pieces=40))
def test_pairs_on_any_text_are_marks_of_one_family_on_one_line(text):
    pairs = marks.pair_marks(text)
    assert pairs == sorted(pairs)
    partner = marks.partner_map(pairs)
    assert len(partner) == 2 * len(pairs)  # every mark in at most one pair
    for open_, close in pairs:
        assert open_ < close and text[open_] in marks.QUOTE_MARKS and text[close] in marks.QUOTE_MARKS
        assert not any(char in marks.LINE_BREAKS for char in text[open_:close])
        assert text[open_ + 1 : close].strip()
    for a, b in pairs:
        assert not any(a < c < b < d for c, d in pairs)


def test_a_pair_around_an_attribution_frames_no_quote():
    """An unclosed opener and a stray mark sentences later, with other attributions between them (ANT
    internationalNews-185): the "pair" encloses a cue, so it makes no quote direct."""
    from qawl.validate import check_record

    text = 'قالت الوزيرة إن "الاستبعاد قرار سيئ. وقالت الوزارة إنه غير مقبول تماما."'
    cue1, cue2 = text.index("قالت"), text.index("وقالت")
    content1, content2 = text.index("الاستبعاد"), text.index("غير مقبول")
    first = [Span(content1, text.index(" وقالت") - 1, text[content1 : text.index(" وقالت") - 1])]
    second = [Span(content2, len(text) - 2, text[content2:-2])]
    cues = [Span(cue1, cue1 + 4, "قالت"), Span(cue2, cue2 + 5, "وقالت")]
    pairs = marks.pair_marks(text)
    assert marks.kind_of(pairs, second) == "direct"  # the pair alone would frame it
    framing = marks.framing_pairs(pairs, cues)
    assert framing == [] and marks.kind_of(framing, second) == marks.kind_of(framing, first) == "indirect"

    def quote(cue, content):
        return {"cue": cue.to_dict(), "speaker": None, "content": [content[0].to_dict()], "kind": "indirect"}

    record = {"id": "r", "source": None, "text": text, "quotes": [quote(cues[0], first), quote(cues[1], second)]}
    assert check_record(record) == []
