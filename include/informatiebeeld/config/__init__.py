"""Configuration: partner contracts, regions, reference data, what is published, and paths.

The lowest layer: it reads YAML and CSV and imports nothing else of the package.
"""
