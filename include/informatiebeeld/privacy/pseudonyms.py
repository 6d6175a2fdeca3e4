"""Pseudonymisation of identifiers: keyed HMAC-SHA256 over ``<identifier kind>:<normalised value>``.

The region's secret key, full 64 hex characters. Same value and kind give the same pseudonym
across partners of a region, which is what lets lawful linkage work; without the key it cannot be
reversed or recomputed.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from informatiebeeld.privacy.keys import PseudonymKey


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
