"""Places: find toponyms in a parsed text, resolve them against the gazetteer, locate events.

``palmyra.places.resolve`` holds the functions (``find_toponyms``, ``resolve``,
``resolve_toponyms``, ``event_location``, ``geoparse_article``) and the
``PlaceResolver`` stage; ``palmyra.tables.gazetteer`` reads the gazetteer.
"""
from __future__ import annotations
