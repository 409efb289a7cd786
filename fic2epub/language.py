"""Language detection: the story's language as a BCP 47 tag, from its text (py3langid, lazily).

Basic version: py3langid's best guess above a confidence floor, else English with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Below this probability the guess is not trusted and "en" is used with a warning.
CONFIDENCE_FLOOR = 0.8


@dataclass
class Detected:
    tag: str
    confidence: float
    sure: bool


def detect_language(text: str) -> Detected:
    """Guess the language of ``text`` (plain story text)."""
    sample = text[:20000]
    if not sample.strip():
        return Detected("en", 0.0, False)
    tag, prob = _identifier().classify(sample)
    if prob < CONFIDENCE_FLOOR:
        return Detected("en", float(prob), False)
    return Detected(tag, float(prob), True)


_IDENTIFIER = None


def _identifier():
    """py3langid's identifier with normalised probabilities, loaded once."""
    global _IDENTIFIER
    if _IDENTIFIER is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _IDENTIFIER
