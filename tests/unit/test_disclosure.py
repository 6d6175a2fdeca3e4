from __future__ import annotations

import pandas as pd

from informatiebeeld.config.publication import Lagged, MartDisclosure, TimeHierarchy, load_publication_config
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


def _periods(values: dict[tuple[str, str], int], column: str = "n") -> pd.DataFrame:
    rows = [{"gemeente": "A", "soort": soort, "periode": periode, column: n} for (soort, periode), n in values.items()]
    return pd.DataFrame(rows).sort_values(["gemeente", "soort", "periode"]).reset_index(drop=True)


HIERARCHY = MartDisclosure(
    key=("gemeente", "soort", "periode"),
    counts=("n",),
    time_hierarchy=TimeHierarchy(grain="soort", period="periode"),
)


def test_a_small_month_is_protected_by_a_cell_of_its_kwartaal_that_is_not_zero() -> None:
    frame = _periods({("maand", "2026-01"): 2, ("maand", "2026-02"): 0, ("maand", "2026-03"): 20,
                      ("kwartaal", "2026-K1"): 22})  # fmt: skip
    mask = suppression_mask(frame, HIERARCHY, threshold=5)
    hidden = set(frame.loc[mask["n"], "periode"])
    assert "2026-01" in hidden and "2026-02" not in hidden, "a 0 would pin the month to the remainder"
    assert len(hidden) == 2


def test_a_lagged_copy_of_a_suppressed_count_is_suppressed_too() -> None:
    rules = MartDisclosure(
        key=("gemeente", "soort", "periode"),
        counts=("n", "vorige"),
        time_hierarchy=TimeHierarchy(grain="soort", period="periode"),
        lagged={"vorige": Lagged(of="n")},
    )
    frame = pd.DataFrame([
        {"gemeente": "A", "soort": "jaar", "periode": "2025", "n": 3, "vorige": None},
        {"gemeente": "A", "soort": "jaar", "periode": "2026", "n": 40, "vorige": 3},
    ])  # fmt: skip
    mask = suppression_mask(frame, rules, threshold=5)
    assert mask.to_dict("list") == {"n": [True, False], "vorige": [False, True]}


def test_a_row_total_with_one_small_part_hides_a_second_part() -> None:
    rules = MartDisclosure(key=("gemeente",), counts=("a", "b", "c", "totaal"), row_sums={"totaal": ("a", "b", "c")})
    frame = pd.DataFrame([{"gemeente": "A", "a": 2, "b": 0, "c": 30, "totaal": 32}])
    mask = suppression_mask(frame, rules, threshold=5)
    assert mask.iloc[0].to_dict() == {"a": True, "b": False, "c": True, "totaal": False}


def test_a_link_to_a_mart_or_key_that_is_not_configured_is_refused() -> None:
    from pydantic import ValidationError

    from informatiebeeld.config.publication import PublicationConfig

    per_jaar = {"key": ["g", "jaar"], "counts": ["n"]}
    for link, message in (
        ({"mart": "per_jar", "key": {"g": "g", "periode": "jaar"}}, "per_jar is not a mart"),
        ({"mart": "per_jaar", "key": {"g": "g"}}, "whole key of per_jaar"),
        ({"mart": "per_jaar", "key": {"g": "g", "maand": "jaar"}}, "whole key of per_jaar"),
    ):
        per_periode = {"key": ["g", "periode"], "counts": ["n"], "linked": link}
        try:
            PublicationConfig.model_validate({"marts": {"per_jaar": per_jaar, "per_periode": per_periode}})
        except ValidationError as error:
            assert message in str(error)
        else:
            raise AssertionError(f"{link} was accepted")
    good = {"mart": "per_jaar", "key": {"g": "g", "periode": "jaar"}}
    per_periode = {"key": ["g", "periode"], "counts": ["n"], "linked": good}
    PublicationConfig.model_validate({"marts": {"per_jaar": per_jaar, "per_periode": per_periode}})
