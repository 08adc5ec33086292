// One level of a neighbourhood's breadth-first search: the nodes one
// relationship (of the types $rels, or any) away from the frontier $ids,
// each once. The store keeps those it has not reached before and sends the
// next level; a level costs the degrees of its frontier, where a
// variable-length pattern would enumerate every path up to the depth.
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]-(b:Entity)
WHERE size($rels) = 0 OR type(r) IN $rels
RETURN DISTINCT b.id AS id, [l IN labels(b) WHERE l <> 'Entity'][0] AS label
