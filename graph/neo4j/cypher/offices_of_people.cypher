// The offices held by $people, from the unique index on :Entity(id).
MATCH (p:Entity)-[r:HOLDS_OFFICE]->(c:City)
WHERE p.id IN $people AND p:Person
RETURN p.id AS from, c.id AS to, properties(r) AS props
