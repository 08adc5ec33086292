// Command load drives a running server with a mixed dashboard workload for
// a bounded time and reports throughput, latency and whether the server
// grew (goroutines, heap) across the run:
//
//	go run ./cmd/load -url http://127.0.0.1:8080 -duration 60s -workers 8
//
// The mix, by weight: the stats dashboard (20), a page of 50 cities with
// their country and memberships (25), a page of networks with member
// counts (10), a cityPairs page at a random depth among the first 50 pages
// (20), search by a name prefix (20) and similarCities (5). Names, ids and
// cursors come from the server at the start. Any HTTP or GraphQL error
// counts as an error; the exit status is 1 when there were errors or when
// the server's goroutines or heap grew past -max-growth between the end of
// the warm-up and the end of the run (read from its /metrics, which must
// be reachable; -no-metrics skips the check).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

func main() {
	cfg := Config{}
	flag.StringVar(&cfg.URL, "url", "http://127.0.0.1:8080", "the server's base URL")
	flag.DurationVar(&cfg.Duration, "duration", 60*time.Second, "how long to send requests (after the warm-up)")
	flag.DurationVar(&cfg.Warmup, "warmup", 5*time.Second, "requests sent first and not counted")
	flag.IntVar(&cfg.Workers, "workers", 8, "concurrent clients")
	flag.Float64Var(&cfg.MaxGrowth, "max-growth", 0.5, "fail if goroutines or heap in use grow by more than this fraction over the run")
	flag.BoolVar(&cfg.NoMetrics, "no-metrics", false, "do not read /metrics (no growth check)")
	flag.StringVar(&cfg.Key, "key-file", "", "file holding an API key to send (for READS=key)")
	flag.Parse()
	if cfg.Key != "" {
		b, err := os.ReadFile(cfg.Key)
		if err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(2)
		}
		cfg.Key = strings.TrimSpace(string(b))
	}
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(2)
	}
	rep.Print(os.Stdout)
	if problems := rep.Problems(cfg.MaxGrowth); len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, "load: FAIL:", p)
		}
		os.Exit(1)
	}
}

// Config says what to load and how hard.
type Config struct {
	URL       string
	Duration  time.Duration
	Warmup    time.Duration
	Workers   int
	MaxGrowth float64
	NoMetrics bool
	Key       string
	Seed      uint64 // 0: random
}

// kind is one kind of request in the mix.
type kind struct {
	name   string
	weight int
	body   func(r *rand.Rand, s *seeds) []byte
}

// seeds are the names, ids and cursors requests are built from.
type seeds struct {
	cityIDs  []string
	prefixes []string
	cursors  []string // cursors of cityPairs pages 2…50
}

var mix = []kind{
	{"stats", 20, func(*rand.Rand, *seeds) []byte {
		return body(`{ stats { nodes { type count } relations { type count } membersPerNetwork(first: 5) { network { name } count } joinsPerYear { year count } } }`, nil)
	}},
	{"cities+edges", 25, func(r *rand.Rand, s *seeds) []byte {
		return body(`query($after: String) { cities(first: 50, after: $after) { totalCount edges { cursor node { id name country { name }
		  memberships { since status network { name } } } } } }`, nil)
	}},
	{"networks", 10, func(*rand.Rand, *seeds) []byte {
		return body(`{ networks(first: 50) { totalCount edges { node { id name memberCount scope } } } }`, nil)
	}},
	{"cityPairs", 20, func(r *rand.Rand, s *seeds) []byte {
		vars := map[string]any{}
		if n := len(s.cursors); n > 0 {
			if i := r.IntN(n + 1); i < n {
				vars["after"] = s.cursors[i]
			}
		}
		return body(`query($after: String) { cityPairs(minShared: 2, first: 20, after: $after) { totalCount
		  edges { cursor node { a { id name } b { id name } sharedCount jaccard shared { name } } } } }`, vars)
	}},
	{"search", 20, func(r *rand.Rand, s *seeds) []byte {
		return body(`query($q: String!) { search(text: $q, first: 10) { score node { __typename ... on City { id name } ... on Network { id name } } } }`,
			map[string]any{"q": s.prefixes[r.IntN(len(s.prefixes))]})
	}},
	{"similarCities", 5, func(r *rand.Rand, s *seeds) []byte {
		return body(`query($id: ID!) { similarCities(id: $id, first: 10) { b { id name } sharedCount jaccard } }`,
			map[string]any{"id": s.cityIDs[r.IntN(len(s.cityIDs))]})
	}},
}

func body(query string, vars map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		panic(err)
	}
	return b
}

