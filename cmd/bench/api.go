package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// The API questions.
const (
	dashboardQuery = `{ stats { nodes { type count } relations { type count } membersPerNetwork(first: 5) { network { name } count } joinsPerYear { year count } joinsWithoutYear }
  networks(first: 20) { totalCount edges { node { name memberCount } } } }`
	pairsQuery = `query Pairs($after: String) { cityPairs(minShared: 2, first: 20, after: $after) {
  totalCount pageInfo { hasNextPage } edges { cursor node { a { id name } b { id name } sharedCount jaccard shared { name } } } } }`
	cursorsQuery = `query Cursors($after: String) { cityPairs(minShared: 2, first: 500, after: $after) { totalCount edges { cursor } } }`
)

type gqlRequest struct {
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables,omitempty"`
}

type gqlResponse struct {
	Data   json.RawMessage   `json:"data"`
	Errors []json.RawMessage `json:"errors"`
}

// pairsData is the data of pairsQuery and cursorsQuery.
type pairsData struct {
	CityPairs struct {
		TotalCount int `json:"totalCount"`
		Edges      []struct {
			Cursor string `json:"cursor"`
			Node   struct {
				A           struct{ ID string } `json:"a"`
				B           struct{ ID string } `json:"b"`
				SharedCount int                 `json:"sharedCount"`
				Jaccard     float64             `json:"jaccard"`
			} `json:"node"`
		} `json:"edges"`
	} `json:"cityPairs"`
}

func newClient(workers int) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        workers,
			MaxIdleConnsPerHost: workers,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
		},
	}
}

// post sends one query and returns the data, or an error for anything but
// a 200 with data and no GraphQL errors.
func post(ctx context.Context, client *http.Client, url string, body []byte) (json.RawMessage, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, b)
	}
	var r gqlResponse
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("bad JSON: %v: %.200s", err, b)
	}
	if len(r.Errors) > 0 || len(r.Data) == 0 || string(r.Data) == "null" {
		return nil, fmt.Errorf("GraphQL errors: %.300s", b)
	}
	return r.Data, nil
}

func encode(q string, vars map[string]any) []byte {
	b, err := json.Marshal(gqlRequest{Query: q, Variables: vars})
	if err != nil {
		panic(err)
	}
	return b
}

// fetchCursor pages through cityPairs with the largest pages, as a client
// does, and returns the cursor of the item at offset.
func fetchCursor(ctx context.Context, client *http.Client, url string, offset int) (string, error) {
	after := any(nil)
	for seen := 0; ; {
		data, err := post(ctx, client, url, encode(cursorsQuery, map[string]any{"after": after}))
		if err != nil {
			return "", err
		}
		var d pairsData
		if err := json.Unmarshal(data, &d); err != nil {
			return "", err
		}
		edges := d.CityPairs.Edges
		if offset < seen+len(edges) {
			return edges[offset-seen].Cursor, nil
		}
		if len(edges) == 0 {
			return "", fmt.Errorf("only %d pairs: no item %d", d.CityPairs.TotalCount, offset)
		}
		seen += len(edges)
		after = edges[len(edges)-1].Cursor
	}
}

// loadResult is one query's load test.
type loadResult struct {
	name      string
	requests  int
	errors    int
	firstErr  string
	elapsed   time.Duration
	p50, p99  time.Duration
	max       time.Duration
	perSecond float64
}

// load sends body from workers concurrent clients for duration or until
// maxRequests have been sent, whichever comes first.
func load(client *http.Client, url, name string, body []byte, workers int, duration time.Duration, maxRequests int) loadResult {
	ctx, cancel := context.WithTimeout(context.Background(), duration+time.Minute)
	defer cancel()
	var sent atomic.Int64
	lat := make([][]time.Duration, workers)
	errs := make([]int, workers)
	var firstErr atomic.Value
	start := time.Now()
	deadline := start.Add(duration)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) && sent.Add(1) <= int64(maxRequests) {
				t := time.Now()
				_, err := post(ctx, client, url, body)
				lat[w] = append(lat[w], time.Since(t))
				if err != nil {
					errs[w]++
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
		}()
	}
	wg.Wait()
	r := loadResult{name: name, elapsed: time.Since(start)}
	var all []time.Duration
	for w := range workers {
		all = append(all, lat[w]...)
		r.errors += errs[w]
	}
	if e, ok := firstErr.Load().(string); ok {
		r.firstErr = e
	}
	r.requests = len(all)
	if len(all) > 0 {
		slices.Sort(all)
		// Nearest rank.
		pct := func(p float64) time.Duration { return all[max(0, int(math.Ceil(p*float64(len(all))))-1)] }
		r.p50, r.p99, r.max = pct(0.50), pct(0.99), all[len(all)-1]
		r.perSecond = float64(len(all)) / r.elapsed.Seconds()
	}
	return r
}
