"""Releases and differences: two hand-made versions of the data (tests/fixtures/diff/old and new) differ in known
ways, and every way of naming a version (data root, dump, release folder, git revision) finds the same changes."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sahel_ld.cli import main
from sahel_ld.config import load_config
from sahel_ld.dumps import write_dumps
from sahel_ld.store import load
from sahel_ld.web import create_app

DIFF = Path(__file__).resolve().parent / "fixtures" / "diff"
OLD, NEW = DIFF / "old", DIFF / "new"
ID = "https://w3id.org/sahel-ld/id/"
SUMMARY = {"claims": {"added": 1, "removed": 1, "changed": 1},
           "entities": {"added": 1, "removed": 1, "changed": 1},
           "links": {"added": 2, "removed": 2}}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def diff_json(capsys, old: str, new: str, *extra: str) -> dict:
    status, out, err = run(capsys, "diff", old, new, "--format", "json", *extra)
    assert status == 0, err
    return json.loads(out)


def test_diff_of_two_data_roots_finds_exactly_the_known_changes(capsys):
    report = diff_json(capsys, str(OLD), str(NEW))
    assert report["summary"] == SUMMARY
    assert [c["id"] for c in report["claims"]["added"]] == [ID + "claim/delta-allied-with-alpha"]
    assert [c["id"] for c in report["claims"]["removed"]] == [ID + "claim/gamma-member-of-alpha"]
    (changed,) = report["claims"]["changed"]
    assert changed["id"] == ID + "claim/beta-member-of-alpha" and changed["properties"] == ["sahel:certainty"]
    assert report["entities"]["added"] == [{"id": ID + "org/delta", "label": "Delta"}]
    assert report["entities"]["removed"] == [{"id": ID + "org/gamma", "label": "Gamma"}]
    assert report["entities"]["changed"] == [{"id": ID + "org/alpha", "label": "Alpha Front",
                                              "properties": ["rdfs:label", "skos:prefLabel"]}]
    assert {link["label"] for link in report["links"]["added"]} == {
        "Alpha Front · owl:sameAs · wd:Q2", "Delta · sahel:alliedWith · Alpha Front"}
    assert {link["label"] for link in report["links"]["removed"]} == {
        "Alpha Front · owl:sameAs · wd:Q1", "Gamma · sahel:memberOf · Alpha Front"}


def test_diff_as_text_gives_counts_then_lists(capsys):
    status, out, _ = run(capsys, "diff", str(OLD), str(NEW))
    assert status == 0
    assert "claims: 1 added, 1 removed, 1 changed" in out and "links: 2 added, 2 removed" in out
    assert "claims changed:\n  Beta · sahel:memberOf · Alpha Front (sahel:certainty)" in out


def test_a_version_compared_with_itself_has_no_changes(capsys):
    report = diff_json(capsys, str(NEW), str(NEW))
    assert all(n == 0 for counts in report["summary"].values() for n in counts.values())


@pytest.mark.parametrize("suffix", ["nq.gz", "trig", "nq"])
def test_dumps_compare_like_the_data_they_were_written_from(capsys, tmp_path, suffix):
    for name, root in (("old", OLD), ("new", NEW)):
        write_dumps(load(load_config({"root": str(root)})), tmp_path / name)
    old, new = tmp_path / "old" / f"sahel-ld-0.1.0.{suffix}", tmp_path / "new" / f"sahel-ld-0.2.0.{suffix}"
    report = diff_json(capsys, str(old), str(new))
    assert report["summary"] == SUMMARY
    same = diff_json(capsys, str(NEW), str(new))
    assert all(n == 0 for counts in same["summary"].values() for n in counts.values())


def test_git_revisions_compare_like_their_data(capsys, tmp_path):
    repository = tmp_path / "repo"
    repository.mkdir()
    git = ["git", "-C", str(repository), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    for root in (OLD, NEW):
        for folder in ("ontology", "data"):
            shutil.rmtree(repository / folder, ignore_errors=True)
            shutil.copytree(root / folder, repository / folder)
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-qm", root.name], check=True)
    report = diff_json(capsys, "HEAD~1", "HEAD", "--root", str(repository))
    assert report["summary"] == SUMMARY
    status, _, err = run(capsys, "diff", "no-such-revision", "HEAD", "--root", str(repository))
    assert status == 2 and "no-such-revision: not a file, a folder or a git revision" in err


def copy_root(root: Path, target: Path) -> Path:
    shutil.copytree(root, target)
    return target


def test_release_writes_versioned_dumps_checksums_and_notes_built_from_the_diff(capsys, tmp_path):
    out = tmp_path / "releases-out"
    assert run(capsys, "release", str(out), "--root", str(OLD))[0] == 0
    first = out / "sahel-ld-0.1.0"
    assert "First release." in (first / "RELEASE-NOTES.md").read_text()
    root = copy_root(NEW, tmp_path / "new")
    status, printed, err = run(capsys, "release", str(out), "--root", str(root), "--previous", str(first), "--record")
    assert status == 0, err
    folder = out / "sahel-ld-0.2.0"
    assert printed.strip() == str(folder)
    names = sorted(p.name for p in folder.iterdir())
    assert "sahel-ld-0.2.0.nq.gz" in names and "sahel-ld-0.2.0.ttl" in names and "sahel-ld.ttl" not in names
    assert {"CITATION.cff", "SHA256SUMS", "RELEASE-NOTES.md", "changes.json"} <= set(names)
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    changes = json.loads((folder / "changes.json").read_text())
    assert changes["version"] == "0.2.0" and changes["released"] == "2025-06-30" and changes["summary"] == SUMMARY
    notes = (folder / "RELEASE-NOTES.md").read_text()
    assert f"## Changes since {first}" in notes and "- Delta · sahel:alliedWith · Alpha Front" in notes
    assert json.loads((root / "releases" / "0.2.0.json").read_text()) == changes
    assert diff_json(capsys, str(first), str(folder))["summary"] == SUMMARY


def test_release_refuses_to_overwrite_or_to_release_without_a_version(capsys, tmp_path):
    out = tmp_path / "out"
    assert run(capsys, "release", str(out), "--root", str(OLD))[0] == 0
    status, _, err = run(capsys, "release", str(out), "--root", str(OLD))
    assert status == 2 and "exists already" in err
    bare = copy_root(OLD, tmp_path / "bare")
    (bare / "CITATION.cff").unlink()
    status, _, err = run(capsys, "release", str(out), "--root", str(bare))
    assert status == 2 and "CITATION.cff" in err


def test_changes_page_shows_each_recorded_release(capsys, tmp_path):
    root = copy_root(NEW, tmp_path / "new")
    run(capsys, "release", str(tmp_path / "out"), "--root", str(OLD))
    assert run(capsys, "release", str(tmp_path / "out"), "--root", str(root),
               "--previous", str(tmp_path / "out" / "sahel-ld-0.1.0"), "--record")[0] == 0
    app = create_app({"root": str(root), "dumps_dir": str(tmp_path / "dumps")})
    try:
        text = app.test_client().get("/changes", headers={"Accept": "text/html"}).get_data(as_text=True)
        french = app.test_client().get("/changes?lang=fr").get_data(as_text=True)
    finally:
        app.extensions["sahel_ld_sparql"].close()
    assert 'id="release-0.2.0"' in text and "30 June 2025" in text and "30 juin 2025" in french
    assert 'href="/doc/claim/delta-allied-with-alpha">Delta · sahel:alliedWith · Alpha Front</a>' in text
    assert "older releases are downloads" in text


def test_real_changes_page_lists_the_recorded_releases(client):
    text = client.get("/changes", headers={"Accept": "text/html"}).get_data(as_text=True)
    records = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "releases").glob("*.json"))
    assert records and all(f'id="release-{version}"' in text for version in records)
