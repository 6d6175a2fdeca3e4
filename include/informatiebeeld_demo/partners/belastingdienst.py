"""Belastingdienst: fiscale signalen (with the onderdeel: Belastingdienst, FIOD, Toeslagen, Douane) and afpakken.

Fiscale signalen name a recurring person, company or both, sometimes with their IBAN. Most afpak
records belong to a RIEC casus, so afpakken are drawn after the region's casusregister.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from informatiebeeld_demo.common.context import Context, Producer, Row
from informatiebeeld_demo.common.draws import choose, money
from informatiebeeld_demo.partners import riec

# fmt: off
ONDERDEEL_BY_THEMA: dict[str, dict[str, float]] = {
    "drugs": {"douane": 40, "fiod": 30, "belastingdienst": 30},
    "logistiek": {"douane": 70, "fiod": 15, "belastingdienst": 15},
    "witwassen": {"fiod": 50, "belastingdienst": 50},
    "vastgoed": {"fiod": 35, "belastingdienst": 65},
    "zorgfraude": {"toeslagen": 35, "fiod": 25, "belastingdienst": 40},
    "arbeidsuitbuiting": {"toeslagen": 20, "belastingdienst": 60, "fiod": 20},
}
ONDERDEEL_DEFAULT = {"belastingdienst": 70, "fiod": 20, "toeslagen": 5, "douane": 5}
AFPAK_WEIGHTS = {"opgelegd": 40, "geind_verrekend": 35, "beslag": 25}
AFPAK_MEDIAN = {"opgelegd": 25_000.0, "geind_verrekend": 9_000.0, "beslag": 40_000.0}
# fmt: on


def fiscale_signalen(ctx: Context) -> Iterator[Row]:
    rng = ctx.rng("belastingdienst", "fiscale_signalen")
    dates = ctx.sorted_dates(rng, ctx.count("belastingdienst", "fiscale_signalen"))
    for seq, signaal in enumerate(dates, start=1):
        thema = ctx.pick_thema(rng, "belastingdienst")
        code, _ = ctx.pick_gemeente(rng, thema)
        subject = rng.random()
        person = ctx.pick_person(rng) if subject < 0.65 else None
        company = ctx.pick_company(rng) if subject > 0.45 else None
        holder = person or company
        iban = holder.iban if holder and rng.random() < 0.6 else None
        yield {
            "signaal_nummer": f"FS{signaal.year}{ctx.profile.index:02d}{seq:06d}",
            "signaal_datum": signaal,
            "gemeente_code": code,
            "thema_code": thema,
            "onderdeel": choose(rng, ONDERDEEL_BY_THEMA.get(thema, ONDERDEEL_DEFAULT)),
            "bsn": person.bsn if person else None,
            "kvk_nummer": company.kvk_nummer if company else None,
            "iban": iban,
            "geschat_nadeel_eur": money(rng, 20_000, 1.3) if rng.random() < 0.85 else None,
            "toelichting": ctx.free_text(rng, "belastingdienst", thema) if rng.random() < 0.9 else None,
        }


def afpakken(ctx: Context) -> Iterator[Row]:
    rng = ctx.rng("belastingdienst", "afpakken")
    casussen = riec.casussen(ctx)
    for seq in range(1, ctx.count("belastingdienst", "afpakken") + 1):
        soort = choose(rng, AFPAK_WEIGHTS)
        if casussen and rng.random() < 0.7:
            casus = rng.choice(casussen)
            start = casus["startdatum"]
            afpak_datum = ctx.random_date(rng, earliest=start if isinstance(start, date) else None)
            casus_nummer, code = casus["casus_nummer"], casus["gemeente_code"]
        else:
            afpak_datum = ctx.random_date(rng)
            casus_nummer, (code, _) = None, ctx.pick_gemeente(rng, "witwassen")
        yield {
            "afpak_nummer": f"AFP-{ctx.profile.abbreviation}-{seq:06d}",
            "casus_nummer": casus_nummer,
            "gemeente_code": code,
            "afpak_datum": afpak_datum,
            "afpak_soort": soort,
            "bedrag_eur": money(rng, AFPAK_MEDIAN[soort]) if soort in AFPAK_MEDIAN else money(rng, 10_000),
        }


PRODUCERS: dict[str, Producer] = {
    "fiscale_signalen": fiscale_signalen,
    "afpakken": afpakken,
}
