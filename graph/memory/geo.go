package memory

import (
	"context"
	"slices"
	"sync"

	"citynet/graph"
)

// geoIndex is a snapshot's index of city positions, built on first use of
// near or within (a graph with no geography, or a store that is never
// asked, pays nothing).
type geoIndex struct {
	// tree holds the located cities; its indices are positions in at.
	tree *graph.GeoTree
	// at[i] is the position in snapshot.cities of the tree's point i;
	// lat and lon are its coordinates, in one flat array each, which a
	// box query scans, and vec the same on the unit sphere, which near's
	// exact check reads (no sine or cosine, no city touched).
	at       []int32
	lat, lon []float64
	vec      []graph.Vec3
}

func (s *snapshot) geo() *geoIndex {
	s.geoOnce.Do(func() {
		g := &geoIndex{}
		var vecs []graph.Vec3
		for i, c := range s.cities {
			if loc := c.Location(); loc != nil {
				g.at = append(g.at, int32(i))
				g.lat, g.lon = append(g.lat, loc.Lat), append(g.lon, loc.Lon)
				vecs = append(vecs, loc.Vec())
			}
		}
		g.tree, g.vec = graph.NewGeoTree(vecs), vecs
		s.geoIdx = g
	})
	return s.geoIdx
}

// points are every city's position by bipartite index (the same as the
// position in snapshot.cities), for the pair ranking's band and
// distanceKm: built apart from the tree, which pairs do not need.
func (s *snapshot) points() *graph.CityPoints {
	s.pointsOnce.Do(func() {
		s.cityPoints = graph.NewCityPoints(len(s.cities), func(i int) *graph.GeoPoint { return s.cities[i].Location() })
	})
	return s.cityPoints
}

// near returns the cities within the radius, in id order: the tree's
// points within a bound a hair wider than the radius's, each then checked
// exactly (Near.VecMatcher, the rule of Near.Contains).
func (s *snapshot) near(n graph.Near) []*graph.City {
	g := s.geo()
	in := n.VecMatcher()
	var hits []int32
	g.tree.Within(n.Center().Vec(), n.SearchBound(), func(i int32) {
		if in(g.vec[i]) {
			hits = append(hits, g.at[i])
		}
	})
	return s.citiesAt(hits)
}

// within returns the cities in the box, in id order. A box is not a ball,
// so the tree does not serve it; one pass over the flat coordinate arrays
// (100,000 cities at x10) costs about what a page of results does.
func (s *snapshot) within(b graph.BBox) []*graph.City {
	g := s.geo()
	var hits []int32
	for i := range g.lat {
		if b.Contains(graph.GeoPoint{Lat: g.lat[i], Lon: g.lon[i]}) {
			hits = append(hits, g.at[i])
		}
	}
	return s.citiesAt(hits)
}

// citiesAt returns the cities at positions of s.cities, in id order (the
// order of the positions).
func (s *snapshot) citiesAt(at []int32) []*graph.City {
	slices.Sort(at)
	out := make([]*graph.City, len(at))
	for i, p := range at {
		out[i] = s.cities[p]
	}
	return out
}

// maxFilteredRankings bounds the cache of distance-filtered pair rankings:
// each distinct band is a new key, and a client sweeping maxKm must not
// grow the cache without end.
const maxFilteredRankings = 16

// CityPairs serves pages from the cached top of the ranking
// (graph.Bipartite.TopPairs, or TopPairsFiltered with a distance band),
// growing it by doubling when a page reaches past it.
func (s *snapshot) CityPairs(ctx context.Context, f graph.PairFilter, p graph.Page) (*graph.Connection[*graph.CityPair], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	offset, limit, err := p.Offset()
	if err != nil {
		return nil, err
	}
	need := offset + limit
	enough := func(r *pairRanking) bool { return len(r.top) >= need || len(r.top) >= r.total }
	size := func(prev *pairRanking) int {
		// One pass serves the first 50 pages of 20.
		k := max(need, 1000)
		if prev != nil {
			k = max(k, 2*len(prev.top))
		}
		return k
	}
	var r *pairRanking
	if !f.HasDistance() {
		r, err = s.pairs.get(ctx, f.MinShared, enough, func(prev *pairRanking) *pairRanking {
			top, total := s.bip.TopPairs(f.MinShared, size(prev))
			return &pairRanking{top: top, total: total}
		})
	} else {
		pts := s.points()
		r, err = s.bandPairs.get(ctx, f.Key(), enough, func(prev *pairRanking) *pairRanking {
			top, total := s.bip.TopPairsFiltered(f, size(prev), pts)
			return &pairRanking{top: top, total: total}
		})
	}
	if err != nil {
		return nil, err
	}
	start := min(offset, len(r.top))
	window := r.top[start:min(need, len(r.top))]
	page := make([]*graph.CityPair, len(window))
	for i, ps := range window {
		page[i] = s.cityPair(ps)
	}
	return graph.Window(page, r.total, offset, limit), nil
}

// NetworkSpans computes each network's span from its current members, once
// per network and graph version.
func (s *snapshot) NetworkSpans(ctx context.Context, ids []string) ([]*graph.NetworkSpan, error) {
	if err := graph.CheckSpans(ids); err != nil {
		return nil, err
	}
	out := make([]*graph.NetworkSpan, len(ids))
	for i, id := range ids {
		if _, err := s.Network(ctx, id); err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out[i] = s.span(id)
	}
	return out, nil
}

func (s *snapshot) span(id string) *graph.NetworkSpan {
	v, _ := s.spans.LoadOrStore(id, sync.OnceValue(func() *graph.NetworkSpan {
		var members []*graph.City
		for _, m := range s.byNetwork[id] {
			// byNetwork is in city order: a city's memberships are
			// together, and it is a member once.
			if m.Current() && (len(members) == 0 || members[len(members)-1].ID != m.CityID) {
				if c, ok := s.nodes[m.CityID].(*graph.City); ok {
					members = append(members, c)
				}
			}
		}
		return graph.Span(members)
	}))
	return v.(func() *graph.NetworkSpan)()
}
