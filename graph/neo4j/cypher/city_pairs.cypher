// Pairs of cities sharing at least $minShared networks, most shared first,
// then by Jaccard overlap; one page plus the total.
MATCH (a:City)-[:MEMBER_OF]->(n:Network)<-[:MEMBER_OF]-(b:City)
WHERE a.id < b.id
WITH a, b, collect(DISTINCT n.id) AS shared
WHERE size(shared) >= $minShared
WITH a, b, shared,
  COUNT { MATCH (a)-[:MEMBER_OF]->(x:Network) RETURN DISTINCT x } AS na,
  COUNT { MATCH (b)-[:MEMBER_OF]->(y:Network) RETURN DISTINCT y } AS nb
WITH a.id AS a, b.id AS b, shared, toFloat(size(shared)) / (na + nb - size(shared)) AS jaccard
ORDER BY size(shared) DESC, jaccard DESC, a, b
WITH collect({a: a, b: b, shared: shared, jaccard: jaccard}) AS pairs
RETURN size(pairs) AS total, pairs[$skip..$skip + $limit] AS page
