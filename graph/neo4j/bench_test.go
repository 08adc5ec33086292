package neo4j

// What one Apply costs this process, the database aside: the write runs
// against fakeDB with the graph cached, so the time is the rules
// (graph.Dataset.Apply, which validates the whole new graph), planning the
// rows of the records that changed, and the diff. The
// preset comes from CITYNET_BENCH_PRESET (default "tiny"):
//
//	CITYNET_BENCH_PRESET=acuto go test -run '^$' -bench Apply ./graph/neo4j/

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"citynet/graph"
	"citynet/synth"
)

func BenchmarkStore_ApplyOneCity(b *testing.B) {
	preset := os.Getenv("CITYNET_BENCH_PRESET")
	if preset == "" {
		preset = "tiny"
	}
	cfg, err := synth.Preset(preset)
	if err != nil {
		b.Fatal(err)
	}
	ds := synth.Generate(cfg)
	db := newFakeDB()
	s, rec := fakeStore(b, db)
	s.exec = rec.exec // no copy of the fake's state per transaction: not Neo4j's cost
	if err := s.Load(context.Background(), ds); err != nil {
		b.Fatal(err)
	}
	id := ds.Cities[0].ID
	if _, err := s.Dataset(context.Background()); err != nil { // the cache
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		mark := len(rec.calls)
		_, err := s.Apply(context.Background(), &graph.Change{Patches: []graph.Patch{{Ref: graph.NodeRef(graph.TypeCity, id),
			Fields: map[string]json.RawMessage{"localName": json.RawMessage(fmt.Sprintf("%q", fmt.Sprint("name ", i)))}}}})
		if err != nil {
			b.Fatal(err)
		}
		if sent := rec.since(mark); len(sent) != 2 || len(rowsOf(sent[1].params)) != 1 {
			b.Fatalf("sent %q, want the lock and one node row", names(sent))
		}
	}
}
