"""The HTML report: charts match the summary, the file loads nothing, and strings are escaped."""

from __future__ import annotations

import copy
import math
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from redact.report import render_html, write_html

CHARTS = ("entities-by-type", "drops-by-reason", "redactions-per-1k-words", "rows-by-action")


def make_summary() -> dict[str, Any]:
    return {
        "tool": "redact",
        "version": "0.1.0",
        "run_id": "ab12cd34",
        "policy_sha256": "9f86d081884c7d65",
        "engine": "local",
        "workers": 2,
        "created_at": "2026-11-22T17:00:00Z",
        "inputs": [
            {
                "path": "posts.parquet",
                "format": "parquet",
                "rows": 2000,
                "bytes": 123456,
                "sha256": "e3b0c44298fc1c14",
            }
        ],
        "counts": {
            "rows_in": 2000,
            "by_action": {"kept": 700, "redacted": 500, "dropped": 800},
            "by_reason": {
                "consent_missing": 150,
                "opted_out": 200,
                "region_excluded": 400,
                "private_message": 40,
                "pii:CREDIT_CARD": 3,
                "error:detection": 1,
            },
            "by_entity": {"PERSON": 900, "EMAIL_ADDRESS": 120},
            "entities_by_language": {
                "en": {"PERSON": 600, "EMAIL_ADDRESS": 20},
                "fr": {"PERSON": 300},
                # No word count for this language: it has no rate to show.
                "und": {"PERSON": 5},
            },
            "rows_by_language": {"en": 800, "fr": 400, "de": 10},
            # Words but no entities: a rate of zero, which is worth showing.
            "words_by_language": {"en": 40000, "fr": 20000, "de": 500},
        },
        "timings": {"total_s": 12.5, "rows_per_s": 160.0},
    }


