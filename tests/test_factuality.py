"""FactualityTagger and classify_factuality: asserted, negated, hypothetical, future, claimed."""
from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from builders import make_doc, make_event

from palmyra.errors import DataTableError
from palmyra.events.factuality import FactualityTagger, classify_factuality
from palmyra.model import Article
from palmyra.resources import data_path, default_resources
from palmyra.tables.factuality_cues import CUE_KINDS, CUE_LABELS, CUE_SCOPES, load_factuality_cues


def trigger(doc, word: str):
    """The first token whose text is ``word``."""
    return next(token for token in doc if token.text == word)


def label_of(spacy_nlp, sentence: str, word: str) -> str:
    return classify_factuality(trigger(spacy_nlp(sentence), word))[0]


ASSERTED = [
    ("US war planes have struck tanks seized by militants near the city on Thursday.", "struck"),
    ("US war planes have struck tanks seized by militants near the city on Thursday.", "seized"),
    ("Police arrested 40 protesters in the capital, according to witnesses.", "arrested"),
    ("Witnesses said soldiers opened fire on the crowd.", "opened"),
    ("The ministry said troops shelled the village on Monday.", "shelled"),
    ("Jets struck the town, the monitor reported.", "struck"),
    ("Rebels reportedly seized the checkpoint.", "seized"),
    ("Gunmen abducted two aid workers near the border.", "abducted"),
    ("The coalition confirmed that its aircraft bombed the bridge.", "bombed"),
    ("According to the observatory, clashes erupted near the airport.", "erupted"),
    ("Troops killed 12 militants, the statement added.", "killed"),
    ("More than 50 fighters reached the besieged base on Wednesday, according to a local news site.", "reached"),
    ("Militants stormed the village, killing five civilians.", "killing"),
    ("This left the task to coalition forces who destroyed 14 tanks.", "destroyed"),
    ("The bombing claimed the lives of 7 people.", "bombing"),
    ("Rebels claimed responsibility for the attack on the base.", "attack"),
    ("Warplanes kept bombing rebel districts, with no raids on the arms depots.", "bombing"),
    ("No one was killed in the attack.", "attack"),
    ("The army has begun deploying troops hours after both sides agreed to halt the fighting.", "deploying"),
]

NEGATED = [
    ("The army did not strike the village.", "strike"),
    ("The jets never struck the hospital.", "struck"),
    ("There were no air strikes on the city.", "strikes"),
    ("Warplanes kept bombing rebel districts, with no raids on the arms depots.", "raids"),
    ("The police did not arrest anyone.", "arrest"),
    ("The rebels refused to withdraw from the town.", "withdraw"),
    ("The rebels denied launching the attack.", "launching"),
    ("The army denied that its jets bombed the market.", "bombed"),
    ("The army denied the air strikes.", "strikes"),
    ("The convoy passed without being attacked.", "attacked"),
    ("Officials dismissed reports of an attack on the base.", "attack"),
    ("Troops won't enter the city.", "enter"),
    ("Nobody was arrested.", "arrested"),
    ("No one was killed in the attack.", "killed"),
    ("The militants could not capture the airport.", "capture"),
    ("The militants did not strike or shell the town.", "shell"),
    ("Rebels failed to capture the town.", "capture"),
    ("Security forces foiled a bombing in the capital.", "bombing"),
    ("The army will not carry out air strikes on the town.", "strikes"),
    ("Russia has no plans to send troops.", "send"),
    ("The militia will not free the hostages.", "free"),
]

