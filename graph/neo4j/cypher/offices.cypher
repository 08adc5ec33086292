MATCH (p:Person)-[r:HOLDS_OFFICE]->(c:City)
WHERE (size($people) = 0 OR p.id IN $people)
  AND (size($cities) = 0 OR c.id IN $cities)
RETURN p.id AS from, c.id AS to, properties(r) AS props
