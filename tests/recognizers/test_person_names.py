from __future__ import annotations

import pytest

from recognizers.person_names import PersonName, parse_person_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("John Smith", PersonName(("John",), ("Smith",))),
        ("John Michael Smith", PersonName(("John", "Michael"), ("Smith",))),
        ("Smith, John", PersonName(("John",), ("Smith",))),
        ("John Smith, PhD", PersonName(("John",), ("Smith",))),
        ("Dr. Jane Doe", PersonName(("Jane",), ("Doe",))),
        ("Jean-Pierre de la Fontaine", PersonName(("Jean-Pierre",), ("de", "la", "Fontaine"))),
        ("Ludwig van Beethoven", PersonName(("Ludwig",), ("van", "Beethoven"))),
        ("DUPONT Jean", PersonName(("Jean",), ("DUPONT",))),
        ("John (Johnny) Smith", PersonName(("John",), ("Smith",), ("Johnny",))),
        ("Jane Doe | Growth Marketer 🚀", PersonName(("Jane",), ("Doe",))),
        ("Jane Doe - CEO at Acme", PersonName(("Jane",), ("Doe",))),
        ("Cher", PersonName(("Cher",), ())),
        ("Marie O’Neil (she/her)", PersonName(("Marie",), ("O’Neil",))),
    ],
)
def test_parse(raw: str, expected: PersonName) -> None:
    assert parse_person_name(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", "🚀🚀", "| CEO"])
def test_nothing_name_like(raw: str | None) -> None:
    assert parse_person_name(raw) is None


def test_family_core_drops_particles() -> None:
    name = parse_person_name("Maria de la Cruz")
    assert name is not None and name.family_core == ("Cruz",)
