// Every relationship, for exports, in graph.SortEdges order: type, ends,
// then since as graph.Date.Compare orders it (dates with a year by their
// text, then dates without a year, then none), then title. Not by r.key
// ("…@since@title"): '-' sorts before '@', so "2005-11" would come
// before "2005", and "--10-15" first.
MATCH (a:Entity)-[r]->(b:Entity)
WITH type(r) AS type, a.id AS from, b.id AS to, r, coalesce(r.since, '') AS since
RETURN type, from, to, properties(r) AS props
ORDER BY type, from, to,
  CASE WHEN since = '' THEN 2 WHEN since STARTS WITH '-' THEN 1 ELSE 0 END, since,
  coalesce(r.title, '')
