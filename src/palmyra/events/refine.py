"""Final touches on coded events once actors, places and dates are known:
the ACLED sub-type that depends on who acted and on what else happened in the
same episode, contexts, and a confidence that ranks events sensibly (a
headline air strike above a background mention).

An *episode* is a sentence and its neighbours: ACLED codes one event per
protest or battle, so a demonstration "dispersed with tear gas" is one
protest with intervention, not a protest plus an assault.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import Actor, ArticleDoc, Event
from ..resources import Resources

FACTUALITY_WEIGHT = {
    "asserted": 1.0,
    "claimed": 0.8,
    "historical": 0.6,
    "future": 0.45,
    "hypothetical": 0.4,
    "negated": 0.35,
}
STATE_SECTORS = frozenset(("MIL", "GOV", "COP", "SPY"))
ARMED_SECTORS = frozenset(("MIL", "COP", "SPY", "REB", "UAF"))
CIVILIAN_SECTORS = frozenset(("CVL", "JRN", "MED", "REF", "EDU"))
NON_STATE_CODES = frozenset(("IMG", "IGO", "NGO", "UNO", "MNC", "REB", "UAF"))
# ACLED inter codes (Actor.kind): 5 rioters, 6 protesters.
RIOTER_KIND, PROTESTER_KIND = 5, 6
CROWD_KINDS = frozenset((RIOTER_KIND, PROTESTER_KIND))
REAL = frozenset(("asserted", "claimed", "historical"))
# What a crowd voices at its demonstration (CAMEO 10-12 told by protesters).
CROWD_VOICE_EVENTS = frozenset(("ACCUSE", "REQUEST", "REJECT", "SUPPORT", "THREATEN"))
SLOGAN_CARRIERS = frozenset(("sign", "banner", "placard", "poster", "slogan", "chant", "flag", "t-shirt"))

PEACEFUL = "Peaceful protest"
INTERVENTION = "Protest with intervention"
EXCESSIVE = "Excessive force against protesters"
VIOLENT_DEMO = "Violent demonstration"
MOB = "Mob violence"
# ACLED: excessive force is lethal force on *peaceful* protesters; once the crowd itself is
# violent the event is a violent demonstration whatever the response.
PROTEST_RANK = {PEACEFUL: 0, INTERVENTION: 1, EXCESSIVE: 2, VIOLENT_DEMO: 3}
# Generic attack concepts whose ACLED sub-type follows the opponent: armed -> Armed clash,
# civilian -> Attack (ACLED codebook: Battles need two organised armed sides).
OPPONENT_CONCEPTS = frozenset(("assault.generic", "assault.firearms", "assault.kill"))
# Lethal or injuring force: used on a crowd, it is excessive force against protesters.
LETHAL_CONCEPTS = frozenset(("assault.kill", "assault.firearms", "assault.massacre", "assault.beat", "assault.generic", "assault.primitive"))
# PLOVER/CAMEO code a stated intention as its own event: a promise to cooperate is AGREE
# (CAMEO 03), a stated intention to use force, sanctions or protest (a strike, a boycott) is THREATEN (CAMEO 13).
INTENT_FACTUALITY = frozenset(("future",))
COOPERATIVE_EVENTS = frozenset(("AID", "COOPERATE", "SUPPORT", "CONCEDE", "RETREAT", "CONSULT"))
VERBAL_SUPPORT = frozenset(("SUPPORT",))
CONFLICT_EVENTS = frozenset(("ASSAULT", "COERCE", "SANCTION", "PROTEST"))
INTENT_CONCEPTS = {
    "cooperate": "agree.generic",
    "conflict": "threaten.generic",
    "refuse": "reject.generic",
    "demand": "request.demand",
    "posture": "mobilize.show_of_force",
}
# Verbs of getting ready: forces preparing to attack exhibit a force posture (CAMEO 15), an act
# of their own, where "is prepared to use force" (an adjective) states an intention (13).
PREPARING_VERBS = frozenset(("prepare", "gear"))
POSTURE_EVENTS = frozenset(("ASSAULT",))
ASPECT_VERBS = frozenset(("resume", "begin", "start", "continue", "renew"))
# Adjectives that offer the event they govern: a stated intention (CAMEO 03 / 13).
READY_WORDS = frozenset(("ready", "willing", "prepared", "eager"))
OFFER_VERBS = frozenset(("offer", "pledge", "promise", "vow", "volunteer"))
# Modal auxiliaries that make an event something demanded of its actor (CAMEO 10).
DEMAND_MODALS = frozenset(("must", "should"))
# Verbs that only carry a noun trigger ("hold talks", "host a meeting"): their modal is the noun's.
CARRIER_VERBS = frozenset(
    "hold host launch stage conduct carry mount make give provide impose offer organise organize resume open sign".split()
)
# Verbs whose complement is an act already decided: CAMEO codes the act ("decided to lift
# sanctions" is 081 ease sanctions), not a statement of intent (03).
DECISION_VERBS = frozenset(("decide",))
# Verbs that make public a measure the speaker takes ("announced it would cut aid"): the
# measure itself, CAMEO 16 reduce relations, not a threat (13).
ANNOUNCING_VERBS = frozenset(("announce", "declare"))
ANNOUNCED_EVENTS = frozenset(("SANCTION",))
INTENT_WEIGHT = 0.8
# Cooperative acts that, named in a deployment's purpose clause, are what the deployment is.
PURPOSE_EVENTS = frozenset(("AID", "COOPERATE", "ACCUSE"))  # ACCUSE: "sent experts to investigate" (CAMEO 09)
PURPOSE_DEPS = frozenset(("xcomp", "advcl"))
MAIN_CLAUSE_BONUS = 0.05
# How far a demonstration ranks above the force used on it (the dedup stage may still
# raise a part a little when it folds the toll into it).
EPISODE_MARGIN = 0.05
# How far an event told inside another's clause ranks below it (the dedup stage may raise
# it a little when it folds the toll told with it).
GOVERNED_MARGIN = 0.05
# A trigger inside a relative clause ("activists who were arrested last year", "weapons
# seized during the raid") describes the people or things of the reported event, not it.
BACKGROUND_PENALTY = 0.15
BACKGROUND_DEPS = frozenset(("relcl", "acl"))
# A noun trigger in a time adjunct of another verb ("after the fighting") sets the scene for it.
SETTING_PREPS = frozenset(("after", "following", "before", "since"))
SETTING_PENALTY = 0.1
# A time or reason clause ("as police cracked down", "after rebels attacked") ranks a little
# below the main clause it qualifies.
SUBORDINATING_MARKS = frozenset(("as", "while", "when", "after", "before", "since", "because", "until", "once"))
SUBORDINATE_PENALTY = 0.05
# Conditions set on another act ("will meet him if he gives them a veto over any deal
# reached in talks"): what is asked for, not what happened.
CONDITION_MARKS = frozenset(("if", "unless"))
CONDITION_PENALTY = 0.1
# Nouns that impute a part in an act to someone: "role in", "involvement in".
ROLE_NOUNS = frozenset(("role", "involvement", "part", "participation", "complicity", "hand"))
# Verbal acts whose object is told as their topic, not as the sentence's own happening.
VERBAL_GOVERNORS = frozenset(("ACCUSE", "REJECT", "SUPPORT", "REQUEST", "THREATEN", "SANCTION"))
# Outcome and generic attack concepts: a specific attack told beside them ranks first.
GENERIC_CONCEPTS = frozenset(("assault.generic", "assault.kill", "assault.firearms"))
SPECIFIC_EVENT_TYPES = frozenset(("Explosions/Remote violence",))
SPECIFIC_SUB_TYPES = frozenset(("Abduction/forced disappearance", "Sexual violence"))
# ACLED Agreement covers peace talks between conflict actors: negotiations told, in their
# sentence, as being about a war, a dispute or a truce count as such talks.
TALKS_CONCEPTS = frozenset(("consult.negotiate", "consult.mediate", "consult.meet"))
CONFLICT_TOPIC_LEMMAS = frozenset(("dispute", "disputed", "war", "conflict", "ceasefire", "truce", "peace", "fighting", "hostility"))
AGREEMENT = {"event_type": "Strategic developments", "sub_event_type": "Agreement"}
# ACLED: when territory changes hands in a battle, the event is the change of territory.
TERRITORY_CONCEPT = "coerce.seize_territory"
TERRITORY_SUB_TYPES = frozenset(("Government regains territory", "Non-state actor overtakes territory"))
ARMED_CLASH = "Armed clash"
# Verbs whose complement is only tried ("attempted to block the road"): the crowd's act
# did not happen, so it does not make the demonstration destructive.
ATTEMPT_VERBS = frozenset(("attempt", "try"))


class EventRefiner:
    """Choose the actor- and episode-dependent ACLED sub-type and score each event's confidence.

    reads: event.concept, event.actor, event.recipient, event.factuality, event.location,
           event.date_precision, the other events of the article (episodes)
    writes: event.acled, event.context, event.confidence
    """

    reads = ("doc.events", "event.actor", "event.recipient", "event.factuality")
    writes = ("event.acled", "event.context", "event.confidence")

    def __init__(self, res: Resources) -> None:
        self.res = res
        self._victims: dict[int, list[Actor]] = {}

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        first_lines = _first_sentence_ends(doc)
        for event in doc.events:
            modal = _modal(doc, event)
            if modal == "will" and event.event in ANNOUNCED_EVENTS and event.factuality != "hypothetical" and _announced(doc, event):
                modal = "decided"
            self._intent(event, modal)
        for event in doc.events:
            self._purpose(doc, event)
        self._victims = {id(event): _sentence_victims(event, doc.events) for event in doc.events}
        for event in doc.events:
            concept = self.res.ontology[event.concept]
            event.acled = self._acled(concept, event, self._victims[id(event)])
            if event.acled is None and _conflict_talks(doc, event):
                event.acled = dict(AGREEMENT)
            if event.concept.startswith("protest.") and _sub(event) == VIOLENT_DEMO and _attempted(doc, event):
                event.acled = {"event_type": "Protests", "sub_event_type": PEACEFUL}
            event.context = self._context(concept, event)
            background = _is_background(doc, event)
            if background:
                event.notes["background"] = _background_dep(doc, event)
            event.confidence = self._confidence(event, first_lines, _is_main_clause(doc, event), background=background)
            if _is_subordinate(doc, event):
                event.notes["subordinate"] = True
                event.confidence = round(max(0.01, event.confidence - SUBORDINATE_PENALTY), 3)
            if _is_imputed_part(doc, event):
                event.notes["imputed"] = True
                event.confidence = round(max(0.01, event.confidence - BACKGROUND_PENALTY), 3)
            if _is_condition(doc, event):
                event.notes["condition"] = True
                event.confidence = round(max(0.01, event.confidence - CONDITION_PENALTY), 3)
            if _is_time_setting(doc, event):
                event.notes["setting"] = True
                event.confidence = round(max(0.01, event.confidence - SETTING_PENALTY), 3)
        for event in sorted(doc.events, key=lambda e: _depth(doc, e)):
            self._below_governor(doc, event)
        sentences = _sentence_starts(doc)
        episodes = [_episode(event, doc.events, sentences) for event in doc.events]
        for event in doc.events:
            self._rank_in_sentence(event, doc.events)
        for event, episode in zip(doc.events, episodes):
            self._territory_episode(event, episode)
            self._crowd_violence(event, episode)
        for event, episode in zip(doc.events, episodes):
            _territory_over_battle(event, episode)
        for event, episode in zip(doc.events, episodes):
            self._protest_episode(event, episode, doc)
        return doc

    # -- intentions -----------------------------------------------------------

    def _intent(self, event: Event, modal: str | None = None) -> None:
        """A promised, announced, demanded or refused event becomes the statement PLOVER codes:
        "will provide aid" -> AGREE, "will impose sanctions" -> THREATEN,
        "will not release them" -> REJECT, "must disarm" -> REQUEST (CAMEO 10 demand)."""
        if modal == "decided":
            return
        if modal == "preparing":
            if event.event not in POSTURE_EVENTS:
                return
            key = INTENT_CONCEPTS["posture"]  # "the army prepared to resume shelling the hills"
            if key in self.res.ontology:
                self._recode(event, key)
            return
        if modal == "must" and event.event in COOPERATIVE_EVENTS | CONFLICT_EVENTS | {"AGREE", "MOBILIZE"}:
            key = INTENT_CONCEPTS["demand"]  # "the army must withdraw", "they must release him"
        elif modal == "will not" and event.event in COOPERATIVE_EVENTS | {"AGREE"}:
            key = INTENT_CONCEPTS["refuse"]  # "will not release them unless ..."
        elif event.factuality == "negated" and event.event in COOPERATIVE_EVENTS | {"AGREE"}:
            key = INTENT_CONCEPTS["refuse"]  # "will not lift the ban", "refused to release"
        elif event.factuality not in INTENT_FACTUALITY and modal != "ready" and not _conditional_intent(event, modal):
            return
        elif modal == "ready" and event.event in VERBAL_SUPPORT:
            return  # "willing to forgive him": the forgiving is voiced by saying so (CAMEO 05)
        elif event.event in COOPERATIVE_EVENTS or (modal == "ready" and event.event == "MOBILIZE"):
            key = INTENT_CONCEPTS["cooperate"]  # "offered to send troops": a promise of help
        elif event.event in CONFLICT_EVENTS:
            key = INTENT_CONCEPTS["conflict"]
        else:
            return
        if key not in self.res.ontology:
            return
        self._recode(event, key)

    def _recode(self, event: Event, key: str) -> None:
        """Give the event the concept ``key`` (a stated intention, demand or posture) and keep the one it had."""
        concept = self.res.ontology[key]
        event.notes["intent_of"] = event.concept
        event.concept, event.event, event.mode = concept.key, concept.event, concept.mode
        event.cameo, event.quad = concept.cameo, concept.quad

    def _purpose(self, doc: ArticleDoc, event: Event) -> None:
        """Troops deployed or sent *to* deliver aid or to train another army are that help
        (CAMEO 07 provide aid, 06 material cooperation), not a mobilization (CAMEO 15):
        the deployment takes the code of the cooperative act its purpose clause names."""
        deployed = event.event == "MOBILIZE" or (event.concept == "aid.peacekeeping" and event.notes.get("pos") == "VERB")
        if not deployed or doc.nlp_doc is None or event.trigger_i < 0:
            return
        for other in doc.events:
            if other is event or other.event not in PURPOSE_EVENTS or other.trigger_i < 0:
                continue
            if other.event == "ACCUSE" and other.concept != "accuse.investigate":
                continue
            if not _serves(doc.nlp_doc[other.trigger_i], event.trigger_i):
                continue
            concept = self.res.ontology[other.concept]
            event.notes["purpose"] = other.concept
            event.concept, event.event, event.mode = concept.key, concept.event, concept.mode
            event.cameo, event.quad = concept.cameo, concept.quad
            return

    # -- ACLED sub-type ------------------------------------------------------

    @staticmethod
    def _acled(concept, event: Event, victims: Sequence[Actor] = ()) -> dict[str, str] | None:  # noqa: ANN001
        """The concept's ACLED type, with the state variant and the opponent rule: an attack
        on civilians only is Violence against civilians/Attack; on civilian property with
        nobody hurt, Looting/property destruction. An attack told with no target
        of its own takes the victims told beside it in its sentence ("opened fire on a bus,
        killing four women"), unless both sides fought ("clashed")."""
        acled = concept.acled
        if acled is None:
            return None
        if concept.acled_state_sub_event_type and any(_is_state(actor) for actor in event.actor):
            return {"event_type": acled["event_type"], "sub_event_type": concept.acled_state_sub_event_type}
        recipients = event.recipient
        if not recipients and event.notes.get("roles") != "mutual":
            recipients = list(victims)
        if concept.key in OPPONENT_CONCEPTS and not recipients and event.notes.get("target") == "property":
            return {"event_type": "Strategic developments", "sub_event_type": "Looting/property destruction"}
        if concept.key in OPPONENT_CONCEPTS and event.notes.get("target") == "armed" and not _all_civilian(event.actor):
            return {"event_type": "Battles", "sub_event_type": "Armed clash"}  # "attacked a police post"
        if concept.key in OPPONENT_CONCEPTS and recipients:
            if all(_is_civilian(actor) for actor in recipients):
                return {"event_type": "Violence against civilians", "sub_event_type": "Attack"}
            if any(actor.sector in ARMED_SECTORS for actor in recipients) and not _all_civilian(event.actor):
                return {"event_type": "Battles", "sub_event_type": "Armed clash"}
        return dict(acled)

    @staticmethod
    def _context(concept, event: Event) -> list[str]:  # noqa: ANN001
        context = list(concept.contexts)
        sectors = {actor.sector for actor in event.actor + event.recipient}
        if "MIL" in sectors and event.quad == 4 and "military" not in context:
            context.append("military")
        if any(actor.code == "IMG" for actor in event.actor + event.recipient) and "terrorism" not in context:
            context.append("terrorism")
        return context

    # -- episodes ------------------------------------------------------------

    def _protest_episode(self, event: Event, episode: Sequence[Event], doc: ArticleDoc | None = None) -> None:
        """A demonstration's sub-type from what happened around it (ACLED protest and riot rules).

        Force used on the crowd that kills or wounds: excessive force; the crowd itself
        fighting, throwing or burning: violent demonstration; tear gas, dispersal or
        arrests: protest with intervention; otherwise peaceful.
        """
        if not _is_protest(event):
            return
        real = [e for e in episode if e.factuality in REAL]
        level = PROTEST_RANK.get((event.acled or {}).get("sub_event_type", ""), 0)
        for other in real:
            if other is event:
                continue
            level = max(level, self._protest_level(other))
        if event.concept == "assault.crowd_control":
            level = max(level, PROTEST_RANK[INTERVENTION])
        sub = next(name for name, rank in PROTEST_RANK.items() if rank == level)
        event_type = "Riots" if sub == VIOLENT_DEMO else "Protests"
        event.acled = {"event_type": event_type, "sub_event_type": sub}
        if sub == EXCESSIVE:  # the lethal force on the crowd is that same ACLED event
            for other in real:
                if other is not event and other.event == "ASSAULT" and self._protest_level(other) == PROTEST_RANK[EXCESSIVE]:
                    other.acled = dict(event.acled)
        # The demonstration is the episode's event in ACLED's eyes: rank it above its parts
        # and above what the crowd says ("held up signs condemning ...", "demanding the release").
        # Another demonstration of the episode is no part of this one: the two keep their own ranks.
        parts = [
            e.confidence
            for e in real
            if e is not event and not e.concept.startswith("protest.") and (self._protest_level(e) >= 0 or _crowd_voice(e, doc))
        ]
        if parts and event.factuality in REAL:
            event.confidence = round(min(0.99, max(event.confidence, max(parts) + EPISODE_MARGIN)), 3)

    @staticmethod
    def _crowd_violence(event: Event, episode: Sequence[Event]) -> None:
        """Violence by a crowd (rioters, a mob, protesters): a violent demonstration when it
        comes with a demonstration or is aimed at the police, else mob violence (ACLED Riots)."""
        if event.event not in ("ASSAULT", "COERCE") or event.concept in ("coerce.arrest", "assault.crowd_control"):
            return
        if event.concept.startswith(("coerce.seize_territory", "coerce.seize_weapons")):
            return
        if not event.actor or not any(a.kind in CROWD_KINDS for a in event.actor):
            return
        if any(a.sector in STATE_SECTORS for a in event.actor):
            return
        demo = any(e is not event and _is_protest(e) and e.factuality in REAL for e in episode)
        at_police = any(a.sector in STATE_SECTORS for a in event.recipient)
        sub = VIOLENT_DEMO if demo or at_police else MOB
        event.acled = {"event_type": "Riots", "sub_event_type": sub}

    def _protest_level(self, other: Event) -> int:
        """How an event next to a demonstration changes its sub-type (-1: it does not)."""
        sub = (other.acled or {}).get("sub_event_type")
        if sub in PROTEST_RANK and other.concept.startswith("protest."):
            return PROTEST_RANK[sub]
        if other.concept in ("assault.crowd_control", "assault.repression") and other.notes.get("violent"):
            return PROTEST_RANK[EXCESSIVE]  # "violently suppressed the protest", "a brutal crackdown"
        if other.concept == "assault.crowd_control":
            if any(a.kind in CROWD_KINDS for a in other.recipient) and _injures(other):
                return PROTEST_RANK[EXCESSIVE]
            return PROTEST_RANK[INTERVENTION]
        if other.concept == "coerce.arrest":
            return PROTEST_RANK[INTERVENTION]
        if other.event in ("ASSAULT", "COERCE") and other.concept != "coerce.arrest":
            if any(a.kind in CROWD_KINDS for a in other.actor):
                return PROTEST_RANK[VIOLENT_DEMO]
            hit = other.recipient or self._victims.get(id(other), [])
            crowd_hit = any(a.kind in CROWD_KINDS for a in hit)
            if crowd_hit and other.notes.get("roles") == "mutual":
                return PROTEST_RANK[VIOLENT_DEMO]  # "clashed with protesters": both sides fought
            if other.concept in LETHAL_CONCEPTS and crowd_hit:
                return PROTEST_RANK[EXCESSIVE]
            if other.concept in ("assault.destroy", "coerce.loot"):
                return PROTEST_RANK[VIOLENT_DEMO]
        return -1

    @staticmethod
    def _territory_episode(event: Event, episode: Sequence[Event]) -> None:
        """Territory taken after the other side withdrew, or a withdrawal whose ground was
        handed over, taken or entered "without fighting", with no fighting told: a
        non-violent transfer of territory (ACLED Strategic developments)."""
        if event.concept not in ("coerce.seize_territory", "retreat.withdraw"):
            return
        real = [e for e in episode if e is not event and e.factuality in REAL]
        # "the coalition tasked with fighting IS withdrew": fighting that describes someone is no battle here
        fought = any(
            e.event == "ASSAULT" and e.concept not in ("assault.destroy",) and e.notes.get("background") != "acl" for e in real
        )
        if fought:
            return
        if event.concept == "coerce.seize_territory":
            changed = any(e.concept in ("retreat.withdraw", "retreat.handover") for e in real)
        else:  # a pull-out whose ground another side took or was handed, or "without fighting"
            changed = any(e.concept in ("retreat.handover", "coerce.seize_territory") for e in real) or any(
                e.event == "ASSAULT" and e.factuality == "negated" for e in episode
            )
        if changed:
            event.acled = {"event_type": "Strategic developments", "sub_event_type": "Non-violent transfer of territory"}

    @staticmethod
    def _below_governor(doc: ArticleDoc, event: Event) -> None:
        """An event told inside another event's clause is not the reported happening:
        the topic of a verbal act ("condemned the attack", "blamed the army for the
        shelling", "vetoed an inquiry"; CAMEO codes the governing verb), or a relative
        clause describing who or what the event acts on ("freed an activist who was
        arrested last year", "returned the trucks seized in the raid")."""
        if doc.nlp_doc is None or event.trigger_i < 0:
            return
        token = doc.nlp_doc[event.trigger_i]
        path: dict[int, bool] = {}  # ancestor index -> reached through a relative clause
        described = token.dep_ in BACKGROUND_DEPS
        for node in token.ancestors:
            path[node.i] = described
            described = described or node.dep_ in BACKGROUND_DEPS
            if node.dep_ in ("advcl", "ROOT"):  # "vowed a probe after six were killed": its own clause
                break
        for other in doc.events:
            if other is event or other.trigger_i not in path:
                continue
            if other.factuality not in REAL and "intent_of" not in other.notes:
                continue
            verbal = other.event in VERBAL_GOVERNORS and (
                other.notes.get("pos") in ("VERB", "AUX") or other.event in ("REQUEST", "THREATEN", "ACCUSE")
            )  # "an ultimatum for a ceasefire", "calls for a truce"
            if verbal and _welcomes_agreement(other, event):
                other.acled = dict(event.acled or AGREEMENT)
            if (verbal or path[other.trigger_i]) and other.confidence - GOVERNED_MARGIN < event.confidence:
                event.confidence = round(max(0.01, other.confidence - GOVERNED_MARGIN), 3)
                return

    @staticmethod
    def _rank_in_sentence(event: Event, events: Sequence[Event]) -> None:
        """Within a sentence, "killed"/"attacked" is the outcome of the specific attack
        told beside it ("a suicide bomber blew himself up, killing six"): rank the
        specific one first."""
        if event.concept not in GENERIC_CONCEPTS:
            return
        for other in events:
            sub = other.acled or {}
            if (
                other is not event
                and other.sent_start == event.sent_start
                and other.event == "ASSAULT"
                and (sub.get("event_type") in SPECIFIC_EVENT_TYPES or sub.get("sub_event_type") in SPECIFIC_SUB_TYPES)
                and other.factuality in REAL
                and other.confidence <= event.confidence
            ):
                other.confidence = round(min(0.99, event.confidence + 0.01), 3)

    # -- confidence ----------------------------------------------------------

    @staticmethod
    def _confidence(event: Event, first_lines: int, main_clause: bool = False, *, background: bool = False) -> float:
        """Trigger prior, raised by what the event is anchored to, scaled by factuality.

        An actorless gerund in a background sentence must rank below a headline
        air strike with a known actor, place and day.
        """
        score = 0.7 * float(event.notes.get("weight", event.confidence))
        if any(actor.code or actor.name for actor in event.actor):
            score += 0.1
        if event.recipient:
            score += 0.04
        if event.location is not None and event.location.lat is not None:
            score += 0.04
        if event.date_precision in ("day", "week", "month"):
            score += 0.03
        if event.notes.get("pos") == "VERB":
            score += 0.03
        if event.quad == 4:
            score += 0.03
        if event.sent_start < first_lines:
            score += 0.05
        if main_clause:
            score += MAIN_CLAUSE_BONUS
        if background:
            score -= BACKGROUND_PENALTY
        if "intent_of" in event.notes or (event.event == "REQUEST" and event.event_text.lower() in DEMAND_MODALS):
            score *= INTENT_WEIGHT  # "must ensure security": the demand is what is asserted
        else:
            score *= FACTUALITY_WEIGHT.get(event.factuality, 0.5)
        return round(max(0.01, min(score, 0.99)), 3)


def _conditional_intent(event: Event, modal: str | None) -> bool:
    """"Will boycott the vote unless ...", "may suspend aid if ...": a promise or threat made on a condition."""
    return modal in ("will", "may") and event.factuality == "hypothetical"


def _crowd_voice(event: Event, doc: ArticleDoc | None = None) -> bool:
    """A verbal act of protesters or rioters, or written on their banners: the slogans and
    demands of a demonstration ("held up signs condemning police violence")."""
    if event.event not in CROWD_VOICE_EVENTS:
        return False
    if any(actor.kind in CROWD_KINDS for actor in event.actor):
        return True
    if doc is None or doc.nlp_doc is None or event.trigger_i < 0:
        return False
    token = doc.nlp_doc[event.trigger_i]
    return token.dep_ == "acl" and token.head.lemma_.lower() in SLOGAN_CARRIERS


def _territory_over_battle(event: Event, episode: Sequence[Event]) -> None:
    """A town taken in or after a battle ("took control of two villages during clashes",
    "retook the base after fierce fighting"): ACLED codes the change of territory, not the
    armed clash that led to it, so the taking ranks above the clash told beside it."""
    if event.concept != TERRITORY_CONCEPT or _sub(event) not in TERRITORY_SUB_TYPES or event.factuality not in REAL:
        return
    clashes = [
        other.confidence
        for other in episode
        if other is not event and _sub(other) == ARMED_CLASH and other.factuality in REAL and other.concept in OPPONENT_CONCEPTS
    ]
    if clashes and max(clashes) + EPISODE_MARGIN > event.confidence:
        event.confidence = round(min(0.99, max(clashes) + EPISODE_MARGIN), 3)


def _is_main_clause(doc: ArticleDoc, event: Event) -> bool:
    """The trigger is the sentence's main verb (or its object noun, or a verb
    coordinated with it): what the sentence is about, not a background clause."""
    if doc.nlp_doc is None or event.trigger_i < 0:
        return False
    token = doc.nlp_doc[event.trigger_i]
    if token.dep_ == "ROOT":
        return True
    if token.dep_ in ("conj", "xcomp", "dobj") and token.head.dep_ == "ROOT":
        return True
    return False


def _modal(doc: ArticleDoc, event: Event) -> str | None:
    """"must" when the trigger verb is demanded ("must withdraw"), "will not" when it is
    refused ("will not release"), "ready" when it is offered ("ready to send troops"),
    "decided" when it was decided ("decided to lift sanctions"), else None."""
    if doc.nlp_doc is None or event.trigger_i < 0:
        return None
    token = doc.nlp_doc[event.trigger_i]
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("dobj", "obj") and token.head.lemma_.lower() in CARRIER_VERBS:
        token = token.head  # "ready to host a meeting", "must hold talks": the verb that carries the noun
    if token.pos_ not in ("VERB", "AUX"):
        return None
    ready = token
    while ready.dep_ == "xcomp" and ready.head.lemma_.lower() in ASPECT_VERBS:
        ready = ready.head  # "prepared to resume shelling"
    if ready.dep_ == "xcomp" and _prepares(ready.head):
        return "preparing"  # "troops prepared to storm the town", "were preparing to attack"
    if token.pos_ in ("VERB", "AUX") and ready is not token:
        token = ready  # "will resume shelling": the modal of the aspect verb is the act's
    if token.dep_ == "xcomp" and (token.head.lower_ in READY_WORDS or token.head.lemma_.lower() in OFFER_VERBS):
        copula = token.head.head if token.head.dep_ == "acomp" else token.head
        if any(c.dep_ == "aux" and c.lower_ in DEMAND_MODALS for c in copula.children):
            return "must"  # "the US must be ready to mediate": asked of the US
        return "ready"  # "is ready to contribute troops", "willing to withdraw"
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in DECISION_VERBS and not any(c.dep_ == "neg" for c in token.head.children):
        return "decided"  # "decided to ease sanctions": the decision is the act itself
    clause = token.head if token.dep_ == "conj" and token.head.pos_ in ("VERB", "AUX") else token
    auxes = {child.lower_ for child in (*token.children, *clause.children) if child.dep_ == "aux"}
    negated = any(child.dep_ == "neg" for child in token.children)
    if auxes & DEMAND_MODALS and not negated:
        return "must"
    if negated and auxes & {"will", "would", "wo"}:
        return "will not"
    if auxes & {"will", "would", "'ll"} and "have" not in auxes:
        return "will"  # "will boycott the vote unless ...": a conditional promise or threat
    if auxes & {"may", "might", "could"} and "have" not in auxes and not negated:
        return "may"  # "may halt its mediation if ...": a conditional threat
    return None


def _prepares(verb) -> bool:  # noqa: ANN001
    """The verb tells forces getting ready ("prepared to", "were preparing to"), not a
    readiness stated with "be" ("is prepared to")."""
    if verb.lemma_.lower() not in PREPARING_VERBS or verb.pos_ != "VERB" or verb.dep_ == "acomp":
        return False
    return verb.tag_ in ("VBG", "VBD") or (verb.tag_ == "VBN" and not any(c.dep_ == "auxpass" or c.lemma_ == "be" for c in verb.children))


def _announced(doc: ArticleDoc, event: Event) -> bool:
    """The trigger's clause is what an announcement makes public ("announced it would
    suspend aid", "declared that it will expel the envoys")."""
    token = doc.nlp_doc[event.trigger_i]
    clause = token.head if token.dep_ == "conj" and token.head.pos_ in ("VERB", "AUX") else token
    return clause.dep_ == "ccomp" and clause.head.lemma_.lower() in ANNOUNCING_VERBS


def _serves(token, verb_i: int) -> bool:  # noqa: ANN001
    """Whether ``token`` lies in a purpose clause of the verb at ``verb_i`` ("arrived to help
    deliver aid", "deployed to train soldiers")."""
    for node in (token, *token.ancestors):
        if node.dep_ in PURPOSE_DEPS and node.head.i == verb_i:
            return True
        if node.dep_ not in PURPOSE_DEPS:
            return False
    return False


def _depth(doc: ArticleDoc, event: Event) -> int:
    """How deep the trigger sits in its parse tree (governors are ranked first)."""
    if doc.nlp_doc is None or event.trigger_i < 0:
        return 0
    return sum(1 for _ in doc.nlp_doc[event.trigger_i].ancestors)


def _sentence_victims(event: Event, events: Sequence[Event]) -> list[Actor]:
    """Who the other real attacks of the event's sentence hit: the toll told beside an
    attack that names no target ("gunmen opened fire, killing four women")."""
    if event.event != "ASSAULT":
        return []
    victims = []
    for other in events:
        if other is not event and other.sent_start == event.sent_start and other.event == "ASSAULT" and other.factuality in REAL:
            victims.extend(other.recipient)
    return victims


def _is_imputed_part(doc: ArticleDoc, event: Event) -> bool:
    """A noun trigger named as someone's part in it ("her role in the rioting", "its
    involvement in killings", "his alleged part in atrocities"): what an accusation, a ban
    or an arrest is about, not the sentence's own happening."""
    if doc.nlp_doc is None or event.trigger_i < 0:
        return False
    token = doc.nlp_doc[event.trigger_i]
    if token.pos_ not in ("NOUN", "PROPN", "VERB") or token.dep_ not in ("pobj", "pcomp"):
        return False
    prep = token.head
    return prep.lower_ == "in" and prep.head.lemma_.lower() in ROLE_NOUNS


def _is_subordinate(doc: ArticleDoc, event: Event) -> bool:
    """The trigger's clause is a time or reason clause of another verb ("eased the curfew as
    police cracked down on ...", "withdrew after rebels shelled the base")."""
    if doc.nlp_doc is None or event.trigger_i < 0:
        return False
    token = doc.nlp_doc[event.trigger_i]
    for node in (token, *token.ancestors):
        if node.dep_ == "advcl" and node.pos_ in ("VERB", "AUX"):
            return any(c.dep_ == "mark" and c.lower_ in SUBORDINATING_MARKS for c in node.children)
        if node.dep_ in ("ROOT", "relcl", "acl", "ccomp"):
            return False
    return False


def _is_condition(doc: ArticleDoc, event: Event) -> bool:
    """The trigger sits in an "if"/"unless" clause of another verb, at any depth."""
    if doc.nlp_doc is None or event.trigger_i < 0:
        return False
    token = doc.nlp_doc[event.trigger_i]
    for node in (token, *token.ancestors):
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in node.children):
            return True
        if node.dep_ in ("ROOT", "ccomp"):
            return False
    return False


