"""Citations of the dataset, a resource or a claim: plain text, BibTeX, CSL-JSON and RIS.

Each names the release (version and date), the resource's IRI, the source document and, for a claim, its quote.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .release import Release

# The words of a plain-text citation; pages pass the reader's (see messages/find.json).
ENGLISH = {"in": "In:", "release": "release", "released": "of", "source": "Source:", "quote": "Quote:"}


@dataclass(frozen=True)
class Citable:
    """What is cited: a title and IRI, whether it is the dataset, a resource or a claim, and where it comes from."""

    title: str
    iri: str
    kind: str  # "dataset", "resource" or "claim"
    release: Release
    source: str = ""
    quote: str = ""
    words: dict[str, str] = field(default_factory=lambda: dict(ENGLISH), compare=False)

    @property
    def year(self) -> str:
        return str(self.release.released.year) if self.release.released else ""

    @property
    def key(self) -> str:
        """A citation key: the dataset, version and the resource's path (``sahel-ld-1.0.0-org-jnim``)."""
        path = self.iri.rstrip("/").split("/id/", 1)[1] if "/id/" in self.iri else ""
        return re.sub(r"[^A-Za-z0-9.]+", "-", f"sahel-ld-{self.release.version}-{path}").strip("-")

    @property
    def container(self) -> str:
        return f"{self.release.title}, release {self.release.version}"

    def notes(self) -> list[str]:
        return [n for n in (f"Source: {self.source}" if self.source else "",
                            f"Quote: “{self.quote}”" if self.quote else "") if n]


def as_text(c: Citable) -> str:
    """One line in the usual author (year). title. container. URL. form, in the citation's words."""
    words = c.words
    authors = ", ".join(c.release.authors)
    when = f" ({c.year})" if c.year else ""
    released = f" {words['released']} {c.release.released.isoformat()}" if c.release.released else ""
    release = f"{words['release']} {c.release.version}{released}"
    if c.kind == "dataset":
        head = f"{authors}{when}. {c.release.title}. {release[:1].upper()}{release[1:]}."
    else:
        head = f"{authors}{when}. “{c.title}”. {words['in']} {c.release.title}, {release}."
    notes = [f"{words['source']} {c.source}" if c.source else "", f"{words['quote']} “{c.quote}”" if c.quote else ""]
    return " ".join([head, c.iri + ".", *(n + "." for n in notes if n)])


_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#",
                   "$": r"\$", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)


def as_bibtex(c: Citable) -> str:
    """A ``@misc`` entry (understood by BibTeX and biblatex alike); an organisation's name is braced whole."""
    fields = [("title", _bibtex_escape(c.title)),
              ("author", " and ".join(_bibtex_escape(a) if "," in a else "{" + _bibtex_escape(a) + "}"
                                      for a in c.release.authors)),
              ("year", c.year), ("version", _bibtex_escape(c.release.version)),
              ("howpublished", _bibtex_escape(c.container) if c.kind != "dataset" else ""),
              ("url", c.iri), ("note", _bibtex_escape(". ".join(c.notes())))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{c.key},\n{body}\n}}\n"


def _csl_name(author: str) -> dict:
    """A person ("Family, Given") as family and given names, an organisation as a literal name."""
    family, comma, given = author.partition(", ")
    return {"family": family, "given": given} if comma else {"literal": author}


def as_csl(c: Citable) -> str:
    """A CSL-JSON array of one item."""
    item = {"id": c.key, "type": "dataset" if c.kind == "dataset" else "entry", "title": c.title,
            "author": [_csl_name(a) for a in c.release.authors], "version": c.release.version, "URL": c.iri}
    if c.release.released:
        d = c.release.released
        item["issued"] = {"date-parts": [[d.year, d.month, d.day]]}
    if c.kind != "dataset":
        item["container-title"] = c.container
    if c.notes():
        item["note"] = ". ".join(c.notes())
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def as_ris(c: Citable) -> str:
    """A RIS record of type DATA."""
    lines = [("TY", "DATA"), ("TI", c.title), *(("AU", a) for a in c.release.authors), ("PY", c.year),
             ("DA", c.release.released.strftime("%Y/%m/%d") if c.release.released else ""),
             ("ET", c.release.version), ("T2", c.container if c.kind != "dataset" else ""), ("UR", c.iri),
             *(("N1", n) for n in c.notes())]
    return "".join(f"{tag}  - {value}\n" for tag, value in lines if value) + "ER  - \n"


# name: (writer, media type, file suffix, label)
FORMATS = {
    "text": (as_text, "text/plain", "txt", "Text"),
    "bibtex": (as_bibtex, "application/x-bibtex", "bib", "BibTeX"),
    "csl": (as_csl, "application/vnd.citationstyles.csl+json", "json", "CSL-JSON"),
    "ris": (as_ris, "application/x-research-info-systems", "ris", "RIS"),
}
