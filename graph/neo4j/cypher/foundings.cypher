// Every founding, to read the whole graph back as a dataset.
MATCH (f:Entity)-[r:FOUNDED]->(n:Network)
RETURN f.id AS from, n.id AS to, properties(r) AS props