HYPOTHETICAL = [
    ("The capital hinted it might send troops to the town.", "send"),
    ("The government also said it hinted it could send soldiers to the city.", "send"),
    ("Washington hinted at sending ground troops.", "sending"),
    ("The government is considering air strikes against the group.", "strikes"),
    ("Officials fear that militants may attack the pipeline.", "attack"),
    ("It follows fears that heavy weapons seized by the group could be used against foreign targets.", "used"),
    ("The minister warned that the army could retaliate.", "retaliate"),
    ("The group threatened to execute the hostages.", "execute"),
    ("Officials warned of the threat of air strikes.", "strikes"),
    ("There is a risk of clashes in the capital.", "clashes"),
    ("Possible air strikes worry residents.", "strikes"),
    ("The rebels would storm the base if talks collapse.", "storm"),
    ("If the army enters the town, rebels will resist.", "enters"),
    ("If the talks fail, the army will attack the town.", "attack"),
    ("Troops should withdraw from the border.", "withdraw"),
    ("The president called for air strikes on the camps.", "strikes"),
    ("Residents fear an assault on the city.", "assault"),
    ("Turkey may launch a ground offensive.", "offensive"),
    ("The army sent troops to recapture the town.", "recapture"),
    ("Did the army bomb the hospital?", "bomb"),
    ("Attack the city now!", "Attack"),
    ("The army did not rule out air strikes.", "strikes"),
    ("Militants could storm the village, killing civilians.", "killing"),
    ("Turkey warned of military action if the government does not withdraw its forces.", "withdraw"),
    ("The militia will not free the hostages unless the army releases its prisoners.", "free"),
    ("The militia will not free the hostages unless the army releases its prisoners.", "releases"),
]

FUTURE = [
    ("The army will attack the town next week.", "attack"),
    ("Turkey plans to launch a ground offensive.", "offensive"),
    ("The general announced plans for an offensive on the city.", "offensive"),
    ("The rebels vowed to retake the city.", "retake"),
    ("The government intends to deploy more troops.", "deploy"),
    ("The ministry announced it will send reinforcements.", "send"),
    ("Troops are preparing to storm the town.", "storm"),
    ("The army is expected to withdraw by Friday.", "withdraw"),
    ("Both sides agreed to release prisoners next month.", "release"),
    ("An imminent assault on the city worries aid groups.", "assault"),
    ("Russia pledged to send more jets to the base.", "send"),
    ("The militia has decided to attack the convoy.", "attack"),
    ("Protesters are going to march on parliament tomorrow.", "march"),
    ("The rebels are about to attack the town.", "attack"),
    ("Troops are set to storm the village.", "storm"),
    ("The army said it will carry out strikes on the town.", "strikes"),
]

CLAIMED = [
    ("State media claimed that army units were repelling the militants.", "repelling"),
    ("Pro-government media has claimed that troops were fighting back against the militants in the city.", "fighting"),
    ("The rebels claimed they had shot down a helicopter.", "shot"),
    ("Activists alleged that soldiers tortured detainees.", "tortured"),
    ("The group insisted that its fighters had captured the airport.", "captured"),
    ("Moscow insists its air force only targets the militants.", "targets"),
    ("Opposition sources reported an alleged chemical attack on the town.", "attack"),
    ("The purported strike killed a commander, a pro-government channel said.", "strike"),
    ("The army accused the rebels of shelling the market.", "shelling"),
    ("The army was accused of shelling the village.", "shelling"),
    ("Rebels purportedly executed three prisoners.", "executed"),
    ("Rebels allegedly attacked the convoy.", "attacked"),
    ("Local officials say the militia allegedly looted the shops.", "looted"),
]


@pytest.mark.parametrize(("sentence", "word"), ASSERTED)
def test_factuality_asserted(spacy_nlp, sentence, word):
    assert label_of(spacy_nlp, sentence, word) == "asserted"


@pytest.mark.parametrize(("sentence", "word"), NEGATED)
def test_factuality_negated(spacy_nlp, sentence, word):
    assert label_of(spacy_nlp, sentence, word) == "negated"


@pytest.mark.parametrize(("sentence", "word"), HYPOTHETICAL)
def test_factuality_hypothetical(spacy_nlp, sentence, word):
    assert label_of(spacy_nlp, sentence, word) == "hypothetical"


@pytest.mark.parametrize(("sentence", "word"), FUTURE)
def test_factuality_future(spacy_nlp, sentence, word):
    assert label_of(spacy_nlp, sentence, word) == "future"


@pytest.mark.parametrize(("sentence", "word"), CLAIMED)
def test_factuality_claimed(spacy_nlp, sentence, word):
    assert label_of(spacy_nlp, sentence, word) == "claimed"


