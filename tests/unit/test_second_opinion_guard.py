"""The gate runs deduce only where ``could_fail_gate`` says it could find something that fails the
gate. That guard must never clear a text in which deduce does: checked on the corpus, on generated
free text, on the record numbers of every partner and on random texts built from identifier pieces,
street names and numbers; and it must clear what it is for (record numbers, pseudonyms)."""

from __future__ import annotations

import logging
import random
import string
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from informatiebeeld.privacy.second_opinion import could_fail_gate, gate_findings
from tests.unit.test_finder_guards import _generated_free_text, random_texts

CORPUS = Path(__file__).parents[1] / "fixtures" / "free_text_corpus.yml"
# Pieces deduce reads as locations: streets (from its own list and its street pattern), placenames
# with a number, postcodes in its two forms, postbus, house numbers with and without a letter.
LOCATION_PIECES = [
    "Kerkstraat", "Dorpsweg", "Kelderbeemdenpad-", "Bovenpad (O.ged.)", "Brink O.Z.", "Kerkstr.", "Plein 1944",
    "Laan 1940-1945", "Rijksweg A2", "N201", "Hoofdstraat",
    "Sluis 13", "2e Exloërmond", "2e Valthermond", "Postbus", "postbus", "Amsterdam", "Heerlen", "Venlo",
    "12", "7", "12a", "1234", "12-14", "1234AB", "1234 AB", "1234ab", "5211 DA",
]  # fmt: skip


def record_numbers(rng: random.Random, count: int) -> list[str]:
    """The shapes of the partners' record numbers (see informatiebeeld_demo), with random digits."""
    shapes = [
        lambda: f"PL{rng.randint(1, 20):02d}-{rng.randint(2015, 2026)}{rng.randint(0, 999_999):06d}",
        lambda: f"AFP-{rng.choice(['LB', 'NN', 'ON'])}-{rng.randint(0, 999_999):06d}",
        lambda: f"FS{rng.randint(2015, 2026)}{rng.randint(1, 10):02d}{rng.randint(0, 999_999):06d}",
        lambda: f"HRM{rng.randint(1, 10):02d}2026{rng.randint(101, 1231):04d}{rng.randint(0, 999_999):06d}",
        lambda: f"BM-{rng.choice(['LB', 'RD'])}-{rng.randint(2015, 2026)}-{rng.randint(0, 9999):04d}",
        lambda: f"SIG-NN-{rng.randint(2015, 2026)}-{rng.randint(0, 99_999):05d}",
        lambda: f"OB-ZW-{rng.randint(2015, 2026)}-{rng.randint(0, 999):03d}",
        lambda: f"HHK-NH-{rng.randint(0, 99):02d}",
    ]
    return [rng.choice(shapes)() for _ in range(count)]


def located_texts(rng: random.Random, count: int) -> list[str]:
    separators = [" ", "  ", ", ", "-", "/", "\t", " nr. ", ""]
    pieces = [*LOCATION_PIECES, "0612345678", "+31 6 1234 5678", "(010) 123 45 67", "111222333", "a@b.nl"]
    return [
        "".join(rng.choice(separators) + rng.choice(pieces + [str(rng.randint(0, 99_999))]) for _ in range(4))
        for _ in range(count)
    ]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    corpus = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    corpus_texts = [item["t"] for item in corpus["with_identifiers"]] + corpus["without_identifiers"]
    rng = random.Random(23)
    digits_only = ["".join(rng.choices(string.digits, k=rng.randint(1, 14))) for _ in range(1000)]
    return [
        *corpus_texts,
        *_generated_free_text(1000),
        *record_numbers(rng, 2000),
        *located_texts(rng, 3000),
        *random_texts(4000, seed=29),
        *digits_only,
    ]


def test_the_guard_clears_no_text_deduce_fails(texts: list[str]) -> None:
    failing = [t for t in texts if gate_findings(t)[0]]
    kinds = {kind for t in failing for kind, _ in gate_findings(t)[0]}
    assert kinds == {"bsn", "phone", "email", "adres"}  # the texts exercise every gate tag
    assert len(failing) > 1000
    assert [t for t in failing if not could_fail_gate(t)] == []


def test_the_guard_clears_record_numbers_and_pseudonyms() -> None:
    rng = random.Random(31)
    numbers = [n for n in record_numbers(rng, 400) if n.startswith(("PL", "AFP", "FS", "HRM"))]
    assert len(numbers) > 150
    assert [n for n in numbers if could_fail_gate(n)] == []
    # "06" after a letter or a dash starts deduce's phone pattern; its digit count then drops the match
    assert not could_fail_gate("PL06-2026000123") and not could_fail_gate("HRM0620261122000123")
    assert could_fail_gate("PL06-12345678")  # ten digits from the 0: a phone number to deduce
    assert not could_fail_gate("".join(rng.choices("0123456789abcdef", k=64)))
    assert not could_fail_gate("melding zonder nummer")


