"""The dataset's release: its version and release date, read from ``CITATION.cff`` at the root of the data.

The same file tells citation tools how to cite the dataset, so the version shown on the home page, in the VoID and
DCAT description, in citations and in a release folder's file names is written in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import json

import yaml

CITATION = "CITATION.cff"
RECORDS = "releases"  # one <version>.json per release: what changed since the one before (sahel-ld release --record)
UNRELEASED = "unreleased"


@dataclass(frozen=True)
class Release:
    """The version, release date and how to name the dataset and its authors (people as "Family, Given",
    organisations by their name)."""

    version: str
    released: date | None
    title: str
    authors: tuple[str, ...]
    url: str

    @property
    def is_release(self) -> bool:
        return self.version != UNRELEASED and self.released is not None


def read_release(root: Path, base_iri: str) -> Release:
    """The release described by ``<root>/CITATION.cff``; without one, an unreleased working copy."""
    path = root / CITATION
    if not path.is_file():
        return Release(UNRELEASED, None, "sahel-ld", ("The sahel-ld project",), base_iri)
    meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    released = meta.get("date-released")
    if isinstance(released, str):
        released = date.fromisoformat(released)
    authors = tuple(a.get("name") or ", ".join(filter(None, (a.get("family-names"), a.get("given-names"))))
                    for a in meta.get("authors", []))
    return Release(str(meta.get("version", UNRELEASED)), released, str(meta.get("title", "sahel-ld")),
                   authors or ("The sahel-ld project",), str(meta.get("url", base_iri)))


def dataset_version(root: Path, base_iri: str, inputs: str) -> str:
    """The version of the data under ``root``: the release's, or for unreleased data ``<version>+<inputs>`` (the
    hash of the input files), so that every state of the inputs has its own."""
    release = read_release(root, base_iri)
    return release.version if release.is_release else f"{release.version}+{inputs}"


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in version.replace("-", ".").split("."))


def release_records(root: Path) -> list[dict]:
    """The recorded releases of the data under ``root``, newest first."""
    folder = root / RECORDS
    records = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")] if folder.is_dir() else []
    return sorted(records, key=lambda r: _version_key(r["version"]), reverse=True)
