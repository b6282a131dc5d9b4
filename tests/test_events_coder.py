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
        ("Ruritania and Freedonia signed a long-awaited trade agreement on Tuesday.", "support.sign", "057"),
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
        # the preposition hangs on the verb that voices the statement
        "The envoy offered his condolences over the bombing that killed four guards.",
        "The king sent a condolence message following the assault on the market.",
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


@pytest.mark.parametrize(
    "text,concept,cameo",
    [
        # property handed back is CAMEO 0842, people released 0841
        ("The customs office returned four old paintings to the national museum.", "retreat.return_property", "0842"),
        ("The navy released the fishing vessel on Monday.", "retreat.return_property", "0842"),
        ("The rebels let free two aid workers on Sunday.", "retreat.release", "0841"),
        # a rank or trade names a person released
        ("The militia released a sergeant on Tuesday.", "retreat.release", "0841"),
        ("Hundreds of fighters laid down their weapons in the town square.", "retreat.disarm", "0873"),
        ("The ministry gave two million dollars to the farmers' union.", "aid.economic", "071"),
        ("The prime minister received the new ambassador in the capital.", "consult.host", "043"),
        ("The government outlawed the main opposition party.", "coerce.restrict", "172"),
        ("The country closed its borders with its two neighbours.", "coerce.blockade", "191"),
        # exercises held jointly are military cooperation, not a show of force
        ("The two navies held joint war games off the coast.", "cooperate.military", "062"),
    ],
)
def test_coder_codes_return_release_and_restriction_phrases(text, concept, cameo, nlp, coder):
    events = code(text, nlp, coder)
    assert [e.concept for e in events] == [concept], [(e.concept, e.event_text) for e in events]
    assert events[0].cameo == cameo


def test_coder_war_games_alone_are_a_show_of_force(nlp, coder):
    events = code("The army held large war games near the border.", nlp, coder)
    assert [e.concept for e in events] == ["mobilize.show_of_force"]


@pytest.mark.parametrize(
    "text,trigger,violent",
    [
        ("Soldiers violently dispersed the sit-in at the square.", "dispersed", True),
        ("Police launched a brutal crackdown on the marchers.", "crackdown", True),
        ("Police dispersed the sit-in at the square.", "dispersed", False),
    ],
)
def test_coder_notes_violent_manner(text, trigger, violent, nlp, coder):
    event = only(code(text, nlp, coder), trigger)
    assert bool(event.notes.get("violent")) is violent


def test_coder_notes_property_target(nlp, coder):
    event = only(code("Gunmen attacked a shop in the market at night.", nlp, coder), "attacked")
    assert event.notes.get("target") == "property"


@pytest.mark.parametrize(
    "text,concepts",
    [
        # agreeing with a view is a statement (CAMEO 019), which PLOVER does not code
        ("The officials said they agree with the panel that the rule should change.", []),
        ("The ministry agreed with the recommendation of the auditors.", []),
        ("The rebels agreed with the government on a new road plan.", ["agree.generic"]),
        # a mood voiced about talks is no talks
        ("The envoy expressed pessimism about the planned negotiations.", []),
        # meeting a target is no meeting; a day is no object
        ("The ministry failed to meet the budget targets.", []),
        ("The two leaders met on Monday in the capital.", ["consult.meet"]),
        # peacekeepers or envoys withdrawn: CAMEO 166 / 161, not a military retreat
        ("The United Nations withdrew its peacekeepers from the border zone.", ["sanction.expel"]),
        ("The republic recalled its ambassador from the neighbouring state.", ["sanction.break_relations"]),
    ],
)
def test_coder_opinions_targets_and_withdrawn_envoys(text, concepts, nlp, coder):
    events = code(text, nlp, coder)
    assert [e.concept for e in events if e.event != "CONSULT" or "consult.meet" in concepts] == concepts, [
        (e.concept, e.event_text) for e in events
    ]


