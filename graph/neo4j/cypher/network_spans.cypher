// The current members of the networks $ids (a membership with no until
// that is not FORMER_MEMBER), each city once, with what graph.Span needs:
// country and position. The networks are sought in the unique index on
// :Entity(id); an id that is not a network's gives no row.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE n:Network
RETURN id, COLLECT {
  MATCH (c:City)-[m:MEMBER_OF]->(n)
  WHERE m.until IS NULL AND m.status <> 'FORMER_MEMBER'
  RETURN DISTINCT c {.id, .countryId, .location}
} AS members
