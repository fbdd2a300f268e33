"""Build once: everything derived from the inputs, written into a folder keyed by a hash of the inputs.

A build folder ``<build_dir>/<key>/`` holds the dumps with ``SHA256SUMS`` (``dumps/``), the VoID description
(``void.ttl``), an on-disk Oxigraph store that every query worker and the web process open read-only
(``store/``), and ``manifest.json`` (version, graphs, figures, dump files). The key hashes the input files,
``CITATION.cff`` (the release, which names the dumps), the base IRI and the build's own format, so changed
inputs get a new folder and an unchanged input reuses the old one. The server opens a build and writes nothing.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from . import progress
from .dumps import DumpFile, write_dumps
from .release import CITATION
from .store import LoadedData, LoadError, fingerprint, load, new_dataset, root_of

FORMAT = 2  # raised whenever what a build holds changes, so older builds are not reused
MANIFEST = "manifest.json"
STORE = "store"
DUMPS = "dumps"
VOID = "void.ttl"


class BuildInvalid(Exception):
    """The inputs do not conform to the shapes; ``report`` says why."""

    def __init__(self, report) -> None:
        super().__init__("the data does not conform to the shapes")
        self.report = report


def key(config: dict) -> str:
    """The name of the build folder of the current inputs under these settings."""
    root = root_of(config)
    version, _ = fingerprint(root)
    release = (root / CITATION).read_bytes() if (root / CITATION).is_file() else b""
    digest = hashlib.sha256(f"{version}\0{config['base_iri']}\0{FORMAT}\0".encode() + release)
    return digest.hexdigest()[:16]


def build(config: dict, parent: Path, validate: bool = True) -> Path:
    """Load, check and infer the inputs, then write the build folder under ``parent``; return it.

    An existing build of the same inputs is kept as it is. The folder appears whole or not at all.
    """
    target = parent / key(config)
    if (target / MANIFEST).is_file():
        return target
    with progress.step("load and infer"):
        loaded = load(config)
    if validate:
        from .shacl import validate_loaded

        with progress.step("validate"):
            report = validate_loaded(loaded)
        if not report.conforms:
            raise BuildInvalid(report)
    parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=parent))
    try:
        partial.chmod(0o755)  # readable like any release artifact, not only by its builder
        _write(loaded, partial)
        try:
            os.rename(partial, target)
        except OSError:  # built meanwhile by another process: theirs is the same
            if not (target / MANIFEST).is_file():
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return target


def _write(loaded: LoadedData, folder: Path) -> None:
    """Dumps, the on-disk store (loaded from the N-Quads dump, blank-node labels kept), VoID, manifest."""
    from .stats import dataset_stats
    from .void import describe_dataset

    with progress.step("write dumps"):
        files = write_dumps(loaded, folder / DUMPS)
    with progress.step("write the store"):
        store = ox.Store(str(folder / STORE))
        store.bulk_extend(ox.parse(path=_nquads(folder, files), format=ox.RdfFormat.N_QUADS))
        store.optimize()
        del store
    with progress.step("describe"):
        (folder / VOID).write_bytes(describe_dataset(loaded, files).serialize(format="turtle", encoding="utf-8"))
        manifest = {
            "format": FORMAT,
            "version": loaded.version,
            "modified": loaded.modified.isoformat(),
            "base_iri": loaded.base_iri,
            "graphs": {str(g): p.relative_to(loaded.root).as_posix() for g, p in loaded.files.items()},
            "stats": dataset_stats(loaded),
            "dumps": [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in files],
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def manifest(folder: Path) -> dict:
    """What a build folder holds, as its manifest says."""
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def dump_files(folder: Path) -> list[DumpFile]:
    """The dump files of a build, in the order they were written."""
    return [DumpFile(**entry) for entry in manifest(folder)["dumps"]]


def _nquads(folder: Path, files: list[DumpFile]) -> Path:
    return folder / DUMPS / next(f.name for f in files if f.name.endswith(".nq"))


def nquads_dump(folder: Path) -> Path:
    """The N-Quads dump of a build (every graph, blank-node labels as loaded)."""
    return _nquads(folder, dump_files(folder))


def open_build(config: dict, folder: Path) -> LoadedData:
    """The dataset of a build folder, read-only: Oxigraph's on-disk store, or rdflib's reading the N-Quads."""
    facts = manifest(folder)
    dataset = new_dataset(config, ox.Store.read_only(str(folder / STORE)), facts["stats"]["graphs"])
    root = root_of(config)
    return LoadedData(dataset=dataset, root=root, base_iri=facts["base_iri"],
                      files={URIRef(g): root / p for g, p in facts["graphs"].items()},
                      version=facts["version"], modified=datetime.fromisoformat(facts["modified"]), build=folder)


def build_folder(config: dict) -> Path:
    """The build of the current inputs: the one in ``build_dir`` (which must exist), else one made now.

    Without ``build_dir`` the build goes into ``dumps_dir``, or a temporary folder removed at exit.
    """
    if config["build_dir"]:
        folder = Path(config["build_dir"]).resolve() / key(config)  # Flask serves files from absolute paths only
        if not (folder / MANIFEST).is_file():
            raise LoadError(f"{folder}: no build of the current inputs; run: sahel-ld build --build-dir "
                            f"{config['build_dir']}")
        return folder
    if config["dumps_dir"]:
        parent = Path(config["dumps_dir"]).resolve()
    else:
        parent = Path(tempfile.mkdtemp(prefix="sahel-ld-build-"))
        atexit.register(shutil.rmtree, parent, ignore_errors=True)
    return build(config, parent, validate=False)


def prepared(config: dict) -> LoadedData:
    """The dataset a server serves, opened from its build (``build_folder``)."""
    return open_build(config, build_folder(config))