@pytest.mark.parametrize(
    ("sentence", "word", "cue"),
    [
        ("The capital hinted it might send troops to the town.", "send", "might"),
        ("State media claimed that army units were repelling the militants.", "repelling", "claimed"),
        ("There were no air strikes on the city.", "strikes", "no"),
        ("Troops are set to storm the village.", "storm", "set to"),
        ("Police arrested 40 protesters, according to witnesses.", "arrested", "according to"),
        ("Gunmen abducted two aid workers near the border.", "abducted", None),
    ],
)
def test_factuality_reports_the_deciding_cue(spacy_nlp, sentence, word, cue):
    assert classify_factuality(trigger(spacy_nlp(sentence), word))[1] == cue


def test_factuality_hypothetical_beats_an_outer_claim(spacy_nlp):
    doc = spacy_nlp("The rebels claimed that the army could shell the town.")
    assert classify_factuality(trigger(doc, "shell")) == ("hypothetical", "could")


def test_factuality_tagger_labels_every_event(res, spacy_nlp):
    text = (
        "Coalition jets struck weapons held by the militants on Thursday. "
        "The capital hinted it might send troops to the town. "
        "State media claimed that army units were repelling the militants. "
        "Russian planes kept bombing rebel areas, with no raids on the depots."
    )
    doc = make_doc(text, spacy_nlp)
    doc.events = [make_event(doc, word) for word in ("struck", "send", "repelling", "bombing", "raids")]
    FactualityTagger(res)(doc)
    assert [event.factuality for event in doc.events] == ["asserted", "hypothetical", "claimed", "asserted", "negated"]
    assert doc.events[1].notes["factuality_cue"] == "might"


def test_factuality_tagger_finds_the_trigger_from_offsets(res, spacy_nlp):
    doc = make_doc("The rebels vowed to retake the city.", spacy_nlp)
    event = make_event(doc, "retake")
    event.trigger_i = -1
    doc.events = [event]
    FactualityTagger(res)(doc)
    assert event.factuality == "future"


def test_factuality_tagger_declares_reads_and_writes(res):
    tagger = FactualityTagger(res)
    assert "doc.nlp_doc" in tagger.reads and "event.trigger_i" in tagger.reads
    assert tagger.writes == ("event.factuality",)


# -- the cue table ------------------------------------------------------------------


