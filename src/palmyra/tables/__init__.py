"""Readers for Palmyra's bundled knowledge tables (src/palmyra/data).

Each module reads one table, validates it against its schema and returns
plain typed records. ``palmyra.resources`` calls them once, lazily.
"""
