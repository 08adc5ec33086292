package resolvers

import (
	"context"

	"citynet/auth"
	"citynet/documents"
	"citynet/graph"
	"citynet/graph/generated"
)

var errNoDocuments = graph.Errorf(graph.ENOTIMPLEMENTED, "this store does not keep documents")

// documents returns the document service for a write: the caller needs a
// write credential, whose name stamps what the write touches.
func (r *Resolver) documents(ctx context.Context) (*documents.Service, string, error) {
	if r.Documents == nil {
		return nil, "", errNoDocuments
	}
	if err := auth.RequireWrite(ctx); err != nil {
		return nil, "", err
	}
	p, _ := auth.FromContext(ctx)
	return r.Documents, p.Name, nil
}

// sourceOrNil is the source with this id, nil when there is none (a dry
// run's source was never written).
func (r *Resolver) sourceOrNil(ctx context.Context, id string) (*graph.Source, error) {
	s, err := r.Store.Source(ctx, id)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return nil, nil
	}
	return s, err
}

// documentInput converts addDocument's arguments.
func documentInput(input generated.DocumentInput, dryRun *bool) documents.Input {
	in := documents.Input{Content: []byte(input.Content), Title: deref(input.Title, ""), URL: deref(input.URL, ""),
		Publisher: deref(input.Publisher, ""), Language: deref(input.Language, ""),
		Retrieved: string(deref(input.Retrieved, "")), Published: string(deref(input.Published, "")), DryRun: deref(dryRun, false)}
	if input.Format != nil {
		in.Format = string(*input.Format)
	}
	return in
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
