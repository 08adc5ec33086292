// The hop bound of a variable-length pattern cannot be a parameter: the
// statement allows the largest bound (graph.MaxMaxHops) and the length is
// checked against $maxHops, which gives the same answer since the path is
// a shortest one.
MATCH (a:Entity {id: $from})
MATCH (b:Entity {id: $to})
MATCH p = shortestPath((a)-[*..12]-(b))
WHERE all(r IN relationships(p) WHERE size($rels) = 0 OR type(r) IN $rels)
WITH p
WHERE length(p) <= $maxHops
RETURN nodes(p) AS nodes,
  [r IN relationships(p) | {type: type(r), from: startNode(r).id, to: endNode(r).id, props: properties(r)}] AS rels
