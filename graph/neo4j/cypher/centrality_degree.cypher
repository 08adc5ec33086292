// Degree in the city–network bipartite graph: distinct networks of each
// city, distinct member cities of each network.
CALL () {
  MATCH (c:City)
  RETURN c.id AS id, 'CITY' AS type, COUNT { MATCH (c)-[:MEMBER_OF]->(n:Network) RETURN DISTINCT n } AS degree
  UNION ALL
  MATCH (n:Network)
  RETURN n.id AS id, 'NETWORK' AS type, COUNT { MATCH (c:City)-[:MEMBER_OF]->(n) RETURN DISTINCT c } AS degree
}
RETURN id, type, degree
ORDER BY degree DESC, id
