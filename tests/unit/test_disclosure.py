from __future__ import annotations

import pandas as pd

from informatiebeeld.config.publication import MartDisclosure, load_publication_config
from informatiebeeld.publish.disclosure import suppression_mask

RULES = MartDisclosure(key=("gemeente", "thema"), counts=("n",), groups=(("thema",), ("gemeente",)))


def _frame(values: dict[tuple[str, str], int]) -> pd.DataFrame:
    return pd.DataFrame([{"gemeente": g, "thema": t, "n": n} for (g, t), n in sorted(values.items())])


def test_small_counts_are_suppressed_zero_and_large_are_not() -> None:
    frame = _frame({("A", "x"): 3, ("B", "x"): 0, ("C", "x"): 12})
    mask = suppression_mask(frame, MartDisclosure(key=("gemeente", "thema"), counts=("n",)), threshold=5)
    assert mask["n"].tolist() == [True, False, False]


def test_a_lone_suppressed_cell_gets_a_secondary_one_in_every_group() -> None:
    # Row A,x = 2 is the only small value; thema x and gemeente A both have published totals.
    frame = _frame({("A", "x"): 2, ("B", "x"): 9, ("C", "x"): 20, ("A", "y"): 7, ("B", "y"): 30, ("C", "y"): 8})
    mask = suppression_mask(frame, RULES, threshold=5)
    suppressed = {tuple(frame.loc[i, ["gemeente", "thema"]]) for i in frame.index if mask.at[i, "n"]}
    assert ("A", "x") in suppressed
    for group in ("gemeente", "thema"):
        for _, cells in frame.assign(s=mask["n"]).groupby(group):
            assert cells["s"].sum() != 1, f"a group by {group} holds exactly one suppressed cell"


def test_publication_config_names_existing_marts() -> None:
    marts = load_publication_config().marts
    assert {"gemeente_informatiebeeld", "gemeente_overzicht", "thema_informatiebeeld"} <= set(marts)


def test_every_published_mart_is_suppressed_or_exempt_with_a_reason() -> None:
    from informatiebeeld.config.publication import published_marts

    config = load_publication_config()
    for mart in published_marts():
        assert mart in config.marts or len(config.exempt.get(mart, "")) > 20, mart
    assert not set(config.marts) & set(config.exempt)
