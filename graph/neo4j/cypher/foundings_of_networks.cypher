// The founders of the networks $networks, from the unique index on
// :Entity(id).
MATCH (f:Entity)-[r:FOUNDED]->(n:Entity)
WHERE n.id IN $networks AND n:Network
RETURN f.id AS from, n.id AS to, properties(r) AS props
