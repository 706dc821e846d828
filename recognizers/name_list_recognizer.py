"""People's names that the statistical model misses, found from lists of given and family names.

A *name run* is a sequence of capitalised words on one line, joined by single spaces and
allowing initials ("Isabel C Fenton") and particles ("Isabel de la Crúz"). It is a PERSON:

- after a title or a naming cue ("Mrs. Berry", "said Kaikou", "My name is ...", "gender of"),
  before "and I" ("Jade and I"), or addressed at the start of a line ("Sieuwerd, can I ..."),
  listed or not;
- as the object of a verb whose object is a person, when what follows says so too ("welcome
  Christian to the team", "add Kuon Satou as guardian", "had given Valida his address",
  "including Iines Waltari of Superbag"), or addressed with "you" ("Victoria, are you ...");
- as the speaker labels of a transcript ("Adrian: ...\nSamantha: ..."), when one is listed;
- otherwise only when one of its words is listed, and not right after a place word
  ("in Austin", "à Sophia Antipolis"): a run of two to four words ("Carly Jones"), a lone
  given name ("ping Fernando"), or a lone family name that is not an everyday word: with a
  family-name ending or letters English and French words lack ("Isayev", "Vučković"), or
  not opening a sentence.

Names that are also everyday words or capitalised by convention ("Will", "Rose", "May",
"Paris": recognizers/data/name_words.txt) need a title, a cue or a second name: context,
not the list, decides for them. No NLP artifacts are needed, so the fast mode finds the
same names. Lists: recognizers/data/given_names.txt and family_names.txt (see
`recognizers.build_names`).
"""

from __future__ import annotations

import re as stdlib_re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Generic, TypeVar

import regex as re

from recognizers.base import CodeRecognizer
from recognizers.name_words import name_words
from recognizers.text_folding import fold as _fold_text
from redact.policy import DEFAULT_SPACY_MODELS


# Words repeat across posts (names, capitalised words): folding each one once is cheaper.
@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """`text_folding.fold`; an ASCII character folds to its lower case, "`" to "'"."""
    if text.isascii():
        return text.lower().replace("`", "'")
    return _fold_text(text)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


def _words(words: str) -> tuple[str, ...]:
    return tuple(words.split())