def _is_time_setting(doc: ArticleDoc, event: Event) -> bool:
    """A noun trigger that only dates the clause's own event ("agreed to a truce after two
    days of fighting", "set fire to offices following the killing of a settler")."""
    if doc.nlp_doc is None or event.trigger_i < 0:
        return False
    token = doc.nlp_doc[event.trigger_i]
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.dep_ == "pobj":
        token = token.head.head  # "after two days of fighting"
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ in SETTING_PREPS and prep.head.pos_ in ("VERB", "AUX")


def _background_dep(doc: ArticleDoc, event: Event) -> str | None:
    """The relation of the describing clause the trigger sits in: "relcl" (a relative clause,
    "towns that were captured") or "acl" (a participle, "the coalition tasked with fighting IS")."""
    token = doc.nlp_doc[event.trigger_i]
    for node in (token, *token.ancestors):
        if node.dep_ in BACKGROUND_DEPS and node.pos_ in ("VERB", "AUX"):
            return node.dep_
    return None


def _is_background(doc: ArticleDoc, event: Event) -> bool:
    """The trigger sits in a clause that describes a noun ("the activist who was jailed",
    "arms seized last week"): background to the sentence's own event."""
    if doc.nlp_doc is None or event.trigger_i < 0:
        return False
    token = doc.nlp_doc[event.trigger_i]
    for node in (token, *token.ancestors):
        if node.dep_ in BACKGROUND_DEPS and node.pos_ in ("VERB", "AUX"):
            return True
    return False


