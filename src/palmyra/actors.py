"""Actor resolution: the coder's raw actor/recipient spans -> canonical Actor records.

A span is resolved in this order:

1. coordination is split on the parse ("Russia and the Syrian regime" -> two actors; "Russian and
   Syrian regime bases" -> each demonym with the shared head), with a text fallback;
2. an actor-specific description ("the Lebanese group") refers to the nearest earlier mention of an
   actor that lists it;
3. a known surface form in the phrase's head (alias, demonym, capital) gives name, code and
   Wikidata id; the head role word gives the sector ("Russian war planes" -> RUS MIL);
4. a generic description ("the militants", "regime forces") or a pronoun refers to the nearest
   earlier compatible mention in the article (pronouns: same or previous sentence); a pronoun takes
   the whole phrase of that mention ("Bosnian Croats ... they" -> BIH), and a plural one every
   member of its coordination ("Russia and Iran said they ..." -> RUS and IRN);
5. otherwise an unknown actor keeps the sector of its role word ("gunmen" -> UAF), an unknown
   body named as a forum, association or aid group the code of that word (NGO), and, when a
   place in its head names it, that place's country ("Darfur rebels" -> SDN REB, via the
   gazetteer); a proper name is kept with no code; anything else (a pronoun with no antecedent,
   "the weapons") is dropped.

Every Actor keeps the span text as written and its offsets into doc.text; ``kind`` is the ACLED
inter code (state forces 1 for a country's GOV/MIL/COP/..., the role word's code otherwise).
"""
from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from .model import Actor, ArticleDoc, Span
from .resources import Resources
from .tables.actors import ActorEntry, ActorMatch, ActorTable, RoleWord, tokenize

log = logging.getLogger(__name__)

STATE_SECTORS = frozenset(("GOV", "MIL", "COP", "SPY", "JUD", "LEG"))
ARMED_NONSTATE = frozenset(("REB", "INS", "SEP", "UAF"))
# Role words that change the sector of a named armed group or agency ("Hamas-run media" -> JRN);
# other roles ("IS fighters", "Hezbollah commander") keep the group's own sector.
GROUP_ROLE_SECTORS = frozenset(("JRN", "MED", "CVL", "REF", "EDU", "LAB", "REL", "JUD", "LEG"))
# A mention after one of these words is outside the head ("US forces in Syria"), except after
# "of"/"from", which name who the head belongs to ("members of Hezbollah").
BLOCKING = frozenset(
    ("in", "near", "at", "on", "against", "with", "by", "into", "inside", "outside", "around", "across", "toward",
     "towards", "to", "over", "under", "who", "which", "that", "after", "before", "for", "led", "backed", "supported",
     "armed", "trained", "funded", "during", "than", "like", "including")
)
IDENTIFYING = frozenset(("of", "from"))
# "more than", "fewer than": a count before the head, no modifier clause.
COMPARATIVES = frozenset(("more", "less", "fewer", "over", "under"))
# Prepositions whose object is a counterpart of the actor, not its home ("threatened action against Russia").
COUNTERPART_PREPS = frozenset(("to", "against", "with", "on", "toward", "towards", "at", "for", "between", "over", "by"))
# Heads that count or group the people named after "of": "thousands of students".
QUANTITY_HEADS = frozenset(
    "hundreds thousands tens dozens scores millions group groups number numbers crowd crowds lot lots "
    "some many most all several few handful".split()
)
# Pronouns that may stand for several actors named together ("Russia and Iran said they ...").
PLURAL_PRONOUNS = frozenset(("they", "them", "their", "theirs", "themselves"))
# Pronouns that name a person: their antecedent is the subject that spoke or acted, not a country.
PERSONAL_PRONOUNS = frozenset(("he", "she", "his", "her", "him"))
# "ethnic Albanians": a people named by a country that often live in another one.
ETHNIC_WORDS = frozenset(("ethnic",))
# Codes that are no country (international, multinational, non-governmental, ...).
NON_COUNTRY_CODES = frozenset(("IGO", "NGO", "IMG", "UNO", "MNC", "NGM"))
# "rebels in Darfur", "police in Cairo": for these heads a place in a locative phrase tells
# whose they are. Not for armed forces or refugees, who are often abroad ("US forces in Syria").
LOCATIVE = frozenset(("in", "inside", "near", "at", "across", "around"))
DOMESTIC_SECTORS = frozenset(
    ("COP", "GOV", "LEG", "JUD", "PTY", "REB", "INS", "SEP", "UAF", "OPP", "CVL", "JRN", "MED", "EDU", "LAB", "REL",
     "BUS", "ELI", "CRM")
)
PLACE_ENTS = frozenset(("GPE", "LOC", "FAC"))
_ENTITIES_KEY = "palmyra.actors.entities"


@dataclass(frozen=True, slots=True)
class _Entity:
    """A named entity of the parse, as plain values (``Doc.ents`` builds every Span anew)."""

    start_char: int
    end_char: int
    label_: str
    text: str


