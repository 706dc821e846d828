"""Region groups usable in `consent.excluded_regions` (ISO 3166-1 alpha-2 codes)."""

from __future__ import annotations

EU: frozenset[str] = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
)  # fmt: skip
# The EEA is the EU plus Iceland, Liechtenstein and Norway.
EEA: frozenset[str] = EU | {"IS", "LI", "NO"}

GROUPS: dict[str, frozenset[str]] = {"EU": EU, "EEA": EEA}

# Codes commonly written in place of the ISO ones.
ALIASES: dict[str, str] = {"UK": "GB", "EL": "GR"}


def expand(codes: list[str]) -> frozenset[str]:
    """Expand group names (`EU`, `EEA`) and aliases into a set of ISO alpha-2 codes."""
    out: set[str] = set()
    for raw in codes:
        code = raw.strip().upper()
        if code in GROUPS:
            out |= GROUPS[code]
        else:
            out.add(ALIASES.get(code, code))
    return frozenset(out)


def is_group_or_code(value: str) -> bool:
    code = value.strip().upper()
    return code in GROUPS or code in ALIASES or (len(code) == 2 and code.isalpha())
