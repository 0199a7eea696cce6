"""What ships: the wheel holds one import package, ``qawl``, and works outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("qawl-*.whl"))


def test_the_wheel_holds_only_the_qawl_package(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    outside = [n for n in names if not n.startswith("qawl/") and ".dist-info/" not in n]
    assert outside == []
    for expected in ("qawl/__init__.py", "qawl/rules/lexicon.tsv", "qawl/training/train.py", "qawl/models/config.json"):
        assert expected in names
    assert "qawl/models/model.safetensors" in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "qawl = qawl.cli:main" in text and "qawl.commands" not in text


def test_the_installed_wheel_works_away_from_the_checkout(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import importlib.util, qawl\n"
        "assert importlib.util.find_spec('inference') is None and importlib.util.find_spec('training') is None\n"
        f"assert qawl.__file__.startswith({str(site)!r})\n"
        "from qawl import predict, QuoteTagger, Quote, Span, Record, read_jsonl, validate_files\n"
        "quotes = predict('وقال الوزير إن الحكومة ستدعم الفلاحين.')\n"
        "print(quotes[0].speaker.text)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "الوزير"
    (tmp_path / "a.txt").write_text("وقال الوزير إن الحكومة ستدعم الفلاحين.", encoding="utf-8")
    argv = [sys.executable, "-m", "qawl", "predict", "--quiet", "a.txt"]
    cli = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    assert '"text": "الوزير"' in cli.stdout


def test_an_install_without_its_model_says_so(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    (site / "qawl" / "models" / "config.json").unlink()
    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "qawl", "predict", "a.txt"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "the default model is missing" in done.stderr and "qawl.rules.predict" in done.stderr
    assert "Traceback" not in done.stderr
