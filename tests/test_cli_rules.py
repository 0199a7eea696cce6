"""``qawl predict --rules`` and ``qawl silver``: the rule paths end to end, without torch."""

import gzip
import io
import json
import subprocess
import sys

from qawl.cli import main
from qawl.records import Record
from qawl.validate import validate_files

ARTICLES = [
    {"id": "JA-test-1-20170101", "category": "politic", "text": "وقال الوزير إن الحكومة ستدعم الفلاحين.\nوأضاف أن"},
    {"id": "JA-test-2-20170102", "category": "sport", "text": "فاز الفريق بالمباراة."},
]


def test_predict_rules_on_text_jsonl_and_stdin(tmp_path, monkeypatch, capsys):
    text_file = tmp_path / "doc.txt"
    text_file.write_text("وأكدت الوزيرة أن الميزانية جاهزة.", encoding="utf-8")
    records_file = tmp_path / "in.jsonl"
    records_file.write_text(json.dumps({"id": "a", "source": "s", "text": "قال المدير إنه راض."}) + "\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO("ورحب الرئيس بالاتفاق."))
    out = tmp_path / "out.jsonl"
    assert main(["predict", "--rules", str(text_file), str(records_file), "-", "-o", str(out), "--quiet"]) == 0
    assert validate_files([out]) == []
    records = [Record.from_dict(json.loads(line)) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r.id, r.source, len(r.quotes)) for r in records] == [
        ("doc", str(text_file), 1),
        ("a", "s", 1),
        ("stdin", None, 0),
    ]
    assert records[1].quotes[0].content[0].text == "راض"


def write_corpus(directory, articles):
    """A gzipped JSONL corpus in the ANT layout."""
    corpus = directory / "articles.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps(article, ensure_ascii=False) + "\n")
    return corpus


def test_silver_labels_a_corpus_without_importing_torch(tmp_path):
    corpus = write_corpus(tmp_path, ARTICLES)
    out = tmp_path / "silver.jsonl"
    code = (
        "import sys; from qawl.cli import main;"
        f"rc = main(['silver', '--out', {str(out)!r}, '--corpus', {str(corpus)!r}, '--quiet']);"
        "assert rc == 0; assert 'torch' not in sys.modules, 'torch was imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "2 articles, 1 silver quotes" in result.stderr
    assert validate_files([out]) == []
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["source"], r["silver"]) for r in records] == [
        ("ant-JA-test-1-20170101", "ant-v1.1:JA-test-1-20170101", True),
        ("ant-JA-test-2-20170102", "ant-v1.1:JA-test-2-20170102", True),
    ]
    assert records[0]["text"] == ARTICLES[0]["text"]


def test_silver_leaves_out_the_articles_of_excluded_annotation_files(tmp_path):
    corpus = write_corpus(tmp_path, ARTICLES)
    held_out = tmp_path / "test.jsonl"
    held_out.write_text(
        json.dumps({"id": "x", "source": "ant-v1.1:JA-test-1-20170101", "text": "نص", "quotes": []}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "silver.jsonl"
    assert main(["silver", "--out", str(out), "--corpus", str(corpus), "--quiet", "--exclude", str(held_out)]) == 0
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["ant-JA-test-2-20170102"]


def test_silver_keeps_articles_with_quotes_and_samples_them_reproducibly(tmp_path):
    corpus = write_corpus(tmp_path, [{**ARTICLES[i % 2], "id": f"JA-test-{i}-20170101"} for i in range(20)])

    def ids(*flags):
        out = tmp_path / "silver.jsonl"
        assert main(["silver", "--out", str(out), "--corpus", str(corpus), "--quiet", *flags]) == 0
        return [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]

    with_quotes = ids("--with-quotes")
    assert len(with_quotes) == 10 and len(ids()) == 20
    drawn = ids("--with-quotes", "--sample", "4", "--seed", "1")
    assert len(drawn) == 4 and set(drawn) <= set(with_quotes)
    assert drawn == ids("--with-quotes", "--sample", "4", "--seed", "1")
    assert drawn != ids("--with-quotes", "--sample", "4", "--seed", "2")


def test_silver_without_a_corpus_says_how_to_give_one(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("QAWL_ANT_CORPUS", raising=False)
    assert main(["silver", "--out", str(tmp_path / "s.jsonl"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "--corpus" in err and "QAWL_ANT_CORPUS" in err and "Traceback" not in err
    assert main(["silver", "--out", str(tmp_path / "s.jsonl"), "--corpus", str(tmp_path / "nope.gz"), "--quiet"]) == 2
    assert "not found" in capsys.readouterr().err
