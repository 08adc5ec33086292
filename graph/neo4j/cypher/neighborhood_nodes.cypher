// Nodes within $depth hops (at most graph.MaxDepth, the literal bound),
// nearest first and then by id, cut at $limit including the centre; total
// counts every node reached.
MATCH (c:Entity {id: $id})
CALL (c) {
  OPTIONAL MATCH p = (c)-[*1..4]-(m:Entity)
  WHERE length(p) <= $depth AND m <> c
    AND all(r IN relationships(p) WHERE size($rels) = 0 OR type(r) IN $rels)
  WITH m, min(length(p)) AS d
  WHERE m IS NOT NULL
  ORDER BY d, m.id
  RETURN collect(m) AS reached
}
RETURN c AS center, size(reached) AS total, reached[0..$limit - 1] AS nodes,
  [m IN reached[$limit - 1..] | [l IN labels(m) WHERE l <> 'Entity'][0]] AS omittedLabels
