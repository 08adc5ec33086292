// Command bench measures the embedded store against DuckDB on the same
// generated data, in one run on one machine, and the whole API path of the
// real server:
//
//	npm install --prefix bench     # once: DuckDB for Node (@duckdb/node-api, locked)
//	go run ./cmd/bench -presets acuto,x10 -runs 5
//
// For each preset it generates the dataset (package synth, -seed) into a
// temporary directory (or reuses -data-dir/PRESET), writes memberships.csv
// for DuckDB, then
//
//   - times our store in process: cityPairs top 100 + totalCount on a fresh
//     store each run (cold ranking), page 50, similarCities, path and
//     networkOverlap (one warm-up, then the median of -runs);
//   - runs bench/duckdb.mjs on the CSV for the same questions and checks
//     that both give the same answers (MISMATCH and exit status 1 if not);
//   - starts the real server binary (-starts times) with -data, timing
//     process start to the first 200 from /healthz and reading VmRSS and
//     VmHWM from /proc, and times the first page-50 request of each start;
//   - drives the last server over loopback with -workers concurrent
//     clients for -load-seconds per query: a dashboard query, cityPairs
//     page 1 and page 50, reporting requests/s, p50 and p99 and counting
//     every non-200 or GraphQL error.
//
// It prints one Markdown table per preset (measure | ours | DuckDB | ratio,
// ratio = DuckDB time / our time) and whether the project's targets are met.
// Children (server, node) are killed on exit, on SIGINT/SIGTERM and, through
// the parent-death signal, if this process dies.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"citynet/synth"
)

type options struct {
	presets       []string
	runs          int
	duckRuns      map[string]int
	duckSkip      map[string]string
	loadSeconds   float64
	workers       int
	maxRequests   int
	starts        int
	skipDuckDB    bool
	dataDir       string
	seed          uint64
	duckTimeout   time.Duration
	queryTimeout  time.Duration
	duckMaxTemp   string
	duckMemory    string
	serverTimeout time.Duration
	keep          bool
	node          string
	benchDir      string
}

func main() {
	code := run(os.Args[1:])
	os.Exit(code)
}

func run(args []string) (code int) {
	start := time.Now()
	opt, err := parseFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 2
	}

	// Children die with us: on return, on a panic in this goroutine, on
	// SIGINT/SIGTERM here, and (Pdeathsig) on anything else.
	defer killChildren()
	defer func() {
		if p := recover(); p != nil {
			killChildren()
			fmt.Fprintf(os.Stderr, "bench: panic: %v\n%s", p, debug.Stack())
			code = 3
		}
	}()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		fmt.Fprintf(os.Stderr, "\nbench: %v: stopping children\n", s)
		killChildren()
		os.Exit(130)
	}()

	tmp, err := os.MkdirTemp("", "citynet-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	if opt.keep {
		logf("keeping %s", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	env := machineInfo(opt)
	if !opt.skipDuckDB {
		if err := checkDuckDB(opt); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			return 1
		}
	}
	logf("building the server binary")
	serverBin := filepath.Join(tmp, "server")
	if err := buildServer(serverBin); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}

	var reports []*report
	failed := false
	for _, preset := range opt.presets {
		r, err := runPreset(context.Background(), opt, preset, tmp, serverBin)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: %s: %v\n", preset, err)
			failed = true
		}
		if r != nil && r.duckErr != nil {
			failed = true
		}
		if r != nil {
			reports = append(reports, r)
			if r.duck != nil && env.duckdb == "" {
				env.duckdb, env.threads = r.duck.DuckDBVersion, r.duck.Threads
			}
		}
		runtime.GC()
		debug.FreeOSMemory()
	}

	out := renderAll(opt, env, reports, time.Since(start))
	fmt.Print(out)
	for _, r := range reports {
		if len(r.mismatches) > 0 {
			fmt.Fprintf(os.Stderr, "\nbench: MISMATCH between DuckDB and our store on %s:\n  %s\n", r.preset, strings.Join(r.mismatches, "\n  "))
			failed = true
		}
		if r.apiErrors > 0 {
			fmt.Fprintf(os.Stderr, "bench: %s: %d API requests failed\n", r.preset, r.apiErrors)
			failed = true
		}
	}
	if failed {
		return 1
	}
	return 0
}

