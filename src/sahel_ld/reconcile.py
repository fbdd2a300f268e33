"""Entity reconciliation (the W3C Reconciliation Service API, version 0.2, as OpenRefine speaks it).

Entities are named by their path under ``<base>id/`` (``org/jnim``), types and properties by their local name
under ``<base>def/sahel#`` (``Coalition``), so ``identifierSpace + id`` and ``schemaSpace + type`` are IRIs.
Everything is read once per dataset version into memory; answering touches no store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from .namespaces import SAHEL, WD
from .search import Entry, SearchIndex, normalise
from .store import LoadedData

DEFAULT_TYPES = ("Organisation", "Person", "Place", "Event")
MATCH_SCORE, MATCH_LEAD, LOWEST_SCORE = 90, 15, 55
DEFAULT_LIMIT, MAX_LIMIT = 5, 25
WIKIDATA_SERVICE = "https://wikidata.reconci.link/en/api"


class ReconcileError(ValueError):
    """A query or extension request that cannot be answered; the message says what is wrong."""


@dataclass(frozen=True)
class Value:
    """A property value: an entity (``id`` set, ``keys`` its every name normalised) or plain text."""

    id: str | None
    name: str
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Property:
    """A property offered for constraints and data extension, and how to read its values."""

    id: str
    names: dict[str, str]
    read: Callable[[LoadedData, URIRef], Iterable[tuple[URIRef | None, str]]]
    service: str | None = None


def _objects(prop: URIRef):
    def read(loaded: LoadedData, iri: URIRef):
        return ((o, "") for o in loaded.dataset.objects(iri, prop) if isinstance(o, URIRef))
    return read


def _subjects(prop: URIRef):
    def read(loaded: LoadedData, iri: URIRef):
        return ((s, "") for s in loaded.dataset.subjects(prop, iri) if isinstance(s, URIRef))
    return read


def _wikidata(loaded: LoadedData, iri: URIRef):
    for prop in (OWL.sameAs, SKOS.closeMatch):
        for item in loaded.dataset.objects(iri, prop):
            if str(item).startswith(str(WD)):
                yield None, str(item)[len(str(WD)):]


def _other_names(loaded: LoadedData, iri: URIRef):
    return ((None, str(name)) for name in loaded.dataset.objects(iri, SKOS.altLabel))


PROPERTIES = (
    Property("category", {"en": "Category (from the source)", "fr": "Catégorie (selon la source)"},
             _objects(SAHEL.category)),
    Property("coalition", {"en": "Member of (coalition or group)", "fr": "Membre de (coalition ou groupe)"},
             _objects(SAHEL.memberOf)),
    Property("members", {"en": "Members", "fr": "Membres"}, _subjects(SAHEL.memberOf)),
    Property("leaders", {"en": "Leaders", "fr": "Dirigeants"}, _subjects(SAHEL.headOf)),
    Property("wikidata", {"en": "Wikidata item", "fr": "Élément Wikidata"}, _wikidata, WIKIDATA_SERVICE),
    Property("names", {"en": "Other names and acronyms", "fr": "Autres noms et sigles"}, _other_names),
)
PROPERTY_BY_ID = {p.id: p for p in PROPERTIES}


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float
    features: tuple[tuple[str, float | bool], ...]


def similarity(text: str, name: str) -> float:
    """How alike two normalised names are, 0 to 100: equal, one's words all in the other, or letters in common."""
    if text == name or text.replace(" ", "") == name.replace(" ", ""):
        return 100.0
    matcher = SequenceMatcher(None, text, name, autojunk=False)
    best = 100 * matcher.ratio() if matcher.real_quick_ratio() > 0.45 else 0.0
    words, others = set(text.split()), set(name.split())
    if words <= others or others <= words:
        shorter, longer = sorted((text, name), key=len)
        best = max(best, 60 + 40 * len(shorter) / len(longer))
    return best


