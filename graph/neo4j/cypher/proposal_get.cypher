// One proposal by id.
MATCH (p:Proposal {id: $id})
RETURN p.payload AS payload
