"""Dumps: every format, gzipped, deterministic, checksummed; listed and served as files."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.request import Request, urlopen

import pytest
from conftest import LiveServer
from rdflib import Dataset, Graph

from sahel_ld.cli import main
from sahel_ld.config import load_config
from sahel_ld.dumps import dump_names, unversioned, versioned_stem, write_dumps
from sahel_ld.store import load
from sahel_ld.web import create_app

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
TRIPLE_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
QUAD_FORMATS = {"trig": "trig", "nq": "nquads"}
STEM = "sahel-ld-0.9.0"  # the fixture's CITATION.cff gives version 0.9.0
NAMES = dump_names(STEM)


@pytest.fixture(scope="module")
def loaded():
    return load(load_config({"root": str(PAGES)}))


@pytest.fixture(scope="module")
def dumped(loaded, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dump")
    write_dumps(loaded, folder)
    return folder


def read_graph(data: bytes, rdflib_format: str):
    """Parse a dump; rdflib's JSON-LD and quad parsers use a class rdflib deprecates, which is not ours."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        target = Dataset() if rdflib_format in QUAD_FORMATS.values() else Graph()
        return target.parse(data=data, format=rdflib_format)


def test_dump_writes_every_format_each_gzipped_and_checksums(dumped):
    assert sorted(p.name for p in dumped.iterdir()) == sorted(NAMES)
    for suffix in [*TRIPLE_FORMATS, *QUAD_FORMATS]:
        plain = (dumped / f"{STEM}.{suffix}").read_bytes()
        assert gzip.decompress((dumped / f"{STEM}.{suffix}.gz").read_bytes()) == plain


def test_gzips_have_the_bytes_of_a_one_shot_gzip(dumped):
    """Written as a stream, each gzip is still what ``gzip.compress`` gives, with no time stamp."""
    for suffix in [*TRIPLE_FORMATS, *QUAD_FORMATS]:
        plain = (dumped / f"{STEM}.{suffix}").read_bytes()
        assert (dumped / f"{STEM}.{suffix}.gz").read_bytes() == gzip.compress(plain, compresslevel=6, mtime=0)


def test_a_triple_of_two_graphs_is_once_in_the_union_and_twice_in_the_quads(tmp_path):
    root = tmp_path / "root"
    shutil.copytree(PAGES, root)
    shutil.copy(root / "data" / "concepts.ttl", root / "data" / "concepts-again.ttl")
    write_dumps(load(load_config({"root": str(root)})), tmp_path / "out")
    quads = (tmp_path / "out" / f"{STEM}.nq").read_text(encoding="utf-8").splitlines()
    triples = (tmp_path / "out" / f"{STEM}.nt").read_text(encoding="utf-8").splitlines()
    assert triples == sorted({quad.rsplit(" ", 2)[0] + " ." for quad in quads})
    copied = [sum(f"/data/{name}> ." in quad for quad in quads) for name in ("concepts", "concepts-again")]
    assert copied[0] == copied[1] > 0
    for suffix, rdflib_format in TRIPLE_FORMATS.items():
        assert len(read_graph((tmp_path / "out" / f"{STEM}.{suffix}").read_bytes(), rdflib_format)) == len(triples)


