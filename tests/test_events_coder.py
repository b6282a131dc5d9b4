"""The event coder on short sentences written for these tests."""
from __future__ import annotations

import pytest
from builders import make_doc

from palmyra.events.coder import EventCoder


@pytest.fixture(scope="module")
def coder(res):
    return EventCoder(res)


def code(text, nlp, coder):
    return coder(make_doc(text, nlp)).events


def only(events, trigger):
    found = [e for e in events if e.event_text == trigger]
    assert found, f"no event with trigger {trigger!r} in {[e.event_text for e in events]}"
    return found[0]


@pytest.mark.parametrize(
    "text,trigger,concept,cameo,actor,recipient",
    [
        ("French war planes have bombed a rebel depot near the river on Monday.", "bombed", "assault.aerial", "195", ["French war planes"], []),
        ("Government troops shelled the northern districts of the city overnight.", "shelled", "assault.heavy_weapons", "194", ["Government troops"], []),
        ("Gunmen shot dead three villagers at a market.", "shot dead", "assault.firearms", "193", ["Gunmen"], ["three villagers"]),
        ("Rebel fighters captured the town of Kafr Nabl after heavy fighting.", "captured", "coerce.seize_territory", "192", ["Rebel fighters"], []),
        ("Police arrested dozens of students outside the parliament.", "arrested", "coerce.arrest", "173", ["Police"], ["dozens"]),
    ],
)
def test_coder_codes_verb_triggers(text, trigger, concept, cameo, actor, recipient, nlp, coder):
    event = only(code(text, nlp, coder), trigger)
    if concept:
        assert event.concept == concept
        assert event.cameo == cameo
    assert [s.text for s in event.actor_spans] == actor
    if recipient:
        assert [s.text for s in event.recipient_spans][: len(recipient)] == recipient or recipient[0] in event.recipient_spans[0].text


@pytest.mark.parametrize(
    "text,trigger,actor",
    [
        # passive with agent
        ("Two ammunition depots were destroyed by Turkish drones near the border.", "destroyed", "Turkish drones"),
        # relative clause: the antecedent acts, not "who"
        ("The work fell to Kurdish units who destroyed nine armoured vehicles.", "destroyed", "Kurdish units"),
        # nominal trigger with "by" agent
        ("After the seizure of the oil field by the militia, prices rose.", "seizure", "the militia"),
        # nominal trigger carried by a light verb
        ("The air force launched air raids on positions held by the insurgents.", "air raids", "The air force"),
    ],
)
def test_coder_finds_actor_through_syntax(text, trigger, actor, nlp, coder):
    event = only(code(text, nlp, coder), trigger)
    assert [s.text for s in event.actor_spans] == [actor]


def test_coder_splits_coordinated_actors(nlp, coder):
    event = only(code("Russia and the Syrian army shelled the rebel district.", nlp, coder), "shelled")
    assert [s.text for s in event.actor_spans] == ["Russia", "the Syrian army"]


def test_coder_recipient_is_owner_of_struck_weapons(nlp, coder):
    text = "Allied jets struck tanks and rockets seized by the insurgents in the valley."
    event = only(code(text, nlp, coder), "struck")
    assert event.concept == "assault.aerial"
    assert [s.text for s in event.recipient_spans] == ["the insurgents"]


def test_coder_codes_several_events_in_one_sentence(nlp, coder):
    events = code("Gunmen stormed the village and abducted twenty residents.", nlp, coder)
    assert {e.event for e in events} >= {"ASSAULT"}
    assert len(events) >= 2
    abduct = only(events, "abducted")
    assert abduct.mode == "abduct"
    assert [s.text for s in abduct.actor_spans] == ["Gunmen"]


@pytest.mark.parametrize(
    "text,trigger,actor",
    [
        ("About 300 militia fighters arrived at the airbase on Tuesday.", "arrived", "About 300 militia fighters"),
        ("Elite army units have been sent to the frontline from the capital.", "sent", "Elite army units"),
    ],
)
def test_coder_mobilize_theme_is_actor(text, trigger, actor, nlp, coder):
    event = only(code(text, nlp, coder), trigger)
    assert event.event == "MOBILIZE"
    assert event.cameo == "154"
    assert [s.text for s in event.actor_spans] == [actor]


