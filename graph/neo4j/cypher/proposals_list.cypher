// Proposals of a source and/or in a status (null: any); the store orders
// them (graph.SortProposals).
MATCH (p:Proposal)
WHERE ($sourceId IS NULL OR p.sourceId = $sourceId) AND ($status IS NULL OR p.status = $status)
RETURN p.payload AS payload