class _EntityIndex:
    """The document's entities by start offset, built once per parse: looking up the
    entities of a piece or a sentence costs a bisection, not a pass over the document."""

    def __init__(self, nlp_doc) -> None:  # noqa: ANN001
        self.entities = [_Entity(e.start_char, e.end_char, e.label_, e.text) for e in nlp_doc.ents]
        self.starts = [e.start_char for e in self.entities]
        self.longest = max((e.end_char - e.start_char for e in self.entities), default=0)
        self.size = len(nlp_doc)

    def overlapping(self, start: int, end: int) -> list[_Entity]:
        """Entities that overlap [start, end), in text order."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [e for e in self.entities[lo:hi] if e.end_char > start]


def _entities(nlp_doc) -> _EntityIndex:  # noqa: ANN001
    index = nlp_doc.user_data.get(_ENTITIES_KEY)
    if index is None or index.size != len(nlp_doc):
        index = _EntityIndex(nlp_doc)
        nlp_doc.user_data[_ENTITIES_KEY] = index
    return index
MODIFIER_DEPS = frozenset(("amod", "compound", "nmod", "poss", "npadvmod"))
NAMED_ENTS = frozenset(("PERSON", "ORG", "NORP", "GPE", "FAC"))
_COORDINATOR = re.compile(r"^\W*(?:,|and|or|&|as well as|along with)\W*(?:the\s+)?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+|\n+")


@dataclass(frozen=True, slots=True)
class _Piece:
    """Part of a span that names one participant; ``context`` adds a shared head ("forces")."""

    start: int
    end: int
    context: str


@dataclass(slots=True)
class _Article:
    """Per-article lookups: every known mention in the text and the sentence starts."""

    text: str
    mentions: list[ActorMatch]
    sentence_starts: list[int]
    # the participant spans of the event being resolved, and the span now resolved: another
    # participant's mention is no clue to whose side this one is on
    roles: list[tuple[int, int]] = field(default_factory=list)
    own: tuple[int, int] = (0, 0)
    # the other members of a coordinated antecedent of a plural pronoun just resolved
    partners: list[Actor] = field(default_factory=list)

    def in_other_role(self, start: int, end: int) -> bool:
        own_start, own_end = self.own
        if own_start <= start and end <= own_end:
            return False
        return any(s <= start and end <= e for s, e in self.roles)

    def sentence_of(self, offset: int) -> int:
        return bisect.bisect_right(self.sentence_starts, offset) - 1


class ActorResolver:
    """Resolve each event's raw actor and recipient spans to canonical actors.

    reads: doc.text, doc.nlp_doc (parse, sentences), event.actor_spans, event.recipient_spans
    writes: event.actor, event.recipient (lists of palmyra.model.Actor)
    settings: resolve_pronouns (it/they -> an actor of the same or previous sentence),
    pronoun_window (sentences back), split_coordination ("Russia and the Syrian regime" -> 2),
    place_codes (an unknown actor named by a place gets its country: "Darfur rebels" -> SDN REB),
    context_codes (an actor known only by its role or name gets the country its sentence or
    article is about: "officials", "President Avril", "ethnic Albanians in Macedonia")
    """

    reads = ("doc.nlp_doc", "event.actor_spans", "event.recipient_spans")
    writes = ("event.actor", "event.recipient")

    def __init__(
        self,
        res: Resources,
        *,
        resolve_pronouns: bool = True,
        pronoun_window: int = 1,
        split_coordination: bool = True,
        place_codes: bool = True,
        context_codes: bool = True,
    ) -> None:
        self.res = res
        self.resolve_pronouns = resolve_pronouns
        self.pronoun_window = pronoun_window
        self.split_coordination = split_coordination
        self.place_codes = place_codes
        self.context_codes = context_codes

    @property
    def table(self) -> ActorTable:
        return self.res.actors

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        if not doc.events:
            return doc
        article = self._article(doc)
        for event in doc.events:
            article.roles = [_locate(doc.text, span) for span in (*event.actor_spans, *event.recipient_spans)]
            event.actor = self._resolve_spans(doc, article, event.actor_spans)
            event.recipient = self._resolve_spans(doc, article, event.recipient_spans)
        return doc

    def pipe(self, docs: Iterable[ArticleDoc], *, batch_size: int = 64) -> Iterator[ArticleDoc]:
        for doc in docs:
            yield self(doc)

    def resolve(self, doc: ArticleDoc, span: Span) -> list[Actor]:
        """The actors one raw span names (none, one, or one per coordinated part)."""
        return self._resolve_spans(doc, self._article(doc), [span])

    # -- per article ----------------------------------------------------------------------
    def _article(self, doc: ArticleDoc) -> _Article:
        mentions = [m for m in self.table.find_all(doc.text) if not m.negated]
        mentions = self._with_descriptions(doc.text, mentions)
        if doc.nlp_doc is not None:
            starts = [sent.start_char for sent in doc.nlp_doc.sents]
        else:
            starts = [0] + [m.end() for m in _SENTENCE_END.finditer(doc.text)]
        return _Article(doc.text, mentions, starts or [0])

    def _with_descriptions(self, text: str, mentions: list[ActorMatch]) -> list[ActorMatch]:
        """"The Lebanese group" after "Hezbollah" is a mention of Hezbollah, not of Lebanon."""
        for start, end, entries in self.table.descriptions(text):
            ids = {entry.id for entry in entries}
            earlier = [m for m in mentions if m.end <= start and m.entry.id in ids]
            if not earlier:
                continue
            entry = earlier[-1].entry
            mentions = [m for m in mentions if m.end <= start or m.start >= end]
            mentions.append(ActorMatch(entry, "coref", start, end, text[start:end]))
            mentions.sort(key=lambda m: m.start)
        return mentions

    def _resolve_spans(self, doc: ArticleDoc, article: _Article, spans: list[Span]) -> list[Actor]:
        out: list[Actor] = []
        seen: set[tuple[int, int]] = set()
        for span in spans:
            start, end = _locate(doc.text, span)
            if start >= end:
                continue
            article.own = (start, end)
            for actor in self._resolve_span(doc, article, start, end):
                if (actor.start, actor.end) not in seen:
                    seen.add((actor.start, actor.end))
                    out.append(actor)
        return out

    def _resolve_span(self, doc: ArticleDoc, article: _Article, start: int, end: int) -> list[Actor]:
        whole = _Piece(start, end, doc.text[start:end])
        if self.split_coordination:
            pieces = self._split(doc, start, end)
            if len(pieces) > 1:
                actors = [a for a in (self._resolve_piece(doc, article, p) for p in pieces) if a is not None]
                if len(actors) > 1 and any(a.code for a in actors):
                    return actors
        article.partners = []
        actor = self._resolve_piece(doc, article, whole)
        partners, article.partners = article.partners, []
        return [actor, *partners] if actor is not None else []

    # -- one participant ------------------------------------------------------------------
    def _resolve_piece(self, doc: ArticleDoc, article: _Article, piece: _Piece) -> Actor | None:
        text = doc.text[piece.start : piece.end]
        described = self._described(article, piece)
        if described is not None:
            return self._entry_actor(piece, text, described, None, self._role(doc, piece, piece.context))
        match = self._head_match(text)
        if match is not None:
            blanked = piece.context[: match.start] + " " * (match.end - match.start) + piece.context[match.end :]
            role = self._role(doc, piece, blanked)
            if role is None and match.how == "capital":
                role = self.table.head_role(match.text)  # "Pentagon" -> MIL, "Kremlin" -> GOV
            actor = self._entry_actor(piece, text, match.entry, match, role)
            if match.how == "demonym" and role is None and _is_people_plural(match.text):
                actor = replace(actor, sector="CVL", kind=7)  # "Palestinians", "ethnic Albanians"
            if match.how == "demonym" and (
                _after_word(piece.context, match.start, ETHNIC_WORDS)
                or (_is_people_plural(match.text) and self._names_other_country(text, match))
            ):
                home = self._context_code(doc, article, piece, exclude=match.entry.code)
                if home is not None:  # "ethnic Albanians in Macedonia" live in Macedonia
                    actor = replace(actor, code=home, name=None, wikidata=None)
            return actor
        rule = self.table.coref_rule(piece.context)
        role = self._role(doc, piece, piece.context)
        if rule is not None:
            if rule.is_pronoun and not self._pronoun_ok(doc, piece):
                return None
            mention = self._antecedent_mention(article, rule, piece.start)
            antecedent = mention.entry if mention is not None else None
            if rule.is_pronoun and mention is not None and rule.term not in PERSONAL_PRONOUNS:
                phrase = self._phrase_actor(doc, article, mention)
                if phrase is not None:  # "Bosnian Croats ... they": the phrase, not "Croats" alone
                    return replace(phrase, text=text, start=piece.start, end=piece.end)
            if antecedent is not None and not (rule.is_pronoun and rule.term in PERSONAL_PRONOUNS):
                if rule.term in PLURAL_PRONOUNS:
                    article.partners = self._conjoined(doc, article, mention)  # "Russia and Iran ... they"
                return self._entry_actor(piece, text, antecedent, None, role)
            if rule.is_pronoun:
                subject = self._subject_antecedent(doc, article, piece)
                if subject is not None:
                    return replace(subject, text=text, start=piece.start, end=piece.end)
                if antecedent is not None:
                    return self._entry_actor(piece, text, antecedent, None, role)
                return None
        sector, kind = (role.sector, role.kind) if role is not None else (None, None)
        named = sector is None and self._is_named(doc, piece)
        body = self.table.head_code(piece.context)  # "the Asian Water Forum", "aid groups": NGO
        if sector is None and not named and body is None:
            return None
        code = body or self._place_code(doc, piece, sector)
        if code is None and self.context_codes:
            # a bare name ("Obama") is weaker evidence than a title: only a country its sentence
            # is plainly about, never one it deals with ("said he would not aid Israel")
            code = self._context_code(doc, article, piece, named=named, person=self._is_person(doc, piece))
        if code is not None and kind is None and sector in STATE_SECTORS:
            kind = 1
        return Actor(text=text, start=piece.start, end=piece.end, code=code, sector=sector, kind=kind)

    def _names_other_country(self, text: str, match: ActorMatch) -> bool:
        """ "The Albanians of southern Serbia": the phrase also names the country they live in."""
        return any(
            m.entry.type == "country" and m.entry.code != match.entry.code and m.start > match.end
            for m in self.table.find_all(text)
        )

    def _context_code(
        self, doc: ArticleDoc, article: _Article, piece: _Piece, *, exclude: str = "", named: bool = False,
        person: bool = False,
    ) -> str | None:
        """The country an unnamed or titled actor belongs to ("officials", "President Avril",
        "the government"): the country mention of its own sentence that is least likely a
        counterpart (not after "against", "to", "with"...) and nearest; else the article's
        most mentioned country."""
        sentence = article.sentence_of(piece.start)
        candidates = []
        counts: dict[str, int] = {}
        for mention in article.mentions:
            code = mention.entry.code
            if not _is_country_code(code) or code == exclude or mention.supporting or mention.affiliated:
                continue
            if mention.controlling:
                continue  # "Israeli-occupied sector", "US-led talks": about something else
            in_piece = piece.start <= mention.start < piece.end
            if (in_piece and not exclude) or (not in_piece and article.own[0] <= mention.start < article.own[1]):
                continue  # its own name, or a coordinated partner's ("Kurdish and Syrian rebels")
            if article.in_other_role(mention.start, mention.end) and not self._home_demonym(doc, mention, person=person):
                continue
            if article.sentence_of(mention.start) != sentence:
                counts[code] = counts.get(code, 0) + 1
            else:
                counterpart = self._counterpart(doc, mention)
                if counterpart == 2 or (counterpart and named):
                    continue  # "threatened action against Russia": not the actor's home
                distance = abs(mention.start - piece.start)
                candidates.append((counterpart, distance, code))
        if candidates:
            return min(candidates)[2]
        place = self._sentence_place_code(doc, article, piece)
        if place is not None:
            return place
        if counts:
            return max(counts, key=lambda code: counts[code])
        return None

    def _sentence_place_code(self, doc: ArticleDoc, article: _Article, piece: _Piece) -> str | None:
        """The country of the nearest place named in the piece's sentence ("curfew in Abidjan")."""
        if not self.place_codes or doc.nlp_doc is None:
            return None
        span = doc.nlp_doc.char_span(piece.start, piece.end, alignment_mode="expand")
        if span is None:
            return None
        sent = span.root.sent
        places = [
            e for e in _entities(doc.nlp_doc).overlapping(sent.start_char, sent.end_char)
            if sent.start_char <= e.start_char and e.end_char <= sent.end_char
            and e.label_ in ("GPE", "LOC") and not (piece.start <= e.start_char < piece.end)
            and not self.table.find_all(e.text)  # known actors were weighed already, counterparts too
        ]
        places = [
            e for e in places
            if not article.in_other_role(e.start_char, e.end_char) and not _acted_on(doc.nlp_doc, e.start_char, e.end_char)
        ]
        for ent in sorted(places, key=lambda e: abs(e.start_char - piece.start)):
            code = self._country_of(ent.text)
            if code is not None:
                return code
        return None

    def _home_demonym(self, doc: ArticleDoc, mention: ActorMatch, *, person: bool) -> bool:
        """Whether a demonym in another role still tells the actor's home: "Ugandan" in
        "arrested Ugandan opposition candidates" (the police are Ugandan too), "Nigerian" in
        "elders demanded that the Nigerian ministry ..."; but for a person (a phrase headed by
        a name) not a demonym of a government ("President Mitterand welcomed South African
        leader de Klerk": a counterpart of its own)."""
        head = _modified_head(doc, mention)
        if head is None:
            return False
        return not person or self.table.sector_for(doc.text[head.idx : head.idx + len(head.text)]) != "GOV"

    def _is_person(self, doc: ArticleDoc, piece: _Piece) -> bool:
        """Whether the piece is headed by a personal name ("President Francois Mitterand")."""
        if doc.nlp_doc is None:
            return False
        span = doc.nlp_doc.char_span(piece.start, piece.end, alignment_mode="expand")
        return span is not None and (span.root.ent_type_ == "PERSON" or span.root.pos_ == "PROPN")

    def _counterpart(self, doc: ArticleDoc, mention: ActorMatch) -> int:
        """2 when a mention names who is acted on ("against Russia", a direct object, "between
        Iran and Iraq"), 1 when
        it is in a phrase of dealings ("talks with Iran", "to Lebanon"), else 0."""
        if doc.nlp_doc is None:
            return 0
        span = doc.nlp_doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return 0
        token = span.root
        soft = mention.how == "demonym" and token.dep_ in ("amod", "compound")  # "banned Ugandan candidates"
        for _ in range(3):
            while token.dep_ in ("amod", "compound", "poss", "nmod", "appos", "conj") and token.head.i != token.i:
                token = token.head  # up to the head of the mention's noun phrase
            if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ in ("NOUN", "PROPN"):
                token = token.head.head  # "with the president of Armenia": whose president
            else:
                break
        if token.dep_ in ("dobj", "dative", "iobj"):
            return 1 if soft else 2
        if token.dep_ == "pobj":
            prep = token.head.lower_
            if prep in ("against", "between"):  # "mediation between X and Y": a third party's
                return 1 if soft else 2
            return 1 if prep in COUNTERPART_PREPS else 0
        return 0

    def _place_code(self, doc: ArticleDoc, piece: _Piece, sector: str | None) -> str | None:
        """The country of a place that names an unknown actor ("Darfur rebels", "the Gaza Strip")."""
        if not self.place_codes or doc.nlp_doc is None:
            return None
        for ent in _entities(doc.nlp_doc).overlapping(piece.start, piece.end):
            start, end = max(ent.start_char, piece.start), min(ent.end_char, piece.end)
            if ent.label_ not in PLACE_ENTS or start >= end:
                continue
            name = doc.text[start:end]
            if self.table.find_all(name):
                continue  # known actors were weighed already ("Iran-backed militias" are not Iran)
            words = [w.lower() for w, _, _ in tokenize(doc.text[piece.start : start])]
            blockers = [w for i, w in enumerate(words) if _blocks(words, i)]
            if blockers and not (sector in DOMESTIC_SECTORS and set(blockers) <= LOCATIVE):
                continue
            code = self._country_of(name)
            if code is not None:
                return code
        return None

    def _country_of(self, name: str) -> str | None:
        try:
            candidates = self.res.gazetteer.candidates(name)
        except Exception as e:  # noqa: BLE001 - no gazetteer: actors still resolve
            log.debug("no gazetteer for actor places: %r", e)
            self.place_codes = False
            return None
        if not candidates:
            return None
        top = candidates[0]
        rivals = {c.country_code for c in candidates if c.source == "curated" or c.population * 10 >= top.population}
        return (top.country_code or None) if rivals == {top.country_code} else None

    def _entry_actor(
        self, piece: _Piece, text: str, entry: ActorEntry, match: ActorMatch | None, role: RoleWord | None
    ) -> Actor:
        if match is not None and match.affiliated:
            # "pro-Syrian regime media": aligned with Syria, not Syria itself.
            return Actor(
                text=text, start=piece.start, end=piece.end, code=entry.code,
                sector=role.sector if role else None, kind=role.kind if role else None,
            )
        if match is not None and match.controlling and role is not None and role.sector is not None:
            sector, kind = role.sector, role.kind or entry.kind  # "Hamas-run health ministry" -> GOV
        else:
            sector, kind = _sector_kind(entry, role)
        return Actor(
            text=text, start=piece.start, end=piece.end, name=entry.name, code=entry.code,
            sector=sector, wikidata=entry.wikidata, kind=kind,
        )

    def _role(self, doc: ArticleDoc, piece: _Piece, context: str) -> RoleWord | None:
        """The role word of the phrase's syntactic head, or of a modifier of it ("rebel areas");
        without a parse, the text rule of ``ActorTable.head_role``."""
        fallback = self.table.head_role(context)
        if doc.nlp_doc is None or len(context) != piece.end - piece.start:
            return fallback  # no parse, or a shared head added from elsewhere in the span
        span = doc.nlp_doc.char_span(piece.start, piece.end, alignment_mode="expand")
        if span is None or span.root.pos_ not in ("NOUN", "PROPN", "PRON", "ADJ", "NUM"):
            return fallback
        roles = [r for r in self.table.find_roles(context) if r.role.sector]

        def covering(token) -> RoleWord | None:  # noqa: ANN001
            offset = token.idx - piece.start
            return next((r.role for r in roles if r.start <= offset < r.end), None)

        root = _quantified(span.root, span)
        found = covering(root)
        for child in sorted(root.lefts, key=lambda t: -t.i):
            if found is not None:
                break
            if child.i >= span.start and child.dep_ in MODIFIER_DEPS | {"appos"}:
                found = covering(child)
        if found is None and root.pos_ != "NOUN":
            return fallback  # a name or pronoun head: the text rule decides
        return found

    def _head_match(self, text: str) -> ActorMatch | None:
        """The known mention that names the phrase's head: not one inside a modifier clause
        ("US forces in Syria" -> US), a group before a country ("Syria's Tiger Forces"), then longest."""
        matches = [m for m in self.table.find_all(text) if not m.negated]
        if not matches:
            return None
        masked = list(text)
        for m in matches:
            masked[m.start : m.end] = " " * (m.end - m.start)
        masked_text = "".join(masked)
        ranked = []
        for m in matches:
            words = [w.lower() for w, _, _ in tokenize(masked_text[: m.start])]
            blocked = {w for i, w in enumerate(words) if _blocks(words, i)}
            after_owner = any(w in IDENTIFYING for w in words)
            ranked.append((m, blocked, after_owner))
        free = [(m, owner) for m, blocked, owner in ranked if not blocked and not m.supporting]
        if not free:
            head = self.table.head_role(masked_text)
            if head is None or head.sector not in DOMESTIC_SECTORS:
                return None
            free = [(m, owner) for m, blocked, owner in ranked if blocked <= LOCATIVE and not m.supporting]
            if not free:
                return None
        best = max(
            free,
            key=lambda item: (
                not item[0].affiliated, not item[1], item[0].entry.type != "country",
                item[0].end - item[0].start, item[0].start,
            ),
        )
        return best[0]

    def _described(self, article: _Article, piece: _Piece) -> ActorEntry | None:
        """"The Lebanese group" -> Hezbollah, when Hezbollah was named earlier in the article."""
        text = article.text[piece.start : piece.end]
        found = self.table.descriptions(text)
        if not found:
            return None
        candidates = {entry.id for _, _, entries in found for entry in entries}
        for mention in reversed(article.mentions):
            if mention.end <= piece.start and mention.entry.id in candidates:
                return mention.entry
        return None

    def _antecedent_mention(self, article: _Article, rule: RoleWord, start: int) -> ActorMatch | None:
        """The nearest earlier compatible mention; one followed by the description's own word
        ("Syrian regime ... the regime") wins over a nearer one."""
        first_sentence = 0
        if rule.is_pronoun:
            first_sentence = max(0, article.sentence_of(start) - self.pronoun_window)
        candidates = [
            m
            for m in article.mentions
            if m.end <= start
            and m.suffix != "based"  # "a UK-based monitor" names where a group sits, not an actor
            and _compatible(m.entry, rule.antecedent)
            and (not rule.is_pronoun or article.sentence_of(m.start) >= first_sentence)
        ]
        if not candidates:
            return None
        head_word = rule.term.split()[0]
        if not rule.is_pronoun:
            for mention in reversed(candidates):
                following = [w.lower() for w, _, _ in tokenize(article.text[mention.end : mention.end + 40])[:3]]
                if head_word in following:
                    return mention
        return candidates[-1]

    def _phrase_actor(self, doc: ArticleDoc, article: _Article, mention: ActorMatch) -> Actor | None:
        """The actor of the whole noun phrase a mention sits in ("Bosnian Croats", "ethnic
        Albanians", "Kurdish militants"), when it is more than the mention and resolves with a
        code; None otherwise."""
        if doc.nlp_doc is None:
            return None
        span = doc.nlp_doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return None
        token = span.root
        while token.dep_ in ("amod", "compound", "nmod") and token.head.i > token.i:
            token = token.head
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        start = token.left_edge.idx
        end = token.idx + len(token.text)
        for right in token.rights:
            if right.dep_ not in ("compound", "flat"):
                break
            end = right.idx + len(right.text)
        if (start, end) == (mention.start, mention.end) or not (start <= mention.start and mention.end <= end):
            return None
        saved = article.own
        article.own = (start, end)
        actor = self._resolve_piece(doc, article, _Piece(start, end, doc.text[start:end]))
        article.own = saved
        return actor if actor is not None and actor.code else None

    def _conjoined(self, doc: ArticleDoc, article: _Article, mention: ActorMatch) -> list[Actor]:
        """The other coded members of the coordination a mention heads or belongs to ("Russia
        and Iran said they ..." -> Iran's partner Russia), each with its own offsets."""
        if doc.nlp_doc is None:
            return []
        span = doc.nlp_doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return []
        token = span.root
        while token.dep_ in ("amod", "compound", "nmod") and token.head.i > token.i:
            token = token.head
        out = []
        for other in token.conjuncts:
            if other.pos_ not in ("NOUN", "PROPN", "ADJ"):  # "Hungarian and Romanian officials"
                continue
            start, end = other.left_edge.idx, other.idx + len(other.text)
            if other.left_edge.i < other.i and other.left_edge.dep_ == "cc":
                start = doc.nlp_doc[other.left_edge.i + 1].idx
            if start <= mention.start < end:
                continue
            saved = article.own
            article.own = (start, end)
            actor = self._resolve_piece(doc, article, _Piece(start, end, doc.text[start:end]))
            article.own = saved
            if actor is not None and actor.code:
                out.append(actor)
        return out

    def _subject_antecedent(self, doc: ArticleDoc, article: _Article, piece: _Piece) -> Actor | None:
        """A pronoun with no known mention before it ("President Gbagbo said he will ...") is
        the nearest earlier subject noun phrase of its sentence, when that resolves to a known
        country or at least a sector ("The army said it ...")."""
        if doc.nlp_doc is None:
            return None
        span = doc.nlp_doc.char_span(piece.start, piece.end, alignment_mode="expand")
        if span is None:
            return None
        sent = span.root.sent
        for token in reversed(doc.nlp_doc[sent.start : span.start]):
            if token.dep_ not in ("nsubj", "nsubjpass") or token.pos_ not in ("NOUN", "PROPN"):
                continue
            start = token.left_edge.idx
            end = token.idx + len(token.text)
            for right in token.rights:
                if right.dep_ in ("compound", "flat"):
                    end = right.idx + len(right.text)
            saved = article.own
            article.own = (start, end)
            actor = self._resolve_piece(doc, article, _Piece(start, end, doc.text[start:end]))
            article.own = saved
            if actor is not None and (actor.code or actor.sector):
                return actor  # "The army said it had taken the town": the army, code unknown
        return None

    def _pronoun_ok(self, doc: ArticleDoc, piece: _Piece) -> bool:
        if not self.resolve_pronouns:
            return False
        if doc.nlp_doc is None:
            return True
        span = doc.nlp_doc.char_span(piece.start, piece.end, alignment_mode="expand")
        return span is None or not any(token.dep_ == "expl" for token in span)  # "it comes after ..."

    def _is_named(self, doc: ArticleDoc, piece: _Piece) -> bool:
        if doc.nlp_doc is not None:
            span = doc.nlp_doc.char_span(piece.start, piece.end, alignment_mode="expand")
            if span is not None:
                return any(t.pos_ == "PROPN" or t.ent_type_ in NAMED_ENTS for t in span)
        words = [w for w, _, _ in tokenize(doc.text[piece.start : piece.end]) if w[:1].isalpha()]
        return any(w[:1].isupper() for w in words[1:]) or (len(words) == 1 and words[0][:1].isupper())

    # -- coordination ---------------------------------------------------------------------
    def _split(self, doc: ArticleDoc, start: int, end: int) -> list[_Piece]:
        if doc.nlp_doc is not None:
            span = doc.nlp_doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span) > 2:
                pieces = _split_parse(doc.text, span)
                if len(pieces) > 1:
                    return pieces
        return self._split_text(doc.text, start, end)

    def _split_text(self, text: str, start: int, end: int) -> list[_Piece]:
        """Fallback: known mentions joined only by "and", "or" or a comma."""
        span_text = text[start:end]
        matches = [m for m in self.table.find_all(span_text) if not m.negated]
        if len(matches) < 2:
            return []
        if not all(_COORDINATOR.match(span_text[a.end : b.start]) for a, b in zip(matches, matches[1:])):
            return []
        shared = span_text[matches[-1].end :]
        pieces = []
        for i, m in enumerate(matches):
            piece_start = start if i == 0 else start + m.start
            if i == len(matches) - 1:
                pieces.append(_Piece(piece_start, end, text[piece_start:end]))
            else:
                own = text[piece_start : start + m.end]
                pieces.append(_Piece(piece_start, start + m.end, own + shared))
        return pieces


