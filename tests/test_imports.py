import subprocess
import sys


def test_importing_inference_pulls_in_neither_training_nor_torch():
    code = (
        "import sys, inference, inference.cli, inference.labels, inference.markup, inference.segment;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'training', 'torch', 'transformers', 'datasets'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_inference_sources_never_import_training():
    from pathlib import Path

    import inference

    for path in Path(inference.__file__).parent.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import training" not in source and "from training" not in source, path
