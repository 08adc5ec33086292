package memory_test

// Benchmarks of the embedded store on a generated dataset (package synth,
// seed 1). The preset comes from CITYNET_BENCH_PRESET (default "tiny", so
// that `go test -run '^$' -bench . -benchtime 1x ./graph/memory/` is quick
// enough for CI):
//
//	CITYNET_BENCH_PRESET=acuto go test -run '^$' -bench . ./graph/memory/
//
// Every benchmark also checks its answer cheaply, so a wrong result fails
// it; none has a time limit. cmd/bench runs the same questions against
// DuckDB and the HTTP API.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"

	"citynet/graph"
	"citynet/graph/memory"
	"citynet/synth"
)

const benchMinShared = 2

type benchData struct {
	preset string
	ds     *graph.Dataset
	bip    *graph.Bipartite // built independently of the store, for checks
	err    error
}

var (
	benchOnce sync.Once
	bench     benchData
)

// benchDataset generates the preset's dataset once per test binary.
func benchDataset(b *testing.B) *benchData {
	b.Helper()
	benchOnce.Do(func() {
		bench.preset = os.Getenv("CITYNET_BENCH_PRESET")
		if bench.preset == "" {
			bench.preset = "tiny"
		}
		cfg, err := synth.Preset(bench.preset)
		if err != nil {
			bench.err = err
			return
		}
		bench.ds = synth.Generate(cfg)
		bench.bip = bench.ds.Bipartite()
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return &bench
}

func newStore(b *testing.B, ds *graph.Dataset) *memory.Store {
	b.Helper()
	s, err := memory.New(ds)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// checkPairOrder fails unless pairs are in graph.SortPairs order and each
// pair's shared count and Jaccard agree with the bipartite graph.
func checkPairOrder(b *testing.B, bip *graph.Bipartite, pairs []*graph.CityPair) {
	b.Helper()
	sorted := slices.Clone(pairs)
	graph.SortPairs(sorted)
	if !slices.Equal(sorted, pairs) {
		b.Fatal("pairs are not in SortPairs order")
	}
	for _, p := range pairs {
		ia, ok1 := bip.CityIndex(p.A)
		ib, ok2 := bip.CityIndex(p.B)
		if !ok1 || !ok2 {
			b.Fatalf("pair %s–%s: unknown city", p.A, p.B)
		}
		shared := len(graph.Intersect(bip.CityNets[ia], bip.CityNets[ib]))
		union := len(bip.CityNets[ia]) + len(bip.CityNets[ib]) - shared
		if shared != len(p.Shared) || p.Jaccard != float64(shared)/float64(union) {
			b.Fatalf("pair %s–%s: shared %d jaccard %v, want %d and %v", p.A, p.B, len(p.Shared), p.Jaccard, shared, float64(shared)/float64(union))
		}
	}
}

// countPairs counts the pairs sharing at least minShared networks by
// comparing every pair of cities (only for small datasets).
func countPairs(bip *graph.Bipartite, minShared int) int {
	n := 0
	for a := range bip.Cities {
		for b := a + 1; b < len(bip.Cities); b++ {
			if len(graph.Intersect(bip.CityNets[a], bip.CityNets[b])) >= minShared {
				n++
			}
		}
	}
	return n
}

// BenchmarkCityPairs_Top100Cold asks for the top 100 pairs and the total
// count on a fresh store each time, so the ranking cache is cold. Building
// the store is not timed.
func BenchmarkCityPairs_Top100Cold(b *testing.B) {
	d := benchDataset(b)
	ctx := context.Background()
	want := -1
	if len(d.bip.Cities) <= 2000 {
		want = countPairs(d.bip, benchMinShared)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		s := newStore(b, d.ds)
		b.StartTimer()
		conn, err := s.CityPairs(ctx, graph.PairFilter{MinShared: benchMinShared}, graph.Page{First: 100})
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if conn.TotalCount <= 0 || len(conn.Items) != min(100, conn.TotalCount) {
			b.Fatalf("totalCount %d, %d items", conn.TotalCount, len(conn.Items))
		}
		if want >= 0 && conn.TotalCount != want {
			b.Fatalf("totalCount %d, counted %d pairs comparing every pair", conn.TotalCount, want)
		}
		checkPairOrder(b, d.bip, conn.Items)
		b.ReportMetric(float64(conn.TotalCount), "pairs")
		b.StartTimer()
	}
	b.StopTimer()
}

// cursorOf fetches the cursor of the item at offset the way a client does:
// paging through with the largest pages.
func cursorOf(b *testing.B, s graph.Store, offset int) string {
	b.Helper()
	after := ""
	for seen := 0; ; {
		conn, err := s.CityPairs(context.Background(), graph.PairFilter{MinShared: benchMinShared}, graph.Page{First: graph.MaxPageSize, After: after})
		if err != nil {
			b.Fatal(err)
		}
		if offset < seen+len(conn.Items) {
			return conn.Cursors[offset-seen]
		}
		if !conn.HasNext || len(conn.Items) == 0 {
			b.Skipf("only %d pairs share %d networks: no item %d", conn.TotalCount, benchMinShared, offset)
		}
		seen += len(conn.Items)
		after = conn.Cursors[len(conn.Items)-1]
	}
}

// BenchmarkCityPairs_Page50Warm asks for page 50 (first 20 after the
// cursor of item 979) with the ranking cached.
func BenchmarkCityPairs_Page50Warm(b *testing.B) {
	d := benchDataset(b)
	ctx := context.Background()
	s := newStore(b, d.ds)
	after := cursorOf(b, s, 979)
	p := graph.Page{First: 20, After: after}
	first, err := s.CityPairs(ctx, graph.PairFilter{MinShared: benchMinShared}, p) // warms the cache for this page
	if err != nil {
		b.Fatal(err)
	}
	wantLen := min(20, first.TotalCount-980)
	if len(first.Items) != wantLen {
		b.Fatalf("page 50: %d items, want %d", len(first.Items), wantLen)
	}
	checkPairOrder(b, d.bip, first.Items)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		conn, err := s.CityPairs(ctx, graph.PairFilter{MinShared: benchMinShared}, p)
		if err != nil {
			b.Fatal(err)
		}
		if len(conn.Items) != wantLen || conn.Items[0].A != first.Items[0].A || conn.Items[0].B != first.Items[0].B {
			b.Fatalf("page 50 changed: %d items", len(conn.Items))
		}
	}
}

func BenchmarkSimilarCities(b *testing.B) {
	d := benchDataset(b)
	ctx := context.Background()
	s := newStore(b, d.ds)
	id := d.bip.MostConnected()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		got, err := s.SimilarCities(ctx, id, graph.DefaultSimilarCities)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if len(got) != graph.DefaultSimilarCities {
			b.Fatalf("similarCities(%s): %d, want %d", id, len(got), graph.DefaultSimilarCities)
		}
		if got[0].A != id {
			b.Fatalf("similarCities(%s): first pair has A = %s", id, got[0].A)
		}
		b.StartTimer()
	}
}

// BenchmarkPath finds a shortest path between two cities far apart over
// MEMBER_OF (the city–network graph), maxHops 6.
func BenchmarkPath(b *testing.B) {
	d := benchDataset(b)
	ctx := context.Background()
	s := newStore(b, d.ds)
	from, to, dist := d.bip.FarApart(graph.DefaultMaxHops)
	if dist < 2 {
		b.Fatalf("no two cities apart: %s–%s at %d", from, to, dist)
	}
	rels := []graph.RelType{graph.RelMemberOf}
	b.ReportMetric(float64(dist), "hops")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		p, err := s.Path(ctx, from, to, graph.DefaultMaxHops, rels)
		if err != nil {
			b.Fatal(err)
		}
		if p == nil || len(p.Edges) != dist || p.Nodes[0].NodeID() != from || p.Nodes[len(p.Nodes)-1].NodeID() != to {
			b.Fatalf("path %s→%s: %+v, want length %d", from, to, p, dist)
		}
	}
}

