"""CBS: bevolking, one row per current gemeente with its (synthetic) number of inwoners; it does not scale."""

from __future__ import annotations

from collections.abc import Iterator

from informatiebeeld_demo.common.context import Context, Producer, Row


def bevolking(ctx: Context) -> Iterator[Row]:
    for gemeente in ctx.profile.gemeenten:
        yield {
            "gemeente_code": gemeente.code,
            "peiljaar": ctx.delivery_date.year,
            "inwoners": gemeente.inwoners,
            "is_synthetisch": True,
        }


PRODUCERS: dict[str, Producer] = {
    "bevolking": bevolking,
}
