"""The leak detector on the formats people type, and on the things that merely look like identifiers."""

from __future__ import annotations

import hashlib

import pytest

from informatiebeeld.privacy.detect import contains_identifier, describe_findings, find_identifiers, identifier_kinds
from informatiebeeld.privacy.scrub import scrub_text

HEX_PSEUDONYM = hashlib.sha256(b"any value").hexdigest()


@pytest.mark.parametrize(
    ("text", "kind", "token"),
    [
        ("BSN 111222333 bekend", "bsn", "111222333"),
        ("(BSN 1112.22.333)", "bsn", "1112.22.333"),
        ("bsn: 111 222 333.", "bsn", "111 222 333"),
        ("bsn 1112 22 333", "bsn", "1112 22 333"),
        ("bsn 111.222.333", "bsn", "111.222.333"),
        ("rekening NL91 ABNA 0417 1643 00 gebruikt", "iban", "NL91 ABNA 0417 1643 00"),
        ("rekening NL91ABNA0417164300", "iban", "NL91ABNA0417164300"),
        ("rekening nl91 abna 0417 1643 00", "iban", "nl91 abna 0417 1643 00"),
        ("Duitse rekening DE89 3704 0044 0532 0130 00.", "iban", "DE89 3704 0044 0532 0130 00"),
        ("mail j.jansen+tip@mail.example.", "email", "j.jansen+tip@mail.example"),
        ("bel 06-12345678 vandaag", "phone", "06-12345678"),
        ("bel 0612345678", "phone", "0612345678"),
        ("bel 06 12 34 56 78", "phone", "06 12 34 56 78"),
        ("via +31 6 1234 5678", "phone", "+31 6 1234 5678"),
        ("via +31612345678", "phone", "+31612345678"),
        ("via +31 (0)6 12345678", "phone", "+31 (0)6 12345678"),
        ("via 0031612345678", "phone", "0031612345678"),
        ("kantoor 010-1234567", "phone", "010-1234567"),
        ("kantoor 0591 123456", "phone", "0591 123456"),
        ("kantoor (050) 123 45 67", "phone", "(050) 123 45 67"),
        ("woont 1234 AB 12", "postcode_huisnummer", "1234 AB 12"),
        ("woont 1234ab, 5", "postcode_huisnummer", "1234ab, 5"),
        ("woont 1234AB12", "postcode_huisnummer", "1234AB12"),
        ("Dorpsstraat 12a, 1234 AB.", "adres", "Dorpsstraat 12a, 1234 AB"),
        ("woont 12a, 1234 AB.", "postcode_huisnummer", "12a, 1234 AB"),
        ("auto 12-ABC-3 gezien", "kenteken", "12-ABC-3"),
        ("auto xx-999-x gezien", "kenteken", "xx-999-x"),
        ("auto GB-12-PT", "kenteken", "GB-12-PT"),
        ("auto 1-KBB-12", "kenteken", "1-KBB-12"),
        ("auto T-12-BBB", "kenteken", "T-12-BBB"),
        # typed forms found by shape after normalisation
        ("BSN123456782 bekend", "bsn", "123456782"),
        ("bsn:123456782.", "bsn", "123456782"),
        ("BSN-nr. 1234-56-782", "bsn", "1234-56-782"),
        ("nummer 123-456-782 gemeld", "bsn", "123-456-782"),
        ("bsn １２３４５６７８２", "bsn", "１２３４５６７８２"),
        ("bsn ١٢٣٤٥٦٧٨٢", "bsn", "١٢٣٤٥٦٧٨٢"),
        ("rekening NL91-ABNA-0417-1643-00 gebruikt", "iban", "NL91-ABNA-0417-1643-00"),
        ("rekening NL91.ABNA.0417.1643.00.", "iban", "NL91.ABNA.0417.1643.00"),
        ("mail jan [at] voorbeeld [dot] nl graag", "email", "jan [at] voorbeeld [dot] nl"),
        ("mail jan(at)voorbeeld(punt)nl", "email", "jan(at)voorbeeld(punt)nl"),
        ("mail jan @ voorbeeld.nl", "email", "jan @ voorbeeld.nl"),
        ("mail jan at voorbeeld dot nl", "email", "jan at voorbeeld dot nl"),
        ("bel 06–12345678", "phone", "06–12345678"),
        ("bel 06.12.34.56.78", "phone", "06.12.34.56.78"),
        ("bel +31 (0)6-1234 5678", "phone", "+31 (0)6-1234 5678"),
        ("Belgisch nummer +32 470 12 34 56", "phone", "+32 470 12 34 56"),
        ("auto GBPT12 gezien", "kenteken", "GBPT12"),
        ("gezien: 12BXF3 op de A2", "kenteken", "12BXF3"),
        ("kenteken 12abc3", "kenteken", "12abc3"),
        ("KvK-nr. 12345678", "kvk", "12345678"),
        ("KvK nummer: 1234 5678", "kvk", "1234 5678"),
        ("kvk:12345678", "kvk", "12345678"),
        ("woont Kerkstraat 12 sinds mei", "adres", "Kerkstraat 12"),
        ("gesprek met dhr. Çelikkaya", "naam", "Çelikkaya"),
        ("DHR. JANSEN belde", "naam", "JANSEN"),
        ("verdachte: Jan-Willem van der Berg-Öztürk.", "naam", "Jan-Willem van der Berg-Öztürk"),
    ],
)
def test_finds_identifiers_in_every_typed_format(text: str, kind: str, token: str) -> None:
    findings = find_identifiers(text)
    assert [(f.kind, text[f.start : f.end]) for f in findings] == [(kind, token)]
    assert contains_identifier(text)