_PARTICLE_LIST = "de du des la le van von der den da di del della dos das do die ter ten bin ibn al el"
_PARTICLES_ALTERNATION = _PARTICLE_LIST.replace(" ", "|")
# A capitalised word or an initial (`\p{Lu}` then the rest), and a lower-case particle.
_AFTER_CAPITAL = r"(?:\.(?=\s)|[\p{L}\p{M}]*(?:[\-'’][\p{L}][\p{L}\p{M}]*)*)"
_CAPITALISED = r"\p{Lu}" + _AFTER_CAPITAL
_PARTICLE = rf"(?:{_PARTICLES_ALTERNATION})(?![\p{{L}}\p{{M}}])"
# A *cluster*: a capitalised word not inside a word, then every capitalised word, initial or
# particle joined to it by one or two spaces or tabs. Runs never straddle two clusters, so one
# scan finds them all and each cluster's string alone decides its runs (`_cluster_runs`).
# The capital comes first and the lookbehind after it (not inside a word): a pattern that
# starts with a character class lets the engine skip to candidates instead of trying every
# position. A particle can only join a run, so it never starts a cluster.
_CLUSTER = re.compile(
    rf"\p{{Lu}}(?<![\p{{L}}\p{{M}}].){_AFTER_CAPITAL}"
    rf"(?:[ \t]{{1,2}}(?:{_CAPITALISED}|{_PARTICLE}))*"
)
# `_CLUSTER` for ASCII texts (most), where `\p{Lu}` is [A-Z], `\p{L}` [A-Za-z], `\p{M}` nothing
# and `\s` [\t\n\v\f\r ]: the stdlib `re` finds the same clusters there in a third of the time.
_ASCII_AFTER_CAPITAL = r"(?:\.(?=[\t\n\v\f\r ])|[A-Za-z]*(?:[\-'’][A-Za-z][A-Za-z]*)*)"
_ASCII_CAPITALISED = "[A-Z]" + _ASCII_AFTER_CAPITAL
_ASCII_CLUSTER = stdlib_re.compile(
    rf"[A-Z](?<![A-Za-z].){_ASCII_AFTER_CAPITAL}"
    rf"(?:[ \t]{{1,2}}(?:{_ASCII_CAPITALISED}|(?:{_PARTICLES_ALTERNATION})(?![A-Za-z])))*"
)
# The words of a cluster: it holds no space or tab but between them (`_word_spans`).
_CLUSTER_WORD = stdlib_re.compile(r"[^ \t]+")
# Compiled once: these run for every candidate word of every text.
_NAME_PART_SPLIT = re.compile(r"[\-'’]")
_NEXT_WORD = re.compile(r"[ \t]+([\p{L}']+)")
_PREVIOUS_WORD = re.compile(r"(\S+)\s+$")
# What `\s` matches (Unicode White_Space): `str.isspace` also counts U+001C-U+001F.
_SPACES = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_ONLY_ISSPACE = "\x1c\x1d\x1e\x1f"
_INITIAL = re.compile(r"\p{Lu}\.?")
_PARTICLES = _word_set(_PARTICLE_LIST)
# Particles that dictionaries and forms put after the family name ("Dussen van").
_LAST_PARTICLES = frozenset(("van", "von", "der", "ter", "ten"))
_TITLES = _word_set(
    """
    mr mr. mrs mrs. ms ms. mx dr dr. prof prof. sir dame mme mme. mlle mlle. m. madame monsieur
    """
)
# Capitalised words that open sentences or greet, and words that are never names.
_NEVER = _word_set(
    """
    the a an and or but if of in on at to for from with by as is are was were be this that these
    those my our your his her their its we you they he she it i me us them hi hello hey dear thanks
    thank congrats congratulations welcome cheers kudos bravo merci bonjour bonsoir bienvenue salut
    coucou cher chère chers félicitations le la les un une des du de et ou mais
    pour par avec sur dans chez ce cette ces mon ma mes notre nos votre vos son sa ses leur leurs je
    tu il elle nous vous ils elles on qui que quoi ça ceci cela voici voilà oui non monday tuesday
    wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche
    january february july september october november december janvier février mars avril mai juin
    juillet août septembre octobre novembre décembre today tomorrow yesterday aujourd demain hier ps
    cc fyi ok team all everyone folks tous toutes équipe new san santa são saint sainte guys friends
    amis however yesterday finally honestly also note update result results problem solution bot user
    agent customer assistant support system admin moderator sales marketing engineering finance
    product operations success talent design research republic kingdom states emirates islands
    english french italian spanish german dutch portuguese chinese japanese indian american british
    european african asian canadian australian brazilian mexican swiss belgian irish scottish welsh
    swedish danish norwegian finnish polish russian ukrainian turkish arabic korean hungarian greek
    français française anglais anglaise allemand allemande italien italienne espagnol espagnole
    i'm i've i'll i'd
    """
)
# French adjectives that are also given names: "Ravi de vous annoncer" but "ping Ravi",
# "Merci à Ravi Câmara". What follows tells them apart.
_ADJECTIVE_NAMES = _word_set("ravi ravie ravis ravies")
_ADJECTIVE_AFTER = re.compile(r"[ \t]+(?:de|d['’]|du|des|que|qu['’]|pour)|[ \t]*!")
_CONTRACTION = re.compile(r"['’](?:t|s|re|ll|ve|d|m)$|-(?:tu|vous|il|elle|on|je|nous|ce|t-il|t-elle)$", re.I)
# Words before a place name that is also a person's name ("São Paulo", "New York").
_PLACE_PREFIXES = _word_set("san são santa saint sainte new los las st st. fort port mount")
# Cities that are also given names: capitalised anyway, so like "Paris" they need a title,
# a cue or a second name.
_CITIES = _word_set(
    """
    austin sydney london dublin houston dallas phoenix denver boston madison charlotte jackson
    orlando lincoln chester york adelaide chelsea savannah vienna georgia virginia carolina
    florence victoria paris nancy valence lorraine vienne lyon
    """
)
# Words after a capitalised word that make it a verb or a determiner ("Can you", "Will the").
_NOT_AFTER_A_NAME = _word_set(
    """
    you i we he she they it there this that these those the a an your my our tu vous je nous on il
    elle ils elles le la les un une des mon ma notre votre ce cette someone anyone somebody anybody
    everyone nobody quelqu
    """
)
# A lone listed word right after one of these is a place ("in Austin", "bureau de Montpellier");
# a longer run is one only after the stronger ones ("in San Francisco", "à Sophia Antipolis"),
# unless it ends with a family name ("from Carly Jones").
_PLACE_WORDS = _word_set(
    """
    in from near based visit visiting au aux de du des en depuis près
    """
)
_STRONG_PLACE_WORDS = _word_set(
    """
    in near based visit visiting à au aux en
    """
)
# The cue patterns end at the end of the window before a run (`[ \t]+$`): searched from the
# end (`REVERSE`), they fail after a few characters instead of trying every start.
_CUE_FLAGS = re.IGNORECASE | re.REVERSE
# Words after which a capitalised run is a person's name, listed or not.
_NAME_CUE = re.compile(
    r"(?:\b(?:said|says|asked|asks|told|named|called|signed|name is|name's|i am|i'm|je suis|je m'appelle"
    r"|m'appelle|dit|demande|nommée?|appelée?|dear|hi|hello|hey|thanks|thank you|cheers|bonjour|bonsoir"
    r"|salut|coucou|cher|chère|merci|bravo|bienvenue|félicitations|(?:merci|bravo|bienvenue|félicitations) à"
    r"|(?:call|calls|called) me|ping|(?:said|says|shouted|yelled|smiled|waved|whispered|replied|wrote|spoke|talked"
    r"|turned|pointed) (?:at|to)|prévenez|préviens|contactez|demandez à|tribute to|hommage à|thanks to|grâce à"
    r"|(?:shout-?out|kudos|congrats|congratulations|hats off) to|in memory of|en mémoire de|featuring|feat\."
    r"|features|(?:my|our|mon|ma|notre) (?:colleague|coworker|co-worker|manager|boss|mentor|teammate|friend"
    r"|wife|husband|partner|son|daughter|brother|sister|collègue|amie?|manageuse|mentore?|fils|fille|frère"
    r"|sœur|femme|mari)"
    r"|(?:full )?name[ \t]*:|nom(?: complet)?[ \t]*:|author[ \t]*:|auteure?[ \t]*:|(?:directed|written) by:?"
    r"|(?:wife|husband|widow|son|daughter|mother|father|sister|brother|gender|birthday|funeral|wedding) of)"
    r"[ \t]+$)",
    _CUE_FLAGS,
)
# Family-name endings of several languages ("Vučković", "Áskelsson", "Tikhonov", "Kowalski"),
# for `str.endswith`: a word holds no line break, so this is what a pattern ending `$` finds.
_SURNAME_ENDINGS = _words(
    """ovic evic vic ic sson dottir ski ska sky cki cka escu enko chuk czuk yan ian idis opoulos
    oglu shvili adze ov ova ev eva ovich evich sen wicz czyk"""
)
_VOCATIVE = re.compile(
    r",[ \t]+(?:can|could|would|will|please|thanks|thank|do|did|are|have|may|merci|peux|pouvez"
    r"|pourrais|pourriez|est-ce|tu|vous)\b",
    re.IGNORECASE,
)
_SPEAKER_LINE = re.compile(r"^[ \t]*(\p{Lu}[\p{L}\p{M}'’\-]+)[ \t]?:[ \t]+\S", re.MULTILINE)
_WITH_ME = re.compile(r"[ \t]+(?:and I|and me|et moi)\b")
# A speaker's colon followed by what they say ("Fernán: What a wife."), not a label ("Date: 2018").
_SPEAKER_AFTER = re.compile(r"[ \t]?:[ \t]+\p{Lu}\p{Ll}")
# Family-name beginnings ("McCaskill", "MacLeod", "O'Brien", "D'Angelo").
_SURNAME_START = re.compile(r"^(?:Mc|Mac|O['’]|D['’]|Fitz)\p{Lu}")
# Its first letters: most words lack them, and `str.startswith` says so faster than the pattern.
_SURNAME_PREFIXES = ("Mc", "Mac", "O'", "O’", "D'", "D’", "Fitz")
# Letters that English and French common nouns do not use ("Vučković", "Søren").
# Whose lemmatizer tables tell everyday words (the default models; none installed: no words).
_DICTIONARY_MODELS = tuple(DEFAULT_SPACY_MODELS.values())
_FOREIGN_LETTER = re.compile(r"[^\x00-\x7fàâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ]")
# Verbs after which a capitalised word is someone acting ("Takumi shouted at", "Simpson
# began writing", "Silvestar Cvitić lives at"): speech verbs and the like for a listed name
# or a word opening a sentence, the others only for a listed name opening a sentence.
_SPEECH_VERB = re.compile(
    r"[ \t]+(?:said|says|told|tells|asked|asks|shouted|replied|whispered|yelled|exclaimed|wrote|writes"
    r"|began|smiled|laughed|lives|lived|grew up|was born)\b"
)
_PERSON_VERB = re.compile(
    r"[ \t]+(?:had|has|was|is|joined|joins|explained|shared|added|noted|thinks|believes|loves|knows"
    r"|wants|needs|helped|built|led|leads|created|founded|won|will|would|can|could|did|does"
    r"|a rejoint|rejoint|nous rejoint|a partagé|partage|a créé|a fondé|est|était|a été)\b"
)
# A possessive before a personal thing is a person's ("here's Carolina's address").
_POSSESSION = re.compile(
    r"['’]s[ \t]+(?:address|home|house|phone|number|email|e-mail|birthday|wife|husband|son|daughter"
    r"|mother|father|mom|dad|parents|family|brother|sister|cv|resume|résumé|profile|funeral|wedding)\b",
    re.IGNORECASE,
)
# A softer cue: only for runs of two or three unlisted words ("a song by Yuito Deguchi").
_SOFT_CUE = re.compile(r"\b(?:by|par)[ \t]+$", _CUE_FLAGS)
# Verbs whose object is often a person: a run after one is a name when what follows says
# so too ("welcome Christian to the team", "add Kuon Satou as guardian", "congrats Grace!").
_WEAK_CUE = re.compile(
    r"\b(?:welcome|welcoming|welcomed|introduce|introducing|meet|met|congratulate|congratulated|invite"
    r"|invited|hire|hired|promote|promoted|add|added|adding|tag|tagged|cc|including|alongside|joined by"
    r"|interviewed|mentored|recommend|recommended|endorsed|accueillir|accueillons|accueille|présenter"
    r"|rencontrer|féliciter|félicitons|recruté|recrutée|ajouter|ajoutez)[ \t]+$",
    _CUE_FLAGS,
)
_AFTER_PERSON_OBJECT = re.compile(
    r"[ \t]+(?:to (?:the|our|my)|as|aboard|on board|into (?:the|our)|à l'équipe|dans l'équipe|comme|en tant que)\b"
    r"|[ \t]*!"
)
_LISTING_CUE = re.compile(r"\b(?:including|among them|such as|notamment)[ \t]+$", _CUE_FLAGS)
_AS_ROLE = re.compile(r"[ \t]+(?:as|comme|en tant que)\b")
_OF_ORGANISATION = re.compile(r"[ \t]+(?:of|de)[ \t]+\p{Lu}")
# Verbs of giving or telling, then someone, then what is theirs ("had given Valida his address").
_GIVING_CUE = re.compile(
    r"\b(?:given|gave|give|gives|sent|send|sends|told|tell|tells|showed|shown|offered|handed|lent|owe|owes"
    r"|owed|bought|brought|emailed|texted|wished|wish)[ \t]+$",
    _CUE_FLAGS,
)
_THEIR_THING = re.compile(r"[ \t]+(?:his|her)\b")
# Addressed with "you" ("Victoria, are you coming too?"): a name, though also a city.
_VOCATIVE_YOU = re.compile(
    r",[ \t]+(?:are|can|could|would|will|do|did|have|were) you\b|,[ \t]+(?:peux-tu|pouvez-vous|est-ce que tu)",
    re.IGNORECASE,
)
# Joining is something people do ("Christian joins us from BlueYonder").
_JOINS_US = re.compile(
    r"[ \t]+(?:joins|joined|is joining|has joined|will join) (?:us|the team|our team)\b"
    r"|[ \t]+(?:nous rejoint|a rejoint l'équipe|rejoint l'équipe)",
    re.IGNORECASE,
)
# Separators of a list of people ("Barbara, Melanie, Amber and Brandon").
_LIST_GAP = re.compile(r"[ \t]*(?:,|,?[ \t]+(?:and|et|&))[ \t]+")
# The longer words that Title Case leaves in lower case.
_TITLE_CASE_LOWER = frozenset(("with", "from", "into", "onto", "over", "upon", "about", "than", "that", "this", "pour"))
# A word `_LINE_WORD` finds (it starts after a space or the stretch's start) of six letters or
# more in lower case: it makes the stretch a sentence, and costs a search instead of a `findall`.
_LOWER_WORD = stdlib_re.compile(r"(?<![^ \t])[a-z]{6}")
# `_LOWER_WORD` past the stretch's start: a space or a tab first lets the engine skip to them.
_SPACED_LOWER_WORD = stdlib_re.compile(r"[ \t][a-z]{6}")
_LOWER_START = stdlib_re.compile(r"[a-z]{6}")
_LINE_WORD = re.compile(r"[\p{L}][\p{L}'’\-]*")
# What may separate a sentence's end from its first word: spaces, quotes, bullets, dashes.
_BEFORE_SENTENCE = " \t\r\f\v\u00a0\"'«“(-–—*•"


