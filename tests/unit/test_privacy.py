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


@pytest.mark.parametrize(
    ("kind", "forms"),
    [
        ("kvk", ["12345678", "１２３４５６７８", "١٢٣٤٥٦٧٨", "1234 5678", "1234\u00a05678"]),
        ("bsn", ["111222333", "１１１２２２３３３", "111–222–333", "111\u200b222333", "1112.22.333"]),
        ("iban", ["NL91ABNA0417164300", "nl91 abna 0417 1643 00", "ＮＬ９１ＡＢＮＡ０４１７１６４３００"]),
        ("phone", ["0612345678", "+31 (0)6 1234 5678", "+31 6 12345678", "0031 6 1234 5678", "06–12 34 56 78"]),
        ("kenteken", ["12-ABC-3", "12abc3", "12–ABC–3", "１２-ＡＢＣ-３"]),
        ("email", ["Jan@Voorbeeld.nl", "jan@voorbeeld.nl", "ｊａｎ＠ｖｏｏｒｂｅｅｌｄ.nl"]),
    ],
)
def test_one_identifier_has_one_pseudonym_however_it_was_typed(kind: str, forms: list[str]) -> None:
    assert len({pseudonymise(KEY, kind, form) for form in forms}) == 1


@pytest.mark.parametrize("typed", ["+31 (0)6 1234 5678", "+31(0)612345678", "0031 (0)6-12345678", "06–1234 5678"])
def test_phone_normalisation_accepts_the_trunk_zero_in_brackets(typed: str) -> None:
    assert normalise_phone(typed) == "0612345678"


@pytest.mark.parametrize(
    "forms",
    [
        [
            "van der Berg|Jan|1990-05-01",
            "Van Der Berg|JAN|1990-05-01",
            "Berg, van der|Jan|1990-05-01",
            "Berg|Jan|1990-05-01",
        ],
        ["Çelikkaya|Ayşe|1985-01-02", "Celikkaya|Ayse|1985-01-02", "ÇELIKKAYA|AYŞE|1985-01-02"],
        ["Jansen-de Vries|Anne  Marie|1970-03-04", "jansen - de vries|Anne-Marie|1970-03-04"],
        ["'t Hart|Piet|1960-07-08", "Hart|Piet|1960-07-08", "’t Hart|Piet|1960-07-08"],
        ["Müller|Jürgen|1975-09-10", "Muller|Jurgen|1975-09-10"],
    ],
)
def test_linkage_pseudonym_survives_case_diacritics_spacing_and_tussenvoegsels(forms: list[str]) -> None:
    assert len({pseudonymise(KEY, "name", form) for form in forms}) == 1


def test_linkage_pseudonym_still_tells_other_birth_dates_and_names_apart() -> None:
    base = pseudonymise(KEY, "name", "van der Berg|Jan|1990-05-01")
    assert base != pseudonymise(KEY, "name", "van der Berg|Jan|1990-05-02")
    assert base != pseudonymise(KEY, "name", "van der Berg|Johan|1990-05-01")


def test_a_postcode_glued_to_lower_case_letters_is_scrubbed_and_a_number_before_a_word_is_not() -> None:
    assert scrub_text("Pand Nieuwstraat 10, 5834ve.") == "[ADRES], [POSTCODE]."
    assert scrub_text("postcode 5834 VE") == "postcode [POSTCODE]"
    assert scrub_text("in 2333 en 2334 gebeurde het") == "in 2333 en 2334 gebeurde het"
