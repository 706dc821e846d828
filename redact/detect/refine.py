"""Post-detection refinement: the policy-independent false-positive rules.

Runs on every text after all recognizers and thresholds (`refine_spans`), before the
operators. Kept separate from the engine so that accuracy work (here) and speed work (the
engine) don't collide. A rule may drop a span or narrow it, never widen one; the one span
it adds is a repeat of a name already found in the same text (`repeated_names`).

Only guesses are second-guessed: spans of the statistical NER (`SpacyRecognizer`) and of
the name lists (`NameListRecognizer`). A span from a pattern with a checksum or from the
row's own profile and mentions is a known value and is never touched. The rules, each one
a pattern seen in member posts:

- Not name-shaped: a PERSON guess holding a digit, a URL, `@`, `#`, `/` or a currency sign
  ("Austria 84442", "15 k€", "https://..."), or written all in lower case ("womenintech"),
  or right after `#` or `@` (a hashtag or a handle, which the HANDLE recognizer owns).
- Lead-in words: greetings and sentence openers the models read as names ("Merci",
  "Bonjour", "Bienvenue", "Ravis", "Hello", "Congrats") are cut from the start of a guess
  ("Merci Natalie Cruz" -> "Natalie Cruz"); a guess made only of them is dropped.
- Not a person: a guess with a job-title word ("Product Owner", "Cheffe de projet"), ending
  in a company word ("Tessera Cloud", "Helios Energy"), naming a well-known technology
  ("Kafka", "Apache Spark"), or right after "chez" / "at" (where posts name employers; a
  listed given name there stays: "shouted at Michael").
- Sentence openers: a one-word guess of the model that opens a sentence or a line and is
  in no list of names ("Pendaison", "Postulez", "Amicalement") is a capitalised word,
  unless it speaks or owns ("Takumi shouted", "Fernán: What a wife", "Irenka's address").
- Numbers in links: a phone, card or other number inside a URL's path or query
  ("linkedin.com/jobs/view/3954408248") is an id (but `wa.me/...` and `tel:` are phones).
- A card number that is also a SIRET or SIREN is the company number.
- A guess spanning lines keeps its first line only ("Snider\\nFPO AP" -> "Snider").
- Street names: a guess inside a street address is the street's name ("12 rue Jean
  Jaurès", "145 place Gambetta"); one overlapping an address keeps its part outside it
  ("Gina Václavík Apt. 104 ..." -> "Gina Václavík"). The address span masks the rest, and
  keeps its own type instead of being merged into a PERSON.
- Repeats: other capitalised occurrences of a kept name's words are names too ("Carly
  Jones's tales ... early Jones?"), unless they are everyday words ("Will", "Rose").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from operator import attrgetter

from redact.records import Span

NER_RECOGNIZERS = frozenset({"SpacyRecognizer", "NameListRecognizer"})
# Numbers that a link's path or query holds are ids, not personal numbers.
NUMBER_TYPES = frozenset({"PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "FR_NIR", "FR_SIREN", "FR_SIRET", "IBAN_CODE"})
COMPANY_ID_TYPES = frozenset({"FR_SIRET", "FR_SIREN"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.casefold().split())


# Sentence openers and greetings that start with a capital and precede names.
LEAD_IN_WORDS = _words(
    """
    merci bonjour bonsoir bienvenue félicitations felicitations bravo
    salut coucou cher chère chers chères hello hi hey dear thanks thank congrats congratulations
    welcome cheers kudos shoutout greetings meet with avec et and cc ps fyi
    carte leçon tentative travailler rappel objectif bilan retour suite grande nouvelle
    """
)
# French adjectives that open sentences but are also given names: cut only as adjectives
# ("Ravi de vous annoncer", not "Thank you Ravi Câmara").
ADJECTIVE_LEAD_INS = _words("ravi ravis ravie ravies")
_ADJECTIVE_AFTER = re.compile(r"\s+(?:de|d['’]|du|des|que|qu['’]|pour)\b|\s*!")
# Words of job titles: a guess holding one names a role, not a person.
JOB_WORDS = _words(
    """
    owner manager engineer director architect developer designer analyst consultant lead head
    officer ceo cto cfo coo cpo cmo vp president founder cofounder co-founder scientist recruiter
    intern chief specialist coordinator administrator associate partner editor advisor
    architecte cheffe chef directeur directrice ingénieur ingénieure ingenieur développeur
    développeuse developpeur responsable chargé chargée stagiaire alternant alternante
    fondateur fondatrice président présidente consultante analyste product produit projet
    """
)
# Last words of company names.
COMPANY_WORDS = _words(
    """
    inc inc. ltd ltd. llc plc corp corp. corporation company co co. gmbh ag sa sas sarl bv nv
    group groupe holding holdings labs lab technologies technology tech systems solutions
    software cloud analytics energy energies capital partners ventures consulting health
    media studio studios games networks digital robotics pharma foods motors bank insurance
    airlines logistics industries international global services electric motors
    """
)
# Technologies that the small models tag as people. Names that are also people's names
# (Julia, Ruby, Pascal) are left out on purpose: context decides for them.
TECH_WORDS = _words(
    """
    python java javascript typescript rust kafka react angular vue spark kubernetes docker
    terraform ansible airflow django flask fastapi pytorch tensorflow pandas numpy scala kotlin
    golang snowflake databricks tableau figma jira confluence notion slack excel powerpoint
    salesforce sap hadoop postgres postgresql mysql mongodb redis elasticsearch linux github
    gitlab aws azure gcp langchain openai chatgpt copilot llm genai
    """
)
# Words before a capitalized name that make it an employer rather than a person.
EMPLOYER_CUES = ("chez", "at")

_NOT_NAME_CHARS = re.compile(r"[\d@#/\\:€$£%&_=+<>|]|https?|www\.", re.IGNORECASE)
# `_NOT_NAME_CHARS` in two cheaper steps: no other character matches these ignoring case,
# and only "H"/"T"/"P"/"W" lower-case to "h"/"t"/"p"/"w".
_NOT_NAME_CHAR = re.compile(r"[\d@#/\\:€$£%&_=+<>|]")
_WORD = re.compile(r"\S+")
_NAME_TOKEN = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W\d_]{2,}")
_URL_PREFIX = re.compile(r"(?:https?://|www\.|\.(?:com|org|net|io|fr|ai|co|in|de|uk)/)", re.IGNORECASE)
_PHONE_LINK = re.compile(r"(?:wa\.me|whatsapp\.com|tel:|t\.me)", re.IGNORECASE)
_TITLE_BEFORE_DOT = re.compile(r"(?:^|\W)(?:mr|mrs|ms|dr|prof|mme|mlle|m|st)$", re.IGNORECASE)
_CUE_BEFORE = re.compile(r"(?:^|\s)(" + "|".join(EMPLOYER_CUES) + r")\s+$", re.IGNORECASE)


def refine_spans(text: str, language: str, spans: list[Span]) -> list[Span]:
    """Drop or narrow known false positives, then repeat names found once (see the module doc)."""
    if not spans:
        return []
    out: list[Span] = []
    company_ids: set[tuple[int, int]] | None = None  # the others' spans, gathered when first needed
    addresses: list[tuple[int, int]] | None = None
    may_hold_links = "/" in text  # a number inside a link has a "/" before it
    for span in spans:
        entity_type = span.entity_type
        if entity_type == "PERSON" and span.recognizer in NER_RECOGNIZERS:
            if addresses is None:
                addresses = [(s.start, s.end) for s in spans if s.entity_type == "STREET_ADDRESS"]
            refined = outside_addresses(text, span, addresses) if addresses else span
            if refined is not None:
                refined = refine_person_guess(text, refined)
            if refined is not None:
                out.append(refined)
            continue
        if entity_type in NUMBER_TYPES:
            if may_hold_links and _inside_url(text, span):
                continue  # "linkedin.com/jobs/view/3954408248": an id in a link, not a phone
            if entity_type == "CREDIT_CARD":
                if company_ids is None:
                    company_ids = {(s.start, s.end) for s in spans if s.entity_type in COMPANY_ID_TYPES}
                if (span.start, span.end) in company_ids:
                    continue  # a SIRET passes the Luhn check too; its own recognizer knows better
        if text[span.start : span.end].strip():
            out.append(span)
    out += repeated_names(text, out)
    if len(out) > 1:
        out.sort(key=_ORDER)
    return out


_ORDER = attrgetter("start", "end", "entity_type")


def repeated_names(text: str, spans: list[Span]) -> list[Span]:
    """PERSON spans for the other capitalised occurrences of words of the PERSON spans kept.

    "Carly Jones's tales ... early Jones?": the second "Jones" is the same person. Words
    that are also everyday words ("Will", "Rose"), short words and lead-in words never
    spread.
    """
    covered: list[tuple[int, int]] | None = None  # built for the first word found twice
    seen: set[str] = set()
    out: list[Span] = []
    for span in spans:
        if span.entity_type != "PERSON":
            continue
        value = text[span.start : span.end]
        candidates = _SPREADABLE.get(value)
        if candidates is None:
            candidates = _spreadable_words(value)
        for token, key in candidates:
            if key in seen:
                continue
            seen.add(key)
            if text.count(token) < 2:  # only where it was found: nothing to repeat
                continue
            if covered is None:
                covered = [(s.start, s.end) for s in spans]
            for a, b in _whole_word_occurrences(text, token):
                if not any(x < b and a < y for x, y in covered) and not _is_lead_in(text, a, b):
                    out.append(Span("PERSON", a, b, span.score, "RepeatedName"))
                    covered.append((a, b))
    return out


# Bounded memo tables, cleared when full: what depends on a guess's own characters only.
# Names recur across posts, and each entry saves a few regex and set look-ups per span.
# They hold a few thousand name-like values in this worker's memory at most, as the
# recognizers' own memo tables do; nothing of them is ever logged.
_MEMO_SIZE = 8192
_SPREADABLE: dict[str, tuple[tuple[str, str], ...]] = {}


def _spreadable_words(value: str) -> tuple[tuple[str, str], ...]:
    """(token, casefolded token) for the name tokens of a PERSON value that may spread.

    `_NAME_TOKEN` has no anchor or look-around: its tokens in `value` are those that
    `findall(text, start, end)` finds in the text the value was cut from. A token is
    letters only: `_fold` would strip nothing from it.
    """
    never_spread = _NEVER_SPREAD or _never_spread()
    words = []
    for token in _NAME_TOKEN.findall(value):
        key = token.casefold()
        if key not in never_spread:
            words.append((token, key))
    found = tuple(words)
    if len(_SPREADABLE) >= _MEMO_SIZE:
        _SPREADABLE.clear()
    _SPREADABLE[value] = found
    return found


_NEVER_SPREAD: frozenset[str] | None = None


def _never_spread() -> frozenset[str]:
    """Lead-in words and the packaged everyday and capitalised name words, as one set."""
    global _NEVER_SPREAD
    if _NEVER_SPREAD is None:
        from recognizers.name_words import name_words

        words = name_words()
        _NEVER_SPREAD = LEAD_IN_WORDS | words.common | words.capitalized
    return _NEVER_SPREAD


def _whole_word_occurrences(text: str, word: str) -> Iterator[tuple[int, int]]:
    """Where `word` occurs with no word character or hyphen touching it (plain `str.find`:
    a pattern per name would be compiled for every distinct name of a billion posts)."""
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or not _word_char(text[i - 1])) and (j == len(text) or not _word_char(text[j])):
            yield i, j
        i = text.find(word, i + 1)


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"  # what `[\w\-]` matches


# What `refine_person_guess` learns from a guess's own characters (its first line):
# (offset of its first word, end of its last word, its first word `_fold`ed, whether it
# is one word). `None`: not a person wherever it stands. `_LEAD_IN`: it opens with a
# lead-in word, which only the text around it can settle.
_GuessShape = tuple[int, int, str, bool]
_LEAD_IN: _GuessShape = (-1, -1, "", False)
_GUESS_SHAPES: dict[str, _GuessShape | None] = {}


def refine_person_guess(text: str, span: Span) -> Span | None:
    """The NER PERSON guess `span`, narrowed, or None when it is not a person."""
    start, end = span.start, span.end
    newline = text.find("\n", start, end)
    if newline >= 0:
        end = newline
    segment = text[start:end]
    try:
        shape = _GUESS_SHAPES[segment]
    except KeyError:
        shape = _guess_shape(segment)
    if shape is None:
        return None
    if shape is _LEAD_IN:
        return _refine_lead_in_guess(text, span, start, end)
    first_word, last_end, first, one_word = shape
    return _narrowed_in_context(text, span, start + first_word, start + last_end, first, one_word)


def _guess_shape(segment: str) -> _GuessShape | None:
    """The context-free verdicts on a guess's first line `segment`, remembered (see `_GuessShape`)."""
    # `str.split` cuts where `_WORD` (`\S+`) does: the same whitespace.
    folded = [word.strip(_WORD_EDGES).casefold() for word in segment.split()]  # `_fold`, inline
    shape: _GuessShape | None
    if not folded:
        shape = None
    elif folded[0] in LEAD_IN_WORDS or folded[0] in ADJECTIVE_LEAD_INS:
        shape = _LEAD_IN
    else:  # the guess's words, from the first to the last
        first_word = len(segment) - len(segment.lstrip())
        last_end = len(segment.rstrip())
        shape = (
            None
            if _is_not_a_name(segment[first_word:last_end], folded)
            else (first_word, last_end, folded[0], len(folded) == 1)
        )
    if len(_GUESS_SHAPES) >= _MEMO_SIZE:
        _GUESS_SHAPES.clear()
    _GUESS_SHAPES[segment] = shape
    return shape


