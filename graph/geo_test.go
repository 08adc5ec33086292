package graph_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"citynet/graph"
)

// grounded sets the GeoNames fields on the minimal dataset's city, as the
// grounded corpus has them.
func grounded(d obj) obj {
	c := section(d, "cities")
	c["geonamesId"], c["lat"], c["lon"], c["population"], c["populationYear"] = 3099434, 54.35205, 18.64637, 461865, "2022"
	return c
}

func TestParseDataset_Geo(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		d := minimalDataset()
		grounded(d)
		ds, err := graph.ParseDataset("test.json", MustJSON(t, d))
		MustOK(t, err)
		c := ds.Cities[0]
		if c.GeonamesID != 3099434 || c.Population != 461865 || c.PopulationYear != "2022" {
			t.Errorf("city: got geonamesId %d population %d (%q), want 3099434, 461865 (2022)", c.GeonamesID, c.Population, c.PopulationYear)
		}
		if got := c.Location(); got == nil || *got != (graph.GeoPoint{Lat: 54.35205, Lon: 18.64637}) {
			t.Errorf("Location(): got %v, want {54.35205 18.64637}", got)
		}
	})

	t.Run("OKNotGrounded", func(t *testing.T) {
		ds, err := graph.ParseDataset("test.json", MustJSON(t, minimalDataset()))
		MustOK(t, err)
		if got := ds.Cities[0].Location(); got != nil {
			t.Errorf("Location(): got %v, want nil", got)
		}
	})

	t.Run("OKEdges", func(t *testing.T) {
		d := minimalDataset()
		c := grounded(d)
		c["lat"], c["lon"], c["population"] = -90, 180, 0
		delete(c, "populationYear")
		_, err := graph.ParseDataset("test.json", MustJSON(t, d))
		MustOK(t, err)
	})

	for _, tt := range []struct {
		name         string
		breakIt      func(c obj)
		field, inMsg string
	}{
		{"ErrLatWithoutLon", func(c obj) { delete(c, "lon") }, "lon", "both coordinates or neither"},
		{"ErrLonWithoutLat", func(c obj) { delete(c, "lat") }, "lat", "both coordinates or neither"},
		{"ErrLatRange", func(c obj) { c["lat"] = 90.5 }, "lat", "-90 to 90"},
		{"ErrLatRangeSouth", func(c obj) { c["lat"] = -91 }, "lat", "-90 to 90"},
		{"ErrLonRange", func(c obj) { c["lon"] = 180.01 }, "lon", "-180 to 180"},
		{"ErrLonRangeWest", func(c obj) { c["lon"] = -200 }, "lon", "-180 to 180"},
		{"ErrLatNotANumber", func(c obj) { c["lat"] = "54.3" }, "lat", "number"},
		{"ErrNegativePopulation", func(c obj) { c["population"] = -1 }, "population", "0 or more"},
		{"ErrPopulationNotAnInteger", func(c obj) { c["population"] = 4.5 }, "population", "int"},
		{"ErrPopulationYearNotAYear", func(c obj) { c["populationYear"] = "2022-01" }, "populationYear", "four digits"},
		{"ErrPopulationYearShort", func(c obj) { c["populationYear"] = "22" }, "populationYear", "four digits"},
		{"ErrPopulationYearWithoutPopulation", func(c obj) { delete(c, "population") }, "populationYear", "give population"},
		{"ErrGeonamesIDNegative", func(c obj) { c["geonamesId"] = -3 }, "geonamesId", "positive"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := minimalDataset()
			tt.breakIt(grounded(d))
			ds, err := graph.ParseDataset("test.json", MustJSON(t, d))
			de := MustDatasetError(t, ds, err)
			MustProblem(t, de, "test.json", `cities[0] "x"`, tt.field, tt.inMsg)
		})
	}

	t.Run("ErrGeonamesIDTwice", func(t *testing.T) {
		d := minimalDataset()
		grounded(d)
		d["cities"] = append(d["cities"].(arr), obj{"id": "y", "name": "Ytown", "country": "PL", "geonamesId": 3099434})
		ds, err := graph.ParseDataset("test.json", MustJSON(t, d))
		de := MustDatasetError(t, ds, err)
		MustProblem(t, de, "test.json", `cities[1] "y"`, "geonamesId", `city "x"`)
	})
}

