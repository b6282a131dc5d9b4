"""Final touches on coded events once actors, places and dates are known:
the ACLED sub-type that depends on who acted, contexts, and a confidence that
ranks events sensibly (a headline air strike above a background mention)."""
from __future__ import annotations

from ..model import ArticleDoc, Event
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
CIVILIAN_SECTORS = frozenset(("CVL", "JRN", "MED", "REF", "EDU"))


class EventRefiner:
    """Choose the actor-dependent ACLED sub-type and score each event's confidence.

    reads: event.concept, event.actor, event.recipient, event.factuality, event.location, event.date_precision
    writes: event.acled, event.context, event.confidence
    """

    reads = ("doc.events", "event.actor", "event.recipient", "event.factuality")
    writes = ("event.acled", "event.context", "event.confidence")

    def __init__(self, res: Resources) -> None:
        self.res = res

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        first_lines = _first_sentence_ends(doc)
        for event in doc.events:
            concept = self.res.ontology[event.concept]
            event.acled = self._acled(concept, event)
            event.context = self._context(concept, event)
            event.confidence = self._confidence(event, first_lines)
        return doc

    @staticmethod
    def _acled(concept, event: Event) -> dict[str, str] | None:  # noqa: ANN001
        acled = concept.acled
        if acled is None:
            return None
        if concept.acled_state_sub_event_type and any(_is_state(actor) for actor in event.actor):
            return {"event_type": acled["event_type"], "sub_event_type": concept.acled_state_sub_event_type}
        if (
            acled["event_type"] == "Battles"
            and event.recipient
            and all(actor.sector in CIVILIAN_SECTORS for actor in event.recipient)
        ):
            return {"event_type": "Violence against civilians", "sub_event_type": "Attack"}
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

    @staticmethod
    def _confidence(event: Event, first_lines: int) -> float:
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
        score *= FACTUALITY_WEIGHT.get(event.factuality, 0.5)
        return round(max(0.01, min(score, 0.99)), 3)


def _is_state(actor) -> bool:  # noqa: ANN001
    return bool(actor.code) and len(actor.code) == 3 and actor.code not in ("IMG", "IGO", "NGO", "UNO", "MNC") and actor.sector in STATE_SECTORS


def _first_sentence_ends(doc: ArticleDoc) -> int:
    """End offset of the headline and lead sentence: where the main event is usually told."""
    if doc.nlp_doc is None:
        return 0
    ends = [sent.end_char for sent in doc.nlp_doc.sents][:2]
    return ends[-1] if ends else 0
