"""The shape of one region's demo data for one seed.

A region profile fixes the region's gemeenten (with a synthetic size, PC4 block and netnummer), the
hotspot gemeenten per thema, and each partner's thema weights: the partner's own emphasis, the
region's, a per-seed factor, and the themes the partner is silent on there.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from informatiebeeld.config.contracts import load_regions
from informatiebeeld_demo.common.reference import Reference, final_successor, load_reference

# The tables below are data; they keep a compact layout.
# fmt: off

HENNEP_SEPARATE_SHARE = 0.6  # regions that register hennep apart from drugs

# Thema weights per partner before the region's own emphasis; themes absent here get DEFAULT weight.
DEFAULT_THEMA_WEIGHT = 3.0
PARTNER_THEMA_WEIGHTS: dict[str, dict[str, float]] = {
    "politie": {
        "drugs": 24, "hennep": 12, "mensenhandel": 6, "arbeidsuitbuiting": 3, "witwassen": 8,
        "vastgoed": 2, "omg": 6, "jonge_aanwas": 12, "buitengebied": 5, "logistiek": 6,
        "bedrijventerreinen": 4, "milieucriminaliteit": 4,
    },
    "gemeente": {
        "drugs": 10, "hennep": 12, "mensenhandel": 8, "arbeidsuitbuiting": 6, "witwassen": 8,
        "vastgoed": 12, "omg": 4, "jonge_aanwas": 6, "buitengebied": 8, "logistiek": 3,
        "bedrijventerreinen": 8, "zorgfraude": 7, "milieucriminaliteit": 5,
    },
    "belastingdienst": {
        "drugs": 8, "hennep": 4, "mensenhandel": 4, "arbeidsuitbuiting": 8, "witwassen": 26,
        "vastgoed": 14, "buitengebied": 3, "logistiek": 6, "bedrijventerreinen": 5, "zorgfraude": 10,
        "milieucriminaliteit": 2,
    },
    "riec": {
        "drugs": 14, "hennep": 6, "mensenhandel": 9, "arbeidsuitbuiting": 6, "witwassen": 14,
        "vastgoed": 10, "omg": 4, "jonge_aanwas": 5, "buitengebied": 5, "logistiek": 5,
        "bedrijventerreinen": 5, "zorgfraude": 5, "milieucriminaliteit": 3,
    },
}
# Themes a partner never reports on, in every region.
SILENT_THEMAS: dict[str, frozenset[str]] = {
    "politie": frozenset({"zorgfraude"}),
    "belastingdienst": frozenset({"omg", "jonge_aanwas"}),
}
# In half of the regions (chosen per seed) the gemeenten have nothing on this thema.
GEMEENTE_SOMETIMES_SILENT = "logistiek"
# Themes that weigh more in some regions, for all partners.
REGION_EMPHASIS: dict[str, dict[str, float]] = {
    "rotterdam": {"logistiek": 4.0, "drugs": 1.3},
    "amsterdam_amstelland": {"logistiek": 2.0, "witwassen": 1.6, "vastgoed": 1.5},
    "zeeland_west_brabant": {"logistiek": 2.5, "drugs": 1.5, "buitengebied": 1.4},
    "oost_brabant": {"drugs": 1.6, "hennep": 1.5, "buitengebied": 1.6, "milieucriminaliteit": 1.8},
    "limburg": {"drugs": 1.5, "buitengebied": 1.4, "milieucriminaliteit": 1.5},
    "noord_nederland": {"buitengebied": 1.8, "arbeidsuitbuiting": 1.4},
    "oost_nederland": {"buitengebied": 1.6, "omg": 1.4, "arbeidsuitbuiting": 1.4},
    "den_haag": {"jonge_aanwas": 1.5, "vastgoed": 1.3},
    "midden_nederland": {"bedrijventerreinen": 1.4, "jonge_aanwas": 1.3},
    "noord_holland": {"buitengebied": 1.3, "mensenhandel": 1.3},
}

# Approximate postcode ranges (PC4) per region; gemeenten get a block inside the range.
REGION_PC4: dict[str, tuple[int, int]] = {
    "noord_nederland": (7700, 9999),
    "oost_nederland": (6500, 7699),
    "midden_nederland": (3400, 3999),
    "noord_holland": (1400, 1999),
    "amsterdam_amstelland": (1000, 1199),
    "den_haag": (2200, 2699),
    "rotterdam": (2900, 3399),
    "zeeland_west_brabant": (4300, 5099),
    "oost_brabant": (5200, 5799),
    "limburg": (5800, 6499),
}
REGION_NETNUMMER: dict[str, str] = {
    "noord_nederland": "0512", "oost_nederland": "0544", "midden_nederland": "0343",
    "noord_holland": "0299", "amsterdam_amstelland": "0297", "den_haag": "0174", "rotterdam": "0186",
    "zeeland_west_brabant": "0113", "oost_brabant": "0413", "limburg": "0475",
}
# Rounded orders of magnitude for the larger gemeenten; the rest get a synthetic size.
BIG_GEMEENTEN: dict[str, tuple[int, str]] = {
    "Amsterdam": (900_000, "020"), "Rotterdam": (660_000, "010"), "'s-Gravenhage": (560_000, "070"),
    "Utrecht": (370_000, "030"), "Eindhoven": (240_000, "040"), "Groningen": (240_000, "050"),
    "Tilburg": (225_000, "013"), "Almere": (220_000, "036"), "Breda": (185_000, "076"),
    "Nijmegen": (180_000, "024"), "Apeldoorn": (167_000, "055"), "Arnhem": (166_000, "026"),
    "Haarlem": (163_000, "023"), "Haarlemmermeer": (160_000, "023"), "Enschede": (160_000, "053"),
    "Amersfoort": (160_000, "033"), "Zaanstad": (160_000, "075"), "'s-Hertogenbosch": (160_000, "073"),
    "Zwolle": (132_000, "038"), "Leiden": (128_000, "071"), "Zoetermeer": (127_000, "079"),
    "Leeuwarden": (126_000, "058"), "Maastricht": (122_000, "043"), "Dordrecht": (121_000, "078"),
    "Ede": (121_000, "0318"), "Westland": (113_000, "0174"), "Alphen aan den Rijn": (114_000, "0172"),
    "Alkmaar": (111_000, "072"), "Emmen": (108_000, "0591"), "Delft": (106_000, "015"),
    "Venlo": (102_000, "077"), "Deventer": (102_000, "0570"), "Helmond": (94_000, "0492"),
    "Sittard-Geleen": (91_000, "046"), "Heerlen": (87_000, "045"), "Hilversum": (92_000, "035"),
    "Súdwest-Fryslân": (91_000, "0515"), "Oss": (93_000, "0412"), "Amstelveen": (92_000, "020"),
    "Hengelo (O.)": (82_000, "074"), "Roosendaal": (78_000, "0165"), "Schiedam": (80_000, "010"),
    "Lelystad": (80_000, "0320"), "Purmerend": (93_000, "0299"), "Assen": (69_000, "0592"),
    "Middelburg": (49_000, "0118"), "Vlissingen": (45_000, "0118"),
}

# fmt: on


@dataclass(frozen=True)
class Gemeente:
    code: str
    naam: str
    inwoners: int
    pc4_low: int
    pc4_high: int
    netnummer: str


@dataclass(frozen=True)
class RegionProfile:
    """The deterministic shape of one region's demo data for one seed."""

    code: str
    abbreviation: str
    index: int
    gemeenten: tuple[Gemeente, ...]
    old_codes: Mapping[str, str]  # old (merged) gemeente code -> current code in this region
    hotspots: Mapping[str, tuple[str, ...]]  # thema -> gemeente codes where it concentrates
    thema_weights: Mapping[str, Mapping[str, float]]  # partner -> thema -> weight (0 = silent)
    hennep_separate: bool

    def silent_themas(self, partner: str) -> frozenset[str]:
        """Themes this partner has no records on in this region."""
        weights = self.thema_weights.get(partner)
        if weights is None:
            return frozenset()
        return frozenset(thema for thema, weight in weights.items() if weight <= 0)

    def allowed_gemeente_codes(self) -> frozenset[str]:
        return frozenset(g.code for g in self.gemeenten) | frozenset(self.old_codes)


