"""Synthetic partner deliveries for demos, tests and local development.

``generate()`` writes one night's deliveries into a landing directory, exactly as the partners would
drop them: for every region, every partner contract and every extract one file at
``<landing_dir>/<region>/<partner>/<YYYY-MM-DD>/<file_name>``. Each file follows its contract to the
letter: header and column order, encoding (windows-1252 where the contract says so), delimiter,
decimal separator, date format, ``ja``/``nee`` booleans in CSV, real dates and booleans in the
Bibob workbook, enum and list values, thema codes from ``ref_themas``, gemeente codes from
``ref_gemeenten``.

Everything is synthetic. No real person, company or address is used; names, streets and numbers are
drawn from short lists and random digits. Identifiers look real so that pseudonymisation and
scrubbing have something to bite on: BSNs pass the 11-proef, IBANs carry a valid checksum, postcodes
are well formed, phone numbers, e-mail addresses (on reserved ``.example`` domains) and kentekens come
in the mixed spellings partners use. About 15% of the free-text values carry such an identifier.

The data is shaped to give interesting informatiebeelden:

- per region and thema a few hotspot gemeenten where that thema's records concentrate;
- partners that are silent on some themes (``silent_themas``): the Belastingdienst never reports
  OMG's or jonge aanwas, the politie never zorgfraude, the gemeenten of half the regions nothing on
  logistiek, and some regions register hennep under drugs;
- a few rows in the politie and KvK extracts still carry the code of a merged gemeente (herindeling);
- people and companies recur across partners (a politie betrokkene may have a fiscal signal, a company
  in the Handelsregister may have a Bibob-dossier), so pseudonyms link across sources;
- casussen spread over three years, open and closed, with several themes, partners and adviezen.
- casus_subjecten name recurring persons and companies (so they are linkable within the casus), and
  handhavingsknelpunten cover an area (gemeente), an area (PC4s), a risk branche and groups of persons.

Records are dated from three years before the delivery date up to the delivery date. Output is
deterministic: the same arguments give byte-identical files (the XLSX workbook included). Files are
streamed row by row, so memory stays flat at any ``scale``.
"""

from __future__ import annotations

import bisect
import csv
import math
import random
import shutil
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property
from hashlib import sha256
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.packaging.core import DocumentProperties
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.xml.functions import tostring

from informatiebeeld.config.contracts import Column, Extract, load_contracts, load_regions
from informatiebeeld.config.paths import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"

Row = dict[str, object]

# --- volumes and shape ---------------------------------------------------------------------------
# The tables below are data; they keep a compact layout.
# fmt: off

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
GENERIC_VOLUME = 50  # rows for an extract this module does not know yet
PERSONS_PER_SCALE = 900
COMPANIES_PER_SCALE = 400
HISTORY_YEARS = 3
HOTSPOT_WEIGHT = 8.0
OLD_CODE_SHARE = 0.02
FREE_TEXT_IDENTIFIER_SHARE = 0.15
RISK_SBI_SHARE = 0.4
HENNEP_SEPARATE_SHARE = 0.6
FIXED_TIMESTAMP = datetime(2020, 1, 1)
_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)

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

# --- word lists (all characters exist in windows-1252) -----------------------------------------

VOORNAMEN = (
    "Jan", "Pieter", "Kees", "Henk", "Willem", "Gerrit", "Johannes", "Cornelis", "Hendrik", "Mark",
    "Dennis", "Kevin", "Jeroen", "Bas", "Daan", "Sem", "Lucas", "Milan", "Thijs", "Ruben", "Mohamed",
    "Youssef", "Ahmed", "Mustafa", "Hakan", "Emre", "Murat", "Dimitri", "Marek", "Piotr", "Tomasz",
    "Andrei", "Anna", "Maria", "Johanna", "Elisabeth", "Sanne", "Anouk", "Lisa", "Fleur", "Emma",
    "Julia", "Sophie", "Lotte", "Iris", "Fatima", "Khadija", "Nora", "Samira", "Aylin", "Elif",
    "Chantal", "Priya", "Shanti", "José", "Renée", "Chloë", "Noël", "Zoë", "Agnieszka", "Gökhan",
)
ACHTERNAMEN = (
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
    "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
    "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
    "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek",
    "de Bruijn", "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet", "Hoekstra", "Maas",
    "Verhoeven", "Koster", "van Dam", "El Amrani", "Bouzidi", "El Idrissi", "Benali", "Öztürk", "Kaya",
    "Demir", "Çelik", "Yildiz", "Aydin", "Nowak", "Kowalski", "Popescu", "Nguyen", "Ramdin",
    "Sewbaran", "Martina", "Rosaria",
)
STRATEN = (
    "Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsweg", "Schoolstraat", "Julianastraat",
    "Beatrixstraat", "Wilhelminastraat", "Nieuwstraat", "Hoofdstraat", "Marktplein", "Industrieweg",
    "Havenweg", "Parallelweg", "Kanaalweg", "Eikenlaan", "Berkenlaan", "Lindelaan", "Sportlaan",
    "Oranjestraat", "Rembrandtlaan", "Vondelstraat", "Populierenlaan", "Esdoornstraat", "Zuiderweg",
    "Achterweg", "Nijverheidsweg", "Ambachtsweg", "Handelsweg", "Transportweg", "Polderweg",
    "Veldweg", "Heuvelstraat", "Brinkstraat", "Dijkstraat", "Prinsengracht", "Willemskade",
    "Burgemeester de Withstraat", "Prins Bernhardlaan", "Coöperatieweg",
)
HUISNUMMER_TOEVOEGINGEN = ("", "", "", "", "", "A", "B", "-1", "-2", " hs", " bis", "-H")
BANKEN = ("ABNA", "INGB", "INGB", "RABO", "RABO", "SNSB", "TRIO", "KNAB", "ASNB", "BUNQ", "RBRB")
MAIL_DOMEINEN = ("mail.example", "webmail.example", "ziggo.example", "kpnmail.example", "outlook.example")
KENTEKEN_LETTERS = "BDFGHJKLNPRSTVXZ"
KENTEKEN_PATTERNS = ("99-XXX-9", "XX-999-X", "9-XXX-99", "XX-99-XX", "99-XX-XX", "XXX-99-X")
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
CASUS_CODENAMEN = (
    "Zilverreiger", "Kraanvogel", "Ekster", "Roerdomp", "Kievit", "Grutto", "Tureluur", "Havik",
    "Buizerd", "Slechtvalk", "Eikenhout", "Berkenbast", "Wilgentak", "Essenblad", "Hazelaar",
    "Vuursteen", "Basalt", "Graniet", "Obsidiaan", "Kwarts", "Noordster", "Zeebries", "Duinroos",
    "Waterlelie", "Meerkoet", "Sperwer", "Wielewaal", "IJsvogel", "Zwaluw", "Korhoen",
)
MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)

