"""General trigger-lexicon rows for cooperative and coercive acts that were missing: calls and
conferring (CONSULT), support voiced (SUPPORT), backing down and reversals (CONCEDE), working
together and linked grids (COOPERATE), relief handed out or arriving (AID), pressing or
petitioning a party to act (REQUEST), forces put on alert and weapons moved up (MOBILIZE), and
access blocked (COERCE). Short sentences written for these tests, plus near misses that must
not code the new concept."""
from __future__ import annotations

import pytest
from builders import events_of, main_event


@pytest.mark.parametrize(
    "text,event,concept",
    [
        # CAMEO 041 discuss by telephone, 040 consult
        ("The premier spoke by phone with her Turkish counterpart about the refugee crisis.", "CONSULT", "consult.phone"),
        ("The two foreign ministers talked by telephone on Friday evening.", "CONSULT", "consult.phone"),
        ("Freedonia's foreign minister conferred with envoys from the Gulf states in Doha.", "CONSULT", "consult.meet"),
        # CAMEO 051 praise or endorse
        ("The Ruritanian president expressed his support for the new government in Freedonia.", "SUPPORT", "support.praise"),
        ("Trade unions across the region voiced solidarity with the striking dock workers.", "SUPPORT", "support.praise"),
        # CAMEO 080 yield; 0811 ease restrictions
        ("The city council backed down on Friday over the planned tax on street vendors.", "CONCEDE", "concede.generic"),
        ("The interior ministry reversed its ban on student unions on Monday.", "CONCEDE", "concede.ease"),
        ("The governor reversed the decision to close the central market.", "CONCEDE", "concede.generic"),
        # CAMEO 060/061 cooperate
        ("Engineers from both armies worked together to rebuild the collapsed bridge.", "COOPERATE", "cooperate.generic"),
        ("The two ports jointly launched a cargo tracking service on Tuesday.", "COOPERATE", "cooperate.generic"),
        ("Ruritania and Freedonia linked their power grids last month.", "COOPERATE", "cooperate.economic"),
        # CAMEO 073 humanitarian aid
        ("Volunteers handed out hot meals and blankets to families sheltering in the stadium.", "AID", "aid.humanitarian"),
        ("Relief convoys reached the flooded villages on Sunday.", "AID", "aid.humanitarian"),
        ("A consignment of humanitarian supplies reached the port city on Friday.", "AID", "aid.humanitarian"),
        # CAMEO 100 demand: pressing or petitioning a party to do something
        ("France pressed Iran on Monday to release the detained sailors.", "REQUEST", "request.demand"),
        ("The United States pressed the Egyptian government to open the border crossing.", "REQUEST", "request.demand"),
        ("Teachers petitioned the education minister to reopen the closed schools.", "REQUEST", "request.demand"),
        # CAMEO 152 increase alert status, 154 mobilise armed forces
        ("Ruritania put its navy on high alert on Monday.", "MOBILIZE", "mobilize.alert"),
        ("The government placed its border units on maximum alert.", "MOBILIZE", "mobilize.alert"),
        ("Ruritania moved tanks and rocket launchers closer to the frontier.", "MOBILIZE", "mobilize.weapons"),
        ("The rebels moved artillery into the hills above the town.", "MOBILIZE", "mobilize.weapons"),
        # CAMEO 172 administrative restrictions, 1721 censorship
        ("The regulator blocked the news website for a month.", "COERCE", "coerce.censor"),
        ("The authorities blocked Twitter ahead of the vote.", "COERCE", "coerce.censor"),
        ("Police blocked access to the main square on Saturday.", "COERCE", "coerce.restrict"),
    ],
)
def test_events_lexicon_gap_is_coded(pipeline, text, event, concept):
    main = main_event(pipeline, text)
    assert (main.event, main.concept) == (event, concept), text


@pytest.mark.parametrize(
    "text,concept",
    [
        # handing out what is no relief is no aid
        ("The court handed out long sentences to twelve defendants on Monday.", "aid.humanitarian"),
        ("Activists handed out leaflets outside the parliament.", "aid.humanitarian"),
        # "press" on a non-party is no demand
        ("Prosecutors pressed charges against the former minister.", "request.demand"),
        ("The crowd pressed forward against the barriers.", "request.demand"),
        # moving what is neither troops nor weapons is no deployment
        ("The ministry moved its headquarters to the new capital.", "mobilize.weapons"),
        # access to a place blocked is a restriction, not censorship
        ("Police blocked access to the main square on Saturday.", "coerce.censor"),
    ],
)
def test_events_lexicon_gap_near_miss_is_not_coded(pipeline, text, concept):
    assert concept not in {e.concept for e in events_of(pipeline, text)}, text


@pytest.mark.parametrize(
    "text",
    [
        # CAMEO 163: assets or funds frozen are a sanction; what it punishes is its topic, not the event
        "The Council froze the assets of nine Ruritanian generals over the crackdown on students.",
        "Freedonia froze the funds of two militia leaders after the massacre in the valley.",
    ],
)
def test_events_lexicon_gaps_asset_freeze_is_the_sanction_not_its_reason(pipeline, text) -> None:  # noqa: ANN001
    main = main_event(pipeline, text)
    assert (main.event, main.concept) == ("SANCTION", "sanction.impose")
