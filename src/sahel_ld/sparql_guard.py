"""What a query text may ask for, decided before any engine sees it.

The check reads the text's tokens (the terminals of the SPARQL 1.1 grammar) rather than a parse tree, so it
accepts every valid query that Oxigraph accepts, whatever rdflib's parser makes of it. It refuses:

- empty, overlong, deeply nested or overlong-structured texts (400): the engines' parsers and evaluators
  recurse on every bracket and along every chain (operators, path steps, list items, the patterns of a
  group: triples, ``UNION``, ``OPTIONAL``, ``MINUS``, ``BIND``, ``FILTER`` ...), and a short text can make
  one recurse deep enough to crash; so the guard counts them, per bracket and in the whole query;
- SPARQL Update sent as a query (400: it is not a query; the endpoint is read-only): the first keyword after
  the prologue is an update operation;
- ``SERVICE`` (400): the letters ``service``, in any case, anywhere outside strings, IRIs, comments,
  variables, language tags, blank node labels and the local part of prefixed names. Oxigraph's parser
  reads a keyword glued to the word before or after it (``trueSERVICE<…>``, ``SERVICEex:x``), so a
  whole-word match is not enough; the price is that a prefix whose name contains ``service`` is refused;
- ``FROM`` and ``FROM NAMED`` naming a graph the endpoint does not hold (400).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

from .sparql_worker import QueryError

MAX_NESTING = 100  # brackets deeper than this are refused: parsers recurse per bracket
MAX_CHAIN = 500  # operators, patterns or list items in one bracket (Oxigraph crashed past ~1,000 on 8 MiB)
MAX_STRUCTURE = 5000  # all of them in the whole query (workers evaluate on a 64 MiB stack)
OPERATORS = frozenset("!&|+-*/^=<>")  # the signs of operator chains and property paths, one character each
PATTERN_WORDS = frozenset({"BIND", "OPTIONAL", "MINUS", "UNION", "FILTER", "GRAPH", "VALUES", "EXISTS", "AS"})
PATTERN_MARKS = frozenset(".;,")
TERMS = frozenset({"iri", "pname", "variable", "string", "bnode", "number", "word", "langtag"})
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"\\[tbnrf\\\"']"
_NAME = r"[^\W\d_][\w\-.\u00B7\u0300-\u036F\u203F-\u2040]*"  # PN_PREFIX (a little wider: harmless here)
_TOKENS = re.compile(rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''
             | \"\"\"(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*\"\"\"
             | '(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*'
             | "(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*")
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<variable>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<bnode>_:[\w\-.\u00B7\u0300-\u036F\u203F-\u2040]*)
  | (?P<pname>(?P<prefix>{_NAME})?:(?P<local>(?:[\w\-.:%\u00B7\u0300-\u036F\u203F-\u2040]|\\[_~.\-!$&'()*+,;=/?#@%])*))
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
_SERVICE = re.compile("service", re.IGNORECASE)
_LOCAL_ESCAPE = re.compile(r"\\(.)")


@dataclass(frozen=True)
class Inspection:
    """The graphs a query's ``FROM`` and ``FROM NAMED`` clauses name."""

    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()


def _tokens(text: str) -> list[tuple[str, re.Match]]:
    return [(m.lastgroup, m) for m in _TOKENS.finditer(text) if m.lastgroup not in ("space", "comment")]


def _unescape_iri(iri: str) -> str:
    return re.sub(_UCHAR, lambda m: chr(int(m[0][2:], 16)), iri)


def _check_shape(tokens: list[tuple[str, re.Match]]) -> None:
    """Refuse empty texts, deep nesting, and chains or groups too long for the engine to recurse along."""
    if not tokens:
        raise QueryError(400, "the query is empty (or only comments)")
    frames = [_Frame("{")]  # the query itself, then one per open bracket
    total = deepest = 0
    previous = ""
    for kind, match in tokens:
        text, after_word, previous = match[0], previous == "word", kind
        frame, counted = frames[-1], None
        if kind == "other" and text in "({[":
            if not frame.data and not (text == "(" and after_word):  # a function's own brackets: no new item
                counted = "patterns"
            frames.append(_Frame(text, data=frame.data or frame.values_next and text == "{"))
            frame.values_next = frame.values_next and text != "{"
            deepest = max(deepest, len(frames) - 1)
        elif kind == "other" and text in ")}]":
            frames = frames[:-1] or frames
        elif frame.data:
            continue  # the rows of a VALUES block are data, not structure
        elif kind == "other" and text in OPERATORS:
            counted = "operators"
        elif kind == "other" and text in PATTERN_MARKS or kind == "word" and text.upper() in PATTERN_WORDS:
            counted = "patterns"
            frame.values_next = text.upper() == "VALUES"
        elif kind in TERMS and frame.bracket == "(":
            counted = "list items"
        if counted:
            frame.count(counted, match)
            total += 1
    if deepest > MAX_NESTING:
        raise QueryError(400, f"the query nests brackets {deepest} deep; the limit is {MAX_NESTING}")
    if total > MAX_STRUCTURE:
        raise QueryError(400, f"the query has {total} operators, patterns and list items; the limit is "
                              f"{MAX_STRUCTURE}: split it, or move long lists of values into VALUES")