OTHER_SBI = (
    "4120", "4711", "6201", "8690", "4321", "4322", "4332", "4399", "4719", "4778", "4791", "4932",
    "5621", "6920", "7022", "7111", "7311", "8121", "8130", "8559", "8622", "9602", "9313", "4673",
    "1071", "0113", "8891", "5320", "4520", "4329",
)
SBI_NAMEN: dict[str, tuple[str, ...]] = {
    "4511": ("Autobedrijf {achternaam}", "{woord} Cars", "Autohandel {woord}"),
    "4520": ("Garage {achternaam}", "Autoservice {woord}"),
    "4776": ("Growshop {woord}", "Tuincentrum {woord}"),
    "4941": ("Transportbedrijf {achternaam}", "{woord} Logistics", "Koeriersdienst {woord}"),
    "5229": ("{woord} Cargo", "Expeditie {woord}"),
    "5510": ("Hotel {woord}", "Hotel-Pension {woord}"),
    "5520": ("Vakantiepark {woord}", "Bungalowpark {woord}"),
    "5610": ("Restaurant {woord}", "Eethuis {woord}", "Grillroom {woord}"),
    "5630": ("Café {woord}", "Eetcafé {woord}", "Shisha Lounge {woord}"),
    "6619": ("Geldwisselkantoor {woord}", "{woord} Money Transfer"),
    "6810": ("{achternaam} Vastgoed", "{woord} Vastgoed"),
    "6831": ("Makelaardij {achternaam}", "{woord} Wonen"),
    "7830": ("Uitzendbureau {woord}", "{woord} Personeelsdiensten", "{woord} Flex"),
    "8810": ("Zorgbureau {woord}", "Thuiszorg {woord}", "Stichting Zorg {woord}"),
    "9200": ("Speelhal {woord}", "Gokhal {woord}"),
    "9604": ("Massagesalon {woord}", "Wellness {woord}", "Sauna {woord}"),
    "3811": ("Afvalinzameling {achternaam}", "{woord} Recycling"),
    "4120": ("Bouwbedrijf {achternaam}", "{woord} Bouw"),
    "4711": ("Supermarkt {woord}", "Toko {woord}", "Minimarkt {woord}"),
    "6201": ("{woord} Software", "{woord} IT"),
    "8690": ("Praktijk {achternaam}", "Fysiotherapie {woord}"),
    "9602": ("Kapsalon {woord}", "Barbershop {woord}", "Nagelstudio {woord}"),
}
HANDELSNAAM_WOORDEN = (
    "De Zwaan", "Centraal", "Oranje", "Noorderlicht", "De Molen", "Royal", "Lotus", "Atlas", "Delta",
    "Horizon", "De Eendracht", "Pegasus", "Zuidpoort", "Phoenix", "Bella", "Victoria", "De Hoek",
    "Europa", "Sunrise", "Kroon", "Tulip", "Golden", "Prima", "Express", "Vitaal", "Holland",
)
RECHTSVORM_SUFFIX = {"bv": " B.V.", "nv": " N.V.", "vof": " V.O.F.", "cv": " C.V."}

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
THEMA_ZINNEN: dict[str, tuple[str, ...]] = {
    "drugs": (
        "handel in harddrugs vanuit een woning", "opslag van drugs in een bedrijfspand",
        "een drugslab in een schuur", "veel kort verkeer bij een portiek", "drugsafval in een container",
        "cocaïne verstopt in een auto met verborgen ruimte",
    ),
    "hennep": (
        "een hennepkwekerij op zolder", "stroomdiefstal voor hennepteelt", "hennepgeur in het trappenhuis",
        "verkoop van kweekmateriaal aan vaste klanten", "dichtgeplakte ramen en warmte op het dak",
    ),
    "mensenhandel": (
        "vermoedens van uitbuiting in een massagesalon", "prostitutie vanuit een hotelkamer",
        "jonge vrouwen die steeds door dezelfde man worden gebracht", "een woning met wisselende bewoonsters",
    ),
    "arbeidsuitbuiting": (
        "arbeidsmigranten in een overbewoonde woning", "personeel dat onder het minimumloon werkt",
        "werknemers die hun paspoort moesten inleveren", "busjes die 's ochtends vroeg werkers ophalen",
    ),
    "witwassen": (
        "contante betalingen bij de aankoop van auto's", "een geldwisselkantoor zonder zichtbare klanten",
        "crypto die tegen contant geld wordt gewisseld", "underground banking via een belwinkel",
        "een dure levensstijl zonder bekend inkomen", "een horecazaak met een opvallend hoge omzet",
    ),
    "vastgoed": (
        "panden die met contant geld zijn gekocht", "snelle doorverkoop van woningen (ABC-transacties)",
        "een katvanger als eigenaar ingeschreven", "verhuur van kamers zonder vergunning",
    ),
    "omg": (
        "een clubhuis van een motorclub in aanbouw", "leden van een OMG bij een horecazaak",
        "het dragen van colors bij een evenement", "intimidatie van een uitbater door clubleden",
    ),
    "jonge_aanwas": (
        "jongeren die worden geronseld als koerier", "minderjarigen met veel contant geld",
        "een drillvideo met bedreigingen", "jongeren die op een vaste plek drugs overdragen",
    ),
    "buitengebied": (
        "een leegstaande stal die is verhuurd aan onbekenden", "permanente bewoning op een vakantiepark",
        "een schuur met verduisterde ramen", "nachtelijke activiteit bij een boerderij",
    ),
    "logistiek": (
        "een container met afwijkende lading", "uithalers op het haventerrein",
        "een vrachtwagen met een verborgen ruimte", "een transportbedrijf zonder vaste klanten",
    ),
    "bedrijventerreinen": (
        "een loods met veel verkeer 's nachts", "een bedrijfsunit zonder zichtbare activiteit",
        "verhuur van units via een tussenpersoon", "afgeschermde camera's rond een bedrijfspand",
    ),
    "zorgfraude": (
        "een zorgaanbieder die niet geleverde zorg declareert", "pgb-gelden die worden doorgesluisd",
        "een zorgbureau zonder personeel", "cliënten die hun zorgverlener nooit zien",
    ),
    "milieucriminaliteit": (
        "dumping van drugsafval in een natuurgebied", "illegale opslag van vaten",
        "afvalverwerking zonder vergunning", "chemische lucht bij een sloot",
    ),
}
ALGEMENE_ZINNEN = ("een verdachte situatie", "signalen van ondermijning", "opvallende geldstromen")
TEKST_SJABLONEN: dict[str, tuple[str, ...]] = {
    "politie": (
        "{Zin}.", "Melding over {zin}.", "Bij controle geconstateerd: {zin}.", "Buurtbewoners melden {zin}.",
        "Tijdens surveillance waargenomen: {zin}.", "Info wijkagent: {zin}.", "MMA-tip over {zin}.",
    ),
    "gemeente": (
        "Toezichthouder ziet {zin}.", "Wijkteam signaleert {zin}.", "Melding van een buurtbewoner: {zin}.",
        "Bij controle Alcoholwet: {zin}.", "Ondernemer meldt {zin} in de straat.", "Handhaving: {zin}.",
        "Signaal via het meldpunt: {zin}.",
    ),
    "belastingdienst": (
        "Uit boekenonderzoek: {zin}.", "Aangifte wijkt af van het beeld; {zin}.",
        "Vermogensopstelling klopt niet; {zin}.", "Signaal uit de controle: {zin}.",
        "{Zin}; nader onderzoek.",
    ),
}
TEKST_STAARTEN = (
    " Meerdere meldingen uit de buurt.", " Eerder bekend bij partners.", " Speelt al enkele maanden.",
    " Zie ook eerdere melding.", " Situatie sinds {maand} {jaar}.", " Nog niet geverifieerd.",
    " Geschatte schade ca. € {bedrag}.",
)