def _split_parse(text: str, span) -> list[_Piece]:  # noqa: ANN001 - a spacy Span
    """Pieces for the coordination highest in the span's parse."""
    inside = set(range(span.start, span.end))
    heads = [t.head for t in span if t.dep_ == "conj" and t.head.i in inside]
    if not heads:
        return []
    first = min(heads, key=lambda t: _depth(t, span))
    members = sorted([first] + [c for c in first.conjuncts if c.i in inside], key=lambda t: t.i)
    member_ids = {m.i for m in members}
    pieces_tokens = []
    for member in members:
        others = set()
        for other in members:
            if other.i != member.i and other.i in {t.i for t in member.subtree}:
                others.update(t.i for t in other.subtree)
        own = [
            t
            for t in member.subtree
            if t.i in inside
            and t.i not in others
            and not (t.dep_ in ("cc", "preconj", "punct") and t.head.i in member_ids)
        ]
        if not own:
            continue
        lo, hi = min(t.i for t in own), max(t.i for t in own)
        if pieces_tokens and pieces_tokens[-1][2] + 1 == lo:
            # no "and"/comma between two conjuncts: a parse slip ("Syrian | regime"), one piece
            pieces_tokens[-1] = (pieces_tokens[-1][0], pieces_tokens[-1][1], hi)
        else:
            pieces_tokens.append((member, lo, hi))
    if len(pieces_tokens) < 2:
        return []
    doc = span.doc
    head = first.head
    while head.dep_ in MODIFIER_DEPS and head.head.i in inside and head.head.i > head.i:
        head = head.head  # "Russian and Syrian regime military bases": the head is "bases"
    shared_first = pieces_tokens[-1][2] + 1
    is_modifier = first.dep_ in MODIFIER_DEPS and head.i in inside and head.i >= shared_first
    shared = doc[shared_first : head.i + 1].text if is_modifier else ""
    pieces = []
    for n, (_, lo, hi) in enumerate(pieces_tokens):
        if is_modifier and n == len(pieces_tokens) - 1:
            hi = max(hi, head.i)
        start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
        own = text[start:end]
        context = own + " " + shared if is_modifier and n < len(pieces_tokens) - 1 else own
        pieces.append(_Piece(start, end, context))
    return pieces


