package storetest

import (
	"context"
	"encoding/json"
	"errors"
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
//	pacific network: suva, apia
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
			member("suva", "bridge"), member("suva", "pacific"), member("warsaw", "baltic"), member("warsaw", "bridge")},
	}
}

// runGeo checks the cities' grounding: coordinates, population and GeoNames
// id read back as written, through reads and writes.
func runGeo(t *testing.T, openDS func(t *testing.T, ds *graph.Dataset) graph.Store) {
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
