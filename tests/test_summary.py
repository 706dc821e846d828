"""The plain-text end-of-run and scan summaries."""

from __future__ import annotations

from typing import Any

import pytest

from redact.summary import format_scan, format_summary


def make_summary() -> dict[str, Any]:
    return {
        "run_id": "ab12",
        "counts": {
            "rows_in": 2000,
            "by_action": {"kept": 700, "redacted": 500, "dropped": 800},
            "by_reason": {"opted_out": 200, "region_excluded": 590, "error:detection": 10},
            "by_entity": {"EMAIL_ADDRESS": 120, "PERSON": 900, "URL": 120},
            "entities_by_language": {
                "en": {"PERSON": 600, "EMAIL_ADDRESS": 100},
                "fr": {"PERSON": 300, "URL": 20},
            },
            "rows_by_language": {"en": 800, "fr": 400},
            "words_by_language": {"en": 40000, "fr": 20000},
        },
        "timings": {"total_s": 12.5, "rows_per_s": 160.0},
        "out": "out/run-1",
    }


def test_run_summary_table() -> None:
    assert format_summary(make_summary()) == (
        "Rows        count  % of rows\n"
        "  in        2,000\n"
        "  kept        700      35.0%\n"
        "  redacted    500      25.0%\n"
        "  dropped     800      40.0%\n"
        "\n"
        "Drops by reason    count  % of rows\n"
        "  region_excluded    590      29.5%\n"
        "  opted_out          200      10.0%\n"
        "  error:detection     10       0.5%\n"
        "\n"
        "Entities by type  count\n"
        "  PERSON            900\n"
        "  EMAIL_ADDRESS     120\n"
        "  URL               120\n"
        "\n"
        "Throughput: 2,000 rows in 12.5s, 160 rows/s\n"
        "Output: out/run-1\n"
    )


def test_scan_summary_table() -> None:
    assert format_scan(make_summary()) == (
        "Rows        count  % of rows\n"
        "  in        2,000\n"
        "  kept        700      35.0%\n"
        "  redacted    500      25.0%\n"
        "  dropped     800      40.0%\n"
        "\n"
        "Drops by reason    count  % of rows\n"
        "  region_excluded    590      29.5%\n"
        "  opted_out          200      10.0%\n"
        "  error:detection     10       0.5%\n"
        "\n"
        "Entities by type and language   en   fr  total\n"
        "  PERSON                       600  300    900\n"
        "  EMAIL_ADDRESS                100    0    120\n"
        "  URL                            0   20    120\n"
        "\n"
        "Languages  rows   words  entities per 1k words\n"
        "  en        800  40,000                  17.50\n"
        "  fr        400  20,000                  16.00\n"
        "\n"
        "Throughput: 2,000 rows in 12.5s, 160 rows/s\n"
    )


def test_scan_table_keeps_a_type_counted_only_per_language() -> None:
    summary = {
        "counts": {
            "by_entity": {"PERSON": 4},
            "entities_by_language": {"en": {"PERSON": 3, "IBAN_CODE": 2}, "fr": {"IBAN_CODE": 6}},
        }
    }
    # Languages by entities found (fr 6, en 5); IBAN_CODE's total is the sum over languages.
    assert format_scan(summary).split("\n\n")[2] == (
        "Entities by type and language  fr  en  total\n"
        "  IBAN_CODE                     6   2      8\n"
        "  PERSON                        0   3      4\n"
    )


def test_scan_never_names_an_output() -> None:
    assert "out/run-1" not in format_scan(make_summary())


def test_output_line_only_when_the_summary_has_one() -> None:
    summary = make_summary()
    del summary["out"]
    assert "Output:" not in format_summary(summary)


def test_empty_summary() -> None:
    assert format_summary({}) == (
        "Rows        count  % of rows\n"
        "  in            0\n"
        "  kept          0          -\n"
        "  redacted      0          -\n"
        "  dropped       0          -\n"
        "\n"
        "Drops by reason: none\n"
        "\n"
        "Entities by type: none\n"
    )


def test_scan_of_an_empty_summary_has_no_language_table() -> None:
    text = format_scan({"counts": {"rows_in": 0}})
    assert "Entities by type: none" in text
    assert "Languages" not in text


def test_rows_in_falls_back_to_the_sum_of_actions() -> None:
    summary = {"counts": {"by_action": {"kept": 3, "dropped": 1}}}
    assert format_summary(summary).splitlines()[1] == "  in            4"


@pytest.mark.parametrize(
    ("timings", "expected"),
    [
        ({"total_s": 12.5, "rows_per_s": 160.0}, "Throughput: 2,000 rows in 12.5s, 160 rows/s"),
        # The rate is derived from rows in when only the time was recorded.
        ({"total_s": 8.0}, "Throughput: 2,000 rows in 8.0s, 250 rows/s"),
        ({"total_s": 258.0, "rows_per_s": 7.75}, "Throughput: 2,000 rows in 4m18s, 8 rows/s"),
        ({"total_s": 0.0}, "Throughput: 2,000 rows in 0.0s"),
    ],
)
def test_throughput_line(timings: dict[str, float], expected: str) -> None:
    summary = make_summary() | {"timings": timings}
    assert expected in format_summary(summary).splitlines()


@pytest.mark.parametrize("timings", [None, {}, {"rows_per_s": 160.0}, {"total_s": "12.5"}])
def test_no_throughput_line_without_a_total_time(timings: object) -> None:
    summary = make_summary() | {"timings": timings}
    assert "Throughput" not in format_summary(summary)


def test_entities_are_sorted_by_count_then_name() -> None:
    summary = {"counts": {"by_entity": {"b": 5, "a": 5, "c": 9, "d": 1}}}
    lines = format_summary(summary).split("Entities by type  count\n")[1].splitlines()
    assert [line.split()[0] for line in lines] == ["c", "a", "b", "d"]


def test_control_characters_in_names_cannot_reach_the_terminal() -> None:
    summary = {"counts": {"by_reason": {"error:\x1b[2Jwipe": 1}}, "out": "a\rb"}
    text = format_summary(summary)
    assert "\x1b" not in text
    assert "\r" not in text
    assert "error:\\x1b[2Jwipe" in text
    assert "Output: a\\x0db" in text


def test_counts_that_are_not_numbers_are_ignored() -> None:
    summary = {"counts": {"rows_in": 10, "by_entity": {"PERSON": 2, "X": "3", "Y": True}}}
    assert "Entities by type  count\n  PERSON              2\n" in format_summary(summary)
