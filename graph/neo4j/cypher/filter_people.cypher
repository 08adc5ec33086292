MATCH (p:Person)
WHERE $city IS NULL OR EXISTS { MATCH (p)-[:HOLDS_OFFICE]->(:City {id: $city}) }
RETURN p.id AS id