def test_factuality_cue_table_schema():
    cues = default_resources().factuality_cues
    assert len(cues) > 100
    keys = set()
    for cue in cues.cues:
        assert cue.kind in CUE_KINDS and cue.label in CUE_LABELS and cue.scope in CUE_SCOPES
        assert (cue.text, cue.scope) not in keys
        keys.add((cue.text, cue.scope))
        if cue.kind in ("report", "report_governor"):
            assert cue.label == "asserted"
        if cue.kind in ("negation", "denial_governor"):
            assert cue.label == "negated"
    assert data_path("factuality_cues.tsv").read_text(encoding="utf-8").splitlines()[0] == "cue\tkind\tlabel\tscope\tnote"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("maybe\tmodal\tsomething\taux\tx", "unknown label"),
        ("maybe\tguess\thypothetical\taux\tx", "unknown kind"),
        ("maybe\tmodal\thypothetical\tsomewhere\tx", "unknown scope"),
        ("said\treport_governor\tclaimed\tgovernor\tx", "must give"),
        ("maybe\tmodal\thypothetical", "expected 5 tab-separated columns"),
        ("\tmodal\thypothetical\taux\tx", "empty cue"),
    ],
)
def test_factuality_cue_table_rejects_bad_rows(tmp_path: Path, row, message):
    path = tmp_path / "cues.tsv"
    path.write_text("cue\tkind\tlabel\tscope\tnote\nnot\tnegation\tnegated\taux\tok\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DataTableError, match=message) as error:
        load_factuality_cues(path)
    assert f"{path}:3" in str(error.value)


def test_factuality_cue_table_rejects_duplicates_and_bad_header(tmp_path: Path):
    path = tmp_path / "cues.tsv"
    path.write_text("cue\tkind\tlabel\tscope\tnote\nnot\tnegation\tnegated\taux\t\nnot\tnegation\tnegated\taux\t\n", encoding="utf-8")
    with pytest.raises(DataTableError, match="repeats line 2"):
        load_factuality_cues(path)
    path.write_text("cue\tkind\tlabel\n", encoding="utf-8")
    with pytest.raises(DataTableError, match=":1: the header must be"):
        load_factuality_cues(path)

# -- the written test set (tests/data/factuality_sentences.tsv) ---------------------
# Every row names a trigger word and the factuality a reader gives the event it names. Five labels
# come from the factuality stage alone (classify_factuality on the trigger's token); "historical" is
# set by the date stage, so those rows run through the whole pipeline with a publication date years
# after the dated event. Per label the accuracy must reach 0.90; a failure prints the confusion.

SET = Path(__file__).parent / "data" / "factuality_sentences.tsv"
LABELS = ("asserted", "negated", "hypothetical", "future", "claimed", "historical")
PUBLISHED = dt.date(2024, 3, 8)
MIN_ROWS = 30
MIN_ACCURACY = 0.90


def read_set() -> list[dict[str, str]]:
    with SET.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def _token(doc, word: str):  # noqa: ANN001
    return next((token for token in doc if token.text == word), None)


def _predict(row: dict[str, str], nlp, pipeline) -> str:  # noqa: ANN001
    if row["label"] != "historical":
        token = _token(nlp(row["sentence"]), row["trigger"])
        return classify_factuality(token)[0] if token is not None else "no-trigger"
    article = Article(id="set.txt", text=row["sentence"], published=PUBLISHED)
    (doc,) = list(pipeline.pipe([article]))
    token = _token(doc.nlp_doc, row["trigger"])
    if token is None:
        return "no-trigger"
    for event in sorted(doc.events, key=lambda e: not (e.trigger_start <= token.idx < e.trigger_end)):
        head = doc.nlp_doc[event.trigger_i]
        # the event of the trigger word, or of the noun it carries ("fired tear gas", "imposed martial law")
        if event.trigger_start <= token.idx < event.trigger_end or head.i == token.i or head.head.i == token.i:
            return event.factuality
    return "no-event"


@pytest.fixture(scope="module")
def predictions(nlp, pipeline) -> list[tuple[dict[str, str], str]]:  # noqa: ANN001
    return [(row, _predict(row, nlp, pipeline)) for row in read_set()]


def test_factuality_set_is_well_formed() -> None:
    rows = read_set()
    counts = Counter(row["label"] for row in rows)
    assert set(counts) == set(LABELS)
    assert min(counts.values()) >= MIN_ROWS, counts
    sentences = [row["sentence"] for row in rows]
    assert len(sentences) == len(set(sentences)), "a sentence is listed twice"
    for row in rows:
        assert row["trigger"] in row["sentence"], row
        assert row["note"], row


def _report(predictions: list[tuple[dict[str, str], str]]) -> str:
    confusion: dict[str, Counter[str]] = {label: Counter() for label in LABELS}
    for row, predicted in predictions:
        confusion[row["label"]][predicted] += 1
    lines = ["gold -> predicted counts:"]
    lines += [f"  {gold:13} {dict(row.most_common())}" for gold, row in confusion.items()]
    lines.append("misses:")
    lines += [
        f"  [{row['label']} -> {predicted}] {row['trigger']!r}: {row['sentence']}"
        for row, predicted in predictions
        if predicted != row["label"]
    ]
    return "\n".join(lines)


@pytest.mark.parametrize("label", LABELS)
def test_factuality_set_accuracy_per_label(predictions, label: str) -> None:  # noqa: ANN001
    rows = [(row, predicted) for row, predicted in predictions if row["label"] == label]
    correct = sum(predicted == label for _, predicted in rows)
    accuracy = correct / len(rows)
    if accuracy < MIN_ACCURACY:
        print(_report(predictions))
    assert accuracy >= MIN_ACCURACY, f"{label}: {correct}/{len(rows)} = {accuracy:.3f}\n{_report(predictions)}"
