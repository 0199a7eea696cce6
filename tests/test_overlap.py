"""The overlap rule (``qawl.overlap``): different roles never overlap, one role only when identical."""

from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st
from qawl.overlap import clash, clashes
from qawl.records import Span

TEXT = "وقال الوزير إن الحكومة ستدعم الفلاحين"


def span(start: int, end: int, role: str | None) -> Span:
    return Span.of(TEXT, start, end, role=role)


CUE, SPEAKER, CONTENT = span(0, 4, "cue"), span(5, 11, "speaker"), span(15, 37, "content")


def test_disjoint_spans_never_clash():
    assert not clash(CUE, SPEAKER)
    assert not clash(SPEAKER, CONTENT)
    assert clashes([CUE, SPEAKER, CONTENT]) == []


def test_touching_spans_do_not_clash():
    assert not clash(span(0, 4, "cue"), span(4, 11, "speaker"))


def test_different_roles_clash_even_when_identical():
    assert clash(span(5, 11, "speaker"), span(5, 11, "content"))
    assert clash(CUE, span(0, 11, "speaker"))


def test_one_role_clashes_unless_identical():
    assert not clash(SPEAKER, span(5, 11, "speaker"))  # a speaker shared by two quotes
    assert not clash(CUE, span(0, 4, "cue"))  # a cue shared by two answers (in the gold data)
    assert clash(SPEAKER, span(5, 14, "speaker"))
    assert clash(span(15, 22, "content"), span(15, 37, "content"))


def test_identical_bounds_with_another_score_or_text_are_still_one_span():
    assert not clash(span(5, 11, "speaker"), Span(5, 11, "other", score=0.5, role="speaker"))


def test_clashes_lists_each_pair_once_in_listing_order():
    wide = span(0, 11, "content")
    spans = [SPEAKER, CUE, SPEAKER, wide, span(0, 4, "cue"), CONTENT]
    assert clashes(spans) == [(SPEAKER, wide), (CUE, wide)]


def test_clashes_of_nested_and_chained_spans():
    outer, middle, inner = span(0, 37, "content"), span(5, 22, "speaker"), span(12, 14, "cue")
    assert clashes([inner, middle, outer]) == [(inner, middle), (inner, outer), (middle, outer)]


def test_clashes_of_nothing():
    assert clashes([]) == []
    assert clashes([CUE]) == []


def _brute_force(spans: list[Span]) -> set[tuple[int, int, str | None, int, int, str | None]]:
    return {
        (a.start, a.end, a.role, b.start, b.end, b.role)
        if (a.start, a.end) <= (b.start, b.end)
        else (b.start, b.end, b.role, a.start, a.end, a.role)
        for a, b in combinations(spans, 2)
        if clash(a, b)
    }


@st.composite
def span_lists(draw) -> list[Span]:
    items = []
    for _ in range(draw(st.integers(0, 25))):
        start = draw(st.integers(0, 30))
        end = draw(st.integers(start + 1, 36))
        items.append(span(start, end, draw(st.sampled_from(["cue", "speaker", "content", None]))))
    return items


@given(span_lists())
def test_clashes_is_the_pairwise_rule(spans):
    found = clashes(spans)
    keyed = {
        (a.start, a.end, a.role, b.start, b.end, b.role)
        if (a.start, a.end) <= (b.start, b.end)
        else (b.start, b.end, b.role, a.start, a.end, a.role)
        for a, b in found
    }
    assert len(keyed) == len(found)  # each pair once
    assert keyed == _brute_force(spans)
    positions = {}
    for index, item in enumerate(spans):
        positions.setdefault((item.role, item.start, item.end), index)
    order = [(positions[a.role, a.start, a.end], positions[b.role, b.start, b.end]) for a, b in found]
    assert all(i < j for i, j in order) and order == sorted(order)
