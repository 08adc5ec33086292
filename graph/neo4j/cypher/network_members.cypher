// The member cities of the networks $ids, or, when $ids is empty, of the
// $largest networks with the most members (ties by id). The overlap matrix
// is computed from these lists by graph.Bipartite.Overlap.
CALL () {
  MATCH (n:Entity)
  WHERE n.id IN $ids AND n:Network
  RETURN n
  UNION
  MATCH (n:Network)
  WHERE size($ids) = 0
  WITH n, COUNT { MATCH (c:City)-[:MEMBER_OF]->(n) RETURN DISTINCT c } AS size
  ORDER BY size DESC, n.id
  LIMIT $largest
  RETURN n
}
RETURN n.id AS id, COLLECT { MATCH (c:City)-[:MEMBER_OF]->(n) RETURN DISTINCT c.id } AS members
