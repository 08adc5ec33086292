// Every proposal, in a status or any (null): a scan of the proposals,
// for the review list across documents; the store orders them
// (graph.SortProposals). With a source, proposals_of_source seeks instead.
MATCH (p:Proposal)
WHERE $status IS NULL OR p.status = $status
RETURN p.payload AS payload
