"""What every partner's producers share.

- ``reference``: the dbt seeds the data is drawn from (themes, risk branches, gemeenten, herindelingen).
- ``regions``: the shape of one region for a seed: its gemeenten, hotspots and per-partner thema weights.
- ``words``: the short word lists names, streets, company names and free text are drawn from.
- ``identifiers``: synthetic BSN, IBAN, KvK numbers, phone numbers, postcodes, kentekens, spellings.
- ``draws``: weighted draws from a seeded ``random.Random``.
- ``context``: one region's generation context: seeded randomness, dates, places, recurring people
  and companies, free text.
- ``completion``: typed values for columns and extracts no producer knows yet.
- ``writers``: CSV and XLSX files exactly as a contract describes them, byte for byte reproducible.
"""
