"""Gold readers, scorers, report and evaluate() on tiny hand-made records (never the real gold files)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from palmyra.errors import PalmyraError
from palmyra.evaluate import evaluate, find_gold_files
from palmyra.evaluate.gold import (
    CaseGold,
    CopedGold,
    GeoDoc,
    GoldActor,
    GoldToponym,
    IpeDoc,
    PetrarchEvent,
    PetrarchGold,
    PloverGold,
    detect_format,
    read_gold,
)
from palmyra.evaluate.report import format_report
from palmyra.evaluate.score import (
    NONE,
    classification,
    confusion,
    ipe_labels,
    main_event,
    pentaclass,
    score_case2021,
    score_geo,
    score_ipe,
    score_multicoped,
    score_petrarch,
    score_plover,
)
from palmyra.model import Actor, Article, ArticleDoc, Event, Size


# --- builders ---------------------------------------------------------------


def ev(
    event: str = "ASSAULT",
    *,
    confidence: float = 0.5,
    mode: str | None = None,
    cameo: str = "190",
    acled: tuple[str, str] | None = None,
    actors: Iterable[tuple[str, str | None]] = (),
    recipients: Iterable[tuple[str, str | None]] = (),
    dead: int | None = None,
    arrested: int | None = None,
    factuality: str = "asserted",
) -> dict[str, Any]:
    """An event record in the shape of the output contract, only the fields the scorers read."""
    return {
        "event": event,
        "mode": mode,
        "cameo": cameo,
        "acled": {"event_type": acled[0], "sub_event_type": acled[1]} if acled else None,
        "actor": [{"code": code, "sector": sector} for code, sector in actors],
        "recipient": [{"code": code, "sector": sector} for code, sector in recipients],
        "size": {"dead": dead, "injured": None, "arrested": arrested, "counts": []},
        "factuality": factuality,
        "confidence": confidence,
    }


def case(sub: str | None, event_type: str | None = None, label_set: str = "acled_seen") -> CaseGold:
    return CaseGold(
        id="c", text="t", acled_event_type=event_type, acled_sub_event_type=sub, label=sub or "OTHER", label_set=label_set
    )


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


# Invented sentences in the shape of each gold format.
PLOVER_ROW = {
    "id": "P-1",
    "text": "Officials of Ruritania agreed on Monday to reopen the border with Freedonia.",
    "event": "AGREE",
    "mode": None,
    "source": [{"actor_text": "Ruritania", "code": "RUR", "sector": "GOV"}],
    "target": [{"actor_text": "Freedonia", "code": "FRE", "sector": None}],
    "dead": None,
    "injured": 2,
    "location": {"name": "Freedonia City", "country_code": None},
    "date": "2000-01-01",
}
PETRARCH_ROW = {
    "id": "A-1",
    "date": "20080804",
    "text": "The Ruritanian minister met his Freedonian counterpart.",
    "events": [{"source": "RURGOV", "target": "FRE", "cameo": "040", "cameo_root": "04"}],
    "no_events": False,
}
CASE_ROW = {
    "id": "c-1",
    "text": "Rebels shelled the outskirts of the town overnight.",
    "label": "SHELLING",
    "label_set": "acled_seen",
    "acled_event_type": "Explosions/Remote violence",
    "acled_sub_event_type": "Shelling/artillery/missile attack",
}
COPED_ROW = {"id": "m-1", "text": "The two leaders signed a trade deal.", "pentaclass": 2, "pentaclass_name": "MATERIAL"}
IPE_DOC_ROW = {
    "doc_id": 7,
    "date": "2002-05-01",
    "text": "police arrested two men \u00e2\u20ac\u02dcyesterday\u00e2\u20ac\u2122.",
    "text_ftfy": "police arrested two men 'yesterday'.",
    "labels": ["ANY_ACTION", "ARREST"],
    "is_kill": False,
    "is_arrest": True,
    "is_fail": False,
    "is_force": False,
    "is_any_action": True,
}
IPE_SENT_ROWS = [
    {"doc_id": 3, "sent_id": 0, "text": "a march was held. ", "text_ftfy": "a march was held. ", "labels": [], "is_force": False},
    {"doc_id": 3, "sent_id": 1, "text": "police used batons.", "text_ftfy": "police used batons.", "labels": ["FORCE"], "is_force": True},
    {"doc_id": 4, "sent_id": 0, "text": "all was calm.", "text_ftfy": "all was calm.", "labels": [], "is_force": False},
]
GEO_ROW = {
    "id": "g-1",
    "text": "Floods hit Dhaka and Sylhet.",
    "toponyms": [
        {"start": 11, "end": 16, "surface": "Dhaka", "lat": 23.71, "lon": 90.41, "offset_ok": True},
        {"start": 21, "end": 27, "surface": "Sylhet", "lat": None, "lon": None, "offset_ok": True},
    ],
}


# --- main event, P/R/F1, confusion -------------------------------------------


@pytest.mark.parametrize(
    "confidences,expected",
    [([0.2, 0.9, 0.5], 1), ([0.7, 0.7], 0), ([0.4], 0), ([], None)],
)
def test_score_main_event_highest_confidence(confidences: list[float], expected: int | None) -> None:
    records = [ev(confidence=c) for c in confidences]
    main = main_event(records)
    assert (main is None) if expected is None else (main is records[expected])


def test_score_weighted_f1_by_hand() -> None:
    # gold: clash, clash, arrests; predicted: clash, no event, arrests.
    # Armed clash P=1 R=1/2 F1=2/3 (support 2); Arrests P=R=F1=1 (support 1).
    # weighted F1 = (2 * 2/3 + 1 * 1) / 3 = 7/9
    gold = [case("Armed clash"), case("Armed clash"), case("Arrests")]
    predicted = [
        [ev(acled=("Battles", "Armed clash"))],
        [],
        [ev(acled=("Strategic developments", "Arrests"))],
    ]
    scores = score_case2021(gold, predicted)
    assert scores["figures"]["weighted_f1"] == pytest.approx(7 / 9)
    assert scores["figures"]["sub_event_accuracy"] == pytest.approx(2 / 3)
    assert scores["figures"]["event_type_accuracy"] == pytest.approx(2 / 3)
    assert scores["per_class"]["Armed clash"] == pytest.approx({"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2})
    assert set(scores["per_class"]) == {"Armed clash", "Arrests"}
    assert scores["confusion"]["Armed clash"] == {"Armed clash": 1, NONE: 1}


def test_score_case2021_main_event_and_unseen() -> None:
    gold = [case("Attack"), case(None, label_set="unseen_subtask2"), case(None, label_set="unseen_subtask3")]
    predicted = [
        # the higher-confidence event decides, even though a lower one is right
        [ev(acled=("Violence against civilians", "Attack"), confidence=0.3), ev(acled=("Battles", "Armed clash"), confidence=0.8)],
        [ev(acled=None, confidence=0.9), ev(acled=("Riots", "Mob violence"), confidence=0.1)],
        [],
    ]
    figures = score_case2021(gold, predicted)["figures"]
    assert figures["acled_items"] == 1 and figures["unseen_items"] == 2
    assert figures["weighted_f1"] == 0.0
    assert figures["unseen_no_acled_main"] == 1.0
    assert figures["unseen_no_acled_any"] == 0.5


@pytest.mark.parametrize(
    "gold,predicted,labels,expected_macro",
    [
        (["a", "a", "b"], ["a", "b", "b"], ["a", "b"], 2 / 3),
        (["a", "b"], ["a", "b"], ["a", "b", "c"], 1.0),  # a class absent from both is not averaged
        (["a", "a"], [None, None], ["a"], 0.0),
    ],
)
def test_score_classification_macro_f1(gold: list, predicted: list, labels: list, expected_macro: float) -> None:
    assert classification(gold, predicted, labels)["macro_f1"] == pytest.approx(expected_macro)


def test_score_confusion_counts() -> None:
    table = confusion(["A", "A", "A", "B"], ["A", None, None, "A"])
    assert table == {"A": {NONE: 2, "A": 1}, "B": {"A": 1}}


# --- Multi-CoPED -------------------------------------------------------------


@pytest.mark.parametrize(
    "cameo,expected",
    [("010", 0), ("020", 0), ("036", 1), ("042", 1), ("057", 1), ("061", 2), ("0874", 2), ("090", 3), ("112", 3),
     ("138", 3), ("141", 4), ("173", 4), ("195", 4), ("202", 4), ("", 0), ("XX", 0)],
)
def test_score_pentaclass_from_cameo_root(cameo: str, expected: int) -> None:
    assert pentaclass(ev(cameo=cameo)) == expected


def test_score_multicoped_macro_f1_by_hand() -> None:
    # gold 4, 4, 3, 0; predicted 4, 3, 3, 0 (no event -> 0).
    # class 0 F1 = 1; class 3 P=1/2 R=1 F1=2/3; class 4 P=1 R=1/2 F1=2/3; classes 1, 2 absent.
    gold = [CopedGold("m1", "t", 4), CopedGold("m2", "t", 4), CopedGold("m3", "t", 3), CopedGold("m4", "t", 0)]
    predicted = [[ev(cameo="190")], [ev(cameo="112")], [ev(cameo="111")], []]
    scores = score_multicoped(gold, predicted)
    assert scores["figures"]["macro_f1"] == pytest.approx((1 + 2 / 3 + 2 / 3) / 3)
    assert scores["figures"]["accuracy"] == pytest.approx(3 / 4)
    assert scores["confusion"] == {"0": {"0": 1}, "3": {"3": 1}, "4": {"4": 1, "3": 1}}


# --- PLOVER, PETRARCH2 -----------------------------------------------------------


def plover(event: str, *, mode: str | None = None, source: str = "RUR", target: str | None = None, dead: int | None = None) -> PloverGold:
    return PloverGold(
        id="p",
        text="t",
        event=event,
        mode=mode,
        source=(GoldActor("s", source, "GOV"),),
        target=(GoldActor("t", target, None),) if target else (),
        dead=dead,
    )


def test_score_plover_figures() -> None:
    gold = [
        plover("ASSAULT", mode="explosives", source="RUR", target="FRE", dead=3),
        plover("FIGHT", source="FRE"),
        plover("AGREE", source="SYL"),
    ]
    predicted = [
        [ev("ASSAULT", mode="explosives", actors=[("RUR", "GOV")], recipients=[("FRE", None)], dead=3, confidence=0.9)],
        # main event is the AGREE (0.8); the ASSAULT with the right actor has less confidence
        [ev("AGREE", confidence=0.8, actors=[("XXX", None)]), ev("ASSAULT", confidence=0.2, actors=[("FRE", "MIL")])],
        [],
    ]
    scores = score_plover(gold, predicted)
    figures = scores["figures"]
    assert figures["event_accuracy"] == pytest.approx(1 / 3)
    assert figures["event_accuracy_mapped"] == pytest.approx(1 / 3)  # FIGHT -> ASSAULT, but the main event is AGREE
    assert figures["no_event_share"] == pytest.approx(1 / 3)
    assert figures["mode_accuracy"] == 1.0 and figures["mode_items"] == 1
    assert figures["actor_code_recall_main"] == pytest.approx(1 / 3)
    assert figures["actor_code_recall_any"] == pytest.approx(2 / 3)
    assert figures["actor_code_precision_main"] == pytest.approx(1 / 2)
    assert figures["recipient_code_recall_main"] == 1.0
    assert figures["dead_accuracy"] == 1.0 and figures["dead_items"] == 1
    assert figures["injured_accuracy"] is None
    assert scores["confusion"]["FIGHT"] == {"AGREE": 1}
    assert scores["confusion"]["AGREE"] == {NONE: 1}


def test_score_petrarch_root_and_sources() -> None:
    gold = [
        PetrarchGold("a", "t", None, (PetrarchEvent("RURGOV", "FRE", "042"), PetrarchEvent("FRE", "RUR", "112"))),
        PetrarchGold("b", "t", None, (PetrarchEvent("---LEG", "FRE", "190"),)),
        PetrarchGold("c", "t", None, ()),
    ]
    predicted = [
        [ev(cameo="111", actors=[("RUR", "GOV")], confidence=0.9), ev(cameo="040", confidence=0.1)],
        [],
        [ev(cameo="010")],
    ]
    figures = score_petrarch(gold, predicted)["figures"]
    assert figures["root_accuracy"] == pytest.approx(1 / 2)  # root 11 matches the second gold event
    assert figures["source_country_recall_main"] == pytest.approx(1 / 2)  # RUR of {RUR, FRE}; "---" is not a country
    assert figures["source_code_recall_main"] == 1.0  # RURGOV
    assert figures["no_event_accuracy"] == 0.0 and figures["no_event_items"] == 1


# --- IndiaPoliceEvents, geocoding ---------------------------------------------------------


@pytest.mark.parametrize(
    "records,expected",
    [
        ([ev("ASSAULT", mode="firearms", actors=[("IND", "COP")], dead=2)], {"kill", "force", "any"}),
        ([ev("COERCE", mode="arrest", actors=[("IND", "COP")])], {"arrest", "any"}),
        ([ev("COERCE", mode="arrest")], {"arrest", "any"}),  # "two men were arrested": no actor named
        ([ev("COERCE", mode="arrest", actors=[("IND", "REB")])], set()),
        ([ev("ASSAULT", mode="crowd-control", actors=[("IND", "COP")])], {"force", "any"}),
        ([ev("ASSAULT", actors=[("IND", "CVL")], dead=4)], set()),  # not the police
        ([ev("MOBILIZE", mode="police", actors=[("IND", "COP")])], {"any"}),
        ([ev("COERCE", mode="arrest", actors=[("IND", "COP")], factuality="future")], set()),
        ([], set()),
    ],
)
def test_score_ipe_labels_from_events(records: list[dict[str, Any]], expected: set[str]) -> None:
    assert ipe_labels(records) == expected


def test_score_ipe_doc_level_prf() -> None:
    gold = [
        IpeDoc("1", None, "t", frozenset({"arrest", "any"})),
        IpeDoc("2", None, "t", frozenset()),
        IpeDoc("3", None, "t", frozenset({"arrest", "any"})),
    ]
    predicted = [[ev("COERCE", mode="arrest")], [ev("COERCE", mode="arrest")], []]
    per_class = score_ipe(gold, predicted)["per_class"]
    assert per_class["arrest"]["precision"] == pytest.approx(1 / 2)
    assert per_class["arrest"]["recall"] == pytest.approx(1 / 2)
    assert per_class["kill"]["support"] == 0 and per_class["kill"]["f1"] == 0.0


def test_score_geo_acc_161km() -> None:
    gold = [GeoDoc("g", "t", (GoldToponym(0, 5, 23.71, 90.41), GoldToponym(10, 16, 24.90, 91.87), GoldToponym(20, 24, 0.0, 0.0)))]
    predicted = [[
        {"start": 0, "end": 5, "lat": 23.80, "lon": 90.40},  # ~10 km off
        {"start": 10, "end": 16, "lat": 27.70, "lon": 85.30},  # Kathmandu, far off
        {"start": 20, "end": 24, "lat": None, "lon": None},  # unresolved
    ]]
    figures = score_geo(gold, predicted)["figures"]
    assert figures["acc_161km"] == pytest.approx(1 / 3)
    assert figures["unresolved_share"] == pytest.approx(1 / 3)


def test_score_geo_recognition_prf() -> None:
    gold = [GeoDoc("g", "t", (GoldToponym(0, 5, 23.71, 90.41), GoldToponym(10, 16, 24.90, 91.87)))]
    found = [[{"start": 0, "end": 5}, {"start": 30, "end": 35}, {"start": 40, "end": 44}]]  # 1 right, 2 spurious
    figures = score_geo(gold, [[]], found)["figures"]
    assert figures["recognition_precision"] == pytest.approx(1 / 3)
    assert figures["recognition_recall"] == pytest.approx(1 / 2)
    assert figures["recognition_f1"] == pytest.approx(0.4)


def test_score_misaligned_input_raises() -> None:
    with pytest.raises(ValueError, match="align"):
        score_multicoped([CopedGold("m", "t", 0)], [])


# --- gold readers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name,rows,fmt",
    [
        ("a.jsonl", [PLOVER_ROW], "plover"),
        ("b.jsonl", [PETRARCH_ROW], "petrarch"),
        ("c.jsonl", [CASE_ROW], "case2021"),
        ("d.jsonl", [COPED_ROW], "multicoped"),
        ("e.jsonl", [IPE_DOC_ROW], "ipe_docs"),
        ("f.jsonl", IPE_SENT_ROWS, "ipe_sents"),
        ("g.jsonl", [GEO_ROW], "geo"),
    ],
)
def test_gold_detect_format_by_fields(tmp_path: Path, name: str, rows: list[dict[str, Any]], fmt: str) -> None:
    assert detect_format(write_jsonl(tmp_path / name, rows)) == fmt


@pytest.mark.parametrize(
    "name,fmt",
    [("plover_gsr.jsonl", "plover"), ("case2021_dev.jsonl", "case2021"), ("lgl_dev.jsonl", "geo"), ("multicoped_dev.jsonl", "multicoped")],
)
def test_gold_detect_format_by_name(tmp_path: Path, name: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_text("", encoding="utf-8")
    assert detect_format(path) == fmt


@pytest.mark.parametrize("name", ["notes.jsonl"])
def test_gold_detect_format_unknown_raises(tmp_path: Path, name: str) -> None:
    with pytest.raises(PalmyraError, match="not a gold format"):
        detect_format(write_jsonl(tmp_path / name, [{"foo": 1}]))


@pytest.mark.parametrize(
    "rows,expected",
    [
        (
            [PLOVER_ROW],
            PloverGold(
                id="P-1",
                text=PLOVER_ROW["text"],
                event="AGREE",
                mode=None,
                source=(GoldActor("Ruritania", "RUR", "GOV"),),
                target=(GoldActor("Freedonia", "FRE", None),),
                dead=None,
                injured=2,
                location="Freedonia City",
            ),
        ),
        ([PETRARCH_ROW], PetrarchGold("A-1", PETRARCH_ROW["text"], dt.date(2008, 8, 4), (PetrarchEvent("RURGOV", "FRE", "040"),))),
        ([CASE_ROW], CaseGold("c-1", CASE_ROW["text"], "Explosions/Remote violence", "Shelling/artillery/missile attack", "SHELLING", "acled_seen")),
        ([COPED_ROW], CopedGold("m-1", COPED_ROW["text"], 2)),
        ([IPE_DOC_ROW], IpeDoc("7", dt.date(2002, 5, 1), "police arrested two men 'yesterday'.", frozenset({"arrest", "any"}))),
        ([GEO_ROW], GeoDoc("g-1", GEO_ROW["text"], (GoldToponym(11, 16, 23.71, 90.41, "Dhaka"),))),
    ],
)
def test_gold_readers_build_records(tmp_path: Path, rows: list[dict[str, Any]], expected: Any) -> None:
    records = list(read_gold(write_jsonl(tmp_path / "gold.jsonl", rows)))
    assert records == [expected]


@pytest.mark.parametrize(
    "gold_name, location, hit",
    [
        ("Bam", {"text": "Bam", "name": "Bam"}, True),
        ("Algiers", {"text": "the Algerian capital", "name": "Algiers"}, True),  # the canonical name
        ("the province of Herat", {"text": "Herat", "name": "Herāt"}, True),  # a run of the gold's words
        ("Kinshasa", {"text": "Kinshasa", "name": "Kinshasa"}, True),
        ("Jaffna peninsula", {"text": "Jaffna", "name": "Jaffna"}, True),
        ("Bam", {"text": "Iran", "name": "Iran"}, False),
        ("Herat", {"text": "the province of Herat", "name": "Herat Province"}, False),  # coarser than asked
        ("Bam", None, False),
    ],
)
def test_score_plover_location_of_the_main_event(gold_name: str, location: dict[str, str] | None, hit: bool) -> None:
    item = dataclasses.replace(plover("ASSAULT"), location=gold_name)
    record = {**ev("ASSAULT", confidence=0.9), "location": location}
    figures = score_plover([item, plover("AGREE")], [[record], [ev("AGREE")]])["figures"]
    assert figures["location_items"] == 1
    assert figures["location_accuracy"] == (1.0 if hit else 0.0)


def test_gold_plover_codes_and_sectors() -> None:
    item = PloverGold("p", "t", "AGREE", None, (GoldActor("a", "RUR", "GOV"), GoldActor("b", "FRE", "***")), ())
    assert item.source_codes == {"RUR", "FRE"}
    assert item.source_sectors == {("RUR", "GOV")}


def test_gold_ipe_sentences_join_into_docs(tmp_path: Path) -> None:
    docs = list(read_gold(write_jsonl(tmp_path / "sents.jsonl", IPE_SENT_ROWS)))
    assert [(d.doc_id, d.text, d.labels) for d in docs] == [
        ("3", "a march was held. police used batons.", frozenset({"force"})),
        ("4", "all was calm.", frozenset()),
    ]


@pytest.mark.parametrize("line", ["{not json", "[1, 2]"])
def test_gold_bad_line_names_file_and_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "case2021_dev.jsonl"
    path.write_text(json.dumps(CASE_ROW) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(PalmyraError, match=r"case2021_dev.jsonl:2 \(bad-json\)"):
        list(read_gold(path, "case2021"))


# --- evaluate() and the report ---------------------------------------------------


class FakePipeline:
    """Codes "arrested" as a police arrest and "shelled" as shelling; drops texts containing "crash"."""

    def __init__(self) -> None:
        self.seen: list[Article] = []

    def pipe(self, articles: Iterable[Article]) -> Iterator[ArticleDoc]:
        for article in articles:
            self.seen.append(article)
            if "crash" in article.text:
                continue
            doc = ArticleDoc(article=article, text=article.text)
            doc.events = [self._event(article, word) for word in ("arrested", "shelled") if word in article.text]
            yield doc

    @staticmethod
    def _event(article: Article, word: str) -> Event:
        start = article.text.index(word)
        arrest = word == "arrested"
        return Event(
            article_id=article.id,
            concept="coerce.arrest" if arrest else "assault.heavy-weapons",
            event="COERCE" if arrest else "ASSAULT",
            mode="arrest" if arrest else "heavy-weapons",
            cameo="173" if arrest else "194",
            quad=4,
            acled={"event_type": "Strategic developments", "sub_event_type": "Arrests"}
            if arrest
            else {"event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack"},
            event_text=word,
            trigger_start=start,
            trigger_end=start + len(word),
            sent_start=0,
            sent_end=len(article.text),
            actor=[Actor(text="police", start=0, end=6, code="IND", sector="COP")] if arrest else [],
            size=Size(),
            confidence=0.7,
            id=f"{article.id}-{word}",
        )


@pytest.fixture()
def gold_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    (folder / "geo").mkdir(parents=True)
    write_jsonl(folder / "case2021_dev.jsonl", [CASE_ROW, {**CASE_ROW, "id": "c-2", "text": "A plane crash was reported."}])
    write_jsonl(folder / "ipe_docs_dev.jsonl", [IPE_DOC_ROW])
    write_jsonl(folder / "ipe_sents_dev.jsonl", IPE_SENT_ROWS)
    write_jsonl(folder / "multicoped_dev.jsonl", [COPED_ROW, {**COPED_ROW, "id": "m-2"}])
    write_jsonl(folder / "geo" / "lgl_dev.jsonl", [GEO_ROW])
    (folder / "README.md").write_text("not gold", encoding="utf-8")
    return folder


def test_evaluate_finds_sets_and_prefers_ipe_docs(gold_dir: Path) -> None:
    names = [(name, fmt) for name, fmt, _ in find_gold_files(gold_dir)]
    assert names == [("case2021", "case2021"), ("geo/lgl", "geo"), ("ipe_docs", "ipe_docs"), ("multicoped", "multicoped")]


def test_evaluate_end_to_end_with_fake_pipeline(gold_dir: Path) -> None:
    pipeline = FakePipeline()
    scores = evaluate(gold_dir, pipeline=pipeline)
    assert list(scores) == ["case2021", "ipe_docs", "multicoped"]  # geo needs a geoparse function
    case_scores = scores["case2021"]
    assert case_scores["n"] == 2 and case_scores["dropped"] == 1
    # the shelling snippet is right, the dropped one counts as no event
    assert case_scores["per_class"]["Shelling/artillery/missile attack"]["recall"] == pytest.approx(1 / 2)
    assert scores["ipe_docs"]["per_class"]["arrest"]["f1"] == 1.0
    assert {a.id: a.published for a in pipeline.seen}["7"] == dt.date(2002, 5, 1)
    json.dumps(scores)  # the CLI prints it with --json


@pytest.mark.parametrize(
    "sets,limit,expected",
    [
        (["plover"], None, None),
        (["case2021", "petrarch2"], None, None),  # one unknown name is enough to stop
        (["multicoped"], 1, {"multicoped": 1}),
        (["case2021", "ipe_docs"], None, {"case2021": 2, "ipe_docs": 1}),
        (["ipe"], None, {"ipe_docs": 1}),  # the first part of a set name
    ],
)
def test_evaluate_sets_and_limit(gold_dir: Path, sets: list[str], limit: int | None, expected: dict[str, int] | None) -> None:
    if expected is None:
        with pytest.raises(PalmyraError, match="no gold set matches"):
            evaluate(gold_dir, pipeline=FakePipeline(), sets=sets, limit=limit)
        return
    scores = evaluate(gold_dir, pipeline=FakePipeline(), sets=sets, limit=limit)
    assert {name: s["n"] for name, s in scores.items()} == expected


def test_evaluate_geo_with_geoparse(gold_dir: Path) -> None:
    def geoparse(article: Article, spans: list[tuple[int, int]] | None) -> list[dict[str, Any]]:
        if spans is None:  # recognition: this fake finds nothing
            return []
        return [{"start": s, "end": e, "lat": 23.7, "lon": 90.4} for s, e in spans]

    scores = evaluate(gold_dir, pipeline=FakePipeline(), sets=["geo"], geoparse=geoparse)
    figures = scores["geo/lgl"]["figures"]
    assert figures["acc_161km"] == 1.0
    assert figures["recognition_recall"] == 0.0


@pytest.mark.parametrize("missing", ["no-such-gold"])
def test_evaluate_missing_gold_folder_raises(tmp_path: Path, missing: str) -> None:
    with pytest.raises(PalmyraError, match="gold data not found"):
        evaluate(tmp_path / missing, pipeline=FakePipeline())


def test_report_shows_figures_classes_and_confusion() -> None:
    gold = [CopedGold("m1", "t", 4), CopedGold("m2", "t", 3)]
    scores = {"multicoped": {"format": "multicoped", "dropped": 0, **score_multicoped(gold, [[ev(cameo="190")], []])}}
    text = format_report(scores)
    assert text.startswith("== multicoped (multicoped, 2 items, 0 dropped)")
    assert "macro_f1" in text and "4 material_conflict" in text
    assert "confusion (rows gold, columns predicted)" in text
    assert format_report({}) == "no gold set was scored"


def test_report_lists_top_errors_for_many_classes() -> None:
    gold = [plover(name) for name in ("AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "DEMAND", "FIGHT", "REJECT")]
    scores = {"plover_gsr": score_plover(gold, [[ev("AGREE")]] + [[]] * 8)}
    text = format_report(scores)
    assert "commonest errors" in text and "AID -> NONE" in text
