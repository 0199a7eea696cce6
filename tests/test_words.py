from qawl.words import SEPARATOR, SYMBOL, WORD, char_class, starts_inside_word, word_spans


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


def test_inside_word():
    assert starts_inside_word("وقال", 1)
    assert not starts_inside_word("وقال", 0)
    assert not starts_inside_word("وقال", 4)
    assert not starts_inside_word('قال"', 3)
