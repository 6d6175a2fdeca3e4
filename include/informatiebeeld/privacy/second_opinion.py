"""A second, independent leak detector: ``deduce`` (Dutch de-identification, its own patterns and
lookup lists), run next to ``detect`` by the publication gate.

``deduce`` is imported lazily, on the first call, and only the gate and the benchmark call this
module: the DAG files and the ingest never load it (it takes seconds to build its lookup structures,
once per process; the first run after installing builds and caches them inside the package, about a
minute). It makes no network calls.

Which of its findings fail the gate (``GATE_TAGS``) was chosen by measurement
(``benchmarks/detector_false_positives.py``): its BSN, phone, e-mail and street-with-number findings
are precise on the project's data; its ``persoon`` tag flags incident types (``Heling``) and project
code names, ``locatie`` flags every gemeente name, ``id`` every case number and ``datum`` every date,
so those are counted as advisory and never fail the gate on their own.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any

from informatiebeeld.privacy.detect import MAX_EXAMPLES, describe_findings, identifier_kinds, shape
from informatiebeeld.privacy.normalise import normalise_text

# deduce tag -> detector kind, for the tags whose findings fail the gate.
GATE_TAGS = {"bsn": "bsn", "telefoonnummer": "phone", "emailadres": "email", "locatie": "adres"}
# Reported, never failing: too imprecise on the project's data to block a publication.
ADVISORY_TAGS = ("persoon", "patient")


def import_deduce() -> Any:
    """``import deduce``, leaving the root logger as it was: deduce's import calls
    ``logging.basicConfig(stream=sys.stdout, level=DEBUG)``, which in a process that has not configured
    logging yet would print every library's debug records (SQL statements among them) from then on."""
    import logging

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        import deduce
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    return deduce


@cache
def _deduce() -> Any:
    import gc

    deduce = import_deduce()
    # Its lookup lists unpickle as millions of small objects: with the cyclic collector on, loading
    # takes 3x as long, and every full collection afterwards would walk them all again. They live as
    # long as the process, so gc.freeze() moves them (with everything else alive now) out of its view.
    enabled = gc.isenabled()
    gc.disable()
    try:
        model = deduce.Deduce()
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return model


def annotations(text: str) -> list[tuple[str, int, int]]:
    """deduce's annotations of ``text`` (folded by ``normalise_text`` first), as (tag, start, end)."""
    folded = normalise_text(text)
    return [(a.tag, a.start_char, a.end_char) for a in _deduce().deidentify(folded).annotations]


def _gate_kind(tag: str, token: str) -> str | None:
    if tag == "locatie":  # a place name alone is no identifier; a street with a house number is
        return "adres" if any(c.isdigit() for c in token) else None
    return GATE_TAGS.get(tag)


# Hex digests (file checksums, fingerprints, pseudonyms) hold nothing identifying, but deduce reads
# pieces of them as postcodes ("…9711ab…"): they are blanked, keeping every other position.
_DIGEST = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{32,}(?![0-9A-Za-z])")


