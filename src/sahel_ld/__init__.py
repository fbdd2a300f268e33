"""sahel-ld: the linked-data knowledge graph of the armed actors in Mali and the Sahel."""

__version__ = "0.1.0"
