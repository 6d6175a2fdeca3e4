"""The leak detector: finds Dutch personal identifiers in any text value.

It is the last line of defence behind the contracts' privacy rules: the publication gate runs it over
every text column of every schema of a region (see ``gate.scan_schemas`` and the GX expectation
``ExpectColumnValuesToNotContainIdentifiers``), and ``privacy.scrub_text`` uses it to scrub free
text, so that what scrubbing leaves behind is by construction what the gate accepts.

Text is first folded by ``normalise.fold_with_offsets`` (NFKC, digits of every script to ASCII,
dash and space variants to ``-`` and `` ``, zero-width characters removed); findings are reported
as spans of the text as given. Detection goes by shape, not by a list of spellings:

- ``bsn``: 9 digits, whole token, passing the 11-proef, typed without separators or grouped 3-3-3,
  4-2-3, 3-2-4 or 2-3-4 with one kind of separator (space, dot or dash). After a cue (``BSN``,
  ``bsn:``, ``BSN-nr.``, ``burgerservicenummer``, also glued: ``BSN123456782``) any 8 or 9 digits
  count, whatever their separators. Digits inside a longer token (a 64-hex pseudonym, a case number
  such as ``PL0100-202400021``) or a longer number (``1.123.456.782``) or an amount (``€ 123.456.782``,
  ``123.456.782,-``) are never a BSN.
- ``iban``: two letters, two check digits and the account, with or without spaces, dashes or dots
  between groups, any case, valid ISO 13616 checksum and country format.
- ``email``: ``local@domain.tld`` and its obfuscations: spaces around ``@``, ``[at]``, ``(at)``,
  ``{at}``, ``apenstaartje``, ``[dot]``, ``(punt)``, `` dot ``, `` punt ``.
- ``phone``: Dutch numbers, national (``06-12345678``, ``06 12 34 56 78``, ``06.12.34.56.78``,
  ``010-1234567``, ``(050) 123 45 67``) and international (``+31 6 …``, ``+31 (0)6 …``, ``0031…``):
  9 national digits after the ``0`` or ``+31``; foreign numbers written with ``+`` and a country code.
- ``postcode_huisnummer``: a postcode with a house number, either order: ``1234 AB 12``,
  ``1234ab, 5``, ``12a, 1234 AB``. Lower-case letters that form a common Dutch word (``2333 en``)
  are not a postcode.
- ``adres``: a street name (``…straat``, ``…weg``, ``…laan``, ``…plein``…) with a house number.
- ``kenteken``: Dutch licence plates in sidecodes 1-14. With dashes any case; without dashes or with
  spaces in upper case when the letters are those of modern plates, or any form after a cue word
  (``kenteken``, ``auto``, ``voertuig``…).
- ``kvk``: an 8-digit KvK number (or 12-digit vestigingsnummer) after its cue: ``KvK``, ``KvK-nr.``,
  ``KvK nummer:``, ``kvk:``, ``Kamer van Koophandel``, ``vestigingsnummer``.
- ``naam``: a name introduced by a cue word (``betrokkene``, ``verdachte``, ``dhr.``, ``mevr.``,
  ``de heer``, ``eigenaar``, ``op naam van``…), any case of the cue, any Latin letters in the name
  (``dhr. Çelikkaya``, ``DHR. JANSEN``, ``mevr. A.B. van der Berg-Öztürk``).

Placeholders written by scrubbing (``[BSN]``, ``[TELEFOON]``…) are never findings.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from informatiebeeld.privacy import guard_class
from informatiebeeld.privacy.normalise import fold_char, fold_with_offsets

KINDS = ("bsn", "iban", "email", "phone", "postcode_huisnummer", "adres", "kenteken", "kvk", "naam")


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
_NOT_AMOUNT_BEFORE = r"(?<!€)(?<!€ )(?<![Ee][Uu][Rr] )"
_NOT_AMOUNT_AFTER = r"(?!,-)(?!\s?(?:euro|eur)\b)"

_BSN = re.compile(
    _START
    + _NOT_AMOUNT_BEFORE
    + r"(?:\d{9}|\d{3}([ .\-])\d{3}\1\d{3}|\d{4}([ .\-])\d{2}\2\d{3}"
    + r"|\d{3}([ .\-])\d{2}\3\d{4}|\d{2}([ .\-])\d{3}\4\d{4})"
    + _END
    + _NOT_AMOUNT_AFTER
)
_BSN_CUE = re.compile(
    r"(?i:(?<![^\W_])(?:bsn|burgerservicenummer|sofinummer|sofi-nummer)(?:[\s\-]?(?:nr|nummer|no)\.?)?)"
    r"\s{0,2}[:#.]?\s{0,2}(?:is\s|van\s)?\s?(?P<number>\d(?:[ .\-]?\d){7,8})(?!\d)(?![.\-]\d)"
)

_AT = r"(?:\s*@\s*|\s+at\s+|\s*[\[({<]\s*(?:at|@|apenstaartje)\s*[\])}>]\s*|\s+apenstaartje\s+)"
_DOT = r"(?:\.|\s*[\[({<]\s*(?:dot|punt)\s*[\])}>]\s*|\s+(?:dot|punt)\s+)"
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w+-]+(?:\.[\w+-]+)*" + _AT + r"[\w-]+(?:" + _DOT + r"[\w-]+)*" + _DOT + r"[A-Za-z]{2,}(?![\w-])",
    re.IGNORECASE,
)

_IBAN_START = re.compile(r"(?<![^\W_])[A-Za-z]{2}\d{2}")
_IBAN_MAX_CHARS = 34

_SEP = r"[\s\-./()]{0,3}"
_PHONE = re.compile(
    r"(?:(?<=[Tt]el)|(?<=[Tt]el\.)|(?<=[Mm]ob)|(?<=[Gg]sm)|(?<![\w+]))(?<!\d[.,/])"
    r"(?:(?:\+|00)31" + _SEP + r"(?:\(0\)" + _SEP + r")?|\(?0" + _SEP + r")"
    r"[1-9](?:" + _SEP + r"\d){8}" + _END
)
_FOREIGN_PHONE = re.compile(r"(?<![\w+])\+(?!31)[1-9]\d{0,2}(?:[\s\-./()]{0,3}\d){7,12}" + _END)
_DATE = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}")

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
WORDS = frozenset(
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

_STREET_SUFFIX = (
    r"(?:straat|str\.|weg|laan|plein|gracht|kade|dijk|singel|pad|hof|steeg|dreef|park|baan|wal|markt"
    r"|veld|erf|ring|boulevard|allee|plantsoen|haven|burgwal|dam|kanaal|polder|wijk|berg|pier)"
)
_ADDRESS = re.compile(
    r"(?<![^\W_])(?P<street>(?:[A-Z][^\W\d_]*\.?\s)?[A-Z][^\W\d_]{1,30}" + _STREET_SUFFIX + r")"
    r"\s{1,2}(?:nr\.?\s?)?\d{1,5}(?:-\d{1,3}|\s?-?\s?(?:[A-Za-z](?![^\W_])|[A-Z]{2,3}\b|hs\b|bis\b|[a-z]{2}(?=\W|$)(?<!om)(?<!en)(?<!in)(?<!op)))?"
    r"(?![^\W_])(?![.,]\d)(?!\s?(?:%|procent|euro|km|keer|jaar|meter|m2|woningen))"
    r"(?:\s?,?\s{0,2}[1-9]\d{3}\s?[A-Z]{2}(?![^\W_]))?"
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


def _sidecode(code: str, separator: str) -> str:
    return separator.join(part.replace("X", "[A-Za-z]").replace("9", r"\d") for part in code.split("-"))


_PLATE_BOUNDS = (r"(?<![^\W_])(?<![^\W_]-)(?:", r")(?![^\W_])(?!-[^\W_])")
_KENTEKEN = re.compile(_PLATE_BOUNDS[0] + "|".join(_sidecode(c, "-") for c in _SIDECODES) + _PLATE_BOUNDS[1])
_KENTEKEN_LOOSE = re.compile(
    _PLATE_BOUNDS[0] + "|".join(_sidecode(c, sep) for c in _SIDECODES for sep in ("", " ")) + _PLATE_BOUNDS[1]
)
_KENTEKEN_CUE = re.compile(
    r"(?i:kenteken(?:plaat|nummer)?|auto|voertuig|wagen|bestelbus|bus|busje|scooter|motor|bromfiets|vrachtwagen"
    r"|aanhanger|plaat)\W{1,4}(?:\w+\W{1,3}){0,2}$"
)
# Letters on modern plates (sidecode 4 onwards): no vowels, no C, Q, W.
_PLATE_LETTERS = frozenset("BDFGHJKLMNPRSTVXZ")
_MONTHS = frozenset(["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"])

_KVK = re.compile(
    r"(?i:(?<![^\W_])(?:kvk|k\.v\.k\.|kamer\s+van\s+koophandel|handelsregister)(?:[\s\-]?(?:nr|nummer|no)\.?)?)"
    r"\s{0,2}[:#.]?\s{0,2}(?:is\s|van\s)?\s?(?P<number>\d(?:[ .]?\d){7})(?!\d)(?![.\-]\d)"
    r"|(?i:(?<![^\W_])vestigings(?:nr|nummer)\.?)\s{0,2}[:#.]?\s{0,2}(?P<vestiging>\d{12})(?!\d)"
)

_NAME_CUE = re.compile(
    r"(?i:(?<![^\W_])(?:betrokkenen?|verdachten?|dhr\.?|mevr\.?|mw\.?|mr\.?|mej\.?|de\s+heer|heer|mevrouw|meneer"
    r"|eigenaar|eigenaresse|bewoner|bewoonster|huurder|verhuurder|melder|genaamd|alias|op\s+naam\s+van"
    r"|t\.?n\.?v\.?|ten\s+name\s+van|slachtoffer|getuige|aangever|aangeefster|bestuurder|directeur"
    r"|vennoot|zaakvoerder|beheerder|exploitant|subject|persoon))(?P<sep>:?\s{1,3}(?:['\"\u2018\u201c](?!t\s))?)"
)
_TUSSENVOEGSELS = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "te",
        "ter",
        "ten",
        "het",
        "'t",
        "von",
        "vom",
        "zu",
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
        "bin",
        "ben",
        "ibn",
    ]
)
# Capitalised words that follow a cue without being a name.
_NOT_NAMES = frozenset(
    [
        "onbekend",
        "onbekende",
        "anoniem",
        "anonieme",
        "nn",
        "n.n.",
        "bsn",
        "iban",
        "kvk",
        "riec",
        "liec",
        "gemeente",
        "politie",
        "bv",
        "b.v.",
        "nv",
        "vof",
        "en",
        "of",
        "is",
        "was",
        "heeft",
        "had",
        "wordt",
        "werd",
        "zal",
        "kan",
        "die",
        "dat",
        "deze",
        "dit",
        "hij",
        "zij",
        "ze",
        "het",
        "een",
        "de",
        "zie",
        "met",
        "van",
        "op",
        "in",
        "niet",
        "geen",
        "ook",
        "nog",
        "al",
        "wel",
        "zelf",
        "staat",
        "stond",
        "woont",
        "woonde",
        "verklaart",
        "verklaarde",
        "nederlander",
        "nederlandse",
    ]
)
_TOKEN = re.compile(r"\s*(?P<token>['\u2019]t(?![^\W_])|[^\W\d_](?:[^\W\d_]|['\u2019\-](?=[^\W\d_]))*\.?)")
# Cue words of other identifiers are not names ("bestuurder van KvK-nummer ...").
_OTHER_CUES = ("kvk", "bsn", "iban", "tel", "burgerservice", "kenteken", "rekening")


@dataclass(frozen=True)
class _Text:
    """The folded text, and for every folded position the position in the original."""

    folded: str
    offsets: Sequence[int]

    def finding(self, kind: str, start: int, end: int) -> Finding:
        return Finding(kind, self.offsets[start], self.offsets[end - 1] + 1)


def _bsns(text: str) -> list[tuple[str, int, int]]:
    found = [("bsn", m.start("number"), m.end("number")) for m in _BSN_CUE.finditer(text)]
    found += [
        ("bsn", m.start(), m.end()) for m in _BSN.finditer(text) if stdnum_bsn.is_valid(re.sub(r"\D", "", m.group(0)))
    ]
    return found


@cache
def _iban_length(country: str) -> int | None:
    """The length of an IBAN of ``country`` from stdnum's registry (None: no IBAN country)."""
    info = stdnum_iban._ibandb.info(country + "00")[0][1]
    if "bban" not in info:
        return None
    return 4 + sum(int(count) for count in re.findall(r"(\d+)!", info["bban"]))


