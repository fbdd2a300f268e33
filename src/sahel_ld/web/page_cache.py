"""Rendered pages and documents, kept for the dataset version being served and bounded in bytes.

The dataset does not change while a server runs, so a page is rendered once per address, format and
language; the least recently used pages go first when the bytes run out (``page_cache_bytes``).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future

from flask import Flask, request

from . import once, settings
from .i18n import LANGUAGES, reader_language

log = logging.getLogger(__name__)
# What a server renders for each language as soon as it starts, so that no reader waits for the first rendering
# of what costs more as the dataset grows: the pages that list every actor or count every kind, and the map's
# and the network's data (drawn whole on their pages, in part in every resource page's mini-views).
WARM_PATHS = ("/", "/browse/", "/map.json", "/network.json")


class PageCache:
    """A thread-safe least-recently-used map of bodies, bounded by their total size.

    A page asked for by several requests at once before it is kept is rendered by the first of them; the
    others wait for that body rather than render it again.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes, self.size = max_bytes, 0
        self.items: OrderedDict[tuple, bytes] = OrderedDict()
        self.rendering: dict[tuple, Future] = {}
        self.lock = threading.Lock()

    def get(self, key: tuple, render: Callable[[], str | bytes]) -> bytes:
        """The body under ``key``, rendered by ``render`` the first time (rendering runs outside the lock)."""
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
            pending, mine = self.rendering.get(key), False
            if pending is None:
                pending, mine = Future(), True
                self.rendering[key] = pending
        if not mine:
            return pending.result()
        try:
            body = render()
        except BaseException as error:
            with self.lock:
                del self.rendering[key]
            pending.set_exception(error)
            raise
        body = body.encode("utf-8") if isinstance(body, str) else body
        with self.lock:
            del self.rendering[key]
            if len(body) <= self.max_bytes:
                self.items[key] = body
                self.size += len(body)
                while self.size > self.max_bytes:
                    self.size -= len(self.items.popitem(last=False)[1])
        pending.set_result(body)
        return body


def cached(kind: str, render: Callable[[], str | bytes]) -> bytes:
    """The body of this request's page or document of a ``kind`` (a format name), rendered at most once.

    The key holds everything a rendering reads from the request: the path with its query string (links keep
    ``?lang=``) and the reader's language.
    """
    pages = once("sahel_ld_pages", lambda: PageCache(int(settings()["page_cache_bytes"])))
    return pages.get((kind, request.full_path, reader_language()), render)


def warm(app: Flask) -> None:
    """Render the ``WARM_PATHS`` in every language through the app, as a reader's browser asks for them."""
    client = app.test_client()
    for path in WARM_PATHS:
        for lang in LANGUAGES:
            response = client.get(path, headers={"Accept": "text/html", "Accept-Language": lang})
            if response.status_code not in (200, 404):  # 404: a dataset without the views' saved queries
                log.warning("rendering %s in %s ahead gave %s", path, lang, response.status)
