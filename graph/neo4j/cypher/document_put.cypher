// Stores a document (graph.Document as JSON), replacing the source's
// previous one. Documents are not :Entity nodes: they are not part of
// the graph the API reads, only the text its citations quote.
MERGE (d:Document {sourceId: $sourceId})
SET d.hash = $hash, d.payload = $payload
