"""Event coding: trigger words -> PLOVER/CAMEO/ACLED events with actor and recipient spans.

The lexicon (data/triggers.tsv, data/nouns.tsv) says which lemmas can trigger
which ontology concept and under which object class; the dependency parse says
who acts and who is acted on. Every code comes from data/ontology.csv.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from ..model import ArticleDoc, Event, Span
from ..resources import Resources

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
OBJECTS = ("dobj", "obj")
# Verbs that carry a nominal trigger: "launched air raids", "carried out an attack".
LIGHT_VERBS = frozenset(
    "launch carry conduct stage mount order begin start step continue make unleash wage "
    "resume intensify escalate lead hold undertake execute perform engage".split()
)
# Prepositions that introduce what a nominal trigger acts on.
TARGET_PREPS = frozenset(("on", "against", "of", "at", "upon", "targeting", "into"))
# Words of ownership: "weapons seized by IS", "arms taken by the group".
OWNING_VERBS = frozenset("seize take capture hold own use abandon leave store possess loot steal".split())
# Light head nouns whose "of" complement says what is really meant: "control of the town".
LIGHT_OBJECTS = frozenset(
    "control part parts most rest much half outskirts remainder total cache caches stockpile stockpiles "
    "amount amounts quantity quantities haul consignment batch number lot "
    "dozen dozens hundred hundreds thousand thousands score scores some many several all "
    "ton tons tonne tonnes worth shipment shipments load loads kg kilogram kilograms kilo kilos litre litres liter liters "
    "box boxes truckload truckloads package packages bag bags crate crates carton cartons mission wave".split()
)
# Weapons that, when instruments of an attack, outrank every other instrument in the
# sentence (ACLED: chemical weapon and suicide bomb take precedence over the delivery).
DOMINANT_INSTRUMENTS = frozenset(("assault.chemical", "assault.suicide"))
# Verbal triggers whose object noun names what is yielded, asked for or refused, not a
# second happening: "lifted the curfew", "called for sanctions", "refused the deal".
OBJECT_OWNING_EVENTS = frozenset(("CONCEDE", "RETREAT", "SANCTION", "REQUEST", "REJECT", "AGREE"))
# Truces and peace deals agreed to: the agreeing verb owns them and becomes a peace agreement.
PEACE_CONCEPTS = frozenset(("retreat.ceasefire", "agree.peace"))
PEACE_DEAL = "agree.peace"
# Signing a deal is PLOVER SUPPORT; signing a truce or peace deal is the agreement ACLED codes.
SIGN_CONCEPT = "support.sign"
DEMAND = "request.demand"
PEACEKEEPING_WORDS = frozenset(("peacekeeper", "peacekeepers", "peacekeeping", "blue helmets"))
PEACEKEEPING_CONCEPT = "aid.peacekeeping"
SHOW_OF_FORCE_CONCEPT = "mobilize.show_of_force"
CONSIDER_VERBS = frozenset(("consider", "mull", "weigh", "contemplate", "ponder"))
HOPE_VERBS = frozenset(("hope", "wish"))
CLAIM_VERBS = frozenset(("claim", "admit", "acknowledge"))
SELF_PRONOUNS = frozenset(("they", "it", "he", "she", "we", "i"))
# Particles of phrasal verbs that may stand after the object ("pushed the rebels out").
PARTICLES = frozenset(("out", "back", "off", "down", "up", "away", "over"))
# Prepositions of prepositional verbs that adverbs may split from their verb ("pushing hard for").
VERB_PREPOSITIONS = frozenset(("on", "for", "into"))
# Civilian property: an attack aimed at it with nobody hurt is ACLED property destruction.
PROPERTY_WORDS = frozenset(
    "property properties house home shop store business office building vehicle car warehouse farm crop".split()
)
VIOLENT_MANNER_WORDS = frozenset(("violent", "brutal", "excessive", "lethal", "deadly", "savage", "vicious", "bloody"))
JOINT_CONCEPT = "cooperate.military"
VERBAL_PROTEST = "accuse.disapprove"
COOPERATIVE_EVENTS = frozenset(("COOPERATE", "AID", "CONSULT", "RETREAT", "CONCEDE"))
# Verbs of exploding, and vehicles that explode as bombs ("a car exploded near the checkpoint").
BLAST_VERBS = frozenset(("explode", "blast"))
# Words of a toll: with no agent and a hazard told in the sentence, a disaster's toll.
TOLL_LEMMAS = frozenset(("injure", "injured", "wound", "wounded", "kill", "die", "hurt"))
VEHICLE_WORDS = frozenset("car vehicle truck lorry van bus motorbike motorcycle bicycle tanker minibus".split())
TRUCE_VIOLATION = "assault.violate_ceasefire"
# Who is expelled (agencies, envoys: CAMEO 166) or deported (civilians: CAMEO 174) when "forced out".
EXPEL_CONCEPT = "sanction.expel"
MISSION_WORDS = frozenset(("peacekeeper", "peacekeepers", "peacekeeping", "observer", "monitor", "inspector"))
DEPORT_CONCEPT = "coerce.deport"
EXPELLED_CODES = frozenset(("IGO", "NGO", "UNO"))
EXPELLED_SECTORS = frozenset(("GOV", "NGO", "IGO"))
DEPORTED_SECTORS = frozenset(("CVL", "REF", "JRN", "MED", "EDU", "LAB"))
# A strike as a stoppage of work: how it is described, what it is for, what is done to it, who strikes.
LABOUR_STRIKE = "protest.strike"
STRIKE_MODIFIERS = frozenset(
    "open-ended indefinite nationwide general national wildcat token warning day-long one-day 24-hour 48-hour 72-hour "
    "labour labor workers teachers doctors".split()
)
STRIKE_AIMS = frozenset("pay wage wages salary salaries condition conditions pension pensions bonus contract right rights".split())
STRIKE_VERBS = frozenset("call cancel end join postpone suspend stage hold announce extend observe".split())
WORKER_SECTORS = frozenset(("LAB", "EDU", "MED", "BUS"))
# Nouns that only frame an act named by their compound ("mediation mission", "rescue effort").
ACTIVITY_NOUNS = frozenset("mission effort bid process drive initiative attempt campaign".split())
# Sectors of people who can be deployed as a force (PLOVER/CAMEO sector codes).
ARMED_SECTORS = frozenset(("MIL", "COP", "SPY", "REB", "UAF"))
ACCUSING_VERBS = frozenset(("accuse", "blame", "allege", "suspect", "deny", "charge"))
SUICIDE_CONCEPT = "assault.suicide"
REFLEXIVES = frozenset(("himself", "herself", "themselves", "itself"))
JOINING_VERBS = frozenset(("participate", "join", "part"))
JOINT_WORDS = frozenset(("joint", "combined", "bilateral", "multinational", "trilateral"))
NAME_ENTITIES = frozenset(("ORG", "PERSON", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT", "FAC", "GPE", "NORP", "LOC"))


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A lexicon row matched at a place in the parse."""

    row: object  # palmyra.tables.triggers.Trigger
    head: object  # spacy Token: syntactic head of the trigger words
    tokens: tuple  # every token of the trigger words
    obj: object  # spacy Token or None: the object the row was checked against

    def recoded(self, concept: str, **changes: object) -> TriggerMatch:
        """The same match coded as another concept (and with any field changed: head, obj)."""
        return replace(self, row=_with_concept(self.row, concept), **changes)