def _iban_end(text: str, start: int, end: int) -> int | None:
    """The end of the run of account characters (groups separated by one space, dash or dot) from
    ``start`` that is as long as its country's IBANs and forms a valid one, or None."""
    length = _iban_length(text[start : start + 2].upper())
    if length is None:
        return None
    position, count = end, 4
    while position < len(text) and count < length:
        char = text[position]
        if char.isascii() and char.isalnum():
            count += 1
            position += 1
        elif (
            char in " -." and position + 1 < len(text) and text[position + 1].isascii() and text[position + 1].isalnum()
        ):
            position += 1
        else:
            break
    if count != length or (position < len(text) and text[position].isalnum()):
        return None
    return position if stdnum_iban.is_valid(re.sub(r"[ .\-]", "", text[start:position])) else None


def _ibans(text: str) -> list[tuple[str, int, int]]:
    findings: list[tuple[str, int, int]] = []
    for start in _IBAN_START.finditer(text):
        if findings and start.start() < findings[-1][2]:
            continue
        end = _iban_end(text, start.start(), start.end())
        if end is not None:
            findings.append(("iban", start.start(), end))
    return findings


def _phones(text: str) -> list[tuple[str, int, int]]:
    found = [("phone", m.start(), m.end()) for m in _PHONE.finditer(text) if not _DATE.search(m.group(0))]
    return found + [("phone", m.start(), m.end()) for m in _FOREIGN_PHONE.finditer(text)]


