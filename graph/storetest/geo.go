package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"citynet/graph"
)

// Geographic returns a fresh copy of a small dataset of real places, for
// the geography of the suite. Its shape:
//
//	gdansk  PL  54.35205  18.64637  GeoNames 3099434, 461865 (2022)
//	warsaw  PL  52.22977  21.01178
//	krakow  PL  50.06143  19.93658
//	berlin  DE  52.52437  13.41053
//	suva    FJ -18.14161 178.44149  just west of the antimeridian…
//	apia    WS -13.83333 -171.76666 …and just east of it: 1,150 km apart
//	nomad   PL  no coordinates
//	baltic  network: gdansk, warsaw, krakow, berlin, nomad
//	pacific network: suva, apia; nomad until 2015 (FORMER_MEMBER)
//	bridge  network: gdansk, warsaw, suva, apia (so gdansk–warsaw share 2)
//	empty   network: no members
func Geographic() *graph.Dataset {
	pt := func(v float64) *float64 { return &v }
	city := func(id, name, country string, lat, lon float64) *graph.City {
		return &graph.City{ID: id, Name: name, CountryID: country, Lat: pt(lat), Lon: pt(lon)}
	}
	gdansk := city("gdansk", "Gdańsk", "PL", 54.35205, 18.64637)
	gdansk.GeonamesID, gdansk.Population, gdansk.PopulationYear = 3099434, 461865, "2022"
	gdansk.Sources = []graph.Citation{{SourceID: "geonames", Quote: "3099434 Gdańsk PL 54.35205 18.64637 population 461865"}}
	member := func(c, n string) *graph.Membership {
		return &graph.Membership{CityID: c, NetworkID: n, Status: graph.StatusMember}
	}
	return &graph.Dataset{
		Sources: []*graph.Source{{ID: "geonames", Title: "GeoNames", Publisher: "GeoNames", Language: "en", URL: "https://www.geonames.org/"}},
		Countries: []*graph.Country{{ID: "DE", Name: "Germany"}, {ID: "FJ", Name: "Fiji"}, {ID: "PL", Name: "Poland"},
			{ID: "WS", Name: "Samoa"}},
		Cities: []*graph.City{gdansk, city("warsaw", "Warsaw", "PL", 52.22977, 21.01178), city("krakow", "Kraków", "PL", 50.06143, 19.93658),
			city("berlin", "Berlin", "DE", 52.52437, 13.41053), city("suva", "Suva", "FJ", -18.14161, 178.44149),
			city("apia", "Apia", "WS", -13.83333, -171.76666), {ID: "nomad", Name: "Nomad", CountryID: "PL"}},
		Networks: []*graph.Network{{ID: "baltic", Name: "Baltic", Scope: graph.ScopeEuropean},
			{ID: "bridge", Name: "Bridge", Scope: graph.ScopeInternational},
			{ID: "empty", Name: "Empty", Scope: graph.ScopeInternational},
			{ID: "pacific", Name: "Pacific", Scope: graph.ScopeRegional}},
		Memberships: []*graph.Membership{member("apia", "bridge"), member("apia", "pacific"), member("berlin", "baltic"),
			member("gdansk", "baltic"), member("gdansk", "bridge"), member("krakow", "baltic"), member("nomad", "baltic"),
			member("suva", "bridge"), member("suva", "pacific"), member("warsaw", "baltic"), member("warsaw", "bridge"),
			{CityID: "nomad", NetworkID: "pacific", Since: "2001", Until: "2015", Status: graph.StatusFormerMember}},
	}
}

