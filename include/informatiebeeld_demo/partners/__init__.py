"""One module per partner, each with the producers of that partner's extracts.

A producer takes a region's ``Context`` and yields the extract's rows in file order; each module maps
its extract names to producers in ``PRODUCERS``. To add an extract, add a producer there; until then
``common.completion`` fills the extract with typed values.
"""

from __future__ import annotations

from informatiebeeld_demo.common.context import Producer
from informatiebeeld_demo.partners import belastingdienst, cbs, gemeente, kvk, politie, riec

BY_PARTNER = {
    "politie": politie.PRODUCERS,
    "gemeente": gemeente.PRODUCERS,
    "belastingdienst": belastingdienst.PRODUCERS,
    "kvk": kvk.PRODUCERS,
    "riec": riec.PRODUCERS,
    "cbs": cbs.PRODUCERS,
}
# (partner, extract) -> producer, for every extract some partner module knows.
PRODUCERS: dict[tuple[str, str], Producer] = {
    (partner, extract): producer for partner, producers in BY_PARTNER.items() for extract, producer in producers.items()
}