// Report is what a run measured.
type Report struct {
	Config   Config
	Elapsed  time.Duration
	Kinds    []KindReport
	Total    KindReport
	Before   Gauges // after the warm-up
	After    Gauges // at the end
	HasGauge bool
}

// KindReport is one kind's numbers (or all kinds').
type KindReport struct {
	Name          string
	Requests      int
	Errors        int
	FirstError    string
	PerSecond     float64
	P50, P99, Max time.Duration
}

// Gauges are the server's own numbers from /metrics.
type Gauges struct {
	Goroutines float64
	HeapInUse  float64 // bytes
	RSS        float64 // bytes
}

// Run warms up, then loads the server for cfg.Duration.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Workers <= 0 || cfg.Duration <= 0 {
		return nil, errors.New("workers and duration must be positive")
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: cfg.Workers, MaxIdleConnsPerHost: cfg.Workers, IdleConnTimeout: time.Minute}}
	c := &caller{client: client, url: strings.TrimRight(cfg.URL, "/"), key: cfg.Key}
	s, err := c.seeds(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading names and cursors from %s: %w", cfg.URL, err)
	}
	seed := cfg.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	if cfg.Warmup > 0 {
		c.drive(ctx, s, cfg.Workers, cfg.Warmup, seed+1)
	}
	rep := &Report{Config: cfg}
	if !cfg.NoMetrics {
		if rep.Before, err = c.gauges(ctx); err != nil {
			return nil, fmt.Errorf("reading /metrics (use -no-metrics to skip the growth check): %w", err)
		}
	}
	start := time.Now()
	lat := c.drive(ctx, s, cfg.Workers, cfg.Duration, seed)
	rep.Elapsed = time.Since(start)
	if !cfg.NoMetrics {
		if rep.After, err = c.gauges(ctx); err != nil {
			return nil, fmt.Errorf("reading /metrics: %w", err)
		}
		rep.HasGauge = true
	}
	var all []sample
	for _, k := range mix {
		kr := summarise(k.name, lat[k.name], rep.Elapsed)
		rep.Kinds = append(rep.Kinds, kr)
		all = append(all, lat[k.name]...)
	}
	rep.Total = summarise("all", all, rep.Elapsed)
	return rep, nil
}

type sample struct {
	d   time.Duration
	err string
}

func summarise(name string, s []sample, elapsed time.Duration) KindReport {
	r := KindReport{Name: name, Requests: len(s)}
	ds := make([]time.Duration, 0, len(s))
	for _, x := range s {
		ds = append(ds, x.d)
		if x.err != "" {
			r.Errors++
			if r.FirstError == "" {
				r.FirstError = x.err
			}
		}
	}
	if len(ds) == 0 {
		return r
	}
	slices.Sort(ds)
	pct := func(p float64) time.Duration { return ds[max(0, int(math.Ceil(p*float64(len(ds))))-1)] } // nearest rank
	r.P50, r.P99, r.Max = pct(0.50), pct(0.99), ds[len(ds)-1]
	r.PerSecond = float64(len(ds)) / elapsed.Seconds()
	return r
}

type caller struct {
	client *http.Client
	url    string
	key    string
}

// drive sends the mix from workers clients for d; latencies by kind.
func (c *caller) drive(ctx context.Context, s *seeds, workers int, d time.Duration, seed uint64) map[string][]sample {
	total := 0
	for _, k := range mix {
		total += k.weight
	}
	deadline := time.Now().Add(d)
	out := make([]map[string][]sample, workers)
	var wg sync.WaitGroup
	for w := range workers {
		out[w] = map[string][]sample{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, uint64(w)))
			for time.Now().Before(deadline) && ctx.Err() == nil {
				pick := r.IntN(total)
				k := mix[0]
				for _, k = range mix {
					if pick < k.weight {
						break
					}
					pick -= k.weight
				}
				t := time.Now()
				_, err := c.post(ctx, k.body(r, s))
				x := sample{d: time.Since(t)}
				if err != nil {
					x.err = err.Error()
				}
				out[w][k.name] = append(out[w][k.name], x)
			}
		}()
	}
	wg.Wait()
	merged := map[string][]sample{}
	for _, m := range out {
		for k, v := range m {
			merged[k] = append(merged[k], v...)
		}
	}
	return merged
}

