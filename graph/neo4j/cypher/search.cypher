// Candidates for a search: the nodes of the labels $labels (any when
// empty) that the full-text index finds on a word or stem prefix, or the
// text index on a substring. All of them, not the first so many: a cap
// would keep an arbitrary subset of many equal prefix hits (and a cap
// before the label filter, a subset of other types), where the embedded
// store ranks every node. The store ranks them with graph.MatchFolded.
CALL () {
  CALL db.index.fulltext.queryNodes('entity_names', $lucene) YIELD node
  RETURN node
  UNION
  MATCH (node:Entity)
  WHERE node.searchText CONTAINS $text
  RETURN node
}
WITH node
WHERE size($labels) = 0 OR any(l IN labels(node) WHERE l IN $labels)
RETURN node
