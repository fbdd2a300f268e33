"""Every statement in data/ is traceable to the words of the source, with the certainty the text gives."""

import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from sahel_ld.config import load_config
from sahel_ld.namespaces import SAHEL, SOURCE
from sahel_ld.store import load

ROOT = Path(__file__).resolve().parents[1]
SOURCE_TEXT = ROOT / "sources" / "actors-of-conflict-in-mali.txt"
STATED = URIRef("https://w3id.org/sahel-ld/id/concept/stated")
HEDGES = re.compile(r"\b(believed|alleged|allegedly|alleging|purportedly|possibly|according to|ostensibly|accusations)\b",
                    re.IGNORECASE)
# Facts about identity and reference data rather than statements of the text.
NOT_STATEMENTS = {SAHEL.category, SAHEL.within, SAHEL.countryCode, SAHEL.coordinateSource, SAHEL.geonamesId,
                  SAHEL.informationPeriod, SAHEL.disclaimer, SAHEL.repositoryFile, SAHEL.sha256}
# Qualified nodes: they carry provenance, they are not entities.
QUALIFIED = {SAHEL.Claim, SAHEL.WikidataLink}


def normalise(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def data():
    return load(load_config({"root": str(ROOT), "store": "memory"})).data_graph()


@pytest.fixture(scope="module")
def source_text() -> str:
    return normalise(SOURCE_TEXT.read_text(encoding="utf-8"))


def claims(data):
    return sorted(data.subjects(RDF.type, SAHEL.Claim))


def test_there_are_claims(data):
    assert len(claims(data)) > 100


def test_every_quote_occurs_in_the_source_text(data, source_text):
    missing = [(str(c), str(q)) for c in claims(data) for q in data.objects(c, SAHEL.quote)
               if normalise(str(q)) not in source_text]
    assert missing == []


def test_every_claim_is_derived_from_the_source_document(data):
    source = SOURCE["actors-of-conflict-in-mali"]
    assert [str(c) for c in claims(data) if (c, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), source)
            not in data] == []


def test_no_hedged_quote_is_recorded_as_stated(data):
    wrong = [str(c) for c in claims(data) if data.value(c, SAHEL.certainty) == STATED
             and any(HEDGES.search(str(q)) for q in data.objects(c, SAHEL.quote))]
    assert wrong == []


def test_every_hedge_of_the_text_is_kept_by_a_hedged_claim(data, source_text):
    sentences = re.split(r"(?<=[.!?])\s+", source_text)
    hedged_quotes = [normalise(str(q)) for c in claims(data) if data.value(c, SAHEL.certainty) != STATED
                     for q in data.objects(c, SAHEL.quote)]
    lost = [s for s in sentences if HEDGES.search(s) and not any(q in s or s in q for q in hedged_quotes)]
    assert lost == []


def test_every_statement_in_data_has_a_claim(data):
    quoted = {(data.value(c, SAHEL.subject), data.value(c, SAHEL.property),
               data.value(c, SAHEL.object) or data.value(c, SAHEL.value)) for c in claims(data)}
    qualified = {s for cls in QUALIFIED for s in data.subjects(RDF.type, cls)}
    bare = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in data
                  if p.startswith(str(SAHEL)) and p not in NOT_STATEMENTS and s not in qualified
                  and (s, p, o) not in quoted)
    assert bare == []


def test_every_entity_is_named_in_english_and_french(data):
    entities = {s for s, o in data.subject_objects(RDF.type)
                if isinstance(o, URIRef) and o.startswith(str(SAHEL)) and o not in QUALIFIED}
    problems = []
    for entity in sorted(entities):
        english = [l for l in data.objects(entity, RDFS.label) if isinstance(l, Literal) and l.language == "en"]
        pref = {l.language for l in data.objects(entity, SKOS.prefLabel) if isinstance(l, Literal)}
        if len(english) != 1 or not {"en", "fr"} <= pref:
            problems.append(str(entity))
    assert problems == []
