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


def readme_block(after: str) -> list[str]:
    """The commands of the first ``bash`` block after the line holding ``after``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", readme[readme.index(after) :], re.S).group(1)
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]


def test_the_readme_main_job_runs_on_a_fresh_copy_of_the_examples(tmp_path):
    import shutil
    import subprocess
    import sys

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    commands = readme_block("The main job, with the shipped default model")
    assert commands and all(command.startswith("qawl predict ") for command in commands)
    for command in commands:
        argv = command.split()[1:]
        expanded = []
        for arg in argv:  # the shell's glob, as a user's shell does it
            expanded += sorted(str(p.relative_to(tmp_path)) for p in tmp_path.glob(arg)) if "*" in arg else [arg]
        done = subprocess.run(
            [sys.executable, "-m", "qawl", *expanded, "--quiet"], cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, (command, done.stderr)
        output = done.stdout
        if "-o" in expanded:
            output = (tmp_path / expanded[expanded.index("-o") + 1]).read_text(encoding="utf-8")
        assert "المتحدث باسم وزارة الصحة" in output or "ترامب" in output or "الوزير" in output, command
