"""The repository carries its own sources: each file under sources/ is described, with its checksum, in
data/sources.ttl and in sources/README.md, and nothing else is needed to check the data against them."""

import hashlib
from pathlib import Path

import pytest

from sahel_ld.config import load_config
from sahel_ld.namespaces import SAHEL
from sahel_ld.store import load

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"


@pytest.fixture(scope="module")
def described() -> dict[str, str]:
    """Repository file -> SHA-256, as data/sources.ttl gives them."""
    data = load(load_config({"root": str(ROOT), "store": "memory"})).data_graph()
    return {str(data.value(doc, SAHEL.repositoryFile)): str(sha)
            for doc, sha in data.subject_objects(SAHEL.sha256)}


def files() -> list[Path]:
    return sorted(p for p in SOURCES.iterdir() if p.name != "README.md")


def test_the_source_text_and_both_reference_tables_are_in_the_repository():
    assert [p.name for p in files()] == ["actors-of-conflict-in-mali.txt", "places.tsv", "wikidata.tsv"]


def test_every_file_is_described_with_its_checksum(described):
    actual = {f"sources/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest() for p in files()}
    assert described == actual


def test_the_readme_gives_every_checksum(described):
    readme = (SOURCES / "README.md").read_text(encoding="utf-8")
    assert [path for path, sha in described.items() if f"`{Path(path).name}`" not in readme or sha not in readme] == []
