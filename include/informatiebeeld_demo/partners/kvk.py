"""KvK: mutaties in the Handelsregister (inschrijving, uitschrijving, nieuw adres, nieuwe activiteit).

Every mutatie is of a recurring company, so a company in the Handelsregister can also turn up in a
Bibob-dossier or a fiscal signal. Now and then the gemeente code is one from before a herindeling.
"""

from __future__ import annotations

from collections.abc import Iterator

from informatiebeeld_demo.common.context import Context, Producer, Row
from informatiebeeld_demo.common.draws import choose
from informatiebeeld_demo.common.identifiers import format_postcode, random_huisnummer, random_postcode_letters
from informatiebeeld_demo.common.words import STRATEN

MUTATIE_WEIGHTS = {"inschrijving": 40, "uitschrijving": 20, "wijziging_adres": 25, "wijziging_activiteit": 15}


def handelsregister_mutaties(ctx: Context) -> Iterator[Row]:
    rng = ctx.rng("kvk", "handelsregister_mutaties")
    dates = ctx.sorted_dates(rng, ctx.count("kvk", "handelsregister_mutaties"))
    for seq, mutatie in enumerate(dates, start=1):
        company = ctx.pick_company(rng)
        soort = choose(rng, MUTATIE_WEIGHTS)
        straat, huisnummer, pc4, letters = company.straat, company.huisnummer, company.pc4, company.letters
        if soort == "wijziging_adres":
            straat, huisnummer = rng.choice(STRATEN), random_huisnummer(rng)
            pc4, letters = (
                rng.randint(company.gemeente.pc4_low, company.gemeente.pc4_high),
                random_postcode_letters(rng),
            )
        code = ctx.old_code_for(rng, company.gemeente) or company.gemeente.code
        postcode = f"{pc4}{letters}" if rng.random() < 0.6 else format_postcode(pc4, letters, rng)
        yield {
            "mutatie_nummer": f"HRM{ctx.profile.index:02d}{mutatie:%Y%m%d}{seq:06d}",
            "kvk_nummer": company.kvk_nummer,
            "vestigingsnummer": company.vestigingsnummer,
            "mutatie_soort": soort,
            "mutatie_datum": mutatie,
            "rechtsvorm": company.rechtsvorm,
            "handelsnaam": company.handelsnaam if rng.random() < 0.97 else None,
            "sbi_code": company.sbi_code,
            "straat": straat if rng.random() < 0.97 else None,
            "huisnummer": huisnummer if rng.random() < 0.97 else None,
            "postcode": postcode,
            "gemeente_code": code,
        }


PRODUCERS: dict[str, Producer] = {
    "handelsregister_mutaties": handelsregister_mutaties,
}
