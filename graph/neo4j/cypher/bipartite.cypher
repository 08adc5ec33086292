// The whole city–network bipartite graph, for betweenness (computed by
// graph.Bipartite.Betweenness, as in the embedded store).
RETURN
  COLLECT { MATCH (c:City) RETURN c.id } AS cities,
  COLLECT { MATCH (n:Network) RETURN n.id } AS networks,
  COLLECT { MATCH (c:City)-[:MEMBER_OF]->(n:Network) RETURN [c.id, n.id] } AS members
