// The nodes $ids, from the unique index on :Entity(id), in no order.
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n
