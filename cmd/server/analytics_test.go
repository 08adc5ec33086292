package main

import (
	"net/http"
	"testing"
)

// The research queries over HTTP on the corpus: similar cities, network
// overlap and centrality, with their bad input.
func TestAnalytics_HTTP(t *testing.T) {
	srv := MustStart(t, Config{})

	t.Run("OK/SimilarCities", func(t *testing.T) {
		got := MustQueryData[struct {
			SimilarCities []struct {
				A           struct{ ID string }
				B           struct{ ID string }
				SharedCount int
				Jaccard     float64
				Shared      []struct{ ID string }
			}
		}](t, MustQuery, srv.URL, `{ similarCities(id: "krakow", first: 1) { a { id } b { id } sharedCount jaccard shared { id } } }`, nil)
		if len(got.SimilarCities) != 1 {
			t.Fatalf("got %d similar cities, want 1", len(got.SimilarCities))
		}
		p := got.SimilarCities[0]
		if p.A.ID != "krakow" || p.B.ID != "poznan" || p.SharedCount != 2 || len(p.Shared) != 2 {
			t.Errorf("got %+v, want krakow–poznan sharing 2 networks", p)
		}
	})

	t.Run("OK/NetworkOverlap", func(t *testing.T) {
		got := MustQueryData[struct {
			NetworkOverlap struct {
				Networks []struct{ ID string }
				Shared   [][]int
				Jaccard  [][]float64
			}
		}](t, MustQuery, srv.URL, `{ networkOverlap(networks: ["eurocities", "european-cities-marketing"]) { networks { id } shared jaccard } }`, nil)
		o := got.NetworkOverlap
		if len(o.Networks) != 2 || o.Networks[0].ID != "eurocities" || o.Shared[0][1] != 2 || o.Shared[0][0] != 11 {
			t.Errorf("got %+v, want EUROCITIES (11 members) sharing 2 with ECM", o)
		}
		if want := 2.0 / 11; o.Jaccard[0][1] != want {
			t.Errorf("jaccard: got %v, want %v", o.Jaccard[0][1], want)
		}
	})

	t.Run("OK/Centrality", func(t *testing.T) {
		got := MustQueryData[struct {
			Centrality struct {
				Kind    string
				Sampled bool
				Nodes   int
				Scores  []struct {
					Type  string
					Score float64
					Node  struct{ ID string }
				}
			}
		}](t, MustQuery, srv.URL, `{ centrality(kind: DEGREE, first: 2) { kind sampled nodes scores { type score node { id } } } }`, nil)
		c := got.Centrality
		ds := MustDataset(t)
		if c.Kind != "DEGREE" || c.Sampled || c.Nodes != len(ds.Cities)+len(ds.Networks) || len(c.Scores) != 2 {
			t.Fatalf("got %+v", c)
		}
		if c.Scores[0].Node.ID != "poznan" || c.Scores[0].Type != "CITY" || c.Scores[1].Node.ID != "eurocities" {
			t.Errorf("got %+v, want poznan then eurocities", c.Scores)
		}
	})

	t.Run("Err", func(t *testing.T) {
		for _, tc := range []struct{ query, code, field string }{
			{`{ similarCities(id: "atlantis") { sharedCount } }`, "NOT_FOUND", ""},
			{`{ similarCities(id: "krakow", first: 0) { sharedCount } }`, "BAD_USER_INPUT", "first"},
			{`{ networkOverlap(networks: ["eurocities"]) { shared } }`, "BAD_USER_INPUT", "networks"},
			{`{ networkOverlap(networks: ["eurocities", "atlantis"]) { shared } }`, "NOT_FOUND", ""},
			{`{ centrality(kind: DEGREE, first: -1) { nodes } }`, "BAD_USER_INPUT", "first"},
		} {
			status, r := MustQuery(t, srv.URL, tc.query, nil)
			MustFail(t, status, r, http.StatusOK, tc.code, tc.field)
		}
		status, r := MustQuery(t, srv.URL, `{ centrality(kind: PAGERANK) { nodes } }`, nil)
		if status < 400 || status >= 500 || len(r.Errors) == 0 {
			t.Errorf("unknown enum: got status %d, %s; want a 4xx validation error", status, r.Body)
		}
	})
}
