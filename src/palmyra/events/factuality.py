"""Factuality: did the text say the event happened, or only that it might, will, or did not?

Labels: asserted | negated | hypothetical | future | claimed ("historical" is set
later by the date stage). The words that change a label live in
data/factuality_cues.tsv; this module only knows where in the parse to look.

How a trigger is classified (``classify_factuality``):

1. Level 0 looks at the trigger itself: its auxiliaries and negation ("did not
   strike", "could send", "will attack"), adverbs ("allegedly", "never",
   "according to"), determiners and adjectives of a noun trigger ("no air
   strikes", "possible attacks"), a negated subject or object ("no one was
   killed"), and the word that opens its clause ("if", a purpose "to").
2. It then walks up the dependency tree to the sentence root, one level per
   head. A head counts as a *governor* when the trigger's clause is its
   complement ("threatened to strike", "claimed that forces were fighting",
   "hinted at sending") or, for ``object``-scope cues, when the trigger noun is
   its object ("threatened air strikes", "the threat of strikes", "plans for an
   offensive"). A head's own auxiliaries also count where they share the
   trigger's clause: through ``xcomp`` ("did not manage to strike"), from a
   verb to its noun argument ("will not carry out air strikes"), and to a
   coordinated bare verb ("did not strike or shell").
3. Relative clauses and participle modifiers ("tanks seized by IS") stop the
   walk: they describe background taken as given.
4. The innermost level with a decisive cue wins. Within a level: a condition
   ("if ... does not") wins, then negated > hypothetical > future > claimed;
   a negation on a denial ("did not rule out") gives hypothetical. Hypothetical anywhere beats an inner claimed.
   Attributions ("said", "according to", "reportedly") are recorded but keep
   the event asserted, as the event-record spec requires.
5. Questions and imperatives add hypothetical at level 0.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import ArticleDoc, Event
from ..resources import Resources, default_resources
from ..tables.factuality_cues import Cue, FactualityCues, load_factuality_cues

log = logging.getLogger(__name__)

# Ranks within one level: the first wins.
LABEL_RANK = {"negated": 0, "hypothetical": 1, "future": 2, "claimed": 3, "asserted": 4}

# Dependency relations (spaCy English, ClearNLP style).
VERB_CHILD_DEPS = ("aux", "auxpass", "neg", "advmod", "npadvmod", "prep")
NOUN_CHILD_DEPS = ("det", "amod", "neg", "advmod", "predet", "prep")
ARG_DEPS = ("nsubj", "nsubjpass", "dobj")
NOMINAL_ARG_DEPS = ("nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative")
SAME_NP_DEPS = ("compound", "appos", "nmod", "poss")
CLAUSAL_COMPLEMENT_DEPS = ("xcomp", "ccomp", "csubj", "csubjpass")
# Prepositions that introduce what a governor noun or verb is about ("the threat of strikes").
OBJECT_PREPS = frozenset(("of", "for", "about", "over", "against", "from", "at"))
# Prepositions of time and circumstance: the head's modality does not reach through them.
ADJUNCT_PREPS = frozenset(
    ("after", "before", "since", "following", "amid", "amidst", "despite", "during", "until", "till", "in", "near", "with")
)
WALK_LIMIT = 16
# Verbs whose object does what their infinitive says ("forced them to withdraw"): no purpose.
CAUSING_VERBS = frozenset("force allow help enable cause get let make lead compel permit oblige".split())
# Verbs of overcoming an obstacle: what they were done for was done ("braved the rain to march").
OVERCOMING_VERBS = frozenset(("defy", "brave", "flout", "ignore"))
# Words that rank a noun: its infinitive tells who did something ("the first to arrive").
RANKING_WORDS = frozenset(("first", "last", "only", "second", "third", "next", "latest"))


# -- classification -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    level: int
    label: str
    text: str
    kind: str
    scope: str = ""


def classify_factuality(token: Any, *, cues: FactualityCues | None = None) -> tuple[str, str | None]:
    """(label, cue text) for an event whose trigger head is the spaCy ``token``.

    cue text: the words that decided the label, or the attribution ("said",
    "according to") of an asserted event, or None.
    """
    cues = cues or default_resources().factuality_cues
    found = list(_walk(token, cues))
    found.extend(_sentence_mood(token))
    return _decide(found)


def _decide(found: list[_Found]) -> tuple[str, str | None]:
    decisive = [f for f in found if f.label != "asserted"]
    if not decisive:
        report = next((f for f in found if f.label == "asserted"), None)
        return "asserted", report.text if report else None
    innermost = min(f.level for f in decisive)
    level = [f for f in decisive if f.level == innermost]
    condition = next((f for f in level if f.scope == "clause" and f.label == "hypothetical"), None)
    if condition is not None:
        return "hypothetical", condition.text  # "if the army does not withdraw"
    negations = [f for f in level if f.label == "negated"]
    if any(f.kind == "denial_governor" for f in negations) and any(f.kind == "negation" for f in negations):
        denial = next(f for f in negations if f.kind == "denial_governor")
        return "hypothetical", denial.text  # "did not rule out strikes"
    best = min(level, key=lambda f: LABEL_RANK[f.label])
    if best.scope == "det" and best.label in ("future", "hypothetical", "claimed"):
        # "called off its planned attack", "the planned march did not take place": the negation
        # of what was planned decides (not of what is alleged: "the alleged attack killed no one")
        denial = next(
            (f for f in decisive if f.level > innermost and f.label == "negated"
             and (f.kind == "denial_governor" or best.label != "claimed")),
            None,
        )
        if denial is not None:
            return "negated", denial.text
    if best.kind == "modal" and best.text.lower() == "would":
        # "said it would launch", "vowed that troops would crush": an announced intent
        if any(f.level > innermost and f.kind in ("report_governor", "plan_governor") for f in found):
            return "future", best.text
    if best.label == "claimed":
        hypothetical = next((f for f in decisive if f.label == "hypothetical"), None)
        if hypothetical is not None:
            return "hypothetical", hypothetical.text
    return best.label, best.text


def _walk(trigger: Any, cues: FactualityCues) -> Iterator[_Found]:
    """Cues at the trigger (level 0) and at each head above it, up to the sentence root."""
    yield from _local(trigger, cues, 0)
    cur = trigger
    # own_np: cur is the trigger's noun phrase, or a cue noun whose content it is
    # ("reports of an attack"), so a governor above takes it as its object.
    own_np = True
    shares_clause = True  # the head's auxiliaries and adverbs still apply
    level = 0
    while cur.head.i != cur.i and level < WALK_LIMIT:
        level += 1
        dep = cur.dep_
        head = cur.head
        if dep == "relcl" or (dep == "acl" and not _is_clausal_acl(cur)):
            return  # background: "forces who destroyed ...", "tanks seized by IS"
        if dep in ("pobj", "pcomp") and head.dep_ in ("prep", "agent", "dative") and head.head.i != head.i:
            prep, governor = head, head.head
            match = cues.match(prep, ("prep",))
            if match is not None:
                yield _found(level, match)
            clausal = dep == "pcomp" or cur.pos_ == "VERB"
            as_object = own_np and prep.lower_ in OBJECT_PREPS
            yield from _governor(governor, cues, level, clausal=clausal, as_object=as_object)
            cue_noun = _is_cue_noun(governor, cues) and (as_object or clausal)
            if clausal and not cue_noun and governor.dep_ == "dobj":
                # "accused the rebels of shelling": the verb governs the clause
                yield from _governor(governor.head, cues, level, clausal=True, as_object=False)
            shares = shares_clause and own_np and prep.lower_ not in ADJUNCT_PREPS
            if shares or cue_noun:
                yield from _local(governor, cues, level, scopes=("det", "adv") if cue_noun else None)
            shares_clause = shares and not cue_noun
            own_np = cue_noun
            cur = governor
            continue
        if dep == "conj":
            if cur.pos_ in ("NOUN", "PROPN"):
                if own_np:
                    yield from _local(head, cues, level, scopes=("det",))
            elif shares_clause and cur.tag_ == "VB" and not _has_aux(cur):
                yield from _local(head, cues, level, scopes=("aux", "adv"))
            cur = head
            continue
        if dep in SAME_NP_DEPS and own_np:
            yield from _local(head, cues, level, scopes=("det",))
            cur = head
            continue
        next_own_np = False
        if dep in NOMINAL_ARG_DEPS and own_np:
            as_object = dep in ("dobj", "nsubjpass", "attr", "oprd")
            yield from _governor(head, cues, level, clausal=False, as_object=as_object)
            if shares_clause:
                yield from _local(head, cues, level)
        elif dep in CLAUSAL_COMPLEMENT_DEPS or dep == "acl":
            yield from _infinitive_mood(cur, head, cues, level)
            yield from _governor(head, cues, level, clausal=True, as_object=False)
            if (dep == "xcomp" or _is_bare_infinitive_clause(cur)) and shares_clause:
                yield from _local(head, cues, level)  # "will allow the agency to deliver food"
            else:
                shares_clause = False
                if dep == "acl" and _is_cue_noun(head, cues):
                    yield from _local(head, cues, level, scopes=("det", "adv"))
                    next_own_np = True  # "plans to attack" -> "denied plans to attack"
        elif dep == "advcl" and _is_participle_adjunct(cur):
            if shares_clause:
                yield from _local(head, cues, level, scopes=("aux", "adv", "clause"))
        else:
            shares_clause = False
        own_np = next_own_np
        cur = head


def _local(token: Any, cues: FactualityCues, level: int, *, scopes: tuple[str, ...] | None = None) -> Iterator[_Found]:
    """Cues on ``token`` itself: auxiliaries, adverbs, determiners, negated arguments, clause openers."""
    is_noun = token.pos_ in ("NOUN", "PROPN", "PRON", "NUM")
    if scopes is None:
        scopes = ("det", "adv") if is_noun else ("aux", "adv", "arg", "clause")
    child_deps = NOUN_CHILD_DEPS if is_noun else VERB_CHILD_DEPS
    child_scopes = tuple(s for s in scopes if s in ("aux", "adv", "det"))
    evaluative = token.lemma_ == "be" and any(c.dep_ in ("acomp", "attr") for c in token.children)
    for child in token.children:
        if child_scopes and child.dep_ in child_deps:
            match = cues.match(child, child_scopes)
            if match is not None:
                found = _found(level, match)
                if evaluative and found.kind == "modal":  # "would be unacceptable": a judgement
                    found = _Found(found.level, found.label, found.text, "modal_judgement", found.scope)
                yield found
        if "arg" in scopes and child.dep_ in ARG_DEPS:
            yield from _negated_argument(child, cues, level)
    if "clause" in scopes:
        yield from _clause_opener(token, cues, level)


def _negated_argument(arg: Any, cues: FactualityCues, level: int) -> Iterator[_Found]:
    """ "no one was killed", "nobody was hurt": the event did not happen."""
    match = cues.match(arg, ("arg",))
    if match is not None:
        yield _found(level, match)
        return
    for child in arg.children:
        if child.dep_ in ("det", "neg"):  # "no one", "not a single shot"
            match = cues.match(child, ("arg",))
            if match is not None:
                yield _found(level, match)


def _clause_opener(token: Any, cues: FactualityCues, level: int) -> Iterator[_Found]:
    """ "if ...", "unless ...", a purpose "to ...", a subjunctive "that ...", and the main clause of a conditional."""
    if _is_subjunctive(token):
        yield _Found(level, "hypothetical", f"that ... {token.text}", "hypothetical", "clause")
    for child in token.children:
        if child.dep_ == "mark":
            match = cues.match(child, ("clause",))
            if match is not None and not _is_concessive(child):
                yield _found(level, match)
        elif child.dep_ == "aux" and child.lower_ == "to" and _is_purpose_clause(token, cues):
            match = cues.match(child, ("clause",))
            if match is not None:
                yield _found(level, match)
        elif child.dep_ == "advcl":
            for mark in child.children:
                if mark.dep_ == "mark" and mark.lower_ in ("if", "unless") and not _is_concessive(mark):
                    match = cues.match(mark, ("clause",))
                    if match is not None:
                        yield _found(level, match)


def _is_bare_infinitive_clause(token: Any) -> bool:
    """A "to" infinitive that the parser made a ``ccomp`` ("would allow the agency to deliver
    food"): it has no tense of its own and shares its head's tense and mood."""
    if token.dep_ != "ccomp":
        return False
    children = list(token.children)
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in children) and not any(c.dep_ == "mark" for c in children)


