"""``sahel-ld build``: validated, keyed by the inputs, written whole or not at all."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from sahel_ld.build import key
from sahel_ld.config import load_config

ROOT = Path(__file__).resolve().parents[1]
INVALID = ROOT / "tests" / "fixtures" / "shapes" / "CategoryShape.ttl"


def _build(root: Path, builds: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sahel_ld.cli", "build", "--root", str(root), "--build-dir",
                           str(builds)], capture_output=True, text=True, timeout=600)


def _copy_of_the_project(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def test_a_valid_input_is_built_into_the_folder_of_its_key(tmp_path):
    root = _copy_of_the_project(tmp_path)
    done = _build(root, tmp_path / "builds")
    assert done.returncode == 0, done.stdout + done.stderr
    folder = Path(done.stdout.strip())
    assert folder == tmp_path / "builds" / key(load_config({"root": str(root)}))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {d["name"] for d in manifest["dumps"]} == {p.name for p in (folder / "dumps").iterdir()}
    assert set(manifest["graphs"].values()) == {p.relative_to(root).as_posix() for p in root.glob("*/*.ttl")
                                               if p.parts[-2] in ("ontology", "data")}
    assert (folder / "void.ttl").is_file() and (folder / "store").is_dir()
    with (root / "data" / "people.ttl").open("a", encoding="utf-8") as handle:
        handle.write("\n# a changed input gets a build of its own\n")
    again = _build(root, tmp_path / "builds")
    assert again.returncode == 0 and Path(again.stdout.strip()) != folder


def test_a_new_release_of_the_same_data_gets_a_build_of_its_own(tmp_path):
    """The dump files are named by the version in CITATION.cff, so a new version is a new build."""
    root = _copy_of_the_project(tmp_path)
    config = load_config({"root": str(root)})
    unreleased = key(config)
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    (root / "CITATION.cff").write_text(citation, encoding="utf-8")
    released = key(config)
    (root / "CITATION.cff").write_text(re.sub(r'(?m)^version: .*$', 'version: "99.0.0"', citation), encoding="utf-8")
    assert len({unreleased, released, key(config)}) == 3


def test_an_input_that_breaks_a_shape_is_reported_and_nothing_is_built(tmp_path):
    root = _copy_of_the_project(tmp_path)
    shutil.copy(INVALID, root / "data" / "broken.ttl")
    done = _build(root, tmp_path / "builds")
    assert done.returncode == 1
    assert "CategoryShape" in done.stdout
    assert not (tmp_path / "builds").exists() or list((tmp_path / "builds").iterdir()) == []
