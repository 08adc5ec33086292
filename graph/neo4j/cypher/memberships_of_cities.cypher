// The memberships of the cities $cities, found from the unique index on
// :Entity(id) (a null test on the list beside it would make it a scan).
MATCH (c:Entity)-[r:MEMBER_OF]->(n:Network)
WHERE c.id IN $cities AND c:City
RETURN c.id AS from, n.id AS to, properties(r) AS props
