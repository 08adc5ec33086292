// The memberships in the networks $networks, from the unique index on
// :Entity(id).
MATCH (c:City)-[r:MEMBER_OF]->(n:Entity)
WHERE n.id IN $networks AND n:Network
RETURN c.id AS from, n.id AS to, properties(r) AS props
