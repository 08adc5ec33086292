// The document with this content hash, if any.
MATCH (d:Document {hash: $hash})
RETURN d.sourceId AS sourceId, d.payload AS payload
