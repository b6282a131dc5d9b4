"""Who acts and who is acted on, end to end (EventCoder spans -> ActorResolver codes).

Each case pins one general mechanism of the actor-span helpers or of the resolver with a
short sentence written for the test, in the style of the CAMEO codebook examples.
"""
from __future__ import annotations

import pytest

from palmyra.model import Article, ArticleDoc, Event


def _doc(pipeline, text: str) -> ArticleDoc:  # noqa: ANN001
    doc = pipeline(Article(id="t", text=text, origin="test"))
    assert doc is not None
    return doc


def _event(doc: ArticleDoc, trigger: str) -> Event:
    found = [e for e in doc.events if trigger in e.event_text]
    assert found, f"no event on {trigger!r}: {[e.event_text for e in doc.events]}"
    return found[0]


def _codes(actors) -> set[str]:  # noqa: ANN001
    return {a.code for a in actors if a.code}


@pytest.mark.parametrize(
    ("text", "trigger", "code"),
    [
        # a nominal trigger done by the subject of the verb that issues it
        ("Bolivian authorities imposed martial law in three provinces on Friday.", "martial law", "BOL"),
        ("A Peruvian prosecutor opened an investigation into the sale of state land.", "investigation", "PER"),
        # "used ... as human shields": who used them
        ("Ethiopian rebels used villagers as human shields in the hills.", "human shields", "ETH"),
        # "is opposed to": a stance of the subject, not a passive
        ("Norway is opposed to a Swedish proposal on fishing quotas.", "opposed", "NOR"),
        # a nominal trigger in a phrase of a verb of the same kind: the same people
        ("Angry Chilean workers rioted after a peaceful rally in Santiago.", "rally", "CHL"),
        # a nominal trigger compounded onto the object of a light verb
        ("Norway began a mediation drive in the region.", "mediation", "NOR"),
    ],
)
def test_actors_roles_nominal_and_stative_triggers_find_their_actor(pipeline, text, trigger, code) -> None:  # noqa: ANN001
    assert code in _codes(_event(_doc(pipeline, text), trigger).actor)


def test_actors_roles_victims_do_not_act_the_event_they_died_from(pipeline) -> None:  # noqa: ANN001
    doc = _doc(pipeline, "Two students died from gunfire at a rally in the Peruvian city of Puno.")
    assert not [a for a in _event(doc, "gunfire").actor if a.text.endswith("students")]


def test_actors_roles_subject_of_a_verb_parsed_as_a_noun_modifier(pipeline) -> None:  # noqa: ANN001
    # the parser reads "Volunteers ... donated" as a noun phrase with a participle
    text = "Volunteers from a Dutch charity donated and delivered blankets to a camp near Mosul."
    assert _codes(_event(_doc(pipeline, text), "donated").actor) == {"NLD"}


@pytest.mark.parametrize(("title", "expected"), [("Minister", True), ("Judge", True), ("Mount", False)])
def test_actors_roles_titled_name_is_a_person_whatever_its_entity(res, title, expected) -> None:  # noqa: ANN001
    from spacy.tokens import Doc

    from palmyra.events.coder import _is_titled_name

    doc = Doc(
        res.nlp.vocab, words=[title, "Novak", "agreed"], pos=["PROPN", "PROPN", "VERB"], heads=[1, 2, 2],
        deps=["compound", "nsubj", "ROOT"], ents=["O", "B-GPE", "O"],
    )
    assert _is_titled_name(doc[1], res.actors) is expected


