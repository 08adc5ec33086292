package memory

import (
	"context"
	"fmt"
	"testing"
	"time"

	"citynet/graph"
	"citynet/graph/storetest"
)

func mustCity(id string) *graph.Dataset {
	return &graph.Dataset{
		Cities:      []*graph.City{{ID: id, Name: id, CountryID: "AA"}},
		Memberships: []*graph.Membership{{CityID: id, NetworkID: "n1", Since: "2020", Status: graph.StatusMember}},
	}
}

// hang bounds a wait that only a bug makes endless, so that the test fails
// instead of hanging; it is not a measure of speed.
const hang = 30 * time.Second

// A large write holds no lock while it is computed: a small write made
// meanwhile commits at once, and the large one is then computed again on
// top of it, so neither is lost.
func TestStore_ApplyDoesNotBlockWriters(t *testing.T) {
	ctx := context.Background()
	s, err := New(storetest.Synthetic())
	if err != nil {
		t.Fatal(err)
	}
	parked, release := make(chan struct{}), make(chan struct{})
	computedOnce := false
	s.computed = func(c *graph.Change) {
		if c.By == "import" && !computedOnce {
			computedOnce = true
			close(parked)
			<-release // the import waits here, its next version computed
		}
	}
	importDone := make(chan error, 1)
	go func() {
		_, err := s.Apply(ctx, &graph.Change{Put: mustCity("golf"), By: "import"})
		importDone <- err
	}()
	select {
	case <-parked:
	case <-time.After(hang):
		t.Fatal("the import never reached its commit")
	}
	smallDone := make(chan error, 1)
	go func() {
		_, err := s.Apply(ctx, &graph.Change{Put: mustCity("hotel"), By: "curator"})
		smallDone <- err
	}()
	select {
	case err := <-smallDone:
		if err != nil {
			t.Fatalf("small write: %v", err)
		}
	case <-time.After(hang):
		close(release)
		t.Fatal("the small write waited for the import in progress")
	}
	if _, err := s.City(ctx, "hotel"); err != nil {
		t.Errorf("small write not served while the import is in progress: %v", err)
	}
	close(release)
	if err := <-importDone; err != nil {
		t.Fatalf("import: %v", err)
	}
	for _, id := range []string{"golf", "hotel"} {
		if _, err := s.City(ctx, id); err != nil {
			t.Errorf("after both writes, city %s: got %v, want it there", id, err)
		}
	}
	if v, _ := s.Version(ctx); v != s.epoch+"-2" {
		t.Errorf("version: got %s, want two writes", v)
	}
}

// A change whose context ends before its commit writes nothing.
func TestStore_ApplyCancelledBeforeCommit(t *testing.T) {
	s, err := New(storetest.Synthetic())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.computed = func(*graph.Change) { cancel() }
	if _, err := s.Apply(ctx, &graph.Change{Put: mustCity("golf")}); err == nil {
		t.Fatal("got no error, want the context's")
	}
	if _, err := s.City(context.Background(), "golf"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("got %v, want nothing written", err)
	}
}

// A change that keeps losing the race is computed under the lock in the
// end, so a stream of small writes cannot starve it.
func TestStore_ApplyRetriesThenLocks(t *testing.T) {
	ctx := context.Background()
	s, err := New(storetest.Synthetic())
	if err != nil {
		t.Fatal(err)
	}
	attempts := 0
	s.computed = func(c *graph.Change) {
		if c.By != "import" {
			return
		}
		attempts++
		if attempts <= maxOptimistic {
			// Another write commits between this computation and its
			// commit, every time it is computed outside the lock.
			if _, err := s.Apply(ctx, &graph.Change{Put: mustCity(fmt.Sprintf("town%d", attempts)), By: "curator"}); err != nil {
				t.Errorf("interleaved write: %v", err)
			}
		}
	}
	if _, err := s.Apply(ctx, &graph.Change{Put: mustCity("golf"), By: "import"}); err != nil {
		t.Fatal(err)
	}
	if attempts != maxOptimistic+1 {
		t.Errorf("attempts: got %d, want %d outside the lock and one under it", attempts, maxOptimistic+1)
	}
	for _, id := range []string{"golf", "town1", "town2"} {
		if _, err := s.City(ctx, id); err != nil {
			t.Errorf("city %s: %v", id, err)
		}
	}
}

// Rankings with a distance band are cached a few at a time: a client
// sweeping maxKm does not grow the cache without end, and the answers stay
// those of a fresh ranking.
func TestSnapshot_CityPairs_BandCacheBounded(t *testing.T) {
	ctx := context.Background()
	s, err := New(storetest.Geographic())
	if err != nil {
		t.Fatal(err)
	}
	snap := s.cur.Load()
	for i := range 3 * maxFilteredRankings {
		maxKm := float64(100 + 50*i)
		c, err := s.CityPairs(ctx, graph.PairFilter{MinShared: 1, MaxKm: &maxKm}, graph.Page{First: 50})
		if err != nil {
			t.Fatal(err)
		}
		fresh, _ := snap.bip.TopPairsFiltered(graph.PairFilter{MinShared: 1, MaxKm: &maxKm}, 50, snap.points())
		if c.TotalCount != len(fresh) {
			t.Fatalf("maxKm %v: totalCount %d, want %d", maxKm, c.TotalCount, len(fresh))
		}
		snap.bandPairs.mu.Lock()
		n := len(snap.bandPairs.values)
		snap.bandPairs.mu.Unlock()
		if n > maxFilteredRankings {
			t.Fatalf("after %d bands: %d cached rankings, want at most %d", i+1, n, maxFilteredRankings)
		}
	}
}