ROL_WEIGHTS = {"verdachte": 55, "slachtoffer": 12, "getuige": 13, "betrokkene": 20}
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
MUTATIE_WEIGHTS = {"inschrijving": 40, "uitschrijving": 20, "wijziging_adres": 25, "wijziging_activiteit": 15}
RECHTSVORM_WEIGHTS = {
    "eenmanszaak": 45, "bv": 30, "vof": 10, "stichting": 6, "vereniging": 4, "cv": 3, "nv": 2,
}
HERKOMST_WEIGHTS = {"signaal_partner": 55, "handhavingsknelpunt": 25, "ondermijningsbeeld": 20}
INBRENGER_WEIGHTS = {
    "gemeente": 35, "politie": 30, "om": 15, "belastingdienst": 12, "riec": 6, "arbeidsinspectie": 5,
    "kmar": 3, "ind": 3, "uwv": 3, "nvwa": 3, "provincie": 3,
}
ADVIES_COUNT_WEIGHTS = (45, 30, 17, 8)  # 0, 1, 2, 3 adviezen of one type

# fmt: on


# --- reference data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reference:
    themas: tuple[str, ...]
    risk_sbi: tuple[tuple[str, str], ...]  # (sbi_code, thema_code)
    current: tuple[tuple[str, str, str], ...]  # (gemeente_code, gemeente_naam, riec_regio_code)
    successor: Mapping[str, str]  # oud_gemeente_code -> nieuw_gemeente_code


def _read_seed(seeds_dir: Path, name: str) -> list[dict[str, str]]:
    with (seeds_dir / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _load_reference(seeds_dir: Path) -> _Reference:
    themas = tuple(row["thema_code"] for row in _read_seed(seeds_dir, "ref_themas"))
    risk = tuple((row["sbi_code"], row["thema_code"]) for row in _read_seed(seeds_dir, "ref_sbi_risicobranches"))
    current = tuple(
        (row["gemeente_code"], row["gemeente_naam"], row["riec_regio_code"])
        for row in _read_seed(seeds_dir, "ref_gemeenten")
        if not (row.get("geldig_tot") or "").strip()
    )
    successor = {
        row["oud_gemeente_code"]: row["nieuw_gemeente_code"]
        for row in _read_seed(seeds_dir, "ref_gemeente_herindelingen")
    }
    return _Reference(themas, risk, current, successor)


def _final_successor(code: str, successor: Mapping[str, str]) -> str:
    """Follow herindelingen until a code that did not merge again (guards against cycles)."""
    seen = {code}
    while code in successor and successor[code] not in seen:
        code = successor[code]
        seen.add(code)
    return code


# --- region profile -----------------------------------------------------------------------------


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
    return _build_profile(region, seed, _load_reference(seeds_dir or SEEDS_DIR))


def _build_profile(region: str, seed: int, reference: _Reference) -> RegionProfile:
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
        final = _final_successor(old, reference.successor)
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


# --- synthetic identifiers ---------------------------------------------------------------------


class _Permutation:
    """A bijection of 0..size-1 onto low..low+size-1, so that generated numbers never collide."""

    def __init__(self, rng: random.Random, low: int, high: int) -> None:
        self.low = low
        self.size = high - low
        multiplier = rng.randrange(2, self.size)
        while math.gcd(multiplier, self.size) != 1:
            multiplier += 1
        self.multiplier = multiplier
        self.offset = rng.randrange(self.size)

    def __call__(self, index: int) -> int:
        return self.low + (self.multiplier * index + self.offset) % self.size


def _bsn(prefix7: int, rng: random.Random) -> str:
    """Complete a 7-digit prefix to a 9-digit BSN that passes the 11-proef."""
    digits = [int(d) for d in f"{prefix7:07d}"]
    partial = sum(d * w for d, w in zip(digits, range(9, 2, -1), strict=True))
    eighth = rng.choice([d for d in range(10) if (partial + 2 * d) % 11 != 10])
    check = (partial + 2 * eighth) % 11
    return f"{prefix7:07d}{eighth}{check}"


def _iban(bank: str, account: str) -> str:
    numeric = "".join(str(int(ch, 36)) for ch in f"{bank}{account}NL00")
    return f"NL{98 - int(numeric) % 97:02d}{bank}{account}"


def _format_bsn(bsn: str, rng: random.Random) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}"
    if style == 1:
        return f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}"
    if style == 2:
        return f"{bsn[:3]}.{bsn[3:6]}.{bsn[6:]}"
    return bsn


