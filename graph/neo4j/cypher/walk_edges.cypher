// Every relationship, for exports.
MATCH (a:Entity)-[r]->(b:Entity)
RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props
ORDER BY type, from, to, r.key
