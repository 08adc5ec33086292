// The offices held in the cities $cities, from the unique index on
// :Entity(id).
MATCH (p:Person)-[r:HOLDS_OFFICE]->(c:Entity)
WHERE c.id IN $cities AND c:City
RETURN p.id AS from, c.id AS to, properties(r) AS props