func TestDataset_Apply_Geo(t *testing.T) {
	lat, lon := 54.35205, 18.64637
	gdansk := &graph.City{ID: "gdansk", Name: "Gdańsk", CountryID: "PL", GeonamesID: 3099434, Lat: &lat, Lon: &lon,
		Population: 461865, PopulationYear: "2022"}
	created := func(t *testing.T) *graph.Dataset {
		t.Helper()
		return MustApply(t, changeBase(t), &graph.Change{Put: graph.Single("input", gdansk), Create: true, At: changeAt1, By: "alice"}).Dataset
	}

	t.Run("OKCreate", func(t *testing.T) {
		c := cityOf(created(t), "gdansk")
		if g, w := string(MustJSON(t, c)), string(MustJSON(t, withStampOf(gdansk, c))); g != w {
			t.Errorf("city: got %s, want %s", g, w)
		}
	})

	t.Run("OKPatchPopulation", func(t *testing.T) {
		res := MustApply(t, created(t), &graph.Change{At: changeAt2, By: "bob", Patches: []graph.Patch{{
			Ref: graph.NodeRef(graph.TypeCity, "gdansk"), Arg: "patch", Fields: rawFields("population", "486022", "populationYear", `"2023"`)}}})
		c := cityOf(res.Dataset, "gdansk")
		if c.Population != 486022 || c.PopulationYear != "2023" || c.Location() == nil || c.GeonamesID != 3099434 {
			t.Errorf("city: got %+v, want population 486022 (2023), the rest kept", c)
		}
	})

	t.Run("OKPatchRemovesLocation", func(t *testing.T) {
		res := MustApply(t, created(t), &graph.Change{At: changeAt2, By: "bob", Patches: []graph.Patch{{
			Ref: graph.NodeRef(graph.TypeCity, "gdansk"), Arg: "patch", Fields: rawFields("lat", "null", "lon", "null")}}})
		if c := cityOf(res.Dataset, "gdansk"); c.Lat != nil || c.Lon != nil {
			t.Errorf("city: got lat %v lon %v, want neither", c.Lat, c.Lon)
		}
	})

	t.Run("ErrPatchOneCoordinate", func(t *testing.T) {
		err := MustApplyFail(t, created(t), &graph.Change{At: changeAt2, By: "bob", Patches: []graph.Patch{{
			Ref: graph.NodeRef(graph.TypeCity, "gdansk"), Arg: "patch", Fields: rawFields("lat", "null")}}}, invalidInput)
		MustPathProblem(t, err, "patch.lat", "both coordinates or neither")
	})

	t.Run("ErrPatchLatRange", func(t *testing.T) {
		err := MustApplyFail(t, created(t), &graph.Change{At: changeAt2, By: "bob", Patches: []graph.Patch{{
			Ref: graph.NodeRef(graph.TypeCity, "gdansk"), Arg: "patch", Fields: rawFields("lat", "123")}}}, invalidInput)
		MustPathProblem(t, err, "patch.lat", "-90 to 90")
	})

	t.Run("ErrCreateNegativePopulation", func(t *testing.T) {
		bad := *gdansk
		bad.Population = -5
		err := MustApplyFail(t, changeBase(t), &graph.Change{Put: graph.Single("input", &bad), Create: true}, invalidInput)
		MustPathProblem(t, err, "input.population", "0 or more")
	})
}

// withStampOf returns a copy of want stamped like got, to compare the
// facts alone.
func withStampOf(want, got *graph.City) *graph.City {
	c := *want
	c.Stamp = got.Stamp
	return &c
}

// randomPoints returns n points spread over the whole sphere, a cluster
// around Europe (ties and near neighbours) and a few on the antimeridian.
func randomPoints(seed uint64, n int) []graph.GeoPoint {
	r := rand.New(rand.NewPCG(seed, 2))
	out := make([]graph.GeoPoint, n)
	for i := range out {
		switch i % 5 {
		case 0:
			out[i] = graph.GeoPoint{Lat: math.Asin(2*r.Float64()-1) * 180 / math.Pi, Lon: 360*r.Float64() - 180}
		case 1:
			out[i] = graph.GeoPoint{Lat: -20 + 10*r.Float64(), Lon: []float64{180, -180, 179.5, -179.5}[r.IntN(4)]}
		default:
			out[i] = graph.GeoPoint{Lat: 45 + 10*r.Float64(), Lon: 5 + 20*r.Float64()}
		}
	}
	return out
}