def _blocks(words: list[str], i: int) -> bool:
    """Whether words[i] starts a modifier clause: "in", "led by"; not "US-led", not "loyal to"."""
    word = words[i]
    if word not in BLOCKING or i == 0:  # a leading "in" starts no modifier: "in central Baghdad"
        return False
    if words[i - 1] == "-":
        return False
    if word == "than" and words[i - 1] in COMPARATIVES:
        return False  # "more than 40 Afghans" counts them
    return not (word == "to" and i and words[i - 1] == "loyal")


def _depth(token, span) -> int:  # noqa: ANN001
    depth = 0
    while token.i != span.root.i and token.head.i != token.i and span.start <= token.head.i < span.end:
        token = token.head
        depth += 1
    return depth


def _sector_kind(entry: ActorEntry, role: RoleWord | None) -> tuple[str | None, int | None]:
    """Sector and ACLED inter code of a known actor in a role ("US forces" -> MIL, 1)."""
    if role is None or role.sector is None:
        return entry.sector, entry.kind
    if entry.type == "country":
        return role.sector, role.kind or (1 if role.sector in STATE_SECTORS else None)
    if entry.type in ("igo", "ngo"):
        return role.sector, entry.kind  # "UN peacekeepers" -> IGO MIL
    if role.sector in GROUP_ROLE_SECTORS:
        return role.sector, role.kind or entry.kind
    return entry.sector, entry.kind