@pytest.mark.parametrize(
    "text,concepts",
    [
        # war games staged by two states together are military cooperation
        ("The United States and Japan launched war games near the strait.", ["cooperate.military"]),
        # anything handed back is returned property; going home is not
        ("The agency returned the wild monkeys to the zoo in the capital.", ["retreat.return_property"]),
        # people of no known class are released; a video is not
        ("The rebels released three of the dozens of hostages.", ["retreat.release"]),
        ("The group released a video on Monday.", []),
        ("Thousands of families returned home on Monday.", []),
        ("The rebels returned fire.", ["assault.firearms"]),
        # speaking up for a policy of any name; defending a town is no statement
        ("The minister defended the new strategy in the region.", ["support.defend"]),
        ("Troops defended the town against the rebels.", []),
        # an attack the speaker claims as its own is a claim of responsibility (CAMEO 015)
        ("The rebels claimed that they had attacked the air base.", []),
        ("The rebels claimed that they had attacked the convoy by blowing up two trucks.", []),
        ("The rebels claimed that militants had attacked the air base.", ["assault.generic"]),
    ],
)
def test_coder_joint_actors_returns_and_own_claims(text, concepts, nlp, coder):
    assert [e.concept for e in code(text, nlp, coder)] == concepts


@pytest.mark.parametrize(
    "text",
    [
        # an option weighed or hoped for is CAMEO 014, a statement PLOVER does not code
        "Japan is considering sending aid to the flood victims.",
        "The government said it hoped for more talks with the rebels.",
        "The council is weighing imposing a curfew on the district.",
        "The minister said he hoped that the rebels would release the hostages.",
    ],
)
def test_coder_considered_option_codes_nothing(text, nlp, coder):
    assert [(e.concept, e.event_text) for e in code(text, nlp, coder)] == []


def test_coder_compound_actor_name_sets_attack_mode(nlp, coder):
    # "Air Force" names an air arm: its attack is an air strike whatever weapons the targets had
    text = "The Syrian Air Force destroyed a number of trucks equipped with machineguns near the village."
    assert only(code(text, nlp, coder), "destroyed").concept == "assault.aerial"


def test_coder_agreeing_to_a_truce_is_a_peace_agreement(nlp, coder):
    events = code("Bosnia and Slovenia agreed to a ceasefire after two days of fighting.", nlp, coder)
    assert [e.concept for e in events if e.event in ("AGREE", "RETREAT")] == ["agree.peace"]
    assert only(events, "agreed").acled == {"event_type": "Strategic developments", "sub_event_type": "Agreement"}


@pytest.mark.parametrize(
    "text,concept",
    [
        ("The authorities struck a deal with the United Nations on Monday.", "support.sign"),
        # a ban or truce violated is defiance (CAMEO 128); the ban itself is no new event
        ("The regime has violated a ban on missile tests.", "reject.defy"),
        ("The army said it has ceased its military operations near the capital.", "retreat.ceasefire"),
        ("Three navies are participating in the war games in the gulf.", "cooperate.military"),
    ],
)
def test_coder_deals_struck_operations_ceased_and_drills_joined(text, concept, nlp, coder):
    assert [e.concept for e in code(text, nlp, coder)] == [concept]


@pytest.mark.parametrize(
    "text,trigger,concept",
    [
        # "anti-aircraft" names no aircraft
        ("Militants shelled the army base with anti-aircraft weapons and mortars.", "shelled", "assault.heavy_weapons"),
        # a chemical attack the target is accused of does not make the strike on it chemical
        ("The ministry said it launched airstrikes on the group it accused of carrying out a chlorine attack.", "airstrikes", "assault.aerial"),
        ("Helicopters dropped barrel bombs filled with chlorine on the town.", "dropped", "assault.chemical"),
        # "anti-aircraft guns" are heavy weapons, not small arms
        ("Insurgents attacked the garrison using anti-aircraft guns.", "attacked", "assault.heavy_weapons"),
    ],
)
def test_coder_instrument_precedence_limits(text, trigger, concept, nlp, coder):
    assert only(code(text, nlp, coder), trigger).concept == concept


