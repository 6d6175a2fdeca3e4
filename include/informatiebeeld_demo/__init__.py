"""Demo data: generated partner deliveries for every region, deterministic and scalable.

Not part of the production package: it only writes files into a landing area, and the production
image leaves it out. Nothing here is real personal data.
"""