def _quantified(root, span):  # noqa: ANN001, ANN202 - spacy Tokens
    """ "thousands of people", "a group of students": the counted noun is the head that has a role."""
    for _ in range(3):
        if root.lower_ not in QUANTITY_HEADS:
            return root
        of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is None or not span.start <= pobj.i < span.end:
            return root
        root = pobj
    return root


def _acted_on(nlp_doc, start: int, end: int) -> bool:  # noqa: ANN001
    """Whether the phrase at [start, end) is governed by "against" or "between": whom an act is
    aimed at or mediated between, never the home of whoever acts ("mediation between the
    Emirates and Qatar")."""
    span = nlp_doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    while token.dep_ in ("conj", "compound", "amod", "appos") and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in ("against", "between")


def _modified_head(doc: ArticleDoc, mention: ActorMatch):  # noqa: ANN202 - a spaCy Token or None
    """The noun a demonym modifies ("Ugandan opposition candidates" -> candidates), or None."""
    if mention.how != "demonym" or doc.nlp_doc is None:
        return None
    span = doc.nlp_doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.root.dep_ not in ("amod", "compound"):
        return None
    return span.root.head


def _is_people_plural(word: str) -> bool:
    """A demonym written as people ("Palestinians", "Afghans"), not as an adjective ("Afghan")."""
    return word[-1:] == "s" and word[:1].isupper()