def _format_iban(iban: str, rng: random.Random) -> str:
    if rng.random() < 0.7:
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban


def _format_mobile(digits8: str, rng: random.Random) -> str:
    style = rng.randrange(5)
    if style == 0:
        return f"06-{digits8}"
    if style == 1:
        return f"06{digits8}"
    if style == 2:
        return f"+31 6 {digits8}"
    if style == 3:
        return f"06 {digits8[:2]} {digits8[2:4]} {digits8[4:6]} {digits8[6:]}"
    return f"+316{digits8}"


def _landline(netnummer: str, rng: random.Random) -> str:
    subscriber = str(rng.randrange(2, 10)) + "".join(str(rng.randrange(10)) for _ in range(9 - len(netnummer)))
    return f"{netnummer}-{subscriber}"


def _kenteken(rng: random.Random) -> str:
    pattern = rng.choice(KENTEKEN_PATTERNS)
    return "".join(
        rng.choice(KENTEKEN_LETTERS) if ch == "X" else str(rng.randrange(10)) if ch == "9" else ch for ch in pattern
    )


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _format_postcode(pc4: int, letters: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.8:
        return f"{pc4} {letters}"
    if roll < 0.92:
        return f"{pc4}{letters}"
    return f"{pc4}{letters.lower()}" if roll < 0.97 else f"{pc4} {letters.lower()}"


def _postcode_letters(rng: random.Random) -> str:
    while True:
        letters = rng.choice(POSTCODE_LETTERS) + rng.choice(POSTCODE_LETTERS)
        if letters not in ("SA", "SD", "SS"):
            return letters


def _huisnummer(rng: random.Random) -> str:
    number = max(1, int(rng.paretovariate(1.1) * 4) - 3)
    return f"{min(number, 480)}{rng.choice(HUISNUMMER_TOEVOEGINGEN)}"


def _choose(rng: random.Random, weights: Mapping[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _money(rng: random.Random, median: float, sigma: float = 1.1) -> Decimal:
    return Decimal(f"{rng.lognormvariate(math.log(median), sigma):.2f}")


@dataclass(frozen=True)
class _Person:
    bsn: str
    voornamen: str
    achternaam: str
    geboortedatum: date
    mobiel: str  # 8 digits after 06
    email: str
    kenteken: str | None
    iban: str


@dataclass(frozen=True)
class _Company:
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


# --- the generation context of one region --------------------------------------------------------


class _Context:
    def __init__(
        self, profile: RegionProfile, reference: _Reference, seed: int, scale: float, delivery_date: date
    ) -> None:
        self.profile = profile
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
        self._bsn_prefix = _Permutation(ids, 1_000_000, 10_000_000)
        self._kvk = _Permutation(ids, 10_000_000, 100_000_000)
        self._vestiging = _Permutation(ids, 1_000_000_000, 10_000_000_000)
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

    def rng(self, *purpose: str) -> random.Random:
        return random.Random(":".join([str(self.seed), self.profile.code, *purpose]))

    def count(self, partner: str, extract: str) -> int:
        return max(1, round(BASE_VOLUMES.get((partner, extract), GENERIC_VOLUME) * self.scale))

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
        return _choose(rng, weights)

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
        return _format_postcode(pc4, _postcode_letters(rng), rng)

    # recurring people and companies

    def person(self, index: int) -> _Person:
        rng = self.rng("persoon", str(index))
        young = index % 4 == 0
        birth_start = date(1996, 1, 1) if young else date(1950, 1, 1)
        birth_end = date(2006, 12, 31) if young else date(1995, 12, 31)
        voornamen = rng.choice(VOORNAMEN)
        if rng.random() < 0.3:
            voornamen += " " + rng.choice(VOORNAMEN)
        achternaam = rng.choice(ACHTERNAMEN)
        account = "".join(str(rng.randrange(10)) for _ in range(10))
        local = f"{_ascii(voornamen.split()[0])}.{_ascii(achternaam)}{rng.randrange(100)}"
        email = f"{local}@{rng.choice(MAIL_DOMEINEN)}"
        return _Person(
            bsn=_bsn(self._bsn_prefix(index), rng),
            voornamen=voornamen,
            achternaam=achternaam,
            geboortedatum=birth_start + timedelta(days=rng.randint(0, (birth_end - birth_start).days)),
            mobiel="".join(str(rng.randrange(10)) for _ in range(8)),
            email=email,
            kenteken=_kenteken(rng) if rng.random() < 0.5 else None,
            iban=_iban(rng.choice(BANKEN), account),
        )

    def pick_person(self, rng: random.Random, young: bool = False) -> _Person:
        """Skewed towards low indexes, so that some people recur often (veelplegers)."""
        index = int(self.n_persons * rng.random() ** 2)
        if young:
            index -= index % 4
        return self.person(index)

    def company(self, index: int) -> _Company:
        rng = self.rng("bedrijf", str(index))
        if rng.random() < RISK_SBI_SHARE and self.reference.risk_sbi:
            sbi_code, thema = rng.choice(self.reference.risk_sbi)
        else:
            sbi_code, thema = rng.choice(OTHER_SBI), None
        _, gemeente = self.pick_gemeente(rng, thema)
        rechtsvorm = _choose(rng, RECHTSVORM_WEIGHTS)
        return _Company(
            kvk_nummer=str(self._kvk(index)),
            vestigingsnummer=f"{self._vestiging(index):012d}",
            rechtsvorm=rechtsvorm,
            handelsnaam=_handelsnaam(rng, sbi_code, rechtsvorm),
            sbi_code=sbi_code,
            gemeente=gemeente,
            straat=rng.choice(STRATEN),
            huisnummer=_huisnummer(rng),
            pc4=rng.randint(gemeente.pc4_low, gemeente.pc4_high),
            letters=_postcode_letters(rng),
            iban=_iban(rng.choice(BANKEN), "".join(str(rng.randrange(10)) for _ in range(10))),
        )

    def pick_company(self, rng: random.Random) -> _Company:
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
            return f"Betrokkene {person.achternaam} (BSN {_format_bsn(person.bsn, rng)})."
        if kind == 1:
            return f"Geld overgemaakt naar {_format_iban(person.iban, rng)}."
        if kind == 2:
            return f"Melder bereikbaar op {_format_mobile(person.mobiel, rng)}."
        if kind == 3:
            return f"Contact via {person.email}."
        if kind == 4:
            _, gemeente = self.pick_gemeente(rng, None)
            return f"Pand {rng.choice(STRATEN)} {_huisnummer(rng)}, {self.postcode(rng, gemeente)}."
        if kind == 5:
            return f"Auto met kenteken {person.kenteken or _kenteken(rng)} staat vaak voor de deur."
        return f"Pand op naam van KvK {self.pick_company(rng).kvk_nummer}."

    @cached_property
    def casussen(self) -> list[Row]:
        """The casusregister rows; kept in memory (40 per scale unit) for afpakken to refer to."""
        return list(_casus_rows(self))


def _handelsnaam(rng: random.Random, sbi_code: str, rechtsvorm: str) -> str:
    pattern = rng.choice(SBI_NAMEN.get(sbi_code, ("{achternaam} {woord}", "{woord} Groep", "{woord} Services")))
    name = pattern.format(
        achternaam=rng.choice(ACHTERNAMEN).split()[-1].capitalize(), woord=rng.choice(HANDELSNAAM_WOORDEN)
    )
    if rechtsvorm == "stichting" and not name.startswith("Stichting"):
        return f"Stichting {name}"
    return name + RECHTSVORM_SUFFIX.get(rechtsvorm, "")


# --- row producers, one per extract ------------------------------------------------------------


def _incident_stream(ctx: _Context) -> Iterator[Row]:
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


def _incidenten(ctx: _Context) -> Iterator[Row]:
    return _incident_stream(ctx)


def _betrokkenen(ctx: _Context) -> Iterator[Row]:
    # The incident stream is regenerated from the same seed: identical incidents, flat memory.
    rng = ctx.rng("politie", "betrokkenen")
    for incident in _incident_stream(ctx):
        young = incident["thema_code"] == "jonge_aanwas"
        for volgnummer in range(1, rng.choices((1, 2, 3), weights=(45, 35, 20))[0] + 1):
            person = ctx.pick_person(rng, young=young)
            rol = "verdachte" if volgnummer == 1 and rng.random() < 0.7 else _choose(rng, ROL_WEIGHTS)
            yield {
                "incident_nummer": incident["incident_nummer"],
                "betrokkene_volgnummer": volgnummer,
                "rol": rol,
                "bsn": person.bsn if rng.random() < 0.8 else None,
                "achternaam": person.achternaam if rng.random() < 0.97 else None,
                "voornamen": person.voornamen if rng.random() < 0.9 else None,
                "geboortedatum": person.geboortedatum if rng.random() < 0.9 else None,
                "telefoonnummer": _format_mobile(person.mobiel, rng) if rng.random() < 0.4 else None,
                "kenteken": _kenteken_spelling(person.kenteken, rng) if rng.random() < 0.3 else None,
            }


def _kenteken_spelling(kenteken: str | None, rng: random.Random) -> str | None:
    if kenteken is None:
        return None
    roll = rng.random()
    if roll < 0.8:
        return kenteken
    return kenteken.replace("-", "") if roll < 0.9 else kenteken.lower()


def _melder_telefoon(ctx: _Context, rng: random.Random, gemeente: Gemeente) -> str:
    if rng.random() < 0.3:
        return _landline(gemeente.netnummer, rng)
    return _format_mobile("".join(str(rng.randrange(10)) for _ in range(8)), rng)


def _signalen(ctx: _Context) -> Iterator[Row]:
    rng = ctx.rng("gemeente", "signalen")
    for seq, melding in enumerate(ctx.sorted_dates(rng, ctx.count("gemeente", "signalen")), start=1):
        thema = ctx.pick_thema(rng, "gemeente")
        code, gemeente = ctx.pick_gemeente(rng, thema)
        bron = _choose(rng, BRON_WEIGHTS)
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


def _gemeente_thema(ctx: _Context, rng: random.Random, preferred: Mapping[str, float]) -> str:
    """A thema for a gemeente record, favouring preferred themes but never a silent one."""
    weights = ctx.profile.thema_weights["gemeente"]
    combined = {t: w * preferred.get(t, 0.3) for t, w in weights.items() if w > 0}
    return _choose(rng, combined)


def _bibob_dossiers(ctx: _Context) -> Iterator[Row]:
    rng = ctx.rng("gemeente", "bibob_dossiers")
    for seq, aanvraag in enumerate(ctx.sorted_dates(rng, ctx.count("gemeente", "bibob_dossiers")), start=1):
        thema = _gemeente_thema(ctx, rng, BIBOB_THEMA_WEIGHTS)
        code, _ = ctx.pick_gemeente(rng, thema)
        recent = (ctx.delivery_date - aanvraag).days < 120
        uitkomst = "lopend" if recent and rng.random() < 0.7 else _choose(rng, UITKOMST_WEIGHTS)
        yield {
            "dossier_nummer": f"BIBOB-{ctx.profile.abbreviation}-{aanvraag.year}-{seq:04d}",
            "gemeente_code": code,
            "aanvraag_datum": aanvraag,
            "vergunning_soort": _choose(rng, VERGUNNING_WEIGHTS),
            "thema_code": thema,
            "kvk_nummer": ctx.pick_company(rng).kvk_nummer if rng.random() < 0.85 else None,
            "lbb_advies_gevraagd": rng.random() < 0.3,
            "uitkomst": uitkomst,
        }


def _bestuurlijke_maatregelen(ctx: _Context) -> Iterator[Row]:
    rng = ctx.rng("gemeente", "bestuurlijke_maatregelen")
    dates = ctx.sorted_dates(rng, ctx.count("gemeente", "bestuurlijke_maatregelen"))
    for seq, besluit in enumerate(dates, start=1):
        thema = _gemeente_thema(ctx, rng, {"drugs": 3, "hennep": 3, "mensenhandel": 1.5, "witwassen": 1})
        code, gemeente = ctx.pick_gemeente(rng, thema)
        soort = _choose(rng, MAATREGEL_BY_THEMA.get(thema, MAATREGEL_DEFAULT))
        dwangsom = Decimal(rng.randrange(10, 200) * 500) if soort == "last_onder_dwangsom" else None
        yield {
            "maatregel_nummer": f"BM-{ctx.profile.abbreviation}-{besluit.year}-{seq:04d}",
            "gemeente_code": code,
            "besluit_datum": besluit,
            "maatregel_soort": soort,
            "thema_code": thema,
            "adres_postcode": ctx.postcode(rng, gemeente) if rng.random() < 0.95 else None,
            "adres_huisnummer": _huisnummer(rng) if rng.random() < 0.95 else None,
            "dwangsom_bedrag_eur": dwangsom,
        }


def _fiscale_signalen(ctx: _Context) -> Iterator[Row]:
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
            "onderdeel": _choose(rng, ONDERDEEL_BY_THEMA.get(thema, ONDERDEEL_DEFAULT)),
            "bsn": person.bsn if person else None,
            "kvk_nummer": company.kvk_nummer if company else None,
            "iban": iban,
            "geschat_nadeel_eur": _money(rng, 20_000, 1.3) if rng.random() < 0.85 else None,
            "toelichting": ctx.free_text(rng, "belastingdienst", thema) if rng.random() < 0.9 else None,
        }


def _afpakken(ctx: _Context) -> Iterator[Row]:
    rng = ctx.rng("belastingdienst", "afpakken")
    casussen = ctx.casussen
    for seq in range(1, ctx.count("belastingdienst", "afpakken") + 1):
        soort = _choose(rng, AFPAK_WEIGHTS)
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
            "bedrag_eur": _money(rng, AFPAK_MEDIAN[soort]) if soort in AFPAK_MEDIAN else _money(rng, 10_000),
        }


def _handelsregister_mutaties(ctx: _Context) -> Iterator[Row]:
    rng = ctx.rng("kvk", "handelsregister_mutaties")
    dates = ctx.sorted_dates(rng, ctx.count("kvk", "handelsregister_mutaties"))
    for seq, mutatie in enumerate(dates, start=1):
        company = ctx.pick_company(rng)
        soort = _choose(rng, MUTATIE_WEIGHTS)
        straat, huisnummer, pc4, letters = company.straat, company.huisnummer, company.pc4, company.letters
        if soort == "wijziging_adres":
            straat, huisnummer = rng.choice(STRATEN), _huisnummer(rng)
            pc4, letters = (
                rng.randint(company.gemeente.pc4_low, company.gemeente.pc4_high),
                _postcode_letters(rng),
            )
        code = ctx.old_code_for(rng, company.gemeente) or company.gemeente.code
        postcode = f"{pc4}{letters}" if rng.random() < 0.6 else _format_postcode(pc4, letters, rng)
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


def _casus_rows(ctx: _Context) -> Iterator[Row]:
    rng = ctx.rng("riec", "casusregister")
    weights = ctx.profile.thema_weights["riec"]
    knelpunten = [f"HHK-{ctx.profile.abbreviation}-{n:02d}" for n in range(1, rng.randint(3, 6) + 1)]
    for seq, start in enumerate(ctx.sorted_dates(rng, ctx.count("riec", "casusregister")), start=1):
        themas = _distinct(rng, weights, rng.choices((1, 2, 3), weights=(50, 35, 15))[0])
        code, _ = ctx.pick_gemeente(rng, themas[0])
        herkomst = _choose(rng, HERKOMST_WEIGHTS)
        einddatum = start + timedelta(days=rng.randint(60, 720)) if rng.random() < 0.5 else None
        inbrengers = _distinct(rng, INBRENGER_WEIGHTS, rng.choices((1, 2, 3), weights=(55, 30, 15))[0])
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


def _distinct(rng: random.Random, weights: Mapping[str, float], count: int) -> list[str]:
    """count different keys drawn by weight (fewer if there are not enough)."""
    remaining = {k: w for k, w in weights.items() if w > 0}
    chosen: list[str] = []
    while remaining and len(chosen) < count:
        pick = _choose(rng, remaining)
        chosen.append(pick)
        del remaining[pick]
    return chosen


def _casusregister(ctx: _Context) -> Iterator[Row]:
    return iter(ctx.casussen)


CASUS_SUBJECT_ROLLEN = {"hoofdsubject": 3.0, "medesubject": 2.0, "betrokkene": 2.0}


def _casus_subjecten(ctx: _Context) -> Iterator[Row]:
    """Subjects of each casus: recurring persons and companies, so partners name them too."""
    rng = ctx.rng("riec", "casus_subjecten")
    for casus in ctx.casussen:
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
                "rol": "hoofdsubject" if volgnummer == 1 else _choose(rng, CASUS_SUBJECT_ROLLEN),
                "toegevoegd_op": min(toegevoegd, ctx.delivery_date),
            }