def _deduce_data() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("deduce")
    assert spec is not None and spec.submodule_search_locations
    return Path(spec.submodule_search_locations[0])


def test_the_facts_the_guard_rests_on_hold_for_the_installed_deduce() -> None:
    """The guard encodes what deduce's configuration and lists allow (see ``_DEDUCE_GATE_CUES``): which
    annotators give the gate's tags, its phone pattern, how its streets end, where its placenames hold
    a number. A deduce with other lists or patterns fails here, before the guard is trusted."""
    import json
    import re

    from informatiebeeld.privacy.second_opinion import (
        DEDUCE_PHONE_PATTERN,
        PHONE_DIGITS,
        STREET_END_MARKS,
        STREETS_ENDING_IN_A_DASH,
    )

    root = _deduce_data()
    config = json.loads((root / "base_config.json").read_text(encoding="utf-8"))["annotators"]
    gate_tags = {"bsn", "telefoonnummer", "emailadres", "locatie"}
    giving = {name for name, a in config.items() if a["args"].get("tag") in gate_tags}
    assert giving == {"bsn", "phone", "email", "placename", "postal_code", "postbus"}
    assert config["bsn"]["args"]["bsn_regexp"] == r"(?<!\d)(\d{9})(?!\d)"
    phone = config["phone"]["args"]
    assert (phone["phone_regexp"], (phone["min_digits"], phone["max_digits"])) == (DEDUCE_PHONE_PATTERN, PHONE_DIGITS)
    assert config["phone"]["annotator_type"] == "deduce.annotator.PhoneNumberAnnotator"
    assert "@" in config["email"]["args"]["regexp_pattern"]
    assert config["postal_code"]["args"]["regexp_pattern"].startswith(r"(\d{4}([A-Za-z]{2}| [A-Z]{2}))")
    assert config["postbus"]["args"]["regexp_pattern"].startswith(r"([Pp]ostbus\s\d")
    housenumbers = [p["pattern"][0]["re_match"] for p in config["housenumber"]["args"]["pattern"]]
    assert housenumbers == [r"\d{1,4}$", r"\d{1,4}[a-zA-Z]$", "[a-zA-Z]$"]

    locations = root / "data" / "lookup" / "src" / "locations"
    streets = [
        line.rstrip("\n")
        for name in ("items.txt", "streets_bag.txt")
        for line in (locations / "lst_street" / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(streets) > 300_000
    odd_ends = {s for s in streets if not (re.match(r"[\w\s]", s[-1]) or s[-1] in STREET_END_MARKS)}
    assert {s.lower() for s in odd_ends if s.isascii()} <= set(STREETS_ENDING_IN_A_DASH)
    transforms = json.loads((locations / "lst_street" / "transform.json").read_text(encoding="utf-8"))
    for group in transforms["transforms"].values():
        for pattern, replacements in group.items():
            for replacement in replacements:
                assert (
                    replacement == ""
                    or re.match(r"[\w\s]", replacement[-1])
                    or replacement[-1] in (STREET_END_MARKS + ("-" if pattern == "-" else ""))
                ), (pattern, replacement)
    places = [
        line
        for path in (locations / "lst_placename").rglob("items.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    numbered = [p for p in places if re.search(r"\d", p)]
    assert numbered  # "Sluis 13", "2e Valthermond"
    for place in numbered:
        tokens = re.findall(r"\w+|[^\w\s]", place)
        for index, token in enumerate(tokens):
            if re.search(r"\d", token):
                assert re.fullmatch(r"\d{1,4}[a-zA-Z]?", token), place
                assert index == 0 or index == len(tokens) - 1, place


def test_loading_deduce_leaves_the_root_logger_as_it_was() -> None:
    """deduce's import configures the root logger (DEBUG, to stdout); in a process that had not
    configured logging yet, every library would print its debug records from then on."""
    report = "root = logging.getLogger(); print(root.level, len(root.handlers))"
    unguarded = f"import logging, deduce; {report}"
    guarded = f"import logging, informatiebeeld.privacy.second_opinion as s; s.import_deduce(); {report}"
    before = subprocess.run([sys.executable, "-c", unguarded], capture_output=True, text=True, check=True)
    assert before.stdout.split() == [str(logging.DEBUG), "1"], "deduce no longer configures logging itself"
    kept = subprocess.run([sys.executable, "-c", guarded], capture_output=True, text=True, check=True)
    assert kept.stdout.split() == [str(logging.WARNING), "0"]
