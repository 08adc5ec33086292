// The whole city–network bipartite graph, for cityPairs and betweenness
// (ranked by graph.Bipartite.TopPairs and Betweenness, as in the embedded
// store): one row per city, network and membership, in one record.
RETURN
  COLLECT { MATCH (c:City) RETURN c.id } AS cities,
  COLLECT { MATCH (n:Network) RETURN n.id } AS networks,
  COLLECT { MATCH (c:City)-[:MEMBER_OF]->(n:Network) RETURN [c.id, n.id] } AS members