// runGeo checks the cities' grounding: coordinates, population and GeoNames
// id read back as written, through reads and writes; then the queries on
// positions.
func runGeo(t *testing.T, openDS func(t *testing.T, ds *graph.Dataset) graph.Store) {
	t.Run("Queries", func(t *testing.T) { runGeoQueries(t, openDS) })
	ctx := context.Background()
	open := func(t *testing.T) graph.Store {
		t.Helper()
		return openDS(t, Geographic())
	}

	t.Run("Location", func(t *testing.T) {
		s := open(t)
		want := map[string]*graph.City{}
		for _, c := range Geographic().Cities {
			want[c.ID] = c
		}
		got := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.City], error) {
			return s.Cities(ctx, graph.CityFilter{}, p)
		})
		if len(got) != len(want) {
			t.Fatalf("cities: got %d, want %d", len(got), len(want))
		}
		for _, c := range got {
			one, err := s.City(ctx, c.ID)
			MustOK(t, err)
			for _, c := range []*graph.City{c, one} {
				wantJSON(t, "city "+c.ID, c, want[c.ID])
			}
		}
	})

	t.Run("WriteLocation", func(t *testing.T) {
		s := open(t)
		at := time.Date(2026, 12, 5, 21, 0, 0, 0, time.UTC)
		lat, lon := 51.10789, 17.03854
		wroclaw := &graph.City{ID: "wroclaw", Name: "Wrocław", CountryID: "PL", GeonamesID: 3081368, Lat: &lat, Lon: &lon,
			Population: 674132, PopulationYear: "2022"}
		_, err := s.Apply(ctx, &graph.Change{Put: graph.Single("input", wroclaw), Create: true, At: at, By: "ada"})
		MustOK(t, err)
		c, err := s.City(ctx, "wroclaw")
		MustOK(t, err)
		wroclaw.Stamp = graph.Stamp{At: at, By: "ada"}
		wantJSON(t, "created", c, wroclaw)

		_, err = s.Apply(ctx, &graph.Change{At: at, By: "ada", Patches: []graph.Patch{{Ref: graph.NodeRef(graph.TypeCity, "wroclaw"),
			Arg: "patch", Fields: rawJSON("lat", "null", "lon", "null", "population", "null", "populationYear", "null")}}})
		MustOK(t, err)
		c, err = s.City(ctx, "wroclaw")
		MustOK(t, err)
		if c.Location() != nil || c.Population != 0 || c.PopulationYear != "" || c.GeonamesID != 3081368 {
			t.Errorf("patched: got %+v, want no location or population, the GeoNames id kept", c)
		}

		_, err = s.Apply(ctx, &graph.Change{At: at, By: "ada", Patches: []graph.Patch{{Ref: graph.NodeRef(graph.TypeCity, "wroclaw"),
			Arg: "patch", Fields: rawJSON("lat", "51.1")}}})
		var de *graph.DatasetError
		if !errors.As(err, &de) || len(de.Problems) != 1 || de.Problems[0].Path != "patch.lon" {
			t.Fatalf("got %v, want one problem on patch.lon", err)
		}
		c, err = s.City(ctx, "wroclaw")
		MustOK(t, err)
		if c.Lat != nil {
			t.Errorf("after a refused patch: got lat %v, want none", *c.Lat)
		}
	})
}

// rawJSON makes a patch's fields from name, JSON value pairs.
func rawJSON(kv ...string) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = json.RawMessage(kv[i+1])
	}
	return m
}

// Distances between the Geographic cities (haversine, R = 6371.0088 km),
// worked out apart from the stores, to 1 m.
var geoKm = map[string]float64{
	"apia–berlin": 15688.357, "apia–gdansk": 15418.989, "apia–krakow": 15849.054, "apia–suva": 1150.746,
	"apia–warsaw": 15596.707, "berlin–gdansk": 401.820, "berlin–krakow": 529.726, "berlin–suva": 15975.882,
	"berlin–warsaw": 516.774, "gdansk–krakow": 485.106, "gdansk–suva": 15634.413, "gdansk–warsaw": 283.528,
	"krakow–suva": 15983.370, "krakow–warsaw": 252.498, "suva–warsaw": 15744.231,
}

func fp(v float64) *float64 { return &v }

