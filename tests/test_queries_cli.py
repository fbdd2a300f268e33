"""``sahel-ld query``: saved queries with their parameters as options, ad-hoc SPARQL files, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sahel_ld.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "queries"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["query", "--root", str(FIXTURE), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_lists_the_saved_queries(capsys):
    code, out, _ = run(capsys, "--list")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["events-between", "federation-example", "members",
                                                             "search"]


def test_runs_a_saved_query_as_a_table_by_default(capsys):
    code, out, _ = run(capsys, "members", "--certainty", "cpt:stated")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["member", "memberLabel", "certainty", "quote"]
    assert lines[2].split()[:4] == ["act:beta", "Katibat", "Sèrma", "cpt:stated"]
    assert lines[-1] == "(1 row)"


@pytest.mark.parametrize("output", ["csv", "json"])
def test_writes_csv_and_json(capsys, output):
    code, out, _ = run(capsys, "search", "--text", "SERMA", "--format", output)
    assert code == 0
    if output == "csv":
        assert list(csv.DictReader(io.StringIO(out))) == [
            {"thing": "https://w3id.org/sahel-ld/id/org/beta", "name": "Katibat Sèrma"}]
    else:
        assert json.loads(out)["results"]["bindings"][0]["name"]["value"] == "Katibat Sèrma"


def test_injection_string_is_a_plain_value(capsys):
    code, out, _ = run(capsys, "search", "--text", 'x" } DELETE WHERE { ?s ?p ?o } #', "--format", "csv")
    assert (code, out.splitlines()) == (0, ["thing,name"])


@pytest.mark.parametrize("argv, message", [
    (["members", "--coalition", "act:beta"], "parameter 'coalition' expects the IRI of a sahel:Coalition"),
    (["no-such-query"], "no saved query 'no-such-query'"),
    (["federation-example"], "your own SPARQL client"),
])
def test_bad_input_exits_2_with_a_message(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err


def test_missing_required_parameter_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        run(capsys, "search")
    assert stop.value.code == 2
    assert "--text" in capsys.readouterr().err


def test_runs_an_ad_hoc_sparql_file(capsys, tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(?g) AS ?n) WHERE { ?g a <https://w3id.org/sahel-ld/def/sahel#Coalition> }")
    code, out, _ = run(capsys, "--sparql", str(path), "--format", "csv")
    assert (code, out.split()) == (0, ["n", "2"])


def test_refuses_an_update_in_a_sparql_file(capsys, tmp_path):
    path = tmp_path / "update.rq"
    path.write_text("DELETE WHERE { ?s ?p ?o }")
    code, _, err = run(capsys, "--sparql", str(path))
    assert code == 1 and "read-only" in err