// BenchmarkNetworkOverlap computes the overlap matrix of the 20 largest
// networks (the default).
func BenchmarkNetworkOverlap(b *testing.B) {
	d := benchDataset(b)
	ctx := context.Background()
	s := newStore(b, d.ds)
	want := min(graph.DefaultOverlapNetworks, len(d.bip.Networks))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		o, err := s.NetworkOverlap(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if len(o.Networks) != want || len(o.Shared) != want {
			b.Fatalf("overlap of %d networks, want %d", len(o.Networks), want)
		}
		for i, id := range o.Networks {
			n, _ := d.bip.NetworkIndex(id)
			if o.Shared[i][i] != len(d.bip.NetCities[n]) || i > 0 && o.Shared[i][i] > o.Shared[i-1][i-1] {
				b.Fatalf("overlap diagonal %d: %d members of %s, want %d, largest first", i, o.Shared[i][i], id, len(d.bip.NetCities[n]))
			}
		}
		b.StartTimer()
	}
}

// BenchmarkLoad reads the dataset files (as the server's -data does) and
// builds the store.
func BenchmarkLoad(b *testing.B) {
	d := benchDataset(b)
	dir := b.TempDir()
	if err := synth.Write(d.ds, dir); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		ds, err := graph.LoadDataset(os.DirFS(dir), ".")
		if err != nil {
			b.Fatal(err)
		}
		s := newStore(b, ds)
		b.StopTimer()
		st, err := s.Stats(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if i := slices.IndexFunc(st.NodeCounts, func(c graph.TypeCount) bool { return c.Type == graph.TypeCity }); i < 0 || st.NodeCounts[i].Count != len(d.ds.Cities) {
			b.Fatalf("loaded store: node counts %v, want %d cities", st.NodeCounts, len(d.ds.Cities))
		}
		b.StartTimer()
	}
}

