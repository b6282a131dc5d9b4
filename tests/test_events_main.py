"""Which event of a sentence is the main one (highest confidence), and its PLOVER type and
ACLED sub-type, on short sentences written for these tests: verbal acts that govern
their topic, promises and offers, signing, official complaints, labour strikes, trips
that are no deployment, territory taken in battle, and other codebook rules."""
from __future__ import annotations

import pytest
from builders import events_of, main_event, sub_type


@pytest.mark.parametrize(
    "text,expected",
    [
        # the verbal act governs the attack it is about, whatever toll is told with the attack
        ("The foreign minister condemned the bombing of a school in the north which killed ten pupils and wounded twenty.", "ACCUSE"),
        ("Ruritania complained to the Security Council over three air raids on its border villages last week.", "ACCUSE"),
        # offers and promises are PLOVER AGREE, and an offer owns what it offers
        ("Freedonia offered to extradite the two suspects to Ruritania.", "AGREE"),
        ("The governor offered concessions to the striking miners on Monday.", "AGREE"),
        ("The new president promised to hold free elections within a year.", "AGREE"),
        ("The cabinet said it is committed to opening the economy to foreign investors.", "AGREE"),
        ("The two sides reached a consensus to share data on river levels.", "AGREE"),
        ("The premier said she would be ready to host a meeting between the rival factions.", "AGREE"),
        # signing or ratifying a treaty is PLOVER SUPPORT
        ("Ruritania and Freedonia signed a treaty of friendship on Tuesday.", "SUPPORT"),
        ("The parliament ratified the border treaty with its neighbour.", "SUPPORT"),
        # a diplomatic protest is an official complaint, not a demonstration
        ("Ruritania lodged an official protest with Freedonia over the arrest of its consul.", "ACCUSE"),
        # rejecting an appeal, refusing to meet demands
        ("The rebels dismissed an appeal from the president to lay down their weapons.", "REJECT"),
        ("The government said it would not meet the kidnappers' demands to free their comrades.", "REJECT"),
        # a stated intention to boycott is a threat
        ("Opposition leaders said they would boycott all talks with the government.", "THREATEN"),
        # a labour strike is a protest, not an attack
        ("Thousands of teachers began an open-ended strike over pay on Monday.", "PROTEST"),
        ("The ministry pressured the dock workers to call off the strike they had planned for higher wages.", "REQUEST"),
        # a visiting leader travels, he is no deployment of forces
        ("The prime minister arrived in Vienna on an official visit on Monday.", "CONSULT"),
        ("A senior envoy undertook a mediation mission between the two governments.", "CONSULT"),
        # seeking refuge asks for protection
        ("Thousands of villagers sought refuge in the neighbouring country last month.", "REQUEST"),
        # cyber attacks are COERCE (PLOVER mode cyber)
        ("Hackers defaced hundreds of government websites in a cyber attack last week.", "COERCE"),
        ("The spy agency tried to hack into the computers of the defence ministry.", "COERCE"),
        ("The court cancelled restrictions on the use of the minority language in schools.", "CONCEDE"),
        ("The army mobilized thousands of reservists on Tuesday.", "MOBILIZE"),
        # a bare verb in a "that" clause is what is demanded, not what happened
        ("The union renewed its demand that the ministry lift the ban on rallies.", "REQUEST"),
        ("The president said the envoy must be ready to mediate between the two parties.", "REQUEST"),
        # a country defended or praised is acted on like a person
        ("The prime minister defended Portugal against criticism of its prisons.", "SUPPORT"),
        # officials sent to investigate: the deployment is the investigation (CAMEO 09)
        ("The agency sent five experts to the port to investigate the blast.", "ACCUSE"),
        # "the wounded" are people; evacuating them is aid
        ("Army helicopters evacuated the wounded from the besieged town on Friday.", "AID"),
        ("The island state accepted a formula for ending its fishing dispute with its neighbours.", "AGREE"),
        ("Ruritania plans to impose restrictions on foreign workers next year.", "THREATEN"),
        ("The agency reduced food supplies to the refugee camp on Tuesday.", "SANCTION"),
        # "will ... unless": a conditional threat
        ("The party said it will boycott the election unless the president steps down.", "THREATEN"),
        # an agency forced out of a country is expelled (CAMEO 166), not a territory taken
        ("The government forced the UN refugee agency out of the country last month.", "SANCTION"),
        ("The army said the militias were engaged in ethnic cleansing in the valley.", "ASSAULT"),
        ("The settlers will evacuate all the settlements in the strip by August.", "AGREE"),
        ("The prime minister received a mission of observers from the OSCE on Monday.", "RETREAT"),
        # a time clause ranks below the main clause
        ("Ruritania eased emergency rules in the province as police in Freedonia cracked down on protesters.", "CONCEDE"),
        # the longest trigger wins: "sanctions were lifted" is one easing
        ("The sanctions against Freedonia were lifted on Monday.", "CONCEDE"),
        # a truce broken is fighting (CAMEO 196), and the truce noun is its object
        ("Both armies violated the ceasefire agreement in the border region on Sunday.", "ASSAULT"),
        ("Striking dock workers blocked the bridge into the port for five hours.", "PROTEST"),
        ("Police prevented the demonstration planned by students outside the ministry.", "COERCE"),
        # what a group is banned for ("its role in killings") is not the event
        ("The government outlawed the militia because of its role in killings in the province.", "COERCE"),
        ("Freedonia launched cyber warfare against its neighbour last year.", "COERCE"),
        # agreeing that both sides should cooperate is a promise, not a shared opinion
        ("The two ministers agreed that their countries should cooperate on border controls.", "AGREE"),
        # a truce agreed ranks as high as the truce noun it owns
        ("The two armies agreed to a truce after a week of heavy fighting but sporadic clashes continued.", "AGREE"),
        ("A judge ordered the former minister to appear for questioning next month.", "REQUEST"),
        # a demand told by a modal is asserted even though its content is not
        ("The aid group said the occupying forces must ensure security to allow food to reach the needy.", "REQUEST"),
        ("The rebels have sworn to fight until they take the capital.", "THREATEN"),
        ("The supreme court opened a hearing on Wednesday into the legality of the new surveillance law.", "ACCUSE"),
        ("A student has been put under investigation for her role in rioting during the summit.", "ACCUSE"),
        ("Freedonia said it will withdraw its peacekeeping force unless the rebels agree to a truce.", "THREATEN"),
        ("The donor announced a suspension of aid to the ministry on Tuesday.", "SANCTION"),
        ("The rebels have spurned repeated offers of peace talks by the government.", "REJECT"),
        # the parser makes "refugees" the subject of "fleeing": still what is refused
        ("The island says it will not accept any more refugees fleeing the fighting on the mainland.", "REJECT"),
        ("The government presented evidence against the two generals on Monday.", "ACCUSE"),
        # "March" in a date is a month, not a demonstration
        ("The museum returned a stolen painting to the monastery on March 4.", "RETREAT"),
    ],
)
def test_events_main_event_type(pipeline, text, expected):
    event = main_event(pipeline, text)
    assert event.event == expected, (event.event, event.event_text)