def _is_state(actor: Actor) -> bool:
    """State forces: a state sector with a country code, or with no code at all
    ("government forces", "the army"); never an armed group, IGO or company."""
    if actor.sector not in STATE_SECTORS:
        return False
    if actor.kind is not None and actor.kind != 1:
        return False
    if actor.code is None:
        return True
    return len(actor.code) == 3 and actor.code not in NON_STATE_CODES


def _sub(event: Event) -> str | None:
    return (event.acled or {}).get("sub_event_type")


def _attempted(doc: ArticleDoc, event: Event) -> bool:
    """The trigger is the complement of "attempt"/"try": an act tried, not done."""
    if doc.nlp_doc is None or event.trigger_i < 0:
        return False
    token = doc.nlp_doc[event.trigger_i]
    return token.dep_ == "xcomp" and token.head.lemma_.lower() in ATTEMPT_VERBS


def _welcomes_agreement(governor: Event, topic: Event) -> bool:
    """Support voiced for a ceasefire or peace deal ("welcomed the truce") reports that
    agreement: ACLED records the agreement, CAMEO the support."""
    sub = (topic.acled or {}).get("sub_event_type")
    return governor.event == "SUPPORT" and governor.acled is None and sub == AGREEMENT["sub_event_type"]


def _conflict_talks(doc: ArticleDoc, event: Event) -> bool:
    """Talks or mediation whose sentence names a war, dispute or truce as their topic."""
    if event.concept not in TALKS_CONCEPTS or doc.nlp_doc is None:
        return False
    span = doc.nlp_doc.char_span(event.sent_start, event.sent_end, alignment_mode="expand")
    return span is not None and any(tok.lemma_.lower() in CONFLICT_TOPIC_LEMMAS for tok in span)