def _knelpunt_codes(ctx: _Context) -> list[str]:
    """The codes of the region's handhavingsknelpunten, as the casusregister draws them."""
    count = ctx.rng("riec", "casusregister").randint(3, 6)
    return [f"HHK-{ctx.profile.abbreviation}-{n:02d}" for n in range(1, count + 1)]


# The first knelpunten are an area (gemeenten), an area (PC4s) and a branche; the rest target persons.
HHK_SCOPE_ORDER = ("gebied_gemeente", "gebied_pc4", "branche")


def _handhavingsknelpunten(ctx: _Context) -> Iterator[Row]:
    """Scope rows of the handhavingsknelpunten: areas, a risk branche, persons and companies."""
    rng = ctx.rng("riec", "handhavingsknelpunten")
    for index, code in enumerate(_knelpunt_codes(ctx)):
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


def _ondermijningsbeelden(ctx: _Context) -> Iterator[Row]:
    """Ondermijningsbeelden the RIEC delivered, spread over the years of the window."""
    rng = ctx.rng("riec", "ondermijningsbeelden")
    for seq, opgeleverd in enumerate(ctx.sorted_dates(rng, ctx.count("riec", "ondermijningsbeelden")), start=1):
        code, _ = ctx.pick_gemeente(rng, None)
        yield {
            "beeld_nummer": f"OB-{ctx.profile.abbreviation}-{opgeleverd.year}-{seq:03d}",
            "gemeente_code": code,
            "opleverdatum": opgeleverd,
            "soort": _choose(rng, ONDERMIJNINGSBEELD_SOORTEN),
        }


