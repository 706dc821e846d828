"""The pool of synthetic members: who writes the posts and who gets tagged in them.

Faker is called only here, once per process, to collect first and last names per locale;
members are then assembled with `random.Random`, which keeps building 50,000 of them fast.
Countries and opt-out flags are assigned by exact quota (then shuffled), so the share of
rows from excluded regions is stable even for small samples.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from faker import Faker

from redact.synth import vocab
from redact.synth.phones import PHONE_PLANS, format_phone

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CountryMix:
    """One account country: its share of members and how its members write."""

    code: str
    weight: float
    name_locale: str
    fr_share: float = 0.0  # share of its members who write French
    fr_name_locale: str = "fr_FR"


# About 35% of members (hence of rows) are in excluded regions (EU, EEA, GB, CH).
COUNTRY_MIX: tuple[CountryMix, ...] = (
    CountryMix("US", 25.0, "en_US"),
    CountryMix("IN", 12.0, "en_IN"),
    CountryMix("CA", 8.0, "en_CA", fr_share=0.25, fr_name_locale="fr_CA"),
    CountryMix("BR", 7.0, "pt_BR"),
    CountryMix("AU", 5.0, "en_AU"),
    CountryMix("SG", 3.0, "sg"),
    CountryMix("ZA", 2.0, "zu_ZA"),
    CountryMix("MX", 2.0, "es_MX"),
    CountryMix("NG", 1.0, "en_NG"),
    CountryMix("FR", 12.0, "fr_FR", fr_share=1.0),
    CountryMix("GB", 8.0, "en_GB"),
    CountryMix("DE", 4.0, "de_DE"),
    CountryMix("CH", 2.0, "de_CH", fr_share=0.35, fr_name_locale="fr_CH"),
    CountryMix("BE", 2.0, "nl_BE", fr_share=0.7, fr_name_locale="fr_BE"),
    CountryMix("ES", 1.5, "es_ES"),
    CountryMix("IT", 1.5, "it_IT"),
    CountryMix("NL", 1.5, "nl_NL"),
    CountryMix("IE", 1.0, "en_IE"),
    CountryMix("NO", 1.0, "no_NO"),
    CountryMix("IS", 0.5, "is_IS"),
)

# Opt-out flags on the rows: True ~10%, False ~82%, unknown ~8%.
OPT_OUT_MIX: tuple[tuple[bool | None, float], ...] = ((True, 10.0), (False, 82.0), (None, 8.0))
EMAIL_PRESENT = 0.85
PHONE_PRESENT = 0.6
_NAMES_PER_LOCALE = 250
_VOCAB_SEED = 20_240_611  # names are vocabulary, the same for every seed


@dataclass(frozen=True, slots=True)
class Member:
    """One member account and its profile fields (`email`/`phone` may be missing)."""

    index: int
    member_id: str
    first_name: str
    last_name: str
    name: str
    handle: str
    email: str | None
    phone: str | None
    phone_nsn: str
    country: str
    lang: str
    opt_out: bool | None


@dataclass(frozen=True, slots=True)
class NamePool:
    first: tuple[str, ...]
    last: tuple[str, ...]


def member_id(seed: int, index: int) -> str:
    return f"m{seed}-{index:06d}"


def default_member_count(rows: int) -> int:
    """Members for a file of `rows` rows: about 20 posts each, between 20 and 50,000."""
    return max(20, min(50_000, rows // 20))


@lru_cache(maxsize=1)
def name_pools() -> dict[str, NamePool]:
    """First and last names per name locale, drawn once per process from Faker."""
    locales = {mix.name_locale for mix in COUNTRY_MIX} | {mix.fr_name_locale for mix in COUNTRY_MIX}
    pools: dict[str, NamePool] = {"sg": NamePool(vocab.SG_FIRST_NAMES, vocab.SG_LAST_NAMES)}
    for locale in sorted(locales - {"sg"}):
        fake = Faker(locale)
        fake.seed_instance(_VOCAB_SEED)
        first = dict.fromkeys(fake.first_name() for _ in range(_NAMES_PER_LOCALE))
        last = dict.fromkeys(fake.last_name() for _ in range(_NAMES_PER_LOCALE))
        pools[locale] = NamePool(tuple(first), tuple(last))
    return pools


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits only: 'Hélène O'Brien' -> 'heleneobrien'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def quota(rng: random.Random, weighted: Sequence[tuple[T, float]], count: int) -> list[T]:
    """`count` values in the exact proportions of `weighted` (largest remainder), shuffled."""
    total = sum(weight for _, weight in weighted)
    exact = [(value, weight * count / total) for value, weight in weighted]
    counts = [int(share) for _, share in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i][1] - counts[i], reverse=True)
    for i in by_remainder[: count - sum(counts)]:
        counts[i] += 1
    values = [value for (value, _), n in zip(exact, counts, strict=True) for _ in range(n)]
    rng.shuffle(values)
    return values


def make_handle(rng: random.Random, first: str, last: str) -> str:
    """A LinkedIn-style vanity name: jane-doe, janedoe, jdoe, jane-doe-4b2a1c..."""
    given, family = ascii_slug(first) or "member", ascii_slug(last) or "profile"
    roll = rng.random()
    if roll < 0.35:
        return f"{given}-{family}"
    if roll < 0.55:
        return f"{given}{family}"
    if roll < 0.80:
        return f"{given}-{family}-{rng.randrange(16**6):06x}"
    if roll < 0.90:
        return f"{given[0]}{family}"
    return f"{given}{family}{rng.randrange(10, 100)}"


def make_email(rng: random.Random, first: str, last: str, domain: str) -> str:
    given, family = ascii_slug(first) or "member", ascii_slug(last) or "mail"
    local = rng.choice(
        (f"{given}.{family}", f"{given}{family}", f"{given[0]}.{family}", f"{given}_{family}",
         f"{given}.{family}{rng.randrange(10, 100)}", f"{given[0]}{family}", f"{family}.{given}")
    )  # fmt: skip
    return f"{local}@{domain}"


def build_members(seed: int, count: int) -> list[Member]:
    """The member pool of `seed`: the same `(seed, count)` always gives the same members."""
    if count < 4:
        raise ValueError("the member pool needs at least 4 members (authors tag up to 3)")
    rng = random.Random(f"redact.synth.members:{seed}")
    pools = name_pools()
    mixes = quota(rng, tuple((mix, mix.weight) for mix in COUNTRY_MIX), count)
    opt_outs = quota(rng, OPT_OUT_MIX, count)
    used_handles: set[str] = set()
    members: list[Member] = []
    for index, (mix, opt_out) in enumerate(zip(mixes, opt_outs, strict=True)):
        lang = "fr" if rng.random() < mix.fr_share else "en"
        pool = pools[mix.fr_name_locale if lang == "fr" else mix.name_locale]
        first, last = rng.choice(pool.first), rng.choice(pool.last)
        handle = make_handle(rng, first, last)
        while handle in used_handles:
            handle = f"{handle}-{rng.randrange(16**4):04x}"
        used_handles.add(handle)
        plan = PHONE_PLANS[mix.code]
        nsn = plan.draw_nsn(rng)
        email = None
        if rng.random() < EMAIL_PRESENT:
            email = make_email(rng, first, last, rng.choice(vocab.EMAIL_DOMAINS[mix.code]))
        # Profiles hold numbers the way locals write them (the first formats of each plan).
        phone = format_phone(rng.choice(plan.formats[:3]), nsn) if rng.random() < PHONE_PRESENT else None
        members.append(
            Member(
                index=index,
                member_id=member_id(seed, index),
                first_name=first,
                last_name=last,
                name=f"{first} {last}",
                handle=handle,
                email=email,
                phone=phone,
                phone_nsn=nsn,
                country=mix.code,
                lang=lang,
                opt_out=opt_out,
            )
        )
    return members