def _abbreviation(region: str) -> str:
    parts = region.split("_")
    return "".join(p[0] for p in parts).upper() if len(parts) > 1 else region[:2].upper()


def _ranked_regions(seed: int, purpose: str, regions: Sequence[str]) -> list[str]:
    return sorted(regions, key=lambda code: sha256(f"{seed}:{purpose}:{code}".encode()).hexdigest())


def _gemeenten(region: str, rows: Sequence[tuple[str, str]], rng: random.Random) -> tuple[Gemeente, ...]:
    low, high = REGION_PC4.get(region, (1000, 9999))
    block = max(1, (high - low + 1) // max(1, len(rows)))
    result = []
    for position, (code, naam) in enumerate(sorted(rows)):
        known = BIG_GEMEENTEN.get(naam)
        if known:
            inwoners = round(known[0] * rng.uniform(0.97, 1.0))
            netnummer = known[1]
        else:
            inwoners = round(min(90_000.0, max(5_000.0, rng.lognormvariate(math.log(28_000), 0.6))))
            netnummer = REGION_NETNUMMER.get(region, "0345")
        start = min(low + position * block, high)
        result.append(Gemeente(code, naam, inwoners, start, min(high, start + block - 1), netnummer))
    return tuple(result)


def _region_factors(region: str, themas: Sequence[str], rng: random.Random) -> dict[str, float]:
    emphasis = REGION_EMPHASIS.get(region, {})
    return {thema: rng.uniform(0.6, 1.6) * emphasis.get(thema, 1.0) for thema in themas}


def _partner_weights(
    partner: str, factors: Mapping[str, float], hennep_separate: bool, gemeente_logistiek_silent: bool
) -> dict[str, float]:
    base = PARTNER_THEMA_WEIGHTS.get(partner, {})
    silent = set(SILENT_THEMAS.get(partner, frozenset()))
    if partner == "gemeente" and gemeente_logistiek_silent:
        silent.add(GEMEENTE_SOMETIMES_SILENT)
    weights = {
        thema: 0.0 if thema in silent else base.get(thema, DEFAULT_THEMA_WEIGHT) * factor
        for thema, factor in factors.items()
    }
    if not hennep_separate and "hennep" in weights and "drugs" in weights:
        weights["drugs"] += weights["hennep"]
        weights["hennep"] = 0.0
    return weights


def region_profile(region: str, seed: int = 42, *, seeds_dir: Path | None = None) -> RegionProfile:
    """The hotspots, silences and gemeenten that shape a region's demo data for a seed."""
    return build_profile(region, seed, load_reference(seeds_dir))


def build_profile(region: str, seed: int, reference: Reference) -> RegionProfile:
    all_regions = list(load_regions())
    if region not in all_regions:
        raise ValueError(f"unknown region {region!r}; known: {', '.join(all_regions)}")
    rows = [(code, naam) for code, naam, regio in reference.current if regio == region]
    if not rows:
        raise ValueError(f"region {region!r} has no current gemeenten in ref_gemeenten.csv")
    rng = random.Random(f"{seed}:{region}:profiel")
    gemeenten = _gemeenten(region, rows, rng)
    codes = [g.code for g in gemeenten]
    hotspots = {}
    for thema in reference.themas:
        count = min(rng.randint(2, 4), max(1, len(codes) // 3))
        hotspots[thema] = tuple(sorted(rng.sample(codes, count)))
    hennep_separate = rng.random() < HENNEP_SEPARATE_SHARE
    ranked = _ranked_regions(seed, "gemeente-stil", all_regions)
    logistiek_silent = region in ranked[: len(ranked) // 2]
    factors = _region_factors(region, reference.themas, rng)
    weights = {
        partner: _partner_weights(partner, factors, hennep_separate, logistiek_silent)
        for partner in PARTNER_THEMA_WEIGHTS
    }
    current = set(codes)
    old_codes = {}
    for old in sorted(reference.successor):
        final = final_successor(old, reference.successor)
        if final in current and old not in current:
            old_codes[old] = final
    return RegionProfile(
        code=region,
        abbreviation=_abbreviation(region),
        index=all_regions.index(region) + 1,
        gemeenten=gemeenten,
        old_codes=old_codes,
        hotspots=hotspots,
        thema_weights=weights,
        hennep_separate=hennep_separate,
    )
