"""The README's example record is a valid record, and the one it says it is."""

import json
import re

from qawl.records import Record
from qawl.validate import check_record

from tests.conftest import ANNOTATIONS, ROOT, annotation_records


def test_readme_example_is_valid_and_matches_the_seed_annotation():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", readme, re.S).group(1)
    data = json.loads(block)
    assert check_record(data) == []
    example = Record.from_dict(data)
    seed = next(r for r in annotation_records() if r.source == data["source"])
    offset = seed.text.index(example.text)
    gold = [q for q in seed.quotes if q.cue and q.cue.start == offset]
    assert [q.kind for q in gold] == [example.quotes[0].kind]
    for role, span in example.quotes[0].spans():
        shifted = getattr(gold[0], role) if role != "content" else gold[0].content[0]
        assert (shifted.start - offset, shifted.end - offset, shifted.text) == (span.start, span.end, span.text)
    assert (ANNOTATIONS / "test.jsonl").exists()
