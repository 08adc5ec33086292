package neo4j

import (
	"context"
	"math"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"citynet/graph"
)

// neo4jEarthRadiusM is the sphere point.distance measures WGS84 points on
// (Neo4j's GeographicCalculator.EARTH_RADIUS_METERS).
const neo4jEarthRadiusM = 6378140.0

// pointOf reads a location property; nil when there is none.
func pointOf(v any) *graph.GeoPoint {
	p, ok := v.(dbtype.Point2D)
	if !ok {
		return nil
	}
	return &graph.GeoPoint{Lat: p.Y, Lon: p.X}
}

// nearMetres is the radius to ask Neo4j for so that its candidates hold
// every city within n.Km by the store's measure: the same central angle on
// Neo4j's larger sphere, widened by a millionth and a metre for the two
// formulas' rounding.
func nearMetres(n graph.Near) float64 {
	return n.Km*1000*(neo4jEarthRadiusM/(graph.EarthRadiusKm*1000))*(1+1e-6) + 1
}

// boxSlack widens a candidate box by about a millimetre on every side, so
// that whether Neo4j counts a box's edge in never matters: BBox.Contains
// decides.
const boxSlack = 1e-8

// geoFilter returns the ids of the cities f's near and within select, in
// no order, or nil when f has neither: candidates from the point index,
// each checked again in Go with the rules the embedded store applies.
func geoFilter(f graph.CityFilter) func(ctx context.Context, q querier) ([]string, error) {
	if f.Near == nil && f.Within == nil {
		return nil
	}
	return func(ctx context.Context, q querier) ([]string, error) {
		var ids []string
		if f.Near != nil {
			n := *f.Near
			recs, err := q.query(ctx, "filter_cities_near", map[string]any{"lat": n.Lat, "lon": n.Lon, "metres": nearMetres(n)})
			if err != nil {
				return nil, err
			}
			ids = []string{}
			near := n.Matcher()
			for _, r := range recs {
				v, _ := r.Get("location")
				if p := pointOf(v); p != nil && near(*p) && (f.Within == nil || f.Within.Contains(*p)) {
					ids = append(ids, get[string](r, "id"))
				}
			}
			return ids, nil
		}
		b := *f.Within
		ids, seen := []string{}, map[string]bool{}
		for _, part := range b.Split() {
			recs, err := q.query(ctx, "filter_cities_within", map[string]any{
				"south": math.Max(part.South-boxSlack, -90), "west": math.Max(part.West-boxSlack, -180),
				"north": math.Min(part.North+boxSlack, 90), "east": math.Min(part.East+boxSlack, 180)})
			if err != nil {
				return nil, err
			}
			for _, r := range recs {
				v, _ := r.Get("location")
				id := get[string](r, "id")
				if p := pointOf(v); p != nil && b.Contains(*p) && !seen[id] {
					seen[id] = true
					ids = append(ids, id)
				}
			}
		}
		return ids, nil
	}
}

// spanCache holds the spans computed at one committed graph version: a
// span of a large network costs a fraction of a second (the x10 preset's
// largest, 60,000 members, about 0.2 s), so a dashboard asking again pays
// one version_get until a write commits.
type spanCache struct {
	v     version
	spans map[string]*graph.NetworkSpan
}

// maxCachedSpans bounds the spans kept: every network of the x10 preset
// (1,000) fits.
const maxCachedSpans = 10_000

// NetworkSpans reads each network's current members (network_spans) and
// computes the span in Go (graph.Span), as the embedded store does; spans
// are cached under the graph version, as the pair rankings are.
func (s *Store) NetworkSpans(ctx context.Context, ids []string) ([]*graph.NetworkSpan, error) {
	if err := graph.CheckSpans(ids); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return []*graph.NetworkSpan{}, nil
	}
	type result struct {
		v       version
		cached  map[string]*graph.NetworkSpan
		members map[string][]*graph.City
	}
	r, err := read(ctx, s, func(q querier) (result, error) {
		v, err := currentVersion(ctx, q)
		if err != nil {
			return result{}, err
		}
		res := result{v: v, cached: map[string]*graph.NetworkSpan{}}
		var missing []string
		s.smu.Lock()
		for _, id := range ids {
			if sp, ok := s.spans.get(v, id); ok {
				res.cached[id] = sp
			} else {
				missing = append(missing, id)
			}
		}
		s.smu.Unlock()
		if len(missing) == 0 {
			return res, nil
		}
		res.members, err = readSpanMembers(ctx, q, missing)
		return res, err
	})
	if err != nil {
		return nil, err
	}
	out := make([]*graph.NetworkSpan, len(ids))
	for i, id := range ids {
		if sp, ok := r.cached[id]; ok {
			out[i] = sp
			continue
		}
		m, ok := r.members[id]
		if !ok {
			return nil, graph.NotFound(graph.TypeNetwork, id)
		}
		out[i] = graph.Span(m)
		r.cached[id] = out[i]
	}
	s.smu.Lock()
	s.spans = s.spans.put(r.v, r.cached)
	s.smu.Unlock()
	return out, nil
}

// get returns the span of id cached at version v.
func (c *spanCache) get(v version, id string) (*graph.NetworkSpan, bool) {
	if c == nil || v.epoch == "" || c.v != v {
		return nil, false
	}
	sp, ok := c.spans[id]
	return sp, ok
}

// put returns the cache with spans computed at version v added (a new
// cache for a new version; nothing kept for a database without a version
// node, whose changes nothing announces).
func (c *spanCache) put(v version, spans map[string]*graph.NetworkSpan) *spanCache {
	if v.epoch == "" {
		return nil
	}
	if c == nil || c.v != v || len(c.spans)+len(spans) > maxCachedSpans {
		c = &spanCache{v: v, spans: map[string]*graph.NetworkSpan{}}
	}
	for id, sp := range spans {
		c.spans[id] = sp
	}
	return c
}

// readSpanMembers reads the current members of the networks ids, by
// network; an id that is not a network's has no entry.
func readSpanMembers(ctx context.Context, q querier, ids []string) (map[string][]*graph.City, error) {
	recs, err := q.query(ctx, "network_spans", map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]*graph.City, len(recs))
	for _, r := range recs {
		cities := []*graph.City{}
		for _, v := range get[[]any](r, "members") {
			m := props(v.(map[string]any))
			c := &graph.City{ID: m.str("id"), CountryID: m.str("countryId")}
			if p := pointOf(m["location"]); p != nil {
				c.Lat, c.Lon = &p.Lat, &p.Lon
			}
			cities = append(cities, c)
		}
		out[get[string](r, "id")] = cities
	}
	return out, nil
}
