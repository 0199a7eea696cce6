"""The rule finder on sentences written for these tests (none is taken from the seed article)."""

import pytest
from qawl.normalize import fold
from qawl.records import Record
from qawl.rules import predict
from qawl.rules.lexicon import cues, lookup_cue, markers
from qawl.validate import check_record


def found(text):
    """(cue, speaker, contents, kind) of every quote, after checking the record is valid."""
    quotes = predict(text)
    assert check_record(Record("t", text, quotes, source=None).to_dict()) == []
    return [
        (q.cue.text if q.cue else None, q.speaker.text if q.speaker else None, [c.text for c in q.content], q.kind)
        for q in quotes
    ]


# --- cue verbs, clitics, participles, complementizers ---------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        ("وقالت الوزيرة إن الموسم سيكون ناجحا.", "وقالت", "الوزيرة", "الموسم سيكون ناجحا"),
        ("فأكد المدير أنه تم تسجيل تحسن كبير.", "فأكد", "المدير", "تم تسجيل تحسن كبير"),
        ("يقول الخبير إنها أزمة عابرة.", "يقول", "الخبير", "أزمة عابرة"),
        ("أوضح رئيس البلدية بأن الأشغال ستنتهي قريبا.", "أوضح", "رئيس البلدية", "الأشغال ستنتهي قريبا"),
        ("وأشار الوالي إلى أن الطريق مغلقة.", "وأشار", "الوالي", "الطريق مغلقة"),
        ("وشدد النائب على أن القانون واضح.", "وشدد", "النائب", "القانون واضح"),
        ("وحذرت المنظمة من أن الوضع خطير.", "وحذرت", "المنظمة", "الوضع خطير"),
        ("وأكّـد الوزيرُ أنّ الحكومة ستدعم الفلاحين.", "وأكّـد", "الوزيرُ", "الحكومة ستدعم الفلاحين"),
    ],
)
def test_cue_verb_speaker_and_indirect_content(text, cue, speaker, content):
    assert found(text) == [(cue, speaker, [content], "indirect")]


def test_participle_takes_the_subject_of_its_sentence():
    text = "وأعرب المدرب عن ارتياحه للنتيجة، مضيفا أن الفريق قدم مباراة كبيرة."
    assert found(text) == [("مضيفا", "المدرب", ["الفريق قدم مباراة كبيرة"], "indirect")]


def test_two_cues_of_one_speaker_in_one_sentence():
    text = "وقال الوزير إن الأسعار ستنخفض، مشيرا إلى أن المخزون كاف."
    assert found(text) == [
        ("وقال", "الوزير", ["الأسعار ستنخفض"], "indirect"),
        ("مشيرا", "الوزير", ["المخزون كاف"], "indirect"),
    ]


def test_a_quotation_before_a_cue_with_its_own_complementizer_is_not_its_message():
    text = 'وعبر الوزير عن استغرابه من القول "بأن للشفافية حدودا"، مؤكدا أن ذلك لم يصدر عنه.'
    assert found(text) == [("مؤكدا", "الوزير", ["ذلك لم يصدر عنه"], "indirect")]
    text = '"الحكومة ستدعم الفلاحين"، قال الوزير.'
    assert found(text) == [("قال", "الوزير", ["الحكومة ستدعم الفلاحين"], "direct")]


def test_speaker_drops_circumstantials():
    text = "وقال المدير العام للشركة في تصريح لإذاعة محلية اليوم الأربعاء إن الإنتاج ارتفع."
    assert found(text) == [("وقال", "المدير العام للشركة", ["الإنتاج ارتفع"], "indirect")]
    text = "وأكد المتحدث باسم الوزارة، محمد علي، لوسائل الإعلام أن المفاوضات مستمرة."
    assert found(text) == [("وأكد", "المتحدث باسم الوزارة، محمد علي", ["المفاوضات مستمرة"], "indirect")]


def test_auxiliaries_stay_outside_cue_and_speaker():
    text = "وكان رئيس الجمعية قد أعلن أن المهرجان سيقام في الصيف."
    assert found(text) == [("أعلن", "رئيس الجمعية", ["المهرجان سيقام في الصيف"], "indirect")]


def test_subject_before_the_verb():
    text = "من جهتها، الممثلة سلمى داود قالت إن الفيلم يروي قصة حقيقية."
    assert found(text) == [("قالت", "الممثلة سلمى داود", ["الفيلم يروي قصة حقيقية"], "indirect")]


def test_implicit_speakers_link_to_the_latest_mention():
    text = (
        "وقال رئيس النقابة إن الإضراب قائم.\nوأضاف أن المفاوضات توقفت.\n"
        "وتم تأجيل الجلسة، حسبما أفاد الناطق الرسمي، الذي أكد أن الحوار ممكن."
    )
    quotes = found(text)
    assert quotes[1] == ("وأضاف", "رئيس النقابة", ["المفاوضات توقفت"], "indirect")
    assert quotes[-1] == ("أكد", "الناطق الرسمي", ["الحوار ممكن"], "indirect")