def _bevolking(ctx: _Context) -> Iterator[Row]:
    for gemeente in ctx.profile.gemeenten:
        yield {
            "gemeente_code": gemeente.code,
            "peiljaar": ctx.delivery_date.year,
            "inwoners": gemeente.inwoners,
            "is_synthetisch": True,
        }


Producer = Callable[[_Context], Iterator[Row]]
PRODUCERS: dict[tuple[str, str], Producer] = {
    ("politie", "incidenten"): _incidenten,
    ("politie", "betrokkenen"): _betrokkenen,
    ("gemeente", "signalen"): _signalen,
    ("gemeente", "bibob_dossiers"): _bibob_dossiers,
    ("gemeente", "bestuurlijke_maatregelen"): _bestuurlijke_maatregelen,
    ("belastingdienst", "fiscale_signalen"): _fiscale_signalen,
    ("belastingdienst", "afpakken"): _afpakken,
    ("kvk", "handelsregister_mutaties"): _handelsregister_mutaties,
    ("riec", "casusregister"): _casusregister,
    ("riec", "ondermijningsbeelden"): _ondermijningsbeelden,
    ("riec", "casus_subjecten"): _casus_subjecten,
    ("riec", "handhavingsknelpunten"): _handhavingsknelpunten,
    ("cbs", "bevolking"): _bevolking,
}