def _after_word(text: str, offset: int, words: frozenset[str]) -> bool:
    """Whether the word just before ``offset`` in ``text`` is one of ``words``."""
    before = tokenize(text[:offset])
    return bool(before) and before[-1][0].lower() in words


def _is_country_code(code: str | None) -> bool:
    return bool(code) and code not in NON_COUNTRY_CODES


def _compatible(entry: ActorEntry, classes: tuple[str, ...]) -> bool:
    for cls in classes:
        if cls == "any":
            return True
        if cls == "state" and entry.type == "country":
            return True
        if cls == "group" and entry.type == "group":
            return True
        if cls == "org" and entry.type in ("igo", "ngo", "org"):
            return True
        if cls == "armed_group" and entry.type == "group" and entry.sector in ARMED_NONSTATE:
            return True
    return False


def _locate(text: str, span: Span) -> tuple[int, int]:
    """The span's offsets, trimmed of spaces and quotes; re-found by text if the offsets drifted."""
    start, end = span.start, span.end
    if text[start:end] != span.text and span.text:
        found = text.find(span.text, max(0, start - 200))
        if found < 0:
            found = text.find(span.text)
        if found >= 0:
            start, end = found, found + len(span.text)
        else:
            log.debug("actor span %r not found in the text", span.text)
    start, end = max(0, start), min(len(text), end)
    while start < end and (text[start].isspace() or text[start] in "\"'“”‘’([,"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"'“”‘’)],;:"):
        end -= 1
    return start, end
