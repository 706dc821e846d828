"""URLs of a person's profile on social and professional networks."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern

from recognizers.base import ConstantsPatternRecognizer


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_START = r"(?<![\w.@/\-])"
_SCHEME = r"(?:https?://)?"
_SUBDOMAIN = r"(?:[a-z0-9\-]{1,24}\.)?"
# A path segment never ends with a dot, so "see linkedin.com/in/jdoe." stops before it.
_SEGMENT = r"[\w\-%~@+!]+(?:\.[\w\-%~@+!]+)*"
_PATH = rf"(?:/{_SEGMENT})+/?"
_QUERY = r"(?:\?[\w\-.~%&=+/:@!$*,;]*[\w\-~%&=+/@$*])?"
_FRAGMENT = r"(?:#[\w\-.~%&=+/]*[\w\-~%&=+/])?"
_TAIL = rf"{_PATH}{_QUERY}{_FRAGMENT}"

_SOCIAL_HOSTS = (
    r"twitter\.com|x\.com|github\.com|gitlab\.com|instagram\.com|facebook\.com|fb\.com"
    r"|tiktok\.com|youtube\.com|medium\.com|threads\.net|threads\.com|pinterest\.com"
    r"|behance\.net|dribbble\.com|reddit\.com|snapchat\.com|t\.me|vk\.com|xing\.com"
    r"|bsky\.app|about\.me|linktr\.ee|calendly\.com"
)

_URL_PARTS = re.compile(
    r"^(?:https?://)?(?P<host>[^/?#]+)(?P<path>[^?#]*)(?:\?(?P<query>[^#]*))?",
    re.IGNORECASE,
)
_TWITTER_HANDLE = re.compile(r"^@?[a-z0-9_]{1,15}$", re.IGNORECASE)

_LINKEDIN_PERSONAL = frozenset({"in", "pub", "profile", "posts"})
_TWITTER_RESERVED = _word_set(
    "home search explore i intent share hashtag settings login logout signup tos privacy"
    " notifications messages compose about download jobs en help account who_to_follow lists"
    " topics communities premium verified business ads developer developers status"
    " rules"
)
_GITHUB_RESERVED = _word_set(
    "about features pricing topics explore marketplace sponsors collections trending settings"
    " login logout join signup enterprise security site readme customer-stories team events"
    " contact apps search new notifications issues pulls codespaces orgs organizations"
    " nonprofit education resources solutions mobile copilot github git-guides open-source"
    " premium-support dashboard discussions stars watching users blog"
)
_INSTAGRAM_RESERVED = _word_set(
    "p reel reels explore accounts about direct tv developer legal web challenge directory emails help privacy terms"
)
_FACEBOOK_RESERVED = _word_set(
    "groups events watch marketplace share sharer sharer.php help policies policy.php business"
    " login login.php photo photo.php photos story.php permalink.php hashtag gaming ads privacy"
    " legal settings notes pages page plugins dialog l.php video.php videos reel reels stories"
    " search home.php fundraisers jobs careers about terms media friends messages"
    " notifications bookmarks saved memories live news weather"
)
_GENERIC_RESERVED = _word_set(
    "about help login signup privacy terms search explore settings home blog jobs careers legal p c"
)


class ProfileUrlRecognizer(ConstantsPatternRecognizer):
    """Recognizes profile URLs: `linkedin.com/in/<handle>`, `x.com/<handle>`,
    `github.com/<handle>`, `instagram.com/<handle>`, `facebook.com/<handle>`,
    `<host>/@<handle>` (Mastodon, Medium, YouTube, TikTok) and `<handle>.medium.com`.

    Scheme, `www.`, country subdomains, a trailing slash, query and fragment are optional.
    Pages that belong to no person (company pages, repositories, posts listings, help
    pages) are rejected by `invalidate_result`.
    """

    ENTITY = "PROFILE_URL"

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "LinkedIn member URL",
            rf"{_START}{_SCHEME}{_SUBDOMAIN}linkedin\.com{_TAIL}",
            0.9,
        ),
        Pattern(
            "Social network profile URL",
            rf"{_START}{_SCHEME}{_SUBDOMAIN}(?:{_SOCIAL_HOSTS}){_TAIL}",
            0.8,
        ),
        Pattern(
            "Fediverse-style /@handle URL",
            rf"{_START}{_SCHEME}(?:[a-z0-9\-]{{1,63}}\.){{1,4}}[a-z]{{2,24}}/@[\w.\-]*\w"
            rf"(?:{_TAIL}|{_QUERY})",
            0.7,
        ),
        Pattern(
            "Personal blog subdomain",
            rf"{_START}{_SCHEME}(?!www\.)[a-z0-9\-]{{2,63}}\.(?:medium\.com|substack\.com)"
            rf"(?:{_TAIL})?(?![\w.])",
            0.6,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "profile",
        "profil",
        "linkedin",
        "follow",
        "connect",
        "twitter",
        "github",
        "instagram",
        "facebook",
        "suivez",
        "suivre",
    ]

    def invalidate_result(self, pattern_text: str) -> bool:
        """Reject URLs of the known networks whose path is not a person's page."""
        return not is_personal_profile_url(pattern_text)


def is_personal_profile_url(url: str) -> bool:
    """Whether `url` (as matched by one of the patterns) points at a person's page."""
    parts = _URL_PARTS.match(url)
    if parts is None:
        return False
    host = parts.group("host").lower()
    segments = [segment for segment in parts.group("path").split("/") if segment]
    query = parts.group("query") or ""
    labels = host.split(".")
    domain = ".".join(labels[-2:])
    if domain in ("medium.com", "substack.com") and len(labels) == 3 and labels[0] != "www":
        return True
    if segments and segments[0].startswith("@"):
        return len(segments[0]) > 1
    return _is_personal_path(domain, labels[0] if len(labels) > 2 else "", segments, query)


def _is_personal_path(domain: str, subdomain: str, segments: list[str], query: str) -> bool:
    if not segments:
        return False
    first = segments[0].lower()
    rest = len(segments) - 1
    if domain == "linkedin.com":
        return first in _LINKEDIN_PERSONAL and rest >= 1
    if domain in ("twitter.com", "x.com"):
        return first not in _TWITTER_RESERVED and bool(_TWITTER_HANDLE.match(segments[0]))
    if domain in ("github.com", "gitlab.com"):
        # A repository (`owner/repo`) is a public project page, not a profile.
        if subdomain == "gist":
            return True
        return rest == 0 and first not in _GITHUB_RESERVED
    if domain == "instagram.com":
        return first not in _INSTAGRAM_RESERVED
    if domain in ("facebook.com", "fb.com"):
        if first == "profile.php":
            return "id=" in query
        if first == "people":
            return rest >= 1
        return first not in _FACEBOOK_RESERVED
    if domain == "youtube.com":
        return first in ("c", "user", "channel") and rest >= 1
    if domain == "bsky.app":
        return first == "profile" and rest >= 1
    if domain == "reddit.com":
        return first in ("user", "u") and rest >= 1
    if domain == "xing.com":
        return first == "profile" and rest >= 1
    if domain == "snapchat.com":
        return first == "add" and rest >= 1
    if domain in ("tiktok.com", "medium.com", "threads.net", "threads.com"):
        return False  # their profiles are the `/@handle` form handled above
    return first not in _GENERIC_RESERVED
