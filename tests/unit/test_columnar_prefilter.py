"""The columnar engine's shortcuts never change a result: the scrub pre-filter only clears texts that
scrub_text leaves as they are, and the vectorised conversions equal parse_value + protect."""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

import pyarrow as pa
import yaml

from informatiebeeld.config.contracts import Column, load_contracts
from informatiebeeld.config.reference import thema_codes
from informatiebeeld.ingest.check import RowTransformer
from informatiebeeld.ingest.columnar import ColumnChecker, _copy_text, scrub_needed
from informatiebeeld.privacy.keys import PseudonymKey
from informatiebeeld.privacy.normalise import fold_with_offsets
from informatiebeeld.privacy.scrub import scrub_text
from informatiebeeld_demo.common.context import Context
from informatiebeeld_demo.common.reference import load_reference
from informatiebeeld_demo.common.regions import build_profile

TRICKY = [
    "",
    "geen cijfers, geen cues",
    "Situatie sinds maart 2025.",
    "2023 en 2024",
    "bedrag € 100.000",
    "Bel 06-12345678",
    "bel \u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",
    "fullwidth \uff10\uff16\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18",
    "m\u00b2 en \u2460\u2461",
    "Melder\u00a0Jansen",
    "Getuige:\u2003De Vries",
    "Getuige: van der Berg",
    "verdachte 't Hart",
    "Dhr.\u3000K. Visser",
    "Dorpsstraat\u20025",
    "Coöperatieweg 10-H",
    "KVK 12345678",
    "kvk\u212a 12345678",
    "a@b",
    "mail@voorbeeld.example",
    "AB-12-CD",
    "ab-123-c",
    "1-ABC-23",
    "NL91 ABNA 0417 1643 00",
    "1234.56.782 en 123 456 782",
    "+31 (0)6 1234 5678",
    "9711AA 12",
    "12a, 9711 AA",
    "Buurtbewoners melden",
    "Eigenaar onbekend",
    "eigenaar: X",
    "Op naam van Jansen",
]


def _generated_texts(count: int) -> list[str]:
    reference = load_reference()
    texts = []
    for seed in (1, 2, 3):
        ctx = Context(build_profile("noord_nederland", seed, reference), reference, seed, 1.0, date(2026, 11, 22))
        rng = random.Random(seed)
        themas = sorted(thema_codes())
        for _ in range(count):
            partner = rng.choice(["politie", "gemeente", "belastingdienst", "riec"])
            texts.append(ctx.free_text(rng, partner, rng.choice(themas)))
    return texts


def test_the_prefilter_clears_only_texts_scrub_text_leaves_alone() -> None:
    texts = TRICKY + _generated_texts(3000)
    needed = scrub_needed(pa.array(texts, pa.string())).to_pylist()
    cleared = [t for t, n in zip(texts, needed, strict=True) if not n]
    assert [t for t in cleared if scrub_text(t) != t] == []
    assert len(cleared) > len(texts) / 3  # and it clears a good share
    # Every text scrub_text changes is flagged.
    assert all(n for t, n in zip(texts, needed, strict=True) if scrub_text(t) != t)


def test_the_prefilter_matches_every_character_that_folding_changes() -> None:
    """Per character: a text with a character that folding changes (into a digit, a dash, a space,
    nothing) is always sent to the row engine's code, whose finders see the folded text."""
    every = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    folding = [c for c in every if fold_with_offsets(c)[0] != c or (c.isdigit() and not c.isascii())]
    flagged = scrub_needed(pa.array(folding, pa.string())).to_pylist()
    assert all(flagged) and len(folding) > 1000


def test_the_prefilter_flags_every_corpus_sentence_with_an_identifier() -> None:
    corpus = yaml.safe_load((Path(__file__).parents[1] / "fixtures" / "free_text_corpus.yml").read_text())
    texts = [item["t"] for item in corpus["with_identifiers"]]
    assert len(texts) > 100
    assert all(scrub_needed(pa.array(texts, pa.string())).to_pylist())


def test_vectorised_conversions_equal_the_reference() -> None:
    extract = load_contracts()["belastingdienst"].extract("fiscale_signalen")
    checker = ColumnChecker(RowTransformer(extract, PseudonymKey(version="t", secret=b"s" * 32), "f", None, None))
    values = [
        "1", "007", "-0", "0", "-5", "12", " 12", "12 ", "123456789012345678", "1234567890123456789",
        "12,50", "12.50", "-0,00", "1.234,56", "0012,5", "1e5", "9711 AA", "9711aa", "9711 SA", "9711 sd",
        "0711 AA", "9711-AA", "NL9711AA", "9711  AA", "tekst", " tekst", "tekst\u00a0", "x\x00y", "", "\u0661",
    ]  # fmt: skip
    for column in (
        Column(name="n", type="integer"),
        Column(name="m", type="integer", min=1),
        Column(name="d", type="decimal"),
        Column(name="e", type="decimal", min=0),
        Column(name="p", type="postcode", identifier="address", privacy="pc4"),
        Column(name="s", type="string"),
        Column(name="t", type="text", identifier="free_text", privacy="scrub"),
    ):
        reference = checker._reference(column)
        fast, text = checker._fast(column, pa.array(values, pa.string()))
        converted_values = (text if text is not None else pa.nulls(len(values))).to_pylist()
        for value, is_fast, converted in zip(values, fast.to_pylist(), converted_values, strict=True):
            if is_fast:
                expected = reference(value)
                assert not isinstance(expected, Exception), (column.name, value)
                if column.type == "decimal":
                    assert float(converted) == float(expected), (column.name, value)
                else:
                    assert converted == expected, (column.name, value)
    assert _copy_text(True) == "t" and _copy_text(date(2026, 1, 2)) == "2026-01-02" and _copy_text(None) is None
