"""Parse a display name ("Dr. Jean-Pierre de la Cruz (JP) | Growth") into its parts."""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from recognizers.text_folding import fold


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_HEADLINE_CUT = re.compile(r"\s[|•·/@]\s|\s[-–—]\s|[|•]")
_BRACKETED = re.compile(r"\(([^()]*)\)|\"([^\"]*)\"|“([^”]*)”|«([^»]*)»")
# Keep letters, marks, apostrophes, hyphens, dots and commas; everything else separates.
_NOT_NAME_CHAR = re.compile(r"[^\p{L}\p{M}'’\-.,\s]+")
_TITLES = _word_set("mr mrs ms miss mx dr prof sir dame mme mlle m me pr madame monsieur")
_SUFFIXES = _word_set("jr sr ii iii iv phd md mba cpa pmp cfa esq msc bsc ma ba dds rn pe cissp")
_PARTICLES = _word_set("de du des la le van von der den da di del della dos das do ter ten bin ibn al el")


@dataclass(frozen=True, slots=True)
class PersonName:
    """`given`: given names, the usual one first; `family`: family name words, particles
    included ("de", "la", "Cruz"); `nicknames`: names given in brackets."""

    given: tuple[str, ...]
    family: tuple[str, ...]
    nicknames: tuple[str, ...] = ()

    @property
    def family_core(self) -> tuple[str, ...]:
        """The family name without its leading particles ("de la Cruz" -> "Cruz")."""
        index = 0
        while index < len(self.family) - 1 and fold(self.family[index]) in _PARTICLES:
            index += 1
        return self.family[index:]


def parse_person_name(raw: str | None) -> PersonName | None:
    """Split a display name; None when nothing name-like is left."""
    if not raw or not raw.strip():
        return None
    text = _HEADLINE_CUT.split(raw, maxsplit=1)[0]
    nicknames: list[str] = []
    for match in _BRACKETED.finditer(text):
        inner = next((g for g in match.groups() if g is not None), "").strip()
        if re.fullmatch(r"[\p{L}\p{M}'’\-]{2,}", inner):
            nicknames.append(inner)
    text = _BRACKETED.sub(" ", text)
    text = _NOT_NAME_CHAR.sub(" ", text)
    family_first: list[str] | None = None
    if "," in text:
        left, right = (part.split() for part in text.split(",", 1))
        right = [t for t in right if t.strip(",.")]
        if right and not all(_is_credential(t) for t in right) and left:
            family_first = [t.strip(",.") for t in left]
            text = " ".join(right)
        else:
            text = " ".join(left)
    tokens = [t.strip(",") for t in text.split() if t.strip(",.-'’")]
    while tokens and fold(tokens[0].rstrip(".")) in _TITLES and len(tokens) > 1:
        tokens.pop(0)
    while tokens and _is_credential(tokens[-1]) and len(tokens) > 1:
        tokens.pop()
    if family_first is not None:
        return PersonName(tuple(tokens), tuple(family_first), tuple(nicknames)) if tokens else None
    if not tokens:
        return None
    if len(tokens) == 1:
        return PersonName((tokens[0],), (), tuple(nicknames))
    return _split_given_family(tokens, tuple(nicknames))


def _is_credential(token: str) -> bool:
    bare = token.strip(".,")
    return fold(bare).replace(".", "") in _SUFFIXES


def _is_upper_word(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _split_given_family(tokens: list[str], nicknames: tuple[str, ...]) -> PersonName:
    # French convention "DUPONT Jean": the family name comes first, in capitals.
    upper_prefix = 0
    while upper_prefix < len(tokens) and _is_upper_word(tokens[upper_prefix]):
        upper_prefix += 1
    if 0 < upper_prefix < len(tokens):
        return PersonName(tuple(tokens[upper_prefix:]), tuple(tokens[:upper_prefix]), nicknames)
    for index in range(1, len(tokens) - 1):
        if fold(tokens[index]) in _PARTICLES:
            return PersonName(tuple(tokens[:index]), tuple(tokens[index:]), nicknames)
    return PersonName(tuple(tokens[:-1]), (tokens[-1],), nicknames)
