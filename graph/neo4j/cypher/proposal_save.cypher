// Replaces a stored proposal (a decision or an edit); no row when there
// is no such proposal.
MATCH (p:Proposal {id: $id})
SET p.status = $status, p.payload = $payload
RETURN p.id AS id
