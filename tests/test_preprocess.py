"""AraBERT v0.2 preprocessing (``qawl.preprocess``), the default training recipe's: each rule on fixed strings."""

import pytest
from qawl.normalize import normalize_text
from qawl.preprocess import arabert_v02, preprocessor
from qawl.training.config import preprocessing_for_backbone


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("بِالتَّنسيـــق", "بالتنسيق"),  # diacritics and tatweel stripped
        ("\u200fقال", "قال"),  # invisible marks stripped (the normaliser's work)
        ("وَ", "و"),
        ("ـــ", ""),  # only tatweel: nothing left
        ("\ufefb", "لا"),  # presentation-form ligature folded
    ],
)
def test_diacritics_tatweel_and_invisible_marks_go(word, expected):
    assert arabert_v02(word) == expected


@pytest.mark.parametrize(("word", "expected"), [("٢٠٢٣", "2023"), ("۱۲", "12")])
def test_arabic_indic_and_persian_digits_become_ascii(word, expected):
    assert arabert_v02(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("جدااااا", "جداا"), ("ههههههه", "هه"), ("1111", "1111")],  # digits are never squeezed
)
def test_characters_repeated_more_than_twice_are_squeezed_to_two(word, expected):
    assert arabert_v02(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("(الوزير)", "( الوزير )"),
        ("«نعم»", "« نعم »"),
        ("الوزير:", "الوزير :"),
        ("لماذا؟", "لماذا ؟"),
        ("50%", "50 %"),
        ("3.5", "3 . 5"),
        ("e-mail", "e - mail"),
        ("!!!!", "! !"),  # squeezed, then spaced
        ("[1]", "[1]"),  # square brackets are not spaced out
        ("Qawl", "Qawl"),
    ],
)
def test_everything_but_letters_and_digits_is_spaced_out(word, expected):
    assert arabert_v02(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("2023م", "2023 م"),
        ("كوفيد19", "كوفيد 19"),
        ("٣أشهر", "3 أشهر"),  # after the digits are mapped
        ("COVID19", "COVID19"),  # only Arabic letters are separated from digits
    ],
)
def test_digits_and_arabic_letters_are_separated(word, expected):
    assert arabert_v02(word) == expected


def test_slash_becomes_a_dash():
    assert arabert_v02("2023/05") == "2023 - 05"


@pytest.mark.parametrize(("word", "expected"), [("😀", ""), ("نعم😀", "نعم"), ("€100", "100")])
def test_symbols_outside_the_vocabulary_are_dropped(word, expected):
    assert arabert_v02(word) == expected


def test_a_sentence_word_by_word():
    words = ["قالـت", "الوزيرةُ:", "«سنستثمر", "١٠٠مليون", "دينار/سنة»!!!"]
    assert [arabert_v02(w) for w in words] == ["قالت", "الوزيرة :", "« سنستثمر", "100 مليون", "دينار - سنة » ! !"]


def test_choice_by_backbone_and_name():
    assert preprocessing_for_backbone("aubmindlab/bert-base-arabertv02") == "arabert-v02"
    assert preprocessing_for_backbone("/models/bert-base-arabertv01/") == "arabert-v02"
    assert preprocessing_for_backbone("aubmindlab/bert-base-arabertv2") == "default"
    assert preprocessing_for_backbone("intfloat/multilingual-e5-small") == "default"
    assert preprocessor("arabert-v02") is arabert_v02
    assert preprocessor(None) is normalize_text and preprocessor("default") is normalize_text
    with pytest.raises(ValueError, match="unknown preprocessing 'farasa'"):
        preprocessor("farasa")
