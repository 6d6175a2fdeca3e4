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


# Free-text patterns, most specific first. Candidates for BSN and IBAN are checked with their
# checksums so that ordinary numbers in text survive.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]?(?:6[\s-]?(?:\d[\s-]?){7}\d|\d{2}[\s-]?(?:\d[\s-]?){6}\d)\b")
_BSN = re.compile(r"(?<![\w.])(\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3}|\d{9})(?![\w])")
_ADDRESS = re.compile(
    r"\b[A-Z][a-z]+(?:[a-z]+)?(?:straat|weg|laan|plein|gracht|kade|dijk|singel|pad|hof)\s+\d+[a-zA-Z]?\b"
)
_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?[A-Za-z]{2}\b")
_KENTEKEN = re.compile(
    r"\b(?:[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}"
    r"|[A-Z]{2}-[A-Z]{2}-\d{2}|\d{2}-[A-Z]{2}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}"
    r"|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z]|\d-[A-Z]{2}-\d{3})\b",
    re.IGNORECASE,
)
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


def _replace_valid(pattern: re.Pattern[str], text: str, placeholder: str, is_valid) -> str:  # type: ignore[no-untyped-def]
    return pattern.sub(lambda m: placeholder if is_valid(m.group(0)) else m.group(0), text)


def scrub_text(text: str) -> str:
    """Replace identifiers in free text with typed placeholders."""
    text = _EMAIL.sub("[EMAIL]", text)
    text = _replace_valid(_IBAN, text, "[IBAN]", stdnum_iban.is_valid)
    text = _KVK.sub("[KVK]", text)
    text = _replace_valid(_BSN, text, "[BSN]", stdnum_bsn.is_valid)
    text = _PHONE.sub("[TELEFOON]", text)
    text = _NAME.sub(lambda m: m.group(0)[: m.start("name") - m.start(0)] + "[NAAM]", text)
    text = _ADDRESS.sub("[ADRES]", text)
    text = _POSTCODE.sub("[POSTCODE]", text)
    return _KENTEKEN.sub("[KENTEKEN]", text)


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