def _is_not_a_name(value: str, folded: list[str]) -> bool:
    """The rules that read the guess's words only: not name-shaped, a job, a company, a technology."""
    return (
        _has_not_name_chars(value)
        or not _has_upper(value)
        or not JOB_WORDS.isdisjoint(folded)
        or folded[-1] in COMPANY_WORDS
        or folded[-1] in TECH_WORDS
    )


def _refine_lead_in_guess(text: str, span: Span, start: int, end: int) -> Span | None:
    """`refine_person_guess` for a guess opening with a lead-in word (rare): the words after
    the lead-ins, whose end depends on the text after them ("Ravi de", "Ravi Kumar")."""
    words = [m.span() for m in _WORD.finditer(text, start, end)]
    folded = [_fold(text[a:b]) for a, b in words]
    lead_ins = 0
    while lead_ins < len(words) and _is_lead_in_word(text, folded[lead_ins], words[lead_ins][1]):
        lead_ins += 1
    if lead_ins == len(words):
        return None
    folded = folded[lead_ins:]
    start, end = words[lead_ins][0], words[-1][1]
    if _is_not_a_name(text[start:end], folded):
        return None
    return _narrowed_in_context(text, span, start, end, folded[0], len(folded) == 1)


def _narrowed_in_context(text: str, span: Span, start: int, end: int, first: str, one_word: bool) -> Span | None:
    """The guess narrowed to `start:end` (its words; `first` the first one folded), or None
    when the text around it says it is no person: a hashtag or handle, after an employer
    cue, or a lone unlisted word of spaCy's opening a sentence without acting."""
    if (
        (start > 0 and text[start - 1] in "#@")
        or (_after_employer_cue(text, start) and not _is_given_name(first))
        or (
            one_word
            and span.recognizer == "SpacyRecognizer"
            and _opens_sentence(text, start)
            and not _is_listed_name(first)
            and not _acts(text, end)
        )
    ):
        return None
    if start == span.start and end == span.end:
        return span
    return Span(span.entity_type, start, end, span.score, span.recognizer)  # `replace`, without its cost


