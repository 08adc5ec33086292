package memory

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"

	"citynet/graph"
)

// Documents and proposals are not part of the graph: they do not go
// through the change log (a proposal is a candidate, not a fact) but live
// in their own buckets of the same bbolt file, each write one bbolt
// transaction. Compaction rewrites only the log bucket, so they survive
// it. They are loaded on first use.
var (
	documentsBucket = []byte("documents")
	proposalsBucket = []byte("proposals")
)

type docStore struct {
	once      sync.Once
	loadErr   error
	mu        sync.RWMutex
	docs      map[string]*graph.Document // by source id
	byHash    map[string]string          // content hash → source id
	proposals map[string]*graph.Proposal // by id
}

var _ graph.DocumentStore = (*Store)(nil)

func (s *Store) loadDocs() error {
	d := &s.docs
	d.once.Do(func() {
		d.docs, d.byHash, d.proposals = map[string]*graph.Document{}, map[string]string{}, map[string]*graph.Proposal{}
		if s.db == nil {
			return
		}
		d.loadErr = s.db.View(func(tx *bolt.Tx) error {
			if b := tx.Bucket(documentsBucket); b != nil {
				if err := b.ForEach(func(k, v []byte) error {
					var doc graph.Document
					if err := json.Unmarshal(v, &doc); err != nil {
						return fmt.Errorf("document %s: %w", k, err)
					}
					d.docs[doc.SourceID], d.byHash[doc.Hash] = &doc, doc.SourceID
					return nil
				}); err != nil {
					return err
				}
			}
			if b := tx.Bucket(proposalsBucket); b != nil {
				return b.ForEach(func(k, v []byte) error {
					var p graph.Proposal
					if err := json.Unmarshal(v, &p); err != nil {
						return fmt.Errorf("proposal %s: %w", k, err)
					}
					d.proposals[p.ID] = &p
					return nil
				})
			}
			return nil
		})
	})
	return d.loadErr
}

// PutDocument stores a document and its proposals: pending proposals of
// the document that are not in the new list go, decided ones stay.
func (s *Store) PutDocument(ctx context.Context, doc *graph.Document, proposals []*graph.Proposal) error {
	if err := s.loadDocs(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	d := &s.docs
	d.mu.Lock()
	defer d.mu.Unlock()
	if other, ok := d.byHash[doc.Hash]; ok && other != doc.SourceID {
		return graph.Errorf(graph.ECONFLICT, "the same text is already the document of source %q", other)
	}
	keep := map[string]*graph.Proposal{}
	var drop []string
	for id, p := range d.proposals {
		if p.SourceID == doc.SourceID && p.Status == graph.ProposalPending {
			drop = append(drop, id)
		}
	}
	for _, p := range proposals {
		if old, ok := d.proposals[p.ID]; ok && old.Status != graph.ProposalPending {
			continue // decided before: the decision stands
		}
		keep[p.ID] = p
	}
	if s.db != nil {
		err := s.db.Update(func(tx *bolt.Tx) error {
			db, err := tx.CreateBucketIfNotExists(documentsBucket)
			if err != nil {
				return err
			}
			pb, err := tx.CreateBucketIfNotExists(proposalsBucket)
			if err != nil {
				return err
			}
			b, err := json.Marshal(doc)
			if err != nil {
				return err
			}
			if err := db.Put([]byte(doc.SourceID), b); err != nil {
				return err
			}
			for _, id := range drop {
				if err := pb.Delete([]byte(id)); err != nil {
					return err
				}
			}
			for id, p := range keep {
				b, err := json.Marshal(p)
				if err != nil {
					return err
				}
				if err := pb.Put([]byte(id), b); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, id := range drop {
		delete(d.proposals, id)
	}
	for id, p := range keep {
		d.proposals[id] = p
	}
	d.docs[doc.SourceID], d.byHash[doc.Hash] = doc, doc.SourceID
	return nil
}

// Document returns the document of a source.
func (s *Store) Document(ctx context.Context, sourceID string) (*graph.Document, error) {
	if err := s.loadDocs(); err != nil {
		return nil, err
	}
	s.docs.mu.RLock()
	defer s.docs.mu.RUnlock()
	if doc, ok := s.docs.docs[sourceID]; ok {
		return doc, nil
	}
	return nil, graph.Errorf(graph.ENOTFOUND, "no document for source %q", sourceID)
}

// DocumentByHash returns the document with this content, nil if none.
func (s *Store) DocumentByHash(ctx context.Context, hash string) (*graph.Document, error) {
	if err := s.loadDocs(); err != nil {
		return nil, err
	}
	s.docs.mu.RLock()
	defer s.docs.mu.RUnlock()
	if id, ok := s.docs.byHash[hash]; ok {
		return s.docs.docs[id], nil
	}
	return nil, nil
}

// Proposals lists the proposals the filter selects.
func (s *Store) Proposals(ctx context.Context, f graph.ProposalFilter) ([]*graph.Proposal, error) {
	if err := s.loadDocs(); err != nil {
		return nil, err
	}
	if f.Status != "" && !f.Status.Valid() {
		return nil, graph.Invalid("status", "no proposal status %q", f.Status)
	}
	s.docs.mu.RLock()
	var out []*graph.Proposal
	for _, p := range s.docs.proposals {
		if f.Match(p) {
			out = append(out, p)
		}
	}
	s.docs.mu.RUnlock()
	graph.SortProposals(out)
	return out, nil
}

// Proposal returns one proposal.
func (s *Store) Proposal(ctx context.Context, id string) (*graph.Proposal, error) {
	if err := s.loadDocs(); err != nil {
		return nil, err
	}
	s.docs.mu.RLock()
	defer s.docs.mu.RUnlock()
	if p, ok := s.docs.proposals[id]; ok {
		return p, nil
	}
	return nil, graph.Errorf(graph.ENOTFOUND, "no proposal with id %q", id)
}

// SaveProposal replaces a stored proposal.
func (s *Store) SaveProposal(ctx context.Context, p *graph.Proposal) error {
	if err := s.loadDocs(); err != nil {
		return err
	}
	d := &s.docs
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.proposals[p.ID]; !ok {
		return graph.Errorf(graph.ENOTFOUND, "no proposal with id %q", p.ID)
	}
	if s.db != nil {
		b, err := json.Marshal(p)
		if err != nil {
			return err
		}
		if err := s.db.Update(func(tx *bolt.Tx) error {
			pb, err := tx.CreateBucketIfNotExists(proposalsBucket)
			if err != nil {
				return err
			}
			return pb.Put([]byte(p.ID), b)
		}); err != nil {
			return err
		}
	}
	d.proposals[p.ID] = p
	return nil
}
