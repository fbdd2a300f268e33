"""Short links to query texts: ``/q/<id>``, where the id is a hash of the text, so the same text always gets the
same link. Kept in memory, or as one file per link in a folder so that links survive a restart; the length of a
text and the number of links are bounded."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import tempfile
import threading
from pathlib import Path

ID = re.compile(r"^[a-z2-7]{12}$")
SUFFIX = ".rq"


class TooLong(ValueError):
    """The text is longer than a short link stores."""


class Full(RuntimeError):
    """As many links are kept as allowed; no new one is made."""


def link_id(text: str) -> str:
    """The id of a text: the first 60 bits of its SHA-256, in lower-case base 32."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:12].lower()


class LinkStore:
    """Texts by id, in memory or in ``folder`` (one ``<id>.rq`` file each, written whole or not at all)."""

    def __init__(self, folder: Path | None, max_length: int, max_count: int) -> None:
        self.folder, self.max_length, self.max_count = folder, max_length, max_count
        self.lock = threading.Lock()
        self.texts: dict[str, str] = {}
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            self.ids = {p.stem for p in folder.glob("*" + SUFFIX) if ID.match(p.stem)}
        else:
            self.ids = set()

    def put(self, text: str) -> str:
        """The id of ``text``, stored first if it is new."""
        if len(text) > self.max_length:
            raise TooLong(f"a short link keeps at most {self.max_length} characters; this query has {len(text)}")
        key = link_id(text)
        with self.lock:
            if key in self.ids:
                return key
            if len(self.ids) >= self.max_count:
                raise Full(f"{self.max_count} short links are kept already; use the long link")
            if self.folder is None:
                self.texts[key] = text
            else:
                self._write(key, text)
            self.ids.add(key)
        return key

    def get(self, key: str) -> str | None:
        """The text of a link, or None for an id never given out."""
        if not ID.match(key) or key not in self.ids:
            return None
        if self.folder is None:
            return self.texts[key]
        return (self.folder / (key + SUFFIX)).read_text(encoding="utf-8")

    def _write(self, key: str, text: str) -> None:
        """Write the file under a temporary name, then rename it, so a reader never sees half a text."""
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.chmod(temporary, 0o644)
            os.replace(temporary, self.folder / (key + SUFFIX))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
