"""Informatiebeelden as documents: the gemeentelijk and thematisch informatiebeeld, the jaarverslag
tables, rendered from a region's published (suppressed) marts into self-contained HTML and PDF."""
