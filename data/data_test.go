package data_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citynet/data"
	"citynet/graph"
)

// corpusDir is where CI and developers keep the source documents: shared/
// beside the repository.
const corpusDir = "../../shared/corpus"

func TestLoad(t *testing.T) {
	ds, err := data.Load()
	if err != nil {
		t.Fatalf("bundled dataset does not load: %v", err)
	}
	if len(ds.Sources) != 5 {
		t.Errorf("sources: got %d, want the 5 corpus documents", len(ds.Sources))
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
		t.Skipf("corpus not found at %s (shared/ beside the repository): %v", corpusDir, err)
	}
	ds, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, s := range ds.Sources {
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
	check := func(where string, cs []graph.Citation) {
		for _, c := range cs {
			n++
			text, ok := texts[c.SourceID]
			if ok && !strings.Contains(text, squash(c.Quote)) {
				t.Errorf("%s: quote not found in %s:\n  %q", where, c.SourceID, c.Quote)
			}
		}
	}
	for _, x := range ds.Countries {
		check("country "+x.ID, x.Sources)
	}
	for _, x := range ds.Cities {
		check("city "+x.ID, x.Sources)
	}
	for _, x := range ds.Networks {
		check("network "+x.ID, x.Sources)
	}
	for _, x := range ds.Institutions {
		check("institution "+x.ID, x.Sources)
	}
	for _, x := range ds.People {
		check("person "+x.ID, x.Sources)
	}
	for _, x := range ds.Memberships {
		check("membership "+x.CityID+"→"+x.NetworkID, x.Sources)
	}
	for _, x := range ds.Foundings {
		check("founding "+x.FounderID+"→"+x.NetworkID, x.Sources)
	}
	for _, x := range ds.Offices {
		check("office "+x.PersonID, x.Sources)
	}
	for _, x := range ds.Events {
		check("event "+x.ID, x.Sources)
	}
	for _, x := range ds.Partnerships {
		check("partnership "+x.ID, x.Sources)
	}
	for _, x := range ds.Claims {
		check("claim "+x.SubjectID+"."+x.Property, x.Sources)
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
	for _, m := range ds.Memberships {
		if len(m.Sources) == 0 {
			t.Errorf("membership %s → %s has no citation", m.CityID, m.NetworkID)
		}
	}
	for _, f := range ds.Foundings {
		if len(f.Sources) == 0 {
			t.Errorf("founding %s → %s has no citation", f.FounderID, f.NetworkID)
		}
	}
	for _, o := range ds.Offices {
		if len(o.Sources) == 0 {
			t.Errorf("office of %s has no citation", o.PersonID)
		}
	}
	for _, e := range ds.Events {
		if len(e.Sources) == 0 {
			t.Errorf("event %s has no citation", e.ID)
		}
	}
	for _, p := range ds.Partnerships {
		if len(p.Sources) == 0 {
			t.Errorf("partnership %s has no citation", p.ID)
		}
	}
	for _, c := range ds.Claims {
		if len(c.Sources) == 0 {
			t.Errorf("claim %s.%s has no citation", c.SubjectID, c.Property)
		}
	}
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }
