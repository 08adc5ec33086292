package neo4j

import (
	"context"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"citynet/graph"
	"citynet/graph/storetest"
)

// docFake plays Neo4j for the document and proposal statements, as the
// statements say they behave (a decided proposal is not overwritten,
// pending ones go before a document's proposals are written again).
type docFake struct {
	docs      map[string]map[string]any // sourceId → props
	proposals map[string]map[string]any // id → props
}

func newDocFake() *docFake {
	return &docFake{docs: map[string]map[string]any{}, proposals: map[string]map[string]any{}}
}

func (f *docFake) answer(name string, params map[string]any) []*neo4j.Record {
	switch name {
	case "document_put":
		f.docs[params["sourceId"].(string)] = map[string]any{"hash": params["hash"], "payload": params["payload"]}
	case "document_get":
		if d, ok := f.docs[params["sourceId"].(string)]; ok {
			return []*neo4j.Record{record("payload", d["payload"])}
		}
	case "document_by_hash":
		for id, d := range f.docs {
			if d["hash"] == params["hash"] {
				return []*neo4j.Record{record("sourceId", id, "payload", d["payload"])}
			}
		}
	case "proposals_drop_pending":
		for id, p := range f.proposals {
			if p["sourceId"] == params["sourceId"] && p["status"] == "PENDING" {
				delete(f.proposals, id)
			}
		}
	case "proposals_put":
		for _, row := range params["rows"].([]map[string]any) {
			if old, ok := f.proposals[row["id"].(string)]; ok && old["status"] != "PENDING" {
				continue
			}
			f.proposals[row["id"].(string)] = map[string]any{"sourceId": row["sourceId"], "status": row["status"], "payload": row["payload"]}
		}
	case "proposals_list", "proposals_of_source":
		var out []*neo4j.Record
		for _, p := range f.proposals {
			if (params["sourceId"] == nil || p["sourceId"] == params["sourceId"]) && (params["status"] == nil || p["status"] == params["status"]) {
				out = append(out, record("payload", p["payload"]))
			}
		}
		return out
	case "proposal_get":
		if p, ok := f.proposals[params["id"].(string)]; ok {
			return []*neo4j.Record{record("payload", p["payload"])}
		}
	case "proposal_save":
		if p, ok := f.proposals[params["id"].(string)]; ok {
			p["status"], p["payload"] = params["status"], params["payload"]
			return []*neo4j.Record{record("id", params["id"])}
		}
	}
	return nil
}

// TestStore_Documents runs the conformance suite's document tests on the
// Store's statements, answered by docFake, through the recorder (which
// checks every statement's parameters).
func TestStore_Documents(t *testing.T) {
	storetest.RunDocuments(t, func(t *testing.T, ds *graph.Dataset) graph.Store {
		rec := &recorder{t: t, sent: map[string]int{}}
		f := newDocFake()
		rec.answer = func(name string, params map[string]any) []*neo4j.Record {
			if strings.HasPrefix(name, "document_") || strings.HasPrefix(name, "proposal") {
				return f.answer(name, params)
			}
			return nil
		}
		return &Store{exec: rec.exec}
	})
}

// driveDocuments sends every document statement once, for
// TestStore_SendsEveryStatement.
func driveDocuments(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	doc := &graph.Document{SourceID: "doc", Hash: graph.ContentHash("x"), Text: "x"}
	p := &graph.Proposal{ID: "p-1", SourceID: "doc", Status: graph.ProposalPending, Put: &graph.Dataset{}}
	ok := func(err error) {
		t.Helper()
		if err != nil && graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Fatal(err)
		}
	}
	ok(s.PutDocument(ctx, doc, []*graph.Proposal{p}))
	_, err := s.Document(ctx, "doc")
	ok(err)
	_, err = s.Proposals(ctx, graph.ProposalFilter{SourceID: "doc"})
	ok(err)
	_, err = s.Proposals(ctx, graph.ProposalFilter{Status: graph.ProposalPending})
	ok(err)
	_, err = s.Proposal(ctx, "p-1")
	ok(err)
	ok(s.SaveProposal(ctx, p))
}
