// Every office, to read the whole graph back as a dataset.
MATCH (p:Person)-[r:HOLDS_OFFICE]->(c:City)
RETURN p.id AS from, c.id AS to, properties(r) AS props