@pytest.mark.parametrize(
    ("text", "trigger", "code", "sector"),
    [
        # the pronoun takes the whole phrase of its antecedent, not the last demonym in it
        ("Bosnian Croats said on Friday they would withdraw from the valley.", "withdraw", "BIH", "GOV"),
        ("Ethnic Albanians said on Monday they would block the highway to Skopje.", "block", "ALB", "CVL"),
    ],
)
def test_actors_roles_pronoun_resolves_the_antecedent_phrase(pipeline, text, trigger, code, sector) -> None:  # noqa: ANN001
    assert [(a.code, a.sector) for a in _event(_doc(pipeline, text), trigger).actor] == [(code, sector)]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Russia and Iran said they would send more troops to Syria.", {"RUS", "IRN"}),
        ("Czech and Slovak officials said they would meet in Vienna.", {"CZE", "SVK"}),
    ],
)
def test_actors_roles_plural_pronoun_stands_for_every_coordinated_actor(pipeline, text, codes) -> None:  # noqa: ANN001
    doc = _doc(pipeline, text)
    pronoun_events = [e for e in doc.events if any(s.text == "they" for s in e.actor_spans)]
    assert pronoun_events
    assert _codes(pronoun_events[0].actor) == codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Two policemen were killed by a roadside bomb near the Afghan city of Kandahar.", "AFG"),
        ("A landmine blast killed three shepherds in the Iraqi province of Diyala.", "IRQ"),
        ("Two customs officers were killed in a roadside blast in the Afghan province of Helmand.", "AFG"),
    ],
)
def test_actors_roles_explosive_device_is_an_unidentified_armed_actor(pipeline, text, code) -> None:  # noqa: ANN001
    doc = _doc(pipeline, text)
    assert (code, "UAF") in {(a.code, a.sector) for e in doc.events for a in e.actor}
    assert not any("Helmand" in s.text or "Kandahar" in s.text for e in doc.events for s in e.actor_spans)


def test_actors_roles_inmates_get_the_country_of_their_sentence(pipeline) -> None:  # noqa: ANN001
    event = _event(_doc(pipeline, "Hundreds of inmates rioted in a prison outside Haiti's capital."), "rioted")
    assert [(a.code, a.sector) for a in event.actor] == [("HTI", "CVL")]


@pytest.mark.parametrize(
    ("text", "trigger", "recipient"),
    [
        ("Brazil demanded that Paraguay release the detained fishermen.", "demanded", "PRY"),
        ("Farmers renewed their demand that the Kenyan government cut fuel taxes.", "demand", "KEN"),
    ],
)
def test_actors_roles_demand_is_addressed_to_the_subject_of_its_clause(pipeline, text, trigger, recipient) -> None:  # noqa: ANN001
    assert recipient in _codes(_event(_doc(pipeline, text), trigger).recipient)


def test_actors_roles_a_count_before_a_demonym_keeps_its_country(pipeline) -> None:  # noqa: ANN001
    event = _event(_doc(pipeline, "Greek police detained more than 40 Afghans on Lesbos."), "detained")
    assert _codes(event.recipient) == {"AFG"}


@pytest.mark.parametrize(
    ("text", "trigger", "code", "sector"),
    [
        ("President Mubarak criticised Libya on Sunday.", "criticised", "EGY", "GOV"),
        ("Desmond Tutu praised the peace deal in Burundi.", "praised", "ZAF", "REL"),
    ],
)
def test_actors_roles_known_leader_gets_country_and_sector(pipeline, text, trigger, code, sector) -> None:  # noqa: ANN001
    event = _event(_doc(pipeline, text), trigger)
    assert [(a.code, a.sector) for a in event.actor] == [(code, sector)]


def test_actors_roles_pronoun_after_a_leader_is_the_leader(pipeline) -> None:  # noqa: ANN001
    doc = _doc(pipeline, "Putin said he would not send troops to Syria.")
    assert {"RUS"} <= {a.code for e in doc.events for a in e.actor}


def test_actors_roles_possessed_place_noun_acts_through_its_owner(pipeline) -> None:  # noqa: ANN001
    text = "Czech and Slovak ministers agreed on Monday that their countries should cooperate to stop smuggling."
    assert _codes(_event(_doc(pipeline, text), "cooperate").actor) == {"CZE", "SVK"}


def test_actors_roles_subject_of_a_copula_acts_the_verb_after_its_adjective(pipeline) -> None:  # noqa: ANN001
    doc = _doc(pipeline, "Both the Colombian army and the FARC rebels are guilty of violating the truce.")
    assert _codes(_event(doc, "violating").actor) == {"COL"}


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("The Second Asian Water Forum urged the US to allocate more money to fight drought.", "urged"),
        ("Members of the Association of Andean Lawyers investigated the welfare of 300 detainees.", "investigated"),
    ],
)
def test_actors_roles_unknown_body_named_as_forum_or_association_is_an_ngo(pipeline, text, trigger) -> None:  # noqa: ANN001
    assert _codes(_event(_doc(pipeline, text), trigger).actor) == {"NGO"}