def _is_subjunctive(token: Any) -> bool:
    """A bare verb in a "that" clause with its own subject: what is demanded or proposed, not
    what happened ("its demand that Israel ease the restrictions", "insisted that he resign")."""
    if token.tag_ != "VB" or token.dep_ not in ("ccomp", "acl"):
        return False
    children = list(token.children)
    if any(c.dep_ in ("aux", "auxpass", "neg") for c in children):
        return False
    has_that = any(c.dep_ == "mark" and c.lower_ == "that" for c in children)
    return has_that and any(c.dep_ in ("nsubj", "nsubjpass") for c in children)


def _is_purpose_clause(token: Any, cues: FactualityCues) -> bool:
    """An infinitive that says what an act was for: an adverbial clause ("sent troops to
    recapture the town") or an infinitive on an event noun ("an attack to capture the
    base"), not one on a ranked noun that tells who did it ("the first country to recognise")."""
    if _has_mark(token):
        return False
    head = token.head
    if head.lemma_.lower() in OVERCOMING_VERBS:
        return False  # "defied a ban to take to the streets": they did
    if token.dep_ == "advcl":
        return True
    if token.dep_ == "xcomp" and head.pos_ == "VERB" and head.lemma_.lower() not in CAUSING_VERBS:
        # "began talks to reach a deal", "sent troops to retake the town": an object, then what it is for
        return any(c.dep_ in ("dobj", "obj") and c.i < token.i for c in head.children)
    if token.dep_ != "acl" or head.pos_ != "NOUN" or _is_cue_noun(head, cues):
        return False  # "plans to send", "no intention to withdraw": the noun's own cue decides
    return not any(c.tag_ in ("JJS", "RBS") or c.lower_ in RANKING_WORDS for c in head.children)