func vecs(pts []graph.GeoPoint) []graph.Vec3 {
	out := make([]graph.Vec3, len(pts))
	for i, p := range pts {
		out[i] = p.Vec()
	}
	return out
}

func TestDistanceKm(t *testing.T) {
	for _, tt := range []struct {
		name string
		a, b graph.GeoPoint
		want float64
	}{
		{"Same", graph.GeoPoint{Lat: 52.2, Lon: 21}, graph.GeoPoint{Lat: 52.2, Lon: 21}, 0},
		{"GdanskWarsaw", graph.GeoPoint{Lat: 54.35205, Lon: 18.64637}, graph.GeoPoint{Lat: 52.22977, Lon: 21.01178}, 283.528},
		{"AcrossTheAntimeridian", graph.GeoPoint{Lat: -18.14161, Lon: 178.44149}, graph.GeoPoint{Lat: -13.83333, Lon: -171.76666}, 1150.746},
		{"SameMeridianTwoNames", graph.GeoPoint{Lat: 10, Lon: 180}, graph.GeoPoint{Lat: 10, Lon: -180}, 0},
		{"Antipodes", graph.GeoPoint{Lat: 0, Lon: 0}, graph.GeoPoint{Lat: 0, Lon: 180}, math.Pi * graph.EarthRadiusKm},
		{"PoleToPole", graph.GeoPoint{Lat: 90, Lon: 0}, graph.GeoPoint{Lat: -90, Lon: 45}, math.Pi * graph.EarthRadiusKm},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := graph.DistanceKm(tt.a, tt.b); math.Abs(got-tt.want) > 0.001 {
				t.Errorf("got %.6f km, want %.3f", got, tt.want)
			}
			if g1, g2 := graph.DistanceKm(tt.a, tt.b), graph.DistanceKm(tt.b, tt.a); g1 != g2 {
				t.Errorf("not symmetric: %v and %v", g1, g2)
			}
		})
	}
	// The chord form is the haversine formula: compare with the textbook
	// version on random pairs.
	t.Run("IsHaversine", func(t *testing.T) {
		pts := randomPoints(1, 400)
		for i := 1; i < len(pts); i++ {
			a, b := pts[i-1], pts[i]
			φ1, φ2, Δφ, Δλ := a.Lat*math.Pi/180, b.Lat*math.Pi/180, (b.Lat-a.Lat)*math.Pi/180, (b.Lon-a.Lon)*math.Pi/180
			h := math.Pow(math.Sin(Δφ/2), 2) + math.Cos(φ1)*math.Cos(φ2)*math.Pow(math.Sin(Δλ/2), 2)
			want := 2 * graph.EarthRadiusKm * math.Asin(math.Sqrt(h))
			if got := graph.DistanceKm(a, b); math.Abs(got-want) > 1e-6 {
				t.Fatalf("%v–%v: got %v, want %v", a, b, got, want)
			}
		}
	})
}