def test_checksums_match_the_files(dumped):
    lines = (dumped / "SHA256SUMS").read_text().splitlines()
    assert sorted(line.split("  ")[1] for line in lines) == sorted(NAMES[:-1])
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256((dumped / name).read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(("suffix", "rdflib_format"), TRIPLE_FORMATS.items())
def test_triple_formats_hold_the_union_of_the_graphs(dumped, loaded, suffix, rdflib_format):
    graph = read_graph((dumped / f"{STEM}.{suffix}").read_bytes(), rdflib_format)
    union = {t for g in loaded.graph_names() for t in loaded.dataset.graph(g)}
    assert len(graph) == len(union)


@pytest.mark.parametrize(("suffix", "rdflib_format"), QUAD_FORMATS.items())
def test_quad_formats_keep_the_named_graphs_apart(dumped, loaded, suffix, rdflib_format):
    dataset = read_graph((dumped / f"{STEM}.{suffix}").read_bytes(), rdflib_format)
    for name in loaded.graph_names():
        assert len(dataset.graph(name)) == len(loaded.dataset.graph(name)), name


def test_line_formats_are_sorted(dumped):
    for suffix in ("nt", "nq"):
        lines = (dumped / f"{STEM}.{suffix}").read_text(encoding="utf-8").splitlines()
        assert lines == sorted(lines)


def test_same_input_gives_same_bytes_across_processes(dumped, tmp_path):
    """A fresh process with another hash seed (other set orders, other blank node ids) writes the same bytes."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "sahel_ld.cli", "dump", "--root", str(PAGES), str(tmp_path)],
                   check=True, env=env, capture_output=True)
    for name in NAMES:
        assert (tmp_path / name).read_bytes() == (dumped / name).read_bytes(), name


def test_blank_nodes_get_stable_labels(dumped):
    assert "_:b" in (dumped / f"{STEM}.nt").read_text(encoding="utf-8")


def test_a_version_is_made_a_plain_file_name(tmp_path):
    root = tmp_path / "root"
    shutil.copytree(PAGES, root)
    citation = (root / "CITATION.cff").read_text(encoding="utf-8")
    (root / "CITATION.cff").write_text(citation.replace('version: "0.9.0"', 'version: "2.0 rc/1+x"'), encoding="utf-8")
    assert versioned_stem(load(load_config({"root": str(root)}))) == "sahel-ld-2.0-rc-1-x"


def test_dump_command_prints_sizes_and_checksums(tmp_path, capsys):
    assert main(["dump", "--root", str(PAGES), str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert f"{STEM}.ttl.gz" in out and "SHA256SUMS" in out


def test_dump_command_reports_unreadable_input(tmp_path, capsys):
    assert main(["dump", "--root", str(tmp_path), str(tmp_path / "out")]) == 2
    assert "no .ttl files" in capsys.readouterr().err


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served-dumps")
    app = create_app({"root": str(PAGES), "dumps_dir": str(folder)})
    served = app.extensions["sahel_ld_dumps"]["folder"]
    assert served.is_relative_to(folder)
    yield app.test_client(), served
    app.extensions["sahel_ld_sparql"].close()


def test_server_writes_dumps_at_start_up_and_lists_them_with_sizes_and_checksums(web):
    client, folder = web
    text = client.get("/dumps/").get_data(as_text=True)
    assert sorted(p.name for p in folder.iterdir()) == sorted(NAMES)
    for name in NAMES:
        data = (folder / name).read_bytes()
        assert f">{name}</a>" in text
        assert f'title="{len(data):,}\u00a0bytes"' in text
        if name != "SHA256SUMS":
            assert hashlib.sha256(data).hexdigest() in text


def test_dump_sizes_are_written_in_the_reader_language(web):
    client, folder = web
    english = client.get("/dumps/").get_data(as_text=True)
    french = client.get("/dumps/?lang=fr").get_data(as_text=True)
    checksums = (folder / "SHA256SUMS").stat().st_size
    assert checksums < 1000
    assert f'title="{checksums}\u00a0bytes">{checksums}\u00a0bytes<' in english
    assert f'title="{checksums}\u00a0octets">{checksums}\u00a0octets<' in french
    size = (folder / f"{STEM}.nq").stat().st_size
    assert size >= 1000
    assert f'title="{size:,}\u00a0bytes">{size / 1000:.1f}\u00a0kB<'.replace(".0\u00a0", "\u00a0") in english
    assert (f'title="{size:,}\u00a0octets">'.replace(",", "\u202f") + f"{size / 1000:.1f}\u00a0ko<".replace(
        ".0\u00a0", "\u00a0").replace(".", ",")) in french
    for english_word in ("bytes", "Bytes", "kB"):
        assert english_word not in french.split("<tbody>", 1)[1]


@pytest.mark.parametrize(("name", "media_type"), [
    (f"{STEM}.ttl", "text/turtle"), (f"{STEM}.nq", "application/n-quads"),
    (f"{STEM}.trig.gz", "application/gzip"), ("SHA256SUMS", "text/plain"),
])
def test_dump_files_are_served_with_type_length_and_etag(web, name, media_type):
    client, folder = web
    with client.get(f"/dumps/{name}") as response:
        assert response.status_code == 200 and response.mimetype == media_type
        assert int(response.headers["Content-Length"]) == (folder / name).stat().st_size
        etag = response.headers["ETag"]
    with client.get(f"/dumps/{name}", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_dump_files_answer_range_requests(web):
    client, folder = web
    with client.get(f"/dumps/{STEM}.nt", headers={"Range": "bytes=10-19"}) as response:
        assert response.status_code == 206
        assert response.data == (folder / f"{STEM}.nt").read_bytes()[10:20]
        assert response.headers["Content-Range"].startswith("bytes 10-19/")


def test_unknown_dump_file_is_404(web):
    client, _ = web
    assert client.get("/dumps/secrets.txt").status_code == 404
    assert client.get("/dumps/..%2Fdata").status_code == 404
    assert client.get("/dumps/sahel-ld-0.8.0.ttl").status_code == 404  # another version is not served
    assert client.get("/dumps/sahel-ld.SHA256SUMS").status_code == 404


def test_version_free_names_are_the_versioned_files_without_their_version():
    assert [unversioned(name) for name in NAMES] == [*dump_names("sahel-ld")[:-1], None]


def test_version_free_names_answer_the_current_files_over_http(web):
    """A script fetching /dumps/sahel-ld.ttl keeps working: the same bytes without a redirect, the versioned name
    in Content-Location, a short cache life; range requests too."""
    client, folder = web
    with LiveServer(client.application) as live:
        for suffix in (".ttl", ".nq.gz", ".jsonld"):
            address = f"{live.url}/dumps/sahel-ld{suffix}"
            with urlopen(address, timeout=30) as plain, urlopen(f"{live.url}/dumps/{STEM}{suffix}") as versioned:
                assert plain.status == 200 and plain.url == address
                assert plain.read() == (folder / f"{STEM}{suffix}").read_bytes()
                assert plain.headers["Content-Location"] == f"/dumps/{STEM}{suffix}"
                assert "max-age=60" in plain.headers["Cache-Control"]
                assert plain.headers["ETag"] == versioned.headers["ETag"]
                assert "Content-Location" not in versioned.headers
                assert "max-age=300" in versioned.headers["Cache-Control"]
        ranged = Request(f"{live.url}/dumps/sahel-ld.nt", headers={"Range": "bytes=0-9"})
        with urlopen(ranged, timeout=30) as part:
            assert part.status == 206 and part.read() == (folder / f"{STEM}.nt").read_bytes()[:10]