def _infinitive_mood(verb: Any, head: Any, cues: FactualityCues, level: int) -> Iterator[_Found]:
    """ "is to deploy", "are to be withdrawn": scheduled (future); "were told to shoot": an
    order (hypothetical), though "tell" otherwise reports."""
    if verb.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return
    if head.lemma_ == "be" and not any(c.dep_ in ("acomp", "attr") for c in head.children):
        yield _Found(level, "future", f"{head.text} to", "plan_governor", "governor")
        return
    match = cues.match(head, ("governor", "object"))
    if match is not None and match[0].kind == "report_governor":
        yield _Found(level, "hypothetical", f"{match[1]} to", "hypothetical_governor", "governor")


def _governor(head: Any, cues: FactualityCues, level: int, *, clausal: bool, as_object: bool) -> Iterator[_Found]:
    scopes = ("governor", "object") if clausal else (("object",) if as_object else ())
    if not scopes:
        return
    match = cues.match(head, scopes)
    if match is None and clausal and head.lemma_ == "be":
        # "it is possible that ...", "it is likely that ...": the adjective governs the clause
        for child in head.children:
            if child.dep_ in ("acomp", "attr") and match is None:
                match = cues.match(child, scopes)
    if match is not None:
        yield _found(level, match)


def _sentence_mood(trigger: Any) -> Iterator[_Found]:
    """Questions and imperatives state nothing that happened."""
    sent = trigger.sent
    last = next((t for t in reversed(sent) if not t.is_space and t.text not in ('"', "'", "”", "’", ")")), None)
    if last is not None and last.text == "?":
        yield _Found(0, "hypothetical", "?", "hypothetical")
        return
    root = sent.root
    if root.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass", "mark") for c in root.children):
        first = next((t for t in sent if not t.is_punct and t.lower_ not in ("please", "now", "so")), None)
        if first is not None and first.i == root.i:
            yield _Found(0, "hypothetical", root.text, "hypothetical")