@pytest.mark.parametrize(
    "text",
    [
        HEX_PSEUDONYM,
        f"pseudoniem {HEX_PSEUDONYM} gekoppeld",
        "1" + "0" * 20 + "111222333" + "abc",  # digits inside a longer token
        "bedrag 123.456,78 euro, 1.250.000 of 1.111.222.333",
        "3 panden, bedrag 123456789 euro, zaak 2024-001",  # 9 digits failing the 11-proef
        "op 01-02-2024 10:00, 2024-11-23, 23-11-2024",
        "zaak PL0100-2024000021 en PL0100-111222333",
        "nummers 12345678 en 87654321",
        "tussen 2023 en 2024, 1500 op 12 locaties",
        "postcodegebied 2333 en omgeving",
        "bedrag € 123.456.782 en 123.456.782,- en 123456782 euro",
        "om 14:30 uur, 12,5% van 4.000 meldingen, art. 13b Opiumwet",
        "zaak RIEC-2024-00123 en dossier 2024/001234",
        "de melder belde, de verdachte zweeg, betrokkene onbekend",
        "in de Kerkstraat werd gebeld",
        "geboren 1-mei-24",
        "signaal FS20240100021, BIBOB-NN-2024-0012, HRM0120240101000123",
        "Betrokkene [NAAM] (BSN [BSN]), [IBAN], [TELEFOON], [EMAIL], [ADRES], [POSTCODE], [KENTEKEN]",
        "PL01 0020 2400 0021",  # no valid IBAN
        "NL91ABNA0417164301",  # checksum wrong
        "",
    ],
)
def test_ignores_what_only_looks_like_an_identifier(text: str) -> None:
    assert find_identifiers(text) == [], describe_findings(text)
    assert not contains_identifier(text)


def test_several_identifiers_in_one_text_in_order() -> None:
    text = "Betrokkene (BSN 111 222 333) belde 06-12345678 over NL91ABNA0417164300 en 12-ABC-3."
    assert identifier_kinds(text) == ["bsn", "phone", "iban", "kenteken"]


def test_description_shows_kind_and_shape_never_the_value() -> None:
    text = "bsn 1112.22.333, tel +31 6 1234 5678"
    described = describe_findings(text)
    assert described == "bsn 9999.99.999; phone +99 9 9999 9999"
    assert "1112" not in described and "5678" not in described


@pytest.mark.parametrize(
    "text",
    [
        "Betrokkene de Vries (BSN 111.222.333), bereikbaar op +31 6 1234 5678 en jan@mail.example.",
        "Pand Dorpsstraat 12 hs, 1234 ab. Auto xx-999-x. Geld naar nl91 abna 0417 1643 00.",
        "Melder belde vanaf (050) 123 45 67 over 1234AB12.",
    ],
)
def test_scrubbed_text_passes_the_detector(text: str) -> None:
    assert contains_identifier(text)
    assert not contains_identifier(scrub_text(text)), scrub_text(text)


def test_the_committed_guard_class_is_the_folding_of_this_unicode_version() -> None:
    """guard_class.py spares every process folding all of Unicode; it must be what folding gives.
    When this fails (a new Python or a changed fold):
    python -m informatiebeeld.privacy.detect --write-guard-class"""
    import unicodedata

    from informatiebeeld.privacy import guard_class
    from informatiebeeld.privacy.detect import folding_guard, special_class

    assert unicodedata.unidata_version == guard_class.UNIDATA_VERSION
    assert special_class() == guard_class.CLASS
    assert folding_guard().startswith(f"[{guard_class.CLASS}")
