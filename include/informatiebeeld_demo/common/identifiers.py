"""Synthetic identifiers that look real, in the spellings partners use.

BSNs pass the 11-proef, IBANs carry a valid checksum, postcodes are well formed, KvK and
vestigingsnummers come from a permutation so they never collide. The ``format_*`` and ``*_spelling``
functions vary the spelling (dots, spaces, case) the way partner systems do, so that pseudonymisation
and scrubbing see every variant.
"""

from __future__ import annotations

import math
import random
import unicodedata

HUISNUMMER_TOEVOEGINGEN = ("", "", "", "", "", "A", "B", "-1", "-2", " hs", " bis", "-H")
KENTEKEN_LETTERS = "BDFGHJKLNPRSTVXZ"
KENTEKEN_PATTERNS = ("99-XXX-9", "XX-999-X", "9-XXX-99", "XX-99-XX", "99-XX-XX", "XXX-99-X")
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"


class Permutation:
    """A bijection of 0..size-1 onto low..low+size-1, so that generated numbers never collide."""

    def __init__(self, rng: random.Random, low: int, high: int) -> None:
        self.low = low
        self.size = high - low
        multiplier = rng.randrange(2, self.size)
        while math.gcd(multiplier, self.size) != 1:
            multiplier += 1
        self.multiplier = multiplier
        self.offset = rng.randrange(self.size)

    def __call__(self, index: int) -> int:
        return self.low + (self.multiplier * index + self.offset) % self.size


def complete_bsn(prefix7: int, rng: random.Random) -> str:
    """Complete a 7-digit prefix to a 9-digit BSN that passes the 11-proef."""
    digits = [int(d) for d in f"{prefix7:07d}"]
    partial = sum(d * w for d, w in zip(digits, range(9, 2, -1), strict=True))
    eighth = rng.choice([d for d in range(10) if (partial + 2 * d) % 11 != 10])
    check = (partial + 2 * eighth) % 11
    return f"{prefix7:07d}{eighth}{check}"


def nl_iban(bank: str, account: str) -> str:
    numeric = "".join(str(int(ch, 36)) for ch in f"{bank}{account}NL00")
    return f"NL{98 - int(numeric) % 97:02d}{bank}{account}"


def format_bsn(bsn: str, rng: random.Random) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}"
    if style == 1:
        return f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}"
    if style == 2:
        return f"{bsn[:3]}.{bsn[3:6]}.{bsn[6:]}"
    return bsn


def format_iban(iban: str, rng: random.Random) -> str:
    if rng.random() < 0.7:
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban


def format_mobile(digits8: str, rng: random.Random) -> str:
    style = rng.randrange(5)
    if style == 0:
        return f"06-{digits8}"
    if style == 1:
        return f"06{digits8}"
    if style == 2:
        return f"+31 6 {digits8}"
    if style == 3:
        return f"06 {digits8[:2]} {digits8[2:4]} {digits8[4:6]} {digits8[6:]}"
    return f"+316{digits8}"


def random_landline(netnummer: str, rng: random.Random) -> str:
    subscriber = str(rng.randrange(2, 10)) + "".join(str(rng.randrange(10)) for _ in range(9 - len(netnummer)))
    return f"{netnummer}-{subscriber}"


def random_kenteken(rng: random.Random) -> str:
    pattern = rng.choice(KENTEKEN_PATTERNS)
    return "".join(
        rng.choice(KENTEKEN_LETTERS) if ch == "X" else str(rng.randrange(10)) if ch == "9" else ch for ch in pattern
    )


def ascii_fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def format_postcode(pc4: int, letters: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.8:
        return f"{pc4} {letters}"
    if roll < 0.92:
        return f"{pc4}{letters}"
    return f"{pc4}{letters.lower()}" if roll < 0.97 else f"{pc4} {letters.lower()}"


def random_postcode_letters(rng: random.Random) -> str:
    while True:
        letters = rng.choice(POSTCODE_LETTERS) + rng.choice(POSTCODE_LETTERS)
        if letters not in ("SA", "SD", "SS"):
            return letters


def random_huisnummer(rng: random.Random) -> str:
    number = max(1, int(rng.paretovariate(1.1) * 4) - 3)
    return f"{min(number, 480)}{rng.choice(HUISNUMMER_TOEVOEGINGEN)}"


def kenteken_spelling(kenteken: str | None, rng: random.Random) -> str | None:
    if kenteken is None:
        return None
    roll = rng.random()
    if roll < 0.8:
        return kenteken
    return kenteken.replace("-", "") if roll < 0.9 else kenteken.lower()
