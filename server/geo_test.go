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