class EventCoder:
    """Find event triggers in each sentence and code them.

    reads: doc.nlp_doc
    writes: doc.events (concept, event, mode, cameo, quad, acled, context, event_text,
            trigger offsets, trigger_i, sentence offsets, actor_spans, recipient_spans)
    """

    reads = ("doc.nlp_doc",)
    writes = (
        "doc.events",
        "event.concept",
        "event.event",
        "event.mode",
        "event.cameo",
        "event.acled",
        "event.trigger_i",
        "event.trigger_start",
        "event.trigger_end",
        "event.sent_start",
        "event.sent_end",
        "event.actor_spans",
        "event.recipient_spans",
    )

    def __init__(self, res: Resources, *, min_weight: float = 0.05) -> None:
        self.res = res
        self.min_weight = min_weight

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        nlp_doc = doc.nlp_doc
        events: list[Event] = []
        for sent in nlp_doc.sents:
            taken: set[int] = set()
            matches = []
            # Longer matches first: "sanctions were lifted" is one lift-sanctions event, not a
            # sanctions noun and a verb left without its object.
            for match in sorted(self._find(sent), key=lambda m: -len(m.tokens)):
                if taken.intersection(token.i for token in match.tokens):
                    continue
                taken.update(token.i for token in match.tokens)
                matches.append(match)
            matches.sort(key=lambda m: min(token.i for token in m.tokens))
            matches = [self._agreed_peace(m, matches) for m in matches]
            matches = [self._labour_strike(m) for m in matches]
            matches = [_verbal_protest(m, self.res.ontology) for m in matches]
            matches = [self._expelled(m) for m in matches]
            matches = [self._mission_withdrawn(m) for m in matches]
            matches = [self._violated_truce(m) for m in matches]
            matches = [d for d in (_demanded(m, matches) for m in matches) if d is not None]
            owned = _owned_objects(matches, self.res.ontology)
            matches = [
                m for m in matches if m.head.i not in owned and not self._is_statement_content(m) and not self._is_opinion(m) and not self._is_own_claim(m) and not _is_considered(m.head)
            ]
            events.extend(self._code(doc, sent, m) for m in matches)
        doc.events = events
        return doc

    def _is_statement(self, token) -> bool:  # noqa: ANN001
        return self.res.triggers.noun_class(_lemma(token)) == "statement" or self.res.triggers.noun_class(token.lower_) == "statement"

    def _agreed_peace(self, match: TriggerMatch, matches: list) -> TriggerMatch:
        """"Agreed to a ceasefire", "accepted the peace plan": the agreement between warring
        sides is the event (PLOVER AGREE, ACLED Agreement), and it owns the truce noun."""
        ontology = self.res.ontology
        agreeing = ontology[match.row.concept].event == "AGREE" or match.row.concept == SIGN_CONCEPT
        if not agreeing or match.head.pos_ not in ("VERB", "AUX") or PEACE_DEAL not in ontology:
            return match
        if match.obj is not None and self._names_peace(match.obj):  # "signed a peace deal": one row took both words
            return match.recoded(PEACE_DEAL)
        for other in matches:
            head = other.head
            governor = head.head.head if head.head.dep_ == "prep" else head.head
            if other is not match and governor.i == match.head.i and other.row.concept in PEACE_CONCEPTS:
                row = replace(match.row, concept=PEACE_DEAL, weight=max(match.row.weight, other.row.weight))
                return TriggerMatch(row=row, head=match.head, tokens=match.tokens, obj=head)  # as sure as the truce noun
        return match

    def _labour_strike(self, match: TriggerMatch) -> TriggerMatch:
        """"Strike" told as a stoppage of work is a labour strike (CAMEO 143), not an attack:
        "an open-ended strike", "a strike for better pay", "cancel the strike", "workers
        went on strike", "teachers struck for a second day"."""
        head = match.head
        if match.row.concept != "assault.generic" or _lemma(head) != "strike" or LABOUR_STRIKE not in self.res.ontology:
            return match
        if head.pos_ in ("NOUN", "PROPN"):
            modifiers = [c for c in head.children if c.dep_ in ("amod", "compound", "nummod", "npadvmod")]
            labour = any(_lemma(c) in STRIKE_MODIFIERS or _phrase(c) in STRIKE_MODIFIERS for c in modifiers)
            labour = labour or any(_lemma(p) in STRIKE_AIMS for p in _prep_objects(head, ("for", "over")))
            governor = head.head if head.dep_ in OBJECTS else None
            labour = labour or (governor is not None and _lemma(governor) in STRIKE_VERBS)
            people = [c for c in head.children if c.dep_ == "poss"]
            if governor is not None:
                people += [c for c in governor.children if c.dep_ in SUBJECTS]
        else:
            labour = any(_lemma(p) in STRIKE_AIMS for p in _prep_objects(head, ("for", "over")))
            people = [] if _child(head, OBJECTS) is not None else [c for c in head.children if c.dep_ in SUBJECTS]
        people = [_prep_object(p, ("of",)) or p if p.lower_ in LIGHT_OBJECTS else p for p in people]  # "thousands of teachers"
        labour = labour or any(self.res.actors.sector_for(_lemma(p)) in WORKER_SECTORS for p in people)
        if not labour:
            return match
        return match.recoded(LABOUR_STRIKE, head=head)

    def _expelled(self, match: TriggerMatch) -> TriggerMatch:
        """People, not fighters, forced or driven out: an agency, envoys or observers are
        expelled (CAMEO 166, PLOVER SANCTION), civilians deported or driven from their homes
        (CAMEO 174, COERCE); only armed foes driven out lose territory."""
        row = match.row
        if row.concept != "coerce.seize_territory" or len(row.lemmas) != 2 or row.lemmas[1] != "out":
            return match
        obj = _child(match.head, OBJECTS)
        if obj is None:
            return match
        text = "".join(t.text_with_ws for t in obj.subtree).strip()
        found = self.res.actors.match(text)
        code = found[0].code if found else None
        sector = self.res.actors.sector_for(text) or self.res.actors.sector_for(_lemma(obj))
        if code in EXPELLED_CODES or sector in EXPELLED_SECTORS:
            concept = EXPEL_CONCEPT
        elif sector in DEPORTED_SECTORS:
            concept = DEPORT_CONCEPT
        else:
            return match
        if concept not in self.res.ontology:
            return match
        return match.recoded(concept, obj=obj)

    def _mission_withdrawn(self, match: TriggerMatch) -> TriggerMatch:
        """Peacekeepers, observers or inspectors pulled out ("the observers were shipped out of
        the enclave", "pulled its monitors out") are a mission withdrawn (CAMEO 166, PLOVER
        SANCTION), not forces retreating from ground they held."""
        head = match.head
        if match.row.concept != "retreat.withdraw" or head.pos_ not in ("VERB", "AUX") or EXPEL_CONCEPT not in self.res.ontology:
            return match
        theme = _child(head, OBJECTS) or (_child(head, PASSIVE_SUBJECTS) if _is_passive(head) else None)
        if theme is None:
            return match
        words = {_lemma(theme), theme.lower_, *(_lemma(c) for c in theme.children if c.dep_ in ("compound", "amod"))}
        if not words & MISSION_WORDS:
            return match
        return match.recoded(EXPEL_CONCEPT, head=head, obj=theme)

    def _violated_truce(self, match: TriggerMatch) -> TriggerMatch:
        """"Violated the ceasefire agreement": a truce broken is CAMEO 196, not a law defied."""
        if match.row.concept != "reject.defy" or match.obj is None or TRUCE_VIOLATION not in self.res.ontology:
            return match
        if not self._names_peace(match.obj):
            return match
        return match.recoded(TRUCE_VIOLATION)

    def _names_peace(self, noun) -> bool:  # noqa: ANN001
        """The noun with a modifier before it is a truce or peace-deal trigger ("peace deal",
        "ceasefire agreement")."""
        for child in noun.children:
            if child.dep_ in ("compound", "amod") and child.i < noun.i:
                key = f"{_lemma(child)} {_lemma(noun)}"
                if any(row.concept in PEACE_CONCEPTS for row in self.res.triggers.rows_for(key)):
                    return True
                if any(row.concept in PEACE_CONCEPTS for row in self.res.triggers.rows_for(_lemma(child))):
                    return True
        return False

    def _is_opinion(self, match: TriggerMatch) -> bool:
        """Agreeing with a view is a statement (CAMEO 019 express accord), not a promise to
        cooperate: "agree with the panel that ...", "agreed with the recommendation";
        "agreed with Kiev on a truce" and "agreed to withdraw" stay AGREE."""
        head = match.head
        if match.row.concept != "agree.generic" or _lemma(head) != "agree" or head.pos_ not in ("VERB", "AUX"):
            return False
        deps = {child.dep_ for child in head.children}
        preps = {child.lower_ for child in head.children if child.dep_ == "prep"}
        if "ccomp" in deps:
            return not any(c.dep_ == "ccomp" and self._cooperative_verb(c) for c in head.children)
        return "with" in preps and not preps & {"on", "to", "upon", "over"} and not deps & {"xcomp", "dobj"}

    def _cooperative_verb(self, verb) -> bool:  # noqa: ANN001
        """The verb can trigger cooperation ("agreed that they should cooperate / meet / aid"):
        agreeing on it is a promise (CAMEO 03), not a shared opinion."""
        ontology = self.res.ontology
        events = {ontology[row.concept].event for row in self.res.triggers.rows_for(_lemma(verb)) if row.concept in ontology}
        return bool(events & COOPERATIVE_EVENTS)

    @staticmethod
    def _is_own_claim(match: TriggerMatch) -> bool:
        """An act the speaker claims as its own ("the rebels claimed that they had attacked
        the base by blowing up its gate", "the army admitted it shelled the village") is a claim of responsibility
        (CAMEO 015), a statement PLOVER does not code, like "claimed responsibility for"."""
        for token in (match.head, *match.head.ancestors):
            if token.dep_ == "ccomp" and _lemma(token.head) in CLAIM_VERBS:
                subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
                return subject is not None and subject.lower_ in SELF_PRONOUNS
            if token.dep_ == "ROOT":
                break
        return False

    def _is_statement_content(self, match: TriggerMatch) -> bool:
        """A trigger that is what a statement is about, not an event told as happening
        (CAMEO 01, which PLOVER does not code): "claimed responsibility for the attack",
        "condolences over the killings", "denied charges that it tortured", and a verb
        rejecting such a statement ("rejected the accusations", "declined to comment")."""
        head = match.head
        rejects = self.res.ontology[match.row.concept].event == "REJECT"
        if rejects and head.pos_ in ("VERB", "AUX") and any(
            child.dep_ in (*OBJECTS, "xcomp") and self._is_statement(child) for child in head.children
        ):
            return True
        for token in (head, *head.ancestors):
            if token.dep_ in ("prep", "acl", "relcl") and self._is_statement(token.head):
                return True
            if token.dep_ == "prep" and token.head.pos_ == "VERB" and self._voices_statement(token.head):
                return True  # "offered his condolences over the attack": the prep hangs on the verb
            if token.dep_ == "ROOT":
                break
        return False

    def _voices_statement(self, verb) -> bool:  # noqa: ANN001
        """The verb's direct object is a statement ("offered condolences", "sent a
        condolence message", "expressed concern")."""
        for obj in (c for c in verb.children if c.dep_ in OBJECTS):
            if self._is_statement(obj) or any(c.dep_ == "compound" and self._is_statement(c) for c in obj.children):
                return True
        return False

    # -- find -------------------------------------------------------------

    def _find(self, sent) -> Iterator[TriggerMatch]:  # noqa: ANN001
        triggers = self.res.triggers
        for token in sent:
            if token.is_punct or token.is_space or not token.is_alpha:
                continue
            rows = triggers.rows_for(token.lemma_.lower())
            if not rows and token.lower_ != token.lemma_.lower():
                rows = triggers.rows_for(token.lower_)
            for row in rows:
                if row.weight < self.min_weight:
                    continue
                match = self._match_row(row, token)
                if match is not None:
                    yield match
                    break

    def _match_row(self, row, token) -> TriggerMatch | None:  # noqa: ANN001
        doc = token.doc
        n = len(row.lemmas)
        if token.i + n > len(doc):
            return None
        tokens = tuple(doc[token.i + k] for k in range(n))
        if any(_lemma(t) != lemma and t.lower_ != lemma for t, lemma in zip(tokens[1:], row.lemmas[1:])):
            tokens = _verb_object_tokens(token, row)
            if tokens is None:
                return None
            return self._verb_object_match(row, tokens)
        inside = {t.i for t in tokens}
        head = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[-1])
        if not _pos_ok(row.pos, head):
            return None
        if _is_name_part(head) or _is_modifier(head, self.res.triggers) or _is_people_word(head):
            return None
        if self._hazard_subject(head) or self._accidental_blast(head) or self._hazard_toll(row, head):
            return None
        obj = _object_of(head, row.roles)
        if not self._object_ok(row.object, obj):
            return None
        if self._unarmed_travel(row, head):
            return None
        return TriggerMatch(row=row, head=head, tokens=tokens, obj=obj)

    def _hazard_subject(self, verb) -> bool:  # noqa: ANN001
        """A natural hazard is the verb's subject ("floods hit the coast", "the quake struck
        the town"): a disaster, not a political event (no PLOVER or ACLED type)."""
        if verb.pos_ in ("NOUN", "PROPN"):  # "the explosion of the volcano", "the eruption of Etna"
            return any(
                self._noun_class(p) == "hazard" or self.res.triggers.noun_class(_lemma(p)) == "hazard"
                for p in _prep_objects(verb, ("of",))
            )
        if verb.pos_ != "VERB":
            return False
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        if not subjects and verb.dep_ in ("advcl", "conj"):  # "a tank exploded, injuring four"
            if verb.head.pos_ == "VERB" and self._accidental_blast(verb.head):
                return True
            inherited = _inherited_subject(verb)
            subjects = [inherited] if inherited is not None else []
        subjects += [c for s in subjects for c in s.conjuncts]
        return any(self._noun_class(s) == "hazard" or self._compound_class(s) == "hazard" for s in subjects)

    def _hazard_toll(self, row, verb) -> bool:  # noqa: ANN001
        """People hurt or dead with no one named as doing it, where the sentence tells a natural
        hazard or an accident ("scores were injured after downpours sent floods through the
        villages"): the toll of a disaster, not an attack."""
        if row.roles != "patient" and not (verb.pos_ == "VERB" and _is_passive(verb)):
            return False
        if _lemma(verb) not in TOLL_LEMMAS or any(c.dep_ == "agent" for c in verb.children):
            return False
        return any(self._noun_class(t) == "hazard" or self._compound_class(t) == "hazard" for t in verb.sent if t.pos_ in ("NOUN", "PROPN"))

    def _accidental_blast(self, verb) -> bool:  # noqa: ANN001
        """Something that is neither a weapon nor a vehicle "exploded" ("a tank at the gas plant
        exploded", "propane containers exploded"): an industrial accident, not a bombing."""
        if _lemma(verb) not in BLAST_VERBS or verb.pos_ != "VERB" or _child(verb, OBJECTS) is not None:
            return False
        subject = _child(verb, SUBJECTS)
        if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
            return False
        if self._is_weapon(subject) or _lemma(subject) in VEHICLE_WORDS or self._noun_class(subject) == "person":
            return False
        if _names_instrument(self.res.triggers, subject):
            return False
        return subject.ent_type_ not in ("PERSON", "NORP", "ORG", "GPE")

    def _compound_class(self, noun) -> str | None:  # noqa: ANN001
        """The noun-table class of a noun with the compound just before it ("gas tank")."""
        left = next((c for c in noun.children if c.dep_ == "compound" and c.i == noun.i - 1), None)
        return self.res.triggers.noun_class(f"{_lemma(left)} {_lemma(noun)}") if left is not None else None

    def _armed_post(self, noun) -> bool:  # noqa: ANN001
        """A post, base or position named after an armed force ("a police post", "army
        positions", "a military checkpoint"): attacking it is fighting that force."""
        if noun.pos_ not in ("NOUN", "PROPN") or self._noun_class(noun) == "person":
            return False
        for child in noun.children:
            if child.dep_ in ("compound", "amod", "poss") and child.i < noun.i:
                sectors = {self.res.actors.sector_for(child.text), self.res.actors.sector_for(_lemma(child))}
                if sectors & ARMED_SECTORS:
                    return True
        return False

    def _unarmed_travel(self, row, verb) -> bool:  # noqa: ANN001
        """A person, a delegation or civilians arrive somewhere ("the minister arrived in
        Amman", "refugees arrived at the border"): a trip, not a deployment of forces
        (CAMEO 15 needs troops, police or weapons)."""
        if not row.concept.startswith("mobilize.") or row.roles != "theme" or verb.pos_ != "VERB":
            return False
        if _child(verb, OBJECTS) is not None or _is_passive(verb):
            return False  # "deployed troops", "troops were sent": the subject sends, it does not travel
        subject = _child(verb, SUBJECTS)
        if subject is None:
            return False
        if subject.ent_type_ == "PERSON":
            return True
        sector = self.res.actors.sector_for(subject.text) or self.res.actors.sector_for(_lemma(subject))
        return sector is not None and sector not in ARMED_SECTORS

    def _verb_object_match(self, row, tokens: tuple) -> TriggerMatch | None:  # noqa: ANN001
        """A two-word verb row met as verb + its object with words between
        ("signed a trade agreement", "lifted the remaining sanctions")."""
        verb, obj = tokens
        if not _pos_ok("VERB", verb) or _is_modifier(verb, self.res.triggers):
            return None
        if row.object not in ("any", "thing") and not self._object_ok(row.object, obj):
            return None
        return TriggerMatch(row=row, head=verb, tokens=tokens, obj=obj)

    def _object_ok(self, wanted: str, obj) -> bool:  # noqa: ANN001
        if wanted == "any":
            return True
        if wanted == "none":
            return obj is None or _is_time(obj)  # "met on Monday": a day is no object
        if wanted == "some":
            return (
                obj is not None
                and not _is_time(obj)
                and obj.pos_ in ("NOUN", "PROPN", "PRON", "NUM")
                and self._noun_class(obj) not in ("place", "thing", "statement", "hazard")
            )
        if wanted == "weapon":
            return obj is not None and self._is_weapon(obj)
        if wanted == "person" and obj is not None and self._is_political_place(obj):
            return True  # "defended Iraq", "praised France": a country acts and is acted on
        return obj is not None and self._noun_class(obj) == wanted

    def _is_weapon(self, token) -> bool:  # noqa: ANN001
        """Arms, ammunition and explosives as things ("seized 12 rifles", "a cache of weapons")."""
        if token.lower_ in LIGHT_OBJECTS:
            inner = _prep_object(token, ("of",))
            if inner is not None:
                return self._is_weapon(inner)
        triggers = self.res.triggers
        for item in (token, *token.conjuncts):
            for key in (_lemma(item), item.lower_):
                if triggers.noun_class(key) in ("weapon", "instrument"):
                    return True
            for left in item.lefts:
                if left.dep_ in ("compound", "amod") and triggers.noun_class(f"{_lemma(left)} {_lemma(item)}") in ("weapon", "instrument"):
                    return True
        return False

    def _noun_class(self, token) -> str | None:  # noqa: ANN001
        """place | person | thing | None for a noun token, from entities and the noun table."""
        if token.lower_ in LIGHT_OBJECTS or token.pos_ == "NUM":  # "three of the hostages"
            inner = _prep_object(token, ("of",))
            if inner is not None:
                return self._noun_class(inner)
        if token.ent_type_ in ("GPE", "LOC", "FAC"):
            return "place"
        if _is_people_word(token):
            return "person"  # "the wounded"
        for child in token.children:
            # A misplaced head ("released a video showing militants"): a thing noun
            # compounded onto the word names what is really acted on.
            if child.dep_ == "compound" and child.i < token.i and self.res.triggers.noun_class(_lemma(child)) == "thing":
                return "thing"
        if token.ent_type_ in ("PERSON", "NORP", "ORG"):
            return "person"
        cls = self.res.triggers.noun_class(_lemma(token)) or self.res.triggers.noun_class(token.lower_)
        if cls in ("instrument", "weapon"):
            return "thing"
        if cls == "actor_role":
            return "person"
        if cls is None and token.pos_ == "PRON" and token.lower_ in ("them", "him", "her", "us", "they", "who"):
            return "person"
        return cls

    # -- code -------------------------------------------------------------

    def _code(self, doc: ArticleDoc, sent, match: TriggerMatch) -> Event:  # noqa: ANN001
        ontology = self.res.ontology
        concept = ontology[match.row.concept]
        head = match.head
        actor_tokens, recipient_tokens = self._roles(match)
        concept = self._refine_mode(concept, match, actor_tokens)
        concept = self._peacekeeping(concept, head)
        concept = self._joint(concept, head, actor_tokens)
        start = min(t.idx for t in match.tokens)
        end = max(t.idx + len(t.text) for t in match.tokens)
        event = Event(
            article_id=doc.id,
            concept=concept.key,
            event=concept.event,
            mode=concept.mode,
            cameo=concept.cameo,
            quad=concept.quad,
            acled=concept.acled,
            event_text=doc.text[start:end],
            trigger_start=start,
            trigger_end=end,
            sent_start=sent.start_char,
            sent_end=_strip_end(doc.text, sent.start_char, sent.end_char),
            trigger_i=head.i,
            context=list(concept.contexts),
            actor_spans=[_span(doc.text, t) for t in actor_tokens],
            recipient_spans=[_span(doc.text, t) for t in recipient_tokens],
            confidence=float(match.row.weight),
        )
        event.notes["pos"] = head.pos_
        event.notes["weight"] = float(match.row.weight)
        event.notes["roles"] = match.row.roles
        if _violent_manner(head):
            event.notes["violent"] = True
        if match.obj is not None and _lemma(match.obj) in PROPERTY_WORDS:
            event.notes["target"] = "property"
        elif match.obj is not None and self._armed_post(match.obj):
            event.notes["target"] = "armed"
        return event

    def _roles(self, match: TriggerMatch) -> tuple[list, list]:
        """Actor and recipient head tokens (with their conjuncts) for a trigger."""
        head = match.head
        roles = match.row.roles
        if head.pos_ in ("NOUN", "PROPN"):
            actors, recipients = self._noun_roles(head, roles)
        else:
            actors, recipients = self._verb_roles(head, roles)
        clause = head
        if clause.dep_ == "xcomp" and clause.head.pos_ == "ADJ" and clause.head.dep_ == "acomp":
            clause = clause.head.head  # "must be ready to mediate"
        if clause.dep_ in ("ccomp", "acl") and any(c.dep_ == "aux" and c.lower_ == "must" for c in clause.children):
            said = clause.head  # "said that ... must", "issued a reminder that ... must"
            if said.pos_ == "NOUN" and said.dep_ in OBJECTS:
                said = said.head
            speaker = _child(said, SUBJECTS) if said.pos_ == "VERB" else None
            if speaker is not None:  # "Russia said Sudan must return it": Russia demands of Sudan
                actors, recipients = [speaker], actors + recipients
        if not recipients and self.res.ontology[match.row.concept].event in ADDRESSED_EVENTS:
            addressee = _clause_subject(head)
            if addressee is not None and addressee not in actors:
                recipients = [addressee]  # "demanded that Paraguay release ...": asked of Paraguay
        if not actors and self.res.ontology[match.row.concept].mode in STATE_ACT_MODES and _is_passive(head):
            actors = [p for p in _prep_objects(head, ("in",)) if self._is_political_place(p)][:1]  # "arrested in Lebanon"
        recipients = self._people_behind(recipients)
        actors = [_possessor(t) if self._noun_class(t) == "place" else t for t in actors]  # "their countries"
        actors = [
            t for t in actors
            if self._noun_class(t) != "place" or self._names_actor(t) or _is_titled_name(t, self.res.actors)
        ]
        recipients = [t for t in recipients if t.i not in {a.i for a in actors}]
        return _with_conjuncts(actors), _with_conjuncts(recipients)

    def _verb_roles(self, verb, roles: str) -> tuple[list, list]:  # noqa: ANN001
        passive = _is_passive(verb)
        subject = _child(verb, PASSIVE_SUBJECTS if passive else SUBJECTS)
        if subject is not None and _is_relative_pronoun(subject) and verb.dep_ == "relcl":
            subject = verb.head  # "US forces who destroyed 14 tanks"
        fragment = _fragment_subject(verb) if subject is None else None
        if fragment is not None:
            subject = fragment  # "Volunteers from a charity donated ...", parsed as a noun phrase
        if subject is None:
            subject = _inherited_subject(verb)
            if subject is not None and _is_passive_participle(verb):
                passive = True
        if subject is None and verb.dep_ == "acl" and verb.tag_ == "VBG":
            owner = verb.head  # "rebels demanding ...": the people; "issued a statement demanding": its issuer
            if self._noun_class(owner) == "person":
                subject = owner
            elif self._noun_class(owner) in (None, "thing") and owner.dep_ in OBJECTS and owner.head.pos_ == "VERB":
                subject = _inherited_subject(owner.head)
        agent = _agent(verb)
        if passive and agent is None and _lemma(verb) in STATIVE_PARTICIPLES and subject is not None:
            passive = False  # "Norway is opposed to the plan": a state of its subject, no passive
        obj = _child(verb, OBJECTS)
        if obj is None and verb.dep_ == "acl" and _is_passive_participle(verb) and fragment is None:
            passive, subject = True, verb.head  # "weapons destroyed by the coalition"
        preps = (TARGET_PREPS - {"of", "into"}) | {"to"}
        if roles == "mutual":
            preps = preps | {"with"}
        targets = [t for t in _prep_objects(verb, preps) if not _is_time(t)]
        dative = _child(verb, ("dative",))
        if dative is not None and dative.pos_ in ("NOUN", "PROPN", "PRON"):
            targets.insert(0, dative)  # "gave Tanzania a grant": before the object
        if passive and agent is None:
            agent = _device(verb, self.res.actors)  # "killed in a roadside blast": an unknown bomber
        if roles == "theme":
            return ([subject] if subject is not None else []), targets
        if roles == "patient":
            return ([agent] if agent is not None else []), ([subject] if subject is not None else [])
        if passive:
            return ([agent] if agent is not None else []), ([subject] if subject is not None else []) + targets
        if dative is not None and targets and targets[0] is dative:
            return ([subject] if subject is not None else []), [dative] + ([obj] if obj is not None else []) + targets[1:]
        return ([subject] if subject is not None else []), ([obj] if obj is not None else []) + targets

    def _noun_roles(self, noun, roles: str = "agent") -> tuple[list, list]:  # noqa: ANN001
        actors = []
        agent = _agent(noun)
        if agent is not None:
            actors.append(agent)
        for child in noun.children:
            if child.dep_ == "poss":
                actors.append(child)
            elif child.dep_ in ("compound", "amod", "nmod") and child.i < noun.i:
                if child.ent_type_ in ("NORP", "GPE", "ORG") or self._noun_class(child) == "person":
                    actors.append(child)
        carried = noun
        if noun.dep_ == "compound" and noun.head.dep_ in OBJECTS and noun.head.pos_ == "NOUN":
            carried = noun.head  # "began a mediation drive": the drive carries the mediation
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ in OBJECTS:
            carried = noun.head.head  # "launched ten days of war games", "began a round of talks"
        rows = self.res.triggers.rows_for
        same_kind = carried.dep_ in OBJECTS and bool(  # "hosted a meeting", "held talks": one event
            {r.concept.split(".")[0] for r in rows(_lemma(noun))} & {r.concept.split(".")[0] for r in rows(_lemma(carried.head))}
        )
        if not actors and carried.dep_ in OBJECTS and (same_kind or self._carries(carried.head)):
            subject = _child(carried.head, SUBJECTS) or _inherited_subject(carried.head)
            if subject is not None:
                actors.append(subject)
        if not actors and noun.dep_ == "pobj" and noun.head.lower_ in ("in", "as"):
            governor = noun.head.head  # "staged a strike in protest", "held them as hostages": who did
            if governor.pos_ == "NOUN" and governor.dep_ in OBJECTS:
                governor = governor.head
            transitive = governor.pos_ == "VERB" and _child(governor, OBJECTS) is not None  # not "died in an attack"
            if governor.pos_ == "VERB" and _lemma(governor) in PARTAKING_VERBS:  # "were engaged in ethnic cleansing"
                subject = _child(governor, SUBJECTS + PASSIVE_SUBJECTS) or _inherited_subject(governor)
            else:
                subject = _inherited_subject(governor) if transitive else None
            if subject is not None:
                actors.append(subject)
        in_phrase = noun.dep_ == "pobj" or (noun.dep_ in OBJECTS and noun.head.dep_ == "prep")
        if not actors and in_phrase and noun.head.head.pos_ == "VERB":
            governor = noun.head.head  # "workers rioted after a rally": the same people
            kinds = {r.concept.split(".")[0] for r in rows(_lemma(noun))}
            doing = [r for r in rows(_lemma(governor)) if r.roles == "agent"]  # not "died from gunfire"
            if kinds & {r.concept.split(".")[0] for r in doing} and not _is_passive(governor):
                subject = _child(governor, SUBJECTS) or _inherited_subject(governor)
                if subject is not None:
                    actors.append(subject)
        talks = roles == "mutual" or any(r.concept.startswith("consult.") for r in self.res.triggers.rows_for(_lemma(noun)))
        if not actors and talks and noun.dep_ == "pobj":
            governor = noun.head.head  # "met in Geneva for talks", "failed despite hours of negotiations"
            for _ in range(3):
                if governor.pos_ in ("VERB", "AUX") or governor.dep_ != "pobj":
                    break
                governor = governor.head.head
            subject = _inherited_subject(governor) if governor.pos_ in ("VERB", "AUX") else None
            if subject is not None:
                actors.append(subject)
        preps = TARGET_PREPS | {"with", "between"} if roles == "mutual" else TARGET_PREPS
        recipients = [t for t in _prep_objects(noun, preps) if not _is_time(t)]
        return actors, recipients

    def _carries(self, verb) -> bool:  # noqa: ANN001
        """Whether the subject of ``verb`` is the actor of its nominal object: light verbs
        ("launched air raids") and any verb that is no trigger of its own ("renewed talks",
        "imposed a curfew"); not verbs that are events about it ("condemned the attack")."""
        if _lemma(verb) in LIGHT_VERBS or _lemma(verb) in ISSUING_VERBS:
            return True
        return verb.pos_ == "VERB" and not self.res.triggers.rows_for(_lemma(verb)) and _lemma(verb) not in WITNESS_VERBS

    def _names_actor(self, token) -> bool:  # noqa: ANN001
        """A place word that names a known actor as a whole entity ("the United States" for "States")."""
        if self._is_political_place(token):
            return True
        if token.ent_type_ != "GPE":
            return False
        return self.res.actors.match(_entity_text(token)) is not None

    def _people_behind(self, tokens: list) -> list:
        """Replace things and places by who owns or holds them; keep people."""
        out = []
        for token in tokens:
            cls = self._noun_class(token)
            if cls == "place" and not self._names_actor(token):
                continue
            if cls == "thing":
                owner = _owner(token)
                if owner is not None:
                    out.append(owner)
                continue
            if cls is None and token.pos_ == "NOUN" and token.ent_type_ not in NAME_ENTITIES:
                party = self._party_of(token)
                if party is not None:  # "sanctions on the Taliban", "an offer from Kabul"
                    out.append(party)
                    continue
            out.append(token)
        return out

    def _party_of(self, noun) -> object | None:  # noqa: ANN001
        """Who an abstract noun is given to, imposed on or comes from: the first person or
        actor-place of its "to/on/with/from/by/of/against" complement."""
        for pobj in _prep_objects(noun, PARTY_PREPS):
            if _is_time(pobj):
                continue
            cls = self._noun_class(pobj)
            if cls == "person" or (cls == "place" and self._names_actor(pobj)) or pobj.ent_type_ in ("ORG", "PERSON"):
                return pobj
        return None

    def _is_political_place(self, token) -> bool:  # noqa: ANN001
        """Countries and capitals act ("Russia was criticised", "Moscow insists"); towns do not."""
        return token.ent_type_ == "GPE" and self.res.actors.match(token.text) is not None

    def _refine_mode(self, concept, match: TriggerMatch, actor_tokens: list):  # noqa: ANN001, ANN202
        """An instrument near an ASSAULT trigger ("war planes", "shelling") sets its mode."""
        if concept.event != "ASSAULT":
            return concept
        triggers = self.res.triggers
        head = match.head
        dominant = self._dominant_instrument(concept, head)
        if dominant is not None:
            return dominant
        own = triggers.instrument_mode(" ".join(match.row.lemmas))
        if own is not None and own.concept:
            return concept
        candidates = list(match.tokens) + [t for a in actor_tokens for t in a.subtree]
        candidates += sorted(head.subtree, key=lambda t: abs(t.i - head.i))
        if head.dep_ in OBJECTS:  # "launched rockets", the verb is the context
            candidates += list(head.head.children)
        for token in candidates:
            if _is_anti(token):
                continue  # "anti-aircraft guns" are no aircraft
            entry = _compound_instrument(triggers, token) or triggers.instrument_mode(_lemma(token)) or triggers.instrument_mode(token.lower_)
            if entry is not None and entry.concept and entry.concept in self.res.ontology:
                if _instrument_overrides(concept, entry):
                    return self.res.ontology[entry.concept]
                return concept
        return concept


    def _peacekeeping(self, concept, head):  # noqa: ANN001, ANN202
        """Troops sent to or arriving for a peacekeeping mission provide protection (CAMEO 074,
        PLOVER AID), they do not mobilise against anyone."""
        if concept.key != "mobilize.troops" or PEACEKEEPING_CONCEPT not in self.res.ontology:
            return concept
        if any(_lemma(token) in PEACEKEEPING_WORDS or token.lower_ in PEACEKEEPING_WORDS for token in head.sent):
            return self.res.ontology[PEACEKEEPING_CONCEPT]
        return concept

    def _joint(self, concept, head, actor_tokens: list = ()):  # noqa: ANN001, ANN202
        """Exercises or drills held jointly ("joint war games", "drills with the Indian navy",
        "Ruritania and Freedonia staged war games") are military cooperation (CAMEO 062),
        not a show of force against anyone."""
        if concept.key != SHOW_OF_FORCE_CONCEPT or JOINT_CONCEPT not in self.res.ontology:
            return concept
        if len(actor_tokens) >= 2 or any(_coordinated_modifier(token) for token in actor_tokens):
            return self.res.ontology[JOINT_CONCEPT]  # "French and Egyptian warships held war games"
        governor = head.head.head if head.dep_ == "pobj" else head.head
        if _lemma(governor) in JOINING_VERBS:  # "took part in the drills", "joined the war games"
            return self.res.ontology[JOINT_CONCEPT]
        words = [head, *(head.head.children if head.dep_ in OBJECTS else ())]
        for token in words:
            for child in token.children:
                if _lemma(child) in JOINT_WORDS or (child.dep_ == "prep" and child.lower_ == "with"):
                    return self.res.ontology[JOINT_CONCEPT]
        return concept

    def _dominant_instrument(self, concept, head):  # noqa: ANN001, ANN202
        """A chemical agent or a suicide attacker anywhere in the trigger's sentence decides
        the mode of any attack there, whatever carried it ("an air raid with poison gas")."""
        if concept.key in DOMINANT_INSTRUMENTS or concept.mode in ("abduct", "sexual", "crowd-control"):
            return None
        triggers = self.res.triggers
        sent = list(head.sent)
        if concept.mode == "explosives" and SUICIDE_CONCEPT in self.res.ontology and _kills_self(sent):
            return self.res.ontology[SUICIDE_CONCEPT]  # "detonated explosives, killing themselves"
        head_line = {head.i, *(a.i for a in head.ancestors)}
        for k, token in enumerate(sent):
            if _in_accusation(token, head_line):
                continue  # "strikes on the group it accused of a chlorine attack"
            keys = [] if token.pos_ == "ADJ" else [_lemma(token), token.lower_]
            if k + 1 < len(sent):
                keys.insert(0, f"{_lemma(token)} {_lemma(sent[k + 1])}")
            for key in keys:
                entry = triggers.instrument_mode(key)
                if entry is not None and entry.concept in DOMINANT_INSTRUMENTS and entry.concept in self.res.ontology:
                    return self.res.ontology[entry.concept]
        return None