# First characters of the patterns matched after a run (tuples: "" is in every string).
_GAP = (" ", "\t")
_GAP_OR_BANG = (" ", "\t", "!")
_APOSTROPHES = ("'", "’")
_ACTING_FOLLOWERS = (" ", "\t", "'", "’", "?", "!")
# What may follow unlisted words that some rule accepts with no cue and no follower pattern:
# a comma ("Sieuwerd, can I"), an apostrophe ("Irenka's address").
_UNLISTED_FOLLOWING = (",", "'", "’")

# ---- gates: a cue or a follower pattern is searched only where its words can be ----------------
#
# Most runs follow an everyday word and precede one, and every pattern below fails there. The
# gates tell, from the end of the text before a run (for the `[ \t]+$`-anchored cues) or from
# the word after it (for the `[ \t]+`-led followers), which patterns may match, without
# running them. A gate may let through a text its pattern then rejects, never the reverse.
#
# Cues: a match ends the window before the run, less its `[ \t]+`, with one of these endings
# (lower case, every alternative of each pattern). A window whose last `_CUE_TAIL` characters
# go beyond ASCII (where case-insensitive matching has rules of its own) may end with any cue
# whose last two characters its own (ASCII) last two are.
_CUE_TAIL = 20
_NAME_CUE_BIT, _SOFT_CUE_BIT, _WEAK_CUE_BIT, _LISTING_CUE_BIT, _GIVING_CUE_BIT = (1 << bit for bit in range(5))
_ALL_CUE_BITS = (1 << 5) - 1
_RELATIONS = (
    "colleague coworker co-worker manager boss mentor mentore teammate friend wife husband partner son daughter"
    " brother sister collègue ami amie manageuse fils fille frère sœur femme mari"
)
_CUE_ENDINGS: dict[int, tuple[str, ...]] = {
    # ":" ends labels ("Name:", "Author :", "Written by:"): the one ending of a single
    # character, looked for apart (`_context_before`).
    _NAME_CUE_BIT: (
        *_words(
            """said says asked asks told named called signed i'm m'appelle dit demande nommé nommée appelé appelée dear
            hi hello hey thanks cheers bonjour bonsoir salut coucou cher chère merci bravo bienvenue félicitations ping
            prévenez préviens contactez featuring feat. features"""
        ),
        *(f"{thanks} à" for thanks in ("merci", "bravo", "bienvenue", "félicitations", "demandez", "hommage", "grâce")),
        *("name is", "name's", "i am", "je suis", "thank you", "call me", "calls me", "called me", "tribute to"),
        *("thanks to", "shout-out to", "shoutout to", "kudos to", "congrats to", "congratulations to", "hats off to"),
        *("in memory of", "en mémoire de", "directed by", "written by"),
        *(
            f"{verb} {to}"
            for verb in _words(
                "said says shouted yelled smiled waved whispered replied wrote spoke talked turned pointed"
            )
            for to in ("at", "to")
        ),
        *(f"{owner} {relation}" for owner in _words("my our mon ma notre") for relation in _words(_RELATIONS)),
        *(
            f"{relation} of"
            for relation in _words(
                "wife husband widow son daughter mother father sister brother gender birthday funeral wedding"
            )
        ),
    ),
    _SOFT_CUE_BIT: ("by", "par"),
    _WEAK_CUE_BIT: (
        *_words(
            """welcome welcoming welcomed introduce introducing meet met congratulate congratulated invite invited
            hire hired promote promoted add added adding tag tagged cc including alongside interviewed mentored
            recommend recommended endorsed accueillir accueillons accueille présenter rencontrer féliciter félicitons
            recruté recrutée ajouter ajoutez"""
        ),
        "joined by",
    ),
    _LISTING_CUE_BIT: ("including", "among them", "such as", "notamment"),
    _GIVING_CUE_BIT: _words(
        """given gave give gives sent send sends told tell tells showed shown offered handed lent owe owes owed
        bought brought emailed texted wished wish"""
    ),
}
# `_BEFORE_WORDS`: the words before a run that rules ask about (any other counts as none).
_BEFORE_WORDS = _TITLES | _PLACE_WORDS | _STRONG_PLACE_WORDS | _PLACE_PREFIXES


