package server

import (
	"strings"
	"testing"
)

func TestMutations_Geo(t *testing.T) {
	s := MustImportServer(t, 0)
	const fields = `id location { lat lon } population populationYear geonamesId`
	t.Run("OKCreateAndRead", func(t *testing.T) {
		a := s.gql(t, s.write, `mutation($in: CityInput!) { createCity(input: $in) { city { `+fields+` } } }`, map[string]any{"in": map[string]any{
			"id": "gdansk", "name": "Gdańsk", "country": "AA", "geonamesId": 3099434, "lat": 54.35205, "lon": 18.64637,
			"population": 461865, "populationYear": "2022"}})
		if len(a.Errors) > 0 {
			t.Fatalf("createCity: %+v", a.Errors)
		}
		a = s.gql(t, "", `{ city(id: "gdansk") { `+fields+` } }`, nil)
		c := dig(a.Data, "city")
		for _, f := range []struct {
			path []string
			want any
		}{
			{[]string{"location", "lat"}, 54.35205}, {[]string{"location", "lon"}, 18.64637}, {[]string{"population"}, 461865.0},
			{[]string{"populationYear"}, "2022"}, {[]string{"geonamesId"}, 3099434.0},
		} {
			if got := dig(c, f.path...); got != f.want {
				t.Errorf("%s: got %v, want %v", strings.Join(f.path, "."), got, f.want)
			}
		}
	})

	t.Run("OKNotGroundedIsNull", func(t *testing.T) {
		a := s.gql(t, "", `{ city(id: "alpha") { `+fields+` } }`, nil)
		c, _ := dig(a.Data, "city").(map[string]any)
		for _, f := range []string{"location", "population", "populationYear", "geonamesId"} {
			if v, ok := c[f]; !ok || v != nil {
				t.Errorf("%s: got %v (present %v), want null", f, v, ok)
			}
		}
	})

	for _, tc := range []struct {
		name, query, field string
	}{
		{"ErrLatWithoutLon", `mutation { createCity(input: {id: "golf", name: "Golf", country: "AA", lat: 50}) { city { id } } }`, "input.lon"},
		{"ErrLatRange", `mutation { createCity(input: {id: "golf", name: "Golf", country: "AA", lat: 91, lon: 0}) { city { id } } }`, "input.lat"},
		{"ErrLonRange", `mutation { createCity(input: {id: "golf", name: "Golf", country: "AA", lat: 0, lon: -180.5}) { city { id } } }`, "input.lon"},
		{"ErrPopulation", `mutation { createCity(input: {id: "golf", name: "Golf", country: "AA", population: -1}) { city { id } } }`, "input.population"},
		{"ErrPopulationYear", `mutation { createCity(input: {id: "golf", name: "Golf", country: "AA", population: 5, populationYear: "05/2022"}) { city { id } } }`, "input.populationYear"},
		{"ErrGeonamesID", `mutation { createCity(input: {id: "golf", name: "Golf", country: "AA", geonamesId: -5}) { city { id } } }`, "input.geonamesId"},
		{"ErrPatchOneCoordinate", `mutation { updateCity(id: "alpha", patch: {lon: 20}) { city { id } } }`, "patch.lat"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := s.gql(t, s.write, tc.query, nil)
			code, field := errorCode(t, a)
			if code != "BAD_USER_INPUT" || field != tc.field {
				t.Errorf("got %s %q (%s), want BAD_USER_INPUT at %s", code, field, a.Errors[0].Message, tc.field)
			}
		})
	}
}