func parseFlags(args []string) (options, error) {
	var opt options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	presets := fs.String("presets", "acuto", "comma-separated synth presets ("+strings.Join(synth.Presets(), ", ")+")")
	fs.IntVar(&opt.runs, "runs", 5, "timed runs of each question after one warm-up (median reported)")
	duckRuns := fs.String("duckdb-runs", "", "DuckDB runs per preset where it differs from -runs, e.g. x10=1")
	duckSkip := fs.String("duckdb-skip", "", "DuckDB questions to leave out per preset, e.g. x10=cityPairsVarchar (names: cityPairsVarchar, cityPairsInt, cityPairsPacked, similarCities, networkOverlap, path); separate presets with ;")
	fs.Float64Var(&opt.loadSeconds, "load-seconds", 10, "seconds of API load per query")
	fs.IntVar(&opt.workers, "workers", 4, "concurrent API clients")
	fs.IntVar(&opt.maxRequests, "max-requests", 500_000, "at most this many requests per API query")
	fs.IntVar(&opt.starts, "starts", 3, "server starts per preset for the load time (median reported)")
	fs.BoolVar(&opt.skipDuckDB, "skip-duckdb", false, "do not run DuckDB")
	fs.StringVar(&opt.dataDir, "data-dir", "", "reuse datasets in DIR/PRESET (generated there if missing) instead of a temporary directory")
	fs.Uint64Var(&opt.seed, "seed", 1, "synth seed")
	fs.DurationVar(&opt.duckTimeout, "duckdb-timeout", 60*time.Minute, "bound on the DuckDB process per preset")
	fs.DurationVar(&opt.queryTimeout, "duckdb-query-timeout", 10*time.Minute, "DuckDB runs longer than this are interrupted and reported as timed out (whole seconds)")
	fs.DurationVar(&opt.serverTimeout, "server-timeout", 3*time.Minute, "bound on one server start (until /healthz answers)")
	fs.StringVar(&opt.duckMaxTemp, "duckdb-max-temp", "10GiB", "cap on DuckDB's spill files (max_temp_directory_size)")
	fs.StringVar(&opt.duckMemory, "duckdb-memory-limit", "", "DuckDB memory_limit (default: DuckDB's own, 80% of RAM)")
	fs.BoolVar(&opt.keep, "keep", false, "keep the temporary directory")
	fs.StringVar(&opt.node, "node", "node", "Node.js executable")
	fs.StringVar(&opt.benchDir, "bench-dir", "", "directory of duckdb.mjs (default: bench/ of the module)")
	if err := fs.Parse(args); err != nil {
		return opt, err
	}
	if fs.NArg() > 0 {
		return opt, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	for _, p := range strings.Split(*presets, ",") {
		if p = strings.TrimSpace(p); p != "" {
			if _, err := synth.Preset(p); err != nil {
				return opt, err
			}
			opt.presets = append(opt.presets, p)
		}
	}
	if len(opt.presets) == 0 {
		return opt, errors.New("-presets: none given")
	}
	if opt.runs < 1 || opt.workers < 1 || opt.starts < 1 || opt.maxRequests < 1 || opt.loadSeconds <= 0 {
		return opt, errors.New("-runs, -workers, -starts, -max-requests and -load-seconds must be positive")
	}
	opt.duckRuns = map[string]int{}
	for _, kv := range strings.Split(*duckRuns, ",") {
		if kv = strings.TrimSpace(kv); kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.Atoi(v)
		if !ok || err != nil || n < 1 {
			return opt, fmt.Errorf("-duckdb-runs: %q is not PRESET=N", kv)
		}
		opt.duckRuns[k] = n
	}
	opt.duckSkip = map[string]string{}
	for _, kv := range strings.Split(*duckSkip, ";") {
		if kv = strings.TrimSpace(kv); kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return opt, fmt.Errorf("-duckdb-skip: %q is not PRESET=name,name", kv)
		}
		opt.duckSkip[k] = v
	}
	if opt.benchDir == "" {
		root, err := moduleRoot()
		if err != nil {
			return opt, err
		}
		opt.benchDir = filepath.Join(root, "bench")
	}
	return opt, nil
}

// moduleRoot finds the directory of citynet's go.mod from the working
// directory up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(string(b), "module citynet\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run from inside the citynet module (or give -bench-dir)")
		}
		dir = parent
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: %s %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}
