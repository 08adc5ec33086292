// The cities' positions (WGS84 points): serves near (point.distance) and
// within (point.withinBBox) by index seek instead of a scan of :City.
CREATE POINT INDEX city_location IF NOT EXISTS FOR (c:City) ON (c.location)
