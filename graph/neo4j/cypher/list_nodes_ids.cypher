// Instantiated once per node label: one page of the nodes of the label
// whose ids are in $ids, in id order, and how many there are. The ids are
// sought in the unique index on :Entity(id).
MATCH (n:Entity)
WHERE n.id IN $ids AND n:__LABEL__
WITH n
ORDER BY n.id
WITH collect(n) AS matched
RETURN size(matched) AS total, matched[$skip..$skip + $limit] AS page
