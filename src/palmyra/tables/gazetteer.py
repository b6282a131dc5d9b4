"""The gazetteer: a GeoNames artifact built in the repository plus curated conflict sites.

Two sources, one index:

- ``data/places.csv``: curated sites the packaged gazetteers lack (air bases, dams,
  crossings, camps, prisons), press spellings of a few cities and some macro-regions.
  Curated entries win over GeoNames: an entry with a ``geonameid`` replaces that record.
- ``data/gazetteer.tsv.gz`` (GeoNames, CC BY 4.0), written by ``scripts/build_gazetteer.py``
  from pinned packages: every country, the continents, every admin1 and admin2 division,
  and the populated places of 500+ inhabitants, with their Latin- and Arabic-script
  alternate names. Read on first lookup (about a second); place records are made on demand.

Names are indexed by ``normalise_name`` (case, diacritics, apostrophes, hyphens folded)
and without a leading Arabic article ("al-Tanf" = "Tanf" = "At Tanf").
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import gzip
import hashlib
import logging
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import DataTableError
from ..model import PRECISIONS

log = logging.getLogger(__name__)

PLACES_COLUMNS = (
    "id", "name", "aliases", "lat", "lon", "country_code", "admin1",
    "feature_code", "precision", "geonameid", "source",
)
ARTIFACT_NAME = "gazetteer.tsv.gz"
ARTIFACT_FORMAT = "1"
# Populated places smaller than this are candidates only in a deep lookup.
DEFAULT_MIN_CITY_POPULATION = 1000

# GeoNames feature codes read as a point feature ("site"): bases, airports, dams,
# prisons, camps, crossings, power stations, buildings.
SITE_FEATURES = frozenset(
    "AIRB AIRF AIRH AIRP MILB INSM DAM PRN CMP CMPRF CMPMN PSTB PSTP PS PSN PSH BDG BLDG "
    "HSP SCH UNIV MSQE CH PRT PO STDM MKT OILF OILR HTL RSTN ADMF".split()
)
PROVINCE_FEATURES = frozenset(("ADM1", "ADM1H", "RGN", "RGNE", "TERR", "ZN", "SEA", "GULF", "MTS", "ISLS", "PEN", "DSRT"))
COARSE_FEATURES = frozenset(("CONT", "OCN"))  # coarser than a country: precision "country"
# Features of places that may lie in several countries (curated rows may leave country_code empty).
REGION_FEATURES = frozenset(("CONT", "OCN", "SEA", "GULF", "RGN", "PEN", "MTS", "DSRT", "ZN"))
DISTRICT_FEATURES = frozenset(("ADM2", "ADM3", "ADM4", "ADM5", "ADMD", "PPLX"))

# Ruler labels: spaCy's, so the NER and the ruler speak the same language.
SITE_LABEL, PLACE_LABEL = "FAC", "GPE"


# City names that are also ordinary English words or common personal/company names:
# they stay in the index (candidates) but are kept out of the entity ruler, which
# would otherwise force "Reading" or "Jackson" to be a place wherever they occur.
RULER_BLOCKLIST = frozenset(
    """Ajax Americana Aurora Bar Bath Batman Bimbo Brits Bust Buy Canton Central Centennial
    Chandler Charlotte Clovis Concord Corona Damask Deal Delta Diana Dual Duma Edison Elizabeth
    Engels Enterprise Erode Eugene Garland George Gilbert Hamilton Hang Harrow Hit Hope Human
    Independence Irving Jackson Jingling Kali Lime Lincoln Luck Male Man Mary Mercedes Meshed Metro
    Midland Milton Mobile Most Nancy Natal Nice Norman Of Oral Orange Paradise Pax Pert Pet
    Police Pun Ram Reading Regina Riant Richardson Rim Sale Salt Sam Shaping Shevchenko Sidney
    Sine Sol Soul Sour Split Stalin Stalino Sumo Surprise Tall Tell Tire Tours Toyota Tyler Van
    Victoria Vista Warren Wei Mercy Union Liberty Salem Eagle Florence Troy Farah
    Hassan Qasim""".split()
)

_ARTICLES = frozenset(("al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh", "the"))
_FOLD = str.maketrans({**{c: None for c in "'’‘ʼʾʿ`´"}, **{c: " " for c in "-‐‑–—_.,"}})
_RULER_TEXT = re.compile(r"^[A-Z][A-Za-z'’\-. ]*[A-Za-z.]$")
_ID = re.compile(r"^[a-z0-9_]+$")
_FEATURE = re.compile(r"^[A-Z0-9]{2,6}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One place the gazetteer knows: a curated site or a GeoNames record."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    country_code: str  # ISO 3166-1 alpha-3 ("" for a continent)
    admin1: str | None  # first-level division name, where known
    feature_code: str  # GeoNames feature code (PPL, PPLC, PCLI, ADM1, AIRB, ...)
    population: int  # GeoNames population; a province's is the sum of its indexed cities'
    precision: str  # site | city | district | province | country
    source: str  # "curated" | "geonames"
    id: str = ""  # curated id, or "geonames:<geonameid>"
    admin2: str | None = None  # second-level division name, where known
    row: int = -1  # row in the GeoNames artifact (-1: curated)
    admin1_row: int = -1  # artifact row of the first-level division it lies in
    admin2_row: int = -1


def precision_for(feature_code: str) -> str:
    """Precision of a GeoNames feature code: PCL* country, ADM1 province, ADM2+ district, PPL* city, else site."""
    code = feature_code.upper()
    if code.startswith("PCL") or code in COARSE_FEATURES:
        return "country"
    if code in PROVINCE_FEATURES:
        return "province"
    if code in DISTRICT_FEATURES:
        return "district"
    if code.startswith("PPL"):
        return "city"
    return "site"


def fold_diacritics(text: str) -> str:
    """'Tadmur', not 'Tadmūr': decompose and drop combining marks."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalise_name(text: str) -> str:
    """Index key of a name: casefolded, diacritics and apostrophes dropped, hyphens as spaces."""
    return " ".join(fold_diacritics(text).casefold().translate(_FOLD).split())


