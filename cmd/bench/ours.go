package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"citynet/graph"
	"citynet/graph/memory"
	"citynet/synth"
)

const (
	minShared    = 2
	topK         = 100
	pageSize     = 20
	page50Offset = 979 // the cursor of item 979 opens page 50 of 20
	similarFirst = graph.DefaultSimilarCities
	overlapN     = graph.DefaultOverlapNetworks
	maxHops      = graph.DefaultMaxHops
)

// dataset is one preset's data on disk and in memory.
type dataset struct {
	dir, csv  string
	ds        *graph.Dataset
	bip       *graph.Bipartite
	genTime   time.Duration // generate (0 when reused)
	writeTime time.Duration
	reused    bool

	distinctMemberships int
	// cities is the CSV of located cities' unit vectors for DuckDB;
	cities string
	// The questions: similarCities of the most connected city, path
	// between two cities far apart.
	similar        string
	from, to       string
	dist           int
	cursor979      string
	page50Expected []*graph.CityPair
}

// prepare generates (or reuses) the dataset and writes memberships.csv.
func prepare(opt options, preset, tmp string) (*dataset, error) {
	d := &dataset{dir: filepath.Join(tmp, preset)}
	if opt.dataDir != "" {
		d.dir = filepath.Join(opt.dataDir, preset)
	}
	if names, _ := filepath.Glob(filepath.Join(d.dir, "*.json")); len(names) > 0 {
		start := time.Now()
		ds, err := graph.LoadDataset(os.DirFS(d.dir), ".")
		if err != nil {
			return nil, fmt.Errorf("reusing %s: %w", d.dir, err)
		}
		if n := unplaced(ds); n > 0 {
			return nil, fmt.Errorf("reusing %s: %d cities have no position (written before the presets placed cities): delete it to generate it again", d.dir, n)
		}
		d.ds, d.reused, d.writeTime = ds, true, time.Since(start)
		logf("%s: reusing %s (read in %v)", preset, d.dir, d.writeTime.Round(time.Millisecond))
	} else {
		cfg, err := synth.Preset(preset)
		if err != nil {
			return nil, err
		}
		cfg.Seed = opt.seed
		start := time.Now()
		d.ds = synth.Generate(cfg)
		d.genTime = time.Since(start)
		start = time.Now()
		if err := synth.Write(d.ds, d.dir); err != nil {
			return nil, err
		}
		d.writeTime = time.Since(start)
		logf("%s: generated in %v, written to %s in %v", preset, d.genTime.Round(time.Millisecond), d.dir, d.writeTime.Round(time.Millisecond))
	}
	d.csv = filepath.Join(filepath.Dir(d.dir), preset+"-memberships.csv")
	if err := writeCSV(d.csv, d.ds); err != nil {
		return nil, err
	}
	d.cities = filepath.Join(filepath.Dir(d.dir), preset+"-cities.csv")
	if err := writeCitiesCSV(d.cities, d.ds); err != nil {
		return nil, err
	}
	d.bip = d.ds.Bipartite()
	for _, nets := range d.bip.CityNets {
		d.distinctMemberships += len(nets)
	}
	d.similar = d.bip.MostConnected()
	d.from, d.to, d.dist = d.bip.FarApart(maxHops)
	return d, nil
}

// writeCSV writes every membership as "city,network" (ids are slugs: no
// quoting needed, checked); a membership held twice appears twice.
func writeCSV(path string, ds *graph.Dataset) error {
	return writeBuffered(path, func(w *bufio.Writer) error {
		w.WriteString("city,network\n")
		for _, m := range ds.Memberships {
			for _, id := range []string{m.CityID, m.NetworkID} {
				for _, r := range id {
					if r == ',' || r == '"' || r == '\n' || r == '\r' {
						return fmt.Errorf("id %q needs CSV quoting", id)
					}
				}
			}
			w.WriteString(m.CityID)
			w.WriteByte(',')
			w.WriteString(m.NetworkID)
			w.WriteByte('\n')
		}
		return nil
	})
}

