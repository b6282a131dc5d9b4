"""The refine stage on short sentences written for these tests: ACLED sub-types that
depend on the episode (protests, territory, weapons), instrument precedence, statements
of intent, and the confidence ranking that picks the main event."""
from __future__ import annotations

import pytest
from builders import events_of, main_event, sub_type


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Police fired tear gas to disperse hundreds of demonstrators outside the ministry on Monday.", "Protest with intervention"),
        ("Protesters threw stones at police during a demonstration in the capital on Friday.", "Violent demonstration"),
        ("Thousands of people marched through the city centre against corruption on Sunday.", "Peaceful protest"),
        ("Police arrested twenty people during a protest against the new tax law outside parliament.", "Protest with intervention"),
        # a gathering that turned violent is a violent demonstration, whatever the police did
        ("Police used water cannon after the rally outside the embassy turned violent.", "Violent demonstration"),
        # ACLED counts road-blocking as destructive activity; a block only attempted is not
        ("Farmers blocked roads with burning tyres outside the capital on Monday.", "Violent demonstration"),
        ("Youths threw bottles and bricks at riot police outside the town hall.", "Violent demonstration"),
        ("Police used tear gas on marchers as the rally ended in an outbreak of violence downtown.", "Violent demonstration"),
        ("Police detained forty people as students held a sit-in and tried to block traffic downtown.", "Protest with intervention"),
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
        ("Gunmen opened fire on a minibus near the market, killing one passenger.", "Attack"),
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


def test_refine_lifted_curfew_is_not_also_a_curfew(pipeline):
    assert [e.event for e in events_of(pipeline, "The army lifted the curfew in the city on Sunday.")] == ["CONCEDE"]


@pytest.mark.parametrize(
    "text,expected",
    [
        # force told as violent against a peaceful crowd: excessive force (ACLED)
        ("Soldiers violently suppressed a peaceful protest in the town on Sunday.", "Excessive force against protesters"),
        # an attack with no target of its own takes the victims told beside it
        ("Unknown gunmen opened fire on a minibus on the highway, killing four women.", "Attack"),
        # attacks on civilian property with nobody hurt
        ("Traders said the attacks on properties of their members had hurt the economy.", "Looting/property destruction"),
        ("The army has set up a new military post near the border on Monday.", "Headquarters or base established"),
        # explosives set off by people who kill themselves with them: a suicide bomb
        ("Two militants detonated explosives, killing themselves near the capital.", "Suicide bomb"),
        # a demonstration whose protesters die from gunfire: the protest is the event
        ("Three protesters died from gunfire during a demonstration outside the embassy.", "Excessive force against protesters"),
    ],
)
def test_refine_acled_sub_type_from_manner_victims_and_target(pipeline, text, expected):
    assert sub_type(main_event(pipeline, text)) == expected


@pytest.mark.parametrize(
    "text,event",
    [
        # a relative clause tells the background of the released person
        ("The authorities freed an activist who was arrested last year.", "RETREAT"),
        ("Police returned the trucks seized during the raid to their owners.", "RETREAT"),
        # a promise governs what it names too
        ("The government said it will return the rifles seized during the raid.", "AGREE"),
        # an attack named as what a verbal act is about ranks below that act
        ("The foreign minister condemned the attack on the school in the north.", "ACCUSE"),
        ("The opposition blamed the army for the shelling of the market.", "ACCUSE"),
        ("The council has issued an ultimatum to the two states for a ceasefire.", "THREATEN"),
    ],
)
def test_refine_main_event_is_the_reported_happening(pipeline, text, event):
    assert main_event(pipeline, text).event == event


@pytest.mark.parametrize(
    "text,event,cameo",
    [
        # an event demanded of someone is a demand (CAMEO 10), refused is a rejection (CAMEO 12)
        ("The minister said the rebels must release the hostages.", "REQUEST", "100"),
        # the modal of the first verb carries over to its coordinated verb
        ("He said the government must ensure security and provide food to the villagers.", "REQUEST", "100"),
        ("The militia will not release the soldiers unless the army frees its men.", "REJECT", "120"),
        # an event offered ("ready to", "willing to") is a stated intention to cooperate (CAMEO 030)
        ("Egypt is willing to withdraw its troops from the border towns.", "AGREE", "030"),
        ("The president has offered to send troops to the region.", "AGREE", "030"),
        # an act decided is coded as the act (CAMEO 08), not as a statement of intent
        ("The cabinet has decided to lift the sanctions on the shipping firm.", "CONCEDE", "085"),
        ("The council will lift the sanctions on the shipping firm.", "AGREE", "030"),
    ],
)
def test_refine_demanded_or_refused_event(pipeline, text, event, cameo):
    main = main_event(pipeline, text)
    assert (main.event, main.cameo) == (event, cameo)


@pytest.mark.parametrize(
    "text,expected",
    [
        # a phrasal verb split by its object ("drove ... out") takes territory
        ("Government troops drove the militants out of three villages on Sunday.", "Government regains territory"),
        ("Rebels pushed the army out of the town on Sunday.", "Non-state actor overtakes territory"),
        # a pull-out whose ground is entered without fighting is a non-violent transfer
        ("The rebels withdrew from the town on Monday, and the army entered without fighting.", "Non-violent transfer of territory"),
    ],
)
def test_refine_territory_changes_hands(pipeline, text, expected):
    assert sub_type(main_event(pipeline, text)) == expected


@pytest.mark.parametrize(
    "text,event,cameo",
    [
        # a deployment whose purpose is help is that help (CAMEO 07 / 06), not a mobilization
        ("Army engineers have arrived in the valley to deliver aid to the flooded villages.", "AID", "070"),
        ("Forty instructors deployed to the naval academy to train the coast guard.", "COOPERATE", "062"),
        # a deployment for any other purpose stays a mobilization
        ("The army deployed troops to the border to stop smugglers.", "MOBILIZE", "154"),
    ],
)
def test_refine_deployment_takes_its_cooperative_purpose(pipeline, text, event, cameo):
    main = main_event(pipeline, text)
    assert (main.event, main.cameo) == (event, cameo)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The two governments held talks in Geneva on Monday over their long border dispute.", "Agreement"),
        ("Envoys of the warring factions began negotiations to end the war in the east.", "Agreement"),
        ("The ministers held talks on trade and tourism in the capital on Monday.", None),
        # support voiced for a truce reports the truce (ACLED Agreement); CAMEO keeps the support
        ("The foreign ministry welcomed the ceasefire announced by the army and the rebels in the north.", "Agreement"),
        ("The foreign ministry welcomed the new trade deal with its neighbour.", None),
    ],
)
def test_refine_talks_about_a_conflict_are_an_agreement(pipeline, text, expected):
    assert sub_type(main_event(pipeline, text)) == expected
