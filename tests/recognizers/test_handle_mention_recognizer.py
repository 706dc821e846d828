from __future__ import annotations

import pytest

from recognizers import HandleMentionRecognizer
from tests.recognizers.assertions import at, detect

E = "HANDLE"


@pytest.fixture(scope="module", params=["en", "fr"])
def recognizer(request: pytest.FixtureRequest) -> HandleMentionRecognizer:
    return HandleMentionRecognizer(supported_language=request.param)


@pytest.mark.parametrize(
    ("text", "handles"),
    [
        ("Thanks @jdoe for the tips!", ["@jdoe"]),
        ("cc @jane.doe and @john_smith.", ["@jane.doe", "@john_smith"]),
        ("Big shoutout to @Hélène_D 🎉", ["@Hélène_D"]),
        ("(@jdoe) said it first", ["@jdoe"]),
        ("Follow @user@mastodon.social", ["@user@mastodon.social"]),
        ("@jane-doe's talk was great", ["@jane-doe"]),
        ("Merci @MarieCurie42 !", ["@MarieCurie42"]),
        ("@jdoe\n@jsmith", ["@jdoe", "@jsmith"]),
    ],
)
def test_mentions(recognizer: HandleMentionRecognizer, text: str, handles: list[str]) -> None:
    assert detect(recognizer, text) == [at(text, handle, E) for handle in handles]


@pytest.mark.parametrize(
    "text",
    [
        "Write to jane.doe@example.com",
        "See you @ 5pm",
        "See you @5pm, or @10am, @3h30",
        "Use the @2x assets",
        "npm i @angular/core @types/node",
        "Python's @dataclass(frozen=True) and @property are neat",
        "@cache\ndef fib(n):\n    return n",
        "@my_decorator\n@retry_twice\nasync def fetch(): ...",
        "    @app.route('/')\n    def index(): ...",
        "CSS @media screen and @keyframes spin",
        "Ping @everyone and @here",
        "Price @ 20 EUR, ratio 3@4",
        "Email: contact@acme.fr",
    ],
)
def test_not_handles(recognizer: HandleMentionRecognizer, text: str) -> None:
    assert detect(recognizer, text) == []


@pytest.mark.parametrize(
    ("text", "handle", "kept"),
    [
        ("cc @jdoe", "@jdoe", True),
        ("@jdoe\n@jsmith", "@jdoe", True),
        ("@cache\ndef fib(n):", "@cache", False),
        ("  @retry\n  @cache\n  async def f():", "@retry", False),
        ("@retry\nsee you", "@retry", True),  # near miss: no definition follows
        ("@retry", "@retry", True),  # near miss: no next line
        ("x @cache\ndef fib(n):", "@cache", True),  # near miss: not alone on its line
    ],
)
def test_keeps_match_rejects_decorator_lines(
    recognizer: HandleMentionRecognizer, text: str, handle: str, kept: bool
) -> None:
    start = text.index(handle)
    assert recognizer.keeps_match(text, start, start + len(handle)) is kept
