MATCH (c:City)-[r:MEMBER_OF]->(n:Network)
WHERE (size($cities) = 0 OR c.id IN $cities)
  AND (size($networks) = 0 OR n.id IN $networks)
RETURN c.id AS from, n.id AS to, properties(r) AS props