@pytest.mark.parametrize(
    "text",
    [
        "The minister said the economy grew by two percent last year.",
        "Visitors toured a captured army base on Sunday.",  # participle used as an adjective
        "The group released a new music video.",  # release of a thing is not a prisoner release
    ],
)
def test_coder_ignores_non_events(text, nlp, coder):
    events = code(text, nlp, coder)
    assert [e for e in events if e.quad == 4 or e.event == "RETREAT"] == []


def test_coder_instrument_sets_mode(nlp, coder):
    event = only(code("A coalition airstrike destroyed an artillery piece.", nlp, coder), "destroyed")
    assert event.mode == "aerial"
    assert event.acled == {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}


def test_coder_evidence_offsets_index_text(nlp, coder):
    text = "Headline about clashes\nMilitants attacked a checkpoint. Soldiers returned fire."
    doc = coder(make_doc(text, nlp))
    for event in doc.events:
        assert text[event.trigger_start : event.trigger_end] == event.event_text
        sentence = text[event.sent_start : event.sent_end]
        assert event.event_text in sentence
        assert "\n" not in sentence
        for span in event.actor_spans + event.recipient_spans:
            assert text[span.start : span.end] == span.text


def test_coder_acronym_is_not_read_as_verb(nlp, coder):
    event = only(code("IS fighters seized the town of Palmyra.", nlp, coder), "seized")
    assert [s.text for s in event.actor_spans] == ["IS fighters"]


@pytest.mark.parametrize(
    "text,concept,cameo",
    [
        # a two-word verb row met as verb + object head with words between
        ("Ruritania and Freedonia signed a long-awaited trade agreement on Tuesday.", "agree.sign", "057"),
        ("The two states established full diplomatic ties last week.", "support.recognize", "054"),
        ("The ministry lowered the import tariffs on farm goods.", "concede.lift_sanctions", "085"),
        ("The council removed all remaining sanctions on the shipping firm.", "concede.lift_sanctions", "085"),
        ("The republic opened its borders to families fleeing the war.", "concede.ease", "081"),
        ("The charity handed over new medical equipment to the clinic.", "aid.generic", "070"),
        # a light head noun hides the person released
        ("The authorities released dozens of jailed activists on Friday.", "retreat.release", "0841"),
        # speaking up for a decision is verbal support, not fighting
        ("The minister defended the government's decision to close the mine.", "support.defend", "052"),
        # troops for a peacekeeping mission provide protection
    ],
)
def test_coder_codes_cooperation_phrases(text, concept, cameo, nlp, coder):
    events = code(text, nlp, coder)
    assert [e.concept for e in events] == [concept], [(e.concept, e.event_text) for e in events]
    assert events[0].cameo == cameo


def test_coder_troops_for_peacekeeping_are_aid(nlp, coder):
    text = "The country is sending 200 soldiers to the peacekeeping mission in the south."
    event = only(code(text, nlp, coder), "sending")
    assert (event.concept, event.cameo) == ("aid.peacekeeping", "074")


@pytest.mark.parametrize(
    "text",
    [
        "The rebel group claimed responsibility for the attack on the border post.",
        "The president expressed condolences over the bombing that killed four guards.",
        "The ministry rejected accusations that its police had tortured detainees.",
        "The governor's office declined to comment on the report.",
    ],
)
def test_coder_statement_about_an_event_codes_nothing(text, nlp, coder):
    assert [(e.concept, e.event_text) for e in code(text, nlp, coder)] == []


def test_coder_filing_charges_is_still_an_accusation(nlp, coder):
    events = code("Prosecutors filed charges against the former governor.", nlp, coder)
    assert all(e.event != "REJECT" for e in events)


def test_coder_non_violent_demonstration_is_peaceful(nlp, coder):
    events = code("Students held a non-violent demonstration outside the ministry.", nlp, coder)
    assert [e.concept for e in events if e.event == "PROTEST"] == ["protest.demo"]
