"""`@handle` mentions in free text (not emails, times, decorators or CSS at-rules)."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern

from recognizers.base import FilteredPatternRecognizer


# The handle is atomic: if what follows is "(" or "/", a shorter handle is not tried.
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_HANDLE = (
    r"(?<![\w@.+\-/`\\])@(?>\w(?:[\w.\-]*\w)?)"
    r"(?:@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+)?(?![\w@/(`])"
)
_TIME_OR_UNIT = re.compile(r"^\d+(?:[.:h]\d*)?(?:am|pm|h|k|x|m|min|mn|s|th|st|nd|rd|px|em|rem|ms)?$", re.IGNORECASE)
# Code annotations, CSS at-rules and group pings that look like handles but name no one.
_NOT_PEOPLE = _word_set(
    "property staticmethod classmethod dataclass abstractmethod override Override Test Before"
    " After BeforeEach AfterEach BeforeAll AfterAll Autowired Component Service Repository"
    " Controller RestController Bean Configuration Entity Table Id Column Transactional"
    " Deprecated deprecated SuppressWarnings FunctionalInterface Inject Injectable Input"
    " Output NgModule Directive Pipe HostListener ViewChild param returns return throws type"
    " typedef see since version media import keyframes font-face supports charset apply"
    " tailwind layer mixin include extend forward use wraps lru_cache cache cached_property"
    " contextmanager pytest fixture validator field_validator model_validator root_validator"
    " total_ordering singledispatch jit njit tf torch app router api everyone here channel"
    " all GetMapping PostMapping PutMapping DeleteMapping RequestMapping PathVariable"
    " RequestBody SpringBootApplication Value Data Getter Setter Builder Slf4j"
    " NoArgsConstructor AllArgsConstructor RequiredArgsConstructor"
)
_CODE_LINE_START = re.compile(r"^\s*(?:async\s+def|def|class|public|private|protected|static|function|export|fun)\b")


class HandleMentionRecognizer(FilteredPatternRecognizer):
    """Recognizes `@handle` mentions, including `@user@instance.social` fediverse handles.

    Emails (`a@b.com`), `@ 5pm`, `@5pm`, `@2x`, npm scopes (`@angular/core`), decorators
    (`@dataclass(...)`, or a line `@cache` followed by `def ...`) and CSS at-rules are not
    handles.
    """

    ENTITY = "HANDLE"

    PATTERNS: ClassVar[list[Pattern]] = [Pattern("@handle mention", _HANDLE, 0.75)]

    CONTEXT: ClassVar[list[str]] = ["follow", "thanks", "cc", "merci", "suivez", "shoutout", "mention"]

    def keeps_match(self, text: str, start: int, end: int) -> bool:
        """Not a decorator, recognized from the surrounding lines."""
        return not _is_decorator_line(text, start, end)

    def invalidate_result(self, pattern_text: str) -> bool:
        """Reject times, units, numbers and well-known code annotations."""
        handle = pattern_text[1:]
        head = handle.split("@", 1)[0]
        if len(head) > 60 or not any(ch.isalpha() for ch in head):
            return True
        if _TIME_OR_UNIT.match(head):
            return True
        return head.split(".", 1)[0] in _NOT_PEOPLE


def _is_decorator_line(text: str, start: int, end: int, max_stacked: int = 5) -> bool:
    """`@name` alone on its line, then (past other such lines) a definition line."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    line_end = text.find("\n", end)
    if line_end == -1 or text[end:line_end].strip():
        return False
    for _ in range(max_stacked):
        next_end = text.find("\n", line_end + 1)
        next_line = text[line_end + 1 : next_end if next_end != -1 else len(text)]
        if _CODE_LINE_START.match(next_line):
            return True
        if not next_line.lstrip().startswith("@") or next_end == -1:
            return False
        line_end = next_end
    return False