def _after_employer_cue(text: str, start: int) -> bool:
    """Whether "chez" or "at" stands right before `start` (`_CUE_BEFORE` on the 8 characters before it)."""
    window = text[max(0, start - 8) : start]
    # Only "a"/"A", "t"/"T", "c"/"C", ... match the cue's letters ignoring case: without
    # "at" or "chez" in its lower case, the window cannot match (most don't: skip the search).
    lowered = window.lower()
    return ("at" in lowered or "chez" in lowered) and _CUE_BEFORE.search(window) is not None


def _has_not_name_chars(value: str) -> bool:
    """`_NOT_NAME_CHARS.search(value)`, as a truth value."""
    if _NOT_NAME_CHAR.search(value):
        return True
    lowered = value.lower()
    return "http" in lowered or "www." in lowered


def _has_upper(value: str) -> bool:
    if value.isascii():
        return value.lower() != value  # only A-Z change
    return any(ch.isupper() for ch in value)


def _is_lead_in(text: str, start: int, end: int) -> bool:
    return _is_lead_in_word(text, _fold(text[start:end]), end)


def _is_lead_in_word(text: str, word: str, end: int) -> bool:
    """Whether the word ending at `end`, `_fold`ed to `word`, is a lead-in."""
    if word in ADJECTIVE_LEAD_INS:
        return _ADJECTIVE_AFTER.match(text, end) is not None
    return word in LEAD_IN_WORDS


