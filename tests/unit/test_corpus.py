"""Proof on text the project did not write: the hand-written corpus (tests/fixtures/free_text_corpus.yml)
of police mutations, RIEC case notes and gemeente signalen, with identifiers in many typed forms."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from informatiebeeld.privacy.detect import contains_identifier
from informatiebeeld.privacy.scrub import scrub_text

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "free_text_corpus.yml"


def _benchmark() -> Any:
    spec = importlib.util.spec_from_file_location(
        "detector_benchmark", ROOT / "benchmarks" / "detector_false_positives.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_corpus_is_large_and_annotated_exactly() -> None:
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    assert len(data["with_identifiers"]) >= 150 and len(data["without_identifiers"]) >= 150
    kinds = {kind for entry in data["with_identifiers"] for kind, _ in entry["ids"]}
    assert kinds >= {"bsn", "iban", "email", "phone", "postcode_huisnummer", "adres", "kenteken", "kvk", "naam"}
    for entry in data["with_identifiers"]:
        assert entry["ids"], entry["t"]
        for _, token in entry["ids"]:
            assert token in entry["t"]


def test_our_detector_finds_every_identifier_of_the_corpus_and_flags_no_ordinary_sentence() -> None:
    report = _benchmark().evaluate_corpus(_benchmark().corpus_finders(with_deduce=False))["ours"]
    print(json.dumps(report, indent=2, ensure_ascii=False))  # recall per kind and false positives
    assert report["missed"] == 0, report["missed_shapes"]
    for kind, ratio in report["recall"].items():
        found, total = ratio.split("/")
        assert found == total, kind
    assert report["false_positives_by_kind"] == {}
    assert report["false_positive_rate_ordinary"] == 0.0


def test_scrubbed_corpus_passes_the_detector_and_ordinary_text_is_left_alone() -> None:
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    for entry in data["with_identifiers"]:
        scrubbed = scrub_text(entry["t"])
        assert not contains_identifier(scrubbed), scrubbed
        assert all(token not in scrubbed for _, token in entry["ids"]), scrubbed
    changed = [t for t in data["without_identifiers"] if scrub_text(t) != t]
    assert changed == []


@pytest.mark.parametrize("finder", ["combined"])
def test_the_second_detector_adds_no_false_positive_on_ordinary_text(finder: str) -> None:
    report = _benchmark().evaluate_corpus(_benchmark().corpus_finders(with_deduce=True))
    print(json.dumps({name: {k: r[k] for k in ("recall", "false_positives_by_kind")} for name, r in report.items()}))
    assert report[finder]["false_positive_rate_ordinary"] == 0.0
    assert report[finder]["missed"] == 0


def test_deduce_fails_no_text_without_a_digit_or_an_at_sign() -> None:
    """The gate runs deduce only where ``could_fail_gate``: every corpus sentence with its digits and
    "@" taken out (names, streets, obfuscated e-mail addresses stay) gives no failing finding."""
    import re

    from informatiebeeld.privacy.second_opinion import could_fail_gate, gate_findings

    corpus = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    texts = [item["t"] for item in corpus["with_identifiers"]] + corpus["without_identifiers"]
    stripped = [re.sub(r"[\d@]", "", t) for t in texts]
    assert all(could_fail_gate(t) for t in texts if gate_findings(t)[0])
    cleared = [t for t in stripped if not could_fail_gate(t)]
    assert len(cleared) > 200
    assert [t for t in cleared if gate_findings(t)[0]] == []
    # while deduce does fail the same sentences with their digits
    assert sum(bool(gate_findings(t)[0]) for t in texts) > 50


def test_a_scan_remembers_clean_values_and_reports_every_column_with_a_finding() -> None:
    """``known_clean`` shared over the columns of a scan gives the same summary per column as
    scanning each alone; it holds digests of the long clean values only, never a text."""
    from informatiebeeld.privacy.second_opinion import REMEMBERED_MIN_LENGTH, clean_digest, summarise_values_both

    corpus = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    dirty = [item["t"] for item in corpus["with_identifiers"]][:40]
    clean = corpus["without_identifiers"][:40]
    columns = [clean + dirty, dirty[::-1] + clean[::-1], [*clean[:5], None, "kort", *dirty[:5]]]
    alone = [summarise_values_both(column) for column in columns]
    known: set[bytes] = set()
    shared = [summarise_values_both(column, known_clean=known) for column in columns]
    assert shared == alone
    assert alone[1]["unexpected_count"] == len(dirty), "the second column's findings are all reported again"
    assert known == {clean_digest(t) for t in clean if len(t) >= REMEMBERED_MIN_LENGTH}
    assert all(isinstance(d, bytes) and len(d) == 16 for d in known)


def test_a_scan_skips_keyed_pseudonyms_because_neither_detector_finds_anything_in_one() -> None:
    """``summarise_values_both`` counts a 64-hex pseudonym as scanned without running the detectors:
    on pseudonyms of planted identifiers and on random ones, both detectors find nothing anyway."""
    import hashlib
    import random

    from informatiebeeld.privacy.detect import identifier_kinds
    from informatiebeeld.privacy.second_opinion import gate_findings, summarise_values_both

    rng = random.Random(7)
    planted = ["111222333", "0612345678", "NL91ABNA0417164300", "p.jansen@voorbeeld.nl", "12-ABC-3"]
    values = [hashlib.sha256(text.encode()).hexdigest() for text in planted]
    values += ["".join(rng.choice("0123456789abcdef") for _ in range(64)) for _ in range(3000)]
    values += ["".join(rng.choice("0123456789") for _ in range(64)) for _ in range(200)]
    assert [v for v in values if identifier_kinds(v) or gate_findings(v)[0]] == []
    summary = summarise_values_both(values)
    assert summary["values_scanned"] == len(values) and summary["unexpected_count"] == 0
    # a pseudonym with an identifier glued on is no pseudonym: it is checked
    assert summarise_values_both([values[0] + " 111222333"])["unexpected_count"] == 1
