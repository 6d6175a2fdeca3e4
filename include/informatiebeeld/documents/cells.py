"""How a published value is written on a page: Dutch number formatting, and a suppressed cell as
``x`` (afgeschermd), never as 0 and never as empty."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from markupsafe import Markup, escape

SUPPRESSED_TITLE = "afgeschermd: een klein aantal, of een cel waaruit een klein aantal te herleiden is"
NO_DATA = "–"


@dataclass(frozen=True)
class Value:
    value: Any
    suppressed: bool

    @property
    def known(self) -> bool:
        return not self.suppressed and self.value is not None


def value_of(row: dict[str, Any] | None, column: str) -> Value:
    if row is None:
        return Value(None, False)
    return Value(row.get(column), column in row.get("onderdrukt", ()))


def number(value: Any, decimals: int | None = None) -> str:
    """1234567.5 as 1.234.567,5 (Dutch)."""
    if isinstance(value, Decimal | float):
        places = 2 if decimals is None else decimals
        text = f"{float(value):,.{places}f}"
    else:
        text = f"{int(value):,d}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def cell(row: dict[str, Any] | None, column: str, decimals: int | None = None) -> Markup:
    """The HTML of one table cell's content."""
    found = value_of(row, column)
    if found.suppressed:
        return Markup('<span class="afgeschermd" title="{}">x</span>').format(SUPPRESSED_TITLE)
    if found.value is None:
        return Markup('<span class="geen" title="geen gegevens">{}</span>').format(NO_DATA)
    if isinstance(found.value, bool):
        return Markup("ja") if found.value else Markup("nee")
    if isinstance(found.value, int | float | Decimal):
        return Markup(escape(number(found.value, decimals)))
    return Markup(escape(str(found.value)))


def euro(value: Any) -> str:
    return "€ " + number(value, 0)
