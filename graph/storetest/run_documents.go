package storetest

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"citynet/graph"
)

// documentProposals builds a document and its proposals, by hand, so the
// suite does not depend on the extractor.
func documentProposals(sourceID, text string) (*graph.Document, []*graph.Proposal) {
	doc := &graph.Document{SourceID: sourceID, Hash: graph.ContentHash(text), Text: text, Format: "text", Language: "pl",
		Retrieved: "2026-12", AddedAt: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC), AddedBy: "curator"}
	q := graph.Quote{Text: "Bydgoszcz jest pełnym członkiem stowarzyszenia Eurocities od listopada 2005 r.", Start: 0}
	mk := func(fp string, conf float64, put *graph.Dataset) *graph.Proposal {
		return &graph.Proposal{ID: graph.ProposalID(sourceID, fp), SourceID: sourceID, Section: "memberships", Fingerprint: fp,
			Status: graph.ProposalPending, Confidence: conf, Summary: fp, Quotes: []graph.Quote{q},
			Entities: []graph.Resolution{{Role: "city", Type: graph.TypeCity, Text: "Bydgoszcz", ID: "bydgoszcz", Name: "Bydgoszcz", Match: graph.MatchExact, Score: 100}},
			Put:      put}
	}
	cite := []graph.Citation{{SourceID: sourceID, Quote: q.Text}}
	return doc, []*graph.Proposal{
		mk("memberships|city=bydgoszcz|network=eurocities|2005-11", 0.9, &graph.Dataset{Memberships: []*graph.Membership{
			{CityID: "bydgoszcz", NetworkID: "eurocities", Since: "2005-11", Status: graph.StatusFullMember, Sources: cite}}}),
		mk("claims|subject=eurocities|memberCityCount|more than 200", 0.7, &graph.Dataset{Claims: []*graph.Claim{
			{SubjectID: "eurocities", Property: "memberCityCount", Value: "more than 200", Sources: cite}}}),
	}
}