def test_sentence_initial_continuation_uses_the_previous_subject():
    text = "وأعرب الاتحاد عن قلقه إزاء الوضع. وأضاف أن الأجور لم تصرف."
    assert found(text) == [("وأضاف", "الاتحاد", ["الأجور لم تصرف"], "indirect")]


def test_anonymous_passive_has_no_speaker():
    assert found("وأفيد بأن الطريق أغلقت أمام حركة المرور.") == [
        ("وأفيد", None, ["الطريق أغلقت أمام حركة المرور"], "indirect")
    ]


def test_a_new_coordinated_cue_ends_the_message():
    text = "وأفاد الوالي أن الأمطار غزيرة وقد أوضح المندوب أنه سيتم فتح الطرقات."
    assert found(text) == [
        ("وأفاد", "الوالي", ["الأمطار غزيرة"], "indirect"),
        ("أوضح", "المندوب", ["سيتم فتح الطرقات"], "indirect"),
    ]


# --- quotation marks ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("open_", "close"), [('"', '"'), ("«", "»"), ("“", "”"), ("”", "“")])
def test_direct_quotes_in_every_mark_style(open_, close):
    text = f"وقال اللاعب: {open_}سنقاتل حتى النهاية{close}."
    assert found(text) == [("وقال", "اللاعب", ["سنقاتل حتى النهاية"], "direct")]


def test_direct_quote_spanning_sentences():
    text = 'وصرح الرئيس "لن نتراجع. سنواصل الإصلاحات مهما كان الثمن".'
    assert found(text) == [("وصرح", "الرئيس", ["لن نتراجع. سنواصل الإصلاحات مهما كان الثمن"], "direct")]


def test_mixed_quote_keeps_its_marks():
    text = 'وأكد الوزير أن الحكومة "لن تتراجع عن قرارها" هذا العام.'
    assert found(text) == [("وأكد", "الوزير", ['الحكومة "لن تتراجع عن قرارها" هذا العام'], "mixed")]


def test_quote_interrupted_by_its_attribution():
    text = "«الوضع صعب»، قال المدرب، «لكننا سنعود أقوى»."
    assert found(text) == [("قال", "المدرب", ["الوضع صعب", "لكننا سنعود أقوى"], "direct")]


@pytest.mark.parametrize(
    "text",
    ['وقال الوزير: "لن نتراجع', 'وقال الوزير إن "الحكومة', '"""', "«»«", "وقال", "إن", ": :", "وقال الوزير:"],
)
def test_unbalanced_or_degenerate_marks_never_crash(text):
    found(text)


def test_dea_with_quoted_content():
    text = 'ودعا الرئيس "كل الأطراف إلى الحوار".'
    assert found(text) == [("ودعا", "الرئيس", ["كل الأطراف إلى الحوار"], "direct")]


# --- source markers -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("marker", "speaker"),
    [
        ("حسبما ذكر", "المتحدث باسم الوزارة"),
        ("حسبما أفاد", "مصدر أمني"),
        ("بحسب ما ذكره", "المسؤول الجهوي"),
        ("وفق ما قال", "رئيس البلدية"),
        ("وفقا لما قاله", "الناطق الرسمي"),
        ("نقلا عن", "وكالة الأنباء الرسمية"),
    ],
)
def test_source_markers_attribute_the_preceding_clause(marker, speaker):
    text = f"وسيتم فتح الطريق الأسبوع المقبل، {marker} {speaker}."
    assert found(text) == [(marker, speaker, ["وسيتم فتح الطريق الأسبوع المقبل"], "indirect")]


def test_wafqan_li_splits_cue_and_speaker():
    text = "وتواصلت الأمطار طيلة الليل، وفقا لمراسلنا."
    assert found(text) == [("وفقا", "لمراسلنا", ["وتواصلت الأمطار طيلة الليل"], "indirect")]


def test_according_to_the_law_is_not_a_source():
    assert found("وسيتم تطبيق العقوبات وفقا للقانون الجديد.") == []
    assert found("وتم توزيع المساعدات حسب البرنامج المعد.") == []


def test_marker_opening_a_sentence_attributes_the_following_clause():
    text = "ووفقا للبلاغ، فإن الامتحانات ستنطلق يوم الاثنين."
    assert found(text) == [("ووفقا", "للبلاغ", ["الامتحانات ستنطلق يوم الاثنين"], "indirect")]


def test_implicit_marker_confirms_instead_of_nesting():
    text = "وقال المدير إن العمل سينتهي قريبا، على حد قوله."
    assert found(text) == [("وقال", "المدير", ["العمل سينتهي قريبا"], "indirect")]
    text = "وقال المدير إن العمل متواصل. وسينتهي المشروع في الصيف، حسب قوله."
    assert found(text)[1] == ("حسب قوله", "المدير", ["وسينتهي المشروع في الصيف"], "indirect")


