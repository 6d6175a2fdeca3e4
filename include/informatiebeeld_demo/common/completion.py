"""Typed values for what no producer knows yet: a column a contract gained, or a whole new extract.

A contract can grow before the generator does. Required and key columns a producer leaves empty get
a value of the column's type, and an extract without a producer gets ``GENERIC_VOLUME`` rows of such
values, so that every delivery still passes its contract.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from informatiebeeld.config.contracts import Column, Extract
from informatiebeeld_demo.common.context import Context, Row
from informatiebeeld_demo.common.draws import money
from informatiebeeld_demo.common.identifiers import format_mobile

GenericValue = Callable[[Context, random.Random, Column, int], object]
_GENERIC: dict[str, GenericValue] = {
    "string": lambda ctx, rng, col, i: f"{col.name.upper()}-{i:06d}",
    "text": lambda ctx, rng, col, i: ctx.free_text(rng, "gemeente", ctx.pick_thema(rng, "riec")),
    "integer": lambda ctx, rng, col, i: int(col.min or 0) + rng.randrange(100),
    "decimal": lambda ctx, rng, col, i: money(rng, 5_000),
    "date": lambda ctx, rng, col, i: ctx.random_date(rng),
    "boolean": lambda ctx, rng, col, i: rng.random() < 0.5,
    "enum": lambda ctx, rng, col, i: rng.choice(col.values or ("",)),
    "list": lambda ctx, rng, col, i: [rng.choice(col.values or ("",))],
    "thema_list": lambda ctx, rng, col, i: [ctx.pick_thema(rng, "riec")],
    "thema_code": lambda ctx, rng, col, i: ctx.pick_thema(rng, "riec"),
    "gemeente_code": lambda ctx, rng, col, i: ctx.pick_gemeente(rng, None)[0],
    "sbi_code": lambda ctx, rng, col, i: ctx.pick_company(rng).sbi_code,
    "postcode": lambda ctx, rng, col, i: ctx.postcode(rng, ctx.pick_gemeente(rng, None)[1]),
    "bsn": lambda ctx, rng, col, i: ctx.pick_person(rng).bsn,
    "iban": lambda ctx, rng, col, i: ctx.pick_person(rng).iban,
    "kvk_nummer": lambda ctx, rng, col, i: ctx.pick_company(rng).kvk_nummer,
    "phone": lambda ctx, rng, col, i: format_mobile(ctx.pick_person(rng).mobiel, rng),
    "email": lambda ctx, rng, col, i: ctx.pick_person(rng).email,
}


def generic_rows(ctx: Context, partner: str, extract: Extract) -> Iterator[Row]:
    count = ctx.count(partner, extract.name)
    for _ in range(count):
        yield {}


def complete(rows: Iterator[Row], ctx: Context, partner: str, extract: Extract) -> Iterator[Row]:
    """Fill required and key columns a producer does not know (a contract that grew) with typed values."""
    rng = ctx.rng(partner, extract.name, "aanvulling")
    missing = [c for c in extract.columns if c.required or c.name in extract.primary_key]
    for number, row in enumerate(rows, start=1):
        for column in missing:
            if row.get(column.name) is None:
                row[column.name] = _GENERIC[column.type](ctx, rng, column, number)
        yield row
