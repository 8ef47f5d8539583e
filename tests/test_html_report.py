"""The HTML report: read by a parser for what it holds, run from the command on every input form, and opened in
a real headless Chromium for what a person sees.

The browser (:mod:`browser`) reports the page's rendered text (``innerText`` leaves out what is not shown),
where elements are laid out, every request the page made, and a screenshot. Those tests skip only when
``chromium`` (Debian's package, which ``.ci/run`` installs) is not there.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from string import Formatter

import pytest
from browser import CHROMIUM, HEIGHT, WIDTH, Browser, png_pixels
from test_cli import EXAMPLE, KUANGQU, compliance

from compliance import check, load_dataset
from compliance.formats import FORMATS
from compliance.formats.html import MAX_TIMELINE_ROWS
from compliance.formats.html_labels import LABELS
from compliance.report import LeftOutRecord, Report, RuleFailure, Text, Waiver
from compliance.waivers import apply_waivers

HOSTILE = '<script>alert("x")</script> & <u>underlined</u>'
CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")


def render(report: Report, lang: str) -> str:
    out = io.StringIO()
    FORMATS["html"](report, out, lang)
    return out.getvalue()


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None]):
        self.tag, self.attrs, self.children = tag, attrs, []

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def all(self, tag: str, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag and (cls is None or cls in child.classes):
                    found.append(child)
                found.extend(child.all(tag, cls))
        return found


class Tree(HTMLParser):
    """The page as a tree; an end tag that does not close the element open at that point is an error."""

    VOID = {"meta", "br", "hr", "img", "input", "link"}

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.open = [self.root]
        self.feed(page)
        self.close()
        assert self.open == [self.root], f"unclosed: {[n.tag for n in self.open[1:]]}"

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.open[-1].children.append(node)
        if tag not in self.VOID:
            self.open.append(node)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.open[-1].tag == tag, f"</{tag}> closes <{self.open[-1].tag}>"
        self.open.pop()

    def handle_data(self, data):
        self.open[-1].children.append(data)


@pytest.fixture(scope="module")
def report() -> Report:
    """The example as of a day with violations and warnings, one of them waived, one message hostile, a rule that
    raised and a record left out."""
    plain = check(load_dataset(EXAMPLE), KUANGQU, dt.date(2025, 2, 10))
    first, hostile = plain.violations[:2]
    findings = [f.model_copy(update={"message": Text(zh=HOSTILE, en=HOSTILE)}) if f is hostile else f
                for f in plain.findings]
    waiver = Waiver(rule=first.rule, subject=first.subject, period=first.period, justification="病假 <3 个月>",
                    approved_by="区司法局", expires_on=dt.date(2025, 6, 30))
    report = apply_waivers(plain.model_copy(update={"findings": findings}), [waiver])
    return report.model_copy(update={
        "failures": [RuleFailure(rule="explodes", distribution="demo", error="RuntimeError: <boom>",
                                 traceback="Traceback…")],
        "left_out": [LeftOutRecord(collection="training_records", record_id="T-1", file="培训记录.csv",
                                   position="row 5", reasons=["学时: <img src=x> is not a number"])]})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_parses_and_holds_every_finding_with_its_evidence_and_citation(report, lang):
    page = Tree(render(report, lang)).root
    articles = page.all("article", "finding")
    assert len(articles) == len(report.findings) and report.warnings
    for article, finding in zip(articles, report.findings, strict=True):
        text = article.text
        assert getattr(finding.message, lang) in text and finding.rule in text
        assert finding.citation.text in text and finding.citation.item in text
        shown = {dt.attrs["title"] for dt in article.all("dt")}  # each named in the language, its key beside
        assert shown == {key for key in finding.evidence if not (key.endswith("_zh") and key[:-3] in finding.evidence)}
    waived = [a for a, f in zip(articles, report.findings, strict=True) if f.waived]
    assert len(waived) == 1 and "病假 <3 个月>" in waived[0].text
    (html,) = page.all("html")
    assert html.attrs["lang"] == {"zh": "zh-CN", "en": "en"}[lang]


def test_every_text_is_escaped(report):
    page = render(report, "en")
    tree = Tree(page).root
    assert not tree.all("script") and not tree.all("img") and not tree.all("u")
    text = tree.text
    assert HOSTILE in text and "RuntimeError: <boom>" in text and "<img src=x> is not a number" in text


def test_nothing_is_fetched_from_elsewhere(report):
    page = render(report, "zh")
    for node in _every_node(Tree(page).root):
        assert node.tag not in {"script", "link", "img", "iframe", "object", "embed"}
        for name in ("src", "href", "xlink:href", "action", "srcset"):
            if name in node.attrs:
                assert node.attrs[name].startswith("#"), f"<{node.tag} {name}={node.attrs[name]!r}>"
    assert "url(" not in page and "@import" not in page and "://" not in page


def test_the_run_is_shown_first_and_a_rule_that_raised_stands_out(report):
    page = Tree(render(report, "en")).root
    sections = [s.attrs.get("id") for s in page.all("section")]
    assert sections[:2] == ["failures", "attention"] and sections.index("overview") > 1
    (failures,) = [s for s in page.all("section") if s.attrs.get("id") == "failures"]
    assert "Rule explodes (from demo) raised" in failures.text and "alert" in failures.classes
    (verdict,) = page.all("div", "verdict")
    assert "incomplete" in verdict.classes and "Exit code 3" in verdict.text
    failing = len(report.failing)
    assert f"{failing} finding(s) fail the run at level low" in verdict.text
    assert f"{len(report.violations)}Violations" in verdict.text and f"{len(report.warnings)}Warnings" in verdict.text


def test_overview_charts_and_rules(report):
    page = Tree(render(report, "en")).root
    (overview, rules) = [s.all("table")[0] for s in page.all("section") if s.attrs.get("id") in ("overview", "rules")]
    assert len(overview.all("tbody")[0].all("tr")) == len(report.departments)
    assert len(rules.all("tbody")[0].all("tr")) == len(report.rules)
    hours, timeline = page.all("svg", "chart")
    bars = [r for r in hours.all("rect") if r.classes & {"short", "enough"} and r.all("title")]
    assert sum(int(bar.all("title")[0].text.split(": ")[1]) for bar in bars) == sum(
        d.officers_in_year for d in report.departments)
    dated = [f for f in report.findings if "deadline" in f.evidence]
    links = timeline.all("a")
    assert len(links) == min(len(dated), MAX_TIMELINE_ROWS)
    assert len([r for link in links for r in link.all("rect", "due_soon")]) == len(report.warnings)
    ids = {a.attrs["id"] for a in page.all("article")}
    assert {link.attrs["href"][1:] for link in links} <= ids


def test_an_empty_report_is_a_page_too(report):
    empty = report.model_copy(update={"findings": [], "failures": [], "left_out": [], "waivers": [],
                                      "departments": [], "inputs": []})
    page = Tree(render(empty, "zh")).root
    assert "没有发现问题" in page.text and "没有带期限的问题" in page.text and "通过" in page.all("div", "verdict")[0].text


def _blanks(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def test_every_label_is_in_both_languages_with_the_same_blanks():
    for key, (zh, en) in LABELS.items():
        assert CJK.search(zh) and en.strip() and not CJK.search(en), key
        assert _blanks(zh) == _blanks(en), key


def test_every_heading_follows_the_language(report):
    """Headings, column names, legends and axis titles: Chinese on the Chinese page, none on the English one."""
    for lang in ("zh", "en"):
        page = Tree(render(report, lang)).root
        headings = [n.text for tag in ("h1", "h2", "th", "figcaption", "summary") for n in page.all(tag)]
        headings += [page.all("title")[0].text] + [svg.all("title")[0].text for svg in page.all("svg")]
        headings += [n.text for dl in page.all("dl", "meta") for n in dl.all("dt")]
        headings += [n.text for n in page.all("a") if not n.attrs["href"].startswith("#finding")]
        headings += [n.text for cls in ("legend", "axis-title", "threshold-label") for n in page.all("text", cls)]
        assert len(headings) > 30
        for heading in headings:
            if lang == "zh":
                assert CJK.search(heading), heading
            else:
                assert not CJK.search(heading.replace(report.ruleset, "")), heading


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("data", ["kuangqu", "kuangqu.xlsx", "kuangqu-csv"])
def test_the_command_writes_the_page_for_every_input_form(data, lang):
    """As a user runs it: the JSON Lines directory, the workbook and the GBK CSV files (encoding found)."""
    result = compliance("check", str(EXAMPLE.parent / data), "--ruleset", KUANGQU, "--as-of", "2025-03-01",
                        "--format", "html", "--lang", lang)
    assert result.returncode == 1, result.stderr
    page = Tree(result.stdout).root
    assert len(page.all("article", "finding")) == 25
    expected = {"zh": "25 项问题导致检查不通过", "en": "25 finding(s) fail the run"}[lang]
    assert expected in page.all("div", "verdict")[0].text
    assert f"lang=\"{'zh-CN' if lang == 'zh' else 'en'}\"" in result.stdout


def test_the_readme_shows_the_report_in_both_languages():
    root = Path(__file__).parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    for image in ("docs/report.png", "docs/report-en.png"):
        assert f"({image})" in readme
        png = (root / image).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20]) == WIDTH  # IHDR's width


def _every_node(node: Node):
    yield node
    for child in node.children:
        if isinstance(child, Node):
            yield from _every_node(child)


# --- in a real browser -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (Debian's package chromium; .ci/run installs it)")
    browser = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def example_page(tmp_path_factory) -> tuple[Report, Path]:
    report = check(load_dataset(EXAMPLE), KUANGQU, dt.date(2025, 3, 1))
    file = tmp_path_factory.mktemp("html") / "report.html"
    file.write_text(render(report, "zh"), encoding="utf-8")
    return report, file


#: what a person sees: the page's rendered text, and where things are laid out
SEEN = """(() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; };
  const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility === "visible";
  return {
    text: document.body.innerText,
    verdict: box(document.getElementById("result")),
    charts: [...document.querySelectorAll("svg.chart")].map(box),
    bars: [...document.querySelectorAll("svg.chart rect.short, svg.chart rect.enough, svg.chart rect.missing,"
                                        + " svg.chart rect.late")].filter((r) => r.getBBox().height > 0).length,
    findings: [...document.querySelectorAll("article.finding")].filter(shown).length,
    pageWidth: document.documentElement.scrollWidth,
  };
})()"""


def test_a_person_sees_the_verdict_the_charts_and_every_finding(browser, example_page):
    report, file = example_page
    browser.open(file.as_uri())
    seen = browser.evaluate(SEEN)
    text = seen["text"]
    assert "25 项问题导致检查不通过" in text and "退出码 1" in text
    for finding in report.findings:
        assert finding.message.zh in text
    assert "矿区教育局" in text and "持证率" in text and "年培训学时分布" in text
    left, top, width, height = seen["verdict"]
    assert top + height <= HEIGHT and width > WIDTH / 2  # the verdict is on the first screen, across the page
    assert len(seen["charts"]) == 2 and all(w > 500 and h > 150 for _, _, w, h in seen["charts"])
    assert seen["bars"] > 10
    assert seen["findings"] == len(report.findings)
    assert seen["pageWidth"] <= WIDTH  # nothing runs off the right edge
    requests = [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]
    assert requests == [file.as_uri()]  # the page alone: no style sheet, font, image or script fetched


def test_the_screenshot_shows_the_page(browser, example_page):
    _, file = example_page
    browser.open(file.as_uri())
    shot = browser.send("Page.captureScreenshot", format="png",
                        clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT, "scale": 0.25})
    width, height, pixels = png_pixels(base64.b64decode(shot["data"]))
    assert (width, height) == (WIDTH // 4, HEIGHT // 4)
    ink = [p for p in pixels if min(p[:3]) < 200]
    assert len(ink) > len(pixels) // 50, "the page looks blank"
    pink = [p for p in pixels[: width * height // 3] if p[0] - p[2] > 12 and p[0] > 200]
    assert len(pink) > width, "the red verdict of a failing run is not on the first screen"
