"""The jaarverslag layout: joint RIECs share a column, 0 / gg / nvt stay distinct, footnotes are numbered."""

from __future__ import annotations

from decimal import Decimal

from informatiebeeld.publish.export import Cell, build_table, combine


def _cell(code: str, naam: str, rij: str, value: int | None, status: str, voetnoot: str | None = None) -> Cell:
    volgorde = {"casussen_behandeld": 20, "ingebracht_om": 31}[rij]
    return Cell(
        code, naam, volgorde, rij, rij.replace("_", " "), None if value is None else Decimal(value), status, voetnoot
    )


def test_combine_keeps_zero_gg_and_nvt_apart() -> None:
    zero = _cell("a", "A", "ingebracht_om", 0, "waarde")
    gg = _cell("b", "B", "ingebracht_om", None, "gg")
    nvt = _cell("c", "C", "ingebracht_om", None, "nvt")
    assert combine([zero, gg]) == (Decimal(0), "waarde")
    assert combine([gg, nvt]) == (None, "gg")
    assert combine([nvt]) == (None, "nvt")


def test_joint_riec_shares_a_column_and_the_total_adds_up() -> None:
    joint = "Gezamenlijk gerapporteerd als Taskforce-RIEC Brabant-Zeeland"
    cells = [
        _cell("brabant_zeeland", "Taskforce-RIEC Brabant-Zeeland", "casussen_behandeld", 7, "waarde", joint),
        _cell("brabant_zeeland", "Taskforce-RIEC Brabant-Zeeland", "casussen_behandeld", 5, "waarde", joint),
        _cell("limburg", "RIEC Limburg", "casussen_behandeld", 4, "waarde"),
        _cell("brabant_zeeland", "Taskforce-RIEC Brabant-Zeeland", "ingebracht_om", None, "gg"),
        _cell("limburg", "RIEC Limburg", "ingebracht_om", 0, "waarde"),
    ]
    table = build_table(1, cells)
    assert table.header == ["", "RIEC Limburg", "Taskforce-RIEC Brabant-Zeeland", "Landelijk totaal"]
    assert table.rows == [
        ["casussen behandeld", 4, "12 [1]", 16],
        ["ingebracht om", 0, "gg", 0],
    ]
    assert table.footnotes == [joint]