class ParsedReport(HTMLParser):
    """Every tag with its attributes, the text, and the bars of each chart."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.charts: dict[str, dict[str, str | None]] = {}
        self.bars: dict[str, list[dict[str, str | None]]] = {}
        self.chart_titles: dict[str, str] = {}
        self._chart: str | None = None
        self._title_next = False
        self._in_chart_title = False
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "svg" and attributes.get("data-chart"):
            self._chart = str(attributes["data-chart"])
            self.charts[self._chart] = attributes
            self.bars[self._chart] = []
            self._title_next = True  # the chart's own <title> is its first child
            return
        self._in_chart_title = self._title_next and tag == "title"
        self._title_next = False
        if self._chart is not None and tag == "rect" and attributes.get("class") == "bar":
            self.bars[self._chart].append(attributes)

    def handle_endtag(self, tag: str) -> None:
        self._in_chart_title = False
        if tag == "svg":
            self._chart = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._chart is not None and self._in_chart_title:
            self.chart_titles[self._chart] = self.chart_titles.get(self._chart, "") + data

    def bar_values(self, chart: str) -> list[tuple[str | None, float]]:
        return [(bar["data-label"], float(bar["data-value"] or "nan")) for bar in self.bars[chart]]

    def empty_notes(self) -> set[str]:
        return {str(attrs["data-empty"]) for tag, attrs in self.tags if "data-empty" in attrs}


@pytest.fixture(scope="module")
def report() -> ParsedReport:
    return ParsedReport(render_html(make_summary()))


@pytest.mark.parametrize(
    ("chart", "expected"),
    [
        ("entities-by-type", [("PERSON", 900), ("EMAIL_ADDRESS", 120)]),
        (
            "drops-by-reason",
            [
                ("region_excluded", 400),
                ("opted_out", 200),
                ("consent_missing", 150),
                ("private_message", 40),
                ("pii:CREDIT_CARD", 3),
                ("error:detection", 1),
            ],
        ),
        # en: (600 + 20) / 40,000 words; fr: 300 / 20,000; de: 0 / 500; und has no word count.
        ("redactions-per-1k-words", [("en", 15.5), ("fr", 15.0), ("de", 0.0)]),
        # Always in this order, whatever the counts.
        ("rows-by-action", [("kept", 700), ("redacted", 500), ("dropped", 800)]),
    ],
)
def test_each_chart_has_one_bar_per_count_with_its_value(
    report: ParsedReport, chart: str, expected: list[tuple[str, float]]
) -> None:
    assert report.bar_values(chart) == [(label, pytest.approx(v)) for label, v in expected]


@pytest.mark.parametrize("chart", CHARTS)
def test_each_chart_is_an_accessible_svg(report: ParsedReport, chart: str) -> None:
    attrs = report.charts[chart]
    assert attrs["role"] == "img"
    assert attrs["aria-label"]
    assert report.chart_titles[chart].strip()


def test_aria_label_states_the_numbers(report: ParsedReport) -> None:
    label = str(report.charts["entities-by-type"]["aria-label"])
    assert "PERSON 900" in label
    assert "EMAIL_ADDRESS 120" in label


def test_bar_lengths_are_proportional_to_values(report: ParsedReport) -> None:
    widths = {b["data-label"]: float(b["width"] or 0) for b in report.bars["rows-by-action"]}
    assert widths["kept"] / widths["dropped"] == pytest.approx(700 / 800, rel=1e-2)
    assert widths["redacted"] / widths["dropped"] == pytest.approx(500 / 800, rel=1e-2)


def test_a_tiny_count_still_gets_a_visible_bar(report: ParsedReport) -> None:
    widths = {b["data-label"]: float(b["width"] or 0) for b in report.bars["drops-by-reason"]}
    assert widths["error:detection"] >= 1.0


def test_header_shows_run_identity_inputs_totals_and_timings(report: ParsedReport) -> None:
    text = " ".join(report.text)
    for expected in (
        "ab12cd34",
        "9f86d081884c7d65",
        "redact 0.1.0",
        "posts.parquet",
        "e3b0c44298fc1c14",
        "2,000",
        "123,456",
        "35.0%",  # kept / rows in
        "1,020",  # entities found
        "12.5s",
        "160 rows/s",
    ):
        assert expected in text, expected


def test_header_leaves_out_what_the_summary_does_not_hold() -> None:
    summary = make_summary()
    del summary["engine"], summary["workers"], summary["timings"]
    text = " ".join(ParsedReport(render_html(summary)).text)
    assert "Engine" not in text
    assert "Workers" not in text
    assert "No timings recorded." in text


def test_output_path_is_shown_when_present() -> None:
    summary = make_summary() | {"out": "runs/2026-11-22"}
    assert "runs/2026-11-22" in " ".join(ParsedReport(render_html(summary)).text)


def test_report_loads_nothing_from_anywhere(report: ParsedReport) -> None:
    source = render_html(make_summary())
    assert "http://" not in source
    assert "https://" not in source
    assert "url(" not in source
    assert "@import" not in source
    assert not [tag for tag, _ in report.tags if tag in {"script", "link", "img", "iframe"}]
    for _, attrs in report.tags:
        assert not {"src", "href", "xlink:href", "srcset"} & attrs.keys()
        assert not any((value or "").startswith("//") for value in attrs.values())


def test_a_content_security_policy_forbids_fetches(report: ParsedReport) -> None:
    policies = [
        attrs["content"]
        for tag, attrs in report.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policies == ["default-src 'none'; style-src 'unsafe-inline'"]


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<script src=https://evil.example/x.js></script>",
    "a & b < c",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_strings_from_the_summary_are_escaped_everywhere(hostile: str) -> None:
    summary = make_summary()
    counts = summary["counts"]
    counts["by_entity"][hostile] = 7
    counts["by_reason"][hostile] = 5
    counts["entities_by_language"][hostile] = {"PERSON": 1}
    counts["words_by_language"][hostile] = 100
    summary["inputs"][0]["path"] = hostile
    summary["run_id"] = hostile
    source = render_html(summary, title=hostile)
    parsed = ParsedReport(source)

    assert hostile not in source
    assert not [tag for tag, _ in parsed.tags if tag in {"script", "img"}]
    assert not any("onerror" in attrs for _, attrs in parsed.tags)
    # Escaped, not dropped: the parser reads back the original string in each place.
    for chart in ("entities-by-type", "drops-by-reason", "redactions-per-1k-words"):
        assert hostile in {label for label, _ in parsed.bar_values(chart)}, chart
    assert parsed.text.count(hostile) >= 3  # page title, heading, run id (and more)


def test_control_characters_in_names_are_made_visible() -> None:
    summary = make_summary()
    summary["counts"]["by_entity"] = {"BAD\x1b[31mNAME": 4}
    parsed = ParsedReport(render_html(summary))
    assert parsed.bar_values("entities-by-type") == [("BAD\\x1b[31mNAME", 4.0)]


def test_a_long_name_is_shortened_on_the_axis_but_kept_whole_on_the_bar() -> None:
    name = "error:" + "x" * 80
    summary = make_summary()
    summary["counts"]["by_reason"] = {name: 2}
    parsed = ParsedReport(render_html(summary))
    assert parsed.bar_values("drops-by-reason") == [(name, 2.0)]
    axis_labels = [t for t in parsed.text if t.startswith("error:x")]
    assert any(len(t) <= 30 and t.endswith("…") for t in axis_labels)


@pytest.mark.parametrize("summary", [{}, {"counts": {}}, {"counts": None, "inputs": "nope"}])
def test_an_empty_summary_renders_a_note_per_chart(summary: dict[str, Any]) -> None:
    parsed = ParsedReport(render_html(summary))
    assert parsed.charts == {}
    assert set(CHARTS) <= parsed.empty_notes()
    assert "Nothing to show." in parsed.text


def test_all_zero_counts_are_nothing_to_show() -> None:
    summary = {"counts": {"rows_in": 0, "by_action": {"kept": 0, "redacted": 0, "dropped": 0}}}
    parsed = ParsedReport(render_html(summary))
    assert "rows-by-action" not in parsed.charts
    assert "rows-by-action" in parsed.empty_notes()


def test_only_the_empty_section_gets_the_note() -> None:
    summary = make_summary()
    summary["counts"]["by_reason"] = {}
    parsed = ParsedReport(render_html(summary))
    assert parsed.empty_notes() == {"drops-by-reason"}
    assert set(parsed.charts) == set(CHARTS) - {"drops-by-reason"}


@pytest.mark.parametrize(
    "bad",
    ["900", True, -1, math.nan, math.inf, None, [3]],
)
def test_values_that_are_not_counts_are_left_out(bad: object) -> None:
    summary = make_summary()
    summary["counts"]["by_entity"] = {"PERSON": 900, "WEIRD": bad}
    parsed = ParsedReport(render_html(summary))
    assert [label for label, _ in parsed.bar_values("entities-by-type")] == ["PERSON"]


def test_large_counts_keep_exact_data_values() -> None:
    summary = make_summary()
    summary["counts"]["by_entity"] = {"PERSON": 123_456_789, "URL": 2000.0}
    parsed = ParsedReport(render_html(summary))
    assert parsed.bar_values("entities-by-type") == [("PERSON", 123_456_789.0), ("URL", 2000.0)]


def test_the_summary_is_not_modified() -> None:
    summary = make_summary()
    before = copy.deepcopy(summary)
    render_html(summary)
    assert summary == before


def test_write_html_writes_the_rendered_report(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    returned = write_html(target, make_summary(), title="Run ab12")
    assert returned == target
    written = target.read_text(encoding="utf-8")
    assert written == render_html(make_summary(), title="Run ab12")
    assert "<title>Run ab12</title>" in written
