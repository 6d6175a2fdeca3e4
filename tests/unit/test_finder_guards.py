"""The detector's finder guards (RE2, for whole columns) never clear a text in which a finder finds
something, so running only the finders whose guard matches gives the same findings, and so the
same scrubbed text. Checked per finder on the corpus, on generated free text and on random texts
built from the pieces identifiers are made of."""

from __future__ import annotations

import random
import string
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest
import yaml
from stdnum import iban as stdnum_iban

from informatiebeeld.config.reference import thema_codes
from informatiebeeld.ingest.columnar import ColumnChecker
from informatiebeeld.privacy import detect
from informatiebeeld.privacy.scrub import _POSTCODE
from informatiebeeld_demo.common.context import Context
from informatiebeeld_demo.common.reference import load_reference
from informatiebeeld_demo.common.regions import build_profile

CUES = [
    "BSN", "bsn:", "BSN-nr.", "burgerservicenummer", "sofinummer", "KvK", "KvK-nr.", "kvk nummer:",
    "Kamer van Koophandel", "vestigingsnummer", "handelsregister", "tel", "tel.", "Tel:", "mob", "gsm",
    "Betrokkene", "verdachte", "dhr.", "Mevr.", "mw", "de heer", "op naam van", "t.n.v.", "eigenaar",
    "melder", "Melder:", "kenteken", "auto", "busje", "nr.", "nr", "at", "[at]", "(punt)", "dot", "@",
    "apenstaartje", "euro", "EUR", "€", "Kerkstraat", "Dorpsweg", "Lange Laan", "str.", "Markt",
]  # fmt: skip
SEPARATORS = ["", " ", "  ", "-", ".", ",", "/", "(", ")", "+", ":", "_", "\t", "\n", ", ", " - ", "'"]
WORDS = ["de", "en", "Jansen", "van der Berg", "Çelik", "ïs", "op", "mei", "AB", "ab", "XX", "hs", "bis"]


def _bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        if (sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=False)) - digits[8]) % 11 == 0:
            return "".join(map(str, digits))


def _iban(rng: random.Random) -> str:
    country, body = rng.choice([("NL", "ABNA" + "".join(rng.choices(string.digits, k=10))),
                                ("DE", "".join(rng.choices(string.digits, k=18))),
                                ("BE", "".join(rng.choices(string.digits, k=12)))])  # fmt: skip
    return country + stdnum_iban.calc_check_digits(country + "00" + body) + body


def _grouped(rng: random.Random, text: str) -> str:
    if rng.random() < 0.5:
        return text
    separator = rng.choice([" ", "-", "."])
    size = rng.choice([2, 3, 4])
    return separator.join(text[i : i + size] for i in range(0, len(text), size))


def _piece(rng: random.Random) -> str:
    kind = rng.randrange(9)
    if kind == 0:
        return _grouped(rng, _bsn(rng))
    if kind == 1:
        return _grouped(rng, _iban(rng) if rng.random() < 0.8 else _iban(rng).lower())
    if kind == 2:
        return rng.choice(["06", "+31 6", "+31 (0)6", "0031", "010", "(050)", "+32", "+44 20"]) + _grouped(
            rng, "".join(rng.choices(string.digits, k=rng.choice([7, 8, 9])))
        )
    if kind == 3:
        code = rng.choice(detect._SIDECODES)
        letters = "BDFGHJKLMNPRSTVXZ" if rng.random() < 0.7 else string.ascii_letters
        plate = "".join(rng.choice(letters) if c == "X" else rng.choice(string.digits) if c == "9" else c for c in code)
        return plate.replace("-", rng.choice(["-", "", " "]))
    if kind == 4:
        return f"{rng.randint(1000, 9999)}{rng.choice(['', ' '])}{rng.choice(['AB', 'ab', 'en', 'SA', 'Xz'])}"
    if kind == 5:
        return "".join(rng.choices(string.digits, k=rng.randint(1, 13)))
    if kind == 6:
        return rng.choice(CUES)
    if kind == 7:
        return rng.choice(WORDS)
    return "".join(rng.choices(string.ascii_letters + "éü", k=rng.randint(1, 6)))


def random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(SEPARATORS) + _piece(rng) for _ in range(rng.randint(1, 7))) for _ in range(count)]


def _generated_free_text(count: int) -> list[str]:
    reference = load_reference()
    ctx = Context(build_profile("limburg", 5, reference), reference, 5, 1.0, date(2026, 11, 22))
    rng = random.Random(5)
    themas = sorted(thema_codes())
    return [
        ctx.free_text(rng, rng.choice(["politie", "gemeente", "belastingdienst", "riec"]), rng.choice(themas))
        for _ in range(count)
    ]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    corpus = yaml.safe_load((Path(__file__).parents[1] / "fixtures" / "free_text_corpus.yml").read_text())
    corpus_texts = [item["t"] for item in corpus["with_identifiers"]] + corpus["without_identifiers"]
    return corpus_texts + _generated_free_text(2000) + random_texts(20000, seed=11)


def _matches(pattern: str, texts: list[str]) -> list[bool]:
    return pc.match_substring_regex(pa.array(texts, pa.string()), pattern).to_pylist()  # type: ignore[no-any-return]


def test_each_finder_guard_matches_every_text_its_finder_finds_something_in(texts: list[str]) -> None:
    folding = _matches(detect.folding_guard(), texts)
    guards = detect.finder_guards()
    finders = dict(zip(detect.FINDER_KINDS, detect._FINDERS, strict=True))
    for kind, finder in finders.items():
        found = [t for t, f in zip(texts, folding, strict=True) if not f and finder(t)]
        assert len(found) > 20, kind  # the texts exercise every finder
        missed = [t for t, hit in zip(found, _matches(guards[kind], found), strict=True) if not hit]
        assert missed == [], (kind, missed[:5])
    with_postcode = [t for t, f in zip(texts, folding, strict=True) if not f and _POSTCODE.search(t)]
    assert all(_matches(guards["postcode"], with_postcode))


def test_running_only_the_guarded_finders_gives_the_same_findings(texts: list[str]) -> None:
    hints = ColumnChecker._finders(detect_column(), texts)
    assert sum(h is not None and not h for h in hints) > len(texts) / 10  # many texts need no finder at all
    for text, finders in zip(texts, hints, strict=True):
        # scrub_text's only other step (a postcode alone) does not depend on the finders
        assert detect.find_identifiers(text, finders) == detect.find_identifiers(text), text


def detect_column():  # type: ignore[no-untyped-def]
    from informatiebeeld.config.contracts import Column

    return Column(name="omschrijving", type="text", identifier="free_text", privacy="scrub")


@pytest.mark.parametrize(
    "text",
    [
        "PL0100-2023000001",
        "Situatie sinds maart 2024.",
        "Geschatte schade ca. € 270.000.",
        "op 2024-11-23 om 14:30",
        "zaak RIEC-2024-00123, dossier 2024/001234",
    ],
)
def test_case_numbers_dates_and_amounts_clear_the_guard_pattern(text: str) -> None:
    assert _matches(detect.guard_pattern(), [text]) == [False]
