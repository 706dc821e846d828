"""spaCy named-entity recognition with nothing but what NER needs.

A full `en_core_web_sm` pipeline runs a shared tok2vec, a tagger, a parser, an attribute
ruler and a lemmatizer before `ner`, whose own tok2vec does not listen to the shared one:
loading `ner` alone gives the same entities for well under half the time. Which
components NER depends on is read from the model's config, so a model whose `ner` does
listen to a shared tok2vec keeps it.

Texts are cut into pieces (`chunking`), run in batches through `nlp.pipe`, and inside a
`memory_zone`, so that the strings of a billion posts do not pile up in the vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from redact.detect.chunking import DEFAULT_MAX_CHARS, Piece, split_text
from redact.errors import PolicyError

Entity = tuple[str, int, int]
"""(spaCy label, start, end), offsets into the analyzed text."""


def ner_exclusions(config: Any) -> list[str]:
    """Components of a pipeline config that its `ner` component does not need."""
    pipeline = list(config["nlp"]["pipeline"])
    if "ner" not in pipeline:
        raise PolicyError("detection.models: the spaCy model has no 'ner' component")
    keep = {"ner"}
    tok2vec = config["components"]["ner"].get("model", {}).get("tok2vec", {})
    if "Listener" in str(tok2vec.get("@architectures", "")):
        upstream = tok2vec.get("upstream", "*")
        components = config["components"]
        keep |= {
            name
            for name in pipeline
            if (upstream == "*" and components[name].get("factory") in ("tok2vec", "transformer")) or name == upstream
        }
    return [name for name in pipeline if name not in keep]


def _model_config(model_name: str) -> Any:
    import spacy.util

    path = Path(model_name)
    if not path.exists():
        path = spacy.util.get_package_path(model_name)
    found = [path / "config.cfg"] if (path / "config.cfg").exists() else sorted(path.glob("*/config.cfg"))
    if not found:
        raise OSError(f"no config.cfg in {path}")
    return spacy.util.load_config(found[0], interpolate=False)


def load_ner_pipeline(model_name: str) -> Any:
    """The model loaded with every component that `ner` does not depend on excluded."""
    import spacy

    try:
        exclude = ner_exclusions(_model_config(model_name))
        return spacy.load(model_name, exclude=exclude)
    except (OSError, ImportError) as exc:
        first = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise PolicyError(f"detection.models: cannot load spaCy model {model_name!r} ({first})") from None


class NerModel:
    """One language's NER: `entities(texts)` gives each text's entities."""

    def __init__(self, model_name: str, batch_size: int = 64, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.model_name = model_name
        self.nlp = load_ner_pipeline(model_name)
        self.batch_size = batch_size
        self.max_chars = max_chars

    @property
    def pipe_names(self) -> list[str]:
        return list(self.nlp.pipe_names)

    def entities(
        self, texts: Sequence[str], windows: Sequence[Sequence[tuple[int, int]]] | None = None
    ) -> list[list[Entity]]:
        """Each text's entities; with `windows`, only those ranges of each text are read."""
        if windows is None:
            pieces = [(i, piece) for i, text in enumerate(texts) for piece in split_text(text, self.max_chars)]
        else:
            pieces = [
                (i, Piece(start + piece.offset, piece.text))
                for i, (text, ranges) in enumerate(zip(texts, windows, strict=True))
                for start, end in ranges
                for piece in split_text(text[start:end], self.max_chars)
            ]
        out: list[list[Entity]] = [[] for _ in texts]
        # Strings interned while processing are released when the zone closes; nothing
        # from the docs may escape it, hence plain tuples.
        with self.nlp.memory_zone():
            docs = self.nlp.pipe((piece.text for _, piece in pieces), batch_size=self.batch_size)
            for (i, piece), doc in zip(pieces, docs, strict=True):
                shift = piece.offset
                out[i].extend((ent.label_, shift + ent.start_char, shift + ent.end_char) for ent in doc.ents)
        return out
