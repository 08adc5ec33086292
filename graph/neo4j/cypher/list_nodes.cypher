// Instantiated once per node label: one page of the nodes of the label, in
// id order (a top-k sort: only $skip + $limit are kept), and how many there
// are (from the label's count store).
MATCH (n:__LABEL__)
WITH n
ORDER BY n.id
SKIP $skip
LIMIT $limit
WITH collect(n) AS page
RETURN COUNT { MATCH (m:__LABEL__) } AS total, page
