package documents_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"citynet/data"
	"citynet/documents"
	"citynet/graph"
)

// countriesOnly is the graph the measure reads against: the curated
// countries and nothing else, so every city and network must be found in
// the text itself.
func countriesOnly(tb testing.TB, ds *graph.Dataset) *graph.Dataset {
	tb.Helper()
	return &graph.Dataset{Countries: ds.Countries}
}

// TestExtract_Corpus runs the extractor on the five corpus pages and
// compares its proposals with the dataset curated by hand from them.
func TestExtract_Corpus(t *testing.T) {
	gold, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	llm := modelFromEnv(t)
	total := documents.Report{}
	for _, src := range gold.Sources {
		if src.File == "" {
			continue // GeoNames: a source of places, not a page
		}
		b, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", src.File))
		if errors.Is(err, fs.ErrNotExist) && os.Getenv("CI") == "" {
			// Only a checkout without shared/ beside it skips; under CI, and
			// for any other error, the measure must run.
			t.Skipf("corpus not found: %v", err)
		}
		if err != nil {
			t.Fatal(err)
		}
		doc := &graph.Document{SourceID: src.ID, Text: string(b), Hash: graph.ContentHash(string(b))}
		props := extract(t, llm, countriesOnly(t, gold), doc, documents.Meta{SourceID: src.ID, Title: src.Title, Publisher: src.Publisher, Language: src.Language})
		for _, p := range props {
			if err := p.CheckQuotes(doc); err != nil {
				t.Errorf("%s: %v", p.ID, err)
			}
			if testing.Verbose() && os.Getenv("SHOW_PROPOSALS") != "" {
				t.Logf("%s %.2f %s | %v", p.Section, p.Confidence, p.Summary, p.Entities)
			}
		}
		rep := documents.Compare(props, gold, src.ID)
		total.Add(rep)
	}
	var b strings.Builder
	total.Write(&b)
	t.Logf("corpus (5 pages, countries only):\n%s", b.String())
	// The figures reached when this test was written (docs/documents.md,
	// "How well it reads (measured)"): a change to the rules must not fall
	// below.
	checkFloors(t, total, map[string][2]float64{
		"memberships":       {0.95, 0.97},
		"memberships+dates": {0.95, 0.97},
		"foundings":         {1, 1},
		"events":            {0.66, 0.66},
		"partnerships":      {1, 0.5},
		"offices":           {1, 1},
		"claims":            {1, 0.22},
		"dates":             {1, 1},
	})
}

func checkFloors(t *testing.T, rep documents.Report, floors map[string][2]float64) {
	t.Helper()
	for _, k := range documents.MeasuredTypes {
		f, ok := floors[k]
		if !ok {
			continue
		}
		s := rep[k]
		if s.Precision() < f[0] || s.Recall() < f[1] {
			t.Errorf("%s: got precision %.2f recall %.2f, want at least %.2f and %.2f", k, s.Precision(), s.Recall(), f[0], f[1])
		}
	}
}

// TestExtract_Tuned measures the extractor on the eight hundred and ten public
// pages set aside so far (testdata/tuned). Each was annotated before the
// extractor first ran on it (memberships then: precision 0.33, recall
// 0.06 on the first three; 1.00 and 0.29 on the next three, with their
// dates 0.50 and 0.14; 0.67 and 0.08 on the next three; 1.00 and 0.06,
// with their dates 0.50 and 0.03, on the next five; nothing proposed on
// the next eight; 0.58 and 0.39, with their dates 0.33 and 0.22, on the
// next eleven; 0.36 and 0.11, the same with their dates, on the next
// twelve; 0.75 and 0.07 on the next twelve; 0.50 and 0.04 on the next
// twelve, 0.50 and 0.07 on the next twelve, 0.75 and 0.03 on the next
// twenty, 0.67 and 0.01 on the next twenty, 0.50 and 0.01 on the next
// twenty, the same with their dates; 0.67 and 0.04, with their dates
// none right, on the next twenty; 1.00 and 0.10, with their dates none
// right, on the next twenty; 0.67 and 0.03, with their dates 0.33 and
// 0.02, on the next twenty; 1.00 and 0.05, with their dates 0.67 and
// 0.04, on the next twenty; 1.00 and 0.04, with their dates 0.50 and
// 0.02, on the next twenty; nothing proposed on the next twenty; 1.00
// and 0.04, the same with their dates, on the next twenty; 0.00 and
// 0.00 on the next twenty; 1.00 and 0.02, the same with their dates,
// on the next twenty; 1.00 and 0.07, the same with their dates, on the
// next twenty; then, the rules held at one commit for four sets of
// twenty, 1.00 and 0.02, 0.75 and 0.04, the same with their dates, 0.58
// and 0.10, with their dates 0.33 and 0.06, and 1.00 and 0.02, with
// their dates 0.50 and 0.01, on the next eighty; then, held so at
// another commit, 0.73 and 0.23, 1.00 and 0.03, 0.50 and 0.03, the same
// with their dates, and 0.00 and 0.00 on the next eighty; then, held
// at a third, 1.00 and 0.13 (with their dates 0.50 and 0.07), nothing
// proposed, 0.00 and 0.00, and nothing proposed on the next eighty;
// then, held at a fourth, 0.50 and 0.02 (the same with their dates),
// 1.00 and 0.03 (the same), 0.94 and 0.14 (with their dates 0.81 and
// 0.12), 1.00 and 0.03 (with their dates 0.67 and 0.02) on the next
// eighty; then, held at a fifth, 0.60 and 0.03, 1.00 and 0.01, 0.33 and
// 0.03, 0.00 and 0.00, the same with their dates, on the next eighty,
// and 1.00 and 0.11 (with their dates 0.50 and 0.06), 0.67 and 0.06
// (the same), 0.00 and 0.00, 1.00 and 0.03 (the same) on the last
// sixty-nine);
// the rules were then changed after
// seeing their errors, so they no longer measure unseen text.
func TestExtract_Tuned(t *testing.T) {
	measurePages(t, "testdata/tuned", map[string][2]float64{
		"memberships":       {0.98, 0.17},
		"memberships+dates": {0.97, 0.17},
		"foundings":         {0.97, 0.12},
		"events":            {0.15, 0.05},
		"claims":            {0.77, 0.03}, // a count of "miast i gmin" the annotation holds as memberCount, read as memberCityCount; "over 130 million" annotated, "more than 130 million" read
		// a dateline's and a letter's date (the thirteenth set) not read; one
		// founding two pages date at different precisions (1982, June
		// 1982) is one record, so one of them reads wrong
		"dates": {0.95, 0.93},
	})
}

