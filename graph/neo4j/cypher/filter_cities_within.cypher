// Candidates for cities(filter: {within}): the cities in one box that does
// not cross the antimeridian (the store splits one that does, and widens
// each a little), from the point index city_location; the store checks
// each candidate's location again (graph.BBox.Contains).
MATCH (c:City)
WHERE point.withinBBox(c.location, point({latitude: $south, longitude: $west}), point({latitude: $north, longitude: $east}))
RETURN c.id AS id, c.location AS location