def is_postcode_letters(letters: str, glued: bool = False) -> bool:
    """Two letters after four digits are postcode letters unless they are a common lower-case word
    written apart (``2333 en``); glued to the digits (``5834ve``) they are a postcode."""
    return glued or letters.isupper() or letters.lower() not in WORDS


def _postcodes(text: str) -> list[tuple[str, int, int]]:
    return [
        ("postcode_huisnummer", m.start(), m.end())
        for m in _POSTCODE_HUISNUMMER.finditer(text)
        if is_postcode_letters(m.group("letters1") or m.group("letters2"), _glued(text, m))
    ]


def _glued(text: str, match: re.Match[str]) -> bool:
    letters = "letters1" if match.group("letters1") else "letters2"
    return text[match.start(letters) - 1].isdigit()


def _addresses(text: str) -> list[tuple[str, int, int]]:
    return [("adres", m.start(), m.end()) for m in _ADDRESS.finditer(text)]


def _plate_without_dashes_counts(text: str, start: int, plate: str) -> bool:
    if _KENTEKEN_CUE.search(text[max(0, start - 40) : start]):
        return True
    letters = [c for c in plate if c.isalpha()]
    if not plate.replace(" ", "").isupper() or not set(letters) <= _PLATE_LETTERS:
        return False
    # Without a cue, the old sidecodes 1-3 (two letters and four digits in pairs) look like codes
    # (GM0363, PL0100) and postcodes (1234 AB); only sidecodes 4-14 count.
    return not re.fullmatch(r"[A-Z]{2} ?\d{2} ?\d{2}|\d{2} ?\d{2} ?[A-Z]{2}|\d{2} ?[A-Z]{2} ?\d{2}", plate)


