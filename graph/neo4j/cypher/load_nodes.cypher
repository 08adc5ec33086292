// Instantiated once per node label. Replaces every property so that a
// reload of the same dataset leaves the node as it was.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row.props
SET n:__LABEL__