@pytest.mark.parametrize(
    ("text", "trigger", "actor", "recipient"),
    [
        ("A Canadian tourist was arrested in Egypt for spying.", "arrested", "EGY", "CAN"),
        ("Two journalists were kidnapped in Iraq on Monday.", "kidnapped", None, None),  # no state act
    ],
)
def test_actors_roles_state_act_without_agent_is_done_by_the_state_where_it_happened(
    pipeline, text, trigger, actor, recipient  # noqa: ANN001
) -> None:
    event = _event(_doc(pipeline, text), trigger)
    assert _codes(event.actor) == ({actor} if actor else set())
    if recipient:
        assert recipient in _codes(event.recipient)


def test_actors_roles_subject_of_a_partaking_verb_acts_the_event_it_partakes_in(pipeline) -> None:  # noqa: ANN001
    doc = _doc(pipeline, "Croatian forces were engaged in ethnic cleansing in Bosnia against the Serb population.")
    assert _codes(_event(doc, "ethnic cleansing").actor) == {"HRV"}


def test_actors_roles_name_with_an_organisation_title_is_that_organisation(pipeline) -> None:  # noqa: ANN001
    doc = _doc(pipeline, "Maria Lopez, the United Nations Refugee Coordinator, urged Chad to open its border.")
    event = _event(doc, "urged")
    assert _codes(event.actor) == {"IGO"}
    assert event.actor_spans[0].text.endswith("Coordinator")


def test_actors_roles_object_of_urged_does_what_it_is_urged_to(pipeline) -> None:  # noqa: ANN001
    doc = _doc(pipeline, "Maria Lopez, the United Nations Refugee Coordinator, urged Chad to open its border.")
    assert _codes(_event(doc, "open").actor) == {"TCD"}


def test_actors_roles_bracketed_acronym_stays_out_of_the_span(pipeline) -> None:  # noqa: ANN001
    doc = _doc(pipeline, "President Liamine Zeroual said he was ready to lift the ban on the Islamic Salvation Front (FIS).")
    spans = [s.text for e in doc.events for s in e.recipient_spans]
    assert not any("(" in s for s in spans)


@pytest.mark.parametrize(
    ("text", "trigger", "actor_code"),
    [
        # a titled person is not of the country of the foreign leader they deal with
        ("President Jean Dumont welcomed Kenyan leader Daniel Otieno on Friday.", "welcomed", None),
        # ... but people acted on still tell where the unnamed actor is from
        ("Police arrested Ugandan opposition candidates in the capital on Monday.", "arrested", "UGA"),
        ("Village elders demanded that the Nigerian interior ministry be reformed.", "demanded", "NGA"),
    ],
)
def test_actors_roles_demonym_of_a_counterpart_gives_a_home_only_to_groups(pipeline, text, trigger, actor_code) -> None:  # noqa: ANN001
    event = _event(_doc(pipeline, text), trigger)
    assert {a.code for a in event.actor} == {actor_code}


@pytest.mark.parametrize(
    ("text", "trigger", "code"),
    [
        # the accused, blamed or thanked party does the act of the gerund
        ("Syria accused Turkey of sending fighters into Idlib.", "sending", "TUR"),
        ("Iraq thanked Iran for sending aid to the flooded south.", "sending", "IRN"),
    ],
)
def test_actors_roles_gerund_of_an_imputing_verb_is_done_by_its_object(pipeline, text, trigger, code) -> None:  # noqa: ANN001
    assert _codes(_event(_doc(pipeline, text), trigger).actor) == {code}


def test_actors_roles_a_mediator_is_not_from_the_sides_it_mediates_between(pipeline) -> None:  # noqa: ANN001
    doc = _doc(pipeline, "Sheikh Hamad launched a mediation effort on Saturday between the Emirates and Saudi Arabia.")
    assert _codes(_event(doc, "mediation").actor) == set()


def test_actors_roles_religious_hardliners_are_an_actor_with_a_home(pipeline) -> None:  # noqa: ANN001
    doc = _doc(pipeline, "Islamic fundamentalists began a hunger strike to demand the resignation of the Algerian president.")
    (actor,) = _event(doc, "hunger strike").actor
    assert (actor.code, actor.sector) == ("DZA", "REL")


def test_actors_roles_pronoun_of_an_uncoded_subject_keeps_its_sector(pipeline) -> None:  # noqa: ANN001
    doc = _doc(pipeline, "The army said it had captured the hilltop village on Monday.")
    (actor,) = _event(doc, "captured").actor
    assert (actor.text, actor.code, actor.sector) == ("it", None, "MIL")