def _with_concept(row, concept: str):  # noqa: ANN001, ANN202
    """A copy of a lexicon row coding another concept."""
    return replace(row, concept=concept)


def _is_anti(token) -> bool:  # noqa: ANN001
    """The word is the second half of an "anti-" compound ("anti-aircraft", "anti-tank")."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "anti":
        return True
    return token.lower_.startswith("anti") and len(token.lower_) > 4


def _in_accusation(token, head_line: set) -> bool:  # noqa: ANN001
    """The word is inside what someone is accused of, blamed for or suspected of, and
    that accusation does not govern the trigger itself."""
    for ancestor in token.ancestors:
        if ancestor.i in head_line:
            return False
        if _lemma(ancestor) in ACCUSING_VERBS:
            return True
    return False


def _kills_self(sent) -> bool:  # noqa: ANN001
    """Someone in the sentence kills or blows up themselves."""
    return any(
        token.lower_ in REFLEXIVES and token.dep_ in OBJECTS and _lemma(token.head) in ("kill", "blow", "detonate")
        for token in sent
    )


def _compound_instrument(triggers, token):  # noqa: ANN001, ANN202
    """The instrument a two-word name makes with its compound ("Air Force", "war planes"),
    or an "anti-" name makes as a whole ("anti-aircraft guns" are heavy weapons, not small arms)."""
    doc = token.doc
    if token.i >= 3 and doc[token.i - 2].text == "-" and doc[token.i - 3].lower_ == "anti":
        entry = triggers.instrument_mode(f"anti - {doc[token.i - 1].lower_} {_lemma(token)}")
        if entry is not None:
            return entry
    for child in token.children:
        if child.dep_ == "compound" and child.i == token.i - 1:
            return triggers.instrument_mode(f"{_lemma(child)} {_lemma(token)}")
    return None


def _names_instrument(triggers, token) -> bool:  # noqa: ANN001
    """The noun (alone or with its compound) names an attack instrument ("bomb", "car bomb")."""
    if triggers.instrument_mode(_lemma(token)) is not None:
        return True
    return _compound_instrument(triggers, token) is not None


def _verbal_protest(match: TriggerMatch, ontology) -> TriggerMatch:  # noqa: ANN001
    """"Protested that ..." and a protest verb reporting a quoted complaint ("the authorities
    are failing refugees, a rights group protested") voice disapproval (CAMEO 111); they are
    no demonstration."""
    head = match.head
    if match.row.concept != "protest.demo" or _lemma(head) != "protest" or head.pos_ != "VERB" or VERBAL_PROTEST not in ontology:
        return match
    reports = any(c.dep_ == "ccomp" for c in head.children) or (
        head.dep_ in ("ccomp", "parataxis") and head.head.i < head.i and not any(c.dep_ in OBJECTS for c in head.children)
    )
    reports = reports or _closing_report(head)
    if not reports:
        return match
    return match.recoded(VERBAL_PROTEST, head=head)


def _closing_report(verb) -> bool:  # noqa: ANN001
    """The verb closes its sentence as the reporting clause of the complaint told before it
    (", a rights group protested on Monday"), with no object or place of its own; the parser
    may hang it on the noun before the comma."""
    if any(c.dep_ in (*OBJECTS, "ccomp", "xcomp") for c in verb.children):
        return False
    for prep in (c for c in verb.children if c.dep_ == "prep"):  # "protested outside parliament"; "on Monday" is a time
        pobj = _child(prep, ("pobj",))
        if pobj is None or not _is_time(pobj):
            return False
    if verb.i <= verb.sent.root.i or verb.dep_ not in ("acl", "ccomp", "parataxis", "conj"):
        return False
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    start = subject.left_edge.i if subject is not None else verb.head.left_edge.i if verb.dep_ == "acl" else verb.i
    after = [t for t in verb.doc[verb.right_edge.i + 1 : verb.sent.end] if not t.is_punct]
    return start > verb.sent.start and verb.doc[start - 1].text == "," and not after


def _coordinated_modifier(noun) -> bool:  # noqa: ANN001
    """The noun has coordinated national adjectives before it ("French and Egyptian warships"): two parties."""
    return any(
        c.dep_ == "amod" and c.is_title and any(g.dep_ == "conj" and g.pos_ in ("ADJ", "PROPN") and g.is_title for g in c.children)
        for c in noun.children
    )


def _is_considered(head) -> bool:  # noqa: ANN001
    """The trigger is an option weighed or hoped for ("is considering sending aid",
    "hopes for talks"): CAMEO 014 consider policy option, a statement PLOVER does not code."""
    child = head
    for token in head.ancestors:
        if token.pos_ in ("VERB", "AUX"):
            if _lemma(token) in HOPE_VERBS:
                return True  # "hoped that the insurers would ..." is an optimistic comment (CAMEO 013)
            return _lemma(token) in CONSIDER_VERBS and child.dep_ != "ccomp"
        child = token
    return False


def _violent_manner(head) -> bool:  # noqa: ANN001
    """The trigger is told as brutal ("violently dispersed", "a brutal crackdown",
    "excessive force"): with a crowd as target, ACLED's excessive force."""
    for child in head.children:
        if child.dep_ in ("advmod", "amod") and _lemma(child) in VIOLENT_MANNER_WORDS | {w + "ly" for w in VIOLENT_MANNER_WORDS}:
            return True
    return False


def _owned_objects(matches: list, ontology) -> set[int]:  # noqa: ANN001
    """Token indices of noun triggers that are the object of an object-owning verb trigger."""
    owners = {
        m.head.i
        for m in matches
        if m.head.pos_ in ("VERB", "AUX")
        and (ontology[m.row.concept].event in OBJECT_OWNING_EVENTS or m.row.concept in (PEACE_DEAL, TRUCE_VIOLATION))
    }
    owned = set()
    for m in matches:
        head = m.head
        if head.pos_ not in ("NOUN", "PROPN"):
            continue
        governor = head.head
        if head.dep_ == "compound" and governor.dep_ in OBJECTS:  # "violated the ceasefire agreement"
            governor = governor.head
        if governor.dep_ == "prep":  # "called for sanctions"
            governor = governor.head
        if governor.i in owners and governor.i != head.i:
            owned.add(head.i)
    return owned


def _verb_object_tokens(verb, row) -> tuple | None:  # noqa: ANN001
    """(verb, object) when a two-word verb row's second lemma is the head of the verb's
    object, active or passive ("signed an agreement", "sanctions were lifted",
    "released dozens of prisoners"), or (verb, particle) for a phrasal verb split by its
    object ("drove the militants out"); None otherwise."""
    if len(row.lemmas) != 2 or row.pos == "NOUN" or verb.pos_ not in ("VERB", "AUX"):
        return None
    if row.lemmas[1] in PARTICLES:  # "drove the militants out of the town", "handed the base over"
        return next(((verb, c) for c in verb.children if c.dep_ in ("prt", "prep", "advmod") and c.lower_ == row.lemmas[1]), None)
    if row.lemmas[1] in VERB_PREPOSITIONS:  # "called on Thursday on the rebels to ...", "pushing hard for talks"
        for child in verb.children:
            pobj = _child(child, ("pobj",)) if child.dep_ == "prep" and child.lower_ == row.lemmas[1] else None
            if pobj is not None and not _is_time(pobj):
                return (verb, child)
        return None
    obj = _child(verb, OBJECTS) or (_child(verb, PASSIVE_SUBJECTS) if _is_passive(verb) else None) or _clause_object(verb)
    if obj is None:
        return None
    if obj.lower_ in LIGHT_OBJECTS and obj.lower_ != row.lemmas[1]:  # "handed control of the camp back" keeps "control"
        obj = _prep_object(obj, ("of",)) or obj
    for item in (obj, *obj.conjuncts):  # "sent a medical team, equipment and drugs"
        if _lemma(item) == row.lemmas[1] or item.lower_ == row.lemmas[1]:
            return (verb, item)
    for child in obj.children:  # "withdrew its peacekeeping force": the compound says what
        named = _lemma(child) == row.lemmas[1] or child.lower_ == row.lemmas[1]
        if child.dep_ == "compound" and child.i == obj.i - 1 and named:
            return (verb, obj)
    return None


def _clause_object(verb) -> object | None:  # noqa: ANN001
    """The object the parser made the subject of a bare participle clause ("will not accept
    any refugees fleeing the violence": "refugees" subject of "fleeing")."""
    for clause in verb.children:
        if clause.dep_ != "ccomp" or clause.tag_ not in ("VBG", "VBN") or clause.i <= verb.i:
            continue
        if any(c.dep_ in ("mark", "aux", "auxpass") for c in clause.children):
            continue
        subject = _child(clause, SUBJECTS)
        if subject is not None and subject.i > verb.i:
            return subject
    return None


def _instrument_overrides(concept, entry) -> bool:  # noqa: ANN001
    """Instruments refine generic attacks; specific ones (abduct, sexual) keep their mode."""
    return concept.mode in (None, "", "destroy", "firearms", "primitive") or concept.key.endswith("generic")


def _is_time(token) -> bool:  # noqa: ANN001
    return token.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")


def _is_relative_pronoun(token) -> bool:  # noqa: ANN001
    return token.tag_ in ("WP", "WDT") or token.lower_ in ("that", "which", "who", "whom")


def _entity_text(token) -> str:  # noqa: ANN001
    """The text of the named entity a token is part of, read from the IOB tags around it
    (``Doc.ents`` would build every entity of the document)."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def _lemma(token) -> str:  # noqa: ANN001
    return token.lemma_.lower()


def _phrase(token) -> str:  # noqa: ANN001
    """The words of a token's subtree joined without spaces around hyphens ("open-ended")."""
    return "".join(t.text_with_ws for t in token.subtree).lower().replace(" - ", "-").strip()


def _demanded(match: TriggerMatch, matches: Sequence[TriggerMatch]) -> TriggerMatch | None:
    """A demand row met on a modal ("the authorities must ensure security", CAMEO 10) is
    told by the verb the modal governs; when that verb is an event of its own ("must
    withdraw"), the refine stage turns that event into the demand and the modal codes nothing."""
    head = match.head
    if match.row.concept != DEMAND or head.pos_ != "AUX" or head.dep_ != "aux" or head.head.pos_ not in ("VERB", "AUX"):
        return match
    verb = head.head
    if any(other is not match and other.head.i == verb.i for other in matches):
        return None
    return TriggerMatch(row=match.row, head=verb, tokens=match.tokens, obj=_object_of(verb, match.row.roles))


def _pos_ok(pos: str, token) -> bool:  # noqa: ANN001
    if pos == "ANY":
        return token.pos_ in ("VERB", "NOUN", "PROPN", "AUX", "ADJ")
    if pos == "VERB":
        return token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ == "ROOT")
    return token.pos_ in ("NOUN", "PROPN") or (token.pos_ == "VERB" and token.tag_ == "VBG" and token.dep_ in ("pobj", "dobj", "nsubj"))


