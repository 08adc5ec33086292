// Instantiated once per node label: every node, for exports.
MATCH (n:__LABEL__)
RETURN n
ORDER BY n.id
