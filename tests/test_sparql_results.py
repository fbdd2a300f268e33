"""The results writers, byte for byte against the W3C formats."""

import csv
import io
import json
import xml.etree.ElementTree as ET

from sahel_ld.formats import by_name
from sahel_ld.results import write_boolean, write_select

XSD = "http://www.w3.org/2001/XMLSchema#"
VARIABLES = ["s", "label", "n"]
ROWS = [
    (("uri", "https://w3id.org/sahel-ld/id/place/menaka"), ("literal", "Ménaka", None, "fr"),
     ("literal", "42", XSD + "integer", None)),
    (("bnode", "b0"), ("literal", 'say "hi",\tthen\nleave\r\n<&>', None, None), None),
    (None, ("literal", "جماعة نصرة الإسلام والمسلمين", None, "ar"), ("literal", "2017-03", XSD + "gYearMonth", None)),
]


def test_json_results_follow_the_json_format():
    body = json.loads(write_select(by_name("json"), VARIABLES, ROWS))
    assert body["head"] == {"vars": VARIABLES}
    first, second, third = body["results"]["bindings"]
    assert first == {"s": {"type": "uri", "value": "https://w3id.org/sahel-ld/id/place/menaka"},
                     "label": {"type": "literal", "value": "Ménaka", "xml:lang": "fr"},
                     "n": {"type": "literal", "value": "42", "datatype": XSD + "integer"}}
    assert second == {"s": {"type": "bnode", "value": "b0"},
                      "label": {"type": "literal", "value": 'say "hi",\tthen\nleave\r\n<&>'}}
    assert "s" not in third and third["label"]["xml:lang"] == "ar"


def test_xml_results_follow_the_xml_format():
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(write_select(by_name("xml"), VARIABLES, ROWS))
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == VARIABLES
    results = root.findall("r:results/r:result", ns)
    label = results[0].find("r:binding[@name='label']/r:literal", ns)
    assert label.text == "Ménaka" and label.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert results[1].find("r:binding[@name='s']/r:bnode", ns).text == "b0"
    assert results[1].find("r:binding[@name='label']/r:literal", ns).text == 'say "hi",\tthen\nleave\r\n<&>'
    assert results[1].find("r:binding[@name='n']", ns) is None
    assert results[2].find("r:binding[@name='n']/r:literal", ns).get("datatype") == XSD + "gYearMonth"


def test_csv_results_follow_the_csv_format():
    body = write_select(by_name("csv"), VARIABLES, ROWS).decode()
    assert body.startswith("s,label,n\r\n")
    assert body.split("\r\n")[1] == "https://w3id.org/sahel-ld/id/place/menaka,Ménaka,42"
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert rows[2] == ["_:b0", 'say "hi",\tthen\nleave\r\n<&>', ""]
    assert rows[3] == ["", "جماعة نصرة الإسلام والمسلمين", "2017-03"]


def test_tsv_results_follow_the_tsv_format():
    lines = write_select(by_name("tsv"), VARIABLES, ROWS).decode().split("\n")
    assert lines[0] == "?s\t?label\t?n"
    assert lines[1] == '<https://w3id.org/sahel-ld/id/place/menaka>\t"Ménaka"@fr\t42'
    assert lines[2] == '_:b0\t"say \\"hi\\",\\tthen\\nleave\\r\\n<&>"\t'
    assert lines[3] == f'\t"جماعة نصرة الإسلام والمسلمين"@ar\t"2017-03"^^<{XSD}gYearMonth>'
    assert lines[4] == ""


def test_ask_answers_in_every_results_format():
    assert json.loads(write_boolean(by_name("json"), True)) == {"head": {}, "boolean": True}
    root = ET.fromstring(write_boolean(by_name("xml"), False))
    assert root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "false"
    assert write_boolean(by_name("csv"), True) == b"_askResult\r\ntrue\r\n"
    assert write_boolean(by_name("tsv"), True) == b'?_askResult\n"true"^^<http://www.w3.org/2001/XMLSchema#boolean>\n'
