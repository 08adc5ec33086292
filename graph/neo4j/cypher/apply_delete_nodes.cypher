// Nodes a change deleted go, with their relationships.
MATCH (n:Entity)
WHERE n.id IN $ids
DETACH DELETE n
