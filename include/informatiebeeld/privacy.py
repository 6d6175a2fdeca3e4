"""Pseudonymisation, generalisation and scrubbing of identifiers: the one place that decides.

Every contract column that is an identifier names a privacy rule (see contracts.py). This module
applies it before a value can reach the database:

- ``pseudonymise``: keyed HMAC-SHA256 over ``<identifier kind>:<normalised value>`` with the
  region's secret key, full 64 hex characters. Same value and kind give the same pseudonym across
  partners of a region, which is what lets lawful linkage work; without the key it cannot be
  reversed or recomputed.
- ``year``: a birth date becomes its year. ``pc4``: a postcode becomes its four digits.
- ``scrub``: identifiers inside free text are replaced by typed placeholders such as ``[BSN]``.
- ``drop``: the column never leaves the reader.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from informatiebeeld import detect
from informatiebeeld.keys import PseudonymKey


def normalise_phone(value: str) -> str | None:
    """Dutch phone number as 10 digits starting with 0, or None when it is not one."""
    digits = re.sub(r"[^\d+]", "", value)
    if digits.startswith("+31"):
        digits = "0" + digits[3:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    if re.fullmatch(r"0\d{9}", digits):
        return digits
    return None


def normalise_for_pseudonym(kind: str, value: str) -> str:
    """Canonical form, so that the ways people type an identifier give one pseudonym."""
    text = value.strip()
    if kind == "bsn":
        return stdnum_bsn.compact(text)
    if kind == "iban":
        return stdnum_iban.compact(text)
    if kind == "phone":
        return normalise_phone(text) or re.sub(r"\D", "", text)
    if kind in ("kenteken", "address"):
        return re.sub(r"[\s\-.]", "", text).upper()
    if kind == "kvk":
        return re.sub(r"\D", "", text)
    return " ".join(text.lower().split())


def pseudonymise(key: PseudonymKey, kind: str, value: str) -> str:
    message = f"{kind}:{normalise_for_pseudonym(kind, value)}".encode()
    return hmac.new(key.secret, message, hashlib.sha256).hexdigest()


# Identifiers in free text are found by the leak detector (detect.py), the same code that gates the
# warehouse, so that whatever scrubbing leaves behind passes the gate. Scrubbing adds what only a
# cue can reveal: street + number, KvK numbers, names, and postcodes without a house number.
_PLACEHOLDERS = {
    "bsn": "[BSN]",
    "iban": "[IBAN]",
    "email": "[EMAIL]",
    "phone": "[TELEFOON]",
    "postcode_huisnummer": "[ADRES]",
    "kenteken": "[KENTEKEN]",
}
_ADDRESS = re.compile(
    r"\b[A-Z][a-z]+(?:[a-z]+)?(?:straat|weg|laan|plein|gracht|kade|dijk|singel|pad|hof)\s+\d+[a-zA-Z]?\b"
)
_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?[A-Za-z]{2}\b")
# A name is recognised by the word that introduces it (free text rarely names people otherwise).
_NAME_CUE = (
    r"(?:[Bb]etrokkenen?|[Vv]erdachten?|[Dd]hr\.?|[Mm]evr\.?|[Dd]e heer|[Mm]evrouw|[Ee]igenaar|[Bb]ewoner"
    r"|[Hh]uurder|[Mm]elder|[Gg]enaamd|[Oo]p naam van|[Ss]lachtoffer|[Gg]etuige)"
)
_NAME = re.compile(
    _NAME_CUE + r"(?P<sep>:?\s+)(?P<name>(?:(?:[A-Z]\.)+\s*)?(?:[A-Z][\w'-]+\s+)*"
    r"(?:(?:van|de|der|den|te|ter|ten|het|in|op|'t)\s+)*[A-Z][\w'-]+)"
)
_KVK = re.compile(r"\b(?:kvk|kvk-nummer|kvk nummer)[:\s#]*\d{8}\b", re.IGNORECASE)


def _replace_findings(text: str) -> str:
    parts, position = [], 0
    for finding in detect.find_identifiers(text):
        parts.append(text[position : finding.start])
        parts.append(_PLACEHOLDERS[finding.kind])
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def scrub_text(text: str) -> str:
    """Replace identifiers in free text with typed placeholders."""
    text = _ADDRESS.sub("[ADRES]", text)
    text = _KVK.sub("[KVK]", text)
    text = _replace_findings(text)
    text = _NAME.sub(lambda m: m.group(0)[: m.start("name") - m.start(0)] + "[NAAM]", text)
    return _POSTCODE.sub("[POSTCODE]", text)


def mask(value: object) -> str:
    """A value as it may appear in a report: identifiers and free text are never shown whole."""
    text = str(value)
    if len(text) <= 2:
        return "*" * len(text)
    return text[:2] + "*" * min(len(text) - 2, 12)


_RULE_TEXT = {
    "pseudonymise": "keyed pseudonym (`{loaded}`)",
    "drop": "dropped",
    "year": "year only (`{loaded}`)",
    "pc4": "PC4 only (`{loaded}`)",
    "scrub": "identifiers replaced by typed placeholders (`[BSN]`, `[IBAN]`, `[TELEFOON]`, `[EMAIL]`, ...)",
}


def rules_table() -> str:
    """The privacy rule of every identifier column of every contract, as a markdown table."""
    from informatiebeeld.contracts import load_contracts

    lines = ["| partner / extract | column | kind | rule |", "|---|---|---|---|"]
    for partner, contract in load_contracts().items():
        for extract in contract.extracts:
            for column in extract.columns:
                if column.identifier:
                    rule = _RULE_TEXT[column.privacy].format(loaded=column.loaded_name)
                    lines.append(f"| {partner} / {extract.name} | `{column.name}` | {column.identifier} | {rule} |")
            for derived in extract.derived_pseudonyms:
                sources = "` + `".join(derived.from_)
                condition = f", only when `{derived.only_without}` is empty" if derived.only_without else ""
                rule = f"keyed linkage pseudonym (`{derived.name}`){condition}"
                lines.append(f"| {partner} / {extract.name} | `{sources}` | {derived.identifier} | {rule} |")
    return "\n".join(lines)
