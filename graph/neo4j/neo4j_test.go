package neo4j_test

import (
	"context"
	"os"
	"testing"
	"time"

	"citynet/graph"
	"citynet/graph/neo4j"
	"citynet/graph/storetest"
)

// openLive connects to the Neo4j named by NEO4J_URI (with NEO4J_USERNAME,
// NEO4J_PASSWORD, NEO4J_DATABASE), or skips: no Neo4j can run on the
// development and CI machines. See docs/neo4j.md for running it with
// docker compose. The database is overwritten.
func openLive(t *testing.T) *neo4j.Store {
	t.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		t.Skip("NEO4J_URI is not set: skipping the conformance suite on Neo4j (see docs/neo4j.md, 'Testing against Neo4j')")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := neo4j.Open(ctx, neo4j.Config{URI: uri, Username: os.Getenv("NEO4J_USERNAME"),
		Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStore_Conformance(t *testing.T) {
	s := openLive(t)
	storetest.Run(t, func(t *testing.T, ds *graph.Dataset) graph.Store {
		// Load replaces the database's contents with exactly ds: each test
		// starts from a clean graph.
		if err := s.Load(context.Background(), ds); err != nil {
			t.Fatal(err)
		}
		return nopClose{s}
	})
}

// nopClose keeps the suite from closing the shared driver after each test.
type nopClose struct{ *neo4j.Store }

func (nopClose) Close() error { return nil }

func TestStore_LoadIdempotent(t *testing.T) {
	s := openLive(t)
	ctx := context.Background()
	ds := storetest.Synthetic()
	if err := s.Load(ctx, ds); err != nil {
		t.Fatal(err)
	}
	before, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Load(ctx, storetest.Synthetic()); err != nil {
		t.Fatal(err)
	}
	after, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if MustEqualJSON(t, before) != MustEqualJSON(t, after) {
		t.Errorf("second load changed the graph:\nbefore %+v\n after %+v", before, after)
	}
	empty, err := s.Empty(ctx)
	if err != nil || empty {
		t.Errorf("Empty after a load: got %v, %v; want false", empty, err)
	}
}

func TestStore_LoadInvalidWritesNothing(t *testing.T) {
	s := openLive(t)
	ctx := context.Background()
	if err := s.Load(ctx, storetest.Synthetic()); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Stats(ctx)
	bad := storetest.Synthetic()
	bad.Memberships[0].NetworkID = "nowhere"
	if err := s.Load(ctx, bad); err == nil {
		t.Fatal("Load accepted a dataset with a dangling reference")
	}
	after, _ := s.Stats(ctx)
	if MustEqualJSON(t, before) != MustEqualJSON(t, after) {
		t.Errorf("a rejected load changed the graph")
	}
}

func TestOpen_ErrUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Nothing listens on port 1 of the loopback address.
	_, err := neo4j.Open(ctx, neo4j.Config{URI: "bolt://127.0.0.1:1", Username: "neo4j", Password: "secret-password"})
	if err == nil {
		t.Fatal("Open succeeded with no server")
	}
	for _, bad := range []string{"secret-password", "\n"} {
		if contains(err.Error(), bad) {
			t.Errorf("error %q contains %q; want one line without the password", err, bad)
		}
	}
	if _, err := neo4j.Open(ctx, neo4j.Config{URI: "http://example.org", Username: "neo4j"}); err == nil || !contains(err.Error(), "NEO4J_URI") {
		t.Errorf("bad URI scheme: got %v, want an error naming NEO4J_URI", err)
	}
}
