package documents

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citynet/graph"
)

// BenchmarkExtract_Largest reads a page as large as POST /documents
// takes (graph.MaxDocumentBytes), made of the tuned pages repeated: the
// time one such page costs (docs/documents.md, "How long it reads").
func BenchmarkExtract_Largest(b *testing.B) {
	files, err := filepath.Glob("testdata/tuned/*.txt")
	if err != nil || len(files) == 0 {
		b.Fatal("no tuned pages", err)
	}
	var sb strings.Builder
	for sb.Len() < graph.MaxDocumentBytes-64<<10 {
		for _, f := range files {
			x, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			sb.Write(x)
		}
	}
	doc := &graph.Document{Text: sb.String()}
	b.SetBytes(int64(sb.Len()))
	for b.Loop() {
		if ps := Extract(nil, doc, Meta{Language: "pl", Title: "x"}, nil); len(ps) == 0 {
			b.Fatal("nothing proposed")
		}
	}
}

// BenchmarkExtract_OneLongRun reads 300 KB of one capitalised name
// repeated, no full stop in it: one unit of 50,000 capitalised words.
// Reading a name once per run and at most maxNameTokens long keeps this
// linear (before, 12 KB of it took over two minutes).
func BenchmarkExtract_OneLongRun(b *testing.B) {
	// The full stop at the end keeps the run whole: a page ending in a
	// sentence with no stop is read only up to its last one.
	text := strings.Repeat(strings.Repeat("Kutno ", 1000)+"\n", 50) + "."
	doc := &graph.Document{Text: text}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Extract(nil, doc, Meta{Language: "pl"}, nil)
	}
}
