package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"runtime/debug"
	"time"
)

// startResult is one server start.
type startResult struct {
	ready      time.Duration
	rss, hwm   int64
	page50Cold time.Duration // the first request of this start: page 50
}

// report is everything measured for one preset.
type report struct {
	preset     string
	d          *dataset
	ours       *ourResults
	duck       *duckOutput
	duckErr    error
	mismatches []string

	starts             []startResult
	startErr           error
	afterRSS, afterHWM int64
	loads              []loadResult
	sequential         []loadResult // one client at a time: latency without queueing
	apiErrors          int
	notes              []string
}

func runPreset(ctx context.Context, opt options, preset, tmp, serverBin string) (*report, error) {
	r := &report{preset: preset}
	logf("%s: preparing the dataset", preset)
	d, err := prepare(opt, preset, tmp)
	if err != nil {
		return nil, err
	}
	r.d = d
	logf("%s: %d cities, %d networks, %d memberships (%d distinct); similarCities(%s); path %s → %s (%d hops)",
		preset, len(d.ds.Cities), len(d.ds.Networks), len(d.ds.Memberships), d.distinctMemberships, d.similar, d.from, d.to, d.dist)

	if r.ours, err = runOurs(ctx, d, opt.runs); err != nil {
		return r, fmt.Errorf("our store: %w", err)
	}
	// The dataset in memory is no longer needed: leave the memory to DuckDB
	// and the server.
	d.ds = nil
	runtime.GC()
	debug.FreeOSMemory()

	if !opt.skipDuckDB {
		r.duck, r.duckErr = runDuckDB(opt, d, preset, tmp)
		if r.duckErr != nil {
			logf("%s: DuckDB failed: %v", preset, r.duckErr)
		} else {
			r.mismatches = compare(d, r.ours, r.duck)
			if len(r.mismatches) > 0 {
				logf("%s: MISMATCH: %d differences between DuckDB and our store", preset, len(r.mismatches))
			} else {
				logf("%s: DuckDB and our store give the same answers", preset)
			}
		}
	}

	r.startErr = runServer(opt, r, serverBin)
	if r.startErr != nil {
		return r, r.startErr
	}
	return r, nil
}

// runServer starts the server opt.starts times for the load time, memory
// and the first request, and load-tests the last start.
func runServer(opt options, r *report, bin string) error {
	d := r.d
	client := newClient(opt.workers)
	defer client.CloseIdleConnections()
	ctx := context.Background()
	page50 := encode(pairsQuery, map[string]any{"after": d.cursor979})
	checkPage50 := func(data json.RawMessage) {
		var pd pairsData
		if err := json.Unmarshal(data, &pd); err != nil {
			r.notes = append(r.notes, "page 50: "+err.Error())
			r.apiErrors++
			return
		}
		e := pd.CityPairs.Edges
		ok := len(e) == len(d.page50Expected) && pd.CityPairs.TotalCount == r.ours.top.TotalCount
		for i := 0; ok && i < len(e); i++ {
			want := d.page50Expected[i]
			ok = e[i].Node.A.ID == want.A && e[i].Node.B.ID == want.B && e[i].Node.SharedCount == len(want.Shared) && e[i].Node.Jaccard == want.Jaccard
		}
		if !ok {
			r.mismatches = append(r.mismatches, fmt.Sprintf("API page 50 differs from the store's page 50 (%d edges, totalCount %d)", len(e), pd.CityPairs.TotalCount))
		}
	}
	for i := range opt.starts {
		logf("%s: server start %d/%d", r.preset, i+1, opt.starts)
		s, err := startServer(bin, d.dir, opt.serverTimeout)
		if err != nil {
			return err
		}
		var st startResult
		st.ready = s.ready
		if st.rss, st.hwm, err = s.memory(); err != nil {
			s.stop()
			return err
		}
		t := time.Now()
		data, err := post(ctx, client, s.url, page50)
		st.page50Cold = time.Since(t)
		if err != nil {
			s.stop()
			return fmt.Errorf("page 50: %w", err)
		}
		checkPage50(data)
		r.starts = append(r.starts, st)
		logf("%s: ready in %v, VmRSS %d MB, VmHWM %d MB, first request (page 50) %v", r.preset, st.ready.Round(time.Millisecond), st.rss>>20, st.hwm>>20, st.page50Cold.Round(time.Microsecond))
		if i < opt.starts-1 {
			s.stop()
			continue
		}
		err = loadTest(opt, r, s, client)
		if rss, hwm, merr := s.memory(); merr == nil {
			r.afterRSS, r.afterHWM = rss, hwm
		}
		s.stop()
		return err
	}
	return nil
}

func loadTest(opt options, r *report, s *server, client *http.Client) error {
	ctx := context.Background()
	cursor, err := fetchCursor(ctx, client, s.url, page50Offset)
	if err != nil {
		return fmt.Errorf("fetching the cursor of item %d: %w", page50Offset, err)
	}
	if cursor != r.d.cursor979 {
		r.notes = append(r.notes, fmt.Sprintf("the API's cursor of item %d (%q) differs from the store's (%q)", page50Offset, cursor, r.d.cursor979))
	}
	queries := []struct {
		name string
		body []byte
	}{
		{"(a) dashboard: stats + networks(first: 20)", encode(dashboardQuery, nil)},
		{"(b) cityPairs(minShared: 2, first: 20) page 1", encode(pairsQuery, nil)},
		{"(c) cityPairs page 50 (after item 979)", encode(pairsQuery, map[string]any{"after": cursor})},
	}
	dur := time.Duration(opt.loadSeconds * float64(time.Second))
	for _, q := range queries {
		if _, err := post(ctx, client, s.url, q.body); err != nil { // warm-up
			return fmt.Errorf("%s: %w", q.name, err)
		}
		res := load(client, s.url, q.name, q.body, opt.workers, dur, opt.maxRequests)
		r.loads = append(r.loads, res)
		r.apiErrors += res.errors
		logf("%s: API %s: %d requests, %.0f/s, p50 %v, p99 %v, %d errors %s", r.preset, q.name, res.requests, res.perSecond,
			res.p50.Round(time.Microsecond), res.p99.Round(time.Microsecond), res.errors, res.firstErr)
	}
	// One client at a time, for the latency of a request alone.
	seqDur := min(dur, 3*time.Second)
	for _, q := range queries {
		res := load(client, s.url, q.name, q.body, 1, seqDur, opt.maxRequests)
		r.sequential = append(r.sequential, res)
		r.apiErrors += res.errors
		logf("%s: API %s, one client: %d requests, p50 %v, p99 %v, %d errors %s", r.preset, q.name, res.requests,
			res.p50.Round(time.Microsecond), res.p99.Round(time.Microsecond), res.errors, res.firstErr)
	}
	return nil
}
