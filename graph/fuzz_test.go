package graph_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citynet/graph"
)

// FuzzParseDataset feeds arbitrary bytes to the dataset parser: it must
// never panic, and every rejection must be a *DatasetError whose problems
// all say what is wrong. Seeds: the bundled dataset's files, a minimal
// valid file and a few broken ones.
func FuzzParseDataset(f *testing.F) {
	files, _ := filepath.Glob("../data/*.json")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add(MustJSON(f, minimalDataset()))
	for _, s := range []string{
		``, `null`, `[]`, `{}`, `{"format": "citynet-dataset", "version": 1}`,
		`{"format": "citynet-dataset", "version": 1, "cities": [null]}`,
		`{"format": "citynet-dataset", "version": 1, "cities": [{"id": "x", "name": "X", "country": "PL"}]}`,
		`{"format": "citynet-dataset", "version": 1, "memberships": [{"city": "a", "network": "b", "since": "2005-13"}]}`,
		`{"format": "citynet-dataset", "version": 2}`, `{"format": "citynet-dataset", "version": 1, "cities": [`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, err := graph.ParseDataset("fuzz.json", b)
		if err == nil {
			if ds == nil || !ds.Validated() {
				t.Fatalf("accepted without a validated dataset")
			}
			if err := ds.Validate(); err != nil {
				t.Fatalf("accepted, but Validate now says: %v", err)
			}
			return
		}
		var de *graph.DatasetError
		if !errors.As(err, &de) || len(de.Problems) == 0 {
			t.Fatalf("rejection is not a DatasetError with problems: %T %v", err, err)
		}
		for _, p := range de.Problems {
			if strings.TrimSpace(p.Message) == "" || p.File != "fuzz.json" {
				t.Fatalf("problem without a message or file: %+v", p)
			}
		}
	})
}

// FuzzParseDate: no panic; an accepted date keeps its text, says its
// precision, and its year (if any) is its first four digits.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1986", "2005-11", "2017-03-14", "--10-15", "--10", "2005-13", "2021-02-30", "", "--02-29", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := graph.ParseDate(s)
		if err != nil {
			return
		}
		if string(d) != s {
			t.Fatalf("ParseDate(%q) = %q: must keep the text as given", s, d)
		}
		if s != "" && d.Precision() == "UNKNOWN" {
			t.Fatalf("ParseDate(%q) accepted a date of unknown precision", s)
		}
		if y, ok := d.Year(); ok && fmt.Sprintf("%04d", y) != s[:4] {
			t.Fatalf("ParseDate(%q): year %d is not its first four digits", s, y)
		}
	})
}

// FuzzMatchScore: folding and scoring never panic and never score an empty
// query.
func FuzzMatchScore(f *testing.F) {
	f.Add("Krakowa", "Kraków")
	f.Add("łódź", "Łódź")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, q, name string) {
		sc := graph.MatchScore(q, name, true)
		if graph.Fold(q) == "" && sc != 0 {
			t.Fatalf("MatchScore(%q, %q) = %d for an empty query", q, name, sc)
		}
		if sc < 0 || sc > graph.ScoreExact {
			t.Fatalf("MatchScore(%q, %q) = %d out of range", q, name, sc)
		}
	})
}
