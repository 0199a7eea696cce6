"""``qawl predict`` with a model, the HTML view, and bad input on the command line."""

import json
import shutil
import subprocess

import pytest
from qawl.cli import main
from qawl.html import render_html
from qawl.records import Quote, Record, Span
from qawl.validate import validate_files

TEXT = 'وقال الوزير إن "الحكومة ستدعم" الفلاحين. <b>&</b>'


def test_predict_with_a_model_writes_valid_jsonl(tmp_path, tiny_model_dir):
    doc = tmp_path / "doc.txt"
    doc.write_text(TEXT * 30, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["predict", str(doc), "--model", str(tiny_model_dir), "--device", "cpu", "--batch-size", "4", "-o", str(out)]
    assert main([*args, "--quiet"]) == 0
    assert validate_files([out]) == []
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["text"] == TEXT * 30 and record["id"] == "doc"


def test_missing_model_and_missing_file_are_clear_errors(tmp_path, capsys):
    doc = tmp_path / "doc.txt"
    doc.write_text(TEXT, encoding="utf-8")
    assert main(["predict", str(doc), "--model", str(tmp_path / "nowhere")]) == 2
    assert "cannot load the model" in capsys.readouterr().err
    assert main(["predict", str(tmp_path / "absent.txt")]) == 2
    assert "absent.txt" in capsys.readouterr().err


def test_html_page_is_rtl_self_contained_and_escaped():
    quote = Quote(Span.of(TEXT, 0, 4), Span.of(TEXT, 5, 11), [Span.of(TEXT, 16, 29)], "direct", score=0.87)
    page = render_html([Record("r<1>", TEXT, [quote], source="s")])
    assert '<html lang="ar" dir="rtl">' in page
    assert "<script" not in page and "http" not in page
    assert '<span class="cue" title="cue 1">وقال<span class="n">1</span></span>' in page
    assert 'class="speaker"' in page and 'class="content"' in page
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in page and "r&lt;1&gt;" in page
    assert "0.87" in page


def test_html_shared_speaker_carries_both_numbers():
    text = "قال الوزير إن نعم وأضاف أن لا"
    speaker = Span.of(text, 4, 10)
    quotes = [
        Quote(Span.of(text, 0, 3), speaker, [Span.of(text, 14, 17)], "indirect"),
        Quote(Span.of(text, 18, 23), speaker, [Span.of(text, 27, 29)], "indirect"),
    ]
    assert '<span class="n">1,2</span>' in render_html([Record("r", text, quotes)])


def test_cli_html_output(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("وقال الوزير إن الحكومة ستدعم الفلاحين.", encoding="utf-8")
    out = tmp_path / "page.html"
    assert main(["predict", "--rules", str(doc), "--format", "html", "-o", str(out)]) == 0
    assert 'class="cue"' in out.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium (see README: HTML view)")
def test_html_renders_in_headless_chromium(tmp_path):
    """Chromium lays out the page as a reader sees it: right to left, every quote's spans marked in their roles,
    and the document's own text, character for character, once the quote numbers are set aside."""
    from html.parser import HTMLParser

    text = "وقال الوزير إن الحكومة ستدعم الفلاحين.\nخبير عسكري: الوضع <مستقر> & هادئ"
    doc = tmp_path / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    page = tmp_path / "page.html"
    assert main(["predict", "--rules", str(doc), "--format", "html", "-o", str(page)]) == 0
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
    dom = subprocess.run(
        ["chromium", *flags, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.text, self.roles, self.rtl = [], [], [], False
            self.ids, self.links, self.who = set(), [], []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            self.rtl |= tag == "html" and attrs.get("dir") == "rtl"
            if tag == "a" and "id" in attrs:
                self.ids.add(attrs["id"])
            if tag == "a" and "href" in attrs:
                self.links.append(attrs["href"])
            if attrs.get("class") == "who":
                self.who.append("")
            role = None
            if "text" in self.classes() and attrs.get("class") in ("cue", "speaker", "content"):
                role = len(self.roles)
                self.roles.append([attrs["class"], ""])
            self.stack.append((attrs.get("class", ""), role))

        def handle_endtag(self, tag):
            self.stack.pop()

        def classes(self):
            return [name for name, _ in self.stack]

        def handle_data(self, data):
            if self.classes()[-1:] == ["who"]:
                self.who[-1] += data
            if "text" in self.classes() and self.classes()[-1] != "n":  # "n": a quote number badge
                self.text.append(data)
                for _, role in self.stack:
                    if role is not None:
                        self.roles[role][1] += data

    reader = Reader()
    reader.feed(dom)
    assert reader.rtl
    assert "".join(reader.text) == text
    marked = [(role, body) for role, body in reader.roles]
    assert ("cue", "وقال") in marked and ("speaker", "الوزير") in marked
    assert ("content", "الحكومة ستدعم الفلاحين") in marked
    assert ("speaker", "خبير عسكري") in marked and ("content", "الوضع <مستقر> & هادئ") in marked
    # the "who said what" table: one row per source, each link pointing at its quote in the text
    assert reader.who == ["الوزير", "خبير عسكري"]
    assert reader.links and all(link.startswith("#") and link[1:] in reader.ids for link in reader.links)
