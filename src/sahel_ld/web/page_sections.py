"""How a resource page arranges its relations: by what they mean to a reader (Members, Leaders, Allies, Rivals,
Areas, Attacks, ...), whichever direction the triple points, and which quote supports which statements."""

from __future__ import annotations

from dataclasses import dataclass, field

# Each section: its anchor, then the properties (local names of sahel: terms) it gathers, pointing out of the
# resource ("out": the resource is the subject), into it ("in") or either way ("any"). Sections are shown in this
# order; a property's groups follow the order listed here.
READER_SECTIONS: tuple[tuple[str, dict[str, str]], ...] = (
    ("event", {"out": "date perpetrator claimedBy attributedTo target victim killedCount casualtyNote participant "
                      "pledgedBy pledgedTo recognisedBy recognises originalOrganization resultingOrganization "
                      "signedBy agreement concerns"}),
    ("members", {"in": "memberOf componentOf branchOf foundingMemberOf partOf subgroupOf"}),
    ("leaders", {"in": "headOf founderOf militaryCommanderOf politicalRepresentativeOf replacedAsLeader"}),
    ("part-of", {"out": "memberOf componentOf branchOf foundingMemberOf partOf subgroupOf signatoryOf "
                        "participatesIn implements"}),
    ("roles", {"out": "headOf founderOf militaryCommanderOf politicalRepresentativeOf replacedAsLeader role"}),
    ("allies", {"any": "allegianceTo alignedWith alliedWith cooperatesWith supports promotedBy trains"}),
    ("rivals", {"any": "clashedWith fightsAgainst attacked accusedOf"}),
    ("relations", {"any": "associatedWith inContactWith operatesInProximityTo"}),
    ("areas", {"out": "operatesIn basedIn deployedIn hasHeadquarters hasBase hasSite locatedAt location within country "
                      "appliesIn"}),
    ("here", {"in": "operatesIn basedIn deployedIn hasHeadquarters hasBase hasSite locatedAt within country appliesIn "
                    "originatesFrom"}),
    ("attacks", {"in": "perpetrator claimedBy attributedTo"}),
    ("events", {"in": "target victim participant pledgedBy pledgedTo recognisedBy recognises originalOrganization "
                      "resultingOrganization signedBy agreement concerns location"}),
    ("lineage", {"any": "emergedFrom splitFrom succeeded siblingOf composedOf recruitsFrom nameCoinedBy",
                 "out": "originatesFrom ethnicity religion"}),
    ("size", {"out": "organisationalForm troopStrength regionalTroopStrength annualBudgetEUR"}),
    ("aims", {"out": "aim ideology meaning tactic activity"}),
)
OTHER = "other"
_PLACE: dict[tuple[str, str], tuple[int, int]] = {}
for _i, (_key, _ways) in enumerate(READER_SECTIONS):
    for _way, _names in _ways.items():
        for _j, _name in enumerate(_names.split()):
            for _direction in (("out", "in") if _way == "any" else (_way,)):
                _PLACE.setdefault((_name, _direction), (_i, _j))


def place_of(local_name: str, incoming: bool) -> tuple[int, int]:
    """(section number, rank within it) of a property's group; unknown properties go to the last section."""
    return _PLACE.get((local_name, "in" if incoming else "out"), (len(READER_SECTIONS), 0))


def section_key(number: int) -> str:
    return READER_SECTIONS[number][0] if number < len(READER_SECTIONS) else OTHER


@dataclass
class ReaderSection:
    """A section of the page: its anchor (``members``), and the property groups it holds."""

    key: str
    groups: list = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many linked things or values the section lists."""
        return sum(len(g.entries) for g in self.groups)


@dataclass
class Quote:
    """A sentence of a source, shown once, with the statements it supports: (heading, [(other, statement)])."""

    number: int
    text: str
    source: object
    supports: list[tuple[str, list]] = field(default_factory=list)

    def add(self, heading: str, other, statement) -> None:
        """Record a supported statement under the heading it is listed under on the page, once."""
        if any(s.claim == statement.claim for _, pairs in self.supports for _, s in pairs):
            return
        for known, pairs in self.supports:
            if known == heading:
                pairs.append((other, statement))
                return
        self.supports.append((heading, [(other, statement)]))


def arrange(groups: list) -> list[ReaderSection]:
    """Property groups (each with ``place``) gathered into reader sections, in the sections' order."""
    sections: dict[str, ReaderSection] = {}
    for group in sorted(groups, key=lambda g: (g.place, g.heading.casefold())):
        key = section_key(group.place[0])
        sections.setdefault(key, ReaderSection(key)).groups.append(group)
    return list(sections.values())


def number_quotes(sections: list[ReaderSection]) -> list[Quote]:
    """Number each distinct (quote, source) in reading order; every statement learns its quotes' numbers."""
    quotes: dict[tuple, Quote] = {}
    for section in sections:
        for group in section.groups:
            for entry in group.entries:
                for statement in entry.statements:
                    for text in statement.quotes:
                        key = (text, statement.source)
                        quote = quotes.setdefault(key, Quote(len(quotes) + 1, text, statement.source))
                        statement.refs.append(quote.number)
                        quote.add(group.heading, entry.other, statement)
    return list(quotes.values())

