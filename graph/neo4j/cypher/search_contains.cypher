// Candidates for a search whose words are all too short for the full-text
// query: substring hits only.
MATCH (node:Entity)
WHERE node.searchText CONTAINS $text
  AND (size($labels) = 0 OR any(l IN labels(node) WHERE l IN $labels))
RETURN node
LIMIT $candidates
