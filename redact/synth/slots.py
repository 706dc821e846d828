"""The `{slot}` placeholders of the templates and how each one is filled.

A slot with an entity type embeds personal data and yields a truth span; a slot without one
is a distractor a redactor must leave alone. Slots draw from the row's `random.Random`
only, never from Faker, so a row costs a few microseconds.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from redact.synth import checksums, vocab
from redact.synth.members import Member, make_email, make_handle, name_pools
from redact.synth.phones import PHONE_PLANS, format_phone

# The entity types of the truth spans.
PERSON = "PERSON"
EMAIL_ADDRESS = "EMAIL_ADDRESS"
PHONE_NUMBER = "PHONE_NUMBER"
HANDLE = "HANDLE"
PROFILE_URL = "PROFILE_URL"
IBAN_CODE = "IBAN_CODE"
CREDIT_CARD = "CREDIT_CARD"
IP_ADDRESS = "IP_ADDRESS"
FR_NIR = "FR_NIR"
FR_SIRET = "FR_SIRET"
STREET_ADDRESS = "STREET_ADDRESS"
US_SSN = "US_SSN"  # only in the presidio-evaluator sentences
ENTITY_TYPES: tuple[str, ...] = (
    PERSON, EMAIL_ADDRESS, PHONE_NUMBER, HANDLE, PROFILE_URL, IBAN_CODE, CREDIT_CARD,
    IP_ADDRESS, FR_NIR, FR_SIRET, STREET_ADDRESS,
)  # fmt: skip


@dataclass(slots=True)
class RenderContext:
    """What the slots of one text may draw from; `mentions` collects the tagged members."""

    rng: random.Random
    lang: str
    author: Member
    members: list[Member]
    mentions: list[Member] = field(default_factory=list)


SlotRenderer = Callable[[RenderContext], str]


@dataclass(frozen=True, slots=True)
class Slot:
    name: str
    entity_type: str | None
    render: SlotRenderer


# --- people -----------------------------------------------------------------------------

_OTHER_NAME_LOCALES: dict[str, tuple[str, ...]] = {
    "en": ("en_US", "en_US", "en_GB", "en_IN", "en_AU", "en_CA", "pt_BR", "de_DE", "es_MX",
           "en_NG", "sg", "fr_FR", "it_IT", "nl_NL"),
    "fr": ("fr_FR", "fr_FR", "fr_FR", "fr_FR", "fr_BE", "fr_CH", "fr_CA", "en_US", "de_DE",
           "es_ES", "it_IT"),
}  # fmt: skip


def _other_first(ctx: RenderContext) -> str:
    return ctx.rng.choice(name_pools()[ctx.rng.choice(_OTHER_NAME_LOCALES[ctx.lang])].first)


def _other_name(ctx: RenderContext) -> str:
    pool = name_pools()[ctx.rng.choice(_OTHER_NAME_LOCALES[ctx.lang])]
    return f"{ctx.rng.choice(pool.first)} {ctx.rng.choice(pool.last)}"


def _mention(ctx: RenderContext) -> str:
    """Tag another member: the `mentions` column lists them; texts show full or first name."""
    taken = {ctx.author.index} | {m.index for m in ctx.mentions}
    member = ctx.members[ctx.rng.randrange(len(ctx.members))]
    while member.index in taken:
        member = ctx.members[ctx.rng.randrange(len(ctx.members))]
    ctx.mentions.append(member)
    return member.name if ctx.rng.random() < 0.8 else member.first_name


def _author_email(ctx: RenderContext) -> str:
    author = ctx.author
    if author.email is not None and ctx.rng.random() < 0.85:
        return author.email
    # Not the profile address: a work address the row-aware matcher cannot know.
    domain = f"{ctx.rng.choice(vocab.COMPANY_SLUGS)}.{ctx.rng.choice(vocab.COMPANY_TLDS)}"
    return make_email(ctx.rng, author.first_name, author.last_name, domain)


def _other_email(ctx: RenderContext) -> str:
    pool = name_pools()[ctx.rng.choice(_OTHER_NAME_LOCALES[ctx.lang])]
    if ctx.rng.random() < 0.5:
        domain = ctx.rng.choice(vocab.EMAIL_DOMAINS["FR" if ctx.lang == "fr" else "US"])
    else:
        domain = f"{ctx.rng.choice(vocab.COMPANY_SLUGS)}.{ctx.rng.choice(vocab.COMPANY_TLDS)}"
    return make_email(ctx.rng, ctx.rng.choice(pool.first), ctx.rng.choice(pool.last), domain)


def _author_phone(ctx: RenderContext) -> str:
    author = ctx.author
    if author.phone is not None and ctx.rng.random() < 0.6:
        return author.phone
    return format_phone(ctx.rng.choice(PHONE_PLANS[author.country].formats), author.phone_nsn)


_OTHER_PHONE_COUNTRIES: dict[str, tuple[str, ...]] = {
    "en": ("US", "US", "GB", "IN", "CA", "AU", "SG", "IE", "ZA", "NG"),
    "fr": ("FR", "FR", "FR", "FR", "BE", "CH", "CA"),
}


def _other_phone(ctx: RenderContext) -> str:
    plan = PHONE_PLANS[ctx.rng.choice(_OTHER_PHONE_COUNTRIES[ctx.lang])]
    return format_phone(ctx.rng.choice(plan.formats), plan.draw_nsn(ctx.rng))


_PROFILE_URL_FORMS: tuple[str, ...] = (
    "linkedin.com/in/{}",
    "https://www.linkedin.com/in/{}",
    "https://www.linkedin.com/in/{}/",
    "www.linkedin.com/in/{}",
    "https://linkedin.com/in/{}",
    "http://www.linkedin.com/in/{}",
)
_LOCAL_PROFILE_HOSTS: dict[str, str] = {
    "FR": "fr", "BE": "be", "CH": "ch", "CA": "ca", "IN": "in", "BR": "br", "GB": "uk",
    "DE": "de", "AU": "au", "ES": "es", "IT": "it", "NL": "nl", "MX": "mx", "SG": "sg",
}  # fmt: skip


def _profile_url(rng: random.Random, handle: str, country: str) -> str:
    local = _LOCAL_PROFILE_HOSTS.get(country)
    if local is not None and rng.random() < 0.15:
        return f"https://{local}.linkedin.com/in/{handle}"
    return rng.choice(_PROFILE_URL_FORMS).format(handle)


def _author_url(ctx: RenderContext) -> str:
    return _profile_url(ctx.rng, ctx.author.handle, ctx.author.country)


def _other_member(ctx: RenderContext) -> Member:
    member = ctx.members[ctx.rng.randrange(len(ctx.members))]
    while member.index == ctx.author.index:
        member = ctx.members[ctx.rng.randrange(len(ctx.members))]
    return member


def _other_url(ctx: RenderContext) -> str:
    other = _other_member(ctx)
    return _profile_url(ctx.rng, other.handle, other.country)


def _other_handle(ctx: RenderContext) -> str:
    if ctx.rng.random() < 0.7:
        return _other_member(ctx).handle
    pool = name_pools()[ctx.rng.choice(_OTHER_NAME_LOCALES[ctx.lang])]
    return make_handle(ctx.rng, ctx.rng.choice(pool.first), ctx.rng.choice(pool.last))


# --- identifiers --------------------------------------------------------------------------

_IBAN_COUNTRIES: dict[str, tuple[str, ...]] = {
    "en": ("GB", "GB", "DE", "NL", "ES", "IT", "IE", "FR", "PT", "CH"),
    "fr": ("FR", "FR", "FR", "FR", "BE", "CH", "DE", "ES"),
}


def _iban(ctx: RenderContext) -> str:
    iban = checksums.make_iban(ctx.rng, ctx.rng.choice(_IBAN_COUNTRIES[ctx.lang]))
    return checksums.group_by_four(iban) if ctx.rng.random() < 0.7 else iban


def _card(ctx: RenderContext) -> str:
    number = checksums.make_card_number(ctx.rng)
    roll = ctx.rng.random()
    if roll < 0.3:
        return number
    if len(number) == 15:  # Amex prints 4-6-5
        separator = " " if roll < 0.8 else "-"
        return separator.join((number[:4], number[4:10], number[10:]))
    grouped = checksums.group_by_four(number)
    return grouped if roll < 0.8 else grouped.replace(" ", "-")


# Public IPv4 first octets (no private, loopback, link-local or multicast ranges).
_IPV4_FIRST_OCTETS: tuple[int, ...] = tuple(
    o for o in range(1, 224) if o not in (10, 100, 127, 169, 172, 192)
)


def _ip(ctx: RenderContext) -> str:
    rng = ctx.rng
    if rng.random() < 0.8:
        return (
            f"{rng.choice(_IPV4_FIRST_OCTETS)}.{rng.randrange(256)}."
            f"{rng.randrange(256)}.{rng.randrange(1, 255)}"
        )
    groups = [f"{rng.randrange(1, 0x10000):x}" for _ in range(4)]
    return f"2a01:{groups[0]}:{groups[1]}:{groups[2]}::{groups[3]}"


def _nir(ctx: RenderContext) -> str:
    nir = checksums.make_nir(ctx.rng)
    if ctx.rng.random() < 0.4:
        return nir
    return " ".join((nir[0], nir[1:3], nir[3:5], nir[5:7], nir[7:10], nir[10:13], nir[13:]))


def _siret(ctx: RenderContext) -> str:
    siret = checksums.make_siret(ctx.rng)
    if ctx.rng.random() < 0.4:
        return siret
    return " ".join((siret[:3], siret[3:6], siret[6:9], siret[9:]))


def _address_en(rng: random.Random) -> str:
    street = (
        f"{rng.randrange(1, 9900)} {rng.choice(vocab.EN_STREET_NAMES)} "
        f"{rng.choice(vocab.EN_STREET_SUFFIXES)}"
    )
    if rng.random() < 0.3:
        street += f", {rng.choice(vocab.EN_UNITS)}"
    roll = rng.random()
    if roll < 0.35:
        city, state, zip_prefix = rng.choice(vocab.US_CITY_LINES)
        return f"{street}, {city}, {state} {zip_prefix}{rng.randrange(100):02d}"
    if roll < 0.55:
        city, postcode = rng.choice(vocab.UK_CITY_LINES)
        return f"{street}, {city} {postcode}"
    if roll < 0.65:
        city, province, postcode = rng.choice(vocab.CA_CITY_LINES)
        return f"{street}, {city}, {province} {postcode}"
    return street


def _address_fr(rng: random.Random) -> str:
    number = str(rng.randrange(1, 180))
    if rng.random() < 0.1:
        number += rng.choice((" bis", " ter"))
    comma = "," if rng.random() < 0.3 else ""
    street = f"{number}{comma} {rng.choice(vocab.FR_STREET_TYPES)} {rng.choice(vocab.FR_STREET_NAMES)}"
    if rng.random() < 0.6:
        postcode, city = rng.choice(vocab.FR_CITY_LINES)
        return f"{street}, {postcode} {city}"
    return street


def _address(ctx: RenderContext) -> str:
    return _address_fr(ctx.rng) if ctx.lang == "fr" else _address_en(ctx.rng)


# --- distractors --------------------------------------------------------------------------


def _pick(table: dict[str, tuple[str, ...]]) -> SlotRenderer:
    return lambda ctx: ctx.rng.choice(table[ctx.lang])


def _pick_any(values: tuple[str, ...]) -> SlotRenderer:
    return lambda ctx: ctx.rng.choice(values)


def _company_url(ctx: RenderContext) -> str:
    rng = ctx.rng
    host = f"{rng.choice(vocab.COMPANY_SLUGS)}.{rng.choice(vocab.COMPANY_TLDS)}"
    form = rng.random()
    if form < 0.4:
        return f"https://www.{host}"
    if form < 0.7:
        return f"{host}/{rng.choice(('careers', 'jobs', 'about', 'fr/recrutement'))}"
    return f"https://{host}"


def _blog_url(ctx: RenderContext) -> str:
    rng = ctx.rng
    host = f"{rng.choice(('blog.', 'www.', 'engineering.', ''))}{rng.choice(vocab.COMPANY_SLUGS)}"
    return f"https://{host}.{rng.choice(vocab.COMPANY_TLDS)}/{rng.choice(vocab.BLOG_PATHS[ctx.lang])}"


def _company_page(ctx: RenderContext) -> str:
    rng = ctx.rng
    return rng.choice(vocab.LINKEDIN_PAGE_PATTERNS).format(
        slug=rng.choice(vocab.COMPANY_SLUGS),
        job=rng.randrange(3_700_000_000, 4_100_000_000),
        event=rng.randrange(7_100_000_000_000_000_000, 7_300_000_000_000_000_000),
    )


_SHORT_LINK_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _short_link(ctx: RenderContext) -> str:
    code = "".join(ctx.rng.choice(_SHORT_LINK_ALPHABET) for _ in range(8))
    return f"https://lnkd.in/{code}"


def _year(ctx: RenderContext) -> str:
    return str(ctx.rng.randrange(2008, 2026))


def _version(ctx: RenderContext) -> str:
    rng = ctx.rng
    return f"v{rng.randrange(1, 5)}.{rng.randrange(0, 21)}.{rng.randrange(0, 10)}"


def _ticket(ctx: RenderContext) -> str:
    return f"#{ctx.rng.randrange(10_000, 999_999)}"


def _hashtags(ctx: RenderContext) -> str:
    return " ".join(ctx.rng.sample(vocab.HASHTAGS[ctx.lang], ctx.rng.randrange(2, 5)))


SLOTS: dict[str, Slot] = {
    slot.name: slot
    for slot in (
        # The author's own profile values, in the forms people write them.
        Slot("name", PERSON, lambda ctx: ctx.author.name),
        Slot("first", PERSON, lambda ctx: ctx.author.first_name),
        Slot("last", PERSON, lambda ctx: ctx.author.last_name),
        Slot("handle", HANDLE, lambda ctx: ctx.author.handle),
        Slot("email", EMAIL_ADDRESS, _author_email),
        Slot("phone", PHONE_NUMBER, _author_phone),
        Slot("url", PROFILE_URL, _author_url),
        # Tagged members (listed in `mentions`) and people who are not.
        Slot("m1", PERSON, _mention),
        Slot("m2", PERSON, _mention),
        Slot("m3", PERSON, _mention),
        Slot("person", PERSON, _other_name),
        Slot("person2", PERSON, _other_name),
        Slot("pfirst", PERSON, _other_first),
        Slot("other_email", EMAIL_ADDRESS, _other_email),
        Slot("other_phone", PHONE_NUMBER, _other_phone),
        Slot("other_url", PROFILE_URL, _other_url),
        Slot("other_handle", HANDLE, _other_handle),
        # Identifiers with valid checksums.
        Slot("iban", IBAN_CODE, _iban),
        Slot("card", CREDIT_CARD, _card),
        Slot("ip", IP_ADDRESS, _ip),
        Slot("ip2", IP_ADDRESS, _ip),
        Slot("nir", FR_NIR, _nir),
        Slot("siret", FR_SIRET, _siret),
        Slot("address", STREET_ADDRESS, _address),
        # Distractors: never personal.
        Slot("duration", None, _pick(vocab.DURATIONS)),
        Slot("date", None, _pick(vocab.DATES)),
        Slot("year", None, _year),
        Slot("year2", None, _year),
        Slot("city", None, _pick(vocab.CITIES)),
        Slot("country", None, _pick(vocab.COUNTRY_NAMES)),
        Slot("company", None, _pick_any(vocab.COMPANY_NAMES)),
        Slot("company2", None, _pick_any(vocab.COMPANY_NAMES)),
        Slot("company_url", None, _company_url),
        Slot("blog_url", None, _blog_url),
        Slot("company_page", None, _company_page),
        Slot("lnkd", None, _short_link),
        Slot("job", None, _pick(vocab.JOB_TITLES)),
        Slot("hashtag", None, _pick(vocab.HASHTAGS)),
        Slot("hashtag2", None, _pick(vocab.HASHTAGS)),
        Slot("hashtags", None, _hashtags),
        Slot("event", None, _pick_any(vocab.EVENTS)),
        Slot("tech", None, _pick_any(vocab.TECH)),
        Slot("tech2", None, _pick_any(vocab.TECH)),
        Slot("school", None, _pick_any(vocab.SCHOOLS)),
        Slot("price", None, _pick(vocab.PRICES)),
        Slot("percent", None, _pick(vocab.PERCENTS)),
        Slot("count", None, _pick(vocab.COUNTS)),
        Slot("version", None, _version),
        Slot("ticket", None, _ticket),
    )
}
