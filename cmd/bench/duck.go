package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"citynet/graph"
)

// checkDuckDB fails early when node or the installed package is missing.
func checkDuckDB(opt options) error {
	if _, err := exec.LookPath(opt.node); err != nil {
		return fmt.Errorf("node not found (%v): install Node 20+, or pass -skip-duckdb", err)
	}
	if _, err := os.Stat(filepath.Join(opt.benchDir, "node_modules", "@duckdb", "node-api")); err != nil {
		return fmt.Errorf("@duckdb/node-api is not installed: run `npm install --prefix %s` (npm ci refuses this lock file: the registry here serves only the linux-x64 bindings, so the other platforms' optional packages are not in it) (or pass -skip-duckdb)", opt.benchDir)
	}
	return nil
}

// duckPair is one city pair as duckdb.mjs reports it.
type duckPair struct {
	A       string  `json:"a"`
	B       string  `json:"b"`
	Shared  int     `json:"shared"`
	Jaccard float64 `json:"jaccard"`
}

type duckTimed[T any] struct {
	Answer   T         `json:"answer"`
	Ms       []float64 `json:"ms"`
	MedianMs *float64  `json:"medianMs"`
	// TimedOut: a run was interrupted after TimeoutMs; no answer then.
	TimedOut  bool    `json:"timedOut"`
	TimeoutMs float64 `json:"timeoutMs"`
	// Failed: DuckDB gave up (out of memory and spill space) after
	// FailedMs, saying Error; no answer then.
	Failed   bool    `json:"failed"`
	Error    string  `json:"error"`
	FailedMs float64 `json:"failedMs"`
}

// answered reports whether the question has an answer to compare.
func (t *duckTimed[T]) answered() bool { return t != nil && !t.TimedOut && !t.Failed }

func (t *duckTimed[T]) measure() measure {
	runs := make([]time.Duration, len(t.Ms))
	for i, ms := range t.Ms {
		runs[i] = time.Duration(ms * float64(time.Millisecond))
	}
	return newMeasure(runs)
}

type duckPairs struct {
	Total int        `json:"total"`
	Pairs []duckPair `json:"pairs"`
}

type duckOverlap struct {
	Networks []string    `json:"networks"`
	Shared   [][]int     `json:"shared"`
	Jaccard  [][]float64 `json:"jaccard"`
}

type duckPath struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Length int    `json:"length"`
}

// duckOutput is duckdb.mjs's JSON.
type duckOutput struct {
	DuckDBVersion string `json:"duckdbVersion"`
	Threads       int    `json:"threads"`
	ThreadsNote   string `json:"threadsNote"`
	MemoryLimit   string `json:"memoryLimit"`
	NodeVersion   string `json:"nodeVersion"`
	Runs          int    `json:"runs"`
	TimeoutS      int    `json:"timeoutS"`
	Data          struct {
		Memberships int     `json:"memberships"`
		Cities      int     `json:"cities"`
		Networks    int     `json:"networks"`
		LoadMs      float64 `json:"loadMs"`
		PrepMs      float64 `json:"prepMs"`
	} `json:"data"`
	Results struct {
		CityPairsVarchar *duckTimed[duckPairs]   `json:"cityPairsVarchar"`
		CityPairsInt     *duckTimed[duckPairs]   `json:"cityPairsInt"`
		CityPairsPacked  *duckTimed[duckPairs]   `json:"cityPairsPacked"`
		CityPairsBand    *duckTimed[duckPairs]   `json:"cityPairsBand"`
		SimilarCities    *duckTimed[[]duckPair]  `json:"similarCities"`
		NetworkOverlap   *duckTimed[duckOverlap] `json:"networkOverlap"`
		Path             *duckTimed[duckPath]    `json:"path"`
	} `json:"results"`
	wall time.Duration
}

// runDuckDB runs bench/duckdb.mjs on the preset's CSV.
func runDuckDB(opt options, d *dataset, preset, tmp string) (*duckOutput, error) {
	// DuckDB's spill files, removed however node ends.
	spill := filepath.Join(tmp, "duckdb-spill-"+preset)
	if err := os.MkdirAll(spill, 0o755); err != nil {
		return nil, err
	}
	defer os.RemoveAll(spill)
	runs := opt.runs
	if n, ok := opt.duckRuns[preset]; ok {
		runs = n
	}
	args := []string{filepath.Join(opt.benchDir, "duckdb.mjs"),
		"--csv", d.csv, "--runs", strconv.Itoa(runs),
		"--min-shared", strconv.Itoa(minShared), "--top", strconv.Itoa(topK),
		"--similar", d.similar, "--similar-first", strconv.Itoa(similarFirst),
		"--overlap", strconv.Itoa(overlapN),
		"--from", d.from, "--to", d.to, "--max-hops", strconv.Itoa(maxHops),
		"--timeout-s", strconv.Itoa(int(opt.queryTimeout.Seconds())),
		"--spill-dir", spill, "--max-temp", opt.duckMaxTemp,
		"--cities", d.cities, "--band-chord2", strconv.FormatFloat(bandChord2(), 'g', -1, 64)}
	if opt.duckMemory != "" {
		args = append(args, "--memory-limit", opt.duckMemory)
	}
	if skip := opt.duckSkip[preset]; skip != "" {
		args = append(args, "--skip", skip)
	}
	ctx, cancel := context.WithTimeout(context.Background(), opt.duckTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, opt.node, args...)
	cmd.Dir = opt.benchDir
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
	cmd.SysProcAttr = childAttr()
	cmd.WaitDelay = 5 * time.Second
	logf("%s: node %s", preset, strings.Join(args, " "))
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	addChild(cmd.Process)
	err := cmd.Wait()
	removeChild(cmd.Process)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("DuckDB did not finish within -duckdb-timeout %v", opt.duckTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("node duckdb.mjs: %w", err)
	}
	var out duckOutput
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return nil, fmt.Errorf("duckdb.mjs output: %w", err)
	}
	out.wall = time.Since(start)
	return &out, nil
}

