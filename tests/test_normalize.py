from hypothesis import given, settings
from qawl.normalize import normalize, normalize_text

from tests.strategies import arabic_text


def test_removes_tatweel_diacritics_bidi_and_zero_width():
    assert normalize_text("قالـــت\u200f بِالتَّنسيق\u200b") == "قالت بالتنسيق"


def test_spaces_and_controls_become_plain_spaces_but_newlines_stay():
    assert normalize_text("قال\xa0ميلر\u2009إن\x07\n") == "قال ميلر إن \n"


def test_presentation_forms_folded_only_where_safe():
    assert normalize_text("\ufefb") == "لا"  # lam-alef ligature
    assert normalize_text("\ufdfa") == "\ufdfa"  # a whole phrase in one sign: kept
    assert normalize_text("الخارجیة الأمیرکی") == "الخارجية الأميركي"


def test_map_back_covers_removed_characters_inside_a_span():
    text = "وقــال\xa0الوزيرُ إن"
    norm = normalize(text)
    start = norm.text.index("الوزير")
    s, e = norm.to_original(start, start + len("الوزير"))
    assert text[s:e] == "الوزير"
    s, e = norm.to_original(0, norm.text.index(" "))
    assert text[s:e] == "وقــال"
    assert norm.from_original(0, len("وقــال")) == (0, 4)


@settings(max_examples=200, deadline=None)
@given(arabic_text())
def test_every_normalised_character_maps_to_its_source(text):
    norm = normalize(text)
    assert len(norm.text) == len(norm.starts) == len(norm.ends)
    assert list(norm.starts) == sorted(norm.starts)
    for index, char in enumerate(norm.text):
        source = text[norm.starts[index] : norm.ends[index]]
        assert normalize_text(source).find(char) >= 0
    # spans that do not cut through the expansion of one original character (ﻻ -> لا)
    bounds = [i for i in range(len(norm.text) + 1) if i in (0, len(norm.text)) or norm.starts[i] != norm.starts[i - 1]]
    for start in bounds[:-1]:
        for end in [b for b in bounds if start < b <= start + 6]:
            s, e = norm.to_original(start, end)
            assert normalize_text(text[s:e]) == norm.text[start:end]
