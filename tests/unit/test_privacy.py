from __future__ import annotations

import pytest

from informatiebeeld.privacy.keys import PseudonymKey
from informatiebeeld.privacy.pseudonyms import normalise_phone, pseudonymise
from informatiebeeld.privacy.scrub import scrub_text

KEY = PseudonymKey("1", b"a" * 40)
OTHER_KEY = PseudonymKey("2", b"b" * 40)


@pytest.mark.parametrize("typed", ["111222333", "1112.22.333", "111 222 333", " 111222333 "])
def test_bsn_typed_in_any_format_gives_one_pseudonym(typed: str) -> None:
    assert pseudonymise(KEY, "bsn", typed) == pseudonymise(KEY, "bsn", "111222333")


def test_pseudonym_depends_on_key_and_kind() -> None:
    pseudonym = pseudonymise(KEY, "bsn", "111222333")
    assert len(pseudonym) == 64
    assert pseudonym != pseudonymise(OTHER_KEY, "bsn", "111222333")
    assert pseudonym != pseudonymise(KEY, "kvk", "111222333")
    assert "111222333" not in pseudonym


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("06-12345678", "0612345678"),
        ("+31 6 1234 5678", "0612345678"),
        ("010-1234567", "0101234567"),
        ("0031612345678", "0612345678"),
        ("12345", None),
    ],
)
def test_phone_normalisation(typed: str, expected: str | None) -> None:
    assert normalise_phone(typed) == expected


@pytest.mark.parametrize(
    ("text", "placeholder", "gone"),
    [
        ("bsn 1112.22.333 bekend", "[BSN]", "1112.22.333"),
        ("bsn 111 222 333 bekend", "[BSN]", "111 222 333"),
        ("rekening NL91 ABNA 0417 1643 00 gebruikt", "[IBAN]", "0417"),
        ("bel 06-12345678 vandaag", "[TELEFOON]", "12345678"),
        ("via +31 6 1234 5678", "[TELEFOON]", "5678"),
        ("mail j.jansen@example.nl", "[EMAIL]", "jansen"),
        ("pand Dorpsstraat 12a verdacht", "[ADRES]", "Dorpsstraat"),
        ("postcode 1234 AB", "[POSTCODE]", "1234 AB"),
        ("auto 12-ABC-3 gezien", "[KENTEKEN]", "12-ABC-3"),
        ("KvK 12345678 ingeschreven", "[KVK]", "12345678"),
        ("Betrokkene de Vries (BSN 111 222 333).", "Betrokkene [NAAM]", "Vries"),
        ("Betrokkene Martina gezien", "Betrokkene [NAAM]", "Martina"),
        ("pand van dhr. P.J. van den Berg", "dhr. [NAAM]", "Berg"),
        ("op naam van Jansen", "op naam van [NAAM]", "Jansen"),
    ],
)
def test_scrub_replaces_identifiers_with_typed_placeholders(text: str, placeholder: str, gone: str) -> None:
    scrubbed = scrub_text(text)
    assert placeholder in scrubbed
    assert gone not in scrubbed


def test_scrub_keeps_ordinary_numbers_and_words() -> None:
    text = "3 panden, bedrag 123456789 euro, zaak 2024-001; de melder belde"
    assert scrub_text(text) == text
