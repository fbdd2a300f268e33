"""The command line: exit codes, readable reports, useful help."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sahel_ld.cli import build_parser, main

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture()
def invalid_root(tmp_path: Path) -> Path:
    """The mini dataset with an organisation that has two English labels."""
    root = tmp_path / "root"
    shutil.copytree(MINI, root)
    with (root / "data" / "orgs.ttl").open("a", encoding="utf-8") as handle:
        handle.write('act:alpha rdfs:label "Alpha bis"@en .\n')
    return root


def test_validate_exits_0_and_says_conforms_on_valid_data(capsys):
    assert main(["validate", "--root", str(MINI)]) == 0
    assert "SHACL validation: conforms" in capsys.readouterr().out


def test_validate_exits_1_and_names_label_path_message_and_file(invalid_root: Path, capsys):
    assert main(["validate", "--root", str(invalid_root)]) == 1
    out = capsys.readouterr().out
    assert "data/orgs.ttl: Alpha" in out
    assert "path: rdfs:label" in out
    assert "OrganisationLabelShape" in out
    assert "does not conform: 1 violation(s)" in out


def test_validate_json_report_lists_the_results(invalid_root: Path, capsys):
    assert main(["validate", "--root", str(invalid_root), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["conforms"] is False
    assert [(r["file"], r["path"]) for r in report["results"]] == [("data/orgs.ttl", "rdfs:label")]


def test_validate_turtle_report_is_a_shacl_validation_report(invalid_root: Path, capsys):
    from rdflib import Graph
    from rdflib.namespace import SH

    assert main(["validate", "--root", str(invalid_root), "--format", "turtle"]) == 1
    graph = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert len(list(graph.subjects(SH.resultSeverity, None))) == 1


def test_validate_exits_2_on_unreadable_input(invalid_root: Path, capsys):
    (invalid_root / "data" / "orgs.ttl").write_text("this is not turtle\n", encoding="utf-8")
    assert main(["validate", "--root", str(invalid_root)]) == 2
    assert capsys.readouterr().err.startswith("error: data/orgs.ttl:1:")


def test_stats_counts_triples_per_graph_and_entities_per_class(capsys):
    assert main(["stats", "--root", str(MINI), "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["graphs"]["https://w3id.org/sahel-ld/graph/data/orgs"] == 17
    assert stats["entities_by_class"]["https://w3id.org/sahel-ld/def/sahel#Coalition"] == 1
    assert stats["claims_by_certainty"] == {"https://w3id.org/sahel-ld/id/concept/stated": 1}


def test_every_command_has_a_help_text():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    assert {"validate", "stats", "serve"} <= set(commands)
    for name, sub in commands.items():
        assert sub.description, f"{name} has no description"


def test_the_console_script_runs(tmp_path: Path):
    script = Path(sys.executable).with_name("sahel-ld")
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert "SAHEL_LD_QUERY_TIMEOUT" in done.stdout


def test_a_violation_found_through_sh_node_is_reported_once(tmp_path: Path, capsys):
    root = tmp_path / "root"
    shutil.copytree(MINI, root)
    (root / "shapes" / "data.ttl").write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sahel: <https://w3id.org/sahel-ld/def/sahel#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix shapes: <https://w3id.org/sahel-ld/def/shapes#> .
shapes:MemberShape a sh:PropertyShape ; sh:targetSubjectsOf sahel:memberOf ; sh:path sahel:memberOf ;
    sh:node shapes:NamedShape .
shapes:NamedShape a sh:NodeShape ; sh:property [ sh:path skos:altLabel ; sh:minCount 1 ] .
""", encoding="utf-8")
    assert main(["validate", "--root", str(root), "--format", "json"]) == 1
    results = json.loads(capsys.readouterr().out)["results"]
    assert [(r["focus_node"], r["source_shape"]) for r in results] == [
        ("https://w3id.org/sahel-ld/id/org/beta", "https://w3id.org/sahel-ld/def/shapes#MemberShape")]


def test_stats_piped_into_a_reader_that_stops_early_exits_cleanly(tmp_path: Path):
    # `true` exits without reading, so every write of sahel-ld meets a closed pipe.
    script = Path(sys.executable).with_name("sahel-ld")
    done = subprocess.run(f"set -o pipefail; '{script}' stats --root '{MINI}' | true", shell=True,
                          capture_output=True, text=True, cwd=tmp_path, executable="/bin/bash")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
