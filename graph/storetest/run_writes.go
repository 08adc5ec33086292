package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"citynet/graph"
)

// runWrites checks Store.Apply: every kind of write is read back through
// the store's own read methods (so indexes, caches and derived
// relationships follow), refused writes change nothing, and Dataset
// returns exactly the graph the rules (graph.Dataset.Apply) compute.
func runWrites(t *testing.T, openDS func(t *testing.T, ds *graph.Dataset) graph.Store) {
	ctx := context.Background()
	at := time.Date(2026, 11, 22, 9, 30, 15, 250000000, time.UTC)
	open := func(t *testing.T) graph.Store {
		t.Helper()
		return openDS(t, Synthetic())
	}
	golf := func() *graph.Change {
		return &graph.Change{By: "ada", At: at, Put: &graph.Dataset{
			Cities: []*graph.City{{ID: "golf", Name: "Golfowo", CountryID: "AA",
				Sources: []graph.Citation{{SourceID: "s3", Quote: "Golfowo joined."}}}},
			Memberships: []*graph.Membership{{CityID: "golf", NetworkID: "n1", Since: "2024-02", Status: graph.StatusMember}},
		}}
	}
	// sameGraph fails unless the store's Dataset is what the rules give.
	sameGraph := func(t *testing.T, s graph.Store, want *graph.Dataset) {
		t.Helper()
		got, err := s.Dataset(ctx)
		MustOK(t, err)
		a, b := canonical(t, got), canonical(t, want)
		if a != b {
			t.Errorf("Dataset after the write differs from what graph.Dataset.Apply computes:\n got %s\nwant %s", a, b)
		}
	}

	t.Run("Create", func(t *testing.T) {
		s := open(t)
		before := MustStats(t, s)
		v0, err := s.Version(ctx)
		MustOK(t, err)
		res, err := s.Apply(ctx, golf())
		MustOK(t, err)
		if v1, err := s.Version(ctx); err != nil || v1 == v0 {
			t.Errorf("version after a write: got %q (%v), want a new one (was %q)", v1, err, v0)
		}
		if res.Summary["cities"].Created != 1 || res.Summary["memberships"].Created != 1 || len(res.Changes) != 2 {
			t.Errorf("result: got %+v %+v", res.Summary, res.Changes)
		}
		c, err := s.City(ctx, "golf")
		MustOK(t, err)
		if c.Name != "Golfowo" || c.CountryID != "AA" || c.By != "ada" || !c.At.Equal(at) || len(c.Sources) != 1 {
			t.Errorf("the new city: got %+v", c)
		}
		ms, err := s.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{"golf"}})
		MustOK(t, err)
		if len(ms) != 1 || ms[0].NetworkID != "n1" || ms[0].Since != "2024-02" || ms[0].By != "ada" {
			t.Errorf("its membership: got %+v", ms)
		}
		hits, err := s.Search(ctx, "golfowa", nil, 5) // an inflected form of the new name
		MustOK(t, err)
		if len(hits) == 0 || hits[0].Node.NodeID() != "golf" {
			t.Errorf("search for the new city: got %+v", hits)
		}
		after := MustStats(t, s)
		if countOf(after.NodeCounts, graph.TypeCity) != countOf(before.NodeCounts, graph.TypeCity)+1 {
			t.Errorf("stats: cities %v → %v", before.NodeCounts, after.NodeCounts)
		}
		shared, err := s.SharedNetworks(ctx, "golf", "alpha")
		MustOK(t, err)
		if len(shared) != 1 || shared[0].ID != "n1" {
			t.Errorf("golf and alpha share: got %v, want n1", shared)
		}
		sameGraph(t, s, res.Dataset)
	})

	t.Run("UpsertIsIdempotent", func(t *testing.T) {
		s := open(t)
		_, err := s.Apply(ctx, golf())
		MustOK(t, err)
		again := golf()
		again.By, again.At = "bob", at.Add(time.Hour)
		v0, _ := s.Version(ctx)
		res, err := s.Apply(ctx, again)
		if v1, _ := s.Version(ctx); v1 != v0 {
			t.Errorf("version after a write that changed nothing: got %q, want %q", v1, v0)
		}
		MustOK(t, err)
		if len(res.Changes) != 0 || res.Summary["cities"].Unchanged != 1 {
			t.Errorf("the same records again: got %+v %+v, want nothing changed", res.Summary, res.Changes)
		}
		c, _ := s.City(ctx, "golf")
		if c.By != "ada" || !c.At.Equal(at) {
			t.Errorf("an unchanged record's stamp moved: %+v", c.Stamp)
		}
	})

	t.Run("ErrConflictOnCreate", func(t *testing.T) {
		s := open(t)
		c := &graph.Change{Create: true, Put: &graph.Dataset{Cities: []*graph.City{{ID: "alpha", Name: "Other", CountryID: "BB"}}}}
		_, err := s.Apply(ctx, c)
		MustCode(t, err, graph.ECONFLICT)
		city, _ := s.City(ctx, "alpha")
		if city.Name != "Alphaville" {
			t.Errorf("a refused create changed alpha: %+v", city)
		}
	})

	t.Run("ErrInvalidWritesNothing", func(t *testing.T) {
		s := open(t)
		v0, _ := s.Version(ctx)
		bad := golf()
		bad.Put.Memberships[0].NetworkID = "nowhere"
		_, err := s.Apply(ctx, bad)
		if v1, _ := s.Version(ctx); v1 != v0 {
			t.Errorf("version after a refused write: got %q, want %q", v1, v0)
		}
		var de *graph.DatasetError
		if !errors.As(err, &de) || len(de.Problems) != 1 || de.Problems[0].Field != "network" {
			t.Fatalf("got %v, want one problem on network", err)
		}
		_, err = s.City(ctx, "golf")
		MustCode(t, err, graph.ENOTFOUND)
		sameGraph(t, s, Synthetic())
	})

	t.Run("DryRunWritesNothing", func(t *testing.T) {
		s := open(t)
		c := golf()
		c.DryRun = true
		res, err := s.Apply(ctx, c)
		MustOK(t, err)
		if res.Summary["cities"].Created != 1 {
			t.Errorf("dry run summary: got %+v", res.Summary)
		}
		_, err = s.City(ctx, "golf")
		MustCode(t, err, graph.ENOTFOUND)
	})

	t.Run("Patch", func(t *testing.T) {
		s := open(t)
		ended := &graph.Change{By: "ada", At: at, Patches: []graph.Patch{{Ref: graph.MembershipRef("delta", "n1", "2005-11"),
			Fields: map[string]json.RawMessage{"until": json.RawMessage(`"2023"`), "status": json.RawMessage(`"FORMER_MEMBER"`)}}}}
		_, err := s.Apply(ctx, ended)
		MustOK(t, err)
		ms, err := s.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{"delta"}, NetworkIDs: []string{"n1"}})
		MustOK(t, err)
		if len(ms) != 1 || ms[0].Until != "2023" || ms[0].Status != graph.StatusFormerMember || ms[0].By != "ada" {
			t.Errorf("the ended membership: got %+v", ms)
		}
		// Moving since moves the key: one membership, the new one.
		moved := &graph.Change{Patches: []graph.Patch{{Ref: graph.MembershipRef("delta", "n1", "2005-11"),
			Fields: map[string]json.RawMessage{"since": json.RawMessage(`"2005-10"`)}}}}
		res, err := s.Apply(ctx, moved)
		MustOK(t, err)
		ms, _ = s.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{"delta"}, NetworkIDs: []string{"n1"}})
		if len(ms) != 1 || ms[0].Since != "2005-10" || ms[0].Until != "2023" {
			t.Errorf("after moving since: got %+v", ms)
		}
		sameGraph(t, s, res.Dataset)
	})

	t.Run("DeleteRefusedWithReferrers", func(t *testing.T) {
		s := open(t)
		_, err := s.Apply(ctx, &graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypeCity, "delta")}})
		MustCode(t, err, graph.ECONFLICT)
		_, err = s.City(ctx, "delta")
		MustOK(t, err)
		sameGraph(t, s, Synthetic())
	})

	t.Run("DeleteCascade", func(t *testing.T) {
		s := open(t)
		res, err := s.Apply(ctx, &graph.Change{By: "ada", At: at, Cascade: true,
			Delete: []graph.Ref{graph.NodeRef(graph.TypeCity, "delta")}})
		MustOK(t, err)
		if res.Summary["memberships"].Deleted != 2 || res.Summary["cities"].Deleted != 1 {
			t.Errorf("summary: got %+v", res.Summary)
		}
		_, err = s.City(ctx, "delta")
		MustCode(t, err, graph.ENOTFOUND)
		ev, err := s.Event(ctx, "ev2")
		MustOK(t, err)
		if ev.PlaceID != "" || ev.By != "ada" {
			t.Errorf("ev2 after its place was deleted: got %+v", ev)
		}
		pa, err := s.Partnership(ctx, "pa3")
		MustOK(t, err)
		if len(pa.PartyIDs) != 2 {
			t.Errorf("pa3 parties after delta was deleted: got %v", pa.PartyIDs)
		}
		ms, err := s.Memberships(ctx, graph.MembershipFilter{NetworkIDs: []string{"n4"}})
		MustOK(t, err)
		if len(ms) != 1 || ms[0].CityID != "echo" {
			t.Errorf("n4's members after the cascade: got %+v", ms)
		}
		sub, err := s.Neighborhood(ctx, "n4", 1, 100, nil)
		MustOK(t, err)
		for _, e := range sub.Edges {
			if e.From == "delta" || e.To == "delta" {
				t.Errorf("a relationship of the deleted city is still there: %+v", e)
			}
		}
		sameGraph(t, s, res.Dataset)
	})

	t.Run("DeleteCountryCascades", func(t *testing.T) {
		s := open(t)
		res, err := s.Apply(ctx, &graph.Change{Cascade: true, Delete: []graph.Ref{graph.NodeRef(graph.TypeCountry, "AA")}})
		MustOK(t, err)
		for _, id := range []string{"alpha", "bravo"} {
			_, err := s.City(ctx, id)
			MustCode(t, err, graph.ENOTFOUND)
		}
		_, err = s.Partnership(ctx, "pa1") // alpha–echo: one party left
		MustCode(t, err, graph.ENOTFOUND)
		sameGraph(t, s, res.Dataset)
	})

	t.Run("DeleteRelationship", func(t *testing.T) {
		s := open(t)
		_, err := s.Apply(ctx, &graph.Change{Delete: []graph.Ref{graph.MembershipRef("echo", "n4", "2012")}})
		MustOK(t, err)
		ms, _ := s.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{"echo"}})
		if len(ms) != 0 {
			t.Errorf("echo's memberships after the delete: got %+v", ms)
		}
		_, err = s.Apply(ctx, &graph.Change{Delete: []graph.Ref{graph.MembershipRef("echo", "n4", "2012")}})
		MustCode(t, err, graph.ENOTFOUND)
	})
}

// MustStats returns the store's stats, failing the test on an error.
func MustStats(tb testing.TB, s graph.Store) *graph.Stats {
	tb.Helper()
	st, err := s.Stats(context.Background())
	MustOK(tb, err)
	return st
}

func countOf(counts []graph.TypeCount, t graph.NodeType) int {
	for _, c := range counts {
		if c.Type == t {
			return c.Count
		}
	}
	return 0
}

// canonical writes a dataset with every section's records sorted, so two
// stores that hold the same records in different orders compare equal.
func canonical(tb testing.TB, ds *graph.Dataset) string {
	tb.Helper()
	b, err := graph.EncodeDataset(ds)
	MustOK(tb, err)
	var m map[string]json.RawMessage
	MustOK(tb, json.Unmarshal(b, &m))
	for k, v := range m {
		var recs []json.RawMessage
		if json.Unmarshal(v, &recs) != nil {
			continue // format, version
		}
		slices.SortFunc(recs, func(x, y json.RawMessage) int { return bytes.Compare(x, y) })
		m[k], _ = json.Marshal(recs)
	}
	out, err := json.Marshal(m)
	MustOK(tb, err)
	return string(out)
}