// measurePages runs the extractor on the pages of dir (facts.json names
// them and holds their facts annotated by hand) with a graph of countries
// only, logs the figures and checks them against floors.
func measurePages(t *testing.T, dir string, floors map[string][2]float64) {
	gold, err := graph.LoadDataset(os.DirFS(dir), ".")
	if err != nil {
		t.Fatal(err)
	}
	curated, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	llm := modelFromEnv(t)
	total := documents.Report{}
	for _, src := range gold.Sources {
		b, err := os.ReadFile(filepath.Join(dir, src.File))
		if err != nil {
			t.Fatal(err)
		}
		doc := &graph.Document{SourceID: src.ID, Text: string(b), Hash: graph.ContentHash(string(b))}
		props := extract(t, llm, countriesOnly(t, curated), doc, documents.Meta{SourceID: src.ID, Title: src.Title, Publisher: src.Publisher, Language: src.Language})
		for _, p := range props {
			if err := p.CheckQuotes(doc); err != nil {
				t.Errorf("%s: %v", p.ID, err)
			}
			if testing.Verbose() && os.Getenv("SHOW_PROPOSALS") != "" {
				t.Logf("%s %.2f %s | %v", p.Section, p.Confidence, p.Summary, p.Entities)
			}
		}
		total.Add(documents.Compare(props, gold, src.ID))
	}
	var b strings.Builder
	total.Write(&b)
	t.Logf("%s (%d pages, countries only):\n%s", dir, len(gold.Sources), b.String())
	checkFloors(t, total, floors)
}

// modelFromEnv is the optional model-backed reader the measures use
// beside the rules when LLM_URL and LLM_MODEL are set (LLM_KEY_FILE,
// LLM_TIMEOUT as the server reads them): how an operator measures a model
// on the same pages. Unset (as in CI), the rules alone are measured.
func modelFromEnv(t *testing.T) *documents.LLM {
	u, m := os.Getenv("LLM_URL"), os.Getenv("LLM_MODEL")
	if u == "" || m == "" {
		return nil
	}
	l := &documents.LLM{URL: u, Model: m}
	if f := os.Getenv("LLM_KEY_FILE"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		l.Key = strings.TrimSpace(string(b))
	}
	if d, err := time.ParseDuration(os.Getenv("LLM_TIMEOUT")); err == nil {
		l.Timeout = d
	}
	t.Logf("measuring the rules and the model %s at %s", m, u)
	return l
}

// extract reads a measured page: the rules, and the model when one is
// configured (a model that fails fails the measure).
func extract(t *testing.T, llm *documents.LLM, ds *graph.Dataset, doc *graph.Document, meta documents.Meta) []*graph.Proposal {
	t.Helper()
	if llm == nil {
		return documents.Extract(ds, doc, meta, nil)
	}
	props, _, err := documents.ExtractWith(context.Background(), llm, ds, doc, meta, nil)
	if err != nil {
		t.Errorf("%s: the model: %v", meta.SourceID, err)
	}
	return props
}

// TestExtract_HeldOut measures the extractor on pages it was not tuned
// on (testdata/heldout, the fourteenth set: twenty pages chosen and
// annotated by hand by two people who did not read the extractor or see
// its output, before it first ran on them). The floors are the figures
// of that first run (memberships 1.00/0.17, the same with their dates),
// which the rules added since for later sets' errors left as they
// were. What the run showed is in docs/documents.md,
// "Held out: pages the extractor was not tuned on".
func TestExtract_HeldOut(t *testing.T) {
	measurePages(t, "testdata/heldout", map[string][2]float64{
		"memberships":       {1, 0.17},
		"memberships+dates": {1, 0.17},
	})
}
