"""redact: consent-aware, streaming PII redaction of user-generated content for AI training.

Heavy dependencies (spaCy, Presidio, Ray, datasets) are imported only where used, so
`import redact` and the CLI start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from redact.errors import RedactError
from redact.policy import Policy

__version__ = "0.1.0"
__all__ = ["Policy", "RedactError", "__version__", "redact_dataset"]

if TYPE_CHECKING:
    from redact.hf import redact_dataset


def __getattr__(name: str) -> Any:
    if name == "redact_dataset":
        from redact.hf import redact_dataset

        return redact_dataset
    raise AttributeError(f"module 'redact' has no attribute {name!r}")
