"""Links between the dataset's entities and Wikidata items: read, check, suggest and apply them."""
