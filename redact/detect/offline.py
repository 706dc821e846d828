"""Make Presidio's dependencies work with no network.

Presidio's email recognizer calls `tldextract`, whose default extractor tries to download
the public suffix list on first use (and prints a traceback when it cannot). We point it at
the snapshot bundled in the tldextract wheel instead, before anything imports it.
"""

from __future__ import annotations

import os

_done = False


def ensure_offline() -> None:
    """Idempotent: configure offline-only behaviour for the libraries we load."""
    global _done
    if _done:
        return
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    for var in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
        os.environ.setdefault(var, "1")
    # transformers (pulled in by optional extras) warns at import that PyTorch is absent.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import tldextract
    import tldextract.tldextract as tld_module

    # Even if tldextract was imported before us, replace its module-level extractor with one
    # that never fetches and never writes a cache: the bundled snapshot is authoritative.
    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
    tld_module.TLD_EXTRACTOR = offline
    tldextract.extract = offline  # type: ignore[assignment]
    _done = True
