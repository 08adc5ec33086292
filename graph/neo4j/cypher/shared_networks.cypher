// Both cities are looked up on :Entity (the unique index on id), then
// checked to be cities.
OPTIONAL MATCH (a:Entity {id: $a}) WHERE a:City
OPTIONAL MATCH (b:Entity {id: $b}) WHERE b:City
RETURN a IS NOT NULL AS hasA, b IS NOT NULL AS hasB,
  COLLECT { MATCH (a)-[:MEMBER_OF]->(n:Network)<-[:MEMBER_OF]-(b) RETURN DISTINCT n ORDER BY n.id } AS shared
