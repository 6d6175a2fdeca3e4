"""Splitting a joint Brabant-Zeeland delivery into today's regions, row by row, by gemeente."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from informatiebeeld.config import reference
from informatiebeeld.config.contracts import load_contracts
from informatiebeeld.ingest import joint

PARTS = ("oost_brabant", "zeeland_west_brabant")
HEADER = "beeld_nummer;gemeente_code;opleverdatum;soort\n"


def _split(tmp_path: Path, text: str, on: date, encoding: str = "utf-8") -> tuple[dict[str, int], dict[str, str]]:
    extract = load_contracts()["riec"].extract("ondermijningsbeelden")
    path = tmp_path / "ondermijningsbeelden.csv"
    path.write_bytes(text.encode(encoding))
    targets = {part: io.StringIO() for part in PARTS}
    counts = joint.split_rows(path, extract, PARTS, on, targets)
    return counts, {part: target.getvalue() for part, target in targets.items()}


def test_the_taskforce_was_both_regions_until_2024() -> None:
    assert reference.forms_of_region("oost_brabant") == {"brabant_zeeland": date(2024, 12, 31)}
    assert reference.forms_of_region("zeeland_west_brabant") == {"brabant_zeeland": date(2024, 12, 31)}
    assert reference.forms_of_region("limburg") == {}
    assert reference.parts_of_form("brabant_zeeland", date(2021, 6, 1)) == PARTS
    assert reference.parts_of_form("brabant_zeeland", date(2025, 1, 1)) == ()


def test_each_row_goes_to_the_region_of_its_gemeente_on_the_delivery_date(tmp_path: Path) -> None:
    counts, written = _split(
        tmp_path,
        HEADER
        + "B-1;GM0855;2024-03-01;gemeentelijk\n"  # Tilburg
        + "B-2;GM0796;2024-04-01;thematisch\n"  # 's-Hertogenbosch
        + "B-3;gm0788;2024-05-01;gemeentelijk\n"  # Haaren, merged into Oisterwijk in 2021, in lower case
        + 'B-4;GM0772;2024-06-01;"gebiedsgericht"\n',  # Eindhoven, quoted
        date(2024, 12, 30),
    )
    assert counts == {"oost_brabant": 2, "zeeland_west_brabant": 2}
    assert written["zeeland_west_brabant"] == (
        HEADER + "B-1;GM0855;2024-03-01;gemeentelijk\nB-3;gm0788;2024-05-01;gemeentelijk\n"
    )
    assert (
        written["oost_brabant"] == HEADER + "B-2;GM0796;2024-04-01;thematisch\nB-4;GM0772;2024-06-01;gebiedsgericht\n"
    )


def test_a_row_of_neither_region_goes_to_both_to_be_refused_there(tmp_path: Path) -> None:
    """Unknown, empty, another region's or a broken row: no region can claim it, so each region's load
    rejects it with its usual rule; it is never silently dropped."""
    rows = [
        "B-1;GM9999;2024-03-01;gemeentelijk\n",  # no such gemeente
        "B-2;;2024-03-01;gemeentelijk\n",  # none
        "B-3;GM0014;2024-03-01;gemeentelijk\n",  # Groningen: Noord-Nederland
        "B-4;GM0855\n",  # too few fields, yet a Brabant gemeente: it goes to Zeeland-West-Brabant
    ]
    counts, written = _split(tmp_path, HEADER + "".join(rows), date(2024, 12, 30))
    assert counts == {"oost_brabant": 3, "zeeland_west_brabant": 4}
    assert written["oost_brabant"] == HEADER + "".join(rows[:3])


def test_a_header_the_load_refuses_sends_every_row_to_both(tmp_path: Path) -> None:
    counts, written = _split(
        tmp_path, "nummer;gemeente;datum;soort\nB-1;GM0855;2024-03-01;gemeentelijk\n", date(2024, 1, 1)
    )
    assert counts == {"oost_brabant": 1, "zeeland_west_brabant": 1}
    assert written["oost_brabant"] == written["zeeland_west_brabant"]


def test_a_file_that_is_not_the_contracts_csv_raises_for_a_whole_copy(tmp_path: Path) -> None:
    with pytest.raises(UnicodeDecodeError):
        _split(tmp_path, HEADER + "B-1;GM0855;2024-03-01;g\xe9meentelijk\n", date(2024, 1, 1), encoding="latin-1")


def test_an_extract_without_a_required_gemeente_cannot_be_split() -> None:
    riec = load_contracts()["riec"]
    assert joint._splittable(riec.extract("casusregister")) is None
    assert joint._splittable(riec.extract("casus_subjecten")) == "joint_delivery_needs_gemeente"
    assert joint._splittable(riec.extract("handhavingsknelpunten")) == "joint_delivery_needs_gemeente"
    bibob = next(e for e in load_contracts()["gemeente"].extracts if e.format == "xlsx")
    assert joint._splittable(bibob) == "joint_delivery_format"