def _kentekens(text: str) -> list[tuple[str, int, int]]:
    found = [
        ("kenteken", m.start(), m.end())
        for m in _KENTEKEN.finditer(text)
        if not any(part.lower() in _MONTHS for part in m.group(0).split("-"))
    ]
    for m in _KENTEKEN_LOOSE.finditer(text):
        plate = m.group(0)
        if 0 < sum(c.isdigit() for c in plate) < 6 and _plate_without_dashes_counts(text, m.start(), plate):
            found.append(("kenteken", m.start(), m.end()))
    return found


def _kvks(text: str) -> list[tuple[str, int, int]]:
    found = []
    for m in _KVK.finditer(text):
        group = "number" if m.group("number") else "vestiging"
        found.append(("kvk", m.start(group), m.end(group)))
    return found


def _name_end(text: str, position: int) -> int | None:
    """End of a name starting at ``position``: initials, tussenvoegsels and capitalised words, at
    least one capitalised word that is not a common word."""
    end = None
    while True:
        m = _TOKEN.match(text, position)
        if not m:
            return end
        token = m.group("token")
        word = token.rstrip(".")
        lowered = token.lower()
        if len(word) == 1 and token.endswith(".") and word.isupper():
            pass  # an initial
        elif lowered.rstrip(".") in _TUSSENVOEGSELS or lowered in _TUSSENVOEGSELS:
            pass
        elif word[0].isupper() and word.lower() not in _NOT_NAMES and not lowered.startswith(_OTHER_CUES):
            end = m.start("token") + len(word)
        else:
            return end
        position = m.end()


