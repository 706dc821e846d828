"""A run summary as one self-contained HTML file: header tables and inline SVG bar charts.

The file must open offline and be safe to mail around, so it loads nothing: CSS is inline,
charts are SVG drawn here, there is no script, and a Content-Security-Policy forbids any
fetch should a future edit slip one in. It shows only what the summary holds (counts, type
names, reason codes, paths, hashes), and every one of those strings is HTML-escaped: a path
or a reason code is data, not markup.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from redact.progress import printable
from redact.summary import (
    Counts,
    Number,
    as_number,
    count_map,
    entity_totals,
    format_count,
    format_percent,
    format_seconds,
    ranked,
    redactions_per_1k_words,
    rows_by_action,
    rows_in,
    section,
    timings,
)

# Chart geometry, in SVG user units.
CHART_WIDTH = 720
LABEL_WIDTH = 220
VALUE_WIDTH = 90
ROW_HEIGHT = 24
BAR_HEIGHT = 16
PADDING = 8
MAX_LABEL_CHARS = 30

_CSP = "default-src 'none'; style-src 'unsafe-inline'"

_STYLE = """
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5b6475; --rule: #d9dde5;
  --c1: #3867d6; --c2: #e1703a; --c3: #2f9e77; --c4: #8854d0; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e9ef; --muted: #a3abba; --rule: #3a4150;
    --c1: #6f95f0; --c2: #f0925f; --c3: #53c29a; --c4: #a97ee8; } }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  margin: 0; }
main { max-width: 960px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 16px; }
h2 { font-size: 1.2em; margin: 32px 0 8px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1em; margin: 16px 0 4px; }
table { border-collapse: collapse; margin: 4px 0; }
th, td { text-align: left; padding: 3px 12px 3px 0; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 0.9em ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  overflow-wrap: anywhere; }
.empty, .timings, footer { color: var(--muted); }
svg { max-width: 100%; height: auto; display: block; }
svg text { fill: var(--fg); font-size: 13px; dominant-baseline: middle; }
svg .value { fill: var(--muted); font-variant-numeric: tabular-nums; }
svg[data-chart="entities-by-type"] .bar { fill: var(--c1); }
svg[data-chart="drops-by-reason"] .bar { fill: var(--c2); }
svg[data-chart="redactions-per-1k-words"] .bar { fill: var(--c3); }
svg[data-chart="rows-by-action"] .bar { fill: var(--c4); }
"""


def render_html(summary: Mapping[str, Any], title: str = "redact report") -> str:
    """The report for `summary` as a complete HTML document."""
    body = [
        f"<h1>{_text(title)}</h1>",
        _run_section(summary),
        _chart_section("rows-by-action", "Rows by action", rows_by_action(summary), format_count),
        _chart_section(
            "entities-by-type", "Entities by type", ranked(entity_totals(summary)), format_count
        ),
        _chart_section(
            "drops-by-reason",
            "Rows dropped by reason",
            ranked(count_map(section(summary, "by_reason"))),
            format_count,
        ),
        _chart_section(
            "redactions-per-1k-words",
            "Redactions per 1,000 words, by language",
            redactions_per_1k_words(summary),
            lambda value: f"{value:.2f}",
        ),
        "<footer><p>This report holds counts, entity types, reason codes, paths and hashes"
        " only: no text from the data.</p></footer>",
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_text(title)}</title>",
            f"<style>{_STYLE}</style>",
            "</head>",
            "<body>",
            "<main>",
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def write_html(
    path: str | os.PathLike[str], summary: Mapping[str, Any], title: str = "redact report"
) -> Path:
    """Write the report for `summary` to `path` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(render_html(summary, title=title), encoding="utf-8")
    return target


# --- header --------------------------------------------------------------------------------


def _run_section(summary: Mapping[str, Any]) -> str:
    facts = [
        ("Tool", " ".join(str(summary[k]) for k in ("tool", "version") if k in summary)),
        ("Run id", summary.get("run_id")),
        ("Policy SHA-256", summary.get("policy_sha256")),
        ("Engine", summary.get("engine")),
        ("Workers", summary.get("workers")),
        ("Created at", summary.get("created_at")),
        ("Output", summary.get("out")),
    ]
    rows = "".join(
        f"<tr><th>{_text(name)}</th><td><code>{_text(value)}</code></td></tr>"
        for name, value in facts
        if value not in (None, "")
    )
    parts = ["<section>", "<h2>Run</h2>"]
    parts.append(f'<table class="facts">{rows}</table>' if rows else _empty("run-facts"))
    parts += ["<h3>Inputs</h3>", _inputs_table(summary)]
    parts += ["<h3>Totals</h3>", _totals_table(summary), _timings_line(summary)]
    parts.append("</section>")
    return "\n".join(parts)