// runGeoQueries checks near, within, the distance of city pairs and its
// band, and network spans.
func runGeoQueries(t *testing.T, openDS func(t *testing.T, ds *graph.Dataset) graph.Store) {
	s := openDS(t, Geographic())
	cities := func(t *testing.T, f graph.CityFilter) []string {
		t.Helper()
		return ids(MustAll(t, func(p graph.Page) (*graph.Connection[*graph.City], error) { return s.Cities(ctx(t), f, p) }))
	}
	loc := map[string]graph.GeoPoint{}
	for _, c := range Geographic().Cities {
		if l := c.Location(); l != nil {
			loc[c.ID] = *l
		}
	}

	t.Run("Near", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			f    graph.CityFilter
			want []string
		}{
			{"Warsaw300", graph.CityFilter{Near: &graph.Near{Lat: 52.22977, Lon: 21.01178, Km: 300}}, []string{"gdansk", "krakow", "warsaw"}},
			{"Warsaw250", graph.CityFilter{Near: &graph.Near{Lat: 52.22977, Lon: 21.01178, Km: 250}}, []string{"warsaw"}},
			// The edge is included: exactly the distance to Kraków.
			{"EdgeIncluded", graph.CityFilter{Near: &graph.Near{Lat: 52.22977, Lon: 21.01178, Km: graph.DistanceKm(loc["warsaw"], loc["krakow"])}},
				[]string{"krakow", "warsaw"}},
			{"AndCountry", graph.CityFilter{Near: &graph.Near{Lat: 52.22977, Lon: 21.01178, Km: 600}, Country: "DE"}, []string{"berlin"}},
			{"AndNetwork", graph.CityFilter{Near: &graph.Near{Lat: 52.22977, Lon: 21.01178, Km: 300}, Network: "bridge"}, []string{"gdansk", "warsaw"}},
			{"AndIDs", graph.CityFilter{Near: &graph.Near{Lat: 52.22977, Lon: 21.01178, Km: 300}, IDs: []string{"krakow", "berlin", "nomad"}}, []string{"krakow"}},
			// Fewer ids than cities in the radius: the store may start from
			// the ids, and must still check the radius.
			{"AndFewerIDs", graph.CityFilter{Near: &graph.Near{Lat: 52.22977, Lon: 21.01178, Km: 300}, IDs: []string{"berlin", "krakow"}}, []string{"krakow"}},
			{"AndName", graph.CityFilter{Near: &graph.Near{Lat: 52.22977, Lon: 21.01178, Km: 300}, Name: "Krakowa"}, []string{"krakow"}},
			// Across the antimeridian, from either side of it.
			{"Antimeridian", graph.CityFilter{Near: &graph.Near{Lat: -16, Lon: 180, Km: 1000}}, []string{"apia", "suva"}},
			{"AntimeridianWest", graph.CityFilter{Near: &graph.Near{Lat: -16, Lon: -180, Km: 500}}, []string{"suva"}},
			{"Pole", graph.CityFilter{Near: &graph.Near{Lat: 90, Lon: 0, Km: 4000}}, []string{"gdansk"}},
			{"Everywhere", graph.CityFilter{Near: &graph.Near{Lat: 0, Lon: 0, Km: graph.MaxNearKm}}, []string{"apia", "berlin", "gdansk", "krakow", "suva", "warsaw"}},
			{"Nothing", graph.CityFilter{Near: &graph.Near{Lat: 0, Lon: 0, Km: 10}}, nil},
		} {
			t.Run(tt.name, func(t *testing.T) { wantList(t, "cities", cities(t, tt.f), tt.want...) })
		}
		t.Run("Page", func(t *testing.T) {
			c, err := s.Cities(ctx(t), graph.CityFilter{Near: &graph.Near{Lat: 52.22977, Lon: 21.01178, Km: 300}}, graph.Page{First: 2})
			MustOK(t, err)
			if c.TotalCount != 3 || !c.HasNext {
				t.Errorf("first page of 2: got totalCount %d hasNext %v, want 3, true", c.TotalCount, c.HasNext)
			}
			wantList(t, "page", ids(c.Items), "gdansk", "krakow")
		})
	})

	t.Run("Within", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			b    graph.BBox
			want []string
		}{
			{"Poland", graph.BBox{South: 49, West: 14, North: 55, East: 24.5}, []string{"gdansk", "krakow", "warsaw"}},
			{"Antimeridian", graph.BBox{South: -20, West: 170, North: -10, East: -170}, []string{"apia", "suva"}},
			{"AntimeridianWestPart", graph.BBox{South: -20, West: 170, North: -10, East: 179.9}, []string{"suva"}},
			{"AntimeridianEastPart", graph.BBox{South: -20, West: -179.9, North: -10, East: -170}, []string{"apia"}},
			// The edges are included.
			{"Edges", graph.BBox{South: 52.22977, West: 13.41053, North: 52.52437, East: 21.01178}, []string{"berlin", "warsaw"}},
			{"World", graph.BBox{South: -90, West: -180, North: 90, East: 180}, []string{"apia", "berlin", "gdansk", "krakow", "suva", "warsaw"}},
			{"Nothing", graph.BBox{South: 0, West: 0, North: 1, East: 1}, nil},
		} {
			t.Run(tt.name, func(t *testing.T) { wantList(t, "cities", cities(t, graph.CityFilter{Within: &tt.b}), tt.want...) })
		}
		t.Run("AndNear", func(t *testing.T) {
			f := graph.CityFilter{Within: &graph.BBox{South: 49, West: 14, North: 55, East: 24.5}, Near: &graph.Near{Lat: 52.52437, Lon: 13.41053, Km: 450}}
			wantList(t, "cities", cities(t, f), "gdansk")
		})
	})

	t.Run("ErrFilter", func(t *testing.T) {
		for _, tt := range []struct {
			field string
			f     graph.CityFilter
		}{
			{"filter.near.km", graph.CityFilter{Near: &graph.Near{Lat: 50, Lon: 20, Km: 0}}},
			{"filter.near.km", graph.CityFilter{Near: &graph.Near{Lat: 50, Lon: 20, Km: -5}}},
			{"filter.near.km", graph.CityFilter{Near: &graph.Near{Lat: 50, Lon: 20, Km: 30000}}},
			{"filter.near.lat", graph.CityFilter{Near: &graph.Near{Lat: 90.5, Lon: 20, Km: 10}}},
			{"filter.near.lon", graph.CityFilter{Near: &graph.Near{Lat: 50, Lon: -181, Km: 10}}},
			{"filter.within.south", graph.CityFilter{Within: &graph.BBox{South: 55, West: 14, North: 49, East: 24}}},
			{"filter.within.south", graph.CityFilter{Within: &graph.BBox{South: -91, West: 14, North: 49, East: 24}}},
			{"filter.within.north", graph.CityFilter{Within: &graph.BBox{South: 0, West: 14, North: 95, East: 24}}},
			{"filter.within.west", graph.CityFilter{Within: &graph.BBox{South: 0, West: 190, North: 10, East: 24}}},
			{"filter.within.east", graph.CityFilter{Within: &graph.BBox{South: 0, West: 14, North: 10, East: -200}}},
		} {
			t.Run(tt.field, func(t *testing.T) {
				_, err := s.Cities(ctx(t), tt.f, graph.Page{First: 10})
				MustInvalid(t, err, tt.field)
			})
		}
	})

	pairs := func(t *testing.T, f graph.PairFilter) []*graph.CityPair {
		t.Helper()
		return MustAll(t, func(p graph.Page) (*graph.Connection[*graph.CityPair], error) { return s.CityPairs(ctx(t), f, p) })
	}
	t.Run("PairDistance", func(t *testing.T) {
		got := pairs(t, graph.PairFilter{MinShared: 1})
		if len(got) != 17 {
			t.Fatalf("pairs: got %d (%v), want 17", len(got), keys(got, pairKey))
		}
		for _, p := range got {
			want, located := geoKm[pairKey(p)]
			switch {
			case !located && p.DistanceKm != nil:
				t.Errorf("%s: distanceKm got %v, want null (nomad has no location)", pairKey(p), *p.DistanceKm)
			case located && p.DistanceKm == nil:
				t.Errorf("%s: distanceKm got null, want %.3f", pairKey(p), want)
			case located && (math.Abs(*p.DistanceKm-want) > 0.001 || *p.DistanceKm != graph.DistanceKm(loc[p.A], loc[p.B])):
				t.Errorf("%s: distanceKm got %v, want %.3f (graph.DistanceKm %v)", pairKey(p), *p.DistanceKm, want, graph.DistanceKm(loc[p.A], loc[p.B]))
			}
		}
	})

	t.Run("PairBand", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			f    graph.PairFilter
			want []string
		}{
			{"MaxKm", graph.PairFilter{MinShared: 1, MaxKm: fp(500)}, []string{"gdansk–warsaw", "berlin–gdansk", "gdansk–krakow", "krakow–warsaw"}},
			{"MinKm", graph.PairFilter{MinShared: 1, MinKm: fp(1000)}, []string{"apia–suva", "apia–gdansk", "apia–warsaw", "gdansk–suva", "suva–warsaw"}},
			{"Band", graph.PairFilter{MinShared: 1, MinKm: fp(300), MaxKm: fp(500)}, []string{"berlin–gdansk", "gdansk–krakow"}},
			{"BandAndMinShared", graph.PairFilter{MinShared: 2, MaxKm: fp(500)}, []string{"gdansk–warsaw"}},
			// Both ends are included.
			{"Edges", graph.PairFilter{MinShared: 1, MinKm: fp(graph.DistanceKm(loc["gdansk"], loc["krakow"])), MaxKm: fp(graph.DistanceKm(loc["gdansk"], loc["krakow"]))},
				[]string{"gdansk–krakow"}},
			// Any bound leaves out the pairs with nomad, whose distance is unknown.
			{"ZeroMin", graph.PairFilter{MinShared: 1, MinKm: fp(0)}, []string{"apia–suva", "gdansk–warsaw", "berlin–krakow", "berlin–gdansk",
				"berlin–warsaw", "gdansk–krakow", "krakow–warsaw", "apia–gdansk", "apia–warsaw", "gdansk–suva", "suva–warsaw"}},
			{"Nothing", graph.PairFilter{MinShared: 1, MinKm: fp(2000), MaxKm: fp(3000)}, nil},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got := pairs(t, tt.f)
				wantList(t, "pairs", keys(got, pairKey), tt.want...)
				c, err := s.CityPairs(ctx(t), tt.f, graph.Page{First: 1})
				MustOK(t, err)
				if c.TotalCount != len(tt.want) {
					t.Errorf("totalCount: got %d, want %d", c.TotalCount, len(tt.want))
				}
			})
		}
		t.Run("Pagination", func(t *testing.T) {
			checkPagination(t, func(p graph.Page) (*graph.Connection[*graph.CityPair], error) {
				return s.CityPairs(ctx(t), graph.PairFilter{MinShared: 1, MinKm: fp(0)}, p)
			}, pairKey)
		})
	})

	t.Run("ErrPairBand", func(t *testing.T) {
		for _, tt := range []struct {
			field string
			f     graph.PairFilter
		}{
			{"minKm", graph.PairFilter{MinShared: 1, MinKm: fp(-1)}},
			{"maxKm", graph.PairFilter{MinShared: 1, MaxKm: fp(-0.5)}},
			{"minKm", graph.PairFilter{MinShared: 1, MinKm: fp(500), MaxKm: fp(100)}},
			{"minShared", graph.PairFilter{MinShared: 0, MaxKm: fp(100)}},
		} {
			t.Run(tt.field, func(t *testing.T) {
				_, err := s.CityPairs(ctx(t), tt.f, graph.Page{First: 10})
				MustInvalid(t, err, tt.field)
			})
		}
	})

	t.Run("SimilarDistance", func(t *testing.T) {
		got, err := s.SimilarCities(ctx(t), "gdansk", 10)
		MustOK(t, err)
		if len(got) != 6 {
			t.Fatalf("similar to gdansk: got %d pairs, want 6", len(got))
		}
		for _, p := range got {
			if p.B == "nomad" {
				if p.DistanceKm != nil {
					t.Errorf("gdansk–nomad: distanceKm got %v, want null", *p.DistanceKm)
				}
				continue
			}
			if want := graph.DistanceKm(loc[p.A], loc[p.B]); p.DistanceKm == nil || *p.DistanceKm != want {
				t.Errorf("gdansk–%s: distanceKm got %v, want %v", p.B, p.DistanceKm, want)
			}
		}
	})

	t.Run("Span", func(t *testing.T) {
		got, err := s.NetworkSpans(ctx(t), []string{"baltic", "pacific", "empty", "bridge"})
		MustOK(t, err)
		want := []struct {
			id                          string
			maxKm, medianKm             float64 // 0: null
			countries, located, members int
		}{
			// Six pairs: 252.498 283.528 401.820 | 485.106 516.774 529.726.
			{"baltic", 529.726, (401.820 + 485.106) / 2, 2, 4, 5},
			// nomad's membership ended: only apia and suva are members.
			{"pacific", 1150.746, 1150.746, 2, 2, 2},
			{"empty", 0, 0, 0, 0, 0},
			// 283.528 1150.746 15418.989 | 15596.707 15634.413 15744.231.
			{"bridge", 15744.231, (15418.989 + 15596.707) / 2, 3, 4, 4},
		}
		if len(got) != len(want) {
			t.Fatalf("spans: got %d, want %d", len(got), len(want))
		}
		near := func(p *float64, w float64) bool {
			if w == 0 {
				return p == nil
			}
			return p != nil && math.Abs(*p-w) < 0.002
		}
		for i, w := range want {
			g := got[i]
			if !near(g.MaxKm, w.maxKm) || !near(g.MedianKm, w.medianKm) || g.Countries != w.countries || g.Located != w.located || g.Members != w.members {
				t.Errorf("%s: got max %v median %v countries %d located %d members %d, want %v %v %d %d %d", w.id,
					deref(g.MaxKm), deref(g.MedianKm), g.Countries, g.Located, g.Members, w.maxKm, w.medianKm, w.countries, w.located, w.members)
			}
		}
	})

	t.Run("ErrSpan", func(t *testing.T) {
		_, err := s.NetworkSpans(ctx(t), []string{"baltic", "nowhere"})
		MustCode(t, err, graph.ENOTFOUND)
		_, err = s.NetworkSpans(ctx(t), []string{"gdansk"})
		MustCode(t, err, graph.ENOTFOUND)
		_, err = s.NetworkSpans(ctx(t), []string{""})
		MustInvalid(t, err, "networks[0]")
		_, err = s.NetworkSpans(ctx(t), make([]string, graph.MaxPageSize+1))
		MustInvalid(t, err, "networks")
		got, err := s.NetworkSpans(ctx(t), nil)
		MustOK(t, err)
		if len(got) != 0 {
			t.Errorf("no ids: got %d spans, want none", len(got))
		}
	})
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
