"""Pseudonymisation of identifiers: keyed HMAC-SHA256 over ``<identifier kind>:<normalised value>``.

The region's secret key, full 64 hex characters. Same value and kind give the same pseudonym
across partners of a region, which is what lets lawful linkage work; without the key it cannot be
reversed or recomputed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from informatiebeeld.privacy.keys import PseudonymKey
from informatiebeeld.privacy.normalise import normalise_text


def normalise_phone(value: str) -> str | None:
    """Dutch phone number as 10 digits starting with 0, or None when it is not one. Accepts every
    typed form: ``06-12345678``, ``06 – 12 34 56 78``, ``+31 6 …``, ``+31 (0)6 …``, ``0031 …``,
    fullwidth or other-script digits."""
    text = normalise_text(value).strip()
    text = re.sub(r"^(\+|00)\s*31\s*\(\s*0\s*\)", "0", text)  # +31 (0)6 ...
    digits = re.sub(r"[^\d+]", "", text)
    if digits.startswith("+31"):
        digits = "0" + digits[3:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    if re.fullmatch(r"0[1-9]\d{8}", digits):
        return digits
    return None


# Letters that Unicode does not decompose into a base letter and a combining mark.
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})
# Tussenvoegsels: "Van den Berg", "Berg, van den" and "Berg" are the same family name.
TUSSENVOEGSELS = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "te",
        "ter",
        "ten",
        "het",
        "t",
        "in",
        "op",
        "aan",
        "bij",
        "onder",
        "uit",
        "over",
        "voor",
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "el",
        "al",
        "la",
        "le",
        "du",
        "da",
        "dos",
        "das",
        "di",
        "del",
        "della",
    ]
)


def _name_part(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = re.sub(r"[^a-z0-9]+", " ", text.replace("'", "").replace("\u2019", "")).split()
    return " ".join(w for w in words if w not in TUSSENVOEGSELS)


def normalise_name(value: str) -> str:
    """A name (or name parts and a birth date joined by ``|``) in one form: NFKC, lower case, no
    diacritics (``Çelikkaya`` = ``celikkaya``), punctuation and hyphens as spaces, spacing collapsed,
    tussenvoegsels removed wherever they stand (``van der Berg`` = ``Berg, van der`` = ``Berg``).
    Dates are kept as they are."""
    return "|".join(_name_part(part) for part in normalise_text(value).split("|"))


def normalise_for_pseudonym(kind: str, value: str) -> str:
    """Canonical form, so that the ways people type an identifier give one pseudonym. Every kind is
    first folded by ``normalise.normalise_text`` (NFKC, digits of every script to ASCII, dashes and
    spaces to one form, zero-width characters removed)."""
    text = normalise_text(value).strip()
    if kind == "bsn":
        return stdnum_bsn.compact(text)
    if kind == "iban":
        return stdnum_iban.compact(text).upper()
    if kind == "phone":
        return normalise_phone(text) or re.sub(r"\D", "", text)
    if kind in ("kenteken", "address"):
        return re.sub(r"[\s\-.]", "", text).upper()
    if kind == "kvk":
        return re.sub(r"\D", "", text)
    if kind == "email":
        return text.lower().replace(" ", "")
    if kind == "name":
        return normalise_name(text)
    return " ".join(text.lower().split())


def pseudonymise(key: PseudonymKey, kind: str, value: str) -> str:
    message = f"{kind}:{normalise_for_pseudonym(kind, value)}".encode()
    return hmac.new(key.secret, message, hashlib.sha256).hexdigest()
