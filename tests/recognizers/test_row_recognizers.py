"""What the two row recognizers (author profile, tagged members) share: the compact results
the detector reads, and name matchers built only for texts that may hold the name."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from recognizers import AuthorProfileRecognizer, MentionRecognizer
from recognizers.name_matching import name_finder
from recognizers.row_recognizer import RowRecognizer
from redact.detect.results import found_of
from redact.records import Profile

AUTHOR = Profile(
    name="Hélène Dupont", handle="@hdupont42", email="helene.dupont@example.com", phone="+33 6 12 34 56 78"
)
MENTIONS = Profile(mentions=("Jane Doe", "Marc Petit"))

# (recognizer, the profile it reads, how a name goes into a profile, a given name's stem):
# each recognizer gets names of its own, never seen by the other.
ROW_RECOGNIZERS = [
    pytest.param(AuthorProfileRecognizer(), AUTHOR, lambda name: Profile(name=name), "Zo", id="author"),
    pytest.param(MentionRecognizer(), MENTIONS, lambda name: Profile(mentions=(name,)), "Chlo", id="mention"),
]


@pytest.mark.parametrize(("recognizer", "profile", "profile_of", "stem"), ROW_RECOGNIZERS)
@pytest.mark.parametrize(
    "text",
    ["Hélène Dupont (@hdupont42, helene.dupont@example.com, 06 12 34 56 78) et Jane Doe, Marc Petit",
     "Merci Jane et Marc !", "Helene", "Le rapport annuel est prêt.", ""],
)  # fmt: skip
def test_find_row_gives_the_results_as_tuples(
    recognizer: RowRecognizer, profile: Profile, profile_of: Callable[[str], Profile], stem: str, text: str
) -> None:
    # The detector reads the tuples; `analyze_row` builds Presidio's objects from the same results.
    results = recognizer.analyze_row(text, profile)
    assert recognizer.find_row(text, profile) == found_of(results)
    assert all("Matched the row's" in r.analysis_explanation.textual_explanation for r in results)


# Each case names a person never seen before: the same name, spaced differently.
@pytest.mark.parametrize(("recognizer", "profile", "profile_of", "stem"), ROW_RECOGNIZERS)
@pytest.mark.parametrize(
    ("name", "text", "built", "found"),
    [
        ("{stem}ë Quartermain", "Nothing to see here", False, []),
        ("{stem}ë  Quartermain", "{stem}, Quartermai and Q.", False, []),  # near misses: no word of the name
        ("{stem}ë   Quartermain", "{stem}ey was there", True, []),  # inside a word: the finder says no
        (" {stem}ë Quartermain", "Thanks {stem}ë!", True, ["{stem}ë"]),
        ("{stem}ë Quartermain ", "QUARTERMAIN, {STEM}E", True, ["QUARTERMAIN, {STEM}E"]),
    ],
)
def test_the_name_finder_is_built_only_for_texts_that_may_hold_the_name(
    recognizer: RowRecognizer,
    profile: Profile,
    profile_of: Callable[[str], Profile],
    stem: str,
    name: str,
    text: str,
    built: bool,
    found: list[str],
) -> None:
    def fill(s: str) -> str:
        return s.format(stem=stem, STEM=stem.upper())

    name_finder.cache_clear()
    text = fill(text)
    results = recognizer.analyze_row(text, profile_of(fill(name)))
    assert [text[r.start : r.end] for r in results] == [fill(f) for f in found]
    assert (name_finder.cache_info().currsize == 1) is built