@pytest.mark.parametrize(
    "text,expected",
    [
        # ACLED: a town taken in a battle is the change of territory, not the clash
        ("Rebel fighters took control of two villages during fierce clashes with the army on Sunday.", "Non-state actor overtakes territory"),
        ("Army units drove the militants out of the district. The troops killed dozens of militants in fierce clashes.", "Government regains territory"),
        # an attack to capture a base that was repelled took no territory
        ("The militants' attack to capture the air base was repelled by the army on Friday.", "Armed clash"),
        # attacking a police post is fighting the police, whoever died
        ("Rebel fighters attacked a police post on Wednesday, killing twelve people.", "Armed clash"),
        # a peace deal signed is an ACLED agreement
        ("The government and the rebels signed a peace deal in the capital on Monday.", "Agreement"),
        # forces tasked with fighting a group withdrew and handed the base over: no battle
        ("The coalition tasked with fighting the militants withdrew from the air base on Monday. "
         "Its forces handed control of the base back to the national army.", "Non-violent transfer of territory"),
        # what protesters chant or write belongs to their demonstration
        ("Hundreds of protesters rallied outside the parliament on Friday. "
         "The activists held up banners condemning police violence.", "Peaceful protest"),
        ("The students sat in the station hall and held up signs condemning the new law, the latest in a wave of protests.", "Peaceful protest"),
        # defying a ban to march means they marched; blocking roads makes it violent (ACLED)
        ("Crowds of protesters defied a police ban to take to the streets on Saturday, blocking major roads.", "Violent demonstration"),
    ],
)
def test_events_main_acled_sub_type(pipeline, text, expected):
    event = main_event(pipeline, text)
    assert sub_type(event) == expected, (event.event, event.event_text, sub_type(event))


@pytest.mark.parametrize(
    "text",
    [
        "A gas tank exploded at a chemical plant on Monday, injuring four workers.",
        "The refugees arrived at the border crossing on foot.",
        "Propane containers exploded during a fire in a garage on Monday.",
        "A second wave of floods hit the coastal districts, forcing thousands to leave.",
        "Hackers attacked the website of the electoral commission last week.",
        "Rescuers searched the villages buried by the explosion of the volcano on Sunday.",
    ],
)
def test_events_main_no_violence_type_for_accidents_travel_and_hacking(pipeline, text):
    events = events_of(pipeline, text)
    assert all(e.event not in ("ASSAULT", "MOBILIZE") for e in events), [(e.event, e.event_text) for e in events]


@pytest.mark.parametrize(
    "text,trigger,expected",
    [
        # an infinitive saying what an attack or a deployment was for did not happen (yet)
        ("The militants launched an attack to capture the air base.", "capture", "hypothetical"),
        ("The two sides began talks to reach a deal on the border.", "reach", "hypothetical"),
        ("The first country to recognise the new state was Freedonia.", "recognise", "asserted"),
        ("The army forced the rebels to withdraw from the town.", "withdraw", "asserted"),
        # a bare verb in a "that" clause is what is demanded
        ("The union repeated its demand that the ministry lift the ban.", "lift", "hypothetical"),
        # a "to" infinitive shares the tense of the verb it completes
        ("The government said it would allow the agency to deliver food to the north.", "deliver", "future"),
    ],
)
def test_events_main_factuality_of_purpose_demand_and_infinitive(pipeline, text, trigger, expected):
    from palmyra.events.factuality import classify_factuality

    doc = pipeline.res.nlp(text)
    token = next(t for t in doc if t.text == trigger)
    assert classify_factuality(token)[0] == expected
