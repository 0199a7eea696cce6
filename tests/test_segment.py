from qawl.segment import Sentences, paragraphs, sentences


def texts(text, spans):
    return [text[s:e] for s, e in spans]


def test_paragraphs_split_at_blank_lines_and_keep_offsets():
    text = "الفقرة الأولى.\n \nالفقرة\nالثانية.\n\n"
    assert texts(text, paragraphs(text)) == ["الفقرة الأولى.", "الفقرة\nالثانية."]


def test_sentences_at_arabic_and_latin_terminators():
    text = "هل قال ذلك؟ نعم. ربما.. لا! انتهى"
    assert texts(text, sentences(text)) == ["هل قال ذلك؟", "نعم.", "ربما..", "لا!", "انتهى"]


def test_no_split_inside_quotes_or_decimal_numbers():
    text = 'وقال "انتهى الأمر. سنعود" ثم غادر. ارتفع بـ3.5 بالمائة.'
    assert texts(text, sentences(text)) == ['وقال "انتهى الأمر. سنعود" ثم غادر.', "ارتفع بـ3.5 بالمائة."]


def test_unbalanced_mark_does_not_block_later_sentences():
    text = 'وقال "انتهى. ثم غادر.\n\nجملة. أخرى.'
    assert texts(text, sentences(text))[-2:] == ["جملة.", "أخرى."]


def test_single_line_breaks_are_wraps_unless_asked():
    text = "قال المدير\nإنه تم التصدير.\n  • عنوان أول\n  • عنوان ثان"
    assert texts(text, sentences(text)) == ["قال المدير\nإنه تم التصدير.", "• عنوان أول", "• عنوان ثان"]
    assert texts(text, sentences(text, line_breaks=True))[:2] == ["قال المدير", "إنه تم التصدير."]


def test_sentence_lookup_by_offset():
    text = "قال الوزير. وأضاف أن الحكومة ستدعم. انتهى"
    doc = Sentences(text)
    assert len(doc) == 3
    assert [doc.index(text.index(word)) for word in ("الوزير", "وأضاف", "ستدعم", "انتهى")] == [0, 1, 1, 2]
    assert doc.index(text.index(" وأضاف")) == 0  # the space between two sentences belongs to the first
