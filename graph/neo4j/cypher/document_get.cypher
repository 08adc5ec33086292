// A source's document, as the JSON the store wrote (graph.Document).
MATCH (d:Document {sourceId: $sourceId})
RETURN d.payload AS payload
