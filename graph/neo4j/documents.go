package neo4j

import (
	"context"
	"encoding/json"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"citynet/graph"
)

// Documents and proposals are stored as :Document and :Proposal nodes
// outside the domain graph (no :Entity label, no relationships), each
// holding its record as JSON in payload, with the properties the
// statements look them up by (sourceId, hash, id, status) beside it. A
// proposal is a candidate for review, not a fact: it is not part of the
// graph's version, its dataset or its exports.

// documentSchema are the constraints and indexes EnsureSchema adds for them.
var documentSchema = []string{"schema_document_source", "schema_document_hash", "schema_proposal_id", "schema_proposal_source"}

func init() {
	// The vocabulary the Cypher linter checks the statements against.
	Labels = append(Labels, "Document", "Proposal")
	PropertyKeys = append(PropertyKeys, "sourceId", "hash", "payload")
}

var _ graph.DocumentStore = (*Store)(nil)

func payloadOf(rec *neo4j.Record) (string, bool) {
	v, ok := rec.Get("payload")
	s, isStr := v.(string)
	return s, ok && isStr
}

// PutDocument stores a document and its proposals in one transaction.
func (s *Store) PutDocument(ctx context.Context, doc *graph.Document, proposals []*graph.Proposal) error {
	payload, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	rows := make([]map[string]any, len(proposals))
	for i, p := range proposals {
		b, err := json.Marshal(p)
		if err != nil {
			return err
		}
		rows[i] = map[string]any{"id": p.ID, "sourceId": p.SourceID, "status": string(p.Status), "payload": string(b)}
	}
	return write(ctx, s, func(q querier) error {
		recs, err := q.query(ctx, "document_by_hash", map[string]any{"hash": doc.Hash})
		if err != nil {
			return err
		}
		if len(recs) > 0 {
			if other, _ := recs[0].Get("sourceId"); other != doc.SourceID {
				return graph.Errorf(graph.ECONFLICT, "the same text is already the document of source %q", other)
			}
		}
		if _, err := q.query(ctx, "document_put", map[string]any{"sourceId": doc.SourceID, "hash": doc.Hash, "payload": string(payload)}); err != nil {
			return err
		}
		if _, err := q.query(ctx, "proposals_drop_pending", map[string]any{"sourceId": doc.SourceID}); err != nil {
			return err
		}
		_, err = q.query(ctx, "proposals_put", map[string]any{"rows": rows})
		return err
	})
}

func decodeDocument(recs []*neo4j.Record) (*graph.Document, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	payload, ok := payloadOf(recs[0])
	if !ok {
		return nil, graph.Errorf(graph.EINTERNAL, "a stored document has no payload")
	}
	var doc graph.Document
	if err := json.Unmarshal([]byte(payload), &doc); err != nil {
		return nil, err
	}
	return &doc, nil
}

// Document returns the document of a source.
func (s *Store) Document(ctx context.Context, sourceID string) (*graph.Document, error) {
	doc, err := read(ctx, s, func(q querier) (*graph.Document, error) {
		recs, err := q.query(ctx, "document_get", map[string]any{"sourceId": sourceID})
		if err != nil {
			return nil, err
		}
		return decodeDocument(recs)
	})
	if err == nil && doc == nil {
		err = graph.Errorf(graph.ENOTFOUND, "no document for source %q", sourceID)
	}
	return doc, err
}

// DocumentByHash returns the document with this content, nil if none.
func (s *Store) DocumentByHash(ctx context.Context, hash string) (*graph.Document, error) {
	return read(ctx, s, func(q querier) (*graph.Document, error) {
		recs, err := q.query(ctx, "document_by_hash", map[string]any{"hash": hash})
		if err != nil {
			return nil, err
		}
		return decodeDocument(recs)
	})
}

func decodeProposals(recs []*neo4j.Record) ([]*graph.Proposal, error) {
	out := make([]*graph.Proposal, 0, len(recs))
	for _, r := range recs {
		payload, ok := payloadOf(r)
		if !ok {
			return nil, graph.Errorf(graph.EINTERNAL, "a stored proposal has no payload")
		}
		var p graph.Proposal
		if err := json.Unmarshal([]byte(payload), &p); err != nil {
			return nil, err
		}
		out = append(out, &p)
	}
	return out, nil
}

// Proposals lists the proposals the filter selects.
func (s *Store) Proposals(ctx context.Context, f graph.ProposalFilter) ([]*graph.Proposal, error) {
	if f.Status != "" && !f.Status.Valid() {
		return nil, graph.Invalid("status", "no proposal status %q", f.Status)
	}
	// One statement per case, not `$sourceId IS NULL OR …`, which would
	// keep Neo4j from seeking the source in its index.
	stmt, params := "proposals_list", map[string]any{"status": nil}
	if f.SourceID != "" {
		stmt, params["sourceId"] = "proposals_of_source", f.SourceID
	}
	if f.Status != "" {
		params["status"] = string(f.Status)
	}
	ps, err := read(ctx, s, func(q querier) ([]*graph.Proposal, error) {
		recs, err := q.query(ctx, stmt, params)
		if err != nil {
			return nil, err
		}
		return decodeProposals(recs)
	})
	if err != nil {
		return nil, err
	}
	graph.SortProposals(ps)
	return ps, nil
}

// Proposal returns one proposal.
func (s *Store) Proposal(ctx context.Context, id string) (*graph.Proposal, error) {
	ps, err := read(ctx, s, func(q querier) ([]*graph.Proposal, error) {
		recs, err := q.query(ctx, "proposal_get", map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		return decodeProposals(recs)
	})
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, graph.Errorf(graph.ENOTFOUND, "no proposal with id %q", id)
	}
	return ps[0], nil
}

// SaveProposal replaces a stored proposal.
func (s *Store) SaveProposal(ctx context.Context, p *graph.Proposal) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return write(ctx, s, func(q querier) error {
		recs, err := q.query(ctx, "proposal_save", map[string]any{"id": p.ID, "status": string(p.Status), "payload": string(b)})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return graph.Errorf(graph.ENOTFOUND, "no proposal with id %q", p.ID)
		}
		return nil
	})
}