func TestGeoTree_Within(t *testing.T) {
	pts := randomPoints(2, 3000)
	tree := graph.NewGeoTree(vecs(pts))
	r := rand.New(rand.NewPCG(3, 3))
	for q := range 200 {
		center := pts[r.IntN(len(pts))]
		if q%4 == 0 {
			center = graph.GeoPoint{Lat: 180*r.Float64() - 90, Lon: 360*r.Float64() - 180}
		}
		n := graph.Near{Lat: center.Lat, Lon: center.Lon, Km: []float64{1, 50, 300, 2000, 12000, graph.MaxNearKm}[q%6]}
		var got []int
		tree.Within(center.Vec(), n.SearchBound(), func(i int32) {
			if n.Contains(pts[i]) {
				got = append(got, int(i))
			}
		})
		slices.Sort(got)
		var want []int
		for i, p := range pts {
			if graph.DistanceKm(center, p) <= n.Km {
				want = append(want, i)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("near %+v: got %d points, want %d (the points within by DistanceKm)", n, len(got), len(want))
		}
	}
}

func TestGeoTree_NearestWithin(t *testing.T) {
	pts := randomPoints(4, 2000)
	tree := graph.NewGeoTree(vecs(pts))
	for k, q := range randomPoints(5, 300) {
		want := math.Inf(1)
		for _, p := range pts {
			v, w := p.Vec(), q.Vec()
			x, y, z := v[0]-w[0], v[1]-w[1], v[2]-w[2]
			want = min(want, x*x+y*y+z*z)
		}
		if _, got := tree.NearestWithin(q.Vec(), math.Inf(1)); got != want {
			t.Fatalf("nearest to %v: got squared chord %v, want %v", q, got, want)
		}
		bound := want * []float64{0.5, 1, 1.5}[k%3]
		i, got := tree.NearestWithin(q.Vec(), bound)
		if want < bound && got != want || want >= bound && (i != -1 || got != bound) {
			t.Fatalf("nearest to %v below %v: got %d %v, want %v", q, bound, i, got, want)
		}
	}
	if i, d := graph.NewGeoTree(nil).NearestWithin(graph.Vec3{1, 0, 0}, math.Inf(1)); i != -1 || !math.IsInf(d, 1) {
		t.Errorf("empty tree: got %d %v, want -1 +Inf", i, d)
	}
}

func TestGeoTree_Farthest(t *testing.T) {
	pts := randomPoints(4, 2000)
	tree := graph.NewGeoTree(vecs(pts))
	for k, q := range randomPoints(5, 300) {
		want := -1.0
		for _, p := range pts {
			v, w := p.Vec(), q.Vec()
			x, y, z := v[0]-w[0], v[1]-w[1], v[2]-w[2]
			want = max(want, x*x+y*y+z*z)
		}
		if _, got := tree.Farthest(q.Vec(), -1); got != want {
			t.Fatalf("farthest from %v: got squared chord %v, want %v", q, got, want)
		}
		// With a bound: the same point when it is beyond, none when not.
		bound := want * []float64{0.5, 1, 1.5}[k%3]
		i, got := tree.Farthest(q.Vec(), bound)
		if want > bound && got != want || want <= bound && (i != -1 || got != bound) {
			t.Fatalf("farthest from %v beyond %v: got %d %v, want %v", q, bound, i, got, want)
		}
	}
	if i, d := graph.NewGeoTree(nil).Farthest(graph.Vec3{1, 0, 0}, -1); i != -1 || d != -1 {
		t.Errorf("empty tree: got %d %v, want -1 -1", i, d)
	}
}

func TestSpan(t *testing.T) {
	city := func(id, country string, p *graph.GeoPoint) *graph.City {
		c := &graph.City{ID: id, CountryID: country}
		if p != nil {
			c.Lat, c.Lon = &p.Lat, &p.Lon
		}
		return c
	}
	// naive measures every pair and sorts.
	naive := func(pts []graph.GeoPoint) (mx, med float64) {
		var d []float64
		for i := range pts {
			for j := i + 1; j < len(pts); j++ {
				d = append(d, graph.DistanceKm(pts[i], pts[j]))
			}
		}
		slices.Sort(d)
		n := len(d)
		med = d[n/2]
		if n%2 == 0 {
			med = (d[n/2-1] + d[n/2]) / 2
		}
		return d[n-1], med
	}
	t.Run("OKNone", func(t *testing.T) {
		s := graph.Span(nil)
		if s.MaxKm != nil || s.MedianKm != nil || s.Members != 0 || s.Located != 0 || s.Countries != 0 {
			t.Errorf("got %+v, want all zero and null", s)
		}
	})
	t.Run("OKOneLocated", func(t *testing.T) {
		s := graph.Span([]*graph.City{city("a", "PL", &graph.GeoPoint{Lat: 50, Lon: 20}), city("b", "DE", nil)})
		if s.MaxKm != nil || s.MedianKm != nil || s.Members != 2 || s.Located != 1 || s.Countries != 2 {
			t.Errorf("got %+v, want 2 members, 1 located, 2 countries, no distances", s)
		}
	})
	for _, n := range []int{2, 3, 4, 65, 300, graph.ExactSpanMembers} {
		t.Run(fmt.Sprintf("OKExact%d", n), func(t *testing.T) {
			pts := randomPoints(uint64(n), n)
			var cs []*graph.City
			for i := range pts {
				cs = append(cs, city(fmt.Sprintf("c%05d", i), "PL", &pts[i]))
			}
			s := graph.Span(cs)
			mx, med := naive(pts)
			if s.MaxKm == nil || math.Abs(*s.MaxKm-mx) > 1e-9 || s.MedianKm == nil || math.Abs(*s.MedianKm-med) > 1e-9 {
				t.Errorf("got max %v median %v, want %v %v", *s.MaxKm, *s.MedianKm, mx, med)
			}
		})
	}
	// Above the limit the maximum stays exact and the median is that of
	// ExactSpanMembers members evenly spaced in id order.
	t.Run("OKSampledMedian", func(t *testing.T) {
		n := graph.ExactSpanMembers + 500
		pts := randomPoints(9, n)
		var cs []*graph.City
		for i := range pts {
			cs = append(cs, city(fmt.Sprintf("c%05d", i), "PL", &pts[i]))
		}
		slices.Reverse(cs) // the order given does not matter
		s := graph.Span(cs)
		mx, _ := naive(pts)
		sample := make([]graph.GeoPoint, graph.ExactSpanMembers)
		for i := range sample {
			sample[i] = pts[i*n/graph.ExactSpanMembers]
		}
		_, med := naive(sample)
		if math.Abs(*s.MaxKm-mx) > 1e-9 || math.Abs(*s.MedianKm-med) > 1e-9 {
			t.Errorf("got max %v median %v, want %v (exact) and %v (sample)", *s.MaxKm, *s.MedianKm, mx, med)
		}
	})
}

func TestFilters_CheckGeo(t *testing.T) {
	for _, tt := range []struct {
		name, field string
		err         error
	}{
		{"NearOK", "", graph.Near{Lat: -90, Lon: 180, Km: graph.MaxNearKm}.Check("filter.near")},
		{"NearKmZero", "filter.near.km", graph.Near{Lat: 0, Lon: 0, Km: 0}.Check("filter.near")},
		{"NearKmHuge", "filter.near.km", graph.Near{Lat: 0, Lon: 0, Km: 1e9}.Check("filter.near")},
		{"NearKmNaN", "filter.near.km", graph.Near{Lat: 0, Lon: 0, Km: math.NaN()}.Check("filter.near")},
		{"NearLat", "filter.near.lat", graph.Near{Lat: -90.01, Lon: 0, Km: 1}.Check("filter.near")},
		{"NearLon", "filter.near.lon", graph.Near{Lat: 0, Lon: 180.01, Km: 1}.Check("filter.near")},
		{"BoxOK", "", graph.BBox{South: -10, West: 170, North: 10, East: -170}.Check("filter.within")},
		{"BoxSouthNorth", "filter.within.south", graph.BBox{South: 10, West: 0, North: -10, East: 1}.Check("filter.within")},
		{"BoxSouth", "filter.within.south", graph.BBox{South: -100, West: 0, North: 10, East: 1}.Check("filter.within")},
		{"BoxWest", "filter.within.west", graph.BBox{South: 0, West: -190, North: 10, East: 1}.Check("filter.within")},
		{"BoxNorth", "filter.within.north", graph.BBox{South: 0, West: 0, North: 91, East: 1}.Check("filter.within")},
		{"BoxEast", "filter.within.east", graph.BBox{South: 0, West: 0, North: 10, East: math.Inf(1)}.Check("filter.within")},
		{"PairsOK", "", graph.PairFilter{MinShared: 1, MinKm: fp(0), MaxKm: fp(0)}.Check()},
		{"PairsMinNegative", "minKm", graph.PairFilter{MinShared: 1, MinKm: fp(-1)}.Check()},
		{"PairsMaxNegative", "maxKm", graph.PairFilter{MinShared: 1, MaxKm: fp(-1)}.Check()},
		{"PairsMinAboveMax", "minKm", graph.PairFilter{MinShared: 1, MinKm: fp(10), MaxKm: fp(9.5)}.Check()},
		{"PairsMinShared", "minShared", graph.PairFilter{MinShared: 0}.Check()},
		{"SpansTooMany", "networks", graph.CheckSpans(make([]string, graph.MaxPageSize+1))},
		{"SpansEmptyID", "networks[1]", graph.CheckSpans([]string{"a", ""})},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.field == "" {
				MustOK(t, tt.err)
				return
			}
			MustInvalid(t, tt.err, tt.field)
		})
	}
}

