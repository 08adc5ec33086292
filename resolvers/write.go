package resolvers

import (
	"context"
	"strings"
	"time"

	"citynet/auth"
	"citynet/graph"
	"citynet/graph/generated"
)

// write applies a change as the caller: it needs a write credential, whose
// name stamps every record the change touches.
func (r *Resolver) write(ctx context.Context, c *graph.Change) (*graph.ChangeResult, error) {
	if err := auth.RequireWrite(ctx); err != nil {
		return nil, err
	}
	p, _ := auth.FromContext(ctx)
	c.By = p.Name
	return r.Store.Apply(ctx, c)
}

// importData decodes an import given as a mutation's argument and applies
// it as the caller, under ctx (which carries the import's deadline).
func (r *Resolver) importData(ctx context.Context, data string, format graph.ImportFormat, name string, dryRun bool) (*graph.ChangeResult, error) {
	ds, err := r.Store.Dataset(ctx)
	if err != nil {
		return nil, err
	}
	in, err := graph.DecodeImport(ctx, name, format, strings.NewReader(data), ds)
	if err != nil {
		return nil, err
	}
	return r.write(ctx, &graph.Change{Put: in, DryRun: dryRun})
}

func (r *Resolver) importTimeout() time.Duration {
	if r.ImportTimeout == 0 {
		return graph.DefaultImportTimeout
	}
	return r.ImportTimeout
}

// put creates (create) or upserts one record given as the mutation's
// input, and returns the record as written.
func put[T any](ctx context.Context, r *Resolver, input map[string]any, create bool, dryRun *bool) (*T, []*graph.RecordChange, error) {
	if err := auth.RequireWrite(ctx); err != nil {
		return nil, nil, err
	}
	rec, err := graph.DecodeRecord[T]("input", input)
	if err != nil {
		return nil, nil, err
	}
	res, err := r.write(ctx, &graph.Change{Put: graph.Single("input", rec), Create: create, DryRun: deref(dryRun, false)})
	if err != nil {
		return nil, nil, err
	}
	return written[T](res, graph.RefOf(rec))
}

// patchRecord sets the fields of the mutation's patch on the record ref names,
// and returns the record as written.
func patchRecord[T any](ctx context.Context, r *Resolver, ref graph.Ref, fields map[string]any, dryRun *bool) (*T, []*graph.RecordChange, error) {
	if err := auth.RequireWrite(ctx); err != nil {
		return nil, nil, err
	}
	raw, err := graph.PatchFields(fields)
	if err != nil {
		return nil, nil, err
	}
	res, err := r.write(ctx, &graph.Change{Patches: []graph.Patch{{Ref: ref, Fields: raw, Arg: "patch"}}, DryRun: deref(dryRun, false)})
	if err != nil {
		return nil, nil, err
	}
	// A patch of a relationship's key fields (a membership's since) moves
	// it to a new key: the record created in its section.
	for _, c := range res.Changes {
		if c.Section == ref.Section && c.Kind != graph.Deleted {
			ref = c.Ref
			break
		}
	}
	return written[T](res, ref)
}

// written finds the record a write left under ref.
func written[T any](res *graph.ChangeResult, ref graph.Ref) (*T, []*graph.RecordChange, error) {
	rec, ok := res.Dataset.Find(ref).(*T)
	if !ok {
		return nil, nil, graph.Errorf(graph.EINTERNAL, "the written record %s is not in the result", ref)
	}
	return rec, changes(res), nil
}

// remove deletes the record ref names.
func (r *Resolver) remove(ctx context.Context, ref graph.Ref, cascade, dryRun *bool) (*generated.WriteResult, error) {
	res, err := r.write(ctx, &graph.Change{Delete: []graph.Ref{ref}, Cascade: deref(cascade, false), DryRun: deref(dryRun, false)})
	if err != nil {
		return nil, err
	}
	return &generated.WriteResult{DryRun: deref(dryRun, false), Changes: changes(res), Summary: importCounts(res.Summary)}, nil
}

func changes(res *graph.ChangeResult) []*graph.RecordChange {
	out := make([]*graph.RecordChange, len(res.Changes))
	for i := range res.Changes {
		out[i] = &res.Changes[i]
	}
	return out
}
