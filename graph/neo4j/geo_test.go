package neo4j

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"citynet/graph"
	"citynet/graph/memory"
	"citynet/graph/storetest"
)

// mustGeoStores loads storetest.Geographic into the embedded store (the
// reference answers) and into a Store over the fake database.
func mustGeoStores(tb testing.TB) (*memory.Store, *Store) {
	tb.Helper()
	mem, err := memory.New(storetest.Geographic())
	if err != nil {
		tb.Fatal(err)
	}
	s, _ := fakeStore(tb, newFakeDB())
	MustLoad(tb, s, storetest.Geographic())
	return mem, s
}

// The band, the distances and the spans are computed from the positions
// the statements return, as the embedded store computes them.
func TestStore_GeoSameAsEmbedded(t *testing.T) {
	ctx := context.Background()
	mem, s := mustGeoStores(t)
	fp := func(v float64) *float64 { return &v }

	t.Run("CityPairs", func(t *testing.T) {
		for _, f := range []graph.PairFilter{{MinShared: 1}, {MinShared: 1, MaxKm: fp(500)}, {MinShared: 1, MinKm: fp(1000)},
			{MinShared: 2, MinKm: fp(0), MaxKm: fp(2000)}} {
			got, err := s.CityPairs(ctx, f, graph.Page{First: 50})
			if err != nil {
				t.Fatal(err)
			}
			want, err := mem.CityPairs(ctx, f, graph.Page{First: 50})
			if err != nil {
				t.Fatal(err)
			}
			if g, w := MustJSON(t, got), MustJSON(t, want); g != w {
				t.Errorf("%+v:\n got %s\nwant %s", f, g, w)
			}
		}
	})

	t.Run("NetworkSpans", func(t *testing.T) {
		ids := []string{"baltic", "bridge", "empty", "pacific"}
		got, err := s.NetworkSpans(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		want, err := mem.NetworkSpans(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := MustJSON(t, got), MustJSON(t, want); g != w {
			t.Errorf("got %s\nwant %s", g, w)
		}
		if _, err := s.NetworkSpans(ctx, []string{"baltic", "gdansk"}); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("a city's id: got %v, want ENOTFOUND", err)
		}
	})

	// The fake answers every located city as a candidate: the store must
	// keep exactly the embedded store's cities.
	t.Run("NearWithin", func(t *testing.T) {
		for _, f := range []graph.CityFilter{
			{Near: &graph.Near{Lat: 52.22977, Lon: 21.01178, Km: 300}},
			{Near: &graph.Near{Lat: -16, Lon: 180, Km: 1000}},
			{Within: &graph.BBox{South: -20, West: 170, North: -10, East: -170}},
			{Within: &graph.BBox{South: 52.22977, West: 13.41053, North: 52.52437, East: 21.01178}},
			{Near: &graph.Near{Lat: 52.52437, Lon: 13.41053, Km: 450}, Within: &graph.BBox{South: 49, West: 14, North: 55, East: 24.5}},
		} {
			got, err := read(ctx, s, func(q querier) ([]string, error) { return geoFilter(f)(ctx, q) })
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			c, err := mem.Cities(ctx, f, graph.Page{First: 100})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, city := range c.Items {
				want = append(want, city.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%+v: got %v, want %v", f, got, want)
			}
		}
	})
}

// A within box across the antimeridian is sent as two boxes, neither
// crossing it, each a little wider than its part.
func TestStore_WithinSplitsAntimeridian(t *testing.T) {
	s2, rec := fakeStore(t, newFakeDB())
	f := graph.CityFilter{Within: &graph.BBox{South: -20, West: 170, North: -10, East: -170}}
	if _, err := read(context.Background(), s2, func(q querier) ([]string, error) { return geoFilter(f)(context.Background(), q) }); err != nil {
		t.Fatal(err)
	}
	var boxes [][4]float64
	for _, c := range rec.calls {
		if c.name == "filter_cities_within" {
			boxes = append(boxes, [4]float64{c.params["south"].(float64), c.params["west"].(float64), c.params["north"].(float64), c.params["east"].(float64)})
		}
	}
	if len(boxes) != 2 || boxes[0][1] > boxes[0][3] || boxes[1][1] > boxes[1][3] || boxes[0][3] != 180 || boxes[1][1] != -180 ||
		boxes[0][1] >= 170 || boxes[1][3] <= -170 {
		t.Errorf("boxes sent: got %v, want [~170, 180] and [-180, ~-170], west ≤ east in each", boxes)
	}
}

// nearMetres asks Neo4j for a radius that holds every city within km by
// the API's measure: Neo4j's own haversine on its 6,378.14 km sphere, for
// pairs exactly at the bound, anywhere on the Earth.
func TestNearMetres(t *testing.T) {
	neo := func(a, b graph.GeoPoint) float64 { // Neo4j's formula, in metres
		φ1, φ2 := a.Lat*math.Pi/180, b.Lat*math.Pi/180
		h := math.Pow(math.Sin((φ2-φ1)/2), 2) + math.Cos(φ1)*math.Cos(φ2)*math.Pow(math.Sin((b.Lon-a.Lon)*math.Pi/360), 2)
		return 2 * neo4jEarthRadiusM * math.Asin(math.Min(1, math.Sqrt(h)))
	}
	r := rand.New(rand.NewPCG(7, 7))
	pt := func() graph.GeoPoint {
		return graph.GeoPoint{Lat: math.Asin(2*r.Float64()-1) * 180 / math.Pi, Lon: 360*r.Float64() - 180}
	}
	for range 20000 {
		a, b := pt(), pt()
		if r.IntN(3) == 0 { // near neighbours too
			b = graph.GeoPoint{Lat: max(-90, min(90, a.Lat+r.NormFloat64()*0.01)), Lon: a.Lon + r.NormFloat64()*0.01}
		}
		km := graph.DistanceKm(a, b)
		if km == 0 {
			continue
		}
		n := graph.Near{Lat: a.Lat, Lon: a.Lon, Km: km}
		if !n.Contains(b) {
			t.Fatalf("%v–%v: Contains refuses a point at exactly km", a, b)
		}
		if d := neo(a, b); d > nearMetres(n) {
			t.Fatalf("%v–%v at %v km: Neo4j measures %v m, beyond the %v m asked for", a, b, km, d, nearMetres(n))
		}
	}
}

// Spans are computed once per graph version: asked again, the store sends
// only version_get; after a write, it reads the members again, and the
// span follows the write.
func TestStore_NetworkSpansCached(t *testing.T) {
	ctx := context.Background()
	s, rec := fakeStore(t, newFakeDB())
	MustLoad(t, s, storetest.Geographic())
	first, err := s.NetworkSpans(ctx, []string{"baltic", "pacific"})
	if err != nil {
		t.Fatal(err)
	}
	mark := len(rec.calls)
	again, err := s.NetworkSpans(ctx, []string{"pacific", "baltic"})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(rec.since(mark)); !slices.Equal(got, []string{"version_get"}) {
		t.Errorf("asked again: sent %v, want only version_get", got)
	}
	if again[0] != first[1] || again[1] != first[0] {
		t.Errorf("asked again: got other spans than the cached ones")
	}
	mark = len(rec.calls)
	if _, err := s.NetworkSpans(ctx, []string{"bridge", "baltic"}); err != nil {
		t.Fatal(err)
	}
	if c := rec.since(mark); len(c) != 2 || c[1].name != "network_spans" || !slices.Equal(c[1].params["ids"].([]string), []string{"bridge"}) {
		t.Errorf("one cached, one not: sent %v, want network_spans for bridge only", c)
	}
	if _, err := s.Apply(ctx, &graph.Change{Delete: []graph.Ref{graph.MembershipRef("berlin", "baltic", "")}}); err != nil {
		t.Fatal(err)
	}
	after, err := s.NetworkSpans(ctx, []string{"baltic"})
	if err != nil {
		t.Fatal(err)
	}
	if after[0].Members != first[0].Members-1 {
		t.Errorf("after a member left: got %d members, want %d", after[0].Members, first[0].Members-1)
	}
}
