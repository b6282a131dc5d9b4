"""Schema tests for data/ontology.csv, data/triggers.tsv and data/nouns.tsv.

The reference facts below (PLOVER types and quads, ACLED types, verified CAMEO
codes and Goldstein values) are written into the tests on purpose: the tables
must agree with the public codebooks, not with themselves.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from palmyra.errors import DataTableError
from palmyra.resources import data_path
from palmyra.tables.ontology import (
    ACLED_EVENT_TYPES,
    ACLED_SUB_EVENT_TYPES,
    CAMEO_ROOTS,
    COLUMNS,
    PLOVER_EVENTS,
    PLOVER_MODES,
    Ontology,
    load_ontology,
)
from palmyra.tables.triggers import Trigger, TriggerTable, load_triggers

# -- reference facts ---------------------------------------------------------

PLOVER_QUADS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip

ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    },
}  # fmt: skip

# (CAMEO code, label) verified against the CAMEO 1.1b3 manual.
CAMEO_CODES = [
    ("190", "Use conventional military force"),
    ("192", "Occupy territory"),
    ("193", "Fight with small arms and light weapons"),
    ("194", "Fight with artillery and tanks"),
    ("195", "Employ aerial weapons"),
    ("1711", "Confiscate property"),
    ("1712", "Destroy property"),
    ("173", "Arrest, detain"),
    ("154", "Mobilize or increase armed forces"),
    ("111", "Criticize or denounce"),
    ("112", "Accuse"),
    ("138", "Threaten to use military force"),
    ("1823", "Kill by physical assault"),
]

GOLDSTEIN = [("195", -10.0), ("190", -10.0), ("192", -9.5), ("154", -7.2)]

# (concept, PLOVER event, mode, CAMEO code, ACLED sub-event type or None)
CONCEPT_CODES = [
    ("assault.aerial", "ASSAULT", "aerial", "195", "Air/drone strike"),
    ("assault.drone", "ASSAULT", "drone", "195", "Air/drone strike"),
    ("assault.heavy_weapons", "ASSAULT", "heavy-weapons", "194", "Shelling/artillery/missile attack"),
    ("assault.firearms", "ASSAULT", "firearms", "193", "Armed clash"),
    ("assault.generic", "ASSAULT", None, "190", "Armed clash"),
    ("assault.explosives", "ASSAULT", "explosives", "183", "Remote explosive/landmine/IED"),
    ("assault.suicide", "ASSAULT", "suicide-attack", "1831", "Suicide bomb"),
    ("assault.grenade", "ASSAULT", "explosives", "183", "Grenade"),
    ("assault.chemical", "ASSAULT", "unconventional", "2041", "Chemical weapon"),
    ("assault.kill", "ASSAULT", None, "1823", "Attack"),
    ("assault.abduct", "ASSAULT", "abduct", "181", "Abduction/forced disappearance"),
    ("assault.sexual", "ASSAULT", "sexual", "1821", "Sexual violence"),
    ("assault.destroy", "ASSAULT", "destroy", "1712", "Looting/property destruction"),
    ("assault.crowd_control", "ASSAULT", "crowd-control", "175", "Protest with intervention"),
    ("coerce.seize_territory", "COERCE", "seize", "192", "Non-state actor overtakes territory"),
    ("coerce.seize_property", "COERCE", "seize", "1711", "Looting/property destruction"),
    ("coerce.arrest", "COERCE", "arrest", "173", "Arrests"),
    ("mobilize.troops", "MOBILIZE", "troops", "154", "Change to group/activity"),
    ("protest.demo", "PROTEST", "demo", "141", "Peaceful protest"),
    ("protest.riot", "PROTEST", "riot", "145", "Violent demonstration"),
    ("threaten.violence", "THREATEN", "violence", "138", None),
    ("accuse.disapprove", "ACCUSE", "disapprove", "111", None),
    ("accuse.allege", "ACCUSE", "allege", "112", None),
    ("accuse.investigate", "ACCUSE", "investigate", "090", None),
    ("consult.visit", "CONSULT", "visit", "042", None),
    ("agree.sign", "AGREE", None, "057", None),
    ("support.sign", "SUPPORT", None, "057", None),
    ("coerce.cyber", "COERCE", "cyber", "170", None),
    ("accuse.complain", "ACCUSE", "disapprove", "114", None),
    ("assault.ethnic_cleansing", "ASSAULT", None, "203", "Attack"),
    ("retreat.ceasefire", "RETREAT", "ceasefire", "0871", "Agreement"),
    ("retreat.withdraw", "RETREAT", "withdraw", "0874", "Change to group/activity"),
    ("retreat.release", "RETREAT", "release", "0841", "Agreement"),
    ("support.praise", "SUPPORT", None, "051", None),
    ("assault.robbery", "ASSAULT", None, "180", None),
]

GOOD_ROW = "assault.aerial,ASSAULT,aerial,195,Employ aerial weapons,4,-10.0,Explosions/Remote violence,Air/drone strike,,military,Air strike."


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return load_ontology(data_path("ontology.csv"))


@pytest.fixture(scope="module")
def table(ontology: Ontology) -> TriggerTable:
    return load_triggers(data_path("triggers.tsv"), ontology)


def first_row(table: TriggerTable, words: str, *, pos: str = "VERB", obj: str | None = "any") -> Trigger | None:
    """The row the coder would pick for these exact words, part of speech and object class."""
    lemmas = tuple(words.split(" "))
    for row in table.rows_for(lemmas[0]):
        if row.lemmas != lemmas or row.pos not in ("ANY", pos):
            continue
        if row.object == "any" or row.object == obj or (row.object == "none" and obj is None):
            return row
    return None


# -- ontology.csv --------------------------------------------------------------


def test_tables_ontology_loads_real_file(ontology: Ontology) -> None:
    assert len(ontology) >= 60
    assert len(ontology.version) == 12 and int(ontology.version, 16) >= 0
    assert "assault.aerial" in ontology and "no.such" not in ontology


@pytest.mark.parametrize(("event", "quad"), sorted(PLOVER_QUADS.items()))
def test_tables_ontology_plover_event_has_concepts_and_quad(ontology: Ontology, event: str, quad: int) -> None:
    assert PLOVER_EVENTS[event] == quad
    concepts = ontology.by_event(event)
    assert concepts, f"no concept for {event}"
    assert {concept.quad for concept in concepts} == {quad}


def test_tables_ontology_has_exactly_16_plover_events() -> None:
    assert set(PLOVER_EVENTS) == set(PLOVER_QUADS)
    assert set(PLOVER_MODES) == set(PLOVER_QUADS)


def test_tables_ontology_acled_taxonomy_is_exact() -> None:
    assert set(ACLED_EVENT_TYPES) == set(ACLED)
    assert len(ACLED_SUB_EVENT_TYPES) == 25
    for event_type, subs in ACLED.items():
        assert {sub for sub, parent in ACLED_SUB_EVENT_TYPES.items() if parent == event_type} == subs


def test_tables_ontology_cameo_roots() -> None:
    assert list(CAMEO_ROOTS) == [f"{n:02d}" for n in range(1, 21)]
    assert CAMEO_ROOTS["18"] == "Assault" and CAMEO_ROOTS["19"] == "Fight" and CAMEO_ROOTS["09"] == "Investigate"


@pytest.mark.parametrize(("code", "label"), CAMEO_CODES)
def test_tables_ontology_cameo_labels_are_verified(ontology: Ontology, code: str, label: str) -> None:
    concepts = ontology.by_cameo(code)
    assert concepts, f"no concept uses CAMEO {code}"
    assert all(concept.cameo_label.startswith(label) for concept in concepts)


@pytest.mark.parametrize(("code", "goldstein"), GOLDSTEIN)
def test_tables_ontology_goldstein_values(ontology: Ontology, code: str, goldstein: float) -> None:
    assert {concept.goldstein for concept in ontology.by_cameo(code)} == {goldstein}


def test_tables_ontology_1823_is_killing_not_occupation(ontology: Ontology) -> None:
    assert [concept.key for concept in ontology.by_cameo("1823")] == ["assault.kill"]
    assert all(concept.cameo == "192" for concept in ontology if concept.key == "coerce.seize_territory")


@pytest.mark.parametrize(("key", "event", "mode", "cameo", "sub"), CONCEPT_CODES)
def test_tables_ontology_concept_codes(ontology: Ontology, key: str, event: str, mode: str | None, cameo: str, sub: str | None) -> None:
    concept = ontology[key]
    assert (concept.event, concept.mode, concept.cameo) == (event, mode, cameo)
    assert concept.quad == PLOVER_QUADS[event]
    if sub is None:
        assert concept.acled is None
    else:
        assert concept.acled == {"event_type": ACLED_SUB_EVENT_TYPES[sub], "sub_event_type": sub}


def test_tables_ontology_state_actor_regains_territory(ontology: Ontology) -> None:
    seize = ontology["coerce.seize_territory"]
    assert seize.acled_for(state_actor=False)["sub_event_type"] == "Non-state actor overtakes territory"
    assert seize.acled_for(state_actor=True) == {"event_type": "Battles", "sub_event_type": "Government regains territory"}
    assert ontology["assault.aerial"].acled_for(state_actor=True)["sub_event_type"] == "Air/drone strike"


def test_tables_ontology_every_acled_sub_type_but_lethal_force_is_reachable(ontology: Ontology) -> None:
    reached = {c.acled_sub_event_type for c in ontology} | {c.acled_state_sub_event_type for c in ontology}
    # Excessive force against protesters depends on deaths, which the refine stage knows.
    assert set(ACLED_SUB_EVENT_TYPES) - reached == {"Excessive force against protesters"}


def test_tables_ontology_crime_has_no_acled_type(ontology: Ontology) -> None:
    crime = [concept for concept in ontology if "crime" in concept.contexts]
    assert crime and all(concept.acled is None for concept in crime)


def test_tables_ontology_cameo_codes_keep_leading_zeros(ontology: Ontology) -> None:
    assert ontology["accuse.investigate"].cameo == "090"
    assert ontology["retreat.ceasefire"].cameo_root == "08"


def write_ontology(tmp_path: Path, *rows: str, header: str = ",".join(COLUMNS)) -> Path:
    path = tmp_path / "ontology.csv"
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


def test_tables_ontology_minimal_file_loads(tmp_path: Path) -> None:
    ontology = load_ontology(write_ontology(tmp_path, GOOD_ROW))
    assert list(ontology.concepts) == ["assault.aerial"]
    assert ontology["assault.aerial"].contexts == ("military",)


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        ("assault.aerial,ASSAULT,aerial,195,Employ aerial weapons,4,-10.0,Explosions/Remote violence,Air/drone strike,,military,dup.", "duplicate"),
        ("assault.x,FIGHT,,190,Use conventional military force,4,,,,,,x", "PLOVER event"),
        ("assault.x,ASSAULT,confiscate,190,Use conventional military force,4,,,,,,x", "mode"),
        ("coerce.x,ASSAULT,,190,Use conventional military force,4,,,,,,x", "does not start with"),
        ("assault.x,ASSAULT,,190,Use conventional military force,2,,,,,,x", "quad"),
        ("assault.x,ASSAULT,,1x3,Bad,4,,,,,,x", "cameo"),
        ("assault.x,ASSAULT,,213,Bad root,4,,,,,,x", "cameo"),
        ("assault.x,ASSAULT,,190,Use conventional military force,4,-12,,,,,x", "goldstein"),
        ("assault.x,ASSAULT,,190,Use conventional military force,4,,Battles,Air/drone strike,,,x", "belongs to"),
        ("assault.x,ASSAULT,,190,Use conventional military force,4,,Battles,,,,x", "both"),
        ("assault.x,ASSAULT,,190,Use conventional military force,4,,Battles,Armed clash,Arrests,,x", "state"),
        ("assault.x,ASSAULT,,190,Use conventional military force,4,,,,,warfare,x", "context"),
        ("assault.x,ASSAULT,,190,Use conventional military force,4,,,,,,", "description"),
        ("assault.x,ASSAULT,,190", "columns"),
    ],
)
def test_tables_ontology_bad_row_names_its_line(tmp_path: Path, bad_row: str, reason: str) -> None:
    path = write_ontology(tmp_path, GOOD_ROW, bad_row)
    with pytest.raises(DataTableError, match=rf"^ontology\.csv:3: .*{reason}"):
        load_ontology(path)


def test_tables_ontology_bad_header(tmp_path: Path) -> None:
    path = write_ontology(tmp_path, GOOD_ROW, header=",".join(COLUMNS).replace("quad", "quadrant"))
    with pytest.raises(DataTableError, match=r"^ontology\.csv:1: header"):
        load_ontology(path)


def test_tables_ontology_version_follows_content(tmp_path: Path) -> None:
    first = load_ontology(write_ontology(tmp_path, GOOD_ROW)).version
    second = load_ontology(write_ontology(tmp_path, GOOD_ROW.replace("Air strike.", "Air raid."))).version
    assert first != second


# -- triggers.tsv and nouns.tsv ----------------------------------------------


def test_tables_triggers_load_real_files(table: TriggerTable, ontology: Ontology) -> None:
    assert len(table.triggers) >= 400 and len(table.nouns) >= 300
    assert all(row.concept in ontology for row in table.triggers)
    assert table.max_words >= 3
    assert len(table.version) == 12


def test_tables_triggers_rows_longest_first(table: TriggerTable) -> None:
    rows = table.rows_for("take")
    lengths = [len(row.lemmas) for row in rows]
    assert lengths == sorted(lengths, reverse=True)
    singles = [row for row in rows if row.lemmas == ("take",)]
    assert [row.line for row in singles] == sorted(row.line for row in singles)
    assert table.rows_for("no-such-word") == []


@pytest.mark.parametrize(
    ("words", "pos", "obj", "concept"),
    [
        ("strike", "VERB", "thing", "assault.generic"),  # the verb 'strike' in war news is an attack
        ("go on strike", "VERB", None, "protest.strike"),
        ("hunger strike", "NOUN", None, "protest.hunger"),
        ("air strike", "NOUN", None, "assault.aerial"),
        ("airstrike", "NOUN", None, "assault.aerial"),
        ("air raid", "NOUN", None, "assault.aerial"),
        ("bomb", "VERB", "place", "assault.aerial"),
        ("shell", "VERB", "place", "assault.heavy_weapons"),
        ("open fire", "VERB", None, "assault.firearms"),
        ("seize", "VERB", "place", "coerce.seize_territory"),
        ("seize", "VERB", "thing", "coerce.seize_property"),
        ("seize", "VERB", "person", "coerce.arrest"),
        ("capture", "NOUN", "place", "coerce.seize_territory"),
        ("seizure", "NOUN", "place", "coerce.seize_territory"),
        ("take control", "VERB", None, "coerce.seize_territory"),
        ("overrun", "VERB", "place", "coerce.seize_territory"),
        ("recapture", "VERB", "place", "coerce.seize_territory"),
        ("kidnap", "VERB", "person", "assault.abduct"),
        ("kill", "VERB", "person", "assault.kill"),
        ("release", "VERB", "person", "retreat.release"),
        ("release", "VERB", "thing", None),  # "released a video" is no event
        ("arrive", "VERB", None, "mobilize.troops"),
        ("send", "VERB", "person", "mobilize.troops"),
        ("deploy", "VERB", "person", "mobilize.troops"),
        ("intervene", "VERB", None, "mobilize.troops"),
        ("withdraw", "VERB", None, "retreat.withdraw"),
        ("ceasefire", "NOUN", None, "retreat.ceasefire"),
        ("cease - fire", "NOUN", None, "retreat.ceasefire"),
        ("protest", "NOUN", None, "protest.demo"),
        ("riot", "VERB", None, "protest.riot"),
        ("tear gas", "NOUN", None, "assault.crowd_control"),
        ("arrest", "VERB", "person", "coerce.arrest"),
        ("condemn", "VERB", "thing", "accuse.disapprove"),
        ("accuse", "VERB", "person", "accuse.allege"),
        ("investigate", "VERB", "thing", "accuse.investigate"),
        ("threaten", "VERB", "person", "threaten.generic"),
        ("visit", "VERB", "place", "consult.visit"),
        ("hold talk", "VERB", None, "consult.negotiate"),
        ("sign", "VERB", "thing", "support.sign"),
        ("peace deal", "NOUN", None, "agree.peace"),
        ("urge", "VERB", "person", "request.appeal"),
        ("reject", "VERB", "thing", "reject.generic"),
        ("impose sanction", "VERB", None, "sanction.impose"),
        ("donate", "VERB", "thing", "aid.generic"),
        ("cooperate", "VERB", None, "cooperate.generic"),
        ("praise", "VERB", "person", "support.praise"),
        ("resign", "VERB", None, "retreat.resign"),
        ("concede", "VERB", None, "concede.generic"),
        ("defuse", "VERB", "thing", "coerce.disrupt_weapons"),
        ("suicide bombing", "NOUN", None, "assault.suicide"),
        ("chemical attack", "NOUN", None, "assault.chemical"),
        ("grenade attack", "NOUN", None, "assault.grenade"),
    ],
)
def test_tables_triggers_pick_the_right_concept(table: TriggerTable, words: str, pos: str, obj: str | None, concept: str | None) -> None:
    row = first_row(table, words, pos=pos, obj=obj)
    assert (row.concept if row else None) == concept


@pytest.mark.parametrize(
    ("words", "roles"),
    [("arrive", "theme"), ("send", "theme"), ("deploy", "theme"), ("die", "patient"), ("kill", "agent"), ("strike", "agent")],
)
def test_tables_triggers_roles(table: TriggerTable, words: str, roles: str) -> None:
    row = first_row(table, words, obj="person")
    assert row is not None and row.roles == roles


@pytest.mark.parametrize(
    ("british", "american"),
    [("criticise", "criticize"), ("mobilise", "mobilize"), ("apologise", "apologize"), ("recognise", "recognize"),
     ("vandalise", "vandalize"), ("demobilise", "demobilize"), ("labour strike", "labor strike")],
)  # fmt: skip
def test_tables_triggers_both_spellings(table: TriggerTable, british: str, american: str) -> None:
    uk = [(r.pos, r.concept, r.object) for r in table.rows_for(british.split()[0]) if r.lemmas == tuple(british.split())]
    us = [(r.pos, r.concept, r.object) for r in table.rows_for(american.split()[0]) if r.lemmas == tuple(american.split())]
    assert uk and uk == us


@pytest.mark.parametrize(
    ("lemma", "cls"),
    [("city", "place"), ("air base", "place"), ("neighbourhood", "place"), ("neighborhood", "place"),
     ("checkpoint", "place"), ("civilian", "person"), ("fighter", "person"), ("troop", "person"),
     ("protester", "person"), ("gunman", "person"), ("weapon", "weapon"), ("tank", "thing"), ("cache", "weapon"),
     ("hospital", "thing"), ("government", "actor_role"), ("missile", "instrument"), ("earthquake", "hazard"),
     ("no-such-noun", None)],
)  # fmt: skip
def test_tables_nouns_class(table: TriggerTable, lemma: str, cls: str | None) -> None:
    assert table.noun_class(lemma) == cls


@pytest.mark.parametrize(
    ("lemma", "mode", "concept"),
    [("war plane", "aerial", "assault.aerial"), ("warplane", "aerial", "assault.aerial"), ("jet", "aerial", "assault.aerial"),
     ("helicopter", "aerial", "assault.aerial"), ("air strike", "aerial", "assault.aerial"), ("drone", "drone", "assault.drone"),
     ("artillery", "heavy-weapons", "assault.heavy_weapons"), ("mortar", "heavy-weapons", "assault.heavy_weapons"),
     ("missile", "heavy-weapons", "assault.heavy_weapons"), ("gunman", "firearms", "assault.firearms"),
     ("rifle", "firearms", "assault.firearms"), ("ied", "explosives", "assault.explosives"),
     ("car bomb", "explosives", "assault.car_bomb"), ("grenade", "explosives", "assault.grenade"),
     ("suicide bomber", "suicide-attack", "assault.suicide"), ("chlorine", "unconventional", "assault.chemical"),
     ("tear gas", "crowd-control", "assault.crowd_control")],
)  # fmt: skip
def test_tables_nouns_instruments(table: TriggerTable, ontology: Ontology, lemma: str, mode: str, concept: str) -> None:
    entry = table.instrument_mode(lemma)
    assert entry is not None and (entry.mode, entry.concept) == (mode, concept)
    assert ontology[concept].mode == mode


def test_tables_nouns_instrument_is_not_a_class(table: TriggerTable) -> None:
    assert table.instrument_mode("city") is None
    assert table.nouns["gunman"].cls == "person" and table.instruments["gunman"].cls == "instrument"


TRIGGER_HEADER = "lemma\tpos\tconcept\tobject\troles\tweight"
NOUN_HEADER = "lemma\tclass\tmode\tconcept"
GOOD_TRIGGER = "attack\tANY\tassault.generic\tany\tagent\t0.8"
GOOD_NOUN = "city\tplace\t\t"


def write_lexicon(tmp_path: Path, triggers: list[str], nouns: list[str]) -> Path:
    (tmp_path / "nouns.tsv").write_text("\n".join([NOUN_HEADER, *nouns]) + "\n", encoding="utf-8")
    path = tmp_path / "triggers.tsv"
    path.write_text("\n".join(["# comment", TRIGGER_HEADER, *triggers]) + "\n", encoding="utf-8")
    return path


def test_tables_triggers_minimal_files_load(tmp_path: Path, ontology: Ontology) -> None:
    table = load_triggers(write_lexicon(tmp_path, [GOOD_TRIGGER, "", "# c", "air strike\tNOUN\tassault.aerial\tany\tagent\t1"], [GOOD_NOUN]), ontology)
    assert [row.line for row in table.triggers] == [3, 6]
    assert table.noun_class("city") == "place" and table.max_words == 2


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        ("attack\tADJ\tassault.generic\tany\tagent\t0.5", "pos"),
        ("attack\tVERB\tassault.nothing\tany\tagent\t0.5", "not in the ontology"),
        ("attack\tVERB\tassault.generic\tanimal\tagent\t0.5", "object"),
        ("attack\tVERB\tassault.generic\tany\tvictim\t0.5", "roles"),
        ("attack\tVERB\tassault.generic\tany\tagent\t1.5", "weight"),
        ("attack\tVERB\tassault.generic\tany\tagent\t0", "weight"),
        ("attack\tVERB\tassault.generic\tany\tagent\thigh", "weight"),
        ("Attack\tVERB\tassault.generic\tany\tagent\t0.5", "lowercase"),
        ("air  strike\tNOUN\tassault.aerial\tany\tagent\t0.5", "lowercase"),
        ("attack\tVERB\tassault.generic\tany\tagent", "columns"),
        ("attack\tANY\tassault.kill\tany\tagent\t0.5", "duplicate"),
        ("attack\tVERB\tassault.kill\tperson\tagent\t0.5", "never used"),
    ],
)
def test_tables_triggers_bad_row_names_its_line(tmp_path: Path, ontology: Ontology, bad_row: str, reason: str) -> None:
    path = write_lexicon(tmp_path, [GOOD_TRIGGER, bad_row], [GOOD_NOUN])
    with pytest.raises(DataTableError, match=rf"^triggers\.tsv:4: .*{reason}"):
        load_triggers(path, ontology)


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        ("town\tvillage\t\t", "class"),
        ("town\tplace\taerial\t", "only for instrument"),
        ("jet\tinstrument\tflying\tassault.aerial", "ASSAULT mode"),
        ("jet\tinstrument\taerial\tassault.nothing", "not in the ontology"),
        ("jet\tinstrument\taerial\tassault.firearms", "not ASSAULT/aerial"),
        ("city\tperson\t\t", "second class row"),
        ("city\tplace", "columns"),
    ],
)
def test_tables_nouns_bad_row_names_its_line(tmp_path: Path, ontology: Ontology, bad_row: str, reason: str) -> None:
    path = write_lexicon(tmp_path, [GOOD_TRIGGER], [GOOD_NOUN, bad_row])
    with pytest.raises(DataTableError, match=rf"^nouns\.tsv:3: .*{reason}"):
        load_triggers(path, ontology)


def test_tables_nouns_one_instrument_and_one_class_row_allowed(tmp_path: Path, ontology: Ontology) -> None:
    rows = ["gunman\tperson\t\t", "gunman\tinstrument\tfirearms\tassault.firearms"]
    table = load_triggers(write_lexicon(tmp_path, [GOOD_TRIGGER], rows), ontology)
    assert table.noun_class("gunman") == "person" and table.instrument_mode("gunman").mode == "firearms"


def test_tables_triggers_need_nouns_file(tmp_path: Path, ontology: Ontology) -> None:
    path = write_lexicon(tmp_path, [GOOD_TRIGGER], [GOOD_NOUN])
    (tmp_path / "nouns.tsv").unlink()
    with pytest.raises(DataTableError, match=r"^nouns\.tsv: cannot read"):
        load_triggers(path, ontology)


def test_tables_triggers_version_covers_both_files(tmp_path: Path, ontology: Ontology) -> None:
    for name in ("triggers.tsv", "nouns.tsv"):
        shutil.copy(data_path(name), tmp_path / name)
    before = load_triggers(tmp_path / "triggers.tsv", ontology).version
    with (tmp_path / "nouns.tsv").open("a", encoding="utf-8") as handle:
        handle.write("outpost2\tplace\t\t\n")
    assert load_triggers(tmp_path / "triggers.tsv", ontology).version != before