func TestQueries_Geo(t *testing.T) {
	s := MustImportServer(t, 0)
	// alpha and bravo share n1, n2 and n3; give them positions (Gdańsk, Warsaw).
	for _, q := range []string{
		`mutation { updateCity(id: "alpha", patch: {lat: 54.35205, lon: 18.64637}) { city { id } } }`,
		`mutation { updateCity(id: "bravo", patch: {lat: 52.22977, lon: 21.01178}) { city { id } } }`,
	} {
		if a := s.gql(t, s.write, q, nil); len(a.Errors) > 0 {
			t.Fatalf("%s: %+v", q, a.Errors)
		}
	}

	t.Run("OKNear", func(t *testing.T) {
		a := s.gql(t, "", `{ cities(filter: {near: {lat: 52.22977, lon: 21.01178, km: 300}}) { totalCount edges { node { id } } } }`, nil)
		if len(a.Errors) > 0 || dig(a.Data, "cities", "totalCount") != 2.0 {
			t.Errorf("got %+v %v, want alpha and bravo", a.Errors, a.Data)
		}
	})

	t.Run("OKWithinAntimeridian", func(t *testing.T) {
		a := s.gql(t, "", `{ cities(filter: {within: {south: 50, west: 170, north: 60, east: 19}}) { edges { node { id } } } }`, nil)
		edges, _ := dig(a.Data, "cities", "edges").([]any)
		if len(a.Errors) > 0 || len(edges) != 1 || dig(edges[0], "node", "id") != "alpha" {
			t.Errorf("got %+v %v, want alpha (lon 18.6, in a box from 170 east over 180 to 19)", a.Errors, a.Data)
		}
	})

	t.Run("OKCityPairsDistance", func(t *testing.T) {
		a := s.gql(t, "", `{ cityPairs(minShared: 3, maxKm: 300) { totalCount edges { node { a { id } b { id } distanceKm } } } }`, nil)
		edges, _ := dig(a.Data, "cityPairs", "edges").([]any)
		if len(a.Errors) > 0 || len(edges) != 1 {
			t.Fatalf("got %+v %v, want alpha–bravo", a.Errors, a.Data)
		}
		if d, _ := dig(edges[0], "node", "distanceKm").(float64); d < 283.5 || d > 283.6 {
			t.Errorf("distanceKm: got %v, want 283.53", d)
		}
		a = s.gql(t, "", `{ cityPairs(minShared: 3, minKm: 300) { totalCount } }`, nil)
		if dig(a.Data, "cityPairs", "totalCount") != 0.0 {
			t.Errorf("minKm 300: got %v, want no pair", a.Data)
		}
	})

	t.Run("OKSpan", func(t *testing.T) {
		a := s.gql(t, "", `{ networks(filter: {ids: ["n3", "n4"]}) { edges { node { id span { maxKm medianKm countries located members } } } } }`, nil)
		edges, _ := dig(a.Data, "networks", "edges").([]any)
		if len(a.Errors) > 0 || len(edges) != 2 {
			t.Fatalf("got %+v %v", a.Errors, a.Data)
		}
		// n3: alpha and bravo (AA), both located; n4: delta and echo (BB), neither.
		n3, n4 := dig(edges[0], "node", "span"), dig(edges[1], "node", "span")
		if m, _ := dig(n3, "maxKm").(float64); m < 283.5 || m > 283.6 || dig(n3, "members") != 2.0 || dig(n3, "located") != 2.0 || dig(n3, "countries") != 1.0 {
			t.Errorf("n3 span: got %v, want 283.53 km between 2 located members in 1 country", n3)
		}
		if dig(n4, "maxKm") != nil || dig(n4, "medianKm") != nil || dig(n4, "members") != 2.0 || dig(n4, "located") != 0.0 {
			t.Errorf("n4 span: got %v, want no distances, 2 members, none located", n4)
		}
	})

	for _, tc := range []struct {
		name, query, field string
	}{
		{"ErrNearKm", `{ cities(filter: {near: {lat: 0, lon: 0, km: 0}}) { totalCount } }`, "filter.near.km"},
		{"ErrNearKmHuge", `{ cities(filter: {near: {lat: 0, lon: 0, km: 40000}}) { totalCount } }`, "filter.near.km"},
		{"ErrNearLat", `{ cities(filter: {near: {lat: 95, lon: 0, km: 10}}) { totalCount } }`, "filter.near.lat"},
		{"ErrWithinSouthNorth", `{ cities(filter: {within: {south: 10, west: 0, north: 5, east: 1}}) { totalCount } }`, "filter.within.south"},
		{"ErrWithinEast", `{ cities(filter: {within: {south: 0, west: 0, north: 5, east: 200}}) { totalCount } }`, "filter.within.east"},
		{"ErrPairsMinAboveMax", `{ cityPairs(minKm: 500, maxKm: 100) { totalCount } }`, "minKm"},
		{"ErrPairsNegative", `{ cityPairs(maxKm: -1) { totalCount } }`, "maxKm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, field := errorCode(t, s.gql(t, "", tc.query, nil))
			if code != "BAD_USER_INPUT" || field != tc.field {
				t.Errorf("got %s %q, want BAD_USER_INPUT at %s", code, field, tc.field)
			}
		})
	}
}