def gate_findings(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(kind, shape) of deduce's findings in ``text`` that fail the gate, and the advisory tags found."""
    folded = _DIGEST.sub(lambda digest: "x" * len(digest.group()), normalise_text(text))
    failing, advisory = [], []
    for tag, start, end in annotations(folded):
        token = folded[start:end]
        kind = _gate_kind(tag, token)
        if kind:
            failing.append((kind, shape(token)))
        elif tag in ADVISORY_TAGS:
            advisory.append(tag)
    return failing, advisory


_PSEUDONYM = re.compile(r"[0-9a-f]{64}")
# A keyed pseudonym anywhere in a text: 64 lower-case hex characters between non-hex ones.
_PSEUDONYM_INSIDE = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
# What deduce needs in a text to report anything the gate fails on, read from its annotators
# (deduce/base_config.json): "bsn" is nine digits alone; "emailadres" an "@"; "locatie" with a digit
# (``_gate_kind``) a postcode, "postbus" with a number, or a number token (one to four digits, at most one
# letter) that is a house number or part of a placename. A house number is the token right after a
# street: in ASCII text, after a space, or after the last character of a street in its list (a word
# character, or one of ``STREET_END_MARKS``; the one street ending in a dash is named). Its placenames
# with a number start with it ("2e Valthermond") or end with it after a space ("Sluis 13"). Its street
# list holds other digits ("A12", "N201"), but a street alone is dropped, kept only with a house number.
# "telefoonnummer" is its own phone pattern with its digit count (``_could_be_phone``). A non-ASCII text
# may fold into any of these, and so always goes to deduce. tests/unit/test_second_opinion_guard.py
# checks these facts against the installed deduce, and that the guard never clears a text deduce fails.
STREET_END_MARKS = ".)\"'?,"
STREETS_ENDING_IN_A_DASH = ("kelderbeemdenpad-",)
_NUMBER_TOKEN = r"[0-9]{1,4}[A-Za-z]?(?![0-9A-Za-z_])"
_DEDUCE_GATE_CUES = re.compile(
    r"[^\x00-\x7f]|@"
    r"|(?<![0-9])[0-9]{9}(?![0-9])"
    r"|[0-9]{4}(?:[A-Za-z]{2}| [A-Z]{2})"
    r"|[Pp]ostbus\s[0-9]"
    rf"|(?<=[\s{re.escape(STREET_END_MARKS)}]){_NUMBER_TOKEN}"
    + "".join(f"|(?i:(?<={re.escape(street)})){_NUMBER_TOKEN}" for street in STREETS_ENDING_IN_A_DASH)
    + r"|(?<![0-9A-Za-z_])[0-9]{1,4}[A-Za-z]?\s"
)
# deduce's PhoneNumberAnnotator: this pattern, and between PHONE_DIGITS digits in a match (two fewer
# after 0800/0900/0906/0909). Its check of at most one hyphen is left out: the guard may only be wider.
DEDUCE_PHONE_PATTERN = (
    r"(?<!\d)(\(?(0031|\+31|0)(1[035]|2[0347]|3[03568]|4[03456]|5[0358]|6|7|88|800|91|90[069]|[1-5]\d{2})\)?)"
    r" ?-? ?((\d{2,4}[ -]?)+\d{2,4})"
)
PHONE_DIGITS = (9, 11)
_DEDUCE_PHONE = re.compile(DEDUCE_PHONE_PATTERN)
_NOT_DIGIT = re.compile(r"\D")


def _could_be_phone(text: str) -> bool:
    for match in _DEDUCE_PHONE.finditer(text):
        prefix = "0" + _NOT_DIGIT.sub("", match.group(3))
        digits = len(prefix) + len(_NOT_DIGIT.sub("", match.group(4)))
        shift = -2 if prefix in ("0800", "0900", "0906", "0909") else 0
        if PHONE_DIGITS[0] + shift <= digits <= PHONE_DIGITS[1] + shift:
            return True
    return False


def could_fail_gate(text: str) -> bool:
    """Whether deduce could find in ``text`` anything that fails the gate (see ``_DEDUCE_GATE_CUES``),
    looking at the text as deduce gets it (``gate_findings``). A record number such as
    ``PL06-2026000123`` cannot, nor can a keyed pseudonym (64 hex characters)."""
    if _PSEUDONYM.fullmatch(text):
        return False
    if not text.isascii():
        return True
    blanked = _DIGEST.sub(lambda digest: "x" * len(digest.group()), text)
    return bool(_DEDUCE_GATE_CUES.search(blanked)) or _could_be_phone(blanked)


# Values at least this long are remembered as clean once both detectors passed them (see
# ``summarise_values_both``); shorter ones cost less to check again than to remember. At most
# REMEMBERED_MAX digests (~80 bytes each) are kept; past that, values are simply checked again.
REMEMBERED_MIN_LENGTH = 8
REMEMBERED_MAX = 2_000_000


def clean_digest(text: str) -> bytes:
    """What a scan remembers of a value both detectors passed: a 16-byte digest, never the text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def summarise_values_both(
    values: Iterable[object],
    max_examples: int = MAX_EXAMPLES,
    known_clean: set[bytes] | None = None,
    count_pseudonyms: bool = False,
) -> dict[str, Any]:
    """Like ``detect.summarise_values``, with both detectors: a value is unexpected when either finds
    an identifier. Adds ``kinds_by_detector``. deduce runs only where it could fail the gate
    (``could_fail_gate``), so its advisory tags are not counted here. ``known_clean`` carries the
    digests of values found clean from one call to the next (a record number or pseudonym copied
    from raw into staging and intermediate is checked once per scan); a value with findings is never remembered,
    so every column holding it is reported. With ``count_pseudonyms``, also ``pseudonym_values``: the
    values that hold a keyed pseudonym (which neither detector counts as an identifier)."""
    summary = ValuesSummary(max_examples, known_clean, count_pseudonyms)
    for value in values:
        summary.add(value)
    return summary.result()


class ValuesSummary:
    """``summarise_values_both`` one value at a time (the gate feeds several columns from one query)."""

    def __init__(
        self, max_examples: int = MAX_EXAMPLES, known_clean: set[bytes] | None = None, count_pseudonyms: bool = False
    ) -> None:
        self.max_examples, self.known_clean = max_examples, known_clean
        self.scanned = self.flagged = 0
        self.count_pseudonyms = count_pseudonyms
        self.pseudonyms = self.flagged_or_pseudonym = 0
        self.kinds: Counter[str] = Counter()
        self.by_detector: dict[str, Counter[str]] = {"detect": Counter(), "deduce": Counter()}
        self.examples: list[str] = []

    def add(self, value: object) -> None:
        if value is None:
            return
        text = str(value)
        self.scanned += 1
        flagged = self._scan(text)
        if self.count_pseudonyms:
            has_pseudonym = bool(_PSEUDONYM_INSIDE.search(text))
            self.pseudonyms += has_pseudonym
            self.flagged_or_pseudonym += flagged or has_pseudonym

    def _scan(self, text: str) -> bool:
        """Whether either detector finds an identifier in ``text``; counts and describes what it finds."""
        if _PSEUDONYM.fullmatch(text):  # neither detector counts anything inside a keyed pseudonym
            return False
        known_clean = self.known_clean
        digest = clean_digest(text) if known_clean is not None and len(text) >= REMEMBERED_MIN_LENGTH else None
        if digest is not None and digest in known_clean:  # type: ignore[operator]
            return False
        ours = identifier_kinds(text)
        theirs = gate_findings(text)[0] if could_fail_gate(text) else []
        if not ours and not theirs:
            if digest is not None and len(known_clean) < REMEMBERED_MAX:  # type: ignore[arg-type]
                known_clean.add(digest)  # type: ignore[union-attr]
            return False
        self.flagged += 1
        self.kinds.update(dict.fromkeys([*ours, *(kind for kind, _ in theirs)], 1))
        self.by_detector["detect"].update(ours)
        self.by_detector["deduce"].update(dict.fromkeys((kind for kind, _ in theirs), 1))
        if len(self.examples) < self.max_examples:
            described = describe_findings(text) if ours else "; ".join(f"{k} {s} (deduce)" for k, s in theirs)
            self.examples.append(described)
        return True

    def result(self) -> dict[str, Any]:
        return {
            "values_scanned": self.scanned,
            "unexpected_count": self.flagged,
            "kinds": dict(sorted(self.kinds.items())),
            "kinds_by_detector": {name: dict(sorted(c.items())) for name, c in self.by_detector.items()},
            "examples": self.examples,
            **(
                {"pseudonym_values": self.pseudonyms, "unexpected_count_with_pseudonyms": self.flagged_or_pseudonym}
                if self.count_pseudonyms
                else {}
            ),
        }
