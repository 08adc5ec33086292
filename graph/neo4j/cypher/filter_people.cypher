MATCH (p:Person)
WHERE $city IS NULL OR EXISTS { MATCH (p)-[:HOLDS_OFFICE]->(c:Entity {id: $city}) WHERE c:City }
RETURN p.id AS id