// BenchmarkApply_OneCity patches one city's local name: a whole write on
// the embedded store in memory (rules, validation of the whole graph, the
// next snapshot's indexes), without a file.
func BenchmarkApply_OneCity(b *testing.B) {
	d := benchDataset(b)
	s := newStore(b, d.ds)
	ctx := context.Background()
	id := d.ds.Cities[0].ID
	b.ResetTimer()
	for i := range b.N {
		res, err := s.Apply(ctx, &graph.Change{Patches: []graph.Patch{{Ref: graph.NodeRef(graph.TypeCity, id),
			Fields: map[string]json.RawMessage{"localName": json.RawMessage(strconv.Quote(fmt.Sprint("name ", i)))}}}})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Changes) != 1 {
			b.Fatalf("changes: got %v, want the one city", res.Changes)
		}
	}
}

// BenchmarkCities_IDs500 reads 500 cities by id spread over the whole list
// (a dataloader's batch), then the events of 500 cities by PlaceIDs, as
// one page of graph.MaxPageSize each.
func BenchmarkCities_IDs500(b *testing.B) {
	d := benchDataset(b)
	ctx := context.Background()
	s := newStore(b, d.ds)
	n := min(graph.MaxPageSize, len(d.ds.Cities))
	ids := make([]string, n)
	for i := range ids {
		ids[i] = d.ds.Cities[i*len(d.ds.Cities)/n].ID
	}
	b.Run("IDs", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c, err := s.Cities(ctx, graph.CityFilter{IDs: ids}, graph.Page{First: graph.MaxPageSize})
			if err != nil {
				b.Fatal(err)
			}
			if len(c.Items) != n {
				b.Fatalf("%d cities, want %d", len(c.Items), n)
			}
		}
	})
	b.Run("PlaceIDs", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Events(ctx, graph.EventFilter{PlaceIDs: ids}, graph.Page{First: graph.MaxPageSize}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