// RunDocuments checks a graph.DocumentStore: documents kept verbatim and
// found by content hash, proposals listed, filtered, decided and kept
// across a re-read. Run calls it with the store open returns.
//
// Documents and proposals are not part of the graph a store loads, so a
// store shared between runs (a live Neo4j) may hold those of an earlier
// run: every run uses source ids and texts of its own.
func RunDocuments(t *testing.T, open func(t *testing.T, ds *graph.Dataset) graph.Store) {
	ctx := context.Background()
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	text := "Bydgoszcz jest pełnym członkiem stowarzyszenia Eurocities od listopada 2005 r.\n\nEUROCITIES jest zrzeszeniem ponad 200 dużych\u00a0miast.\n" + run + "\n"
	docA, docB := "doc-a-"+run, "doc-b-"+run
	mustDocs := func(t *testing.T) graph.DocumentStore {
		s := open(t, Synthetic())
		d, ok := s.(graph.DocumentStore)
		if !ok {
			t.Fatalf("%T does not implement graph.DocumentStore", s)
		}
		return d
	}
	t.Run("Document", func(t *testing.T) {
		d := mustDocs(t)
		doc, props := documentProposals(docA, text)
		MustOK(t, d.PutDocument(ctx, doc, props))
		got, err := d.Document(ctx, docA)
		MustOK(t, err)
		if !reflect.DeepEqual(got, doc) {
			t.Errorf("Document: got %+v, want %+v (text verbatim)", got, doc)
		}
		byHash, err := d.DocumentByHash(ctx, doc.Hash)
		MustOK(t, err)
		if byHash == nil || byHash.SourceID != docA {
			t.Errorf("DocumentByHash: got %+v, want %s", byHash, docA)
		}
		none, err := d.DocumentByHash(ctx, graph.ContentHash("other"))
		MustOK(t, err)
		if none != nil {
			t.Errorf("DocumentByHash(unknown): got %+v, want nil", none)
		}
		_, err = d.Document(ctx, "nowhere")
		MustCode(t, err, graph.ENOTFOUND)
	})
	t.Run("ErrSameTextOtherSource", func(t *testing.T) {
		d := mustDocs(t)
		doc, props := documentProposals(docA, text)
		MustOK(t, d.PutDocument(ctx, doc, props))
		other, _ := documentProposals(docB, text)
		MustCode(t, d.PutDocument(ctx, other, nil), graph.ECONFLICT)
	})
	t.Run("Proposals", func(t *testing.T) {
		d := mustDocs(t)
		doc, props := documentProposals(docA, text)
		MustOK(t, d.PutDocument(ctx, doc, props))
		got, err := d.Proposals(ctx, graph.ProposalFilter{SourceID: docA})
		MustOK(t, err)
		want := append([]*graph.Proposal(nil), props...)
		graph.SortProposals(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Proposals: got %d %+v, want %d %+v", len(got), got, len(want), want)
		}
		one, err := d.Proposal(ctx, props[0].ID)
		MustOK(t, err)
		if !reflect.DeepEqual(one, props[0]) {
			t.Errorf("Proposal: got %+v, want %+v", one, props[0])
		}
		_, err = d.Proposal(ctx, "p-nowhere")
		MustCode(t, err, graph.ENOTFOUND)
		none, err := d.Proposals(ctx, graph.ProposalFilter{SourceID: "other-" + run})
		MustOK(t, err)
		if len(none) != 0 {
			t.Errorf("Proposals(other source): got %d, want 0", len(none))
		}
		// Across documents, by status: every pending proposal of docA is
		// there (a live database may hold other runs' proposals too).
		all, err := d.Proposals(ctx, graph.ProposalFilter{Status: graph.ProposalPending})
		MustOK(t, err)
		for _, p := range props {
			if p.Status == graph.ProposalPending && !slices.ContainsFunc(all, func(q *graph.Proposal) bool { return q.ID == p.ID }) {
				t.Errorf("Proposals(PENDING): %s missing from %d", p.ID, len(all))
			}
		}
		for _, p := range all {
			if p.Status != graph.ProposalPending {
				t.Errorf("Proposals(PENDING): got %s in status %s", p.ID, p.Status)
			}
		}
		_, err = d.Proposals(ctx, graph.ProposalFilter{Status: "MAYBE"})
		MustInvalid(t, err, "status")
	})
	t.Run("SaveProposal", func(t *testing.T) {
		d := mustDocs(t)
		doc, props := documentProposals(docA, text)
		MustOK(t, d.PutDocument(ctx, doc, props))
		p := *props[1]
		p.Status, p.DecidedBy, p.DecidedAt = graph.ProposalRejected, "curator", time.Date(2026, 12, 5, 11, 0, 0, 0, time.UTC)
		MustOK(t, d.SaveProposal(ctx, &p))
		rejected, err := d.Proposals(ctx, graph.ProposalFilter{SourceID: docA, Status: graph.ProposalRejected})
		MustOK(t, err)
		if len(rejected) != 1 || !reflect.DeepEqual(rejected[0], &p) {
			t.Errorf("Proposals(REJECTED): got %+v, want [%+v]", rejected, &p)
		}
		pending, err := d.Proposals(ctx, graph.ProposalFilter{SourceID: docA, Status: graph.ProposalPending})
		MustOK(t, err)
		if len(pending) != 1 || pending[0].ID != props[0].ID {
			t.Errorf("Proposals(PENDING): got %v, want [%s]", pending, props[0].ID)
		}
		ghost := *props[0]
		ghost.ID = "p-ghost"
		MustCode(t, d.SaveProposal(ctx, &ghost), graph.ENOTFOUND)

		// Reading again replaces pending proposals and keeps decided ones.
		again := *props[1]
		MustOK(t, d.PutDocument(ctx, doc, []*graph.Proposal{&again}))
		all, err := d.Proposals(ctx, graph.ProposalFilter{SourceID: docA})
		MustOK(t, err)
		if len(all) != 1 || all[0].Status != graph.ProposalRejected {
			t.Errorf("after a re-read: got %+v, want only the rejected proposal", all)
		}
	})
}
