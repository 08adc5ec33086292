package neo4j

import (
	"context"

	"citynet/graph"
)

// BatchSize is how many rows one UNWIND statement carries.
const BatchSize = 1000

// batches cuts rows into slices of at most size rows.
func batches[T any](rows []T, size int) [][]T {
	var out [][]T
	for len(rows) > size {
		out = append(out, rows[:size])
		rows = rows[size:]
	}
	if len(rows) > 0 {
		out = append(out, rows)
	}
	return out
}

// loadPlan is what a load writes, grouped by statement.
type loadPlan struct {
	nodes  map[string][]map[string]any // label → rows {id, props}
	rels   map[string][]map[string]any // type → rows {from, to, key, props}
	claims []map[string]any
	ids    []string
	keys   []string
	claimK []string

	progress func(done, total int) // nil: none
}

// sent reports n more rows sent.
func (p *loadPlan) sent(done *int, n int) {
	*done += n
	if p.progress != nil {
		p.progress(*done, len(p.ids)+len(p.keys)+len(p.claimK))
	}
}

func planLoad(ds *graph.Dataset) *loadPlan {
	p := &loadPlan{nodes: map[string][]map[string]any{}, rels: map[string][]map[string]any{}}
	for _, n := range ds.Nodes() {
		label, _ := labelOf(n.NodeType())
		p.nodes[label] = append(p.nodes[label], map[string]any{"id": n.NodeID(), "props": map[string]any(nodeProps(n))})
		p.ids = append(p.ids, n.NodeID())
	}
	// Fields a relationship record has beyond graph.Edge's.
	extra := map[string]props{}
	for _, m := range ds.Memberships {
		e := graph.Edge{Type: graph.RelMemberOf, From: m.CityID, To: m.NetworkID, Since: m.Since}
		extra[relKey(e)] = props{}.set("phase", m.Phase).set("focus", m.Focus).stamp(m.Stamp)
	}
	for _, f := range ds.Foundings {
		extra[relKey(graph.Edge{Type: graph.RelFounded, From: f.FounderID, To: f.NetworkID})] = props{}.set("note", f.Note).stamp(f.Stamp)
	}
	for _, o := range ds.Offices {
		e := graph.Edge{Type: graph.RelHoldsOffice, From: o.PersonID, To: o.CityID, Since: o.Since, Title: o.Title}
		extra[relKey(e)] = props{}.set("titleEn", o.TitleEn).stamp(o.Stamp)
	}
	for _, e := range ds.Edges() {
		k := relKey(e)
		p.rels[string(e.Type)] = append(p.rels[string(e.Type)], map[string]any{
			"from": e.From, "to": e.To, "key": k, "props": map[string]any(edgeProps(e, extra[k]))})
		p.keys = append(p.keys, k)
	}
	for _, c := range ds.Claims {
		cp := claimProps(c)
		p.claims = append(p.claims, map[string]any{"key": cp["key"], "props": map[string]any(cp)})
		p.claimK = append(p.claimK, cp["key"].(string))
	}
	return p
}

// Load makes the database hold exactly the dataset, in one write
// transaction: nodes, relationships and claims are merged by id or key in
// batches (UNWIND … MERGE), then whatever the dataset no longer has is
// removed. Loading the same dataset twice leaves the graph unchanged.
// The dataset is validated first; an invalid one writes nothing. Like
// Apply, it takes the version lock first and bumps the version, so no
// writer interleaves with it and no process serves a cached graph from
// before it (see Apply).
func (s *Store) Load(ctx context.Context, ds *graph.Dataset) error {
	return s.LoadWithProgress(ctx, ds, nil)
}

// LoadWithProgress is Load, calling progress (if not nil) after each batch
// with the rows (nodes, relationships, claims) sent so far and in all: a
// large dataset takes minutes, in one transaction that shows nothing
// until it commits.
func (s *Store) LoadWithProgress(ctx context.Context, ds *graph.Dataset, progress func(done, total int)) error {
	if err := ds.Validate(); err != nil {
		return err
	}
	plan := planLoad(ds)
	plan.progress = progress
	// The caller keeps ds and may change it: rather than cache it, let the
	// next write read the graph back.
	defer s.forget()
	return write(ctx, s, func(q querier) error {
		if _, err := lockVersion(ctx, q); err != nil {
			return err
		}
		if err := plan.merge(ctx, q); err != nil {
			return err
		}
		if _, err := q.query(ctx, "load_prune_rels", map[string]any{"keys": plan.keys}); err != nil {
			return err
		}
		if _, err := q.query(ctx, "load_prune_nodes", map[string]any{"ids": plan.ids}); err != nil {
			return err
		}
		_, err := q.query(ctx, "load_prune_claims", map[string]any{"keys": plan.claimK})
		return err
	})
}

// merge sends the plan's nodes, then relationships (whose ends must be
// there), then claims, each merged by id or key in batches.
func (p *loadPlan) merge(ctx context.Context, q querier) error {
	done := 0
	for _, t := range graph.NodeTypes {
		label, _ := labelOf(t)
		for _, b := range batches(p.nodes[label], BatchSize) {
			if _, err := q.query(ctx, "load_nodes_"+label, map[string]any{"rows": b}); err != nil {
				return err
			}
			p.sent(&done, len(b))
		}
	}
	for _, t := range RelTypes {
		for _, b := range batches(p.rels[t], BatchSize) {
			if _, err := q.query(ctx, "load_rels_"+t, map[string]any{"rows": b}); err != nil {
				return err
			}
			p.sent(&done, len(b))
		}
	}
	for _, b := range batches(p.claims, BatchSize) {
		if _, err := q.query(ctx, "load_claims", map[string]any{"rows": b}); err != nil {
			return err
		}
		p.sent(&done, len(b))
	}
	return nil
}

// Empty reports whether the database holds no domain nodes.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	return read(ctx, s, func(q querier) (bool, error) {
		recs, err := q.query(ctx, "load_count", nil)
		if err != nil || len(recs) == 0 {
			return false, err
		}
		n, _ := recs[0].Get("nodes")
		return n == int64(0), nil
	})
}
