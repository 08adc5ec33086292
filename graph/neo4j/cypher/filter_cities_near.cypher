// Candidates for cities(filter: {near}): the cities within $metres of the
// point by Neo4j's own great-circle distance, from the point index
// city_location. Neo4j measures on a sphere of 6378.14 km and the store
// on one of 6371.0088 km, so the store asks for a radius widened by their
// ratio and checks each candidate's location again (graph.Near.Contains).
MATCH (c:City)
WHERE point.distance(c.location, point({latitude: $lat, longitude: $lon})) <= $metres
RETURN c.id AS id, c.location AS location
