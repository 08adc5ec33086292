package synth

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"citynet/graph"
)

// section is one array of a dataset file.
type section struct {
	key    string
	n      int
	record func(i int) any
}

func sec[T any](key string, list []*T) section {
	return section{key, len(list), func(i int) any { return list[i] }}
}

// Write writes ds into dir (created if missing) in the dataset format of
// data/FORMAT.md, split like the bundled data: sources.json, places.json
// (countries, cities), networks.json, relations.json (people, memberships,
// founders, offices, claims), events.json and partnerships.json
// (institutions, partnerships). Records are streamed one per line, so a
// large dataset never sits in memory as one string, and the same dataset
// always gives the same bytes. The files load with
// graph.LoadDataset(os.DirFS(dir), "."), as long as dir holds no other
// *.json files.
func Write(ds *graph.Dataset, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := []struct {
		name     string
		sections []section
	}{
		{"sources.json", []section{sec("sources", ds.Sources)}},
		{"places.json", []section{sec("countries", ds.Countries), sec("cities", ds.Cities)}},
		{"networks.json", []section{sec("networks", ds.Networks)}},
		{"relations.json", []section{sec("people", ds.People), sec("memberships", ds.Memberships),
			sec("founders", ds.Foundings), sec("offices", ds.Offices), sec("claims", ds.Claims)}},
		{"events.json", []section{sec("events", ds.Events)}},
		{"partnerships.json", []section{sec("institutions", ds.Institutions), sec("partnerships", ds.Partnerships)}},
	}
	for _, f := range files {
		if err := writeFile(filepath.Join(dir, f.name), f.sections); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, sections []section) (err error) {
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
	fmt.Fprintf(w, "{\n  \"format\": %q,\n  \"version\": %d", graph.DatasetFormat, graph.DatasetVersion)
	for _, s := range sections {
		if s.n == 0 {
			continue
		}
		w.WriteString(",\n  " + strconv.Quote(s.key) + ": [\n    ")
		for i := range s.n {
			if i > 0 {
				w.WriteString(",\n    ")
			}
			b, err := json.Marshal(s.record(i))
			if err != nil {
				return fmt.Errorf("%s: %s[%d]: %w", path, s.key, i, err)
			}
			w.Write(b)
		}
		w.WriteString("\n  ]")
	}
	w.WriteString("\n}\n")
	return w.Flush() // bufio keeps the first write error and returns it here
}
