package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun_GeoJSON(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "cities.geojson")
		var stderr bytes.Buffer
		if err := run(context.Background(), []string{"-format", "geojson", "-out", out}, new(bytes.Buffer), &stderr); err != nil {
			t.Fatalf("got %v (%s), want nil", err, stderr.String())
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var fc struct {
			Type     string `json:"type"`
			Features []struct {
				ID       string                          `json:"id"`
				Geometry struct{ Coordinates []float64 } `json:"geometry"`
			} `json:"features"`
		}
		if err := json.Unmarshal(b, &fc); err != nil || fc.Type != "FeatureCollection" || len(fc.Features) != 24 {
			t.Fatalf("got %s with %d features (%v), want a FeatureCollection of the bundled dataset's 24 cities", fc.Type, len(fc.Features), err)
		}
		for _, f := range fc.Features {
			if f.ID == "gdansk" && (f.Geometry.Coordinates[0] != 18.64912 || f.Geometry.Coordinates[1] != 54.35227) {
				t.Errorf("gdansk: got %v, want [18.64912, 54.35227]", f.Geometry.Coordinates)
			}
		}
	})
	t.Run("ErrFormat", func(t *testing.T) {
		var stderr bytes.Buffer
		err := run(context.Background(), []string{"-format", "kml"}, new(bytes.Buffer), &stderr)
		if !errors.Is(err, errUsage) || !strings.Contains(stderr.String(), "graphml, nodes, edges or geojson") {
			t.Errorf("got %v, %q; want a usage error listing geojson", err, stderr.String())
		}
	})
}
