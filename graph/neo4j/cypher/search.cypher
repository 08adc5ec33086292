// Candidates for a search: full-text hits on the word and stem prefixes,
// plus substring hits. The store ranks them with graph.MatchFolded, so the
// ranking is the same as the embedded store's.
CALL () {
  CALL db.index.fulltext.queryNodes('entity_names', $lucene, {limit: $candidates}) YIELD node
  RETURN node
  UNION
  MATCH (node:Entity)
  WHERE node.searchText CONTAINS $text
  RETURN node
  LIMIT $candidates
}
WITH DISTINCT node
WHERE size($labels) = 0 OR any(l IN labels(node) WHERE l IN $labels)
RETURN node
