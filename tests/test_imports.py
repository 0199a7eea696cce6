import subprocess
import sys


def test_importing_qawl_pulls_in_neither_training_nor_torch():
    code = (
        "import sys, qawl, qawl.cli, qawl.labels, qawl.markup, qawl.segment, qawl.rules;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'torch', 'transformers', 'datasets'}"
        " or m.startswith('qawl.training')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_command_line_loads_no_training_code_for_runtime_commands():
    code = (
        "import sys; from qawl.cli import build_parser; build_parser(['validate', 'x.jsonl']);"
        "print(sorted(m for m in sys.modules if m.startswith('qawl.training')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
