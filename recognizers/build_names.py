"""Build `recognizers/data/given_names.txt` and `family_names.txt` (a development tool).

    .venv/bin/python -m recognizers.build_names

The lists are the given and family names of Faker's person providers, folded (lower case,
no accents), one per line, sorted. Two tiers:

- *core*: every name of the Latin-script locales of `LOCALES`, as Faker writes them (the
  recognizers' context rules were tuned with these, common words included);
- *extra*: the names of every other person provider attribute and locale, in Latin letters:
  Cyrillic and Greek transliterated, Japanese names also in the "ou" spelling people type
  ("Satou", "Kouhei"), Korean in the Revised Romanization ("Minjun"). An extra name is kept
  only when it is no everyday English or French word (the spaCy models' lemma tables): a
  wider list must not make "Hunter" or "Bonne" a name.

Faker and the spaCy models are development dependencies here: the recognizers read the
text files, never Faker.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from pathlib import Path

from recognizers.text_folding import fold

_LOCALE_LIST = (
    "en_US en_GB en_IE en_IN en_AU en_NZ en_CA en_PH en_NG en_KE en_PK en_TH fr_FR fr_CA fr_CH fr_BE"
    " fr_QC fr_DZ de_DE de_AT de_CH de_LI de_LU es es_ES es_MX es_AR es_CO es_CL es_CA pt_BR pt_PT"
    " it_IT nl_NL nl_BE da_DK sv_SE no_NO fi_FI is_IS pl_PL cs_CZ sk_SK hu_HU hr_HR sl_SI sq_AL"
    " et_EE lv_LV lt_LT ro_RO tr_TR az_AZ uz_UZ id_ID vi_VN tl_PH fil_PH sw yo_NG ha_NG ig_NG tw_GH"
    " zu_ZA ga_IE la ja_JP zh_CN zh_TW"
)
LOCALES = _LOCALE_LIST.split()
DATA = Path(__file__).resolve().parent / "data"
# Extra names shorter than this are mostly syllables ("Ha", "Lam", "Min"): left out.
_EXTRA_SHORTEST = 3


def _names(values: object) -> Iterable[str]:
    if isinstance(values, dict):
        values = list(values)
    if isinstance(values, (list, tuple)):
        for v in values:
            if isinstance(v, str):
                yield from v.replace("-", " ").split()


def _provider(locale: str) -> type | None:
    try:
        return importlib.import_module(f"faker.providers.person.{locale}").Provider
    except (ModuleNotFoundError, AttributeError):
        return None


def collect() -> tuple[set[str], set[str]]:
    """The core tier: (given, family) names of `LOCALES`."""
    given: set[str] = set()
    family: set[str] = set()
    for locale in LOCALES:
        provider = _provider(locale)
        if provider is None:
            continue
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            given.update(fold(n) for n in _names(getattr(provider, attr, ())))
        for attr in ("last_names", "last_names_male", "last_names_female"):
            family.update(fold(n) for n in _names(getattr(provider, attr, ())))
        # Japanese and Chinese names in Latin letters; short Chinese syllables ("Long",
        # "Fan") are everyday English words, so only names of four letters or more.
        shortest = 4 if locale.startswith("zh") else 2
        for attr, names in (("first_romanized_names", given), ("last_romanized_names", family)):
            names.update(n for n in (fold(v) for v in _names(getattr(provider, attr, ()))) if len(n) >= shortest)
    keep = {n for n in given | family if len(n) >= 2 and n.isalpha() and n.isascii()}
    return given & keep, family & keep


def collect_extra() -> tuple[set[str], set[str]]:
    """The extra tier before filtering: every person provider's names, in Latin letters."""
    import faker.providers.person as people

    given: set[str] = set()
    family: set[str] = set()
    for module in pkgutil.iter_modules(people.__path__):
        provider = _provider(module.name)
        if provider is None:
            continue
        latin = _latinizer(module.name)
        for attr, values in vars(provider).items():
            kind = _attribute_kind(attr)
            if kind is None or "pairs" in attr:
                continue
            names = given if kind == "given" else family
            names.update(fold(latin(n)) for n in _names(values))
        for attr in ("first_name_pairs", "last_name_pairs"):  # (kanji, katakana, romaji)
            names = given if attr.startswith("first") else family
            for pair in getattr(provider, attr, ()):
                names.add(katakana_to_latin(pair[1]))
        if module.name == "ko_KR":
            given.update(hangul_to_latin(n) for n in _names(getattr(provider, "first_names", ())))
            family.update(hangul_to_latin(n) for n in _names(getattr(provider, "last_names", ())))
    keep = {n for n in given | family if len(n) >= _EXTRA_SHORTEST and n.isalpha() and n.isascii()}
    return given & keep, family & keep


def _attribute_kind(attr: str) -> str | None:
    """ "given" for `first_names*` / `middle_names*`, "family" for `*last_names*`, else None."""
    if attr.startswith(("first_name", "middle_name")) and "names" in attr:
        return "given"
    if "last_names" in attr:
        return "family"
    return None


