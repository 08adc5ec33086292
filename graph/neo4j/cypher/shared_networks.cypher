OPTIONAL MATCH (a:City {id: $a})
OPTIONAL MATCH (b:City {id: $b})
RETURN a IS NOT NULL AS hasA, b IS NOT NULL AS hasB,
  COLLECT { MATCH (a)-[:MEMBER_OF]->(n:Network)<-[:MEMBER_OF]-(b) RETURN DISTINCT n ORDER BY n.id } AS shared
