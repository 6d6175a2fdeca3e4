"""Demo data: generated partner deliveries for every region, deterministic and scalable.

Not part of the production package: it only writes files into a landing area, and the production
image leaves it out. Nothing here is real personal data.

Start at ``generator.generate()``, which writes one night for every region and partner. ``partners/``
holds one module per partner with the producers of its extracts; ``common/`` holds what they share.
"""
