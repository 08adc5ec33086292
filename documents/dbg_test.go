package documents

import (
	"os"
	"path/filepath"
	"testing"
	"citynet/graph"
)

func TestDbgMissed(t *testing.T) {
	dir := os.Getenv("DBG_DIR")
	gold, err := graph.LoadDataset(os.DirFS(dir), ".")
	if err != nil { t.Fatal(err) }
	for _, src := range gold.Sources {
		b, _ := os.ReadFile(filepath.Join(dir, src.File))
		doc := &graph.Document{SourceID: src.ID, Text: string(b)}
		props := Extract(&graph.Dataset{}, doc, Meta{SourceID: src.ID, Title: src.Title, Publisher: src.Publisher, Language: src.Language}, nil)
		var ms []*graph.Membership
		for _, m := range gold.Memberships { if m.Sources[0].SourceID == src.ID { ms = append(ms, m) } }
		for _, m := range ms {
			rep := Compare(props, &graph.Dataset{Cities: gold.Cities, Networks: gold.Networks, Countries: gold.Countries, Memberships: []*graph.Membership{m}}, src.ID)
			if rep["memberships+dates"].Correct == 0 {
				found := "MISSED"
				if rep["memberships"].Correct == 1 { found = "DATE" }
				t.Logf("%s %s: %s in %s since %q | %s", found, src.ID, m.CityID, m.NetworkID, m.Since, m.Sources[0].Quote)
			}
		}
		for _, p := range props {
			if p.Section != "memberships" { continue }
			rep := Compare([]*graph.Proposal{p}, &graph.Dataset{Cities: gold.Cities, Networks: gold.Networks, Countries: gold.Countries, Memberships: ms}, src.ID)
			if rep["memberships"].Correct == 0 {
				t.Logf("WRONG %s: %s | %v", src.ID, p.Summary, p.Quotes)
			}
		}
	}
}
