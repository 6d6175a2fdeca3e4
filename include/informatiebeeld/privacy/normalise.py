"""Normalise before you look: one way to read the characters of a delivered value.

People and systems type the same identifier with fullwidth digits (``１２３``), digits of other
scripts (``١٢٣``, ``१२३``), en and em dashes, non-breaking or thin spaces, zero-width characters and
soft hyphens. ``normalise_text`` folds all of them to one form: Unicode NFKC, every decimal digit
to its ASCII digit, every dash to ``-``, every space to `` ``, invisible format characters removed.
It is applied, identically for every identifier kind, before validation (the ingest parses the
folded value), pseudonymisation (``pseudonyms.normalise_for_pseudonym``) and detection
(``detect.find_identifiers``), so that one identifier has one pseudonym and one verdict however it
was typed.

``fold_with_offsets`` does the same character by character and remembers where each folded
character came from, so that the detector can report spans in the text as it was delivered.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Dash punctuation (Pd) and the minus signs that are not in Pd.
_MINUS = frozenset("\u2212\u2796\ufe63\uff0d\u02d7\u2043")
# Characters dropped: format characters (zero-width space/joiners, soft hyphen, BOM, direction marks).
_DROP_CATEGORIES = frozenset(["Cf"])


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isascii():
        return char
    category = unicodedata.category(char)
    if category in _DROP_CATEGORIES:
        return ""
    if char.isdecimal():
        return str(unicodedata.decimal(char))
    if category == "Pd" or char in _MINUS:
        return "-"
    if category == "Zs" or char in "\u2028\u2029\x85":
        return " "
    folded = unicodedata.normalize("NFKC", char)
    # NFKC may produce characters that fold further (fullwidth digits become ASCII here already;
    # a compatibility form may decompose into several characters, each folded in turn).
    return "".join(c if c.isascii() else _fold_simple(c) for c in folded)


def _fold_simple(char: str) -> str:
    if char.isdecimal():
        return str(unicodedata.decimal(char))
    if unicodedata.category(char) == "Pd" or char in _MINUS:
        return "-"
    if unicodedata.category(char) == "Zs":
        return " "
    return char


def fold_char(char: str) -> str:
    """One character as folding writes it (possibly empty, possibly several characters)."""
    return _fold_char(char)


def normalise_text(text: str) -> str:
    """``text`` folded: NFKC, all decimal digits ASCII, dashes ``-``, spaces `` ``, no format characters.
    The ingest calls this on every delivered string before it parses or validates it."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", "".join(_fold_char(c) for c in text))


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``text`` folded as ``normalise_text`` does (without the final NFC recomposition), with, for
    every folded character, the index of the character of ``text`` it came from, plus a final entry
    ``len(text)``: folded span ``[a, b)`` is ``text[offsets[a]:offsets[b]]``."""
    if text.isascii():
        return text, list(range(len(text) + 1))
    parts: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        parts.append(folded)
        offsets.extend([index] * len(folded))
    offsets.append(len(text))
    return "".join(parts), offsets