def _is_people_word(token) -> bool:  # noqa: ANN001
    """A participle used as a noun for people ("evacuated the wounded", "the dead and the
    injured"): the people, not an event."""
    if token.tag_ not in ("VBN", "JJ") and token.pos_ != "ADJ":
        return False
    if token.dep_ not in ("dobj", "pobj", "nsubj", "nsubjpass", "conj"):
        return False
    children = list(token.children)
    return any(c.dep_ == "det" and c.lower_ == "the" for c in children) and not any(c.dep_ in ("dobj", "agent") for c in children)


def _is_name_part(token) -> bool:  # noqa: ANN001
    """Trigger words inside names ("Rapid Strike Force", "Protest Square") or dates ("last
    March", "on March 4") are not triggers."""
    if token.is_lower or token.ent_iob_ not in ("B", "I"):
        return False
    return token.ent_type_ in NAME_ENTITIES or token.ent_type_ in ("DATE", "TIME")


def _is_modifier(token, triggers) -> bool:  # noqa: ANN001
    """Participles used as adjectives ("a captured base") and noun modifiers ("attack helicopter")."""
    if token.dep_ == "amod":
        return True
    if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
        if _lemma(token.head) in ACTIVITY_NOUNS and token.pos_ == "NOUN":
            return False  # "a mediation mission", "a bombing campaign": the compound is the act
        return not triggers.rows_for(_lemma(token.head))
    return False


