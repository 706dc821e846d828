"""The end-of-run summary as plain text, and the readers of a run summary it shares with the report.

A run summary is the manifest's `counts`, `inputs` and `timings` sections (see the CLI's
`manifest.json`). It holds counts, type names, reason codes, paths and hashes only, never a
value from the data. It may come from a file, so every reader here tolerates missing or
malformed sections and shows what it can.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from redact.progress import format_duration, printable

ACTIONS = ("kept", "redacted", "dropped")

Number = int | float
Counts = list[tuple[str, Number]]


# --- reading a summary -------------------------------------------------------------------


def as_number(value: object) -> Number | None:
    """`value` if it is a finite count or measure, else None (bools are not counts)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def section(summary: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """`summary["counts"][key]` as a mapping, empty when absent or malformed."""
    counts = summary.get("counts")
    value = counts.get(key) if isinstance(counts, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def count_map(value: object) -> dict[str, Number]:
    """The `{name: count}` entries of `value` that are non-negative numbers."""
    if not isinstance(value, Mapping):
        return {}
    out: dict[str, Number] = {}
    for key, raw in value.items():
        number = as_number(raw)
        if number is not None and number >= 0:
            out[str(key)] = number
    return out


def ranked(counts: Mapping[str, Number]) -> Counts:
    """Largest first; ties by name, so the order is stable from run to run."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def rows_in(summary: Mapping[str, Any]) -> Number:
    counts = summary.get("counts")
    value = as_number(counts.get("rows_in")) if isinstance(counts, Mapping) else None
    if value is not None:
        return value
    return sum(count_map(section(summary, "by_action")).values())


def rows_by_action(summary: Mapping[str, Any]) -> Counts:
    """kept, redacted, dropped (always, in that order), then any other action by count."""
    by_action = count_map(section(summary, "by_action"))
    known = [(action, by_action.get(action, 0)) for action in ACTIONS]
    others = ranked({k: v for k, v in by_action.items() if k not in ACTIONS})
    return known + others


def entity_totals(summary: Mapping[str, Any]) -> dict[str, Number]:
    """Entities found, by type (`by_entity`, the authority for totals)."""
    return count_map(section(summary, "by_entity"))


def entities_by_language(summary: Mapping[str, Any]) -> dict[str, dict[str, Number]]:
    """`{language: {entity: count}}`, malformed entries left out."""
    return {
        str(language): count_map(entities)
        for language, entities in section(summary, "entities_by_language").items()
        if isinstance(entities, Mapping)
    }


def redactions_per_1k_words(summary: Mapping[str, Any]) -> Counts:
    """Entities found per 1,000 words, by language, for languages with a word count."""
    entities = {lang: sum(c.values()) for lang, c in entities_by_language(summary).items()}
    words = count_map(section(summary, "words_by_language"))
    rates = {lang: 1000 * entities.get(lang, 0) / n for lang, n in words.items() if n > 0}
    return ranked(rates)


def timings(summary: Mapping[str, Any]) -> tuple[Number | None, Number | None]:
    """(total seconds, rows per second); the rate is derived when only the time is known."""
    raw = summary.get("timings")
    values = count_map(raw) if isinstance(raw, Mapping) else {}
    total_s = values.get("total_s")
    rate = values.get("rows_per_s")
    if rate is None and total_s:
        rate = rows_in(summary) / total_s
    return total_s, rate


# --- formatting ----------------------------------------------------------------------------


def format_count(value: Number) -> str:
    """`2,000` for whole numbers, `12.50` otherwise."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def format_percent(part: Number, whole: Number) -> str:
    return f"{100 * part / whole:.1f}%" if whole > 0 else "-"


def format_seconds(seconds: Number) -> str:
    """`12.5s` under a minute (runs are often that short), `4m18s` beyond."""
    return f"{seconds:.1f}s" if seconds < 60 else format_duration(seconds)


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Aligned columns: the first left-aligned and indented under the header, the rest right."""
    lines = [list(header)] + [["  " + row[0], *row[1:]] for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return [
        "  ".join(
            [
                line[0].ljust(widths[0]),
                *(c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)),
            ]
        ).rstrip()
        for line in lines
    ]


def format_summary(summary: Mapping[str, Any]) -> str:
    """The end-of-run summary: rows by action, drops by reason, entities, throughput, output."""
    blocks = [_rows_block(summary), _reasons_block(summary), _entities_block(summary)]
    blocks.append(_footer(summary, with_output=True))
    return "\n\n".join(block for block in blocks if block) + "\n"


def format_scan(summary: Mapping[str, Any]) -> str:
    """The `redact scan` summary: like a run's, with entities by type and language."""
    blocks = [
        _rows_block(summary),
        _reasons_block(summary),
        _entities_by_language_block(summary),
        _languages_block(summary),
        _footer(summary, with_output=False),
    ]
    return "\n\n".join(block for block in blocks if block) + "\n"


def _rows_block(summary: Mapping[str, Any]) -> str:
    total = rows_in(summary)
    rows = [["in", format_count(total), ""]]
    rows += [[a, format_count(n), format_percent(n, total)] for a, n in rows_by_action(summary)]
    return "\n".join(text_table(["Rows", "count", "% of rows"], _printable(rows)))


def _reasons_block(summary: Mapping[str, Any]) -> str:
    reasons = ranked(count_map(section(summary, "by_reason")))
    if not reasons:
        return "Drops by reason: none"
    total = rows_in(summary)
    rows = [[r, format_count(n), format_percent(n, total)] for r, n in reasons]
    return "\n".join(text_table(["Drops by reason", "count", "% of rows"], _printable(rows)))


def _entities_block(summary: Mapping[str, Any]) -> str:
    entities = ranked(entity_totals(summary))
    if not entities:
        return "Entities by type: none"
    rows = [[e, format_count(n)] for e, n in entities]
    return "\n".join(text_table(["Entities by type", "count"], _printable(rows)))


def _entities_by_language_block(summary: Mapping[str, Any]) -> str:
    by_language = entities_by_language(summary)
    totals = entity_totals(summary)
    # A type counted per language but missing from `by_entity` still gets its row.
    for counts in by_language.values():
        for entity in counts.keys() - totals.keys():
            totals[entity] = sum(c.get(entity, 0) for c in by_language.values())
    entities = ranked(totals)
    if not entities:
        return "Entities by type: none"
    languages = [lang for lang, _ in ranked({k: sum(v.values()) for k, v in by_language.items()})]
    rows = [
        [entity, *(format_count(by_language[lang].get(entity, 0)) for lang in languages),
         format_count(total)]
        for entity, total in entities
    ]  # fmt: skip
    header = ["Entities by type and language", *languages, "total"]
    return "\n".join(text_table(_printable([header])[0], _printable(rows)))


def _languages_block(summary: Mapping[str, Any]) -> str:
    rows_by_lang = count_map(section(summary, "rows_by_language"))
    words = count_map(section(summary, "words_by_language"))
    if not rows_by_lang and not words:
        return ""
    rates = dict(redactions_per_1k_words(summary))
    rows = [
        [
            lang,
            format_count(rows_by_lang.get(lang, 0)),
            format_count(words.get(lang, 0)),
            f"{rates[lang]:.2f}" if lang in rates else "-",
        ]
        for lang, _ in ranked(rows_by_lang | {k: 0 for k in words if k not in rows_by_lang})
    ]
    header = ["Languages", "rows", "words", "entities per 1k words"]
    return "\n".join(text_table(header, _printable(rows)))


def _footer(summary: Mapping[str, Any], *, with_output: bool) -> str:
    lines = []
    total_s, rate = timings(summary)
    if total_s is not None:
        rate_text = f", {rate:,.0f} rows/s" if rate is not None else ""
        lines.append(
            f"Throughput: {format_count(rows_in(summary))} rows in "
            f"{format_seconds(total_s)}{rate_text}"
        )
    out = summary.get("out")
    if with_output and out is not None:
        lines.append(f"Output: {printable(str(out))}")
    return "\n".join(lines)


def _printable(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    return [[printable(cell) for cell in row] for row in rows]
