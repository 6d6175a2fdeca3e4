"""The ``informatiebeeld`` command line."""
