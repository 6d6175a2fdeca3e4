"""The short word lists that names, streets, company names and free text are drawn from.

Every character exists in windows-1252, so that the partners delivering in that encoding can write
every value. Lists of one partner only (incident soorten, casus codenamen) live with that partner.
"""

# The tables below are data; they keep a compact layout.
# fmt: off

# --- people and addresses ------------------------------------------------------------------------

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
BANKEN = ("ABNA", "INGB", "INGB", "RABO", "RABO", "SNSB", "TRIO", "KNAB", "ASNB", "BUNQ", "RBRB")
MAIL_DOMEINEN = ("mail.example", "webmail.example", "ziggo.example", "kpnmail.example", "outlook.example")

# --- companies -----------------------------------------------------------------------------------

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
RECHTSVORM_WEIGHTS = {
    "eenmanszaak": 45, "bv": 30, "vof": 10, "stichting": 6, "vereniging": 4, "cv": 3, "nv": 2,
}

# --- free text -----------------------------------------------------------------------------------

MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)

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

# fmt: on
