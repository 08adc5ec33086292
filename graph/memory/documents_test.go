package memory_test

import (
	"context"
	"path/filepath"
	"testing"

	"citynet/graph"
	"citynet/graph/memory"
	"citynet/graph/storetest"
)

// TestStore_PutDocument_Durable: documents and decisions on proposals
// survive closing and reopening the store's file, and a compaction.
func TestStore_PutDocument_Durable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "graph.db")
	seed := func() (*graph.Dataset, error) { return storetest.Synthetic(), nil }
	s, err := memory.Open(path, seed)
	storetest.MustOK(t, err)
	text := "Bydgoszcz jest pełnym członkiem stowarzyszenia Eurocities od listopada 2005 r.\n"
	doc := &graph.Document{SourceID: "doc-a", Hash: graph.ContentHash(text), Text: text, Format: "text", Language: "pl"}
	p := &graph.Proposal{ID: "p-1", SourceID: "doc-a", Section: "memberships", Fingerprint: "f", Status: graph.ProposalPending,
		Quotes: []graph.Quote{{Text: "Bydgoszcz", Start: 0}}, Put: &graph.Dataset{}}
	storetest.MustOK(t, s.PutDocument(ctx, doc, []*graph.Proposal{p}))
	q := *p
	q.Status = graph.ProposalRejected
	storetest.MustOK(t, s.SaveProposal(ctx, &q))
	// A write to the graph too, so that reopening compacts the log.
	_, err = s.Apply(ctx, &graph.Change{Put: &graph.Dataset{Sources: []*graph.Source{{ID: "doc-a", Title: "A", Language: "pl"}}}})
	storetest.MustOK(t, err)
	storetest.MustOK(t, s.Close())

	s, err = memory.Open(path, seed)
	storetest.MustOK(t, err)
	defer s.Close()
	got, err := s.Document(ctx, "doc-a")
	storetest.MustOK(t, err)
	if got.Text != text {
		t.Errorf("text after reopening: got %q, want %q", got.Text, text)
	}
	gp, err := s.Proposal(ctx, "p-1")
	storetest.MustOK(t, err)
	if gp.Status != graph.ProposalRejected {
		t.Errorf("status after reopening: got %s, want REJECTED", gp.Status)
	}
}
