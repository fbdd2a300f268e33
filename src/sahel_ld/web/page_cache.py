"""Rendered pages and documents, kept for the dataset version being served and bounded in bytes.

The dataset does not change while a server runs, so a page is rendered once per address, format and
language; the least recently used pages go first when the bytes run out (``page_cache_bytes``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from flask import request

from . import once, settings
from .i18n import reader_language


class PageCache:
    """A thread-safe least-recently-used map of bodies, bounded by their total size."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes, self.size = max_bytes, 0
        self.items: OrderedDict[tuple, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple, render: Callable[[], str | bytes]) -> bytes:
        """The body under ``key``, rendered by ``render`` the first time (rendering runs outside the lock)."""
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        body = render()
        body = body.encode("utf-8") if isinstance(body, str) else body
        if len(body) <= self.max_bytes:
            with self.lock:
                if key not in self.items:
                    self.items[key] = body
                    self.size += len(body)
                while self.size > self.max_bytes:
                    self.size -= len(self.items.popitem(last=False)[1])
        return body


def cached(kind: str, render: Callable[[], str | bytes]) -> bytes:
    """The body of this request's page or document of a ``kind`` (a format name), rendered at most once.

    The key holds everything a rendering reads from the request: the path with its query string (links keep
    ``?lang=``) and the reader's language.
    """
    pages = once("sahel_ld_pages", lambda: PageCache(int(settings()["page_cache_bytes"])))
    return pages.get((kind, request.full_path, reader_language()), render)