def _names(text: str) -> list[tuple[str, int, int]]:
    found = []
    for m in _NAME_CUE.finditer(text):
        end = _name_end(text, m.end())
        if end is not None:
            found.append(("naam", m.end(), end))
    return found


def _emails(text: str) -> list[tuple[str, int, int]]:
    # Every form of _AT holds an "@" or what _EMAIL_CUE matches; the cheap test spares most texts the scan.
    if "@" not in text and not _EMAIL_CUE.search(text):
        return []
    return [("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]


# Order decides which kind wins when findings overlap.
_FINDERS = (_emails, _ibans, _kvks, _bsns, _phones, _addresses, _postcodes, _kentekens, _names)
FINDER_KINDS = ("email", "iban", "kvk", "bsn", "phone", "adres", "postcode_huisnummer", "kenteken", "naam")


_EMAIL_CUE = re.compile(r"(?i:[\[({<\s](?:at|apenstaartje)[\])}>\s])")


def _might_hold_identifier(text: str) -> bool:
    return any(ch.isdigit() or ch == "@" for ch in text) or bool(_NAME_CUE.search(text) or _EMAIL_CUE.search(text))


def find_identifiers(text: str, finders: frozenset[str] | None = None) -> list[Finding]:
    """Every identifier in ``text``, in order of position, as spans of ``text`` itself. Of overlapping
    findings the longest is kept (``+31 (0)20 456 7890`` is a phone number, not a BSN ``20 456 7890``);
    of equally long ones the first kind in the order e-mail, IBAN, KvK, BSN, phone, address (street,
    number and a postcode that follows), postcode + huisnummer, kenteken, name.

    ``finders``, only for a text that folding leaves as it is (``folding_guard`` does not match):
    the kinds whose finder may find something in it (``finder_guards`` says which); the others are
    not run. None folds the text and runs them all."""
    if not text or finders is not None and not finders:
        return []
    if finders is None:
        folded, offsets = fold_with_offsets(text)
        if not _might_hold_identifier(folded):
            return []
        view = _Text(folded, offsets)
    else:
        folded, view = text, _Text(text, range(len(text) + 1))
    candidates = [
        (end - start, -rank, kind, start, end)
        for rank, (finder, name) in enumerate(zip(_FINDERS, FINDER_KINDS, strict=True))
        if finders is None or name in finders
        for kind, start, end in finder(folded)
    ]
    kept: list[tuple[str, int, int]] = []
    for _, _, kind, start, end in sorted(candidates, reverse=True):
        if all(end <= s or start >= e for _, s, e in kept):
            kept.append((kind, start, end))
    return sorted((view.finding(kind, start, end) for kind, start, end in kept), key=lambda f: f.start)


def contains_identifier(text: str) -> bool:
    return bool(find_identifiers(text))


def identifier_kinds(text: str, finders: frozenset[str] | None = None) -> list[str]:
    """The kinds found in ``text``, each once, in order of first appearance."""
    return list(dict.fromkeys(f.kind for f in find_identifiers(text, finders)))


def shape(token: str) -> str:
    """Digits as 9, letters as X: what a report may show of a token."""
    return re.sub(r"[^\W\d_]", "X", re.sub(r"\d", "9", token))


def describe_findings(text: str) -> str:
    """What a report may show of an offending value: each finding's kind and shape (digits as 9,
    letters as X), never the value, e.g. ``bsn 9999.99.999; phone +99 9 99999999``."""
    return "; ".join(f"{f.kind} {shape(text[f.start : f.end])}" for f in find_identifiers(text))


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


# ---------------------------------------------------------------------------------------------
# The same guard for RE2 (pyarrow), so that the ingest can clear whole columns at once.


# Python's \s on ASCII, as RE2 ranges; every other space folds to " " and counts as a folding character.
_ASCII_SPACES = "\\x{9}-\\x{d}\\x{1c}-\\x{20}"


def _re2_cue(pattern: re.Pattern[str]) -> str:
    """A cue regex without its lookarounds and separator: it matches wherever the cue could."""
    text = pattern.pattern.replace("(?<![^\\W_])", "").split("(?P<sep>")[0]
    out, in_class, index = [], False, 0
    while index < len(text):
        piece = text[index : index + 2]
        if piece == "\\s":
            out.append(_ASCII_SPACES if in_class else f"[{_ASCII_SPACES}]")
            index += 2
            continue
        if text[index] == "\\":
            out.append(piece)
            index += 2
            continue
        in_class = (in_class and text[index] != "]") or (not in_class and text[index] == "[")
        out.append(text[index])
        index += 1
    return "".join(out)


# Per finder, an RE2 pattern that matches every text in which that finder could find anything,
# for texts that folding leaves as they are (the others match ``folding_guard``). Lookbehinds and
# lookaheads, which RE2 lacks, become the characters around the match; what cannot be expressed is
# left out, which only widens a pattern. tests/unit/test_finder_guards.py checks each against its finder.
_RE2_SPACE = _ASCII_SPACES.join("[]")
_RE2_NOT_AFTER_ALNUM = "(?:^|[^0-9A-Za-z])"  # (?<![^\W_])
_RE2_TOKEN_START = r"(?:^|[^0-9A-Za-z.,/\-]|(?:^|[^0-9])[.,/]|(?:^|[^0-9A-Za-z])-)"  # _START
_RE2_TOKEN_END = r"(?:$|[^0-9A-Za-z.,/\-]|[.,/\-](?:$|[^0-9A-Za-z]))"  # _END
_RE2_PLATE_START = r"(?:^|[^0-9A-Za-z\-]|(?:^|[^0-9A-Za-z])-)"
_RE2_PLATE_END = r"(?:$|[^0-9A-Za-z\-]|-(?:$|[^0-9A-Za-z]))"


def _re2_iban() -> str:
    by_length: dict[int, list[str]] = {}
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for country in (a + b for a in letters for b in letters):
        length = _iban_length(country)
        if length is not None:
            by_length.setdefault(length, []).append(country)
    alternatives = [
        f"(?i:{'|'.join(countries)})[0-9]{{2}}(?:[ .\\-]?[0-9A-Za-z]){{{length - 4}}}"
        for length, countries in sorted(by_length.items())
    ]
    return _RE2_NOT_AFTER_ALNUM + "(?:" + "|".join(alternatives) + ")"


def _re2_plates(separators: tuple[str, ...]) -> str:
    plates = "|".join(
        sep.join(part.replace("X", "[A-Za-z]").replace("9", "[0-9]") for part in code.split("-"))
        for code in _SIDECODES
        for sep in separators
    )
    return f"{_RE2_PLATE_START}(?:{plates}){_RE2_PLATE_END}"


@cache
def finder_guards() -> dict[str, str]:
    """For each finder (and scrubbing's postcode), an RE2 pattern that matches every unfolded text
    in which it could find anything."""
    sep = f"[{_ASCII_SPACES}\\-./()]{{0,3}}"
    nine = r"[0-9]{9}|[0-9]{3}[ .\-][0-9]{3}[ .\-][0-9]{3}|[0-9]{4}[ .\-][0-9]{2}[ .\-][0-9]{3}"
    nine += r"|[0-9]{3}[ .\-][0-9]{2}[ .\-][0-9]{4}|[0-9]{2}[ .\-][0-9]{3}[ .\-][0-9]{4}"
    postcode = f"[1-9][0-9]{{3}}{_RE2_SPACE}?[A-Za-z]{{2}}"
    return {
        "email": "@|" + _re2_cue(_EMAIL_CUE),
        "iban": _re2_iban(),
        "kvk": f"(?i:kvk|k\\.v\\.k\\.|kamer{_RE2_SPACE}+van{_RE2_SPACE}+koophandel|handelsregister"
        "|vestigings(?:nr|nummer))",
        "bsn": f"(?i:bsn|burgerservicenummer|sofinummer|sofi-nummer)|{_RE2_TOKEN_START}(?:{nine}){_RE2_TOKEN_END}",
        "phone": f"(?:^|[^0-9A-Za-z_+]|[Tt]el|[Mm]ob|[Gg]sm)(?:(?:\\+|00)31{sep}(?:\\(0\\){sep})?|\\(?0{sep})"
        f"[1-9](?:{sep}[0-9]){{8}}{_RE2_TOKEN_END}"
        r"|\+[1-9]",
        "adres": f"{_STREET_SUFFIX}{_RE2_SPACE}{{1,2}}(?:nr\\.?{_RE2_SPACE}?)?[0-9]",
        "postcode_huisnummer": f"{postcode}{_RE2_SPACE}*,?{_RE2_SPACE}*(?:nr\\.?{_RE2_SPACE}*)?[0-9]"
        f"|,{_RE2_SPACE}*{postcode}",
        "kenteken": _re2_plates(("-", "", " ")),
        "naam": f"{_RE2_NOT_AFTER_ALNUM}{_re2_cue(_NAME_CUE)}:?{_RE2_SPACE}",
        "postcode": postcode,
    }


@cache
def folding_guard() -> str:
    """RE2: a character in whose presence the finder guards do not hold: every character folding
    changes, and the two that Python's case-insensitive matching equates with "i" but RE2 does not."""
    klass = guard_class.CLASS if unicodedata.unidata_version == guard_class.UNIDATA_VERSION else special_class()
    return f"[{klass}\\x{{130}}\\x{{131}}]"


@cache
def guard_pattern() -> str:
    """An RE2 pattern that matches every text in which ``find_identifiers`` could find anything and
    every text ``scrub_text`` could change: a character that folding changes, or a match of one of
    the finder guards. A digit alone (a date, an amount, a case number) does not match."""
    return "|".join([folding_guard(), *finder_guards().values()])


def special_class() -> str:
    """The RE2 class body of every non-ASCII character that is a digit or that folding changes.
    Folding all of Unicode takes seconds, so ``guard_class.py`` holds the result for the Unicode
    version of Python 3.11; tests/unit/test_detect.py checks that it is this function's output."""
    special = [c for c in map(chr, range(0x80, sys.maxunicode + 1)) if c.isdigit() or _folds(c)]
    ranges: list[list[int]] = []
    for char in special:
        code = ord(char)
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(f"\\x{{{a:x}}}-\\x{{{b:x}}}" if a != b else f"\\x{{{a:x}}}" for a, b in ranges)


def _folds(char: str) -> bool:
    try:
        return fold_char(char) != char
    except ValueError:  # lone surrogates
        return True


def write_guard_class() -> None:
    """Rewrite guard_class.py with this Python's Unicode version and ``special_class()``."""
    path = Path(guard_class.__file__)
    head = path.read_text(encoding="utf-8").split("\nUNIDATA_VERSION = ")[0]
    # json.dumps gives the double-quoted literal ruff format keeps
    version, klass = json.dumps(unicodedata.unidata_version), json.dumps(special_class())
    body = f"UNIDATA_VERSION = {version}\nCLASS = {klass}  # noqa: E501\n"
    path.write_text(f"{head}\n{body}", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write-guard-class"]:
        write_guard_class()