# --- generic values, for columns or extracts this module does not know yet ----------------------

GenericValue = Callable[[_Context, random.Random, Column, int], object]
_GENERIC: dict[str, GenericValue] = {
    "string": lambda ctx, rng, col, i: f"{col.name.upper()}-{i:06d}",
    "text": lambda ctx, rng, col, i: ctx.free_text(rng, "gemeente", ctx.pick_thema(rng, "riec")),
    "integer": lambda ctx, rng, col, i: int(col.min or 0) + rng.randrange(100),
    "decimal": lambda ctx, rng, col, i: _money(rng, 5_000),
    "date": lambda ctx, rng, col, i: ctx.random_date(rng),
    "boolean": lambda ctx, rng, col, i: rng.random() < 0.5,
    "enum": lambda ctx, rng, col, i: rng.choice(col.values or ("",)),
    "list": lambda ctx, rng, col, i: [rng.choice(col.values or ("",))],
    "thema_list": lambda ctx, rng, col, i: [ctx.pick_thema(rng, "riec")],
    "thema_code": lambda ctx, rng, col, i: ctx.pick_thema(rng, "riec"),
    "gemeente_code": lambda ctx, rng, col, i: ctx.pick_gemeente(rng, None)[0],
    "sbi_code": lambda ctx, rng, col, i: ctx.pick_company(rng).sbi_code,
    "postcode": lambda ctx, rng, col, i: ctx.postcode(rng, ctx.pick_gemeente(rng, None)[1]),
    "bsn": lambda ctx, rng, col, i: ctx.pick_person(rng).bsn,
    "iban": lambda ctx, rng, col, i: ctx.pick_person(rng).iban,
    "kvk_nummer": lambda ctx, rng, col, i: ctx.pick_company(rng).kvk_nummer,
    "phone": lambda ctx, rng, col, i: _format_mobile(ctx.pick_person(rng).mobiel, rng),
    "email": lambda ctx, rng, col, i: ctx.pick_person(rng).email,
}


def _generic_rows(ctx: _Context, partner: str, extract: Extract) -> Iterator[Row]:
    count = ctx.count(partner, extract.name)
    for _ in range(count):
        yield {}


