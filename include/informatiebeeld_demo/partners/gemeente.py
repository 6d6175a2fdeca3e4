"""Gemeente: signalen from toezicht and meldpunten, Bibob-dossiers (the one XLSX) and bestuurlijke maatregelen.

Gemeente records never carry a thema the gemeenten are silent on in the region; Bibob-dossiers and
maatregelen favour the themes those instruments serve. Melders are reachable by landline (the
gemeente's netnummer) or mobile.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from decimal import Decimal

from informatiebeeld_demo.common.context import Context, Producer, Row
from informatiebeeld_demo.common.draws import choose
from informatiebeeld_demo.common.identifiers import format_mobile, random_huisnummer, random_landline
from informatiebeeld_demo.common.regions import Gemeente

# fmt: off
BRON_WEIGHTS = {"handhaving": 30, "wijkteam": 20, "burger": 25, "ondernemer": 10, "meld_misdaad_anoniem": 15}
VERGUNNING_WEIGHTS = {
    "drank_en_horeca": 30, "exploitatie": 25, "omgevingsvergunning": 15, "subsidie": 6,
    "vastgoedtransactie": 12, "aanbesteding": 6, "evenement": 6,
}
BIBOB_THEMA_WEIGHTS = {
    "witwassen": 30, "vastgoed": 25, "drugs": 12, "mensenhandel": 10, "arbeidsuitbuiting": 8,
    "omg": 6, "hennep": 4, "bedrijventerreinen": 5,
}
UITKOMST_WEIGHTS = {
    "lopend": 10, "geen_gevaar": 45, "mindere_mate_gevaar": 18, "ernstig_gevaar": 12,
    "aanvraag_ingetrokken": 15,
}
MAATREGEL_BY_THEMA: dict[str, dict[str, float]] = {
    "drugs": {"damocles_sluiting": 50, "woningsluiting": 30, "last_onder_dwangsom": 20},
    "hennep": {"damocles_sluiting": 40, "woningsluiting": 40, "last_onder_dwangsom": 20},
    "mensenhandel": {"horeca_sluiting": 40, "intrekking_vergunning": 40, "bestuurlijke_boete": 20},
    "witwassen": {"intrekking_vergunning": 40, "horeca_sluiting": 30, "bestuurlijke_boete": 30},
}
MAATREGEL_DEFAULT = {
    "last_onder_dwangsom": 35, "bestuurlijke_boete": 25, "intrekking_vergunning": 15, "horeca_sluiting": 10,
    "damocles_sluiting": 10, "woningsluiting": 5,
}
# fmt: on


def _melder_telefoon(ctx: Context, rng: random.Random, gemeente: Gemeente) -> str:
    if rng.random() < 0.3:
        return random_landline(gemeente.netnummer, rng)
    return format_mobile("".join(str(rng.randrange(10)) for _ in range(8)), rng)


def signalen(ctx: Context) -> Iterator[Row]:
    rng = ctx.rng("gemeente", "signalen")
    for seq, melding in enumerate(ctx.sorted_dates(rng, ctx.count("gemeente", "signalen")), start=1):
        thema = ctx.pick_thema(rng, "gemeente")
        code, gemeente = ctx.pick_gemeente(rng, thema)
        bron = choose(rng, BRON_WEIGHTS)
        named = bron in ("burger", "ondernemer") and rng.random() < 0.7
        yield {
            "signaal_nummer": f"SIG-{ctx.profile.abbreviation}-{melding.year}-{seq:05d}",
            "gemeente_code": code,
            "melding_datum": melding,
            "thema_code": thema,
            "bron": bron,
            "omschrijving": ctx.free_text(rng, "gemeente", thema) if rng.random() < 0.97 else None,
            "melder_telefoon": _melder_telefoon(ctx, rng, gemeente) if named and rng.random() < 0.8 else None,
            "melder_email": ctx.pick_person(rng).email if named and rng.random() < 0.4 else None,
        }


def _gemeente_thema(ctx: Context, rng: random.Random, preferred: Mapping[str, float]) -> str:
    """A thema for a gemeente record, favouring preferred themes but never a silent one."""
    weights = ctx.profile.thema_weights["gemeente"]
    combined = {t: w * preferred.get(t, 0.3) for t, w in weights.items() if w > 0}
    return choose(rng, combined)


def bibob_dossiers(ctx: Context) -> Iterator[Row]:
    rng = ctx.rng("gemeente", "bibob_dossiers")
    for seq, aanvraag in enumerate(ctx.sorted_dates(rng, ctx.count("gemeente", "bibob_dossiers")), start=1):
        thema = _gemeente_thema(ctx, rng, BIBOB_THEMA_WEIGHTS)
        code, _ = ctx.pick_gemeente(rng, thema)
        recent = (ctx.delivery_date - aanvraag).days < 120
        uitkomst = "lopend" if recent and rng.random() < 0.7 else choose(rng, UITKOMST_WEIGHTS)
        yield {
            "dossier_nummer": f"BIBOB-{ctx.profile.abbreviation}-{aanvraag.year}-{seq:04d}",
            "gemeente_code": code,
            "aanvraag_datum": aanvraag,
            "vergunning_soort": choose(rng, VERGUNNING_WEIGHTS),
            "thema_code": thema,
            "kvk_nummer": ctx.pick_company(rng).kvk_nummer if rng.random() < 0.85 else None,
            "lbb_advies_gevraagd": rng.random() < 0.3,
            "uitkomst": uitkomst,
        }


def bestuurlijke_maatregelen(ctx: Context) -> Iterator[Row]:
    rng = ctx.rng("gemeente", "bestuurlijke_maatregelen")
    dates = ctx.sorted_dates(rng, ctx.count("gemeente", "bestuurlijke_maatregelen"))
    for seq, besluit in enumerate(dates, start=1):
        thema = _gemeente_thema(ctx, rng, {"drugs": 3, "hennep": 3, "mensenhandel": 1.5, "witwassen": 1})
        code, gemeente = ctx.pick_gemeente(rng, thema)
        soort = choose(rng, MAATREGEL_BY_THEMA.get(thema, MAATREGEL_DEFAULT))
        dwangsom = Decimal(rng.randrange(10, 200) * 500) if soort == "last_onder_dwangsom" else None
        yield {
            "maatregel_nummer": f"BM-{ctx.profile.abbreviation}-{besluit.year}-{seq:04d}",
            "gemeente_code": code,
            "besluit_datum": besluit,
            "maatregel_soort": soort,
            "thema_code": thema,
            "adres_postcode": ctx.postcode(rng, gemeente) if rng.random() < 0.95 else None,
            "adres_huisnummer": random_huisnummer(rng) if rng.random() < 0.95 else None,
            "dwangsom_bedrag_eur": dwangsom,
        }


PRODUCERS: dict[str, Producer] = {
    "signalen": signalen,
    "bibob_dossiers": bibob_dossiers,
    "bestuurlijke_maatregelen": bestuurlijke_maatregelen,
}
