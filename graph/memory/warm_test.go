package memory

import (
	"context"
	"testing"

	"citynet/graph"
	"citynet/synth"
)

func TestStore_Warm(t *testing.T) {
	cfg, err := synth.Preset("tiny")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(synth.Generate(cfg))
	if err != nil {
		t.Fatal(err)
	}
	s.Warm(context.Background())
	snap := s.cur.Load()
	r, _ := snap.pairs.peek(graph.DefaultMinSharedPairs)
	if r == nil || len(r.top) < min(1000, r.total) || r.total == 0 {
		t.Fatalf("after Warm: ranking %+v, want the top 1000 pairs (or all) cached", r)
	}
	if snap.stats == nil {
		t.Error("after Warm: stats not cached")
	}
	// Page 50 of 20 is served from the warm ranking, not recomputed.
	before := r
	c, err := s.CityPairs(context.Background(), graph.PairFilter{MinShared: graph.DefaultMinSharedPairs}, graph.Page{First: 20, After: graph.EncodeCursor(979)})
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := snap.pairs.peek(graph.DefaultMinSharedPairs); after != before {
		t.Error("page 50 recomputed the ranking")
	}
	if c.TotalCount != r.total {
		t.Errorf("totalCount: got %d, want %d", c.TotalCount, r.total)
	}
}
