"""Static files: versioned addresses in pages, kept a year by browsers; other addresses checked on each use."""

import hashlib
import re
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

import sahel_ld.web

STATIC = Path(sahel_ld.web.__file__).parent / "static"
VERSIONED = re.compile(r'(?:src|href|data-atlas|data-atlas-fine)="(/static/([^"?]+)\?v=([0-9a-f]+))"')


def test_pages_name_each_static_file_by_its_digest_and_browsers_may_keep_it(client):
    page = client.get("/doc/org/jnim").get_data(as_text=True)
    found = VERSIONED.findall(page)
    assert {name for _, name, _ in found} >= {"site.css", "views/map.js", "vendor/cytoscape/dist/cytoscape.min.js",
                                             "vendor/world-atlas/countries-110m.json",
                                             "vendor/world-atlas/countries-50m.json"}
    for address, name, version in found:
        assert version == hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]
        with client.get(address) as response:
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_map_fetches_the_base_map_the_page_preloads(client):
    page = client.get("/map").get_data(as_text=True)
    preloaded = re.search(r'<link rel="preload" as="fetch" crossorigin href="([^"]+)">', page).group(1)
    assert re.search(r'<script src="/static/views/map\.js\?v=[0-9a-f]+" data-atlas="([^"]+)"', page).group(1) \
        == preloaded


def test_an_address_without_the_current_digest_is_checked_again_on_each_use(client):
    for address in ("/static/site.css", "/static/site.css?v=0123456789ab"):
        with client.get(address) as response:
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == "no-cache"
            assert response.headers["ETag"]


def test_a_missing_or_escaping_static_path_is_a_404(live_server):
    for path in ("/static/nope.js?v=x", "/static/../../../etc/passwd?v=x", "/static/%2e%2e/%2e%2e/pyproject.toml"):
        with pytest.raises(HTTPError) as answer:
            urlopen(live_server.url + path, timeout=10)
        answer.value.close()
        assert answer.value.code == 404, path
