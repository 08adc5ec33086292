package memory_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"citynet/graph"
	"citynet/graph/memory"
	"citynet/graph/storetest"
)

func MustStore(tb testing.TB) *memory.Store {
	tb.Helper()
	s, err := memory.New(storetest.Synthetic())
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// newCity is an import of one city and its membership in n1.
func newCity(id string) *graph.Dataset {
	return &graph.Dataset{
		Cities:      []*graph.City{{ID: id, Name: id, CountryID: "AA"}},
		Memberships: []*graph.Membership{{CityID: id, NetworkID: "n1", Since: "2020", Status: graph.StatusMember}},
	}
}

func TestStore_Apply(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := MustStore(t)
		before, _ := s.CityPairs(ctx, graph.PairFilter{MinShared: 1}, graph.Page{First: 1})
		sum, err := s.Apply(ctx, &graph.Change{Put: newCity("golf")})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Summary["cities"].Created != 1 || sum.Summary["memberships"].Created != 1 {
			t.Errorf("summary: got %+v", sum)
		}
		if _, err := s.City(ctx, "golf"); err != nil {
			t.Errorf("the new city: %v", err)
		}
		ms, _ := s.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{"golf"}})
		if len(ms) != 1 {
			t.Errorf("its membership: got %d", len(ms))
		}
		// golf shares n1 with alpha, bravo, charlie and delta: the cached
		// pair ranking of the old version must not be served.
		after, _ := s.CityPairs(ctx, graph.PairFilter{MinShared: 1}, graph.Page{First: 1})
		if after.TotalCount != before.TotalCount+4 {
			t.Errorf("city pairs: got %d, want %d", after.TotalCount, before.TotalCount+4)
		}
	})
	t.Run("OKDryRun", func(t *testing.T) {
		s := MustStore(t)
		sum, err := s.Apply(ctx, &graph.Change{Put: newCity("golf"), DryRun: true})
		if err != nil || sum.Summary["cities"].Created != 1 {
			t.Fatalf("dry run: got %+v, %v", sum, err)
		}
		if _, err := s.City(ctx, "golf"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("a dry run wrote: %v", err)
		}
	})
	t.Run("ErrInvalidWritesNothing", func(t *testing.T) {
		s := MustStore(t)
		bad := newCity("golf")
		bad.Memberships[0].NetworkID = "nowhere"
		statsBefore, _ := s.Stats(ctx)
		_, err := s.Apply(ctx, &graph.Change{Put: bad})
		var de *graph.DatasetError
		if !errors.As(err, &de) {
			t.Fatalf("got %v, want a DatasetError", err)
		}
		if _, err := s.City(ctx, "golf"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Error("half of a refused import was written: the city is there")
		}
		if statsAfter, _ := s.Stats(ctx); statsAfter != statsBefore {
			t.Error("a refused import changed the graph's version")
		}
	})
}

// Readers running while imports are applied never see half of one: a city
// an import adds is always seen with the membership the same import adds.
func TestStore_ApplyConcurrentReaders(t *testing.T) {
	ctx := context.Background()
	s := MustStore(t)
	const imports = 40
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				for i := 0; i < imports; i++ {
					id := fmt.Sprintf("c%02d", i)
					if _, err := s.City(ctx, id); err != nil {
						continue
					}
					ms, err := s.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{id}})
					if err != nil || len(ms) != 1 {
						t.Errorf("%s is there without its membership (%d, %v)", id, len(ms), err)
						return
					}
				}
				if _, err := s.CityPairs(ctx, graph.PairFilter{MinShared: 1}, graph.Page{First: 5}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for i := 0; i < imports; i++ {
		if _, err := s.Apply(ctx, &graph.Change{Put: newCity(fmt.Sprintf("c%02d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	c, _ := s.Cities(ctx, graph.CityFilter{Network: "n1"}, graph.Page{First: 100})
	if c.TotalCount != 4+imports {
		t.Errorf("members of n1 after the imports: got %d, want %d", c.TotalCount, 4+imports)
	}
}