def _object_of(head, roles: str = "agent") -> object | None:  # noqa: ANN001
    """What a trigger acts on: its direct object, passive subject, "of/on/against" complement,
    or (for patient-role triggers such as "the town fell") its subject."""
    if head.pos_ in ("NOUN", "PROPN") or head.tag_ == "VBG" and head.dep_ in ("pobj", "dobj", "nsubj"):
        obj = _prep_object(head, ("of", "on", "against", "at", "upon"))
        if obj is not None or head.pos_ in ("NOUN", "PROPN"):
            return obj
    objects = [c for c in head.children if c.dep_ in OBJECTS]
    if objects:  # a fronted "that" misparsed as a second object yields to the real one
        return next((c for c in objects if c.i > head.i), objects[0])
    for clause in head.children:  # "found arms believed to belong to ...", parsed as a clause
        bare = not any(c.dep_ in ("mark", "aux", "auxpass") for c in clause.children)
        if clause.dep_ == "ccomp" and clause.tag_ in ("VBN", "VBD") and bare and clause.i > head.i:
            subject = _child(clause, SUBJECTS)
            if subject is not None and subject.i > head.i:
                return subject
    if _is_passive(head):
        return _child(head, PASSIVE_SUBJECTS)
    if head.dep_ == "acl" and _is_passive_participle(head):
        return head.head
    obj = _prep_object(head, ("on", "against", "at", "upon"))
    if obj is not None:
        return obj
    if roles == "patient":
        return _child(head, SUBJECTS)
    return None


