import pytest
from qawl.words import SEPARATOR, SYMBOL, WORD, char_class, snap, starts_inside_word, word_spans


def words(text):
    return [text[s:e] for s, e in word_spans(text)]


def test_clitics_diacritics_and_tatweel_stay_inside_words():
    assert words("وقال لميلر، بِالتَّنسيق قالـــت") == ["وقال", "لميلر", "،", "بِالتَّنسيق", "قالـــت"]


def test_symbols_are_words_of_their_own():
    assert words('"الحكومة"😀.') == ['"', "الحكومة", '"', "😀", "."]


def test_invisible_marks_separate_but_joiners_join():
    assert words("قال\u200fميلر") == ["قال", "ميلر"]
    assert words("قال\u200cميلر") == ["قال\u200cميلر"]
    assert char_class("\xa0") == SEPARATOR and char_class("\u200d") == WORD and char_class("«") == SYMBOL


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(1, 3, "وقال"), (0, 4, "وقال"), (4, 11, "الوزير"), (6, 6, "الوزير"), (2, 8, "وقال الوزير")],
)
def test_snap_widens_to_whole_words_and_trims_spaces(start, end, expected):
    text = "وقال الوزير إن"
    s, e = snap(text, start, end)
    assert text[s:e] == expected


def test_snap_of_only_spaces_is_none():
    assert snap("قال   إن", 3, 6) is None


def test_inside_word():
    assert starts_inside_word("وقال", 1)
    assert not starts_inside_word("وقال", 0)
    assert not starts_inside_word("وقال", 4)
    assert not starts_inside_word('قال"', 3)
