"""The data says no more than the text: one test per kind of over-reading, each over every claim of the data.

Each test states a rule that the reading of a sentence must follow and checks it everywhere, so that the
over-readings once found (a claim of responsibility recorded as a deed, "very rarely" as "never", "either … or"
as "both", a part recorded as the whole, a parenthesis applied beyond its name, two plain triples that contradict
each other, a number out of its scope, a component of something else than what the quote names, a category the
text's headings do not give) cannot come back. The last test lists the names and numbers of the text that live
only in a note, a qualifier or a time or casualty note; each must be justified in data/README.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from sahel_ld.config import load_config
from sahel_ld.namespaces import SAHEL, SOURCE
from sahel_ld.store import load

ROOT = Path(__file__).resolve().parents[1]
TEXT = ROOT / "sources" / "actors-of-conflict-in-mali.txt"
DATA_README = ROOT / "data" / "README.md"
CPT = "https://w3id.org/sahel-ld/id/concept/"
DIRECTIONS = ("northern", "southern", "eastern", "western", "central", "north-eastern", "north-western",
              "south-eastern", "south-western")
# Relations that place an actor within the structure of an actor the text profiles.
STRUCTURE = (SAHEL.memberOf, SAHEL.componentOf, SAHEL.branchOf, SAHEL.partOf, SAHEL.splitFrom, SAHEL.splitFromOneOf,
             SAHEL.alignedWith, SAHEL.allegianceTo, SAHEL.alliedWith, SAHEL.succeeded)
# "one" is left out: "one of the main groups" is not a count.
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12}
NOTES = (SKOS.note, SAHEL.qualifier, SAHEL.timeNote, SAHEL.casualtyNote)


@pytest.fixture(scope="module")
def loaded():
    return load(load_config({"root": str(ROOT), "store": "memory"}))


@pytest.fixture(scope="module")
def data(loaded):
    return loaded.data_graph()


@pytest.fixture(scope="module")
def members(loaded, data):
    """The entities of the data that are instances of a class or of any of its sub-classes."""
    ontology = loaded.ontology_graph()

    def of(cls: URIRef) -> set:
        classes = set(ontology.transitive_subjects(RDFS.subClassOf, cls))
        return {s for c in classes for s in data.subjects(RDF.type, c) if isinstance(s, URIRef)}

    return of


def claims(data):
    return sorted(data.subjects(RDF.type, SAHEL.Claim))


def quotes(data, claim) -> list[str]:
    return [" ".join(str(q).split()) for q in data.objects(claim, SAHEL.quote)]


def names(data, entity) -> list[str]:
    """The English label and the other names of an entity."""
    return [str(n) for p in (RDFS.label, SKOS.altLabel) for n in data.objects(entity, p)]


def negated(data, claim) -> bool:
    return bool(data.value(claim, SAHEL.negated))


def test_a_claim_of_responsibility_is_not_recorded_as_a_deed(data):
    # "It took credit for … several attacks against security forces": the group claimed them; the text does
    # not say it carried them out, nor against which state's army.
    credit = re.compile(r"\b(took credit|claims? responsibility|claimed)\b", re.IGNORECASE)
    wrong = [str(c) for c in claims(data) if any(credit.search(q) for q in quotes(data, c))
             and data.value(c, SAHEL.property) not in (SAHEL.claimedBy, SAHEL.activity, SAHEL.date,
                                                        SAHEL.location, SAHEL.targetKind, SAHEL.target,
                                                        SAHEL.killedCount, SAHEL.casualtyNote, SAHEL.hasCount,
                                                        SAHEL.countKind, SAHEL.countedGroup, SAHEL.countValue)]
    assert wrong == []
    deeds = [str(c) for c in claims(data) if any(credit.search(q) for q in quotes(data, c))
             and data.value(c, SAHEL.property) in (SAHEL.perpetrator, SAHEL.attacked)]
    assert deeds == []


def test_rarely_is_not_never(data):
    # "the group very rarely claims attacks" says it sometimes does: no negated claim rests on a frequency word.
    frequency = re.compile(r"\b(rarely|seldom|occasionally|sometimes|at times|often|hardly)\b", re.IGNORECASE)
    assert [str(c) for c in claims(data) if negated(data, c) and any(frequency.search(q) for q in quotes(data, c))] == []


def test_a_disjunction_is_not_read_as_a_conjunction(data):
    # "split away either from the CMA (especially the MNLA) or the Plateforme": each alternative is a
    # "one of" statement, never a plain relation to every alternative.
    either = re.compile(r"\beither\b.*\bor\b")
    wrong = [str(c) for c in claims(data) if any(either.search(q) for q in quotes(data, c))
             and not str(data.value(c, SAHEL.property)).endswith("OneOf")]
    assert wrong == []


def test_what_the_text_says_of_some_fighters_is_not_said_of_their_whole_group(data):
    # "Dawsahak fighters whose origins are in Ménaka and Gao", "al-Mourabitoun fighters loyal to Mokhtar
    # Belmokhtar": statements about those fighters, not about the Dawsahak or al-Mourabitoun as a whole.
    wrong = []
    for c in claims(data):
        subject = data.value(c, SAHEL.subject)
        if any(re.search(rf"\b{re.escape(name)} fighters\b", q) for name in names(data, subject)
               for q in quotes(data, c)):
            wrong.append(str(c))
    assert wrong == []


def test_a_place_qualified_community_is_not_another_name_of_the_whole_community(data, members):
    # "Timbuktu-area Arab populations" are a part of the Arabs, not one of their names.
    place_names = {n for place in members(SAHEL.Place) for n in names(data, place) if len(n) > 3}
    assert "Timbuktu" in place_names
    wrong = [(str(com), alt) for com in data.subjects(RDF.type, SAHEL.Community)
             for alt in map(str, data.objects(com, SKOS.altLabel))
             if any(re.search(rf"\b{re.escape(p)}\b", alt) for p in place_names)]
    assert wrong == []


def test_a_parenthesis_qualifies_only_the_name_before_it(data):
    # "Almansour Ag Alkassoum (before his death) and his fighters": the words in parentheses date the contact
    # with him, not with his fighters; nor does his death end his leadership unless the text says so.
    wrong = []
    for c in claims(data):
        for q in quotes(data, c):
            for before, inside in re.findall(r"([\w’' -]+?) \(([^)]+)\)", q):
                carried = {str(t) for t in data.objects(c, SAHEL.timeNote)}
                if inside in carried and not any(before.endswith(n) for n in names(data, data.value(c, SAHEL.object))):
                    wrong.append(str(c))
    ended = [str(c) for c in claims(data) if data.value(c, SAHEL.endDate) is not None
             and not any(re.search(r"\b(\d{4}|died|death)\b", q) for q in quotes(data, c))]
    assert wrong == [] and ended == []


def test_no_two_plain_triples_contradict_each_other(data):
    # "the Dogon makes up a sizeable portion of the non-Muslim population, though there are also ethnic Dogon
    # communities that are Muslim": a proportion, not the Dogon both "Muslim" and "non-Muslim".
    contradictions = []
    for s, p in {(s, p) for s, p, o in data if isinstance(o, Literal) and str(p).startswith(str(SAHEL))}:
        values = {str(o).casefold() for o in data.objects(s, p) if isinstance(o, Literal)}
        contradictions += [(str(s), str(p), v) for v in values if f"non-{v}" in values or f"not {v}" in values]
    assert contradictions == []


def test_a_number_keeps_the_scope_the_text_gives_it(data):
    # "around 1,500 troops in northern Mali" applies in northern Mali, not in Mali; likewise a place a claim
    # points at is not a country the quote qualifies by a direction ("western Niger").
    wrong = []
    for c in claims(data):
        places = list(data.objects(c, SAHEL.appliesIn))
        if data.value(c, SAHEL.property) in (SAHEL.operatesIn, SAHEL.deployedIn, SAHEL.basedIn, SAHEL.near):
            places.append(data.value(c, SAHEL.object))
        for place in places:
            for name in names(data, place):
                if name.startswith(DIRECTIONS):
                    continue
                for q in quotes(data, c):
                    if re.search(rf"\b({'|'.join(DIRECTIONS)}) (and \w+ )?{re.escape(name)}\b", q):
                        wrong.append((str(c), name))
    assert wrong == []


def test_a_component_is_a_component_of_what_the_quote_names(data):
    # "The MSA-D is the component part of the alliance with GATIA" does not say that the MSA-D is a
    # component of the MSA.
    part_of = re.compile(r"\b(?:component part|component|part|branch)s? of (?:the )?([^,.;(–]+)")
    wrong = []
    for c in claims(data):
        if data.value(c, SAHEL.property) not in (SAHEL.componentOf, SAHEL.branchOf, SAHEL.partOf):
            continue
        whole = names(data, data.value(c, SAHEL.object))
        for q in quotes(data, c):
            for named in part_of.findall(q):
                if not any(n.casefold() in named.casefold() for n in whole):
                    wrong.append((str(c), named.strip()))
    assert wrong == []


def headings() -> dict[str, str]:
    """The section headings of the text, each with the part (category concept) it is under."""
    parts = {"Jihadists": "jihadist", "Non-Jihadists": "non-jihadist", "Foreign Actors": "foreign-actor"}
    found, part = {}, None
    for block in re.split(r"\n\s*\n", TEXT.read_text(encoding="utf-8")):
        line = block.strip()
        if line in parts:
            part = parts[line]
        elif part and "\n" not in line and len(line) < 60 and not line.endswith("."):
            found[line] = part
    return found


def test_a_source_category_comes_from_the_text_s_headings(data):
    # Actors the text profiles under a heading get its part's category, and so do the groups it places in
    # their structure (members, components, branches, parts, splits, allegiances, alliances, successions) or
    # whose organisation it describes; an actor named only as someone's adversary or origin gets none.
    heads = headings()
    assert len(heads) == 12
    categorised = dict(data.subject_objects(SAHEL.category))
    headed = {a: part for a in categorised for h, part in heads.items()
              if any(re.search(rf"\b{re.escape(n.casefold())}\b", h.casefold()) for n in names(data, a))}
    assert {str(a) for a, part in headed.items() if str(categorised[a]) != CPT + part} == set()
    linked, frontier = set(headed), set(headed)
    while frontier:
        step = {o for a in frontier for p in STRUCTURE for o in data.objects(a, p)}
        step |= {s for a in frontier for p in STRUCTURE for s in data.subjects(p, a)}
        frontier = {x for x in step if isinstance(x, URIRef)} - linked
        linked |= frontier
    described = set(data.subjects(SAHEL.organisationalForm, None))
    assert sorted(str(a) for a in categorised if a not in linked | described) == []


def word(name: str) -> str:
    """A pattern for a name as a whole word (not a part of a longer, hyphenated name)."""
    return rf"(?<![\w-]){re.escape(name)}(?![\w-])"


def numbers(text: str) -> set[int]:
    """The numbers a text gives in digits (not as part of a name such as CMFPR-1) or in words."""
    found = {int(n.replace(",", "")) for n in re.findall(r"(?<![\w-])\d[\d,]*\b", text)}
    return found | {v for w, v in NUMBER_WORDS.items() if re.search(rf"\b{w}\b", text, re.IGNORECASE)}


def mentioned(text: str, named: dict[str, URIRef]) -> set:
    """The things a text names, longest names first, so that "Algiers Accords" is not read as Algiers."""
    found = set()
    for name in sorted(named, key=len, reverse=True):
        if re.search(word(name), text):
            found.add(named[name])
            text = re.sub(word(name), " ", text)
    return found


def neighbours(data) -> dict:
    """Every resource with the resources and literals one step away from it, either way (types left out)."""
    near: dict = {}
    for s, p, o in data:
        if p != RDF.type:
            near.setdefault(s, set()).add(o)
            near.setdefault(o, set()).add(s)
    return near


def nearby(data, near: dict, node) -> tuple[set, set[int]]:
    """What the graph says near a note's subject: the resources and the numbers two steps away (for a claim,
    counted from its subject, object and places), with the places containing them."""
    start = {node}
    if (node, RDF.type, SAHEL.Claim) in data:
        start |= {data.value(node, p) for p in (SAHEL.subject, SAHEL.object)} | set(data.objects(node, SAHEL.appliesIn))
        start.discard(None)
    resources = set(start)
    for _ in range(2):
        resources |= {o for r in resources if isinstance(r, URIRef) for o in near.get(r, ())}
    resources |= {w for r in list(resources) if isinstance(r, URIRef) for w in data.transitive_objects(r, SAHEL.within)}
    # A count is a resource's own fact: its number is as near as the resource.
    resources |= {v for r in list(resources) if isinstance(r, URIRef) for count in data.objects(r, SAHEL.hasCount)
                  for v in data.objects(count, None)}
    values = set()
    for o in resources:
        if isinstance(o, Literal):
            text = str(o)
            if re.fullmatch(r"-?\d+(\.\d+)?", text):
                values.add(int(float(text)))
            elif re.match(r"\d{4}", text):
                values.add(int(text[:4]))
    return resources, values


def unstructured(data, members) -> list[str]:
    """Notes and qualifiers holding a name or a number of the text that no nearby triple holds."""
    text = TEXT.read_text(encoding="utf-8")
    of_the_text = numbers(text)
    things = {e for cls in (SAHEL.Actor, SAHEL.Place, SAHEL.Community, SAHEL.Event, SAHEL.Agreement,
                            SAHEL.Programme, SAHEL.PeaceProcess, SAHEL.Policy) for e in members(cls)}
    named = {n: e for e in things for n in names(data, e) if len(n) > 2 and re.search(word(n), text)}
    of_text = set(data.subjects(PROV.wasDerivedFrom, SOURCE["actors-of-conflict-in-mali"]))
    near, found = neighbours(data), []
    for p in NOTES:
        for s, note in data.subject_objects(p):
            if s not in of_text:
                continue
            resources, values = nearby(data, near, s)
            missing = {names(data, e)[0] for e in mentioned(str(note), named) - resources}
            missing |= {str(n) for n in (numbers(str(note)) & of_the_text) - values}
            if missing:
                found.append(f"{str(s).rsplit('/', 1)[-1]}: {', '.join(sorted(missing))}")
    return sorted(set(found))


def test_names_and_numbers_in_notes_have_their_triples_or_are_justified(data, members):
    # Anything the text states as a fact is a triple with its claim; what remains in a note or a qualifier
    # with a name or a number of the text is listed, with the reason, in data/README.md.
    readme = DATA_README.read_text(encoding="utf-8")
    section = readme.split("## Names and numbers left in notes", 1)[1].split("\n## ", 1)[0]
    justified = set(re.findall(r"^- `([^`]+)`", section, re.M))
    assert unstructured(data, members) == sorted(justified)
