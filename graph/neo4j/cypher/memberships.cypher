// Every membership, to read the whole graph back as a dataset.
MATCH (c:City)-[r:MEMBER_OF]->(n:Network)
RETURN c.id AS from, n.id AS to, properties(r) AS props
