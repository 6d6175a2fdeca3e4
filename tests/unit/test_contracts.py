from __future__ import annotations

from pathlib import Path

import pytest

from informatiebeeld.config import reference
from informatiebeeld.config.contracts import ConfigError, load_contract, load_contracts, load_regions


def test_all_contracts_and_regions_load() -> None:
    contracts = load_contracts()
    assert {"politie", "gemeente", "belastingdienst", "kvk", "riec", "cbs"} <= set(contracts)
    assert len(load_regions()) == 10


def test_every_identifier_column_has_a_protecting_rule() -> None:
    for contract in load_contracts().values():
        for extract in contract.extracts:
            for column in extract.columns:
                if column.identifier:
                    assert column.privacy != "keep", (contract.partner, extract.name, column.name)
                    assert column.loaded_name != column.name or column.privacy == "scrub"


def test_every_region_has_gemeenten_in_the_reference_data() -> None:
    for region in load_regions():
        assert reference.gemeenten_of_region(region), region


def test_broken_contract_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "politie.yml"
    path.write_text(
        "partner: politie\nname: P\ndescription: d\nextracts:\n"
        "  - name: x\n    description: d\n    file_name: x.csv\n    format: csv\n    cadence: sometimes\n"
        "    primary_key: [a]\n    columns:\n      - {name: a, type: string}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as error:
        load_contract(path)
    assert str(path) in str(error.value)
    assert "extracts.0.cadence" in str(error.value)


def test_identifier_without_privacy_rule_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kvk.yml"
    path.write_text(
        "partner: kvk\nname: K\ndescription: d\nextracts:\n"
        "  - name: x\n    description: d\n    file_name: x.csv\n    format: csv\n    cadence: daily\n"
        "    primary_key: [bsn]\n    columns:\n      - {name: bsn, type: bsn, identifier: bsn}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="needs a privacy rule"):
        load_contract(path)


@pytest.mark.parametrize("column_type", ["bsn", "iban", "phone", "email", "postcode"])
def test_identifier_typed_column_without_identifier_rule_is_refused(tmp_path: Path, column_type: str) -> None:
    path = tmp_path / "gemeente.yml"
    path.write_text(
        "partner: gemeente\nname: G\ndescription: d\ngrondslag: Wet Bibob artikel 28\nextracts:\n"
        "  - name: x\n    description: d\n    file_name: x.csv\n    format: csv\n    cadence: daily\n"
        "    bewaartermijn_dagen: 30\n    primary_key: [id]\n    columns:\n"
        f"      - {{name: id, type: string}}\n      - {{name: contact, type: {column_type}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as error:
        load_contract(path)
    message = str(error.value)
    assert str(path) in message and "extracts.0.columns.1" in message
    assert f"column contact has type {column_type}" in message and "'identifier:'" in message