def _child(token, deps) -> object | None:  # noqa: ANN001
    return next((c for c in token.children if c.dep_ in deps), None)


def _is_passive(verb) -> bool:  # noqa: ANN001
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _is_passive_participle(verb) -> bool:  # noqa: ANN001
    return verb.tag_ == "VBN" and not any(c.dep_ == "aux" and _lemma(c) == "have" for c in verb.children)


def _agent(token) -> object | None:  # noqa: ANN001
    """The "by X" agent of a passive verb or a nominal trigger."""
    for child in token.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            pobj = _child(child, ("pobj",))
            if pobj is not None:
                return pobj
    return None


def _prep_object(token, preps) -> object | None:  # noqa: ANN001
    return next(iter(_prep_objects(token, preps)), None)


def _prep_objects(token, preps) -> Iterator:  # noqa: ANN001
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    yield grandchild


# Verbs whose object (the subject when passive) does the act of their "of"/"for"/"with" gerund:
# "accused Turkey of sending fighters", "blamed the rebels for shelling", "was charged with plotting".
IMPUTING_VERBS = frozenset(
    "accuse blame charge suspect condemn criticise criticize denounce fault praise thank credit "
    "convict indict punish sanction fine arrest detain jail sentence".split()
)


def _inherited_subject(verb, depth: int = 0) -> object | None:  # noqa: ANN001
    """Subject of a verb that has none of its own: relative clauses, conjoined and
    subordinate verbs ("US forces who destroyed ...", "seized the town and killed ...")."""
    if depth > 4:
        return None
    own = _child(verb, SUBJECTS)
    if own is not None and not _is_relative_pronoun(own):
        return own
    fragment = _fragment_subject(verb)
    if fragment is not None:
        return fragment
    if verb.dep_ == "relcl" or (own is not None and verb.dep_ == "relcl"):
        return verb.head
    if verb.dep_ in ("conj", "xcomp", "advcl", "pcomp", "acomp") and verb.head is not verb:
        head = verb.head
        if head.pos_ == "ADJ" and head.dep_ == "acomp" and verb.dep_ == "xcomp":
            head = head.head  # "Syria is willing to withdraw": the subject of the copula
        if head.pos_ in ("VERB", "AUX"):
            controller = _child(head, OBJECTS) if verb.dep_ == "xcomp" else None
            if controller is not None and controller.pos_ in ("NOUN", "PROPN"):
                return controller  # "urged Chad to open its border": Chad opens it
            subject = _child(head, PASSIVE_SUBJECTS if _is_passive(head) else SUBJECTS)
            if subject is not None and not _is_relative_pronoun(subject):
                return subject
            return _inherited_subject(head, depth + 1)
        if head.dep_ == "prep":
            governor = head.head
            if governor.pos_ == "ADJ" and governor.dep_ == "amod" and governor.head.pos_ in ("NOUN", "PROPN"):
                return governor.head  # "hackers capable of launching ...": the people the adjective describes
            if governor.pos_ == "ADJ" and governor.dep_ == "acomp":
                governor = governor.head  # "both sides are guilty of violating ...": the copula's subject
            if governor.pos_ in ("VERB", "AUX") and _lemma(governor) in IMPUTING_VERBS:
                accused = _child(governor, PASSIVE_SUBJECTS if _is_passive(governor) else OBJECTS)
                if accused is not None and accused.pos_ in ("NOUN", "PROPN", "PRON"):
                    return accused  # "accused Turkey of sending fighters": Turkey sends them
            return _inherited_subject(governor, depth + 1) if governor.pos_ in ("VERB", "AUX") else None
    return None


