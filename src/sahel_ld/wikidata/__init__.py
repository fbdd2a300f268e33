"""Links between the dataset's entities and Wikidata items: read, check, suggest and apply them."""

from .links import Link, links_of

__all__ = ["Link", "links_of"]
