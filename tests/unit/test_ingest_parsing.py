from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from informatiebeeld.config.contracts import load_contracts
from informatiebeeld.ingest.check import RowTransformer
from informatiebeeld.ingest.parse import parse_value
from informatiebeeld.ingest.violations import RowError
from informatiebeeld.privacy.keys import PseudonymKey

KEY = PseudonymKey("1", b"k" * 40)
AFPAKKEN = load_contracts()["belastingdienst"].extract("afpakken")
BETROKKENEN = load_contracts()["politie"].extract("betrokkenen")


def test_decimal_comma_with_thousands_separator() -> None:
    column = AFPAKKEN.column("bedrag_eur")
    assert parse_value(column, "12.345,67", AFPAKKEN) == Decimal("12345.67")
    assert parse_value(column, "1234,5", AFPAKKEN) == Decimal("1234.5")


def test_negative_amount_breaks_the_minimum_rule() -> None:
    with pytest.raises(RowError) as error:
        parse_value(AFPAKKEN.column("bedrag_eur"), "-5,00", AFPAKKEN)
    assert error.value.rule == "minimum"


def test_date_in_contract_format_only() -> None:
    column = AFPAKKEN.column("afpak_datum")
    assert parse_value(column, "03-02-2026", AFPAKKEN) == date(2026, 2, 3)
    with pytest.raises(RowError) as error:
        parse_value(column, "2026-02-03", AFPAKKEN)
    assert error.value.rule == "date_format"


def test_unknown_gemeente_code_is_refused() -> None:
    with pytest.raises(RowError) as error:
        parse_value(AFPAKKEN.column("gemeente_code"), "GM9999", AFPAKKEN)
    assert error.value.rule == "known_gemeente_code"


def test_required_value() -> None:
    with pytest.raises(RowError) as error:
        parse_value(AFPAKKEN.column("afpak_nummer"), "  ", AFPAKKEN)
    assert error.value.rule == "required"


def test_transformer_pseudonymises_generalises_and_drops() -> None:
    transformer = RowTransformer(BETROKKENEN, KEY, "betrokkenen.csv")
    values = [
        "INC-1",
        "1",
        "verdachte",
        "111222333",
        "Jansen",
        "Piet",
        "1980-05-17",
        "06-12345678",
        "12-ABC-3",
    ]
    out, violations = transformer.transform(2, values)
    assert violations == []
    assert out is not None
    flat = " ".join(str(v) for v in out)
    for raw in ("111222333", "Jansen", "Piet", "1980-05-17", "12345678", "12-ABC-3"):
        assert raw not in flat
    assert 1980 in out


def test_transformer_reports_row_column_and_rule_with_masked_value() -> None:
    transformer = RowTransformer(BETROKKENEN, KEY, "betrokkenen.csv")
    values = ["INC-1", "1", "verdachte", "123456789", "", "", "", "", ""]
    out, violations = transformer.transform(7, values)
    assert out is None
    assert len(violations) == 1
    text = str(violations[0])
    assert "betrokkenen.csv" in text and "row 7" in text and "column bsn" in text and "bsn_11_proef" in text
    assert "123456789" not in text


def test_name_and_birth_date_give_a_linkage_pseudonym_only_without_bsn() -> None:
    transformer = RowTransformer(BETROKKENEN, KEY, "betrokkenen.csv")
    names = [name for name, _ in BETROKKENEN.loaded_columns()]
    with_bsn, _ = transformer.transform(2, ["I-1", "1", "getuige", "111222333", "Jansen", "Piet", "1980-05-17", "", ""])
    without_bsn, _ = transformer.transform(3, ["I-1", "2", "getuige", "", "Jansen", "Piet", "1980-05-17", "", ""])
    again, _ = transformer.transform(4, ["I-2", "1", "getuige", "", " jansen ", "piet", "1980-05-17", "", ""])
    column = names.index("naam_geboortedatum_pseudoniem")
    assert with_bsn is not None and with_bsn[column] is None
    assert without_bsn is not None and len(without_bsn[column]) == 64
    assert again is not None and again[column] == without_bsn[column], "typing differences do not break linkage"
    assert "achternaam" not in names and "voornamen" not in names and "geboortedatum" not in names