class _Frame:
    """What one bracket directly holds, counted as the tokens come."""

    def __init__(self, bracket: str, data: bool = False) -> None:
        self.bracket, self.data, self.values_next = bracket, data, False
        self.counts: dict[str, int] = {}

    def count(self, what: str, match: re.Match) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1
        if self.counts[what] > MAX_CHAIN:
            line = match.string.count("\n", 0, match.start()) + 1
            raise QueryError(400, f"the query has more than {MAX_CHAIN} {what} in one bracket (line {line}); "
                                  f"the engine recurses along each of them: split the query, or move long lists "
                                  f"of values into VALUES")


def _refuse_service(tokens: list[tuple[str, re.Match]]) -> None:
    for kind, match in tokens:
        code = match[0] if kind == "word" else (match["prefix"] or "") if kind == "pname" else ""
        if _SERVICE.search(code):
            line = match.string.count("\n", 0, match.start()) + 1
            raise QueryError(400, f"SERVICE is not allowed (line {line}): this endpoint does not query other "
                                  "services; run federated queries in your own SPARQL client"
                                  + ("" if code.upper() == "SERVICE" else
                                     f" (the word '{code}' reads as SERVICE to the parser; rename it)"))


class _Prologue:
    """BASE and PREFIX declarations, to resolve the IRIs of FROM clauses."""

    def __init__(self, base_iri: str) -> None:
        self.base, self.prefixes = base_iri, {}

    def resolve(self, kind: str, match: re.Match) -> str | None:
        if kind == "iri":
            return urljoin(self.base, _unescape_iri(match[0][1:-1]))
        if kind == "pname" and (match["prefix"] or "") in self.prefixes:
            return self.prefixes[match["prefix"] or ""] + _LOCAL_ESCAPE.sub(r"\1", match["local"])
        return None


@lru_cache(maxsize=128)
def inspect(text: str, base_iri: str, max_length: int = 100_000) -> Inspection:
    """Check a query text (raises QueryError) and say what it asks for."""
    if len(text) > max_length:  # before reading it
        raise QueryError(400, f"the query is {len(text)} characters long; the limit is {max_length}")
    tokens = _tokens(text)
    _check_shape(tokens)
    _refuse_service(tokens)
    prologue, index = _Prologue(base_iri), 0
    while index < len(tokens) and tokens[index][1][0].upper() in ("BASE", "PREFIX"):
        keyword = tokens[index][1][0].upper()
        if keyword == "BASE" and index + 1 < len(tokens) and tokens[index + 1][0] == "iri":
            prologue.base = prologue.resolve(*tokens[index + 1])
            index += 2
        elif keyword == "PREFIX" and index + 2 < len(tokens) and tokens[index + 1][0] == "pname" \
                and tokens[index + 2][0] == "iri":
            prologue.prefixes[tokens[index + 1][1]["prefix"] or ""] = prologue.resolve(*tokens[index + 2])
            index += 3
        else:
            return Inspection()  # no query: the engine reports the syntax error
    first = tokens[index][1][0].upper() if index < len(tokens) else ""
    if first in UPDATES:
        raise QueryError(400, "this is a SPARQL Update, not a query: this endpoint is read-only and refuses updates")
    if first not in FORMS:
        return Inspection()  # no query: the engine reports the syntax error
    graphs: dict[str, list[str]] = {"default": [], "named": []}
    for position, (kind, match) in enumerate(tokens):
        if kind == "word" and match[0].upper() == "FROM":
            named = position + 1 < len(tokens) and tokens[position + 1][1][0].upper() == "NAMED"
            target = tokens[position + 1 + named] if position + 1 + named < len(tokens) else ("", None)
            iri = prologue.resolve(*target) if target[1] is not None else None
            if iri is not None:
                graphs["named" if named else "default"].append(iri)
    return Inspection(tuple(graphs["default"]), tuple(graphs["named"]))


def check_graphs(inspection: Inspection, graphs: tuple[str, ...]) -> None:
    """Refuse FROM and FROM NAMED clauses that name a graph not in ``graphs``."""
    for graph in inspection.from_graphs + inspection.from_named:
        if graph not in graphs:
            raise QueryError(400, f"FROM names a graph this endpoint does not hold: <{graph}>; "
                                  f"its graphs are: {', '.join('<%s>' % g for g in graphs)}")