def _by_last_two(endings: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Endings grouped by their last two characters: a text's two last characters then pick
    the few it may end with (one `str.endswith` over all of them costs a microsecond)."""
    groups: dict[str, list[str]] = {}
    for ending in endings:
        groups.setdefault(ending[-2:], []).append(ending)
    return {key: tuple(group) for key, group in groups.items()}


_CUE_ENDING_BITS: dict[str, int] = {}
for _bit, _endings in _CUE_ENDINGS.items():
    for _ending in _endings:
        _CUE_ENDING_BITS[_ending] = _CUE_ENDING_BITS.get(_ending, 0) | _bit
_CUE_ENDINGS_BY_LAST_TWO = _by_last_two(_CUE_ENDING_BITS)
# Folded, "a" is "à" only: an ASCII "a" before a run counts as no word (`_before`).
_BEFORE_ENDINGS_BY_LAST_TWO = _by_last_two(word for word in _BEFORE_WORDS if word != "a")
# Both, by the last two characters of the text before a run: (cue endings, words asked about).
_NO_ENDINGS: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
_ENDINGS_BY_LAST_TWO = {
    key: (_CUE_ENDINGS_BY_LAST_TWO.get(key, ()), _BEFORE_ENDINGS_BY_LAST_TWO.get(key, ()))
    for key in _CUE_ENDINGS_BY_LAST_TWO.keys() | _BEFORE_ENDINGS_BY_LAST_TWO.keys()
}

# Followers: the first word after the `[ \t]+` that leads each pattern, in lower case. Words
# beyond ASCII ("à l'équipe", "était") are not listed: after a letter beyond ASCII, every
# pattern may match.
_WITH_ME_BIT, _THEIR_BIT, _OBJECT_BIT, _SPEECH_BIT, _PERSON_BIT, _JOINS_BIT, _ROLE_BIT, _OF_BIT = (
    1 << bit for bit in range(8)
)
_ALL_FOLLOWER_BITS = (1 << 8) - 1
_FOLLOWER_WORDS: dict[int, str] = {
    _WITH_ME_BIT: "and et",
    _THEIR_BIT: "his her",
    _OBJECT_BIT: "to as aboard on into dans comme en",
    _SPEECH_BIT: """said says told tells asked asks shouted replied whispered yelled exclaimed wrote writes began smiled
        laughed lives lived grew was""",
    _PERSON_BIT: """had has was is joined joins explained shared added noted thinks believes loves knows wants needs
        helped built led leads created founded won will would can could did does a rejoint nous partage est""",
    _JOINS_BIT: "joins joined is has will nous a rejoint",
    _ROLE_BIT: "as comme en",
    _OF_BIT: "of de",
}
_FOLLOWER_BITS: dict[str, int] = {}
for _bit, _follower_words in _FOLLOWER_WORDS.items():
    for _word in _follower_words.split():
        _FOLLOWER_BITS[_word] = _FOLLOWER_BITS.get(_word, 0) | _bit
# The spaces after a run, its ASCII letters, and the next character when ASCII (`.` stops at
# a line break: an empty next character is a line break or the text's end).
_FOLLOWER = stdlib_re.compile(r"[ \t]+([A-Za-z]*)(.?)")
# The first two characters of the words above ("a" is always followed by a space: "a rejoint").
_FOLLOWER_FIRST_TWO = frozenset((word + " ")[:2] for word in _FOLLOWER_BITS)
# After one space: more spaces, or the "!" of `_AFTER_PERSON_OBJECT`, go to the pattern.
_FOLLOWER_NOT_WORDS = (" ", "\t", "!")

# Bounded memo tables: cleared when full (words and clusters repeat across posts).
_CACHE_SIZE = 65536
_V = TypeVar("_V")


def _context_before(text: str, start: int) -> tuple[str, int]:
    """What precedes a run: the folded word before it when a rule asks about it (one of
    `_BEFORE_WORDS`, else ""), and which cues may end there (`_CUE_ENDINGS` flags)."""
    if not start:
        return "", 0
    last = text[start - 1]
    if last not in _SPACES:
        return "", 0  # no space before the run: no word before it and no cue
    if last in _GAP and start >= 2 and text[start - 2] not in _SPACES:
        # One space or tab after a word (most runs): what a cue may end with, and the word
        # before, end at `start - 1`.
        end = text[max(0, start - 1 - _CUE_TAIL) : start - 1]
        cue_may_end = True
    else:
        window = text[max(0, start - 32) : start]
        core = window[:-1] if last == "\n" else window  # `$` matches before a final line break
        stripped = core.rstrip(" \t")
        cue_may_end = len(stripped) < len(core)  # a cue ends with spaces or tabs (`_cue_before`)
        end = stripped[-_CUE_TAIL:]
    if not end.isascii():
        return _before(text, start), _ALL_CUE_BITS if cue_may_end else 0
    end = end.lower()
    cue_endings, before_endings = _ENDINGS_BY_LAST_TWO.get(end[-2:], _NO_ENDINGS)
    cues = 0
    if cue_may_end:
        if end.endswith(":"):
            cues = _NAME_CUE_BIT
        if cue_endings and end.endswith(cue_endings):
            for ending in cue_endings:
                if end.endswith(ending):
                    cues |= _CUE_ENDING_BITS[ending]
    if end and end[-1] in _SPACES:
        return _before(text, start), cues  # the word before ends before other spaces
    # The word before a run ends the stripped window: with `_CUE_TAIL` characters of ASCII,
    # one of `_BEFORE_WORDS` (at most 8 letters) would end it too.
    if before_endings and end.endswith(before_endings):
        return _before(text, start), cues
    return "", cues


_BEFORE: dict[str, str] = {}


def _before(text: str, start: int) -> str:
    """The folded word before `start` when one of `_BEFORE_WORDS`, else "". Folding makes
    French "à" an English "a" ("been to a Marta A Palermo concert"): only the accented word
    is a place word."""
    previous = _previous_word(text, start)
    before = _BEFORE.get(previous)
    if before is None:
        if len(_BEFORE) >= _CACHE_SIZE:
            _BEFORE.clear()
        before = "" if previous.casefold() == "a" else fold(previous)
        before = _BEFORE[previous] = before if before in _BEFORE_WORDS else ""
    return before


def _follower_bits(text: str, end: int) -> int:
    """Which `[ \t]+`-led patterns may match at `end` (`_FOLLOWER_WORDS` flags), for a run
    that a space or a tab follows."""
    # Most runs: one space and two ASCII characters that start no word above, nor a "!".
    first_two = text[end + 1 : end + 3]
    if (
        text[end] == " "
        and first_two.isascii()
        and first_two[:1] not in _FOLLOWER_NOT_WORDS
        and first_two.lower() not in _FOLLOWER_FIRST_TWO
    ):
        return 0
    match = _FOLLOWER.match(text, end)
    if match is None:
        return 0
    word, following = match.groups()
    if not following.isascii():
        return _ALL_FOLLOWER_BITS  # a letter beyond ASCII may go on the word or start another
    return _FOLLOWER_BITS.get(word.lower(), 0) if word else 0


class _Memo(dict[str, _V]):
    """A pure function of strings, remembered per string (cleared when full): a lookup costs
    a subscript, and only a miss a call."""

    def __init__(self, compute: Callable[[str], _V]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> _V:
        if len(self) >= _CACHE_SIZE:
            self.clear()
        value = self[key] = self.compute(key)
        return value


def _quiet_before(last_three: str) -> bool:
    """Whether `_context_before` finds nothing (no word asked about, no cue) before a run
    that these three characters precede, when the `_CUE_TAIL` characters before its space
    are ASCII: one space or tab after two characters that end none of the words."""
    return (
        len(last_three) == 3
        and last_three.isascii()
        and last_three[2] in _GAP
        and last_three[1] not in _SPACES
        and last_three[1] != ":"
        and last_three[:2].lower() not in _ENDINGS_BY_LAST_TWO
    )


def _quiet_after(next_three: str) -> bool:
    """Whether `_follower_bits` finds nothing at a run's end from the three characters
    there: one space, then two ASCII characters that start none of the words, nor a "!"."""
    first_two = next_three[1:]
    return (
        next_three[:1] == " "
        and first_two.isascii()
        and first_two[:1] not in _FOLLOWER_NOT_WORDS
        and first_two.lower() not in _FOLLOWER_FIRST_TWO
    )


# The strings are few: the three characters around a run.
_QUIET_BEFORE = _Memo(_quiet_before)
_QUIET_AFTER = _Memo(_quiet_after)


def _cue_before(cue: re.Pattern[str], text: str, start: int, width: int) -> bool:
    """Whether `cue` (ending `[ \t]+$`) matches the `width` characters before `start`. It
    cannot unless they end with a space or a tab, or with one and a line break (`$` matches
    before a final line break)."""
    last = text[start - 1] if start else ""
    if last not in _GAP and not (last == "\n" and start >= 2 and text[start - 2] in _GAP):
        return False
    return cue.search(text[max(0, start - width) : start]) is not None


def _opens_sentence(text: str, start: int) -> bool:
    """Whether `start` opens the text, a line or a sentence (after `.!?:;`)."""
    before = text[max(0, start - 40) : start].rstrip(_BEFORE_SENTENCE)
    return not before or before[-1] in ".!?:;\n"


@cache
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, family names), folded, loaded once per process."""

    def read(name: str) -> frozenset[str]:
        text = resources.files("recognizers").joinpath(f"data/{name}").read_text("utf-8")
        return frozenset(w for w in (line.strip() for line in text.splitlines()) if w and not w.startswith("#"))

    return read("given_names.txt"), read("family_names.txt")


class NameListRecognizer(CodeRecognizer):
    ENTITY = "PERSON"
    SCORE = 0.7

    def find_spans(self, text: str) -> list[tuple[int, int, float]]:
        runs = _name_runs(text)
        spans: list[tuple[int, int]] = []
        members: list[tuple[int, int]] = []
        if runs:
            headlines = _headlines(text, runs)
            if headlines:
                runs = [run for run in runs if not any(a <= run[0] < b for a, b in headlines)]
            ascii_text = text.isascii()
            judged = [_judge(text, start, end, shape, ascii_text) for start, end, shape in runs]
            spans = [(start, end) for (start, end, _), name in zip(runs, judged, strict=True) if name]
            if len(runs) >= 3:
                members = _list_members(text, runs, judged)
        # Runs never overlap, and list members are unjudged runs: only speaker labels (two
        # labelled lines at least) may repeat a span.
        if "\n" in text and ":" in text:
            speakers = _speakers(text)
            if speakers:
                seen = set(spans)
                for span in [*speakers, *members]:
                    if span not in seen:
                        seen.add(span)
                        spans.append(span)
                members = []
        score = self.SCORE
        return [(start, end, score) for start, end in (spans + members if members else spans)]


_T = TypeVar("_T")


class _computed_once(Generic[_T]):
    """`functools.cached_property` without its lock: Python 3.11 takes one on every first
    access, a few hundred ns each time a new run's shape is judged. What it computes is
    pure, so two threads computing it at once would store the same value."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, instance: object, owner: type | None = None) -> _T:
        # Stored in the instance's `__dict__`: next time the attribute is found there first.
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


class _Shape:
    """What a run's words say, whatever surrounds them: worked out once per run string
    (`_shape`), so that judging a run costs only the look at its surroundings. Most runs
    are rejected on `listed` and `plain_ends` alone: the rest is worked out when first asked."""

    def __init__(self, run: str, words: tuple[tuple[int, int], ...], kinds: tuple[str | None, ...]) -> None:
        """`words`: `_word_spans(run)`; `kinds`: their `_kind`s (the cluster's words told them)."""
        self.run = run
        self.words = words
        self.size = size = len(words)
        self.kinds = kinds
        self.listed = kinds.count(None) < size
        # `_initialled` ("Marta A Palermo"), what its words alone say: a listed given name
        # first, or two words that may be names around the initial.
        self.given_initialled = False
        self.plain_ends = False
        if size == 3 and _INITIAL.fullmatch(self.word(1)):
            first = fold(self.word(0))
            if kinds[0] == "given":
                self.given_initialled = (
                    first not in _CITIES and first not in name_words().capitalized and _plain_name_word(self.word(2))
                )
            else:
                self.plain_ends = _plain_name_word(self.word(0)) and _plain_name_word(self.word(2))

    def word(self, index: int) -> str:
        a, b = self.words[index]
        return self.run[a:b]

    @_computed_once
    def folded(self) -> str:
        return fold(self.run)

    @_computed_once
    def all_plain(self) -> bool:
        return all(_plain_name_word(self.word(i)) for i in range(self.size))

    @_computed_once
    def last_family(self) -> bool:
        return self.kinds[-1] in ("family", "suffix")

    @_computed_once
    def first_given(self) -> bool:
        return fold(self.word(0)) in name_lists()[0]

    @_computed_once
    def first_city(self) -> bool:
        return fold(self.word(0)) in _CITIES

    @_computed_once
    def run_capitalized(self) -> bool:
        return self.folded in name_words().capitalized

    @_computed_once
    def can_act(self) -> bool:
        """`_acting`: a lone word of fewer than three letters or a city does nothing."""
        return not (self.size == 1 and (len(self.folded) < 3 or self.folded in _CITIES))

    @_computed_once
    def vocative(self) -> bool:
        """A lone word that may be addressed at the start of a line ("Sieuwerd, can I ...")."""
        return self.size == 1 and len(self.folded) >= 3 and self.folded not in name_words().capitalized

    @_computed_once
    def giving_object(self) -> bool:
        """`_object_of_cue`: a lone word given what is theirs ("had given Valida his address")."""
        return self.size == 1 and len(self.run) >= 3 and (self.kinds[0] is not None or _plain_name_word(self.run))

    @_computed_once
    def weak_object(self) -> bool:
        """`_object_of_cue`: a lone listed word after a weak cue ("welcome Christian to the team")."""
        return self.size == 1 and self.kinds[0] is not None and len(self.run) >= 3

    @_computed_once
    def lone_name(self) -> bool:
        """A lone listed word, and no everyday word, city or short word ("Paris", "May", "Will")."""
        folded = self.folded
        return (
            self.size == 1
            and self.listed
            and len(folded) >= 3
            and folded not in name_words().capitalized
            and folded not in name_words().common
            and folded not in _CITIES
        )

    @_computed_once
    def lone_foreign(self) -> bool:
        """A lone word with letters English and French words lack ("Vučković")."""
        return self.size == 1 and _FOREIGN_LETTER.search(self.run) is not None


_SHAPES: dict[str, _Shape] = {}


def _shape(run: str, words: list[_RunWord]) -> _Shape:
    """The shape of `run`, whose words (offsets into its cluster) and kinds are `words`."""
    shape = _SHAPES.get(run)
    if shape is None:
        if len(_SHAPES) >= _CACHE_SIZE:
            _SHAPES.clear()
        # Offsets into the run, as `_word_spans(run)` would find them.
        first = words[0][0]
        spans = tuple([(a - first, b - first) for a, b, _, _ in words])
        shape = _SHAPES[run] = _Shape(run, spans, tuple([kind for _, _, _, kind in words]))
    return shape


def _judge(text: str, start: int, end: int, shape: _Shape, ascii_text: bool) -> bool:
    """Whether the run at `start:end` is a person's name (the rules: the module's docstring).
    `ascii_text`: whether `text` is ASCII.

    Every rule but the last ones, for listed words, can only accept: a run is a name when
    any says so, so each rule is tried only where it may hold, the cheapest checks first.
    """
    size, listed = shape.size, shape.listed
    if (
        start >= 3
        and _QUIET_BEFORE[text[start - 3 : start]]
        and (ascii_text or text[max(0, start - 1 - _CUE_TAIL) : start - 1].isascii())
    ):
        before, cues = "", 0  # what `_context_before` finds before most runs
    else:
        before, cues = _context_before(text, start)
        if before in _TITLES or (cues & _NAME_CUE_BIT and _cue_before(_NAME_CUE, text, start, 32)):
            return True  # "Mrs. Berry", "said Kaikou", "My name is Liviana Palerma"
    if (
        listed
        and size >= 2
        and before not in _PLACE_PREFIXES
        and (before not in _STRONG_PLACE_WORDS or shape.last_family)
    ):
        return True  # the last rule for listed runs of two words or more: no other need be tried
    following = text[end : end + 1]
    followers = 0 if following not in _GAP or _QUIET_AFTER[text[end : end + 3]] else _follower_bits(text, end)
    if not (listed or cues or followers or shape.plain_ends) and following not in _UNLISTED_FOLLOWING:
        # Unlisted words (most runs) with no cue before them and no follower pattern after
        # them: only a comma or an apostrophe after them or an initial among them may help.
        return False
    if followers & _WITH_ME_BIT and _WITH_ME.match(text, end):
        return True  # "Jade and I", "Anna et moi": a person, whatever the word
    if following == ",":
        if shape.vocative and _VOCATIVE.match(text, end) and start == _line_start(text, start):
            return True  # "Sieuwerd, can I please ...": someone addressed
        if listed and size <= 2 and _VOCATIVE_YOU.match(text, end) and _opens_sentence(text, start):
            return True  # "Count me in. Victoria, are you coming too?"
    elif (following == "!" or followers) and (
        _object_of_cue(text, start, end, shape, cues, followers)
        or _of_organisation(text, start, end, shape, cues, followers)
    ):
        return True  # "welcome Christian to the team", "had given Valida his address"
    if (
        following in _ACTING_FOLLOWERS
        and shape.can_act
        and before not in _PLACE_WORDS
        and _acting(text, start, end, shape, followers)
    ):
        return True  # "Takumi shouted at Tina", "Carolina's address", "Remember me, Ana?"
    if 2 <= size <= 3 and cues & _SOFT_CUE_BIT and shape.all_plain and _cue_before(_SOFT_CUE, text, start, 8):
        return True  # "a talk by Yuito Deguchi", "with Fortun Querry"
    if size == 3 and _initialled(text, start, end, shape, followers):
        return True  # "Pomeroy S. Lemelin": no place has a middle initial
    if not listed or before in _PLACE_PREFIXES:
        return False  # "São Paulo", "San Francisco", "New York"
    if size >= 2:
        # "Carly Jones", "Tyson Lanoie", "Isabel C Fenton"; not "in San Francisco"
        return shape.last_family or before not in _STRONG_PLACE_WORDS
    if before in _PLACE_WORDS or not shape.lone_name:
        return False  # "in Austin"; "Paris", "May", "Will", "Rose": a title, a cue or a surname decide
    opens_sentence = _opens_sentence(text, start)
    if opens_sentence and fold(_next_word(text, end)) in _NOT_AFTER_A_NAME:
        return False  # "Can you", "Will the": a verb opening a question
    if shape.kinds[0] in ("given", "suffix") or shape.lone_foreign:
        return True  # a given name; "Isayev", "Vučković": not everyday English or French words
    if _SPEAKER_AFTER.match(text, end) and (start == 0 or text[start - 1] == "\n"):
        return True  # a speaker in a transcript: "Thieme: What a wife."
    return not opens_sentence


def _object_of_cue(text: str, start: int, end: int, shape: _Shape, cues: int, followers: int) -> bool:
    """Whether the run is the person a verb acts on (see `_WEAK_CUE` and `_GIVING_CUE`)."""
    if (
        shape.size == 1
        and followers & _THEIR_BIT
        and cues & _GIVING_CUE_BIT
        and _THEIR_THING.match(text, end)
        and _cue_before(_GIVING_CUE, text, start, 24)
    ):
        return shape.giving_object
    # `_AFTER_PERSON_OBJECT` matches a "!" (its `[ \t]*!`) or words after spaces.
    if (
        not cues & _WEAK_CUE_BIT
        or not (followers & _OBJECT_BIT or text[end : end + 1] == "!")
        or not _AFTER_PERSON_OBJECT.match(text, end)
        or not _cue_before(_WEAK_CUE, text, start, 24)
    ):
        return False
    if shape.size == 1:
        return shape.weak_object
    # Unlisted words given a role ("add Kuon Satou as guardian"), not "add Visual Studio Code to".
    return shape.size <= 3 and shape.all_plain and followers & _ROLE_BIT != 0 and _AS_ROLE.match(text, end) is not None


def _of_organisation(text: str, start: int, end: int, shape: _Shape, cues: int, followers: int) -> bool:
    """Two or three name words after "including" and before "of" and a capital:
    "including Iines Waltari of Superbag"."""
    return (
        2 <= shape.size <= 3
        and followers & _OF_BIT != 0
        and cues & _LISTING_CUE_BIT != 0
        and shape.all_plain
        and _OF_ORGANISATION.match(text, end) is not None
        and _cue_before(_LISTING_CUE, text, start, 24)
    )


def _acting(text: str, start: int, end: int, shape: _Shape, followers: int) -> bool:
    """Whether the run is someone doing or owning something (see `_SPEECH_VERB`), for a run
    that may act (`_Shape.can_act`) and that one of `_ACTING_FOLLOWERS` follows."""
    listed = shape.listed
    following = text[end : end + 1]
    if following in _GAP:
        if listed and followers & _JOINS_BIT and _JOINS_US.match(text, end):
            return True
        if followers & _SPEECH_BIT and _SPEECH_VERB.match(text, end) and (listed or _opens_sentence(text, start)):
            return True  # not "the support Airbus replied": a company speaks too
        if listed and followers & _PERSON_BIT and _PERSON_VERB.match(text, end) and _opens_sentence(text, start):
            return not shape.run_capitalized
        return False
    if following in _APOSTROPHES:
        return _POSSESSION.match(text, end) is not None
    # Addressed at the end of a sentence: "Remember me, Christian?"
    return listed and text[max(0, start - 2) : start] == ", "


def _initialled(text: str, start: int, end: int, shape: _Shape, followers: int) -> bool:
    """A given name, a middle initial and a capitalised word ("Marta A Palermo"): the given
    name listed, or any when a person's verb follows ("Ksaver M Rolc will be talking"), the
    last word is listed or foreign-lettered, or neither word is in a dictionary."""
    if shape.given_initialled:
        return True
    if not shape.plain_ends:
        return False  # no initial in the middle, or an everyday word around it
    if (followers & _PERSON_BIT and _PERSON_VERB.match(text, end)) or (
        followers & _SPEECH_BIT and _SPEECH_VERB.match(text, end)
    ):
        return True
    # No verb: a listed or foreign-lettered last word, or two words of no dictionary around
    # the initial ("Gyala Z Antall", "Daavid E Haanpää"); never everyday words around a
    # letter ("Series A Funding", "Plan B Capital").
    first, last = shape.word(0), shape.word(2)
    if shape.kinds[2] is not None or _FOREIGN_LETTER.search(first + last) is not None:
        return True
    return not _everyday_word(first) and not _everyday_word(last)


def _everyday_word(word: str) -> bool:
    """In the English or French dictionary the spaCy models ship (`redact.detect.lexicon`)."""
    from redact.detect.lexicon import lexicon_for

    return any(word in lexicon_for(model) for model in _DICTIONARY_MODELS)


def _plain_name_word(word: str) -> bool:
    """A word that may be part of a name: capitalised, not in capitals, not an everyday word."""
    folded = fold(word)
    if len(word) == 1 or (len(word) == 2 and word.endswith(".")):
        return True  # an initial
    return (
        not word.isupper()
        and folded not in name_words().common
        and folded not in name_words().capitalized
        and folded not in _CITIES
    )


def _list_members(text: str, runs: list[tuple[int, int, _Shape]], judged: list[bool]) -> list[tuple[int, int]]:
    """The unjudged members of lists of people: in a list of three or more single- or two-word
    runs where at least two are listed given names and none is a city, every member is a name."""
    out: list[tuple[int, int]] = []
    first = 0  # the group: runs[first:index], each in one list with the one before
    previous_end = -1  # where the group's last run ends; -1: no group
    for index, (start, end, shape) in enumerate(runs):
        if previous_end >= 0 and shape.size <= 2 and _in_one_list(text, previous_end, start):
            previous_end = end
            continue
        if index - first >= 3 and previous_end >= 0:
            _add_list(runs, judged, first, index, out)
        first, previous_end = (index, end) if shape.size <= 2 else (index + 1, -1)
    if len(runs) - first >= 3 and previous_end >= 0:
        _add_list(runs, judged, first, len(runs), out)
    return out


def _add_list(
    runs: list[tuple[int, int, _Shape]], judged: list[bool], first: int, stop: int, out: list[tuple[int, int]]
) -> None:
    """Adds the unjudged members of `runs[first:stop]`, a list, when they are people."""
    members = [shape for _, _, shape in runs[first:stop]]
    if any(m.first_city for m in members) or sum(m.first_given for m in members) < max(2, len(members) // 2):
        return
    out.extend((runs[i][0], runs[i][1]) for i in range(first, stop) if not judged[i])


def _in_one_list(text: str, end: int, start: int) -> bool:
    """Whether `_LIST_GAP` is all between `end` and `start` ("Barbara, Melanie"): it holds
    nothing but spaces, tabs, commas, "and", "et" and "&", and starts and ends as it may."""
    gap = text[end:start]
    # Most gaps hold a word: stripping the characters above leaves some.
    return not gap.strip(" \t,&andet") and _LIST_GAP.fullmatch(gap) is not None


def _kind(word: str) -> str | None:
    """ "given", "family" or "suffix" (a family-name ending, "-ović", "-sson"), else None."""
    given, family = name_lists()
    folded = fold(word)
    if "-" not in word and "'" not in word and "’" not in word:
        # Most words: no hyphen or apostrophe, without which `_CONTRACTION` and
        # `_NAME_PART_SPLIT` cannot match; the word is its one part.
        parts = [folded] if len(word) >= 2 else []
    elif _CONTRACTION.search(word):
        return None  # "Don't", "Peux-tu", "Est-ce"
    else:
        parts = [fold(p) for p in _NAME_PART_SPLIT.split(word) if len(p) >= 2]
    if any(p in given for p in parts):
        return "given"
    if (len(word) >= 6 and folded.endswith(_SURNAME_ENDINGS)) or (
        word.startswith(_SURNAME_PREFIXES) and _SURNAME_START.search(word)
    ):
        return "suffix"
    if any(p in family for p in parts):
        return "family"
    return None


def _headlines(text: str, runs: list[tuple[int, int, _Shape]]) -> list[tuple[int, int]]:
    """Stretches written in Title Case ("5 Musicians Of The 70s You're Supposed To Hate"):
    their capitals say nothing about names. A stretch ends at a line break or a colon; one
    with a longer word in lower case ("Silvestar Cvitić lives at ...") is a sentence.
    Only the stretches holding a run's start (`runs`, in order) matter."""
    out: list[tuple[int, int]] = []
    segment_end = -1
    length = len(text)
    for start, _, _ in runs:
        if start < segment_end:
            continue  # in the stretch looked at already
        # The stretch of `_SEGMENT` (`[^\n:]+`) holding `start`, never a line break or a colon.
        line_end, colon = text.find("\n", start), text.find(":", start)
        segment_end = min(length if line_end < 0 else line_end, length if colon < 0 else colon)
        # Most stretches hold a word in lower case after their first run: no headline (see
        # `_is_headline`), and where the stretch starts need not be looked for.
        if _SPACED_LOWER_WORD.search(text, start, segment_end):
            continue
        segment_start = max(text.rfind("\n", 0, start), text.rfind(":", 0, start)) + 1
        if _is_headline(text[segment_start:segment_end]):
            out.append((segment_start, segment_end))
    return out


def _is_headline(segment: str) -> bool:
    if segment.count(" ") < 5:
        return False  # fewer than six words
    if _SPACED_LOWER_WORD.search(segment) or _LOWER_START.match(segment):
        return False  # a word of six letters or more in lower case (`_LOWER_WORD`)
    words = [w for w in _LINE_WORD.findall(segment) if len(w) > 3]
    if len(words) < 6 or any(w[0].islower() and w not in _TITLE_CASE_LOWER for w in words):
        return False
    given, family = name_lists()
    capitals = [fold(w) for w in words if w[0].isupper()]
    not_names = [w for w in capitals if w not in given and w not in family]
    # A list of names ("Astrid, Christina, Kimberly and Jeffrey") is no headline.
    return len(capitals) >= 0.8 * len(words) and len(not_names) >= 0.5 * len(words)


def _line_start(text: str, start: int) -> int:
    """Where the line holding `start` begins, past spaces, quotes and bullets."""
    line = text.rfind("\n", 0, start) + 1
    while line < start and text[line] in " \t\"'«“(-–—*•>":
        line += 1
    return line


def _speakers(text: str) -> list[tuple[int, int]]:
    """Speaker labels of a transcript ("Adrian: ...\nSamantha: ..."): two or more labelled
    lines of which one at least is a listed given name make every label a name."""
    # Two labels: two lines, each with a colon and a space or a tab after it.
    if "\n" not in text or text.count(": ") + text.count(":\t") < 2:
        return []
    given = name_lists()[0]
    labels = [m.span(1) for m in _SPEAKER_LINE.finditer(text) if fold(m.group(1)) not in _NEVER]
    if len(labels) < 2 or not any(fold(text[a:b]) in given for a, b in labels):
        return []
    return labels


def _next_word(text: str, end: int) -> str:
    match = _NEXT_WORD.match(text[end : end + 24])
    return match.group(1) if match else ""


def _previous_word(text: str, start: int) -> str:
    """What `_PREVIOUS_WORD` finds in the 24 characters before `start`: the last word before
    trailing spaces. With string methods: the pattern tries every start and costs µs."""
    window = text[max(0, start - 24) : start]
    word_end = len(window.rstrip(_SPACES))
    if word_end == len(window) or word_end == 0:
        return ""
    head = window[:word_end]
    if head[-1] not in _ONLY_ISSPACE:
        word = head.rsplit(None, 1)[-1]
        if len(word) == word_end or head[word_end - len(word) - 1] not in _ONLY_ISSPACE:
            return word
    # Separators U+001C-U+001F: spaces to `str.split`, not to `\s`.
    match = _PREVIOUS_WORD.search(window)
    return match.group(1) if match else ""


def _name_runs(text: str) -> list[tuple[int, int, _Shape]]:
    """Runs of capitalised words (with initials and inner particles), in the text's order:
    (start, end, shape)."""
    runs: list[tuple[int, int, _Shape]] = []
    clusters = _CLUSTERS
    for match in (_ASCII_CLUSTER if text.isascii() else _CLUSTER).finditer(text):
        cluster = match.group()
        found = clusters.get(cluster)
        if found is None:
            found = _cluster_runs(text, match.start(), cluster)
        if found:
            base = match.start()
            for a, b, shape in found:
                runs.append((base + a, base + b, shape))
    return runs


_CLUSTERS: dict[str, tuple[tuple[int, int, _Shape], ...]] = {}


def _word_spans(cluster: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each word of a cluster or a run (`_CLUSTER_WORD`). Words are nearly
    always one space apart: splitting on it is cheaper than the pattern."""
    if " " not in cluster and "\t" not in cluster:
        return ((0, len(cluster)),)
    if "\t" in cluster or "  " in cluster:
        return tuple(match.span() for match in _CLUSTER_WORD.finditer(cluster))
    spans: list[tuple[int, int]] = []
    start = 0
    for word in cluster.split(" "):
        end = start + len(word)
        spans.append((start, end))
        start = end + 1
    return tuple(spans)


def _cluster_runs(text: str, base: int, cluster: str) -> tuple[tuple[int, int, _Shape], ...]:
    """The runs of the cluster at `base`, as offsets into the cluster, and their shapes.

    Each word joins the run being built, starts one or ends it (`_word_roles`). Only a word
    like "Ravi" asks what follows it (`_DEPENDS`): the runs of a cluster without one are
    remembered per cluster string.
    """
    facts = _WORDS
    if " " not in cluster and "\t" not in cluster:
        # One word (most clusters): a run of its own or none, as the loop below would find.
        cut, _, alone_role, kind = facts[cluster]
        if alone_role != _DEPENDS:
            end = len(cluster) - cut
            runs: tuple[tuple[int, int, _Shape], ...] = (
                ((0, end, _shape(cluster[:end], [(0, end, False, kind)])),) if alone_role == _NAME else ()
            )
            _remember(cluster, runs)
            return runs
    found_runs: list[tuple[int, int, _Shape]] = []
    current: list[_RunWord] = []
    depends = False
    for a, b in _word_spans(cluster):
        found = cluster[a:b]
        cut, joined_role, alone_role, kind = facts[found]
        b -= cut
        # In a cluster every word is one or two spaces or tabs after the last: it joins any run begun.
        joinable = bool(current)
        role = joined_role if joinable else alone_role
        if role == _DEPENDS:
            depends = True
            word = found[: len(found) - cut]
            role = _role(word, joinable, _ADJECTIVE_AFTER.match(text, base + b) is None)
        if role == _PART:
            current.append((a, b, True, kind))
        elif role == _NAME:
            current.append((a, b, False, kind))
        elif current:
            _close(found_runs, current, cluster)
            current = []
        if cut and current:
            _close(found_runs, current, cluster)
            current = []
    if current:
        _close(found_runs, current, cluster)
    runs = tuple(found_runs)
    if not depends:
        _remember(cluster, runs)
    return runs


def _remember(cluster: str, runs: tuple[tuple[int, int, _Shape], ...]) -> None:
    if len(_CLUSTERS) >= _CACHE_SIZE:
        _CLUSTERS.clear()
    _CLUSTERS[cluster] = runs


# What a word does to the run being built: joins it as a particle or an initial, joins it or
# starts one as a name word, or ends it; `_DEPENDS`: the words after it decide (`_ADJECTIVE_NAMES`).
_PART, _NAME, _BREAK, _DEPENDS = 0, 1, 2, 3
# A word of a run being built: its offsets in the cluster, whether a particle or an initial,
# its `_kind`.
_RunWord = tuple[int, int, bool, "str | None"]


def _word_facts(found: str) -> tuple[int, int, int, str | None]:
    """`_word_roles(found)`, and the `_kind` of the word (past its possessive) when it may
    be part of a run."""
    cut, joined_role, alone_role = _word_roles(found)
    kind = None if joined_role == alone_role == _BREAK else _kind(found[: len(found) - cut])
    return cut, joined_role, alone_role, kind


# What each word of a cluster does; words repeat across posts.
_WORDS = _Memo(_word_facts)


def _word_roles(found: str) -> tuple[int, int, int]:
    """For a word of a cluster: how many characters end a possessive ("Carly's" -> 2), its
    role when it can join the run being built, and when it cannot."""
    cut = 2 if found.endswith(("'s", "’s")) and len(found) > 2 else 0
    word = found[: len(found) - cut]
    folded = fold(word.rstrip("."))
    if word[0].isupper() and folded in _ADJECTIVE_NAMES and not (len(word) > 1 and word.isupper()):
        return cut, _DEPENDS, _DEPENDS
    name_word = not (len(word) > 1 and word.isupper()) and folded not in _NEVER
    return cut, _role(word, True, name_word), _role(word, False, name_word)


def _role(word: str, joinable: bool, name_word: bool) -> int:
    if not word[0].isupper():  # a lower-case particle
        return _PART if joinable else _BREAK
    if joinable and (len(word) == 1 or (len(word) == 2 and word[1] == ".")):
        return _PART  # a middle initial joins a name, never ends it
    if name_word:
        return _NAME
    if joinable and word.casefold() in _PARTICLES:
        return _PART
    return _BREAK


def _close(runs: list[tuple[int, int, _Shape]], run: list[_RunWord], cluster: str) -> None:
    # Particles and initials may join names but not end them ("Isabel de" -> "Isabel"),
    # except a Dutch or German particle put last ("Marlis Dussen van").
    while run and run[-1][2] and not (cluster[run[-1][0] : run[-1][1]] in _LAST_PARTICLES and len(run) >= 3):
        run = run[:-1]
    if run and len(run) <= 4:
        start, end = run[0][0], run[-1][1]
        runs.append((start, end, _shape(cluster[start:end], run)))


def acts_after(text: str, end: int) -> bool:
    """Whether the word ending at `end` is followed by a speech verb, a possessed personal
    thing or a speaker's colon ("Takumi shouted", "Irenka's address", "Fernán: What")."""
    return bool(_SPEECH_VERB.match(text, end) or _POSSESSION.match(text, end) or _SPEAKER_AFTER.match(text, end))