class Reconciler:
    """Candidates for names, suggestions, previews and property values, over one dataset version."""

    def __init__(self, loaded: LoadedData, index: SearchIndex) -> None:
        self.index = index
        self.id_space = loaded.base_iri + "id/"
        self.types: dict[str, tuple[str, ...]] = {}
        self.values: dict[str, dict[str, tuple[Value, ...]]] = {}
        for entry in index.entries:
            iri = URIRef(entry.iri)
            self.types[entry.iri] = tuple(sorted(str(t)[len(str(SAHEL)):] for t in loaded.dataset.objects(iri, RDF.type)
                                                 if str(t).startswith(str(SAHEL))))
            self.values[entry.iri] = {p.id: tuple(sorted({self._value(loaded, node, text) for node, text
                                                          in p.read(loaded, iri)}, key=lambda v: v.name.casefold()))
                                      for p in PROPERTIES}
        used = {t for types in self.types.values() for t in types}
        self.type_names = {
            str(c)[len(str(SAHEL)):]: {lang: loaded.label(c, lang) for lang in ("en", "fr")}
            for c in loaded.dataset.subjects(RDF.type, OWL.Class)
            if str(c).startswith(str(SAHEL)) and str(c)[len(str(SAHEL)):] in used}
        self.subclass_count = {t: sum(1 for _ in loaded.dataset.subjects(RDFS.subClassOf, SAHEL[t]))
                               for t in self.type_names}

    def _value(self, loaded: LoadedData, node: URIRef | None, text: str) -> Value:
        if node is None:
            return Value(None, text, (normalise(text),))
        entry = self.index.by_iri.get(str(node))
        name = entry.label("en") if entry else loaded.label(node, "en")
        keys = {normalise(name), *(n.key for n in entry.names)} if entry else {normalise(name)}
        return Value(self.short_id(str(node)), name, tuple(sorted(keys)))

    def short_id(self, iri: str) -> str:
        return iri[len(self.id_space):] if iri.startswith(self.id_space) else iri

    def entry(self, short: str) -> Entry | None:
        return self.index.by_iri.get(self.id_space + short)

    def description(self, entry: Entry, lang: str = "en") -> str:
        """What tells namesakes apart: type, then the source's category."""
        category = self.values[entry.iri]["category"]
        return " · ".join([entry.type_label(lang), *(v.name for v in category)]).strip(" ·")

    def typed(self, entry: Entry, lang: str = "en") -> list[dict]:
        """The candidate's most specific type, as ``{id, name}``."""
        if not entry.type_iri:
            return []
        return [{"id": entry.type_iri[len(str(SAHEL)):], "name": entry.type_label(lang)}]

    def reconcile(self, query: dict) -> list[dict]:
        """Scored candidates for one query, best first; ``match`` only for a clear, near-certain winner."""
        text = normalise(query.get("query") or "")
        wanted = query.get("type")
        wanted = {wanted} if isinstance(wanted, str) else set(wanted or ())
        unknown = wanted - set(self.type_names)
        if unknown:
            raise ReconcileError(f"unknown type {sorted(unknown)[0]!r}; /reconcile/suggest/type lists them")
        constraints = [(c["pid"], c["v"] if isinstance(c["v"], list) else [c["v"]]) for c in query.get("properties", [])]
        limit = int(query.get("limit") or DEFAULT_LIMIT)
        candidates = []
        for entry in self.index.entries:
            if wanted and not wanted & set(self.types[entry.iri]):
                continue
            candidate = self._score(entry, text, constraints)
            if candidate.score >= LOWEST_SCORE:
                candidates.append(candidate)
        candidates.sort(key=lambda c: (-c.score, c.entry.label("en").casefold()))
        candidates = candidates[:max(1, min(limit, MAX_LIMIT))]
        return [self._result(c, i, candidates) for i, c in enumerate(candidates)]

    def _score(self, entry: Entry, text: str, constraints: list) -> Candidate:
        features: list[tuple[str, float | bool]] = []
        name_score = max((similarity(text, n.key) for n in entry.names), default=0.0) if text else 0.0
        if text:
            features.append(("name", round(name_score, 1)))
        matched = 0
        for pid, wanted in constraints:
            hit = self._property_matches(entry, pid, wanted)
            matched += hit
            features.append((f"property_{pid}", hit))
        if not constraints:
            score = name_score
        elif not text:
            score = 100.0 * matched / len(constraints) if matched else 0.0
        else:
            score = name_score * (0.75 + 0.25 * matched / len(constraints))
        return Candidate(entry, round(score, 1), tuple(features))

    def _property_matches(self, entry: Entry, pid: str, wanted: list) -> bool:
        """True when one of the candidate's values of ``pid`` is one of the wanted values (by id or by name)."""
        values = self.values[entry.iri].get(pid, ())
        for value in wanted:
            if isinstance(value, dict):
                ident, name = value.get("id"), value.get("name")
            else:
                ident, name = None, str(value).lower() if isinstance(value, bool) else str(value)
            for have in values:
                if ident and ident in (have.id, have.name, self.id_space + (have.id or "")):
                    return True
                if name and any(similarity(normalise(name), key) >= 90 for key in have.keys):
                    return True
        return False

    def _result(self, candidate: Candidate, rank: int, ranked: list[Candidate]) -> dict:
        entry = candidate.entry
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        match = rank == 0 and candidate.score >= MATCH_SCORE and candidate.score - runner_up >= MATCH_LEAD
        return {"id": self.short_id(entry.iri), "name": entry.label("en"), "description": self.description(entry),
                "score": candidate.score, "match": match, "type": self.typed(entry),
                "features": [{"id": fid, "value": value} for fid, value in candidate.features]}

    def suggest_entities(self, prefix: str, limit: int = 10) -> list[dict]:
        return [{"id": self.short_id(h.entry.iri), "name": h.entry.label("en"), "description": self.description(h.entry),
                 "notable": self.typed(h.entry)} for h in self.index.search(prefix, None, "en", limit)]

    def suggest_types(self, prefix: str, limit: int = 10) -> list[dict]:
        key = normalise(prefix)
        found = [(t, names) for t, names in self.type_names.items()
                 if not key or any(f" {key}" in f" {normalise(n)}" for n in (*names.values(), t))]
        found.sort(key=lambda item: (-self.subclass_count[item[0]], item[1]["en"]))
        return [self.type_json(t) for t, _ in found[:limit]]

    def type_json(self, type_id: str) -> dict:
        return {"id": type_id, "name": self.type_names[type_id]["en"]}

    def suggest_properties(self, prefix: str, limit: int = 10) -> list[dict]:
        key = normalise(prefix)
        return [{"id": p.id, "name": p.names["en"]} for p in PROPERTIES
                if not key or any(f" {key}" in f" {normalise(n)}" for n in (*p.names.values(), p.id))][:limit]

    def extend(self, ids: list[str], properties: list[dict]) -> dict:
        """Property values of reconciled entities (unknown entities get no values)."""
        unknown = [p["id"] for p in properties if p["id"] not in PROPERTY_BY_ID]
        if unknown:
            raise ReconcileError(f"unknown property {unknown[0]!r}; /reconcile/propose_properties lists them")
        chosen = [PROPERTY_BY_ID[p["id"]] for p in properties]
        meta = [{"id": p.id, "name": p.names["en"], **({"service": p.service} if p.service else {})} for p in chosen]
        rows = {}
        for short in ids:
            entry = self.entry(short)
            values = self.values[entry.iri] if entry else {}
            rows[short] = {p.id: [self._cell(p, v) for v in values.get(p.id, ())] for p in chosen}
        return {"meta": meta, "rows": rows}

    @staticmethod
    def _cell(prop: Property, value: Value) -> dict:
        if prop.service:  # a Wikidata item, reconciled against Wikidata's own service
            return {"id": value.name, "name": value.name}
        return {"id": value.id, "name": value.name} if value.id else {"str": value.name}