func TestBBox_Contains(t *testing.T) {
	across := graph.BBox{South: -20, West: 170, North: -10, East: -170}
	for _, tt := range []struct {
		b    graph.BBox
		p    graph.GeoPoint
		want bool
	}{
		{across, graph.GeoPoint{Lat: -15, Lon: 175}, true},
		{across, graph.GeoPoint{Lat: -15, Lon: -175}, true},
		{across, graph.GeoPoint{Lat: -15, Lon: 180}, true},
		{across, graph.GeoPoint{Lat: -15, Lon: 0}, false},
		{across, graph.GeoPoint{Lat: -15, Lon: 169.99}, false},
		{across, graph.GeoPoint{Lat: -20, Lon: 170}, true}, // corner: edges included
		{across, graph.GeoPoint{Lat: -9.99, Lon: 175}, false},
		{graph.BBox{South: 0, West: 10, North: 1, East: 20}, graph.GeoPoint{Lat: 0.5, Lon: 15}, true},
		{graph.BBox{South: 0, West: 10, North: 1, East: 20}, graph.GeoPoint{Lat: 0.5, Lon: 25}, false},
	} {
		if got := tt.b.Contains(tt.p); got != tt.want {
			t.Errorf("%+v contains %+v: got %v, want %v", tt.b, tt.p, got, tt.want)
		}
		split := false
		for _, part := range tt.b.Split() {
			if part.Crosses() {
				t.Errorf("%+v: part %+v crosses the antimeridian", tt.b, part)
			}
			split = split || part.Contains(tt.p)
		}
		if split != tt.want {
			t.Errorf("%+v split %+v contains %+v: got %v, want %v", tt.b, tt.b.Split(), tt.p, split, tt.want)
		}
	}
}

