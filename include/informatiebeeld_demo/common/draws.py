"""Weighted draws from a seeded ``random.Random``: one key, several distinct keys, an amount of money.

Every draw goes through a ``random.Random`` the caller seeded for its purpose (see
``Context.rng``), so that changing one extract never shifts the values of another.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from decimal import Decimal


def choose(rng: random.Random, weights: Mapping[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def money(rng: random.Random, median: float, sigma: float = 1.1) -> Decimal:
    return Decimal(f"{rng.lognormvariate(math.log(median), sigma):.2f}")


def distinct(rng: random.Random, weights: Mapping[str, float], count: int) -> list[str]:
    """count different keys drawn by weight (fewer if there are not enough)."""
    remaining = {k: w for k, w in weights.items() if w > 0}
    chosen: list[str] = []
    while remaining and len(chosen) < count:
        pick = choose(rng, remaining)
        chosen.append(pick)
        del remaining[pick]
    return chosen
