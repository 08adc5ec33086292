package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"citynet/graph/memory"
	"citynet/server"
	"citynet/synth"
)

// The generator runs its whole mix against a real server without a single
// error, and reports every kind of request.
func TestRun(t *testing.T) {
	cfg, err := synth.Preset("tiny")
	if err != nil {
		t.Fatal(err)
	}
	store, err := memory.New(synth.Generate(cfg))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(store, server.Options{}))
	defer srv.Close()
	rep, err := Run(context.Background(), Config{URL: srv.URL, Duration: 1500 * time.Millisecond, Warmup: 200 * time.Millisecond,
		Workers: 2, NoMetrics: true, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if p := rep.Problems(0.5); len(p) > 0 {
		t.Fatalf("problems: %v", p)
	}
	for _, k := range rep.Kinds {
		if k.Requests == 0 {
			t.Errorf("no %s requests were sent", k.Name)
		}
	}
	var out bytes.Buffer
	rep.Print(&out)
	if !strings.Contains(out.String(), "cityPairs") || !strings.Contains(out.String(), "all") {
		t.Errorf("report:\n%s", out.String())
	}
}

// Errors and growth are reported as problems.
func TestReport_Problems(t *testing.T) {
	r := &Report{Total: KindReport{Requests: 10, Errors: 1, FirstError: "HTTP 500"}, HasGauge: true,
		Before: Gauges{Goroutines: 20, HeapInUse: 100 << 20}, After: Gauges{Goroutines: 80, HeapInUse: 200 << 20}}
	p := r.Problems(0.5)
	if len(p) != 3 || !strings.Contains(p[0], "HTTP 500") || !strings.Contains(p[1], "goroutines") || !strings.Contains(p[2], "heap") {
		t.Errorf("got %q", p)
	}
	r = &Report{Total: KindReport{Requests: 10}, HasGauge: true,
		Before: Gauges{Goroutines: 20, HeapInUse: 100 << 20}, After: Gauges{Goroutines: 25, HeapInUse: 120 << 20}}
	if p := r.Problems(0.5); len(p) != 0 {
		t.Errorf("within bounds: got %q", p)
	}
}

// A server without /metrics is an error unless the check is turned off.
func TestRun_ErrNoMetrics(t *testing.T) {
	cfg, _ := synth.Preset("tiny")
	store, _ := memory.New(synth.Generate(cfg))
	mux := http.NewServeMux()
	mux.Handle("/graphql", server.New(store, server.Options{}))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	_, err := Run(context.Background(), Config{URL: srv.URL, Duration: 100 * time.Millisecond, Workers: 1})
	if err == nil || !strings.Contains(err.Error(), "/metrics") {
		t.Errorf("got %v, want an error about /metrics", err)
	}
}
