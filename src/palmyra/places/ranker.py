"""Candidate features and the linear ranker that scores them.

Every candidate place of a toponym gets the same vector of features (``FEATURES``); its score
is the dot product with the ranker's weights, and the toponym takes the best-scoring
candidate. The weights live in ``data/ranker.json`` (written by ``scripts/train_ranker.py``,
a conditional-logit model fitted on the geoparsing dev corpora); without that file the
hand-set ``DEFAULT_WEIGHTS`` apply.
"""
from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataTableError
from ..tables.gazetteer import GazEntry, contains, distance_km, haversine_km

FEATURES = (
    "population",  # log10(population + 1) / 8
    "population_gap",  # log10 of its population over the largest candidate's (<= 0), / 8
    "largest",  # the most populous candidate
    "main_name",  # the text is one of its main names (not only an alternate name)
    "country", "province", "district", "city", "site", "coarse",  # precision
    "capital",
    "curated",  # a curated site GeoNames lacks (curated spellings of GeoNames places do not count)
    "focus",  # share of the document's other places (and nationality words) in its country
    "focus_top",  # its country is the document's most mentioned one
    "admin_focus",  # share of the document's other places in its first-level division
    "container_ok",  # "X, Y" / "X in Y": lies in Y
    "container_bad",  # ... and does not
    "contains_other",  # "Atlanta, Georgia": another mention lies in it
    "near",  # "the base near Palmyra": within 150 km of that place
    "anchor_100",  # exp(-km / 100) to the nearest other place of the document
    "anchor_500",  # exp(-km / 500)
    "hint_ok",  # "Homs province": the precision the text asks for
    "hint_bad",
    "admin_twin",  # a division that shares its name with a candidate city ("New York")
    "famous",  # a main-name match with a million people or more, or a capital
    "obscure_alternate",  # matched by an alternate name only, and under 100,000 people
    "city_twin",  # a city that shares its name with a candidate division ("New York", "Washington")
    "capital_twin",  # a national capital that shares its name with a candidate division ("Washington")
    "dateline_city",  # a city named by the dateline that opens the text ("WASHINGTON (AP) -")
    "linked_district",  # lies in a second-level division another name of the text may mean, or is one holding such a place
    "linked_province",  # the same for first-level divisions ("Dublin" and "Ohio" in one text)
)
_INDEX = {name: i for i, name in enumerate(FEATURES)}

DEFAULT_WEIGHTS: dict[str, float] = {
    "population": 2.0, "largest": 0.5, "main_name": 1.5, "country": 1.5, "coarse": 1.0, "capital": 0.5,
    "province": -0.3, "district": -0.8, "curated": 3.0, "focus": 1.0, "focus_top": 0.5, "admin_focus": 1.0,
    "container_ok": 4.0, "container_bad": -1.0, "contains_other": 3.0, "near": 2.0, "anchor_100": 1.0,
    "anchor_500": 0.5, "hint_ok": 2.5, "hint_bad": -0.5, "capital_twin": 2.0, "dateline_city": 2.0,
    "linked_district": 1.0, "linked_province": 0.5,
}


@dataclass(frozen=True)
class Evidence:
    """What the rest of the document says about one toponym (see ``candidate_features``).

    focus / admin_focus: ISO alpha-3 country, or artifact row of a first-level division ->
    share of the document's other places there. top_country: the most mentioned country.
    containers: places the toponym lies in; contained: candidate lists of toponyms that lie in
    it; near: places it is near; anchors: the document's other resolved places (points).
    hint: precision the text asks for ("Homs province" -> "province").
    dateline: the toponym opens the text as a dateline ("NEW YORK (AP) -").
    linked: artifact row of a division -> the names of the text (normalised) one of whose
    candidates is that division (key ``row``) or lies in it (key ``-row - 2``); ``key`` is
    this toponym's own name, which does not count.
    """

    focus: Mapping[str, float]
    admin_focus: Mapping[int, float]
    top_country: str | None
    containers: Sequence[GazEntry]
    contained: Sequence[Sequence[GazEntry]]
    near: Sequence[GazEntry]
    anchors: Sequence[GazEntry]
    hint: str | None
    dateline: bool = False
    linked: Mapping[int, frozenset[str]] = field(default_factory=dict)
    key: str = ""

    @functools.cached_property
    def anchor_points(self) -> tuple[tuple[float, float], ...]:
        """The anchors' distinct points (a place mentioned ten times is one anchor)."""
        return tuple(dict.fromkeys((a.lat, a.lon) for a in self.anchors))


@dataclass(frozen=True, slots=True)
class CandidatePool:
    """What the features of one candidate need to know about the others (computed once per name)."""

    largest: int  # the largest population among the candidates
    city_names: frozenset[str]  # names of the candidates that are cities
    division_names: frozenset[str]  # ... that are first- or second-level divisions
    province_names: frozenset[str]  # ... that are first-level divisions


def candidate_pool(candidates: Sequence[GazEntry]) -> CandidatePool:
    return CandidatePool(
        largest=max((c.population for c in candidates), default=0),
        city_names=frozenset(c.name for c in candidates if c.precision == "city"),
        division_names=frozenset(c.name for c in candidates if c.precision in ("province", "district")),
        province_names=frozenset(c.name for c in candidates if c.precision == "province"),
    )