// writeBuffered creates path and writes it through a buffer with write;
// the first error of write, the flush or the close is returned.
func writeBuffered(path string, write func(w *bufio.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriterSize(f, 1<<16)
	if err := write(w); err != nil {
		return err
	}
	return w.Flush()
}

// measure is one timed question: per-run times and the median.
type measure struct {
	runs   []time.Duration
	median time.Duration
}

func newMeasure(runs []time.Duration) measure {
	s := slices.Clone(runs)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return measure{runs: runs, median: m}
}

// timeRepeated times fn once to warm up, then runs times; each run calls
// fn until at least minRun has passed and counts the time per call, so
// that microsecond answers are not lost in the clock's resolution.
func timeRepeated(runs int, minRun time.Duration, fn func() error) (measure, error) {
	if err := fn(); err != nil {
		return measure{}, err
	}
	out := make([]time.Duration, runs)
	for i := range out {
		runtime.GC()
		n := 0
		start := time.Now()
		for {
			if err := fn(); err != nil {
				return measure{}, err
			}
			n++
			if el := time.Since(start); el >= minRun {
				out[i] = el / time.Duration(n)
				break
			}
		}
	}
	return newMeasure(out), nil
}

// ourResults are our store's timings and answers.
type ourResults struct {
	pairsCold   measure
	page50Cold  measure
	page50Warm  measure
	similar     measure
	path        measure
	overlap     measure
	top         *graph.Connection[*graph.CityPair]
	similarAns  []*graph.CityPair
	pathLen     int
	overlapAns  *graph.Overlap
	storeBuild  measure // memory.New on the dataset in memory
	storeTotals int
	geo         *geoResults
}

// runOurs answers the questions in this process.
func runOurs(ctx context.Context, d *dataset, runs int) (*ourResults, error) {
	r := &ourResults{}
	newStore := func() (*memory.Store, time.Duration, error) {
		start := time.Now()
		s, err := memory.New(d.ds)
		return s, time.Since(start), err
	}
	// Cold: a fresh store per run (built untimed), one warm-up run first.
	var cold, build []time.Duration
	for i := range runs + 1 {
		s, took, err := newStore()
		if err != nil {
			return nil, err
		}
		runtime.GC()
		start := time.Now()
		conn, err := s.CityPairs(ctx, graph.PairFilter{MinShared: minShared}, graph.Page{First: topK})
		el := time.Since(start)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			cold, build = append(cold, el), append(build, took)
		}
		r.top = conn
	}
	r.pairsCold, r.storeBuild = newMeasure(cold), newMeasure(build)
	r.storeTotals = r.top.TotalCount
	logf("ours: cityPairs top %d cold %v (median of %d), %d pairs", topK, r.pairsCold.median, runs, r.top.TotalCount)

	s, _, err := newStore()
	if err != nil {
		return nil, err
	}
	// The cursor of item 979, fetched as a client does.
	after := ""
	for seen := 0; d.cursor979 == ""; {
		conn, err := s.CityPairs(ctx, graph.PairFilter{MinShared: minShared}, graph.Page{First: graph.MaxPageSize, After: after})
		if err != nil {
			return nil, err
		}
		if page50Offset < seen+len(conn.Items) {
			d.cursor979 = conn.Cursors[page50Offset-seen]
			break
		}
		if !conn.HasNext || len(conn.Items) == 0 {
			return nil, fmt.Errorf("only %d pairs: there is no page 50", conn.TotalCount)
		}
		seen += len(conn.Items)
		after = conn.Cursors[len(conn.Items)-1]
	}
	p50 := graph.Page{First: pageSize, After: d.cursor979}
	var p50cold []time.Duration
	for i := range runs + 1 {
		fresh, _, err := newStore()
		if err != nil {
			return nil, err
		}
		runtime.GC()
		start := time.Now()
		conn, err := fresh.CityPairs(ctx, graph.PairFilter{MinShared: minShared}, p50)
		el := time.Since(start)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			p50cold = append(p50cold, el)
		}
		d.page50Expected = conn.Items
	}
	r.page50Cold = newMeasure(p50cold)
	if r.page50Warm, err = timeRepeated(runs, 20*time.Millisecond, func() error {
		_, err := s.CityPairs(ctx, graph.PairFilter{MinShared: minShared}, p50)
		return err
	}); err != nil {
		return nil, err
	}
	logf("ours: page 50 cold %v, warm %v", r.page50Cold.median, r.page50Warm.median)

	if r.similar, err = timeRepeated(runs, 20*time.Millisecond, func() (err error) {
		r.similarAns, err = s.SimilarCities(ctx, d.similar, similarFirst)
		return err
	}); err != nil {
		return nil, err
	}
	rels := []graph.RelType{graph.RelMemberOf}
	if r.path, err = timeRepeated(runs, 20*time.Millisecond, func() error {
		p, err := s.Path(ctx, d.from, d.to, maxHops, rels)
		r.pathLen = -1
		if p != nil {
			r.pathLen = len(p.Edges)
		}
		return err
	}); err != nil {
		return nil, err
	}
	if r.overlap, err = timeRepeated(runs, 20*time.Millisecond, func() (err error) {
		r.overlapAns, err = s.NetworkOverlap(ctx, nil)
		return err
	}); err != nil {
		return nil, err
	}
	logf("ours: similarCities %v, path %v (length %d), networkOverlap %v", r.similar.median, r.path.median, r.pathLen, r.overlap.median)
	if r.geo, err = runGeo(ctx, d, runs); err != nil {
		return nil, err
	}
	return r, nil
}
