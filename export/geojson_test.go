package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"

	"citynet/export"
	"citynet/graph"
	"citynet/graph/storetest"
)

// geoCollection is a GeoJSON FeatureCollection as the tests read it.
type geoCollection struct {
	Type      string       `json:"type"`
	Unlocated *int         `json:"unlocatedCities"`
	Features  []geoFeature `json:"features"`
}

type geoFeature struct {
	Type     string `json:"type"`
	ID       string `json:"id"`
	Geometry struct {
		Type        string    `json:"type"`
		Coordinates []float64 `json:"coordinates"`
	} `json:"geometry"`
	Properties map[string]json.RawMessage `json:"properties"`
}

func MustGeoJSON(tb testing.TB, s graph.Store) geoCollection {
	tb.Helper()
	var buf bytes.Buffer
	if err := export.GeoJSON(context.Background(), &buf, s); err != nil {
		tb.Fatalf("GeoJSON: got error %v, want nil", err)
	}
	var fc geoCollection
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fc); err != nil {
		tb.Fatalf("GeoJSON output does not parse: %v", err)
	}
	return fc
}

func TestGeoJSON(t *testing.T) {
	t.Run("OKGeographic", func(t *testing.T) {
		ds := storetest.Geographic()
		fc := MustGeoJSON(t, MustStore(t, ds))
		if fc.Type != "FeatureCollection" || fc.Unlocated == nil || *fc.Unlocated != 1 {
			t.Errorf("collection: got type %q unlocatedCities %v, want FeatureCollection and 1 (nomad)", fc.Type, fc.Unlocated)
		}
		var ids []string
		for _, f := range fc.Features {
			ids = append(ids, f.ID)
		}
		slices.Sort(ids)
		if want := []string{"apia", "berlin", "gdansk", "krakow", "suva", "warsaw"}; !slices.Equal(ids, want) {
			t.Fatalf("features: got %v, want %v (every city with coordinates, not nomad)", ids, want)
		}
		cities := map[string]*graph.City{}
		for _, c := range ds.Cities {
			cities[c.ID] = c
		}
		for _, f := range fc.Features {
			c := cities[f.ID]
			// RFC 7946 §3.1.1: longitude first.
			if f.Type != "Feature" || f.Geometry.Type != "Point" || len(f.Geometry.Coordinates) != 2 ||
				f.Geometry.Coordinates[0] != *c.Lon || f.Geometry.Coordinates[1] != *c.Lat {
				t.Errorf("%s: got %s %s %v, want a Point Feature at [%v, %v] ([lon, lat])", f.ID, f.Type, f.Geometry.Type,
					f.Geometry.Coordinates, *c.Lon, *c.Lat)
			}
			var keys []string
			for k := range f.Properties {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if want := []string{"country", "geonamesId", "id", "name", "networks", "population"}; !slices.Equal(keys, want) {
				t.Errorf("%s: properties %v, want %v", f.ID, keys, want)
			}
		}
		props := func(id string) map[string]json.RawMessage {
			i := slices.IndexFunc(fc.Features, func(f geoFeature) bool { return f.ID == id })
			return fc.Features[i].Properties
		}
		for id, want := range map[string]map[string]string{
			"gdansk": {"id": `"gdansk"`, "name": `"Gdańsk"`, "country": `"PL"`, "population": "461865", "geonamesId": "3099434", "networks": `["baltic","bridge"]`},
			"warsaw": {"population": "null", "geonamesId": "null", "networks": `["baltic","bridge"]`},
			"apia":   {"networks": `["bridge","pacific"]`},
		} {
			p := props(id)
			for k, v := range want {
				if string(p[k]) != v {
					t.Errorf("%s.%s: got %s, want %s", id, k, p[k], v)
				}
			}
		}
	})
	t.Run("OKCorpus", func(t *testing.T) {
		ds := MustCorpus(t)
		fc := MustGeoJSON(t, MustStore(t, ds))
		if len(fc.Features) != len(ds.Cities) || fc.Unlocated == nil || *fc.Unlocated != 0 {
			t.Errorf("got %d features, %v unlocated; want all %d cities (every one is grounded)", len(fc.Features), fc.Unlocated, len(ds.Cities))
		}
		for _, f := range fc.Features {
			if lon, lat := f.Geometry.Coordinates[0], f.Geometry.Coordinates[1]; lat < 35 || lat > 60 || lon < -10 || lon > 25 {
				t.Errorf("%s at [%v, %v]: not in Europe, are lon and lat swapped?", f.ID, lon, lat)
			}
		}
	})
	t.Run("OKNoCities", func(t *testing.T) {
		fc := MustGeoJSON(t, MustStore(t, &graph.Dataset{Countries: []*graph.Country{{ID: "PL", Name: "Poland"}}}))
		if fc.Type != "FeatureCollection" || fc.Features == nil || len(fc.Features) != 0 || *fc.Unlocated != 0 {
			t.Errorf("got %+v, want an empty features list", fc)
		}
	})
}
