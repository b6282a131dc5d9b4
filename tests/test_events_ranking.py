"""Main event and type on short sentences written for these tests: broken commitments,
announced measures against conditional threats, conditions that rank below the act they
condition, complaints reported at the end of a sentence, petitions, patrols, joint
exercises of two named countries, two demonstrations of one episode, disaster tolls, and
the ACLED precedence of a specific attack folded into a generic one."""
from __future__ import annotations

import pytest
from builders import events_of, main_event


@pytest.mark.parametrize(
    "text,expected",
    [
        # going back on a promise is a rejection (CAMEO 12)
        ("The governor has reneged on his pledge to hold local elections this year.", "REJECT"),
        # a measure announced is the measure (CAMEO 16), a measure on a condition a threat (13)
        ("Canada announced on Friday it would prohibit all aid to the military junta.", "SANCTION"),
        ("Ruritania announced that it will expel the observers unless the vote is repeated.", "THREATEN"),
        # "may ... if": a conditional threat
        ("The donors may suspend aid to the ministry if the audit finds fraud, the envoy said.", "THREATEN"),
        # what is set as a condition ranks below the act it conditions
        ("The rebel leaders said they would meet the envoy if he gave them a veto over any settlement reached in peace talks.", "AGREE"),
        # a protest verb closing the sentence reports the complaint before it (CAMEO 111)
        ("The police are failing to protect the homes of returning refugees, a human rights group protested here on Monday.", "ACCUSE"),
        # a signature drive is political dissent (CAMEO 140)
        ("The opposition began collecting signatures to force a referendum on the new dam.", "PROTEST"),
        # patrols ordered after a riot: a show of force (CAMEO 150), not the riot told as setting
        ("The provincial governor ordered patrols by police and soldiers after violent protests by farmers.", "MOBILIZE"),
        # a protest with a place of its own stays a demonstration
        ("Thousands of farmers marched through the capital, and teachers protested outside parliament.", "PROTEST"),
        # forces getting ready to attack exhibit a force posture (CAMEO 15); "is ready to" states an intent
        ("Government troops prepared to resume shelling the rebel-held hills as talks stalled.", "MOBILIZE"),
        ("The rebels said they will resume shelling the town unless the siege is lifted.", "THREATEN"),
        # forgiveness offered is voiced support (CAMEO 056), not a promise of material help
        ("The village elders said they are willing to forgive the former governor.", "SUPPORT"),
        # a peace mission pulled out is withdrawn (CAMEO 166), not a retreat from held ground
        ("Forty observers were shipped out of the border district on Friday.", "SANCTION"),
        ("The rebels pulled their fighters out of the market town.", "RETREAT"),
        # exercises of two named countries are military cooperation (CAMEO 062)
        ("Greek and Cypriot warships began five days of war games off the southern coast on Monday.", "COOPERATE"),
    ],
)
def test_events_ranking_main_event_type(pipeline, text, expected):
    event = main_event(pipeline, text)
    assert event.event == expected, (event.event, event.event_text)


def test_events_ranking_demonstration_keeps_its_rank_over_a_past_riot(pipeline):
    """Two demonstrations of one episode do not lift each other: the march told as the
    sentence's act stays above the riots of a relative clause."""
    event = main_event(pipeline, "About 200 students marched on Tuesday in the capital, where ten people died in riots last year.")
    assert event.event == "PROTEST" and event.event_text == "marched", event.event_text


@pytest.mark.parametrize(
    "text",
    [
        "Dozens were injured after heavy rains sent mudslides into the mountain villages on Sunday.",
        "Strong tremors were felt across the region, shaking buildings and sending people into the streets.",
    ],
)
def test_events_ranking_disaster_toll_is_no_attack(pipeline, text):
    events = events_of(pipeline, text)
    assert all(e.event not in ("ASSAULT", "MOBILIZE") for e in events), [(e.event, e.event_text) for e in events]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Gunmen attacked a farmhouse near the border, kidnapping the farmer's two sons.", "Abduction/forced disappearance"),
    ],
)
def test_events_ranking_folded_participle_of_a_specific_kind_wins(pipeline, text, expected):
    """ACLED precedence: a generic attack elaborated by an abduction is an abduction."""
    event = main_event(pipeline, text)
    assert (event.acled or {}).get("sub_event_type") == expected, (event.event_text, event.acled)
