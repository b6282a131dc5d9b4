"""The refine stage on short sentences written for these tests: ACLED sub-types that
depend on the episode (protests, territory, weapons), instrument precedence, statements
of intent, and the confidence ranking that picks the main event."""
from __future__ import annotations

import pytest

import palmyra
from palmyra.model import Article


@pytest.fixture(scope="module")
def pipeline():
    return palmyra.load()


def main_event(pipeline, text):
    docs = list(pipeline.pipe([Article(id="t", text=text, origin="test")]))
    events = docs[0].events if docs else []
    assert events, f"no event in {text!r}"
    return max(events, key=lambda e: e.confidence)


def sub_type(event):
    return (event.acled or {}).get("sub_event_type")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Police fired tear gas to disperse hundreds of demonstrators outside the ministry on Monday.", "Protest with intervention"),
        ("Protesters threw stones at police during a demonstration in the capital on Friday.", "Violent demonstration"),
        ("Thousands of people marched through the city centre against corruption on Sunday.", "Peaceful protest"),
        ("Police arrested twenty people during a protest against the new tax law outside parliament.", "Protest with intervention"),
    ],
)
def test_refine_protest_episode_sets_sub_type(pipeline, text, expected):
    assert sub_type(main_event(pipeline, text)) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Police seized twelve rifles and a large cache of ammunition in the northern district on Tuesday.", "Disrupted weapons use"),
        ("Soldiers destroyed several improvised explosive devices near the road on Monday.", "Disrupted weapons use"),
        ("A suicide bomber blew himself up at an army checkpoint, killing five soldiers.", "Suicide bomb"),
        ("Helicopters dropped barrel bombs filled with poison gas on the village overnight.", "Chemical weapon"),
        ("Government troops recaptured the town of Qaryatain from the militants on Sunday.", "Government regains territory"),
        ("Rebels killed eight soldiers in an ambush on an army convoy on Tuesday.", "Armed clash"),
        ("Gunmen killed six villagers at a market on Tuesday.", "Attack"),
    ],
)
def test_refine_acled_sub_type(pipeline, text, expected):
    assert sub_type(main_event(pipeline, text)) == expected


@pytest.mark.parametrize(
    "text,event",
    [
        ("Norway will provide food aid to the refugees, the foreign minister said.", "AGREE"),
        ("The government said it will not lift the curfew in the province.", "REJECT"),
        ("The interior ministry lifted the curfew in the northern province on Sunday.", "CONCEDE"),
    ],
)
def test_refine_statement_event(pipeline, text, event):
    main = main_event(pipeline, text)
    assert main.event == event
    assert main.acled is None


def test_refine_lifted_curfew_is_not_also_a_curfew():
    pipeline = palmyra.load()
    docs = list(pipeline.pipe([Article(id="t", text="The army lifted the curfew in the city on Sunday.", origin="test")]))
    assert [e.event for e in docs[0].events] == ["CONCEDE"]
