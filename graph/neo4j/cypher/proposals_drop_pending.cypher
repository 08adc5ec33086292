// Before a document's proposals are written again, its pending ones go;
// accepted and rejected ones stay.
MATCH (p:Proposal {sourceId: $sourceId, status: 'PENDING'})
DELETE p
