// Writes proposals (graph.Proposal as JSON), except over one already
// decided: a decision stands when the document is read again.
UNWIND $rows AS row
MERGE (p:Proposal {id: row.id})
WITH p, row
WHERE p.status IS NULL OR p.status = 'PENDING'
SET p.sourceId = row.sourceId, p.status = row.status, p.payload = row.payload
