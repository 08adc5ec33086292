MATCH (f:Entity)-[r:FOUNDED]->(n:Network)
WHERE (size($founders) = 0 OR f.id IN $founders)
  AND (size($networks) = 0 OR n.id IN $networks)
RETURN f.id AS from, n.id AS to, properties(r) AS props
