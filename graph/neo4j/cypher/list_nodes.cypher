// Instantiated once per node label: one page of the nodes whose ids pass
// the filter, in id order, and how many there are. $ids null = no filter.
MATCH (n:__LABEL__)
WHERE $ids IS NULL OR n.id IN $ids
WITH n
ORDER BY n.id
WITH collect(n) AS matched
RETURN size(matched) AS total, matched[$skip..$skip + $limit] AS page
