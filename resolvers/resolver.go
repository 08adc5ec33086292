// Package resolvers implements the GraphQL schema over a graph.Store. The
// resolvers only convert arguments, call the store and shape its answers:
// no query logic, no logging, no error matching (errors keep their domain
// codes and the server's presenter maps them).
package resolvers

import (
	"context"
	"time"

	"citynet/documents"
	"citynet/graph"
	"citynet/graph/generated"
)

// Resolver is the root resolver.
type Resolver struct {
	Store graph.Store
	// Feed tells subscriptions of committed writes; nil: no subscriptions.
	Feed Feed
	// ImportTimeout bounds importDataset (0: graph.DefaultImportTimeout;
	// negative: no bound), within the operation's own timeout.
	ImportTimeout time.Duration
	// Documents adds documents and reviews their proposals; nil: the
	// store keeps no documents (their fields answer NOT_IMPLEMENTED).
	Documents *documents.Service
}

// Feed is a change feed: Subscribe returns a channel of the events that
// filter keeps (a nil result drops the event), closed when ctx is done or
// the subscriber fell too far behind.
type Feed interface {
	Subscribe(ctx context.Context, filter func(*graph.ChangeEvent) *graph.ChangeEvent) <-chan *graph.ChangeEvent
}

// opt turns an absent string into null.
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// optInt turns a count or id the domain leaves 0 when unknown into null.
func optInt(n int64) *int {
	if n == 0 {
		return nil
	}
	i := int(n)
	return &i
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

func page(first *int, after *string) graph.Page {
	return graph.Page{First: deref(first, graph.DefaultPageSize), After: deref(after, "")}
}

// all reads every page of a list, for edge fields that return whole lists.
func all[T any](fetch func(graph.Page) (*graph.Connection[T], error)) ([]T, error) {
	var out []T
	p := graph.Page{First: graph.MaxPageSize}
	for {
		c, err := fetch(p)
		if err != nil {
			return nil, err
		}
		out = append(out, c.Items...)
		if !c.HasNext || len(c.Cursors) == 0 {
			return out, nil
		}
		p.After = c.Cursors[len(c.Cursors)-1]
	}
}

// connection shapes a store page as a Relay connection.
func connection[T any, E any](c *graph.Connection[T], err error, edge func(cursor string, node T) E) ([]E, *generated.PageInfo, int, error) {
	if err != nil {
		return nil, nil, 0, err
	}
	edges := make([]E, len(c.Items))
	for i, it := range c.Items {
		edges[i] = edge(c.Cursors[i], it)
	}
	info := &generated.PageInfo{HasNextPage: c.HasNext, HasPreviousPage: c.HasPrev}
	if n := len(c.Cursors); n > 0 {
		info.StartCursor, info.EndCursor = &c.Cursors[0], &c.Cursors[n-1]
	}
	return edges, info, c.TotalCount, nil
}

func graphNode(n graph.Node) *generated.GraphNode {
	return &generated.GraphNode{ID: n.NodeID(), Type: n.NodeType(), Label: n.Label(), Node: n}
}

func graphNodes(ns []graph.Node) []*generated.GraphNode {
	out := make([]*generated.GraphNode, len(ns))
	for i, n := range ns {
		out[i] = graphNode(n)
	}
	return out
}

// optional fetches a node by an id that may be empty (an absent link).
func optional[T any](ctx context.Context, id string, get func(context.Context, string) (T, error)) (T, error) {
	if id == "" {
		var zero T
		return zero, nil
	}
	return get(ctx, id)
}

func precision(d graph.Date) generated.DatePrecision { return generated.DatePrecision(d.Precision()) }

// limitCounts cuts a ranked count list and reads its ids in one batch
// (load), pairing each record with its count.
func limitCounts[T, N any](ctx context.Context, counts []graph.IDCount, first *int,
	load func(context.Context, []string) ([]N, error), pair func(N, int) T) ([]T, error) {
	n := deref(first, 20)
	if n < 0 || n > graph.MaxPageSize {
		return nil, graph.Invalid("first", "must be between 0 and %d, got %d", graph.MaxPageSize, n)
	}
	counts = counts[:min(n, len(counts))]
	ids := make([]string, len(counts))
	for i, c := range counts {
		ids[i] = c.ID
	}
	records, err := load(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(counts))
	for i, c := range counts {
		out[i] = pair(records[i], c.Count)
	}
	return out, nil
}

// importCounts lists a merge summary in section order.
func importCounts(sum graph.MergeSummary) []*generated.ImportCount {
	out := []*generated.ImportCount{}
	for _, section := range []string{"sources", "countries", "cities", "networks", "institutions", "people",
		"memberships", "founders", "offices", "events", "partnerships", "claims"} {
		if c, ok := sum[section]; ok {
			out = append(out, &generated.ImportCount{Section: section, Created: c.Created, Updated: c.Updated, Unchanged: c.Unchanged, Deleted: c.Deleted})
		}
	}
	return out
}