// compare lists every difference between DuckDB's answers and ours.
func compare(d *dataset, ours *ourResults, duck *duckOutput) []string {
	var bad []string
	addf := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	if duck.Data.Memberships != d.distinctMemberships {
		addf("distinct memberships: DuckDB %d, ours %d", duck.Data.Memberships, d.distinctMemberships)
	}
	for name, dp := range map[string]*duckTimed[duckPairs]{"cityPairs (VARCHAR)": duck.Results.CityPairsVarchar, "cityPairs (INTEGER)": duck.Results.CityPairsInt, "cityPairs (packed)": duck.Results.CityPairsPacked} {
		if !dp.answered() {
			continue
		}
		if dp.Answer.Total != ours.top.TotalCount {
			addf("%s totalCount: DuckDB %d, ours %d", name, dp.Answer.Total, ours.top.TotalCount)
		}
		bad = append(bad, comparePairs(name+" top", dp.Answer.Pairs, ours.top.Items)...)
	}
	if b := duck.Results.CityPairsBand; b.answered() && ours.geo != nil {
		if b.Answer.Total != ours.geo.bandTop.TotalCount {
			addf("cityPairs (maxKm %v) totalCount: DuckDB %d, ours %d", bandMaxKm, b.Answer.Total, ours.geo.bandTop.TotalCount)
		}
		bad = append(bad, comparePairs(fmt.Sprintf("cityPairs (maxKm %v) top", bandMaxKm), b.Answer.Pairs, ours.geo.bandTop.Items)...)
	}
	if s := duck.Results.SimilarCities; s.answered() {
		bad = append(bad, comparePairs("similarCities("+d.similar+")", s.Answer, ours.similarAns)...)
	}
	if p := duck.Results.Path; p.answered() && p.Answer.Length != ours.pathLen {
		addf("path %s→%s length: DuckDB %d, ours %d (double-sweep BFS: %d)", d.from, d.to, p.Answer.Length, ours.pathLen, d.dist)
	}
	if o := duck.Results.NetworkOverlap; o.answered() {
		ov := ours.overlapAns
		switch {
		case strings.Join(o.Answer.Networks, ",") != strings.Join(ov.Networks, ","):
			addf("networkOverlap networks: DuckDB %v, ours %v", o.Answer.Networks, ov.Networks)
		default:
			for i := range ov.Networks {
				for j := range ov.Networks {
					if o.Answer.Shared[i][j] != ov.Shared[i][j] || o.Answer.Jaccard[i][j] != ov.Jaccard[i][j] {
						addf("networkOverlap[%s][%s]: DuckDB %d (%v), ours %d (%v)", ov.Networks[i], ov.Networks[j],
							o.Answer.Shared[i][j], o.Answer.Jaccard[i][j], ov.Shared[i][j], ov.Jaccard[i][j])
					}
				}
			}
		}
	}
	if len(bad) > 20 {
		bad = append(bad[:20], fmt.Sprintf("… and %d more", len(bad)-20))
	}
	return bad
}

func comparePairs(what string, duck []duckPair, ours []*graph.CityPair) []string {
	var bad []string
	if len(duck) != len(ours) {
		bad = append(bad, fmt.Sprintf("%s: DuckDB %d pairs, ours %d", what, len(duck), len(ours)))
	}
	for i := range min(len(duck), len(ours)) {
		x, y := duck[i], ours[i]
		if x.A != y.A || x.B != y.B || x.Shared != len(y.Shared) || x.Jaccard != y.Jaccard {
			bad = append(bad, fmt.Sprintf("%s #%d: DuckDB %s–%s shared %d jaccard %v; ours %s–%s shared %d jaccard %v",
				what, i+1, x.A, x.B, x.Shared, x.Jaccard, y.A, y.B, len(y.Shared), y.Jaccard))
			if len(bad) >= 5 {
				break
			}
		}
	}
	return bad
}
