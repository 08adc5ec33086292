// The proposals of one source, in a status or any (null): sought in the
// proposal_source index on (sourceId, status); the store orders them
// (graph.SortProposals).
MATCH (p:Proposal {sourceId: $sourceId})
WHERE $status IS NULL OR p.status = $status
RETURN p.payload AS payload