def _device(verb, roles) -> object | None:  # noqa: ANN001
    """The bomb or blast a passive verb happened in or from ("killed in a roadside blast",
    "wounded by shrapnel from a car bomb"): the role table names it an unidentified armed
    actor. None when there is no such phrase."""
    for pobj in _prep_objects(verb, DEVICE_PREPS):
        role = roles.head_role(pobj.text)
        if role is not None and role.sector == "UAF" and pobj.pos_ == "NOUN":
            return pobj
    return None


def _clause_subject(head) -> object | None:  # noqa: ANN001
    """The subject of a trigger's complement clause ("demanded that Paraguay release ...",
    "their demand that the government cut ..."), or None; a "to"-clause's own subject is its
    object already."""
    for clause in head.children:
        if clause.dep_ not in ("ccomp", "acl") or clause.pos_ not in ("VERB", "AUX"):
            continue
        if clause.dep_ == "acl" and not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
            continue
        subject = _child(clause, SUBJECTS + PASSIVE_SUBJECTS)
        if subject is not None and subject.pos_ in ("NOUN", "PROPN") and subject.i > head.i:
            return subject
    return None


def _fragment_subject(verb) -> object | None:  # noqa: ANN001
    """The subject of a sentence's main verb that the parser took for a modifier of a noun
    root ("Volunteers from a charity donated ...", "Angry youths resorted to ...": root
    "Volunteers"/"youths", the verb an ``acl`` participle); None for a real reduced clause or
    when a finite verb rules the sentence."""
    if verb.dep_ != "acl" or verb.tag_ not in ("VBN", "VBD"):
        return None
    if any(c.dep_ in ("aux", "auxpass", "agent", "mark") for c in verb.children):
        return None
    root = verb.head
    while root.dep_ in ("pobj", "prep", "appos", "conj") and root.head is not root:
        root = root.head
    if root.pos_ not in ("NOUN", "PROPN"):
        return None
    if root.dep_ == "nsubj" and sum(c.dep_ == "nsubj" for c in root.head.children) > 1:
        return root  # "marchers resorted to ..., officials said": two subjects of "said"
    if root.dep_ != "ROOT":
        return None
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ != "acl" and t.head is root for t in root.children):
        return None
    return root