def _found(level: int, match: tuple[Cue, str]) -> _Found:
    cue, text = match
    return _Found(level, cue.label, text, cue.kind, cue.scope)


def _is_clausal_acl(token: Any) -> bool:
    """ "fears that X could ...", "plans to attack" (not a participle: "tanks seized by IS")."""
    return any(
        (c.dep_ == "mark" and c.lower_ in ("that", "whether", "if")) or (c.dep_ == "aux" and c.lower_ == "to")
        for c in token.children
    )


def _is_participle_adjunct(token: Any) -> bool:
    """ "..., killing five civilians": shares the main clause's time and modality."""
    return token.tag_ in ("VBG", "VBN") and not _has_mark(token)


def _is_cue_noun(token: Any, cues: FactualityCues) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and cues.match(token, ("object", "governor")) is not None


def _has_aux(token: Any) -> bool:
    return any(c.dep_ in ("aux", "auxpass") for c in token.children)


def _has_mark(token: Any) -> bool:
    return any(c.dep_ == "mark" for c in token.children)


def _is_concessive(mark: Any) -> bool:
    """ "even if", "as if": no condition on the event."""
    return any(c.lower_ in ("even", "as") for c in mark.children) or (
        mark.i > 0 and mark.doc[mark.i - 1].lower_ in ("even", "as")
    )


# -- stage ----------------------------------------------------------------------


class FactualityTagger:
    """Label each event asserted, negated, hypothetical, future or claimed.

    reads: doc.nlp_doc, event.trigger_i, event.sent_start, event.sent_end
    writes: event.factuality (and event.notes["factuality_cue"], the deciding words)
    """

    reads = ("doc.nlp_doc", "event.trigger_i", "event.sent_start", "event.sent_end")
    writes = ("event.factuality",)

    def __init__(self, res: Resources, *, cues_path: Path | None = None) -> None:
        self.res = res
        self.cues = load_factuality_cues(cues_path) if cues_path is not None else res.factuality_cues

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        if doc.nlp_doc is None:
            return doc
        for event in doc.events:
            token = trigger_token(doc, event)
            if token is None:
                log.warning("%s: no trigger token for event %r; factuality left %s", doc.id, event.event_text, event.factuality)
                continue
            label, cue = classify_factuality(token, cues=self.cues)
            event.factuality = label
            event.notes["factuality_cue"] = cue
        return doc

    def pipe(self, docs: Iterable[ArticleDoc], *, batch_size: int = 64) -> Iterator[ArticleDoc]:
        for doc in docs:
            yield self(doc)


def trigger_token(doc: ArticleDoc, event: Event) -> Any | None:
    """The trigger's head token: ``event.trigger_i``, else the root of the trigger's character span."""
    nlp_doc = doc.nlp_doc
    if 0 <= event.trigger_i < len(nlp_doc):
        return nlp_doc[event.trigger_i]
    span = nlp_doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None
