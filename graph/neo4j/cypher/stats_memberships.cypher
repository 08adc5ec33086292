// Distinct members per network and networks per city (zero counts
// included), and every membership's since date.
RETURN
  COLLECT { MATCH (n:Network) RETURN [n.id, COUNT { MATCH (c:City)-[:MEMBER_OF]->(n) RETURN DISTINCT c }] } AS perNetwork,
  COLLECT { MATCH (c:City) RETURN [c.id, COUNT { MATCH (c)-[:MEMBER_OF]->(n:Network) RETURN DISTINCT n }] } AS perCity,
  COLLECT { MATCH (:City)-[m:MEMBER_OF]->(:Network) RETURN coalesce(m.since, '') } AS since
