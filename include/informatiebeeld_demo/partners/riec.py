"""RIEC: the casusregister, the subjects of each casus, handhavingsknelpunten and ondermijningsbeelden.

Casussen spread over the three years, open and closed, with several themes, inbrengers and adviezen.
Their subjects are recurring persons and companies, so they link to what the partners deliver. The
first handhavingsknelpunten cover an area (gemeente), an area (PC4s) and a risk branche; the rest
target persons and companies.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from informatiebeeld_demo.common.context import Context, Producer, Row
from informatiebeeld_demo.common.draws import choose, distinct
from informatiebeeld_demo.common.words import ACHTERNAMEN

# fmt: off
CASUS_CODENAMEN = (
    "Zilverreiger", "Kraanvogel", "Ekster", "Roerdomp", "Kievit", "Grutto", "Tureluur", "Havik",
    "Buizerd", "Slechtvalk", "Eikenhout", "Berkenbast", "Wilgentak", "Essenblad", "Hazelaar",
    "Vuursteen", "Basalt", "Graniet", "Obsidiaan", "Kwarts", "Noordster", "Zeebries", "Duinroos",
    "Waterlelie", "Meerkoet", "Sperwer", "Wielewaal", "IJsvogel", "Zwaluw", "Korhoen",
)
HERKOMST_WEIGHTS = {"signaal_partner": 55, "handhavingsknelpunt": 25, "ondermijningsbeeld": 20}
INBRENGER_WEIGHTS = {
    "gemeente": 35, "politie": 30, "om": 15, "belastingdienst": 12, "riec": 6, "arbeidsinspectie": 5,
    "kmar": 3, "ind": 3, "uwv": 3, "nvwa": 3, "provincie": 3,
}
ADVIES_COUNT_WEIGHTS = (45, 30, 17, 8)  # 0, 1, 2, 3 adviezen of one type
# fmt: on


def casussen(ctx: Context) -> list[Row]:
    """The casusregister rows, built once per region: casus_subjecten and afpakken refer to them."""
    return ctx.memo("riec.casussen", lambda: list(_casus_rows(ctx)))


def _knelpunt_codes(ctx: Context, rng: random.Random) -> list[str]:
    """The codes of the region's handhavingsknelpunten: the first draw from the casusregister's rng."""
    return [f"HHK-{ctx.profile.abbreviation}-{n:02d}" for n in range(1, rng.randint(3, 6) + 1)]


def _casus_rows(ctx: Context) -> Iterator[Row]:
    rng = ctx.rng("riec", "casusregister")
    weights = ctx.profile.thema_weights["riec"]
    knelpunten = _knelpunt_codes(ctx, rng)
    for seq, start in enumerate(ctx.sorted_dates(rng, ctx.count("riec", "casusregister")), start=1):
        themas = distinct(rng, weights, rng.choices((1, 2, 3), weights=(50, 35, 15))[0])
        code, _ = ctx.pick_gemeente(rng, themas[0])
        herkomst = choose(rng, HERKOMST_WEIGHTS)
        einddatum = start + timedelta(days=rng.randint(60, 720)) if rng.random() < 0.5 else None
        inbrengers = distinct(rng, INBRENGER_WEIGHTS, rng.choices((1, 2, 3), weights=(55, 30, 15))[0])
        naam = f"Casus {rng.choice(ACHTERNAMEN)}" if rng.random() < 0.2 else f"Project {rng.choice(CASUS_CODENAMEN)}"
        row: Row = {
            "casus_nummer": f"{ctx.profile.abbreviation}-{start.year}-{seq:04d}",
            "casus_naam": naam,
            "startdatum": start,
            "einddatum": einddatum if einddatum and einddatum <= ctx.delivery_date else None,
            "gemeente_code": code,
            "herkomst": herkomst,
            "handhavingsknelpunt_code": rng.choice(knelpunten) if herkomst == "handhavingsknelpunt" else None,
            "themas": themas,
            "ingebracht_door": inbrengers,
        }
        for soort in ("bestuurlijk", "bibob", "strafrechtelijk", "fiscaal", "overig"):
            row[f"adviezen_{soort}"] = rng.choices(range(4), weights=ADVIES_COUNT_WEIGHTS)[0]
        yield row


def casusregister(ctx: Context) -> Iterator[Row]:
    return iter(casussen(ctx))


CASUS_SUBJECT_ROLLEN = {"hoofdsubject": 3.0, "medesubject": 2.0, "betrokkene": 2.0}


def casus_subjecten(ctx: Context) -> Iterator[Row]:
    """Subjects of each casus: recurring persons and companies, so partners name them too."""
    rng = ctx.rng("riec", "casus_subjecten")
    for casus in casussen(ctx):
        start = casus["startdatum"]
        assert isinstance(start, date)
        einde = casus["einddatum"] if isinstance(casus["einddatum"], date) else ctx.delivery_date
        for volgnummer in range(1, rng.choices((1, 2, 3, 4), weights=(30, 35, 20, 15))[0] + 1):
            is_persoon = rng.random() < 0.65
            toegevoegd = start + timedelta(days=rng.randint(0, max(0, min(120, (einde - start).days))))
            yield {
                "casus_nummer": casus["casus_nummer"],
                "subject_volgnummer": volgnummer,
                "subject_soort": "persoon" if is_persoon else "bedrijf",
                "bsn": ctx.pick_person(rng).bsn if is_persoon else None,
                "kvk_nummer": None if is_persoon else ctx.pick_company(rng).kvk_nummer,
                "rol": "hoofdsubject" if volgnummer == 1 else choose(rng, CASUS_SUBJECT_ROLLEN),
                "toegevoegd_op": min(toegevoegd, ctx.delivery_date),
            }


# The first knelpunten are an area (gemeenten), an area (PC4s) and a branche; the rest target persons.
HHK_SCOPE_ORDER = ("gebied_gemeente", "gebied_pc4", "branche")


def handhavingsknelpunten(ctx: Context) -> Iterator[Row]:
    """Scope rows of the handhavingsknelpunten: areas, a risk branche, persons and companies."""
    rng = ctx.rng("riec", "handhavingsknelpunten")
    # The same codes as the casusregister names: a fresh rng of the casusregister's seed.
    for index, code in enumerate(_knelpunt_codes(ctx, ctx.rng("riec", "casusregister"))):
        kind = HHK_SCOPE_ORDER[index] if index < len(HHK_SCOPE_ORDER) else "persoon"
        vanaf = ctx.start_date + timedelta(days=rng.randint(0, ctx.span_days // 2))
        tot = vanaf + timedelta(days=rng.randint(365, 900)) if rng.random() < 0.5 else None
        scopes: list[Row] = []
        if kind == "gebied_gemeente":
            _, gemeente = ctx.pick_gemeente(rng, "drugs")
            naam = f"Ondermijning in {gemeente.naam}"
            scopes = [{"scope_soort": "gebied", "gemeente_code": gemeente.code}]
        elif kind == "gebied_pc4":
            _, gemeente = ctx.pick_gemeente(rng, None)
            naam = f"Bedrijventerrein en buitengebied {gemeente.naam}"
            pc4s = sorted({rng.randint(gemeente.pc4_low, gemeente.pc4_high) for _ in range(3)})
            scopes = [{"scope_soort": "gebied", "gemeente_code": gemeente.code, "pc4": pc4} for pc4 in pc4s]
        elif kind == "branche" and ctx.reference.risk_sbi:
            sbi_code, thema = rng.choice(ctx.reference.risk_sbi)
            naam = f"Risicobranche {sbi_code} ({thema})"
            scopes = [{"scope_soort": "branche", "sbi_code": sbi_code}]
        else:
            naam = f"Persoonsgerichte aanpak {code}"
            for _ in range(rng.randint(2, 4)):
                if rng.random() < 0.75:
                    scopes.append({"scope_soort": "persoon", "bsn": ctx.pick_person(rng).bsn})
                else:
                    scopes.append({"scope_soort": "bedrijf", "kvk_nummer": ctx.pick_company(rng).kvk_nummer})
        for volgnummer, scope in enumerate(scopes, start=1):
            yield {
                "hhk_code": code,
                "scope_volgnummer": volgnummer,
                "naam": naam,
                "geldig_vanaf": vanaf,
                "geldig_tot": tot,
                **scope,
            }


ONDERMIJNINGSBEELD_SOORTEN = {"gemeentelijk": 6.0, "thematisch": 3.0, "gebiedsgericht": 2.0}


def ondermijningsbeelden(ctx: Context) -> Iterator[Row]:
    """Ondermijningsbeelden the RIEC delivered, spread over the years of the window."""
    rng = ctx.rng("riec", "ondermijningsbeelden")
    for seq, opgeleverd in enumerate(ctx.sorted_dates(rng, ctx.count("riec", "ondermijningsbeelden")), start=1):
        code, _ = ctx.pick_gemeente(rng, None)
        yield {
            "beeld_nummer": f"OB-{ctx.profile.abbreviation}-{opgeleverd.year}-{seq:03d}",
            "gemeente_code": code,
            "opleverdatum": opgeleverd,
            "soort": choose(rng, ONDERMIJNINGSBEELD_SOORTEN),
        }


PRODUCERS: dict[str, Producer] = {
    "casusregister": casusregister,
    "casus_subjecten": casus_subjecten,
    "handhavingsknelpunten": handhavingsknelpunten,
    "ondermijningsbeelden": ondermijningsbeelden,
}
