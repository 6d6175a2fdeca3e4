"""Scrubbing free text: identifiers are replaced by typed placeholders such as ``[BSN]``; masking
values for reports."""

from __future__ import annotations

import re
from pathlib import Path

from informatiebeeld.privacy import detect
from informatiebeeld.privacy.normalise import normalise_text

# Identifiers in free text are found by the leak detector (detect.py), the same code that gates the
# warehouse, so that whatever scrubbing leaves behind passes the gate. Scrubbing adds one thing the
# detector does not count as an identifier: a postcode without a house number becomes [POSTCODE].
_PLACEHOLDERS = {
    "bsn": "[BSN]",
    "iban": "[IBAN]",
    "email": "[EMAIL]",
    "phone": "[TELEFOON]",
    "postcode_huisnummer": "[ADRES]",
    "adres": "[ADRES]",
    "kenteken": "[KENTEKEN]",
    "kvk": "[KVK]",
    "naam": "[NAAM]",
}


_POSTCODE = re.compile(r"(?<![^\W_])[1-9]\d{3}\s?(?P<letters>[A-Za-z]{2})(?![^\W_])")


def _replace_findings(text: str, finders: frozenset[str] | None) -> str:
    parts, position = [], 0
    for finding in detect.find_identifiers(text, finders):
        parts.append(text[position : finding.start])
        parts.append(_PLACEHOLDERS[finding.kind])
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def _postcode(match: re.Match[str]) -> str:
    glued = match.start("letters") == match.start() + 4
    return "[POSTCODE]" if detect.is_postcode_letters(match.group("letters"), glued) else match.group(0)


def scrub_text(text: str, finders: frozenset[str] | None = None) -> str:
    """Replace identifiers in free text with typed placeholders (``finders``: see
    ``detect.find_identifiers``)."""
    text = _replace_findings(text, finders)
    folded = normalise_text(text)
    return _POSTCODE.sub(_postcode, folded) if _POSTCODE.search(folded) else text


def describe_shape(value: object) -> str:
    """What a value looks like without any of its content: its length and the kinds of characters
    in it (``11 characters: digits, letters``). The only way a delivered value appears in a
    message, report, log line or XCom."""
    text = value if isinstance(value, str) else str(value)
    if not text:
        return "empty"
    kinds = []
    for kind, present in (
        ("digits", any(c.isdigit() for c in text)),
        ("letters", any(c.isalpha() for c in text)),
        ("spaces", any(c.isspace() for c in text)),
        ("punctuation", any(not (c.isalnum() or c.isspace()) and c.isprintable() for c in text)),
        ("control characters", any(not c.isprintable() and not c.isspace() for c in text)),
    ):
        if present:
            kinds.append(kind)
    unit = "character" if len(text) == 1 else "characters"
    return f"{len(text)} {unit}: {', '.join(kinds)}"


def mask(value: object) -> str:
    """A value as it may appear in a report: identifiers and free text are never shown whole."""
    text = str(value)
    if len(text) <= 2:
        return "*" * len(text)
    return text[:2] + "*" * min(len(text) - 2, 12)


MAX_NAME_CHARS = 160


def safe_name(name: str) -> str:
    """A delivered file or folder name as it may be shown and stored: bytes that are not UTF-8 and
    control characters escaped (``\\xff``), at most 160 characters."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    if len(text) > MAX_NAME_CHARS:  # the shortened form is itself short enough: applying it twice changes nothing
        text = f"{text[: MAX_NAME_CHARS - 30]}... ({len(text)} characters)"
    return text


def safe_path(path: Path) -> str:
    return str(Path(*(safe_name(part) for part in path.parts)))
