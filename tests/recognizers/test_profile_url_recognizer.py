from __future__ import annotations

import pytest

from recognizers import ProfileUrlRecognizer
from tests.recognizers.assertions import at, detect

E = "PROFILE_URL"


@pytest.fixture(scope="module", params=["en", "fr"])
def recognizer(request: pytest.FixtureRequest) -> ProfileUrlRecognizer:
    return ProfileUrlRecognizer(supported_language=request.param)


@pytest.mark.parametrize(
    "value",
    [
        "linkedin.com/in/jane-doe",
        "https://www.linkedin.com/in/jane-doe-4a5b6c/",
        "http://linkedin.com/in/janedoe",
        "www.linkedin.com/in/jane-doe",
        "fr.linkedin.com/in/hélène-dupont-durand",
        "https://www.linkedin.com/in/jane-doe/?originalSubdomain=fr",
        "LinkedIn.com/in/Jane-Doe",
        "linkedin.com/pub/jane-doe/12/345/678",
        "https://www.linkedin.com/posts/jane-doe_ai-activity-7100000000000000000-abcd",
        "twitter.com/jdoe",
        "https://x.com/jane_doe",
        "mobile.twitter.com/jdoe/status/123456",
        "github.com/jdoe",
        "https://github.com/jdoe?tab=repositories",
        "gist.github.com/jdoe/abc123",
        "instagram.com/jane.doe",
        "https://www.facebook.com/jane.doe.42",
        "facebook.com/profile.php?id=100012345678",
        "https://mastodon.social/@jdoe",
        "medium.com/@jdoe/my-first-post-123",
        "https://www.youtube.com/@janedoe",
        "tiktok.com/@jane.doe",
        "janedoe.medium.com",
        "reddit.com/user/jdoe",
        "bsky.app/profile/jdoe.bsky.social",
    ],
)
def test_profile_urls(recognizer: ProfileUrlRecognizer, value: str) -> None:
    text = f"Find me at {value} — say hi."
    assert detect(recognizer, text) == [at(text, value, E)]


@pytest.mark.parametrize(
    "value",
    [
        "linkedin.com/in/jdoe",
        "https://www.linkedin.com/in/jdoe/",
        "twitter.com/jdoe",
    ],
)
def test_sentence_punctuation_is_not_part_of_the_url(recognizer: ProfileUrlRecognizer, value: str) -> None:
    text = f"My profile ({value}). Or {value}, or {value}."
    assert detect(recognizer, text) == [
        at(text, value, E, 0),
        at(text, value, E, 1),
        at(text, value, E, 2),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "We are hiring: linkedin.com/company/acme",
        "https://www.linkedin.com/company/acme-corp/jobs/",
        "Read linkedin.com/pulse/why-ai-matters and linkedin.com/feed/",
        "https://www.linkedin.com/school/hec-paris/",
        "Blog: https://example.com/blog/post-1",
        "See github.com/microsoft/presidio for the code.",
        "github.com/features/actions and github.com/about",
        "x.com/home, twitter.com/search?q=ai, twitter.com/hashtag/ai",
        "facebook.com/groups/python, facebook.com/events/123",
        "instagram.com/p/Cx1abc, instagram.com/explore/tags/ai",
        "youtube.com/watch?v=dQw4w9WgXcQ",
        "Visit netflix.com/browse or box.com/pricing",
        "mail me: jdoe@linkedin.com",
    ],
)
def test_public_pages_are_not_profiles(recognizer: ProfileUrlRecognizer, text: str) -> None:
    assert detect(recognizer, text) == []
