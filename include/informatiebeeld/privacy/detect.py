"""The leak detector: finds Dutch personal identifiers in any text value.

It is the last line of defence behind the contracts' privacy rules: the publication gate runs it over
every text column of every schema beyond the landing step (see ``gate.scan_schemas`` and the GX
expectation ``ExpectColumnValuesToNotContainIdentifiers``), and ``privacy.scrub_text`` uses it to
scrub free text, so that what scrubbing leaves behind is by construction what the gate accepts.

Kinds and how a candidate becomes a finding:

- ``bsn``: 9 digits, typed ``123456782``, ``1234.56.782``, ``1234 56 782``, ``123.456.782`` or ``123 456 782``, that
  pass the 11-proef. Whole tokens only: digits inside a longer alphanumeric token (a 64-hex
  pseudonym, a case number such as ``PL0100-202400021``) or inside a longer number
  (``1.123.456.782``) are never a BSN.
- ``iban``: two letters, two check digits and the account, with or without spaces, any case, with a
  valid ISO 13616 checksum and country format.
- ``email``: ``local@domain.tld``.
- ``phone``: Dutch numbers: ``06-12345678``, ``0612345678``, ``06 12 34 56 78``, ``+31 6 1234 5678``,
  ``0031 6…``, ``+31 (0)6…``, landlines ``010-1234567`` / ``0591 123456``; after normalisation a
  national number of exactly 9 digits after the ``0`` (or ``+31``), not starting with 0.
- ``postcode_huisnummer``: a postcode with a house number, either order: ``1234 AB 12``,
  ``1234ab, 5``, ``12a, 1234 AB``. Lower-case letters that form a common Dutch word (``2023 en
  2024``) are not a postcode.
- ``kenteken``: Dutch licence plates in the sidecodes 1-14 written with dashes, any case.

Placeholders written by scrubbing (``[BSN]``, ``[TELEFOON]``…) hold no digits and are never
findings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

KINDS = ("bsn", "iban", "email", "phone", "postcode_huisnummer", "kenteken")


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int


# A token starts where no letter or digit precedes, and not right after "<digit>." or "<word>-"
# (the tail of an amount such as 1.123.456.782 or of a case number such as PL0100-202400021).
_START = r"(?<![^\W_])(?<!\d[.,/])(?<![^\W_]-)"
# ... and ends where no letter or digit follows, nor a separator followed by one.
_END = r"(?![^\W_])(?![.,/\-][^\W_])"

_BSN = re.compile(_START + r"(?:\d{9}|\d{4}([ .])\d{2}\1\d{3}|\d{3}([ .])\d{3}\2\d{3})" + _END)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
_IBAN_START = re.compile(r"(?<![^\W_])[A-Za-z]{2}\d{2}")
_IBAN_MAX_CHARS = 34
_SEP = r"[\s\-./()]{0,2}"
_PHONE = re.compile(
    r"(?<![\w+])(?<!\d[.,/])(?:(?:\+|00)31" + _SEP + r"(?:\(0\)" + _SEP + r")?|\(?0" + _SEP + r")"
    r"[1-9](?:" + _SEP + r"\d){8}" + _END
)
_DATE = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_POSTCODE = r"[1-9]\d{3}\s?(?P<lettersN>[A-Za-z]{2})"
_HUISNUMMER = r"\d{1,5}(?:\s?-?\s?(?:[A-Za-z]{1,3}|\d{1,3}))?(?![^\W_])"
_POSTCODE_HUISNUMMER = re.compile(
    _START
    + r"(?:"
    + _POSTCODE.replace("N", "1")
    + r"\s*,?\s*(?:nr\.?\s*)?"
    + _HUISNUMMER
    + r"|"
    + _HUISNUMMER
    + r"\s*,\s*"
    + _POSTCODE.replace("N", "2")
    + r")"
    + r"(?![^\W_])(?![.,/\-]\d)"
)
# Common two-letter Dutch words that follow a four-digit number ("2023 en 2024", "1500 op 12"):
# written in lower case they are read as words, not as postcode letters.
_WORDS = frozenset(
    [
        "al",
        "ca",
        "cm",
        "de",
        "en",
        "er",
        "ha",
        "in",
        "is",
        "je",
        "kg",
        "km",
        "me",
        "na",
        "nr",
        "nu",
        "of",
        "om",
        "op",
        "pa",
        "te",
        "tm",
        "uw",
        "ve",
        "vs",
        "we",
        "ze",
        "zo",
    ]
)
_SIDECODES = (
    "XX-99-99",
    "99-99-XX",
    "99-XX-99",
    "XX-99-XX",
    "XX-XX-99",
    "99-XX-XX",
    "99-XXX-9",
    "9-XXX-99",
    "XX-999-X",
    "X-999-XX",
    "XXX-99-X",
    "X-99-XXX",
    "9-XX-999",
    "999-XX-9",
)
_KENTEKEN = re.compile(
    r"(?<![^\W_])(?<![^\W_]-)(?:"
    + "|".join(code.replace("X", "[A-Za-z]").replace("9", r"\d") for code in _SIDECODES)
    + r")(?![^\W_])(?!-[^\W_])"
)


def _bsns(text: str) -> list[Finding]:
    return [
        Finding("bsn", m.start(), m.end())
        for m in _BSN.finditer(text)
        if stdnum_bsn.is_valid(re.sub(r"\D", "", m.group(0)))
    ]


def _ibans(text: str) -> list[Finding]:
    """IBANs: from each country-code start, the longest run of characters that checks out."""
    findings: list[Finding] = []
    for start in _IBAN_START.finditer(text):
        if findings and start.start() < findings[-1].end:
            continue
        ends: list[int] = []
        position, count = start.end(), 4
        while position < len(text) and count < _IBAN_MAX_CHARS:
            char = text[position]
            if char.isascii() and char.isalnum():
                count += 1
                position += 1
                ends.append(position)
            elif char == " " and position + 1 < len(text) and text[position + 1].isalnum():
                position += 1
            else:
                break
        for end in reversed(ends):
            if end < len(text) and text[end].isalnum():
                continue
            if stdnum_iban.is_valid(text[start.start() : end]):
                findings.append(Finding("iban", start.start(), end))
                break
    return findings


def _is_dutch_phone(candidate: str) -> bool:
    """The regex already demands 9 national digits; a date such as 01-02-2024 10 is not a number."""
    return not _DATE.search(candidate)


def _phones(text: str) -> list[Finding]:
    return [Finding("phone", m.start(), m.end()) for m in _PHONE.finditer(text) if _is_dutch_phone(m.group(0))]


def _postcodes(text: str) -> list[Finding]:
    findings = []
    for m in _POSTCODE_HUISNUMMER.finditer(text):
        letters = m.group("letters1") or m.group("letters2")
        if not letters.isupper() and letters.lower() in _WORDS:
            continue
        findings.append(Finding("postcode_huisnummer", m.start(), m.end()))
    return findings


_MONTHS = frozenset(["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"])


def _kentekens(text: str) -> list[Finding]:
    return [
        Finding("kenteken", m.start(), m.end())
        for m in _KENTEKEN.finditer(text)
        if not any(part.lower() in _MONTHS for part in m.group(0).split("-"))
    ]


def _simple(kind: str, pattern: re.Pattern[str], text: str) -> list[Finding]:
    return [Finding(kind, m.start(), m.end()) for m in pattern.finditer(text)]


def find_identifiers(text: str) -> list[Finding]:
    """Every identifier in ``text``, in order of position; overlapping findings keep the first kind
    found in the order e-mail, IBAN, BSN, phone, postcode + huisnummer, kenteken."""
    if not text or not any(ch.isdigit() or ch == "@" for ch in text):
        return []
    candidates = (
        _simple("email", _EMAIL, text)
        + _ibans(text)
        + _bsns(text)
        + _phones(text)
        + _postcodes(text)
        + _kentekens(text)
    )
    kept: list[Finding] = []
    for finding in candidates:
        if all(finding.end <= other.start or finding.start >= other.end for other in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def contains_identifier(text: str) -> bool:
    return bool(find_identifiers(text))


def identifier_kinds(text: str) -> list[str]:
    """The kinds found in ``text``, each once, in order of first appearance."""
    return list(dict.fromkeys(f.kind for f in find_identifiers(text)))


def _shape(token: str) -> str:
    return re.sub(r"[^\W\d_]", "X", re.sub(r"\d", "9", token))


def describe_findings(text: str) -> str:
    """What a report may show of an offending value: each finding's kind and shape (digits as 9,
    letters as X), never the value, e.g. ``bsn 9999.99.999; phone +99 9 99999999``."""
    return "; ".join(f"{f.kind} {_shape(text[f.start : f.end])}" for f in find_identifiers(text))


MAX_EXAMPLES = 3


def summarise_values(values: Iterable[object], max_examples: int = MAX_EXAMPLES) -> dict[str, Any]:
    """Run the detector over ``values``: how many were scanned and flagged, per kind, and examples
    described by kind and shape only."""
    scanned = flagged = 0
    kinds: Counter[str] = Counter()
    examples: list[str] = []
    for value in values:
        if value is None:
            continue
        text = str(value)
        scanned += 1
        found = identifier_kinds(text)
        if not found:
            continue
        flagged += 1
        kinds.update(found)
        if len(examples) < max_examples:
            examples.append(describe_findings(text))
    return {
        "values_scanned": scanned,
        "unexpected_count": flagged,
        "kinds": dict(sorted(kinds.items())),
        "examples": examples,
    }
