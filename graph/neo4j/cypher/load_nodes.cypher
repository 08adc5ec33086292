// Instantiated once per node label. Replaces every property so that a
// reload of the same dataset leaves the node as it was, and every other
// type label, so that a record whose type changed (loaded under the same
// id) is of its new type only.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row.props
REMOVE n:__OTHER_LABELS__
SET n:__LABEL__