def candidate_features(
    entry: GazEntry, main: bool, candidates: Sequence[GazEntry], evidence: Evidence, *, pool: CandidatePool | None = None
) -> list[float]:
    """The feature vector (``FEATURES`` order) of one candidate among ``candidates``.

    pool: ``candidate_pool(candidates)``, when the caller scores every candidate of a name.
    """
    pool = pool or candidate_pool(candidates)
    f = [0.0] * len(FEATURES)
    largest = pool.largest
    logpop = math.log10(entry.population + 1)
    f[0] = min(logpop, 8.0) / 8.0
    f[1] = max(logpop - math.log10(largest + 1), -8.0) / 8.0
    f[2] = float(entry.population >= largest)
    f[3] = float(main)
    code = entry.feature_code
    precision = entry.precision
    if code in ("CONT", "OCN"):
        f[9] = 1.0
    else:
        f[_INDEX[precision]] = 1.0
    f[10] = float(code == "PPLC")
    f[11] = float(entry.source == "curated" and entry.geonameid is None)  # a site GeoNames lacks
    f[12] = evidence.focus.get(entry.country_code, 0.0)
    f[13] = float(bool(entry.country_code) and entry.country_code == evidence.top_country)
    f[14] = evidence.admin_focus.get(entry.admin1_row, 0.0) if entry.admin1_row >= 0 else 0.0
    for outer in evidence.containers:
        if outer.precision in ("country", "province", "district"):
            if contains(outer, entry):
                f[15] = 1.0
            else:
                f[16] = 1.0
        elif outer.precision in ("city", "site") and distance_km(outer, entry) <= 100.0:
            f[15] = 1.0
    for inner in evidence.contained:
        if precision in ("country", "province", "district") and any(contains(entry, x) for x in inner):
            f[17] = 1.0
        elif precision in ("city", "site") and any(distance_km(entry, x) <= 50.0 for x in inner):
            f[17] = 1.0
    if any(distance_km(entry, other) <= 150.0 for other in evidence.near):
        f[18] = 1.0
    if evidence.anchors and precision != "country":
        nearest = min(haversine_km(entry.lat, entry.lon, lat, lon) for lat, lon in evidence.anchor_points)
        f[19] = math.exp(-nearest / 100.0)
        f[20] = math.exp(-nearest / 500.0)
    if evidence.hint is not None:
        if precision == evidence.hint:
            f[21] = 1.0
        else:
            f[22] = 1.0
    if precision in ("province", "district") and entry.name in pool.city_names:
        f[23] = 1.0
    f[24] = float(main and (entry.population >= 1_000_000 or code == "PPLC"))
    f[25] = float(not main and entry.population < 100_000)
    if precision == "city" and entry.name in pool.division_names:
        f[26] = 1.0
        f[27] = float(code == "PPLC" and entry.name in pool.province_names)
    f[28] = float(evidence.dateline and precision == "city")
    if evidence.linked:
        f[29], f[30] = _linked(entry, precision, evidence.linked, evidence.key)
    return f


def _twin_name(city: str, division: str | None) -> bool:
    """"Homs" and "Homs" (or "Homs Governorate"): a division named after the city."""
    return bool(division) and division.casefold().startswith(city.casefold())


def _linked(entry: GazEntry, precision: str, linked: Mapping[int, frozenset[str]], key: str) -> tuple[float, float]:
    """(district, province) links of a candidate to the other names' candidates (see ``Evidence.linked``)."""

    def other(row: int) -> float:  # "Henderson" is no evidence for "Henderson County"
        return float(any(not (name.startswith(key) or key.startswith(name)) for name in linked.get(row, ())))

    if precision in ("city", "site"):
        district = other(entry.admin2_row) if entry.admin2_row >= 0 else 0.0
        province = other(entry.admin1_row) if entry.admin1_row >= 0 else 0.0
        # a city shares the links of its same-name division: "Homs" the city, in Homs province with Palmyra
        if district == 0.0 and entry.admin2_row >= 0 and _twin_name(entry.name, entry.admin2):
            district = other(-entry.admin2_row - 2)
        if province == 0.0 and entry.admin1_row >= 0 and _twin_name(entry.name, entry.admin1):
            province = other(-entry.admin1_row - 2)
        return district, province
    if precision == "district" and entry.row >= 0:
        return other(-entry.row - 2), other(entry.admin1_row) if entry.admin1_row >= 0 else 0.0
    if precision == "province" and entry.row >= 0:
        return 0.0, other(-entry.row - 2)
    return 0.0, 0.0


@dataclass(frozen=True, slots=True)
class Ranker:
    """Linear weights over ``FEATURES``."""

    weights: tuple[float, ...]
    version: str = "default"

    def score(self, features: Sequence[float]) -> float:
        return sum(w * x for w, x in zip(self.weights, features) if x)


def ranker_from_weights(weights: Mapping[str, float], *, version: str = "default") -> Ranker:
    return Ranker(tuple(float(weights.get(name, 0.0)) for name in FEATURES), version=version)


def load_ranker(path: str | Path) -> Ranker:
    """Read ranker weights (``{"features": [...], "weights": [...], ...}``); every name must be a known feature."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise DataTableError(f"{path}: cannot read the ranker weights ({e})") from e
    names, weights = data.get("features"), data.get("weights")
    if not isinstance(names, list) or not isinstance(weights, list) or len(names) != len(weights):
        raise DataTableError(f"{path}: 'features' and 'weights' must be lists of the same length")
    unknown = [n for n in names if n not in _INDEX]
    if unknown:
        raise DataTableError(f"{path}: unknown feature(s) {', '.join(map(str, unknown))}")
    if not all(isinstance(w, (int, float)) and math.isfinite(w) for w in weights):
        raise DataTableError(f"{path}: weights must be finite numbers")
    return ranker_from_weights(dict(zip(names, weights)), version=str(data.get("version", path.name)))


@functools.lru_cache(maxsize=1)
def default_ranker() -> Ranker:
    """The shipped ranker (data/ranker.json), or the hand-set weights when the file is absent."""
    from ..resources import data_path

    path = data_path("ranker.json")
    if path.exists():
        return load_ranker(path)
    return ranker_from_weights(DEFAULT_WEIGHTS)
