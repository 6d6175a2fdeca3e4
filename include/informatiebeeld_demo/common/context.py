"""The generation context of one region: what every producer draws its rows from.

A ``Context`` holds the region's profile and the reference data, and gives each producer seeded
randomness of its own (``rng``), the row count for an extract (``count``), dates in the three-year
window, thema and gemeente picks that follow the profile's weights and hotspots, the recurring
persons and companies (so that pseudonyms link across partners), and free text that now and then
carries an identifier.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar, cast

from informatiebeeld_demo.common.draws import choose
from informatiebeeld_demo.common.identifiers import (
    Permutation,
    ascii_fold,
    complete_bsn,
    format_bsn,
    format_iban,
    format_mobile,
    format_postcode,
    nl_iban,
    random_huisnummer,
    random_kenteken,
    random_postcode_letters,
)
from informatiebeeld_demo.common.reference import Reference
from informatiebeeld_demo.common.regions import Gemeente, RegionProfile
from informatiebeeld_demo.common.words import (
    ACHTERNAMEN,
    ALGEMENE_ZINNEN,
    BANKEN,
    HANDELSNAAM_WOORDEN,
    MAANDEN,
    MAIL_DOMEINEN,
    OTHER_SBI,
    RECHTSVORM_SUFFIX,
    RECHTSVORM_WEIGHTS,
    SBI_NAMEN,
    STRATEN,
    TEKST_SJABLONEN,
    TEKST_STAARTEN,
    THEMA_ZINNEN,
    VOORNAMEN,
)

Row = dict[str, object]
_T = TypeVar("_T")

# Rows per region at scale 1.0. Betrokkenen follow the incidents (1-3 each); bevolking has one row
# per current gemeente and does not scale.
BASE_VOLUMES: dict[tuple[str, str], int] = {
    ("politie", "incidenten"): 300,
    ("gemeente", "signalen"): 200,
    ("gemeente", "bibob_dossiers"): 40,
    ("gemeente", "bestuurlijke_maatregelen"): 30,
    ("belastingdienst", "fiscale_signalen"): 120,
    ("belastingdienst", "afpakken"): 60,
    ("kvk", "handelsregister_mutaties"): 500,
    ("riec", "casusregister"): 40,
    ("riec", "ondermijningsbeelden"): 12,
}
GENERIC_VOLUME = 50  # rows for an extract no producer knows yet
# A national night (all ten regions): politie incidenten and Handelsregister mutaties across the
# country; every other extract in proportion to the Handelsregister, as in BASE_VOLUMES.
NATIONAL_ROWS: dict[tuple[str, str], int] = {
    ("politie", "incidenten"): 5_000_000,
    ("kvk", "handelsregister_mutaties"): 2_500_000,
}
PERSONS_PER_SCALE = 900
COMPANIES_PER_SCALE = 400
HISTORY_YEARS = 3
HOTSPOT_WEIGHT = 8.0
OLD_CODE_SHARE = 0.02
FREE_TEXT_IDENTIFIER_SHARE = 0.15
RISK_SBI_SHARE = 0.4


@dataclass(frozen=True)
class Person:
    bsn: str
    voornamen: str
    achternaam: str
    geboortedatum: date
    mobiel: str  # 8 digits after 06
    email: str
    kenteken: str | None
    iban: str


@dataclass(frozen=True)
class Company:
    kvk_nummer: str
    vestigingsnummer: str
    rechtsvorm: str
    handelsnaam: str
    sbi_code: str
    gemeente: Gemeente
    straat: str
    huisnummer: str
    pc4: int
    letters: str
    iban: str


class Context:
    """One region's generation context for one seed, scale and delivery date."""

    def __init__(
        self,
        profile: RegionProfile,
        reference: Reference,
        seed: int,
        scale: float,
        delivery_date: date,
        volume_factors: dict[tuple[str, str], float] | None = None,
    ) -> None:
        self.profile = profile
        self.volume_factors = volume_factors or {}
        self.reference = reference
        self.seed = seed
        self.scale = scale
        self.delivery_date = delivery_date
        try:
            self.start_date = delivery_date.replace(year=delivery_date.year - HISTORY_YEARS)
        except ValueError:  # 29 February
            self.start_date = delivery_date.replace(year=delivery_date.year - HISTORY_YEARS, day=28)
        self.span_days = (delivery_date - self.start_date).days
        self.by_code = {g.code: g for g in profile.gemeenten}
        self.n_persons = max(1, round(PERSONS_PER_SCALE * scale))
        self.n_companies = max(1, round(COMPANIES_PER_SCALE * scale))
        ids = self.rng("identificatie")
        self._bsn_prefix = Permutation(ids, 1_000_000, 10_000_000)
        self._kvk = Permutation(ids, 10_000_000, 100_000_000)
        self._vestiging = Permutation(ids, 1_000_000_000, 10_000_000_000)
        self._base_weights = [g.inwoners**0.5 for g in profile.gemeenten]
        self._cumulative: dict[str | None, list[float]] = {}
        self.old_codes = tuple(sorted(profile.old_codes))
        self._old_by_successor: dict[str, list[str]] = {}
        for old in self.old_codes:
            self._old_by_successor.setdefault(profile.old_codes[old], []).append(old)
        merged = sum(
            w for g, w in zip(profile.gemeenten, self._base_weights, strict=True) if g.code in self._old_by_successor
        )
        self._old_code_chance = min(1.0, OLD_CODE_SHARE * sum(self._base_weights) / merged) if merged else 0.0
        self._memo: dict[str, object] = {}

    def rng(self, *purpose: str) -> random.Random:
        return random.Random(":".join([str(self.seed), self.profile.code, *purpose]))

    def count(self, partner: str, extract: str) -> int:
        factor = self.volume_factors.get((partner, extract), 1.0)
        return max(1, round(BASE_VOLUMES.get((partner, extract), GENERIC_VOLUME) * self.scale * factor))

    # dates

    def random_date(self, rng: random.Random, earliest: date | None = None) -> date:
        start = max(earliest or self.start_date, self.start_date)
        span = max(0, (self.delivery_date - start).days)
        return start + timedelta(days=rng.randint(0, span))

    def sorted_dates(self, rng: random.Random, n: int) -> Iterator[date]:
        """n uniform dates in the window in ascending order, streamed (order statistics)."""
        position = 0.0
        for remaining in range(n, 0, -1):
            position = 1.0 - (1.0 - position) * rng.random() ** (1.0 / remaining)
            yield self.start_date + timedelta(days=min(self.span_days, int(position * (self.span_days + 1))))

    # themes and places

    def pick_thema(self, rng: random.Random, partner: str) -> str:
        weights = self.profile.thema_weights.get(partner) or self.profile.thema_weights["riec"]
        return choose(rng, weights)

    def _cumulative_weights(self, thema: str | None) -> list[float]:
        if thema not in self._cumulative:
            hot = set(self.profile.hotspots.get(thema, ())) if thema else set()
            weights = [
                w * (HOTSPOT_WEIGHT if g.code in hot else 1.0)
                for g, w in zip(self.profile.gemeenten, self._base_weights, strict=True)
            ]
            total = 0.0
            cumulative = []
            for weight in weights:
                total += weight
                cumulative.append(total)
            self._cumulative[thema] = cumulative
        return self._cumulative[thema]

    def pick_gemeente(self, rng: random.Random, thema: str | None, old_share: float = 0.0) -> tuple[str, Gemeente]:
        """(code as written, gemeente) for a record on thema; sometimes a pre-herindeling code."""
        if old_share and self.profile.old_codes and rng.random() < old_share:
            old = rng.choice(self.old_codes)
            return old, self.by_code[self.profile.old_codes[old]]
        cumulative = self._cumulative_weights(thema)
        index = bisect.bisect_right(cumulative, rng.random() * cumulative[-1])
        gemeente = self.profile.gemeenten[min(index, len(cumulative) - 1)]
        return gemeente.code, gemeente

    def old_code_for(self, rng: random.Random, gemeente: Gemeente) -> str | None:
        """Now and then a code the gemeente had before a herindeling (OLD_CODE_SHARE of records overall)."""
        olds = self._old_by_successor.get(gemeente.code)
        if not olds or rng.random() >= self._old_code_chance:
            return None
        return rng.choice(olds)

    def postcode(self, rng: random.Random, gemeente: Gemeente) -> str:
        pc4 = rng.randint(gemeente.pc4_low, gemeente.pc4_high)
        return format_postcode(pc4, random_postcode_letters(rng), rng)

    # recurring people and companies

    def person(self, index: int) -> Person:
        rng = self.rng("persoon", str(index))
        young = index % 4 == 0
        birth_start = date(1996, 1, 1) if young else date(1950, 1, 1)
        birth_end = date(2006, 12, 31) if young else date(1995, 12, 31)
        voornamen = rng.choice(VOORNAMEN)
        if rng.random() < 0.3:
            voornamen += " " + rng.choice(VOORNAMEN)
        achternaam = rng.choice(ACHTERNAMEN)
        account = "".join(str(rng.randrange(10)) for _ in range(10))
        local = f"{ascii_fold(voornamen.split()[0])}.{ascii_fold(achternaam)}{rng.randrange(100)}"
        email = f"{local}@{rng.choice(MAIL_DOMEINEN)}"
        return Person(
            bsn=complete_bsn(self._bsn_prefix(index), rng),
            voornamen=voornamen,
            achternaam=achternaam,
            geboortedatum=birth_start + timedelta(days=rng.randint(0, (birth_end - birth_start).days)),
            mobiel="".join(str(rng.randrange(10)) for _ in range(8)),
            email=email,
            kenteken=random_kenteken(rng) if rng.random() < 0.5 else None,
            iban=nl_iban(rng.choice(BANKEN), account),
        )

    def pick_person(self, rng: random.Random, young: bool = False) -> Person:
        """Skewed towards low indexes, so that some people recur often (veelplegers)."""
        index = int(self.n_persons * rng.random() ** 2)
        if young:
            index -= index % 4
        return self.person(index)

    def company(self, index: int) -> Company:
        rng = self.rng("bedrijf", str(index))
        if rng.random() < RISK_SBI_SHARE and self.reference.risk_sbi:
            sbi_code, thema = rng.choice(self.reference.risk_sbi)
        else:
            sbi_code, thema = rng.choice(OTHER_SBI), None
        _, gemeente = self.pick_gemeente(rng, thema)
        rechtsvorm = choose(rng, RECHTSVORM_WEIGHTS)
        return Company(
            kvk_nummer=str(self._kvk(index)),
            vestigingsnummer=f"{self._vestiging(index):012d}",
            rechtsvorm=rechtsvorm,
            handelsnaam=_handelsnaam(rng, sbi_code, rechtsvorm),
            sbi_code=sbi_code,
            gemeente=gemeente,
            straat=rng.choice(STRATEN),
            huisnummer=random_huisnummer(rng),
            pc4=rng.randint(gemeente.pc4_low, gemeente.pc4_high),
            letters=random_postcode_letters(rng),
            iban=nl_iban(rng.choice(BANKEN), "".join(str(rng.randrange(10)) for _ in range(10))),
        )

    def pick_company(self, rng: random.Random) -> Company:
        return self.company(int(self.n_companies * rng.random() ** 1.5))

    # free text

    def free_text(self, rng: random.Random, partner: str, thema: str) -> str:
        zin = rng.choice(THEMA_ZINNEN.get(thema, ALGEMENE_ZINNEN))
        template = rng.choice(TEKST_SJABLONEN.get(partner, TEKST_SJABLONEN["gemeente"]))
        text = template.format(zin=zin, Zin=zin[0].upper() + zin[1:])
        if rng.random() < 0.3:
            tail = rng.choice(TEKST_STAARTEN)
            since = self.random_date(rng)
            bedrag = f"{rng.randrange(5, 500) * 1000:,}".replace(",", ".")
            text += tail.format(maand=MAANDEN[since.month - 1], jaar=since.year, bedrag=bedrag)
        if rng.random() < FREE_TEXT_IDENTIFIER_SHARE:
            snippet = self.identifier_snippet(rng)
            text = f"{snippet} {text}" if rng.random() < 0.3 else f"{text} {snippet}"
        return text

    def identifier_snippet(self, rng: random.Random) -> str:
        person = self.pick_person(rng)
        kind = rng.randrange(7)
        if kind == 0:
            return f"Betrokkene {person.achternaam} (BSN {format_bsn(person.bsn, rng)})."
        if kind == 1:
            return f"Geld overgemaakt naar {format_iban(person.iban, rng)}."
        if kind == 2:
            return f"Melder bereikbaar op {format_mobile(person.mobiel, rng)}."
        if kind == 3:
            return f"Contact via {person.email}."
        if kind == 4:
            _, gemeente = self.pick_gemeente(rng, None)
            return f"Pand {rng.choice(STRATEN)} {random_huisnummer(rng)}, {self.postcode(rng, gemeente)}."
        if kind == 5:
            return f"Auto met kenteken {person.kenteken or random_kenteken(rng)} staat vaak voor de deur."
        return f"Pand op naam van KvK {self.pick_company(rng).kvk_nummer}."

    # values built once per region and shared by several extracts

    def memo(self, key: str, build: Callable[[], _T]) -> _T:
        """build() once per region; later calls return the same value."""
        if key not in self._memo:
            self._memo[key] = build()
        return cast(_T, self._memo[key])


def _handelsnaam(rng: random.Random, sbi_code: str, rechtsvorm: str) -> str:
    pattern = rng.choice(SBI_NAMEN.get(sbi_code, ("{achternaam} {woord}", "{woord} Groep", "{woord} Services")))
    name = pattern.format(
        achternaam=rng.choice(ACHTERNAMEN).split()[-1].capitalize(), woord=rng.choice(HANDELSNAAM_WOORDEN)
    )
    if rechtsvorm == "stichting" and not name.startswith("Stichting"):
        return f"Stichting {name}"
    return name + RECHTSVORM_SUFFIX.get(rechtsvorm, "")


Producer = Callable[[Context], Iterator[Row]]  # the rows of one extract, in file order
