package memory_test

import (
	"path/filepath"
	"testing"
	"time"

	"citynet/graph"
	"citynet/graph/memory"
)

// BenchmarkCheck measures what verifying a store file costs at start, on
// a file holding the preset's graph (CITYNET_BENCH_PRESET, see
// bench_test.go): pages-ms is the checks of the file's pages (meta pages,
// every page of the tree, bbolt's tx.Check), log-ms reading the log
// (checksums, JSON, validation), which an open without checks does too.
//
//	CITYNET_BENCH_PRESET=acuto go test -run '^$' -bench Check -count 3 ./graph/memory/
func BenchmarkCheck(b *testing.B) {
	d := benchDataset(b)
	path := filepath.Join(b.TempDir(), "citynet.db")
	s, err := memory.Open(path, func() (*graph.Dataset, error) { return d.ds, nil })
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	var pages, log time.Duration
	for b.Loop() {
		r, err := memory.Check(path, time.Second)
		if err != nil {
			b.Fatal(err)
		}
		if r.Counts[1].N != len(d.ds.Cities) {
			b.Fatalf("cities: got %d, want %d", r.Counts[1].N, len(d.ds.Cities))
		}
		pages += r.Verify
		log += r.Replay
	}
	b.ReportMetric(float64(pages.Microseconds())/1000/float64(b.N), "pages-ms/op")
	b.ReportMetric(float64(log.Microseconds())/1000/float64(b.N), "log-ms/op")
}