// post sends one request; anything but a 200 with data and no errors is
// an error.
func (c *caller) post(ctx context.Context, b []byte) (json.RawMessage, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/graphql", bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	rb, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, rb)
	}
	var r struct {
		Data   json.RawMessage   `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(rb, &r); err != nil {
		return nil, fmt.Errorf("bad JSON: %v", err)
	}
	if len(r.Errors) > 0 || len(r.Data) == 0 || string(r.Data) == "null" {
		return nil, fmt.Errorf("GraphQL errors: %.300s", rb)
	}
	return r.Data, nil
}

// seeds reads city ids and names and the cursors of the first 50 pages
// of city pairs.
func (c *caller) seeds(ctx context.Context) (*seeds, error) {
	data, err := c.post(ctx, body(`{ cities(first: 500) { edges { node { id name } } } }`, nil))
	if err != nil {
		return nil, err
	}
	var d struct {
		Cities struct {
			Edges []struct{ Node struct{ ID, Name string } }
		}
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, err
	}
	s := &seeds{}
	for _, e := range d.Cities.Edges {
		s.cityIDs = append(s.cityIDs, e.Node.ID)
		name := []rune(e.Node.Name)
		s.prefixes = append(s.prefixes, string(name[:min(len(name), 4)]))
	}
	if len(s.cityIDs) == 0 {
		return nil, errors.New("the graph has no cities")
	}
	data, err = c.post(ctx, body(`{ cityPairs(minShared: 2, first: 500) { edges { cursor } } }`, nil))
	if err != nil {
		return nil, err
	}
	var p struct {
		CityPairs struct{ Edges []struct{ Cursor string } }
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, err
	}
	for i := 19; i < len(p.CityPairs.Edges); i += 20 {
		s.cursors = append(s.cursors, p.CityPairs.Edges[i].Cursor)
	}
	return s, nil
}

// gauges reads the server's goroutines, heap in use and resident memory
// from its /metrics (Prometheus text format).
func (c *caller) gauges(ctx context.Context) (Gauges, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url+"/metrics", nil)
	if err != nil {
		return Gauges{}, err
	}
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return Gauges{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Gauges{}, fmt.Errorf("GET /metrics: HTTP %d", resp.StatusCode)
	}
	want := map[string]*float64{}
	var g Gauges
	want["go_goroutines"] = &g.Goroutines
	want["go_memstats_heap_inuse_bytes"] = &g.HeapInUse
	want["process_resident_memory_bytes"] = &g.RSS
	found := 0
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if p, known := want[name]; ok && known {
			if v, err := strconv.ParseFloat(strings.TrimSpace(value), 64); err == nil {
				*p = v
				found++
			}
		}
	}
	if err := sc.Err(); err != nil {
		return Gauges{}, err
	}
	if g.Goroutines == 0 || g.HeapInUse == 0 {
		return Gauges{}, errors.New("/metrics has no go_goroutines or go_memstats_heap_inuse_bytes")
	}
	return g, nil
}

// Problems lists why the run failed: errors, or growth past maxGrowth.
func (r *Report) Problems(maxGrowth float64) []string {
	var out []string
	if r.Total.Errors > 0 {
		out = append(out, fmt.Sprintf("%d of %d requests failed; first: %s", r.Total.Errors, r.Total.Requests, r.Total.FirstError))
	}
	if r.HasGauge {
		// A handful of goroutines come and go with idle connections.
		if grew := r.After.Goroutines - r.Before.Goroutines; grew > math.Max(10, maxGrowth*r.Before.Goroutines) {
			out = append(out, fmt.Sprintf("goroutines grew from %.0f to %.0f", r.Before.Goroutines, r.After.Goroutines))
		}
		if r.After.HeapInUse > (1+maxGrowth)*r.Before.HeapInUse {
			out = append(out, fmt.Sprintf("heap in use grew from %s to %s", mib(r.Before.HeapInUse), mib(r.After.HeapInUse)))
		}
	}
	return out
}

// Print writes the report as a table.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "%s, %d workers, %v (after %v warm-up)\n", r.Config.URL, r.Config.Workers, r.Elapsed.Round(time.Millisecond), r.Config.Warmup)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "request\trequests\terrors\treq/s\tp50\tp99\tmax\t")
	for _, k := range append(r.Kinds, r.Total) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%s\t%s\t%s\t\n", k.Name, k.Requests, k.Errors, k.PerSecond, ms(k.P50), ms(k.P99), ms(k.Max))
	}
	tw.Flush()
	if r.HasGauge {
		fmt.Fprintf(w, "server: goroutines %.0f → %.0f, heap in use %s → %s, RSS %s → %s\n",
			r.Before.Goroutines, r.After.Goroutines, mib(r.Before.HeapInUse), mib(r.After.HeapInUse), mib(r.Before.RSS), mib(r.After.RSS))
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

func mib(b float64) string { return fmt.Sprintf("%.0f MiB", b/(1<<20)) }
