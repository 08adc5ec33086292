MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids
  AND (size($rels) = 0 OR type(r) IN $rels)
RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props
ORDER BY type, from, to, r.key