def strip_article(key: str) -> str:
    """A normalised name without a leading article: 'al tanf' -> 'tanf', 'the gaza strip' -> 'gaza strip'."""
    first, _, rest = key.partition(" ")
    return rest if rest and first in _ARTICLES else key


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def distance_km(a: GazEntry, b: GazEntry) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def contains(outer: GazEntry, inner: GazEntry) -> bool:
    """Whether ``inner`` lies in ``outer``: same country, same division, or (cities, sites) within 50 km."""
    if outer.precision == "country":
        return bool(outer.country_code) and inner.country_code == outer.country_code and inner is not outer
    if inner.country_code != outer.country_code or inner == outer:
        return False
    if outer.precision == "province":
        if outer.row >= 0 and (inner.admin1_row >= 0 or inner.row >= 0):
            return inner.admin1_row == outer.row
        return inner.admin1 is not None and inner.admin1 == outer.admin1
    if outer.precision == "district":
        if outer.row >= 0 and inner.admin2_row >= 0:
            return inner.admin2_row == outer.row
        return inner.admin2 is not None and inner.admin2 == outer.admin2
    return distance_km(outer, inner) <= 50.0


class _Artifact:
    """The GeoNames artifact, read once: raw rows, the name index, ISO codes, ruler names.

    Place rows stay text until asked for (``entry``), so loading costs one pass over the lines.
    """

    def __init__(self, path: Path) -> None:
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise DataTableError(f"{path}: cannot read the gazetteer artifact ({e.strerror}); "
                                 "rebuild it with scripts/build_gazetteer.py") from e
        self.digest = hashlib.sha256(raw).hexdigest()[:12]
        lines = gzip.decompress(raw).decode("utf-8").split("\n")
        header = lines[0].split("\t")
        if header[0] != "#palmyra-gazetteer" or len(header) < 3 or header[1] != ARTIFACT_FORMAT:
            raise DataTableError(f"{path}:1: not a Palmyra gazetteer artifact of format {ARTIFACT_FORMAT}")
        self.sources = header[2]
        self.rows: list[str] = []
        self.keys: dict[str, str] = {}
        self.codes: dict[str, int] = {}
        self.ruler: list[tuple[str, str]] = []
        rows, keys = self.rows, self.keys
        for number, line in enumerate(lines[1:], start=2):
            tag = line[:2]
            if tag == "P\t":
                rows.append(line)
            elif tag == "K\t":
                _, key, rest = line.split("\t", 2)
                keys[key] = rest
            elif tag == "C\t":
                _, code, row = line.split("\t")
                self.codes[code] = int(row)
            elif tag == "R\t":
                _, text, kind = line.split("\t")
                self.ruler.append((text, kind))
            elif line and not line.startswith("#"):
                raise DataTableError(f"{path}:{number}: unknown row kind {line[:10]!r}")
        self._entries: dict[int, GazEntry] = {}
        self._lookups: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}

    def entry(self, row: int) -> GazEntry:
        """The place on artifact row ``row`` (made once, then cached)."""
        entry = self._entries.get(row)
        if entry is None:
            _, gid, name, lat, lon, cc3, feature, population, adm1, adm2 = self.rows[row].split("\t")
            a1, a2 = int(adm1), int(adm2)
            entry = GazEntry(
                geonameid=int(gid) or None,
                name=name,
                lat=float(lat),
                lon=float(lon),
                country_code=cc3,
                admin1=self._name(a1) if a1 >= 0 else (name if feature == "ADM1" else None),
                feature_code=feature,
                population=int(population),
                precision=precision_for(feature),
                source="geonames",
                id=f"geonames:{gid}" if int(gid) else f"row:{row}",
                admin2=self._name(a2) if a2 >= 0 else (name if feature == "ADM2" else None),
                row=row,
                admin1_row=a1 if a1 >= 0 else (row if feature == "ADM1" else -1),
                admin2_row=a2 if a2 >= 0 else (row if feature == "ADM2" else -1),
            )
            self._entries[row] = entry
        return entry

    def _name(self, row: int) -> str:
        return self.rows[row].split("\t", 3)[2]

    def lookup(self, key: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Rows written ``key`` by a main name, and rows written so by an alternate name only."""
        found = self._lookups.get(key)
        if found is None:
            raw = self.keys.get(key)
            if raw is None:
                found = ((), ())
            else:
                main, _, alt = raw.partition("\t")
                found = (
                    tuple(int(x) for x in main.split(",") if x),
                    tuple(int(x) for x in alt.split(",") if x),
                )
            self._lookups[key] = found
        return found

    @functools.cached_property
    def by_geonameid(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for row, line in enumerate(self.rows):
            gid = int(line.split("\t", 2)[1])
            if gid:
                out.setdefault(gid, row)
        return out


class Gazetteer:
    """Name -> candidate places: curated sites first, then the GeoNames artifact."""

    def __init__(
        self,
        sites: Sequence[GazEntry],
        aliases: Mapping[str, Sequence[str]],
        *,
        artifact: _Artifact,
        version: str,
        min_city_population: int = DEFAULT_MIN_CITY_POPULATION,
        demonyms: Mapping[str, str] | None = None,
    ) -> None:
        """sites: curated entries; aliases: curated id -> every name it is written as.

        min_city_population: populated places below it are candidates only in a deep lookup.
        demonyms: nationality word -> ISO alpha-3 ("Syrian" -> "SYR"), from the actor table.
        """
        self._artifact = artifact
        self.sites = tuple(_with_admin_rows(site, artifact) for site in sites)
        self.version = version
        self.min_city_population = min_city_population
        by_old_id = {site.id: site for site in self.sites}
        self._aliases = {site_id: tuple(names) for site_id, names in aliases.items() if site_id in by_old_id}
        self._curated: dict[str, list[GazEntry]] = defaultdict(list)
        for site in self.sites:
            for name in {site.name, *self._aliases.get(site.id, ())}:
                key = normalise_name(name)
                for k in {key, strip_article(key)}:
                    if site not in self._curated[k]:
                        self._curated[k].append(site)
        # A curated entry replaces the GeoNames record with its geonameid, or with its name,
        # country and precision (the Gaza Strip is curated and also a GeoNames admin1), under
        # every name GeoNames knows that record by.
        self._by_id = {site.geonameid: site for site in self.sites if site.geonameid is not None}
        self._by_name = {(normalise_name(site.name), site.country_code, site.precision): site for site in self.sites}
        self._demonyms: dict[str, GazEntry] = {}
        for word, code in (demonyms or {}).items():
            country = self.country(code)
            if country is not None:
                self._demonyms[" ".join(word.casefold().split())] = country

    def _replacement(self, entry: GazEntry) -> GazEntry:
        """The curated entry standing for a GeoNames record, or the record itself."""
        if entry.geonameid is not None and entry.geonameid in self._by_id:
            return self._by_id[entry.geonameid]
        return self._by_name.get((normalise_name(entry.name), entry.country_code, entry.precision), entry)

    def matches(self, name: str, *, deep: bool = False) -> list[tuple[GazEntry, bool]]:
        """Every place ``name`` may denote, each with whether ``name`` is one of its main names.

        Curated sites first (always main), then GeoNames places by population, largest first.
        deep: also the populated places below ``min_city_population``.
        """
        key = normalise_name(name)
        if not key:
            return []
        keys = [key] if strip_article(key) == key else [key, strip_article(key)]
        out: dict[GazEntry, bool] = {}
        for k in keys:
            for site in self._curated.get(k, ()):
                out[site] = True
        found: dict[GazEntry, bool] = {}
        floor = 0 if deep else self.min_city_population
        for k in keys:
            main, alt = self._artifact.lookup(k)
            for rows, is_main in ((main, True), (alt, False)):
                for row in rows:
                    entry = self._artifact.entry(row)
                    if entry.precision == "city" and entry.population < floor:
                        continue
                    entry = self._replacement(entry)
                    if entry in out:
                        continue
                    found[entry] = found.get(entry, False) or is_main
        ranked = sorted(found.items(), key=lambda item: (-item[0].population, item[0].id))
        return [*out.items(), *ranked]

    def candidates(self, name: str, *, deep: bool = False) -> list[GazEntry]:
        """Every place ``name`` may denote: curated first, then GeoNames by population (largest first)."""
        return [entry for entry, _ in self.matches(name, deep=deep)]

    def demonym(self, word: str) -> GazEntry | None:
        """The country a nationality word names: "Syrian" -> Syria."""
        return self._demonyms.get(" ".join(word.casefold().split()))

    def get(self, geonameid: int) -> GazEntry | None:
        """The entry with this GeoNames id (curated entries first)."""
        if geonameid in self._by_id:
            return self._by_id[geonameid]
        row = self._artifact.by_geonameid.get(geonameid)
        return None if row is None else self._artifact.entry(row)

    def country(self, code: str) -> GazEntry | None:
        """A country by ISO 3166-1 alpha-2 or alpha-3 code."""
        row = self._artifact.codes.get(code.upper())
        return None if row is None else self._replacement(self._artifact.entry(row))

    def row(self, row: int) -> GazEntry | None:
        """The GeoNames place on an artifact row (a division an entry lies in: ``entry.admin1_row``)."""
        return self._artifact.entry(row) if 0 <= row < len(self._artifact.rows) else None

    def aliases(self, site_id: str) -> tuple[str, ...]:
        """The names a curated site is written as (its name included)."""
        return self._aliases.get(site_id, ())

    def ruler_names(self) -> Mapping[str, str]:
        """Exact strings the entity ruler matches -> label (FAC for curated sites, GPE otherwise); read-only."""
        return MappingProxyType(self._ruler_names)

    @functools.cached_property
    def _ruler_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for text, kind in self._artifact.ruler:
            if kind == "country" or _ruler_text_ok(text):
                names.setdefault(text, PLACE_LABEL)
        for site in self.sites:
            label = SITE_LABEL if site.precision == "site" else PLACE_LABEL
            for name in (site.name, *self._aliases.get(site.id, ())):
                if not name.lower().startswith("the "):
                    names[name] = label
        return names

    def ruler_patterns(self) -> list[dict[str, str]]:
        """spaCy entity_ruler phrase patterns (ORTH-exact): curated sites, countries, provinces, larger cities.

        Add the ruler as the pipeline's first component: spaCy runs every component before
        the ruler over each pattern text, so placing it right before "ner" costs seconds more
        at load time than placing it first (only the tokenizer runs then).
        """
        return [{"label": label, "pattern": text} for text, label in sorted(self._ruler_names.items())]


def _with_admin_rows(site: GazEntry, artifact: _Artifact) -> GazEntry:
    """A curated site with the population and division rows of its GeoNames record, or of its admin1 by name."""
    row = artifact.by_geonameid.get(site.geonameid) if site.geonameid is not None else None
    if row is not None:
        record = artifact.entry(row)
        return dataclasses.replace(
            site, population=record.population, admin1_row=record.admin1_row, admin2_row=record.admin2_row,
            admin2=record.admin2,
        )
    if not site.admin1 or site.precision == "country":
        return site
    main, alt = artifact.lookup(normalise_name(site.admin1))
    for row in (*main, *alt):
        entry = artifact.entry(row)
        if entry.feature_code == "ADM1" and entry.country_code == site.country_code:
            return dataclasses.replace(site, admin1_row=row)
    return site


def _ruler_text_ok(text: str) -> bool:
    """Whether a name may go into the ORTH entity ruler (capitalised, Latin, not an English word)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    if len(text) < 3 or len(text.split()) > 4 or text.isupper():
        return False
    if not _RULER_TEXT.match(text) or text in RULER_BLOCKLIST:
        return False
    return text.lower() not in STOP_WORDS


@functools.lru_cache(maxsize=4)
def _load_artifact(path: Path) -> _Artifact:
    return _Artifact(path)


def load_gazetteer(
    path: str | Path,
    *,
    artifact: str | Path | None = None,
    min_city_population: int = DEFAULT_MIN_CITY_POPULATION,
    demonyms: Mapping[str, str] | None = None,
) -> Gazetteer:
    """Read and validate data/places.csv, and the GeoNames artifact beside it (read once per process).

    artifact: the artifact's path (default: ``gazetteer.tsv.gz`` in the folder of ``path``).
    min_city_population: populated places below it are candidates only in a deep lookup.
    demonyms: nationality word -> ISO alpha-3 (default: the countries of ``actors.jsonl`` in
    the folder of ``path``, see ``country_demonyms``).
    """
    path = Path(path)
    artifact_path = Path(artifact) if artifact is not None else path.with_name(ARTIFACT_NAME)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DataTableError(f"{path}: cannot read the places table ({e.strerror})") from e
    geonames = _load_artifact(artifact_path.resolve())
    iso3 = frozenset(code for code in geonames.codes if len(code) == 3)
    sites, aliases = _read_places(path, raw.decode("utf-8-sig").splitlines(keepends=True), iso3)
    digest = hashlib.sha256(raw).hexdigest()[:12]
    version = f"places.csv@{digest}+{ARTIFACT_NAME}@{geonames.digest} ({geonames.sources})"
    if demonyms is None:
        from .actors import load_actors

        demonyms = country_demonyms(load_actors(path.with_name("actors.jsonl")))
    return Gazetteer(
        sites, aliases, artifact=geonames, version=version, min_city_population=min_city_population, demonyms=demonyms
    )


def country_demonyms(actors: Iterable[Any]) -> dict[str, str]:
    """Nationality word (lower case) -> ISO alpha-3 code, from the country rows of the actor
    table; a word two countries share ("Congolese") names neither."""
    codes: dict[str, set[str]] = defaultdict(set)
    for entry in actors:
        if entry.type == "country" and entry.code:
            for word in entry.demonyms:
                codes[" ".join(word.casefold().split())].add(entry.code)
    return {word: next(iter(found)) for word, found in sorted(codes.items()) if len(found) == 1}


def _read_places(
    path: Path, lines: Iterable[str], iso3: frozenset[str]
) -> tuple[list[GazEntry], dict[str, list[str]]]:
    reader = csv.DictReader(lines)
    missing = [c for c in PLACES_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise DataTableError(f"{path}:1: missing column(s): {', '.join(missing)}")
    sites: list[GazEntry] = []
    aliases: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    for row in _rows(reader):
        line = reader.line_num
        site = _parse_place(row, iso3, where=f"{path}:{line}")
        if site.id in seen:
            raise DataTableError(f"{path}:{line}: duplicate id {site.id!r} (first on line {seen[site.id]})")
        seen[site.id] = line
        sites.append(site)
        names = [a.strip() for a in (row["aliases"] or "").split("|") if a.strip()]
        aliases[site.id] = list(dict.fromkeys([site.name, *names]))
    return sites, aliases


def _rows(reader: csv.DictReader) -> Iterator[dict[str, str]]:
    for row in reader:
        if any((value or "").strip() for value in row.values() if isinstance(value, str)):
            yield {k: (v or "").strip() if isinstance(v, str) else "" for k, v in row.items() if k is not None}


def _parse_place(row: Mapping[str, str], iso3: frozenset[str], *, where: str) -> GazEntry:
    site_id = row["id"]
    if not _ID.match(site_id):
        raise DataTableError(f"{where}: id {site_id!r} must be lowercase letters, digits and _")
    if not row["name"]:
        raise DataTableError(f"{where}: empty name")
    lat = _coordinate(row["lat"], -90.0, 90.0, "lat", where)
    lon = _coordinate(row["lon"], -180.0, 180.0, "lon", where)
    country = row["country_code"]
    feature = row["feature_code"]
    if not _FEATURE.match(feature):
        raise DataTableError(f"{where}: feature_code {feature!r} is not a GeoNames feature code")
    if not (country == "" and feature in REGION_FEATURES) and (not _ISO3.match(country) or country not in iso3):
        raise DataTableError(
            f"{where}: country_code {country!r} is not an ISO 3166-1 alpha-3 code (empty only for {', '.join(sorted(REGION_FEATURES))})"
        )
    precision = row["precision"]
    if precision not in PRECISIONS:
        raise DataTableError(f"{where}: unknown precision {precision!r} (one of {', '.join(PRECISIONS)})")
    if precision != precision_for(feature):
        expected = precision_for(feature)
        raise DataTableError(f"{where}: precision {precision!r} contradicts feature_code {feature} ({expected})")
    geonameid: int | None = None
    if row["geonameid"]:
        if not row["geonameid"].isdigit() or int(row["geonameid"]) <= 0:
            raise DataTableError(f"{where}: geonameid {row['geonameid']!r} is not a positive integer")
        geonameid = int(row["geonameid"])
    if not row["source"]:
        raise DataTableError(f"{where}: empty source")
    return GazEntry(
        geonameid=geonameid,
        name=row["name"],
        lat=lat,
        lon=lon,
        country_code=country,
        admin1=row["admin1"] or None,
        feature_code=feature,
        population=0,
        precision=precision,
        source="curated",
        id=site_id,
    )


def _coordinate(text: str, low: float, high: float, column: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise DataTableError(f"{where}: {column} {text!r} is not a number") from None
    if not (low <= value <= high) or math.isnan(value):
        raise DataTableError(f"{where}: {column} {value} is outside [{low:g}, {high:g}]")
    return value
