// After a load: nodes that are no longer in the dataset go, with their
// relationships.
MATCH (n:Entity)
WHERE NOT n.id IN $ids
DETACH DELETE n
