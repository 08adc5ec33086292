// The whole city–network bipartite graph, for cityPairs and betweenness
// (ranked by graph.Bipartite.TopPairs and Betweenness, as in the embedded
// store): one row per city, network and membership, in one record, and
// the located cities' positions, for cityPairs' distance band and
// distanceKm.
RETURN
  COLLECT { MATCH (c:City) RETURN c.id } AS cities,
  COLLECT { MATCH (n:Network) RETURN n.id } AS networks,
  COLLECT { MATCH (c:City)-[:MEMBER_OF]->(n:Network) RETURN [c.id, n.id] } AS members,
  COLLECT { MATCH (c:City) WHERE c.location IS NOT NULL RETURN c {.id, .location} } AS located
