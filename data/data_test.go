package data_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citynet/data"
)

// corpusDir is where CI and developers keep the source documents: shared/
// beside the repository.
const corpusDir = "../../shared/corpus"

func TestLoad(t *testing.T) {
	ds, err := data.Load()
	if err != nil {
		t.Fatalf("bundled dataset does not load: %v", err)
	}
	if len(ds.Sources) != 6 {
		t.Errorf("sources: got %d, want the 5 corpus documents and GeoNames", len(ds.Sources))
	}
	for _, n := range []struct {
		what string
		got  int
	}{{"cities", len(ds.Cities)}, {"networks", len(ds.Networks)}, {"memberships", len(ds.Memberships)}, {"events", len(ds.Events)}, {"partnerships", len(ds.Partnerships)}, {"claims", len(ds.Claims)}} {
		if n.got == 0 {
			t.Errorf("%s: dataset has none", n.what)
		}
	}
}

// TestQuotes checks provenance: every quote in the dataset is a verbatim
// passage of the document its source names (whitespace runs compared as
// one space), so every answer can be traced to a sentence that exists.
func TestQuotes(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("corpus not found at %s (shared/ beside the repository): %v", corpusDir, err)
		}
		t.Skipf("corpus not found at %s (shared/ beside the repository): %v", corpusDir, err)
	}
	ds, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, s := range ds.Sources {
		if s.ID == "geonames" {
			// Not a corpus document: cmd/geocode's test checks each
			// GeoNames quote against the gazetteer.
			continue
		}
		if s.File == "" {
			t.Errorf("source %q names no corpus file", s.ID)
			continue
		}
		b, err := os.ReadFile(filepath.Join(corpusDir, s.File))
		if err != nil {
			t.Errorf("source %q: %v", s.ID, err)
			continue
		}
		texts[s.ID] = squash(string(b))
	}
	n := 0
	for where, cs := range ds.Citations() {
		for _, c := range cs {
			n++
			text, ok := texts[c.SourceID]
			if ok && !strings.Contains(text, squash(c.Quote)) {
				t.Errorf("%s: quote not found in %s:\n  %q", where, c.SourceID, c.Quote)
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d citations checked; the dataset should cite its facts", n)
	}
}

// TestEveryFactCited: memberships, foundings, offices, events,
// partnerships and claims are the facts researchers ask about; each must
// have at least one citation.
func TestEveryFactCited(t *testing.T) {
	ds, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	facts := map[string]bool{"memberships": true, "founders": true, "offices": true, "events": true, "partnerships": true, "claims": true}
	n := 0
	for where, cs := range ds.Citations() {
		if section, _, _ := strings.Cut(where, " "); facts[section] {
			n++
			if len(cs) == 0 {
				t.Errorf("%s has no citation", where)
			}
		}
	}
	if want := len(ds.Memberships) + len(ds.Foundings) + len(ds.Offices) + len(ds.Events) + len(ds.Partnerships) + len(ds.Claims); n != want {
		t.Errorf("checked %d facts, want %d", n, want)
	}
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }
