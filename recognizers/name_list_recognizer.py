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
from functools import cache, lru_cache
from importlib import resources

import regex as re
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.base import CodeRecognizer
from recognizers.name_words import name_words
from recognizers.text_folding import fold as _fold_text
from redact.policy import DEFAULT_SPACY_MODELS

# Words repeat across posts (names, capitalised words): folding each one once is cheaper.
fold = lru_cache(maxsize=65536)(_fold_text)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


_PARTICLE_LIST = "de du des la le van von der den da di del della dos das do die ter ten bin ibn al el"
# Capitalised words, initials and lower-case particles (`_name_runs` needs no other word).
_WORD = re.compile(
    r"(?<![\p{L}\p{M}])(?:\p{Lu}\.(?=\s)|\p{Lu}[\p{L}\p{M}]*(?:[\-'’][\p{L}][\p{L}\p{M}]*)*|\p{Lu}\."
    rf"|(?:{_PARTICLE_LIST.replace(' ', '|')})(?![\p{{L}}\p{{M}}]))"
)
# `_WORD` for ASCII texts (most), where `\p{Lu}` is [A-Z], `\p{L}` [A-Za-z], `\p{M}` nothing and
# `\s` [\t\n\v\f\r ]: the stdlib `re` finds the same words there in half the time.
_ASCII_WORD = stdlib_re.compile(
    r"(?<![A-Za-z])(?:[A-Z]\.(?=[\t\n\v\f\r ])|[A-Z][A-Za-z]*(?:[\-'’][A-Za-z][A-Za-z]*)*|[A-Z]\."
    rf"|(?:{_PARTICLE_LIST.replace(' ', '|')})(?![A-Za-z]))"
)
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
# Family-name endings of several languages ("Vučković", "Áskelsson", "Tikhonov", "Kowalski").
_SURNAME_ENDING = re.compile(
    r"(?:ovic|evic|vic|ic|sson|dottir|ski|ska|sky|cki|cka|escu|enko|chuk|czuk|yan|ian|idis|opoulos"
    r"|oglu|shvili|adze|ov|ova|ev|eva|ovich|evich|sen|wicz|czyk)$"
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
_LINE_WORD = re.compile(r"[\p{L}][\p{L}'’\-]*")
# What may separate a sentence's end from its first word: spaces, quotes, bullets, dashes.
_BEFORE_SENTENCE = " \t\r\f\v\u00a0\"'«“(-–—*•"


# First characters of the patterns matched after a run (tuples: "" is in every string).
_GAP = (" ", "\t")
_GAP_OR_BANG = (" ", "\t", "!")
_GAP_OR_COMMA = (" ", "\t", ",")
_APOSTROPHES = ("'", "’")
_ACTING_FOLLOWERS = (" ", "\t", "'", "’", "?", "!")


def _cue_before(cue: re.Pattern[str], text: str, start: int, width: int) -> bool:
    """Whether `cue` (ending `[ \t]+$`) matches the `width` characters before `start`. It
    cannot unless they end with a space or a tab, or with one and a line break (`$` matches
    before a final line break): most runs follow neither, and need no search."""
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

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        runs = _name_runs(text)
        headlines = _headlines(text, [run[0][0] for run in runs])
        if headlines:
            runs = [run for run in runs if not any(a <= run[0][0] < b for a, b in headlines)]
        spans = [self._judge(text, run) for run in runs]
        for span in [*spans, *_speakers(text), *_list_members(text, runs, spans)]:
            if span is not None and not any(r.start == span[0] and r.end == span[1] for r in results):
                results.append(self.result(span[0], span[1], self.SCORE))
        return results

    def _judge(self, text: str, run: list[tuple[int, int]]) -> tuple[int, int] | None:
        kinds = [_kind(text[a:b]) for a, b in run]
        listed = kinds.count(None) < len(kinds)
        start, end = run[0][0], run[-1][1]
        previous = _previous_word(text, start)
        # Folding makes French "à" an English "a" ("been to a Marta A Palermo concert"): only
        # the accented word is a place word.
        before = "" if previous.casefold() == "a" else fold(previous)
        if before in _TITLES or _cue_before(_NAME_CUE, text, start, 32):
            return start, end  # "Mrs. Berry", "said Kaikou", "My name is Liviana Palerma"
        # Each pattern after the run needs its first character: checked first, it spares the call.
        following = text[end : end + 1]
        if following in _GAP and _WITH_ME.match(text, end):
            return start, end  # "Jade and I", "Anna et moi": a person, whatever the word
        if following == ",":
            if len(run) == 1 and start == _line_start(text, start) and _VOCATIVE.match(text, end):
                word = fold(text[start:end])
                if len(word) >= 3 and word not in name_words().capitalized:
                    return start, end  # "Sieuwerd, can I please ...": someone addressed
            if listed and len(run) <= 2 and _VOCATIVE_YOU.match(text, end) and _opens_sentence(text, start):
                return start, end  # "Count me in. Victoria, are you coming too?"
        if following in _GAP_OR_BANG and (self._object_of_cue(text, run, kinds) or self._of_organisation(text, run)):
            return start, end  # "welcome Christian to the team", "had given Valida his address"
        if following in _ACTING_FOLLOWERS and before not in _PLACE_WORDS and self._acting(text, run, listed):
            return start, end  # "Takumi shouted at Tina", "Carolina's address", "Remember me, Ana?"
        if (
            2 <= len(run) <= 3
            and _cue_before(_SOFT_CUE, text, start, 8)
            and all(_plain_name_word(text[a:b]) for a, b in run)
        ):
            return start, end  # "a talk by Yuito Deguchi", "with Fortun Querry"
        if len(run) == 3 and _initialled(text, run, kinds):
            return start, end  # "Pomeroy S. Lemelin": no place has a middle initial
        if not listed or before in _PLACE_PREFIXES:
            return None  # "São Paulo", "San Francisco", "New York"
        if len(run) >= 2:
            if before in _STRONG_PLACE_WORDS and kinds[-1] not in ("family", "suffix"):
                return None
            return start, end  # "Carly Jones", "Tyson Lanoie", "Isabel C Fenton"
        if before in _PLACE_WORDS:
            return None
        word, kind = fold(text[start:end]), kinds[0]
        if len(word) < 3:
            return None
        if word in name_words().capitalized or word in name_words().common or word in _CITIES:
            return None  # "Paris", "May", "Will", "Rose": only with a title, a cue or a surname
        opens_sentence = _opens_sentence(text, start)
        if opens_sentence and fold(_next_word(text, end)) in _NOT_AFTER_A_NAME:
            return None  # "Can you", "Will the": a verb opening a question
        if kind == "given":
            return start, end
        if kind == "suffix" or _FOREIGN_LETTER.search(text[start:end]):
            return start, end  # "Isayev", "Vučković": not everyday English or French words
        if _SPEAKER_AFTER.match(text, end) and (start == 0 or text[start - 1] == "\n"):
            return start, end  # a speaker in a transcript: "Thieme: What a wife."
        return None if opens_sentence else (start, end)

    @staticmethod
    def _object_of_cue(text: str, run: list[tuple[int, int]], kinds: list[str | None]) -> bool:
        """Whether the run is the person a verb acts on (see `_WEAK_CUE` and `_GIVING_CUE`)."""
        start, end = run[0][0], run[-1][1]
        following = text[end : end + 1]
        if (
            len(run) == 1
            and following in _GAP
            and _THEIR_THING.match(text, end)
            and _cue_before(_GIVING_CUE, text, start, 24)
        ):
            word = text[start:end]
            return len(word) >= 3 and (kinds[0] is not None or _plain_name_word(word))
        if (
            following not in _GAP_OR_BANG
            or not _AFTER_PERSON_OBJECT.match(text, end)
            or not _cue_before(_WEAK_CUE, text, start, 24)
        ):
            return False
        if len(run) == 1:
            return kinds[0] is not None and len(text[start:end]) >= 3
        # Unlisted words given a role ("add Kuon Satou as guardian"), not "add Visual Studio Code to".
        return (
            len(run) <= 3 and _AS_ROLE.match(text, end) is not None and all(_plain_name_word(text[a:b]) for a, b in run)
        )

    @staticmethod
    def _of_organisation(text: str, run: list[tuple[int, int]]) -> bool:
        """Two or three name words after "including" and before "of" and a capital:
        "including Iines Waltari of Superbag"."""
        start, end = run[0][0], run[-1][1]
        return (
            2 <= len(run) <= 3
            and text[end : end + 1] in _GAP
            and _OF_ORGANISATION.match(text, end) is not None
            and _cue_before(_LISTING_CUE, text, start, 24)
            and all(_plain_name_word(text[a:b]) for a, b in run)
        )

    @staticmethod
    def _acting(text: str, run: list[tuple[int, int]], listed: bool) -> bool:
        """Whether the run is someone doing or owning something (see `_SPEECH_VERB`)."""
        start, end = run[0][0], run[-1][1]
        following = text[end : end + 1]
        # Every pattern below needs one of these after the run.
        if following not in _ACTING_FOLLOWERS:
            return False
        word = fold(text[start:end])
        if len(run) == 1 and (len(word) < 3 or word in _CITIES):
            return False
        if following in _GAP:
            if listed and _JOINS_US.match(text, end):
                return True
            opens_sentence = _opens_sentence(text, start)
            if _SPEECH_VERB.match(text, end) and (listed or opens_sentence):
                return True  # not "the support Airbus replied": a company speaks too
            if listed and opens_sentence and _PERSON_VERB.match(text, end):
                return word not in name_words().capitalized
            return False
        if following in _APOSTROPHES:
            return _POSSESSION.match(text, end) is not None
        # Addressed at the end of a sentence: "Remember me, Christian?"
        return listed and text[max(0, start - 2) : start] == ", "


def _initialled(text: str, run: list[tuple[int, int]], kinds: list[str | None]) -> bool:
    """A given name, a middle initial and a capitalised word ("Marta A Palermo"): the given
    name listed, or any when a person's verb follows ("Ksaver M Rolc will be talking"), the
    last word is listed or foreign-lettered, or neither word is in a dictionary."""
    if len(run) != 3 or not _INITIAL.fullmatch(text[run[1][0] : run[1][1]]):
        return False
    first, last = text[run[0][0] : run[0][1]], text[run[2][0] : run[2][1]]
    if kinds[0] != "given":
        if not (_plain_name_word(first) and _plain_name_word(last)):
            return False
        end = run[2][1]
        if _PERSON_VERB.match(text, end) or _SPEECH_VERB.match(text, end):
            return True
        # No verb: a listed or foreign-lettered last word, or two words of no dictionary around
        # the initial ("Gyala Z Antall", "Daavid E Haanpää"); never everyday words around a
        # letter ("Series A Funding", "Plan B Capital").
        if kinds[2] is not None or _FOREIGN_LETTER.search(first + last) is not None:
            return True
        return not _everyday_word(first) and not _everyday_word(last)
    return fold(first) not in _CITIES and fold(first) not in name_words().capitalized and _plain_name_word(last)


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


def _list_members(
    text: str, runs: list[list[tuple[int, int]]], spans: list[tuple[int, int] | None]
) -> list[tuple[int, int]]:
    """The unjudged members of lists of people: in a list of three or more single- or two-word
    runs where at least two are listed given names and none is a city, every member is a name."""
    if len(runs) < 3:
        return []
    given = name_lists()[0]
    out: list[tuple[int, int]] = []
    group: list[int] = []

    def close() -> None:
        if len(group) < 3:
            return
        members = [runs[i] for i in group]
        words = [fold(text[r[0][0] : r[0][1]]) for r in members]
        if any(w in _CITIES for w in words) or sum(w in given for w in words) < max(2, len(group) // 2):
            return
        out.extend((runs[i][0][0], runs[i][-1][1]) for i in group if spans[i] is None)

    for index, run in enumerate(runs):
        if len(run) > 2:
            close()
            group = []
            continue
        if group and _in_one_list(text, runs[group[-1]][-1][1], run[0][0]):
            group.append(index)
        else:
            close()
            group = [index]
    close()
    return out


def _in_one_list(text: str, end: int, start: int) -> bool:
    """Whether `_LIST_GAP` is all between `end` and `start` ("Barbara, Melanie"): it starts
    with a space, a tab or a comma and ends with a space or a tab."""
    return (
        text[end : end + 1] in _GAP_OR_COMMA
        and text[start - 1 : start] in _GAP
        and _LIST_GAP.fullmatch(text, end, start) is not None
    )


@lru_cache(maxsize=65536)
def _kind(word: str) -> str | None:
    """ "given", "family" or "suffix" (a family-name ending, "-ović", "-sson"), else None."""
    given, family = name_lists()
    if _CONTRACTION.search(word):
        return None  # "Don't", "Peux-tu", "Est-ce"
    parts = [fold(p) for p in _NAME_PART_SPLIT.split(word) if len(p) >= 2]
    if any(p in given for p in parts):
        return "given"
    if (len(word) >= 6 and _SURNAME_ENDING.search(fold(word))) or _SURNAME_START.search(word):
        return "suffix"
    if any(p in family for p in parts):
        return "family"
    return None


def _headlines(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """Stretches written in Title Case ("5 Musicians Of The 70s You're Supposed To Hate"):
    their capitals say nothing about names. A stretch ends at a line break or a colon; one
    with a longer word in lower case ("Silvestar Cvitić lives at ...") is a sentence.
    Only the stretches holding one of `starts` (where runs begin, in order) matter."""
    given, family = name_lists()
    out: list[tuple[int, int]] = []
    segment_end = -1
    for start in starts:
        if start < segment_end:
            continue  # in the stretch looked at already
        # The stretch of `_SEGMENT` (`[^\n:]+`) holding `start`, never a line break or a colon.
        segment_start = max(text.rfind("\n", 0, start), text.rfind(":", 0, start)) + 1
        segment_end = min(_find_or_end(text, "\n", start), _find_or_end(text, ":", start))
        segment = text[segment_start:segment_end]
        if segment.count(" ") < 5 or _LOWER_WORD.search(segment):
            continue  # fewer than six words, or one of six letters or more in lower case
        words = [w for w in _LINE_WORD.findall(segment) if len(w) > 3]
        if len(words) < 6 or any(w[0].islower() and w not in _TITLE_CASE_LOWER for w in words):
            continue
        capitals = [fold(w) for w in words if w[0].isupper()]
        not_names = [w for w in capitals if w not in given and w not in family]
        # A list of names ("Astrid, Christina, Kimberly and Jeffrey") is no headline.
        if len(capitals) >= 0.8 * len(words) and len(not_names) >= 0.5 * len(words):
            out.append((segment_start, segment_end))
    return out


def _find_or_end(text: str, char: str, start: int) -> int:
    found = text.find(char, start)
    return len(text) if found < 0 else found


def _line_start(text: str, start: int) -> int:
    """Where the line holding `start` begins, past spaces, quotes and bullets."""
    line = text.rfind("\n", 0, start) + 1
    while line < start and text[line] in " \t\"'«“(-–—*•>":
        line += 1
    return line


def _speakers(text: str) -> list[tuple[int, int]]:
    """Speaker labels of a transcript ("Adrian: ...\nSamantha: ..."): two or more labelled
    lines of which one at least is a listed given name make every label a name."""
    if text.count(":") < 2:
        return []  # each label has its colon
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


def _name_runs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of capitalised words (with initials and inner particles), as word offsets.

    `_WORD` finds only capitalised words, initials and particles: any other word between two
    of them leaves a gap that is not one or two spaces, which ends the run as well.
    """
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int, bool]] = []  # (start, end, is a particle)
    previous_end = -1
    for match in (_ASCII_WORD if text.isascii() else _WORD).finditer(text):
        a, b = match.span()
        cut, joined_role, alone_role = _word_roles(match.group())
        b -= cut
        joinable = bool(current) and 0 < a - previous_end <= 2 and text[previous_end:a].strip(" \t") == ""
        role = joined_role if joinable else alone_role
        if role == _DEPENDS:
            word = match.group()[: len(match.group()) - cut]
            role = _role(word, joinable, _ADJECTIVE_AFTER.match(text, b) is None)
        if role == _PART:
            current.append((a, b, True))
        elif role == _NAME:
            if not joinable and current:
                _close(runs, current, text)
                current = []
            current.append((a, b, False))
        elif current:
            _close(runs, current, text)
            current = []
        previous_end = -1 if cut else b
        if cut and current:
            _close(runs, current, text)
            current = []
    if current:
        _close(runs, current, text)
    return runs


# What a word does to the run being built: joins it as a particle or an initial, joins it or
# starts one as a name word, or ends it; `_DEPENDS`: the words after it decide (`_ADJECTIVE_NAMES`).
_PART, _NAME, _BREAK, _DEPENDS = 0, 1, 2, 3


@lru_cache(maxsize=65536)
def _word_roles(found: str) -> tuple[int, int, int]:
    """For a word `_WORD` found: how many characters end a possessive ("Carly's" -> 2), its
    role when it can join the run being built, and when it cannot. Words repeat: decided once."""
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


def _close(runs: list[list[tuple[int, int]]], run: list[tuple[int, int, bool]], text: str) -> None:
    # Particles and initials may join names but not end them ("Isabel de" -> "Isabel"),
    # except a Dutch or German particle put last ("Marlis Dussen van").
    while run and run[-1][2] and not (text[run[-1][0] : run[-1][1]] in _LAST_PARTICLES and len(run) >= 3):
        run = run[:-1]
    if run and len(run) <= 4:
        runs.append([(a, b) for a, b, _ in run])


def acts_after(text: str, end: int) -> bool:
    """Whether the word ending at `end` is followed by a speech verb, a possessed personal
    thing or a speaker's colon ("Takumi shouted", "Irenka's address", "Fernán: What")."""
    return bool(_SPEECH_VERB.match(text, end) or _POSSESSION.match(text, end) or _SPEAKER_AFTER.match(text, end))
