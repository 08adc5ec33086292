// What the document $source supports (Source.supports): the nodes,
// relationships and claims whose citations name it. Each record comes once
// with its properties; the store picks this document's quotes out of the
// parallel citeSources / citeQuotes lists. Only memberships, foundings and
// offices among relationships carry citations.
MATCH (n:Entity)
WHERE $source IN n.citeSources
RETURN n AS node, '' AS type, '' AS from, '' AS to, {} AS props
UNION ALL
MATCH (a:Entity)-[r:MEMBER_OF|FOUNDED|HOLDS_OFFICE]->(b:Entity)
WHERE $source IN r.citeSources
RETURN null AS node, type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props
UNION ALL
MATCH (c:Claim)
WHERE $source IN c.citeSources
RETURN null AS node, 'CLAIM' AS type, '' AS from, '' AS to, properties(c) AS props
