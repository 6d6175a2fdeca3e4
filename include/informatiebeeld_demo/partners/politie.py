"""Politie: incidenten from the police registration (BVH/BVO), and the persons involved in each (betrokkenen).

Incidenten follow the politie's thema weights and the region's hotspots; now and then the gemeente
code is one from before a herindeling. Betrokkenen are recurring persons, with the phone numbers and
kentekens in the spellings the politie systems hold.
"""

from __future__ import annotations

from collections.abc import Iterator

from informatiebeeld_demo.common.context import OLD_CODE_SHARE, Context, Producer, Row
from informatiebeeld_demo.common.draws import choose
from informatiebeeld_demo.common.identifiers import format_mobile, kenteken_spelling

# fmt: off
INCIDENT_SOORTEN: dict[str, tuple[str, ...]] = {
    "drugs": (
        "Drugshandel", "Harddrugs bezit", "Aantreffen drugslab", "Drugsopslag", "Drugsafval aangetroffen",
    ),
    "hennep": ("Hennepkwekerij", "Hennephandel", "Stroomdiefstal"),
    "mensenhandel": ("Mensenhandel", "Mensensmokkel", "Illegale prostitutie"),
    "arbeidsuitbuiting": ("Arbeidsuitbuiting", "Illegale tewerkstelling"),
    "witwassen": ("Witwassen", "Heling", "Ondergronds bankieren"),
    "vastgoed": ("Vastgoedfraude", "Valsheid in geschrift"),
    "omg": ("Openlijke geweldpleging", "Bedreiging", "Wapenbezit"),
    "jonge_aanwas": ("Straatroof", "Wapenbezit", "Bedreiging", "Drugskoerierschap"),
    "buitengebied": ("Aantreffen drugslab", "Hennepkwekerij", "Verdachte situatie"),
    "logistiek": ("Drugssmokkel", "Uithalen", "Insluiping haventerrein"),
    "bedrijventerreinen": ("Verdachte situatie", "Inbraak bedrijf", "Explosie"),
    "zorgfraude": ("Oplichting", "Valsheid in geschrift"),
    "milieucriminaliteit": ("Milieudelict", "Dumping drugsafval"),
}
ROL_WEIGHTS = {"verdachte": 55, "slachtoffer": 12, "getuige": 13, "betrokkene": 20}
# fmt: on


def _incident_stream(ctx: Context) -> Iterator[Row]:
    rng = ctx.rng("politie", "incidenten")
    unit = f"{ctx.profile.index:02d}00"
    for seq, registratie in enumerate(ctx.sorted_dates(rng, ctx.count("politie", "incidenten")), start=1):
        thema = ctx.pick_thema(rng, "politie")
        code, gemeente = ctx.pick_gemeente(rng, thema, OLD_CODE_SHARE)
        yield {
            "incident_nummer": f"PL{unit}-{registratie.year}{seq:06d}",
            "registratie_datum": registratie,
            "gemeente_code": code,
            "thema_code": thema,
            "incident_soort": rng.choice(INCIDENT_SOORTEN.get(thema, ("Overig ondermijning",))),
            "pleegplaats_postcode": ctx.postcode(rng, gemeente) if rng.random() < 0.85 else None,
            "omschrijving": ctx.free_text(rng, "politie", thema) if rng.random() < 0.95 else None,
        }


def incidenten(ctx: Context) -> Iterator[Row]:
    return _incident_stream(ctx)


def betrokkenen(ctx: Context) -> Iterator[Row]:
    # The incident stream is regenerated from the same seed: identical incidents, flat memory.
    rng = ctx.rng("politie", "betrokkenen")
    for incident in _incident_stream(ctx):
        young = incident["thema_code"] == "jonge_aanwas"
        for volgnummer in range(1, rng.choices((1, 2, 3), weights=(45, 35, 20))[0] + 1):
            person = ctx.pick_person(rng, young=young)
            rol = "verdachte" if volgnummer == 1 and rng.random() < 0.7 else choose(rng, ROL_WEIGHTS)
            yield {
                "incident_nummer": incident["incident_nummer"],
                "betrokkene_volgnummer": volgnummer,
                "rol": rol,
                "bsn": person.bsn if rng.random() < 0.8 else None,
                "achternaam": person.achternaam if rng.random() < 0.97 else None,
                "voornamen": person.voornamen if rng.random() < 0.9 else None,
                "geboortedatum": person.geboortedatum if rng.random() < 0.9 else None,
                "telefoonnummer": format_mobile(person.mobiel, rng) if rng.random() < 0.4 else None,
                "kenteken": kenteken_spelling(person.kenteken, rng) if rng.random() < 0.3 else None,
            }


PRODUCERS: dict[str, Producer] = {
    "incidenten": incidenten,
    "betrokkenen": betrokkenen,
}
