// Cities sharing networks with $id: most shared first, then Jaccard, then
// id, with both positions (the store computes distanceKm as
// graph.DistanceKm does). The city is looked up on :Entity (the unique
// index on id).
MATCH (c:Entity {id: $id})
WHERE c:City
MATCH (c)-[:MEMBER_OF]->(n:Network)<-[:MEMBER_OF]-(o:City)
WHERE o <> c
WITH c, o, collect(DISTINCT n.id) AS shared
WITH c, o, shared,
  COUNT { MATCH (c)-[:MEMBER_OF]->(x:Network) RETURN DISTINCT x } AS na,
  COUNT { MATCH (o)-[:MEMBER_OF]->(y:Network) RETURN DISTINCT y } AS nb
WITH c.location AS at, o.id AS b, o.location AS bAt, shared, toFloat(size(shared)) / (na + nb - size(shared)) AS jaccard
ORDER BY size(shared) DESC, jaccard DESC, b
LIMIT $first
RETURN b, shared, jaccard, at, bAt