def outside_addresses(text: str, span: Span, addresses: list[tuple[int, int]]) -> Span | None:
    """`span` without the street addresses it overlaps: None when nothing name-like is left."""
    start, end = span.start, span.end
    for a, b in addresses:
        if a <= start and end <= b:
            return None
        if start < a < end:
            end = a
        elif start < b < end:
            start = b
    value = text[start:end]
    trimmed = value.strip(" \t\n,;:.-–—(")
    if not trimmed or not any(ch.isupper() for ch in trimmed):
        return None
    start += value.index(trimmed)
    end = start + len(trimmed)
    if start == span.start and end == span.end:
        return span
    return Span(span.entity_type, start, end, span.score, span.recognizer)


def _inside_url(text: str, span: Span) -> bool:
    """Whether the span lies in the path or query of a link (not a `tel:` or WhatsApp link)."""
    token_start = max(text.rfind(" ", 0, span.start), text.rfind("\n", 0, span.start)) + 1
    prefix = text[token_start : span.start]
    if not _URL_PREFIX.search(prefix) or "/" not in prefix:
        return False
    return not _PHONE_LINK.search(prefix)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether `start` opens the text, a line or a sentence (a title's dot, "Mr. Ootsuki",
    and a colon, "They had 2: Yurina", do not end a sentence)."""
    before = text[max(0, start - 40) : start].rstrip(" \t\"'«“(-–—*•")
    if not before or before[-1] == "\n":
        return True
    return before[-1] in ".!?" and not _TITLE_BEFORE_DOT.search(before[:-1])


def _acts(text: str, end: int) -> bool:
    """Whether the word ending at `end` speaks or owns ("Takumi shouted", "Fernán: What",
    "Irenka's address"): a person, though the word opens a sentence and is in no list."""
    from recognizers.name_list_recognizer import acts_after

    return acts_after(text, end)


def _is_given_name(word: str) -> bool:
    from recognizers.name_list_recognizer import name_lists
    from recognizers.text_folding import fold

    return fold(word) in name_lists()[0]


def _is_listed_name(word: str) -> bool:
    from recognizers.name_list_recognizer import name_lists
    from recognizers.text_folding import fold

    given, family = name_lists()
    return fold(word) in given or fold(word) in family


_WORD_EDGES = ".,;:!?()\"'«»"


def _fold(word: str) -> str:
    return word.strip(_WORD_EDGES).casefold()