def _complete(rows: Iterator[Row], ctx: _Context, partner: str, extract: Extract) -> Iterator[Row]:
    """Fill required and key columns a producer does not know (a contract that grew) with typed values."""
    rng = ctx.rng(partner, extract.name, "aanvulling")
    missing = [c for c in extract.columns if c.required or c.name in extract.primary_key]
    for number, row in enumerate(rows, start=1):
        for column in missing:
            if row.get(column.name) is None:
                row[column.name] = _GENERIC[column.type](ctx, rng, column, number)
        yield row


# --- writing ----------------------------------------------------------------------------------


class ContractMismatch(ValueError):
    """The generator produced a value its contract does not allow: update this module."""


def _check_value(value: object, column: Column, extract: Extract) -> None:
    if column.type == "enum" and value not in (column.values or ()):
        raise ContractMismatch(f"{extract.name}.{column.name}: {value!r} is not one of {column.values}")
    if column.type == "list" and isinstance(value, list):
        unknown = [v for v in value if v not in (column.values or ())]
        if unknown:
            raise ContractMismatch(f"{extract.name}.{column.name}: {unknown} not in {column.values}")


def _csv_text(value: object, extract: Extract) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, date):
        return value.strftime(extract.date_format)
    if isinstance(value, Decimal | float):
        text = f"{value:.2f}"
        return text.replace(".", ",") if extract.decimal_separator == "," else text
    if isinstance(value, list | tuple):
        return extract.list_separator.join(str(v) for v in value)
    return str(value)


def _excel_number_format(date_format: str) -> str:
    result = date_format
    for python, excel in (("%d", "dd"), ("%m", "mm"), ("%Y", "yyyy"), ("%y", "yy")):
        result = result.replace(python, excel)
    return result


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: object, extract: Extract) -> WriteOnlyCell | None:
    if value is None:
        return None
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=datetime(value.year, value.month, value.day))
        cell.number_format = _excel_number_format(extract.date_format)
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = "#,##0.00"
        return cell
    if isinstance(value, list | tuple):
        return WriteOnlyCell(sheet, value=extract.list_separator.join(str(v) for v in value))
    return WriteOnlyCell(sheet, value=value)


def _ordered(row: Row, extract: Extract) -> list[object]:
    values = []
    for column in extract.columns:
        value = row.get(column.name)
        if value is not None:
            _check_value(value, column, extract)
        values.append(value)
    return values


def _write_csv(path: Path, extract: Extract, rows: Iterator[Row]) -> None:
    windows = extract.encoding.lower().replace("_", "-") in ("windows-1252", "cp1252")
    with path.open("w", encoding=extract.encoding, newline="", errors="strict") as handle:
        writer = csv.writer(handle, delimiter=extract.delimiter, lineterminator="\r\n" if windows else "\n")
        writer.writerow([c.name for c in extract.columns])
        for row in rows:
            writer.writerow([_csv_text(v, extract) for v in _ordered(row, extract)])


def _write_xlsx(path: Path, extract: Extract, rows: Iterator[Row]) -> None:
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "informatiebeeld demo"
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    sheet = workbook.create_sheet(title=extract.sheet or extract.name[:31])
    sheet.append([c.name for c in extract.columns])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v, extract) for v in _ordered(row, extract)])
    raw = path.with_name(path.name + ".raw")
    workbook.save(raw)
    try:
        _normalise_zip(raw, path)
    finally:
        raw.unlink()


def _normalise_zip(source: Path, target: Path) -> None:
    """Rewrite a saved workbook with fixed timestamps, so that the same data gives the same bytes.

    openpyxl stamps docProps/core.xml with the save time and zip entries with the wall clock.
    """
    core = DocumentProperties(creator="informatiebeeld demo", created=FIXED_TIMESTAMP, modified=FIXED_TIMESTAMP)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIMESTAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            if info.filename == "docProps/core.xml":
                zout.writestr(entry, tostring(core.to_tree()))
                continue
            with zin.open(info) as src, zout.open(entry, "w") as dst:
                shutil.copyfileobj(src, dst)


def _write_extract(ctx: _Context, partner: str, extract: Extract, folder: Path) -> Path:
    producer = PRODUCERS.get((partner, extract.name))
    rows = producer(ctx) if producer else _generic_rows(ctx, partner, extract)
    path = folder / extract.file_name
    partial = folder / f".{extract.file_name}.partial"
    writer = _write_xlsx if extract.format == "xlsx" else _write_csv
    try:
        writer(partial, extract, _complete(rows, ctx, partner, extract))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def generate(
    landing_dir: Path,
    delivery_date: date,
    regions: Sequence[str] | None = None,
    scale: float = 1.0,
    seed: int = 42,
    *,
    seeds_dir: Path | None = None,
) -> list[Path]:
    """Write one night's synthetic deliveries and return the written paths, sorted.

    One file per region, partner contract and extract, at
    ``landing_dir/<region>/<partner>/<delivery_date>/<file_name>``. ``regions`` defaults to all
    regions of regions.yml; ``scale`` multiplies every volume except bevolking (at least one row per
    file); ``seed`` makes the output reproducible byte for byte. ``seeds_dir`` points at the dbt seeds
    (ref_themas, ref_sbi_risicobranches, ref_gemeenten, ref_gemeente_herindelingen).
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    codes = list(dict.fromkeys(regions)) if regions is not None else list(load_regions())
    reference = _load_reference(seeds_dir or SEEDS_DIR)
    contracts = load_contracts()
    profiles = [_build_profile(code, seed, reference) for code in codes]
    written = []
    for profile in profiles:
        ctx = _Context(profile, reference, seed, scale, delivery_date)
        for partner, contract in contracts.items():
            folder = Path(landing_dir) / profile.code / partner / delivery_date.isoformat()
            folder.mkdir(parents=True, exist_ok=True)
            for extract in contract.extracts:
                written.append(_write_extract(ctx, partner, extract, folder))
    return sorted(written)