def test_coder_object_misparsed_as_reduced_clause(nlp, coder):
    # "arms believed to belong to ..." is parsed as a clause; its subject is what was found
    text = "After a dog dug up soil in the province, police discovered a large amount of ammunition believed to belong to the group."
    assert only(code(text, nlp, coder), "discovered").concept == "coerce.seize_weapons"
    assert code("Police discovered that the suspects had fled.", nlp, coder) == []


@pytest.mark.parametrize(
    "text,concepts",
    [
        # a "must" statement with no event of its own is a demand (CAMEO 10) on the verb it governs
        ("The charity said the council must guarantee the safety of the workers.", ["request.demand"]),
        # when the governed verb is an event, that event is coded (refine turns it into the demand)
        ("The envoy said the troops must withdraw from the valley.", ["retreat.withdraw"]),
    ],
)
def test_coder_modal_must_is_a_demand(text, concepts, nlp, coder):
    assert [e.concept for e in code(text, nlp, coder)] == concepts


@pytest.mark.parametrize(
    "text,concept",
    [
        # a call for punitive measures against a party is a hostile demand (CAMEO 10)
        ("The senator called for sanctions against the ministry over the crackdown.", "request.demand"),
        ("The exiles called for boycotts of the state media.", "request.demand"),
        # a call for talks stays an appeal to meet (CAMEO 026)
        ("The bishop called for talks between the parties.", "request.meet"),
    ],
)
def test_coder_call_for_punitive_measures_is_a_demand(text, concept, nlp, coder):
    assert code(text, nlp, coder)[0].concept == concept


@pytest.mark.parametrize(
    "text,concept,cameo",
    [
        # forces kept on alert: CAMEO 152 increase military alert status
        ("Navy units remained on high alert along the coast.", "mobilize.alert", "152"),
        # people held as human shields are hostages (CAMEO 181)
        ("The gang used the farm workers as human shields during the siege.", "assault.abduct", "181"),
    ],
)
def test_coder_alert_status_and_human_shields(text, concept, cameo, nlp, coder):
    assert [(e.concept, e.cameo) for e in code(text, nlp, coder) if e.concept == concept] == [(concept, cameo)]


@pytest.mark.parametrize(
    "text,concept,cameo",
    [
        # a ceasefire breached is fighting (CAMEO 196), not mere defiance of a norm (128)
        ("The militia violated the truce twice on Tuesday.", "assault.violate_ceasefire", "196"),
        ("The regime has breached the ban on missile tests.", "reject.defy", "128"),
    ],
)
def test_coder_violated_ceasefire_is_fighting(text, concept, cameo, nlp, coder):
    event = code(text, nlp, coder)[0]
    assert (event.concept, event.cameo) == (concept, cameo)


def test_coder_meal_for_a_visitor_is_hosting(nlp, coder):
    # a dinner or banquet given for a visitor is hosting a visit (CAMEO 043)
    event = code("The governor hosted a banquet for the trade delegation.", nlp, coder)[0]
    assert (event.concept, event.cameo) == ("consult.host", "043")


def test_coder_min_weight_ignores_weak_rows(res, nlp):
    text = "Rebel fighters captured the town after heavy fighting."
    assert EventCoder(res)(make_doc(text, nlp)).events
    assert EventCoder(res, min_weight=1.01)(make_doc(text, nlp)).events == []


@pytest.mark.parametrize(
    "text,trigger",
    [
        ("A strong earthquake hit the mountain villages on Monday.", "hit"),
        ("Heavy rains and floods struck the coastal province overnight.", "struck"),
    ],
)
def test_coder_natural_hazard_as_subject_is_no_event(text, trigger, nlp, coder):
    assert trigger not in [e.event_text for e in code(text, nlp, coder)]


def test_coder_hazard_rule_keeps_armed_subjects(nlp, coder):
    assert only(code("Rebel fighters hit an army base near the border on Monday.", nlp, coder), "hit").event == "ASSAULT"


def test_coder_object_after_a_misparsed_that(nlp, coder):
    # the parser may read "that" as a second object of the verb of the reported clause
    text = "Activists have informed the Libyan Observatory for Human Rights that foreign troops have set up a new military post near the oasis."
    assert "mobilize.base" in [e.concept for e in code(text, nlp, coder)]