func TestBipartite_TopPairsFiltered(t *testing.T) {
	for seed := range uint64(4) {
		g := randomBipartite(seed, 150, 12, 700)
		pts := randomPoints(seed, len(g.Cities))
		points := graph.NewCityPoints(len(g.Cities), func(i int) *graph.GeoPoint {
			if i%7 == 3 {
				return nil // some cities have no position
			}
			return &pts[i]
		})
		// An exact bound: some pair's own distance, which the band includes.
		var edge float64
		for _, f := range []graph.PairFilter{
			{MinShared: 1, MaxKm: fp(800)},
			{MinShared: 2, MinKm: fp(1000)},
			{MinShared: 1, MinKm: fp(300), MaxKm: fp(3000)},
			{MinShared: 1, MinKm: fp(0)},
			{MinShared: 1, MaxKm: fp(1e6)},
			{MinShared: 1, MinKm: &edge, MaxKm: &edge},
		} {
			if f.MinKm == &edge {
				edge = *points.DistanceKm(0, 1)
				if edge == 0 {
					edge = *points.DistanceKm(0, 2)
				}
			}
			var want []graph.PairScore
			for _, p := range naivePairs(g, f.MinShared) {
				d := points.DistanceKm(p.A, p.B)
				if d != nil && (f.MinKm == nil || *d >= *f.MinKm) && (f.MaxKm == nil || *d <= *f.MaxKm) {
					want = append(want, p)
				}
			}
			for _, k := range []int{1, 10, len(want) + 1} {
				got, total := g.TopPairsFiltered(f, k, points)
				if total != len(want) || !slices.Equal(got, want[:min(k, len(want))]) {
					t.Fatalf("seed %d %+v k %d: got %d of %d, want %d of %d", seed, f, k, len(got), total, min(k, len(want)), len(want))
				}
			}
		}
		// No band: the unfiltered ranking.
		got, total := g.TopPairsFiltered(graph.PairFilter{MinShared: 2}, 50, points)
		want, wantTotal := g.TopPairs(2, 50)
		if total != wantTotal || !slices.Equal(got, want) {
			t.Fatalf("seed %d without a band: differs from TopPairs", seed)
		}
	}
}

func fp(v float64) *float64 { return &v }