def _is_civilian(actor: Actor) -> bool:
    return actor.sector in CIVILIAN_SECTORS or actor.kind == 7


def _all_civilian(actors: Iterable[Actor]) -> bool:
    actors = list(actors)
    return bool(actors) and all(_is_civilian(a) for a in actors)


def _is_protest(event: Event) -> bool:
    sub = (event.acled or {}).get("sub_event_type")
    return event.concept.startswith("protest.") and sub in PROTEST_RANK or event.concept == "assault.crowd_control"


def _injures(event: Event) -> bool:
    """Crowd control that kills or wounds (live fire): the record's counts tell."""
    return bool(event.size.dead or event.size.injured)


def _sentence_starts(doc: ArticleDoc) -> list[int]:
    if doc.nlp_doc is None:
        return sorted({e.sent_start for e in doc.events})
    return [sent.start_char for sent in doc.nlp_doc.sents]


def _episode(event: Event, events: Sequence[Event], starts: Sequence[int]) -> list[Event]:
    """The events of ``event``'s sentence and of the sentences just before and after it."""
    try:
        k = starts.index(event.sent_start)
    except ValueError:
        return [e for e in events if e.sent_start == event.sent_start]
    near = set(starts[max(0, k - 1) : k + 2])
    return [e for e in events if e.sent_start in near]


def _first_sentence_ends(doc: ArticleDoc) -> int:
    """End offset of the headline and lead sentence: where the main event is usually told."""
    if doc.nlp_doc is None:
        return 0
    ends = [sent.end_char for sent in doc.nlp_doc.sents][:2]
    return ends[-1] if ends else 0