def test_marker_attributes_a_discussion_with_quoted_text():
    text = 'والتقى الوزير نظيره الفرنسي لمناقشة "التعاون الأمني"، حسبما ذكر بيان الوزارة.'
    assert found(text) == [
        ("حسبما ذكر", "بيان الوزارة", ['والتقى الوزير نظيره الفرنسي لمناقشة "التعاون الأمني"'], "mixed")
    ]


# --- colon headlines ----------------------------------------------------------------------------------------
def test_colon_headline():
    text = "وزير الصحة: الوضع الوبائي تحت السيطرة\nتفاصيل أخرى."
    assert found(text) == [(None, "وزير الصحة", ["الوضع الوبائي تحت السيطرة"], "indirect")]


@pytest.mark.parametrize("label", ["المصدر", "كلمات دلالية", "إقرأ أيضاً", "اقرأ أيضا"])
def test_colon_labels_are_not_headlines(label):
    assert found(f"{label}: وكالة الأنباء الرسمية") == []


def test_clock_times_are_not_headlines():
    assert found("تنطلق المباراة على الساعة 20:30 بملعب رادس") == []


# --- not quotes ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "وأعرب الوزير عن قلقه إزاء تدهور الأوضاع.",
        "ورحب الرئيس بالاتفاق الجديد.",
        "وأدانت الحكومة الهجوم بشدة.",
        'وناقش الطرفان "سبل التعاون" في المجال الفلاحي.',
        "وبحث الوزير مع نظيره التونسي العلاقات الثنائية.",
        "والتقى رئيس الحكومة وفدا من رجال الأعمال.",
        "وتحدث المدرب مع اللاعبين قبل المباراة.",
        "وأكد الوزير على ضرورة مضاعفة الجهود.",
        "ويذكر أن المهرجان انطلق منذ سنة 1990.",
        'وكانت الحكومة قد تبنت شعار "تونس أولا" منذ سنوات.',
    ],
)
def test_attitudes_meetings_and_fragments_are_not_quotes(text):
    assert found(text) == []


# --- API and offsets ----------------------------------------------------------------------------------------
def test_offsets_survive_tatweel_diacritics_nbsp_and_bidi():
    text = "\u200fوقـــال\xa0الوزيرُ\u200f إنّ الحكومةَ ستدعم الفلاحين."
    [quote] = predict(text)
    for span in (quote.cue, quote.speaker, *quote.content):
        assert text[span.start : span.end] == span.text
    assert quote.cue.text == "وقـــال" and quote.speaker.text == "الوزيرُ"


def test_predict_shapes_and_bad_input():
    texts = ["قال الوزير إن الجو جميل.", "", "   \n"]
    results = predict(texts)
    assert [len(r) for r in results] == [1, 0, 0]
    assert predict("") == []
    with pytest.raises(TypeError, match="got int"):
        predict(3)
    with pytest.raises(TypeError, match=r"texts\[1\] must be a str, got NoneType"):
        predict(["قال", None])


def test_control_characters_and_emoji_do_not_break_anything():
    text = "وقال\x07 الوزير 😀 إن الحكومة\x00 ستدعم الفلاحين 👍🏽."
    assert found(text)[0][0] == "وقال"


def test_long_document_is_handled_whole():
    paragraph = "وقال الوزير إن الحكومة ستدعم الفلاحين. " + "وتتواصل الأشغال في المنطقة. " * 40
    text = paragraph * 25 + "وأكدت الوزيرة أن الميزانية جاهزة."
    quotes = found(text)
    assert len(quotes) == 26 and quotes[-1][1] == "الوزيرة"


# --- the lexicon --------------------------------------------------------------------------------------------
def test_lexicon_has_enough_attested_forms():
    attested = [cue for cue in cues().values() if cue.ant_count > 0]
    assert len(attested) >= 60
    assert all(cue.type in {"verb", "participle", "passive"} for cue in cues().values())
    assert {marker.type for marker in markers()} <= {"verb", "np", "l", "implicit"}


def test_lookup_folds_hamza_and_strips_conjunctions():
    assert lookup_cue(fold("وأكّدت")).lemma == "أكد"
    assert lookup_cue(fold("فقال")).lemma == "قال"
    assert lookup_cue(fold("ناقش")) is None


def test_criteria_after_wafqan_are_not_sources():
    assert found("وتتوزع الرخص على المعتمديات وفقا لمقاييس الأقدمية.") == []


@pytest.mark.parametrize(
    "label", ["كتب", "آخر تحديث", "إعداد النص", "عدد الزيارات", "الدوري السعودي", "تصوير", "المصدر"]
)
def test_bylines_page_furniture_and_sections_are_not_colon_headlines(label):
    assert found(f"{label}: الهلال يفوز على النصر في مباراة مثيرة") == []
    assert found("خبير عسكري: الهلال يفوز على النصر في مباراة مثيرة") != []