def _owner(thing) -> object | None:  # noqa: ANN001
    """Who holds a thing: "IS's weapons", "weapons of the group", "arms seized/taken by X",
    "weapons which the militants took"."""
    for child in thing.children:
        if child.dep_ == "poss":
            return child
    of = _prep_object(thing, ("of",))
    if of is not None and of.ent_type_ in ("ORG", "NORP", "GPE"):
        return of
    for child in thing.children:
        if child.dep_ in ("acl", "relcl") and _lemma(child) in OWNING_VERBS:
            agent = _agent(child)
            if agent is not None:
                return agent
            subject = _child(child, SUBJECTS)
            if subject is not None and not _is_relative_pronoun(subject):
                return subject
    for conj in thing.conjuncts:
        if conj.i < thing.i:
            continue
        owner = _owner(conj) if conj is not thing else None
        if owner is not None:
            return owner
    return None


def _with_conjuncts(tokens: list) -> list:
    """Each coordinated noun is its own participant: "Russia and the Syrian regime"."""
    out, seen = [], set()
    for token in tokens:
        for item in (token, *token.conjuncts):
            if item.i not in seen and item.pos_ in ("NOUN", "PROPN", "PRON", "ADJ", "NUM", "X"):
                seen.add(item.i)
                out.append(item)
    return out


def _span(text: str, token) -> Span:  # noqa: ANN001
    """The noun phrase headed by ``token``: from its left edge (coordinated modifiers and a
    parenthesis included: "Hungarian and Romanian officials", "the Asia-Pacific Economic
    Cooperation (APEC) forum") to the head plus flat names, and a short "of/from/in" complement
    that says whose or which people they are ("leaders of the opposition coalition",
    "thousands of Iraqi Kurds", "rebels in the Ivory Coast")."""
    left = token.left_edge
    for candidate in token.subtree:
        if candidate.i >= token.i:
            break
        if _cuts_phrase(candidate):
            left = token.doc[candidate.i + 1] if candidate.i + 1 <= token.i else token
    right = token
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "nummod") or (child.dep_ == "case" and child.text in ("'s", "'")):
            right = child
        else:
            break
    complement = _identifying_complement(token)
    if complement is not None and complement.i > right.i:
        right = complement
    title = next((c for c in token.rights if c.dep_ == "appos"), None) if token.pos_ == "PROPN" else None
    if title is not None and (title.pos_ == "NOUN" or _names_body(title)):  # "Jan Novak, the UN envoy": who he is
        last = max(title.subtree, key=lambda t: t.i)
        if last.i - token.i <= 10 and not any(t.pos_ in ("VERB", "AUX") for t in title.subtree):
            right = last
    start, end = left.idx, right.idx + len(right.text)
    while start < end and text[start] in "\"'“”‘’([ ":
        start += 1
    return Span(text=text[start:end], start=start, end=end)


def _cuts_phrase(candidate) -> bool:  # noqa: ANN001
    """Whether a left dependent ends the phrase before the head: a coordination of whole nouns
    or punctuation (apposition); not coordinated modifiers, parentheses or name punctuation."""
    if candidate.dep_ in ("cc", "conj"):
        member = candidate.head if candidate.dep_ == "cc" else candidate
        while member.dep_ == "conj":
            member = member.head
        return member.dep_ not in ("amod", "compound", "nmod", "poss")
    return candidate.is_punct and candidate.text not in ("-", "'s", "(", ")", ".", "&", "/")


IDENTIFYING_PREPS = frozenset(("of", "from", "in", "throughout", "across"))
# Prepositions by which a passive verb names the blast it happened in: "killed in an explosion".
DEVICE_PREPS = frozenset(("in", "from"))
# Modes of acts only a state's authorities do: "was arrested in Lebanon" names the arresting state.
STATE_ACT_MODES = frozenset(("arrest", "deport", "curfew", "martial-law"))
# Verbs whose subject takes part in the act named in their "in" phrase: "engaged in shelling".
PARTAKING_VERBS = frozenset("engage involve participate".split())
# Events addressed to the subject of their "that" clause: "demanded that Israel withdraw".
ADDRESSED_EVENTS = frozenset(("REQUEST", "DEMAND"))
# Participles that say what their subject stands for, not what was done to it: "is opposed
# to", "is committed to", "is determined to".
STATIVE_PARTICIPLES = frozenset("oppose commit determine dedicate resolve".split())
# Verbs, triggers of their own, whose subject also does what their nominal object names:
# "offered a truce", "opened an inquiry", "imposed a curfew", "granted an amnesty".
ISSUING_VERBS = frozenset("offer open impose grant extend propose declare announce".split())
# Prepositions by which an abstract noun names a party: "asylum to", "curfew on", "ties with".
PARTY_PREPS = frozenset(("to", "on", "against", "with", "from", "by", "of", "for", "upon"))
# Verbs whose subject watches, tells of or suffers an event named by their object; the
# subject is not its actor ("residents witnessed the shelling", "the town survived the siege").
WITNESS_VERBS = frozenset(
    "see witness watch hear report describe document record film survive suffer face endure escape flee "
    "fear follow monitor investigate remember recall mark commemorate cover blame mourn expect "
    "await predict cause".split()
)


def _identifying_complement(token) -> object | None:  # noqa: ANN001
    """Last token of a short "of/from/in" complement of a people noun, or None."""
    if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME"):
        return None
    located = token.dep_ == "pobj" and token.head.lower_ in DEVICE_PREPS  # "killed in a blast in Kabul"
    for child in token.rights:
        if child.dep_ != "prep" or child.lower_ not in IDENTIFYING_PREPS:
            continue
        pobj = _child(child, ("pobj",))
        if pobj is None or _is_time(pobj):
            return None
        if child.lower_ not in ("of", "from") and (pobj.ent_type_ not in ("GPE", "LOC", "NORP") or located):
            return None  # "rebels in Darfur" say whose; "insurgents in the valley" only where
        last = None
        for item in child.subtree:
            if item.is_punct and item.text not in ("-", "'s", "(", ")", ".") and item.dep_ != "case":
                break  # an apposition or a list; not the possessive "farmers' union"
            if item.pos_ in ("VERB", "AUX") or item.dep_ in ("relcl", "acl", "cc", "conj"):
                break
            last = item
        if last is None or last.i < pobj.i or last.i - token.i > 10:
            return None
        return last
    return None


def _possessor(token):  # noqa: ANN001, ANN202 - spacy Tokens
    """Who a common place noun belongs to ("their countries", "Iran's capital" as a doer):
    its possessive determiner or owner, else the noun itself."""
    if token.pos_ != "NOUN":
        return token
    return next((c for c in token.children if c.dep_ == "poss"), token)


def _names_body(title) -> bool:  # noqa: ANN001
    """Whether an appositive title set off by a comma names an organisation ("..., the World
    Health Organization Regional Director"): its words hold an ORG entity. Not a bracketed
    acronym ("the Islamic Front (IF)")."""
    first = title.left_edge
    after_comma = first.i > 0 and title.doc[first.i - 1].text == ","
    return after_comma and title.pos_ == "PROPN" and any(t.ent_type_ == "ORG" for t in title.subtree)


def _is_titled_name(token, roles) -> bool:  # noqa: ANN001
    """A name after a title is a person, whatever its entity tag: "Prime Minister Jan
    Novak", "Judge Ana Lima" (a surname the tagger took for a place), "Ana Lima, the UN
    Relief Coordinator"."""
    if token.pos_ != "PROPN":
        return False
    if any(c.dep_ == "appos" and (c.pos_ == "NOUN" or _names_body(c)) for c in token.rights):
        return True
    for child in token.lefts:
        if child.dep_ in ("compound", "flat") and child.pos_ in ("NOUN", "PROPN") and child.ent_type_ not in ("GPE", "LOC", "FAC"):
            role = roles.head_role(child.text)
            if role is not None and role.sector is not None:
                return True
    return False


def _strip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
