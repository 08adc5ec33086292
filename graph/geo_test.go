package graph_test

import (
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