def _inputs_table(summary: Mapping[str, Any]) -> str:
    raw = summary.get("inputs")
    inputs = [item for item in raw if isinstance(item, Mapping)] if isinstance(raw, list) else []
    if not inputs:
        return _empty("inputs")
    header = (
        '<tr><th>Path</th><th>Format</th><th class="num">Rows</th>'
        '<th class="num">Bytes</th><th>SHA-256</th></tr>'
    )
    rows = "".join(
        "<tr>"
        f"<td><code>{_text(item.get('path', ''))}</code></td>"
        f"<td>{_text(item.get('format', ''))}</td>"
        f'<td class="num">{_number(item.get("rows"))}</td>'
        f'<td class="num">{_number(item.get("bytes"))}</td>'
        f"<td><code>{_text(item.get('sha256', ''))}</code></td>"
        "</tr>"
        for item in inputs
    )
    return f'<table class="inputs"><thead>{header}</thead><tbody>{rows}</tbody></table>'


def _totals_table(summary: Mapping[str, Any]) -> str:
    total = rows_in(summary)
    rows = [("Rows in", format_count(total), "")]
    rows += [
        (f"Rows {action}", format_count(n), format_percent(n, total))
        for action, n in rows_by_action(summary)
    ]
    rows.append(("Entities found", format_count(sum(entity_totals(summary).values())), ""))
    body = "".join(
        f'<tr><th>{_text(name)}</th><td class="num">{_text(count)}</td>'
        f'<td class="num">{_text(share)}</td></tr>'
        for name, count, share in rows
    )
    return f'<table class="totals">{body}</table>'


def _timings_line(summary: Mapping[str, Any]) -> str:
    total_s, rate = timings(summary)
    if total_s is None and rate is None:
        return '<p class="timings">No timings recorded.</p>'
    parts = []
    if total_s is not None:
        parts.append(f"total {format_seconds(total_s)}")
    if rate is not None:
        parts.append(f"{rate:,.0f} rows/s")
    return f'<p class="timings">Timings: {_text(", ".join(parts))}</p>'


# --- charts --------------------------------------------------------------------------------


def _chart_section(chart: str, title: str, bars: Counts, formatter: Callable[[Number], str]) -> str:
    return "\n".join(
        ["<section>", f"<h2>{_text(title)}</h2>", bar_chart(chart, title, bars, formatter),
         "</section>"]
    )  # fmt: skip


def bar_chart(chart: str, title: str, bars: Counts, formatter: Callable[[Number], str]) -> str:
    """A horizontal bar chart as inline SVG; a note instead when there is nothing to draw.

    Each bar carries its label and exact value (`data-label`, `data-value`) so the figure
    can be checked against the summary, by tests or by anyone reading the source.
    """
    if not bars or all(value == 0 for _, value in bars):
        return _empty(chart)
    largest = max(value for _, value in bars)
    bar_area = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = 2 * PADDING + ROW_HEIGHT * len(bars)
    description = f"{title}: " + ", ".join(f"{label} {formatter(v)}" for label, v in bars)
    rows = []
    for index, (label, value) in enumerate(bars):
        y = PADDING + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        width = bar_area * value / largest
        if value > 0:
            width = max(width, 1.0)  # a small but non-zero count stays visible
        rows.append(
            '<g class="row">'
            f"<title>{_text(label)}: {_text(formatter(value))}</title>"
            f'<text class="label" x="{LABEL_WIDTH - PADDING}" y="{middle:g}" '
            f'text-anchor="end">{_text(_shorten(label))}</text>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{middle - BAR_HEIGHT / 2:g}" '
            f'width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'data-label="{_text(label)}" data-value="{_data_value(value)}"></rect>'
            f'<text class="value" x="{LABEL_WIDTH + width + PADDING:.1f}" y="{middle:g}">'
            f"{_text(formatter(value))}</text>"
            "</g>"
        )
    return (
        f'<svg data-chart="{_text(chart)}" role="img" aria-label="{_text(description)}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" height="{height}">'
        f"<title>{_text(title)}</title>" + "".join(rows) + "</svg>"
    )


def _shorten(label: str) -> str:
    # Long codes would run into the bars; the full label stays in the bar's <title>.
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


# --- escaping ------------------------------------------------------------------------------


def _text(value: object) -> str:
    """`value` as escaped HTML text, safe in element content and quoted attributes alike."""
    return html.escape(printable(str(value)), quote=True)


def _number(value: object) -> str:
    number = as_number(value)
    return format_count(number) if number is not None else ""


def _data_value(value: Number) -> str:
    # Exact and machine-readable: no thousands separators, no rounding, no exponent for counts.
    return str(value) if isinstance(value, int) else repr(float(value))


def _empty(chart: str) -> str:
    return f'<p class="empty" data-empty="{_text(chart)}">Nothing to show.</p>'
