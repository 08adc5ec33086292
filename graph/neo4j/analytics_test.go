package neo4j

import (
	"context"
	"math"
	"slices"
	"testing"

	"citynet/graph"
	"citynet/graph/memory"
	"citynet/graph/storetest"
	"citynet/synth"
)

// mustTinyStores loads the tiny preset into the embedded store (the
// reference answers) and into a Store over the fake database.
func mustTinyStores(tb testing.TB) (*graph.Dataset, *memory.Store, *Store, *recorder) {
	tb.Helper()
	cfg, err := synth.Preset("tiny")
	if err != nil {
		tb.Fatal(err)
	}
	ds := synth.Generate(cfg)
	mem, err := memory.New(synth.Generate(cfg))
	if err != nil {
		tb.Fatal(err)
	}
	s, rec := fakeStore(tb, newFakeDB())
	MustLoad(tb, s, ds)
	return ds, mem, s, rec
}

// TestStore_CityPairs: pairs are ranked from the membership graph, read
// once per version, exactly as the embedded store ranks them; no Cypher
// ranks them (city_pairs.cypher expanded every (city, network, city)
// triple on every request).
func TestStore_CityPairs(t *testing.T) {
	ctx := context.Background()
	ds, mem, s, rec := mustTinyStores(t)

	t.Run("SameAsEmbedded", func(t *testing.T) {
		for _, tt := range []struct {
			minShared int
			page      graph.Page
		}{
			{1, graph.Page{First: 20}},
			{2, graph.Page{First: 20}},
			{2, graph.Page{First: 500, After: graph.EncodeCursor(999)}}, // past the first ranking
			{3, graph.Page{First: 7, After: graph.EncodeCursor(12)}},
			{2, graph.Page{First: 20, After: graph.EncodeCursor(math.MaxInt)}},
			{40, graph.Page{First: 20}},
		} {
			got, err := s.CityPairs(ctx, graph.PairFilter{MinShared: tt.minShared}, tt.page)
			if err != nil {
				t.Fatal(err)
			}
			want, err := mem.CityPairs(ctx, graph.PairFilter{MinShared: tt.minShared}, tt.page)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := MustJSON(t, got), MustJSON(t, want); g != w {
				t.Errorf("minShared %d, %+v:\n got %.400s\nwant %.400s", tt.minShared, tt.page, g, w)
			}
		}
	})

	t.Run("ReadOncePerVersion", func(t *testing.T) {
		mark := len(rec.calls)
		for _, after := range []string{"", graph.EncodeCursor(19), graph.EncodeCursor(39)} {
			if _, err := s.CityPairs(ctx, graph.PairFilter{MinShared: 2}, graph.Page{First: 20, After: after}); err != nil {
				t.Fatal(err)
			}
		}
		if g, w := names(rec.since(mark)), []string{"version_get", "version_get", "version_get"}; !slices.Equal(g, w) {
			t.Errorf("pages of a cached graph sent %q, want %q", g, w)
		}
		// A write bumps the version: the graph is read again.
		res, err := s.Apply(ctx, &graph.Change{Delete: []graph.Ref{graph.MembershipRef(ds.Memberships[0].CityID,
			ds.Memberships[0].NetworkID, ds.Memberships[0].Since)}})
		if err != nil {
			t.Fatal(err)
		}
		mark = len(rec.calls)
		got, err := s.CityPairs(ctx, graph.PairFilter{MinShared: 1}, graph.Page{First: 20})
		if err != nil {
			t.Fatal(err)
		}
		if g, w := names(rec.since(mark)), []string{"version_get", "bipartite"}; !slices.Equal(g, w) {
			t.Errorf("after a write sent %q, want %q", g, w)
		}
		top, total := res.Dataset.Bipartite().TopPairs(1, 20)
		if got.TotalCount != total || len(got.Items) != len(top) {
			t.Errorf("after a write: %d pairs of %d, want %d of %d", len(got.Items), got.TotalCount, len(top), total)
		}
	})

	t.Run("NoVersionNoCache", func(t *testing.T) {
		db := newFakeDB()
		s, rec := fakeStore(t, db)
		MustLoad(t, s, storetest.Synthetic())
		db.st.epoch = "" // written by something else: no version node
		for range 2 {
			if _, err := s.CityPairs(ctx, graph.PairFilter{MinShared: 2}, graph.Page{First: 5}); err != nil {
				t.Fatal(err)
			}
		}
		if n := rec.sent["bipartite"]; n != 2 {
			t.Errorf("bipartite sent %d times, want 2 (nothing to name a cached copy by)", n)
		}
	})
}

// TestStore_Neighborhood: the breadth-first search level by level gives
// the embedded store's subgraph, and sends one level statement per hop,
// each with the frontier only (no variable-length pattern enumerating the
// paths).
func TestStore_Neighborhood(t *testing.T) {
	ctx := context.Background()
	ds, mem, s, rec := mustTinyStores(t)
	hub := ds.Bipartite().MostConnected()
	for _, tt := range []struct {
		id           string
		depth, limit int
		rels         []graph.RelType
	}{
		{hub, 0, 10, nil},
		{hub, 1, 10, nil},
		{hub, 2, 50, nil},
		{hub, 4, 2000, nil},
		{ds.Cities[len(ds.Cities)-1].ID, 3, 100, []graph.RelType{graph.RelMemberOf}},
		{ds.Networks[0].ID, 2, 1, []graph.RelType{graph.RelMemberOf, graph.RelInCountry}},
	} {
		mark := len(rec.calls)
		got, err := s.Neighborhood(ctx, tt.id, tt.depth, tt.limit, tt.rels)
		if err != nil {
			t.Fatal(err)
		}
		want, err := mem.Neighborhood(ctx, tt.id, tt.depth, tt.limit, tt.rels)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := MustJSON(t, got), MustJSON(t, want); g != w {
			t.Errorf("%s depth %d limit %d %v:\n got %.600s\nwant %.600s", tt.id, tt.depth, tt.limit, tt.rels, g, w)
		}
		levels := 0
		for _, c := range rec.since(mark) {
			if c.name == "neighborhood_level" {
				levels++
			}
		}
		if levels > tt.depth {
			t.Errorf("%s depth %d: %d level statements, want at most %d", tt.id, tt.depth, levels, tt.depth)
		}
	}
	if _, err := s.Neighborhood(ctx, "nowhere", 2, 10, nil); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("unknown centre: got %v, want ENOTFOUND", err)
	}
}
