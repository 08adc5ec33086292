// The proposals of one source, in one status.
CREATE INDEX proposal_source IF NOT EXISTS FOR (p:Proposal) ON (p.sourceId, p.status)
