// The foundings by $founders (cities or people), from the unique index on
// :Entity(id).
MATCH (f:Entity)-[r:FOUNDED]->(n:Network)
WHERE f.id IN $founders
RETURN f.id AS from, n.id AS to, properties(r) AS props
