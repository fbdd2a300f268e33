"""Write SPARQL results exactly as the W3C recommendations say; write graphs with Oxigraph's writers.

Terms are plain tuples, so both engines (pyoxigraph and rdflib) feed the same writers:
``("uri", iri)``, ``("bnode", label)``, ``("literal", lexical, datatype or None, language or None)``.
A literal's datatype is ``None`` for simple literals (``xsd:string``) and language-tagged strings.

- SPARQL 1.1 Query Results JSON Format: https://www.w3.org/TR/sparql11-results-json/
- SPARQL Query Results XML Format (Second Edition): https://www.w3.org/TR/rdf-sparql-XMLres/
- SPARQL 1.1 Query Results CSV and TSV Formats: https://www.w3.org/TR/sparql11-results-csv-tsv/
  (they define SELECT only; an ASK answer is written as a one-column table ``_askResult``.)
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from .formats import Format
from .prefixes import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
ASK_COLUMN = "_askResult"

Term = tuple
Row = Sequence[Term | None]

# Turtle's abbreviated numbers, used in TSV when the lexical form already has that shape.
NUMBER_SHAPES = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?([0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+"),
}
# A bare CR would come back as LF from any XML parser; in attributes, tabs and newlines would become spaces.
XML_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
XML_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;",
                                       "\n": "&#10;", "\t": "&#9;"})
XML_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not even as &#...;
TURTLE_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


class Unwritable(ValueError):
    """An answer the chosen format cannot carry: an RDF-star triple term, a character XML cannot hold."""


def _xml_safe(text: str) -> str:
    found = XML_UNWRITABLE.search(text)
    if found:
        raise Unwritable(f"the answer holds the character U+{ord(found[0]):04X}, which XML cannot carry; "
                         "ask for JSON, CSV or TSV (or a non-XML RDF format)")
    return text


def from_oxigraph(term) -> Term:
    """A pyoxigraph term as a tuple."""
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return ("literal", term.value, None, term.language)
        datatype = term.datatype.value
        return ("literal", term.value, None if datatype == XSD_STRING else datatype, None)
    raise Unwritable(f"the answer holds an RDF-star triple term ({term}); this endpoint writes RDF 1.1 terms only")


def from_rdflib(term) -> Term:
    """An rdflib term as a tuple (rdflib is imported here only: the Oxigraph workers never load it)."""
    from rdflib import BNode as RdflibBNode
    from rdflib import Literal as RdflibLiteral
    from rdflib import URIRef

    if isinstance(term, URIRef):
        return ("uri", str(term))
    if isinstance(term, RdflibBNode):
        return ("bnode", str(term))
    if isinstance(term, RdflibLiteral):
        datatype = str(term.datatype) if term.datatype else None
        if term.language:
            return ("literal", str(term), None, term.language)
        return ("literal", str(term), None if datatype == XSD_STRING else datatype, None)
    raise TypeError(f"unsupported term in results: {term!r}")


def rdflib_to_oxigraph(term):
    """An rdflib term as a pyoxigraph term (to write rdflib graphs with Oxigraph's writers)."""
    from rdflib import BNode as RdflibBNode
    from rdflib import URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, RdflibBNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def write_select(fmt: Format, variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    """A SELECT answer in ``fmt`` (json, xml, csv or tsv)."""
    return _SELECT_WRITERS[fmt.name](list(variables), rows)


def write_boolean(fmt: Format, value: bool) -> bytes:
    """An ASK answer in ``fmt``."""
    if fmt.name == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt.name == "xml":
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{SPARQL_RESULTS_NS}">\n'
                f"  <head/>\n  <boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n").encode()
    boolean = ("literal", "true" if value else "false", XSD + "boolean", None)
    return write_select(fmt, [ASK_COLUMN], [(boolean,)])


def write_graph(fmt: Format, triples: Iterable) -> bytes:
    """pyoxigraph triples in an RDF format; dataset formats put them in the default graph."""
    rdf_format = ox.RdfFormat.from_media_type(fmt.media_type)
    triples = list(triples)
    for triple in triples:
        for term in triple:
            if isinstance(term, ox.Triple):
                from_oxigraph(term)  # refused
            if rdf_format == ox.RdfFormat.RDF_XML and isinstance(term, ox.Literal):
                _xml_safe(term.value)
    if rdf_format.supports_datasets:
        triples = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes)


def _json_term(term: Term) -> dict:
    if term[0] != "literal":
        return {"type": term[0], "value": term[1]}
    if term[3]:
        return {"type": "literal", "value": term[1], "xml:lang": term[3]}
    if term[2]:
        return {"type": "literal", "value": term[1], "datatype": term[2]}
    return {"type": "literal", "value": term[1]}


def _write_json(variables: list[str], rows: Iterable[Row]) -> bytes:
    bindings = [{name: _json_term(term) for name, term in zip(variables, row) if term is not None} for row in rows]
    body = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def _attribute(value: str) -> str:
    """A quoted XML attribute value (``xml.sax.saxutils`` would load ``urllib.request`` into every worker)."""
    return '"' + value.translate(XML_ATTRIBUTE_ESCAPES) + '"'


def _xml_term(term: Term) -> str:
    text = _xml_safe(term[1]).translate(XML_TEXT_ESCAPES)
    if term[0] != "literal":
        return f"<{term[0]}>{text}</{term[0]}>"
    if term[3]:
        return f"<literal xml:lang={_attribute(term[3])}>{text}</literal>"
    if term[2]:
        return f"<literal datatype={_attribute(term[2])}>{text}</literal>"
    return f"<literal>{text}</literal>"


def _write_xml(variables: list[str], rows: Iterable[Row]) -> bytes:
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{SPARQL_RESULTS_NS}">\n  <head>\n']
    out += [f"    <variable name={_attribute(name)}/>\n" for name in variables]
    out.append("  </head>\n  <results>\n")
    for row in rows:
        out.append("    <result>")
        out += [f"<binding name={_attribute(name)}>{_xml_term(term)}</binding>"
                for name, term in zip(variables, row) if term is not None]
        out.append("</result>\n")
    out.append("  </results>\n</sparql>\n")
    return "".join(out).encode()


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    return "_:" + term[1] if term[0] == "bnode" else term[1]


def _write_csv(variables: list[str], rows: Iterable[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_csv_value(term) for term in row] for row in rows)
    return buffer.getvalue().encode()


def _tsv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if term[0] == "uri":
        return f"<{term[1]}>"
    if term[0] == "bnode":
        return "_:" + term[1]
    _, lexical, datatype, language = term
    if language:
        return f'"{lexical.translate(TURTLE_ESCAPES)}"@{language}'
    if datatype in NUMBER_SHAPES and NUMBER_SHAPES[datatype].fullmatch(lexical):
        return lexical
    suffix = f"^^<{datatype}>" if datatype else ""
    return f'"{lexical.translate(TURTLE_ESCAPES)}"{suffix}'


def _write_tsv(variables: list[str], rows: Iterable[Row]) -> bytes:
    lines = ["\t".join("?" + name for name in variables)]
    lines += ["\t".join(_tsv_value(term) for term in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


_SELECT_WRITERS = {"json": _write_json, "xml": _write_xml, "csv": _write_csv, "tsv": _write_tsv}
