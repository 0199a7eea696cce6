"""Linking on hand-made tag sequences: one test per construction."""

from qawl.linking import link
from qawl.records import Span
from qawl.validate import check_record


def tagged(markup):
    """Text and spans from ``[c:…]`` / ``[s:…]`` / ``[t:…]`` brackets (role letters as in the markup)."""
    roles = {"c": "cue", "s": "speaker", "t": "content"}
    text, spans, i = "", [], 0
    while i < len(markup):
        if markup[i] == "[" and markup[i + 2] == ":":
            end = markup.index("]", i)
            body = markup[i + 3 : end]
            spans.append(Span(len(text), len(text) + len(body), body, 0.9, roles[markup[i + 1]]))
            text += body
            i = end + 1
        else:
            text += markup[i]
            i += 1
    return text, spans


def quotes_of(markup):
    text, spans = tagged(markup)
    quotes = link(text, spans)
    record = {"id": "x", "source": None, "text": text, "quotes": [q.to_dict() for q in quotes]}
    assert check_record(record) == []
    return [
        (q.cue.text if q.cue else None, q.speaker.text if q.speaker else None, [c.text for c in q.content], q.kind)
        for q in quotes
    ]


def test_cue_speaker_content():
    assert quotes_of("[c:وقال] [s:الوزير] إن [t:الحكومة ستدعم الفلاحين].") == [
        ("وقال", "الوزير", ["الحكومة ستدعم الفلاحين"], "indirect")
    ]


def test_speaker_before_the_cue():
    assert quotes_of("[s:الممثلة سلمى داود] [c:قالت] إن [t:الفيلم جميل].") == [
        ("قالت", "الممثلة سلمى داود", ["الفيلم جميل"], "indirect")
    ]


def test_source_marker_after_the_content():
    markup = '[t:وتحدث الوزير مع نظيره عن "التعاون"]، [c:حسبما ذكر] [s:المتحدث باسم الوزارة].'
    assert quotes_of(markup) == [("حسبما ذكر", "المتحدث باسم الوزارة", ['وتحدث الوزير مع نظيره عن "التعاون"'], "mixed")]


def test_two_cues_in_one_sentence_each_take_their_content():
    markup = "[c:وقال] [s:الوزير] إن [t:الأسعار ستنخفض]، [c:مشيرا] إلى أن [t:المخزون كاف]."
    assert quotes_of(markup) == [
        ("وقال", "الوزير", ["الأسعار ستنخفض"], "indirect"),
        ("مشيرا", "الوزير", ["المخزون كاف"], "indirect"),
    ]


def test_cue_without_speaker_takes_the_latest_speaker():
    markup = "[c:وقال] [s:رئيس النقابة] إن [t:الإضراب قائم].\n[c:وأضاف] أن [t:المفاوضات توقفت]."
    assert quotes_of(markup)[1] == ("وأضاف", "رئيس النقابة", ["المفاوضات توقفت"], "indirect")


def test_relative_clause_shares_the_speaker():
    markup = "[t:وسيفتح الطريق]، [c:حسبما ذكر] [s:ميلر]، الذي [c:أكد] أن [t:الحوار ممكن]."
    quotes = quotes_of(markup)
    assert [q[1] for q in quotes] == ["ميلر", "ميلر"]


def test_colon_headline():
    assert quotes_of("[s:خبير عسكري]: [t:الجيش يسعى إلى تقسيم المنطقة]") == [
        (None, "خبير عسكري", ["الجيش يسعى إلى تقسيم المنطقة"], "indirect")
    ]


def test_quote_interrupted_by_its_attribution():
    assert quotes_of("«[t:الوضع صعب]»، [c:قال] [s:المدرب]، «[t:لكننا سنعود أقوى]».") == [
        ("قال", "المدرب", ["الوضع صعب", "لكننا سنعود أقوى"], "direct")
    ]


def test_direct_quote_kind_from_marks():
    assert quotes_of('[c:وصرح] [s:الرئيس] "[t:لن نتراجع. سنواصل الإصلاحات]".')[0][3] == "direct"


def test_content_without_a_source_is_not_a_quote():
    assert quotes_of("وفي سياق آخر، [t:ارتفعت الأسعار].") == []


def test_fragments_of_one_content_are_merged():
    markup = "[c:وقال] [s:الوزير] إن [t:الحكومة] ستدعم [t:الفلاحين في الجهات]."
    assert quotes_of(markup) == [("وقال", "الوزير", ["الحكومة ستدعم الفلاحين في الجهات"], "indirect")]


def test_fragments_in_one_pair_of_marks_are_merged_across_sentences():
    markup = '[c:وقال] [s:الوزير]: "[t:لن نتراجع]. نحن [t:ماضون في الإصلاح]".'
    assert quotes_of(markup) == [("وقال", "الوزير", ["لن نتراجع. نحن ماضون في الإصلاح"], "direct")]


def test_fragments_are_not_merged_across_a_cue_or_far_apart():
    two_cues = "[c:قال] [s:الوزير] إن [t:الأسعار سترتفع]، [c:مضيفا] أن [t:الأجور ستتبعها]."
    assert [q[2] for q in quotes_of(two_cues)] == [["الأسعار سترتفع"], ["الأجور ستتبعها"]]
    gap = " ".join(["كلمة"] * 11)
    far = f"[c:وقال] [s:الوزير] إن [t:الأسعار سترتفع] {gap} [t:والأجور كذلك]."
    assert [q[2] for q in quotes_of(far)] == [["الأسعار سترتفع"]]


def test_cue_without_content_is_dropped():
    assert quotes_of("[c:وأعرب] [s:الوزير] عن قلقه.") == []


def test_speaker_never_taken_across_a_content():
    markup = "[c:قال] إن [t:الوزير سيحضر] و [s:المدير]."
    assert quotes_of(markup) == [("قال", None, ["الوزير سيحضر"], "indirect")]


def test_scores_are_carried():
    text, spans = tagged("[c:وقال] [s:الوزير] إن [t:نعم].")
    [quote] = link(text, spans)
    assert quote.score == 0.9 and quote.cue.score == 0.9


def test_content_edges_lose_final_punctuation_and_unpaired_marks():
    assert quotes_of("[c:وأضاف] [s:الوزير] أن «[t:الحكومة لن تتخلى عنهم».]") == [
        ("وأضاف", "الوزير", ["الحكومة لن تتخلى عنهم"], "direct")
    ]
    mixed = '[c:وأكد] [s:الوزير] أن [t:الحكومة "لن تتخلى عنهم"،]'
    assert quotes_of(mixed) == [("وأكد", "الوزير", ['الحكومة "لن تتخلى عنهم"'], "mixed")]


def test_speaker_edges_lose_trailing_punctuation_and_stray_marks_but_keep_a_quoted_name():
    assert quotes_of("[c:وقال] [s:الإعلامي زياد الهاني،] إن [t:الوضع مستقر].")[0][1] == "الإعلامي زياد الهاني"
    assert quotes_of('[c:وقال] [s:السفير الأمريكي "] إن [t:الوضع مستقر].')[0][1] == "السفير الأمريكي"
    assert quotes_of('[c:وقال] [s:"رينارد جريندل"] إن [t:الوضع مستقر].')[0][1] == '"رينارد جريندل"'