def _latinizer(locale: str) -> Callable[[str], str]:
    if locale in ("ru_RU", "uk_UA", "bg_BG", "mk_MK"):
        module = importlib.import_module(f"faker.providers.person.{'uk_UA' if locale == 'uk_UA' else 'ru_RU'}")
        translit: Callable[[str], str] = module.translit

        def transliterate(name: str) -> str:
            try:
                return translit(name)
            except KeyError:  # a letter the table lacks ("Ъ"): no name rather than a wrong one
                return ""

        return transliterate
    if locale == "el_GR":
        from faker.providers.internet.el_GR import latinize

        return latinize
    return lambda name: name


# Katakana to Latin letters, as Japanese people type their names ("サトウ" -> "satou").
_KANA_ROWS = {
    "": "アイウエオ",
    "k": "カキクケコ",
    "g": "ガギグゲゴ",
    "s": "サシスセソ",
    "z": "ザジズゼゾ",
    "t": "タチツテト",
    "d": "ダヂヅデド",
    "n": "ナニヌネノ",
    "h": "ハヒフヘホ",
    "b": "バビブベボ",
    "p": "パピプペポ",
    "m": "マミムメモ",
    "y": "ヤ\0ユ\0ヨ",
    "r": "ラリルレロ",
    "w": "ワ\0\0\0ヲ",
}
_KANA: dict[str, str] = {
    kana: consonant + vowel
    for consonant, row in _KANA_ROWS.items()
    for kana, vowel in zip(row, "aiueo", strict=True)
    if kana != "\0"
}
_KANA.update(
    {"シ": "shi", "チ": "chi", "ツ": "tsu", "フ": "fu", "ジ": "ji", "ヂ": "ji", "ヅ": "zu", "ヲ": "o", "ン": "n"}
)
_SMALL_Y = {"ャ": "a", "ュ": "u", "ョ": "o"}


def katakana_to_latin(kana: str) -> str:
    """Wapuro romaji of a katakana name: long vowels spelled out ("コウヘイ" -> "kouhei")."""
    out = ""
    double_next = False
    for ch in kana:
        if ch == "ッ":
            double_next = True
            continue
        if ch in _SMALL_Y and out:
            stem = out[:-1]
            out = (stem if stem.endswith(("sh", "ch", "j")) else stem + "y") + _SMALL_Y[ch]
            continue
        if ch == "ー" and out:
            out += out[-1]
            continue
        syllable = _KANA.get(ch)
        if syllable is None:
            return ""  # a kana this table lacks: better no name than a wrong one
        if double_next:
            syllable = syllable[0] + syllable
            double_next = False
        out += syllable
    return out


# Revised Romanization of Korean, syllable by syllable ("민준" -> "minjun").
_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "-", "j", "jj", "ch", "k", "t", "p", "h"]
_MEDIALS = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
_FINALS = [
    "-",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
]


def hangul_to_latin(name: str) -> str:
    out = ""
    for ch in name:
        index = ord(ch) - 0xAC00
        if not 0 <= index < 11172:
            return ""
        initial, medial, final = index // 588, (index % 588) // 28, index % 28
        out += _INITIALS[initial].strip("-") + _MEDIALS[medial] + _FINALS[final].strip("-")
    return out


def everyday_words() -> frozenset[str]:
    """Folded English and French words, from the lemma tables of the spaCy models."""
    import spacy

    from redact.policy import DEFAULT_SPACY_MODELS

    words: set[str] = set()
    english = spacy.load(DEFAULT_SPACY_MODELS["en"]).get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    index = english.get_table("lemma_index")
    for key in index:
        words.update(fold(w) for w in index[key])
    french_model = spacy.load(DEFAULT_SPACY_MODELS["fr"])
    lookup = french_model.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")  # type: ignore[attr-defined]
    words.update(fold(w) for w in lookup.values())
    # The table's keys (inflected forms: "les", "unis") are hashes; the vocabulary knows some.
    words.update(fold(french_model.vocab.strings[k]) for k in lookup if k in french_model.vocab.strings)
    words.update(_MISSING_WORDS.split())
    return frozenset(w for w in words if w.isalpha())


# Everyday words the lemma tables lack, folded.
_MISSING_WORDS = "deja pres apres tres voila"


def main() -> None:
    given, family = collect()
    extra_given, extra_family = collect_extra()
    common = everyday_words()
    given |= {n for n in extra_given - given - family if n not in common}
    family |= {n for n in extra_family - given - family if n not in common}
    header = "# Generated by `python -m recognizers.build_names` from Faker's person providers.\n"
    (DATA / "given_names.txt").write_text(header + "\n".join(sorted(given)) + "\n", "utf-8")
    (DATA / "family_names.txt").write_text(header + "\n".join(sorted(family)) + "\n", "utf-8")
    print(f"{len(given)} given names, {len(family)} family names")


if __name__ == "__main__":
    main()
