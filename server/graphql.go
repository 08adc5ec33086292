package server

import (
	"context"
	"errors"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"citynet/documents"
	"citynet/graph"
	"citynet/graph/generated"
	"citynet/resolvers"
)

// newGraphQL builds the GraphQL handler: the executable schema over the
// store, its transports (protocol.go; WebSocket for subscriptions: ws.go),
// limits (limits.go), caches
// (cache.go), instrumentation (observe.go), the error presenter and the
// per-operation dataloaders.
func newGraphQL(store graph.Store, changes resolvers.Feed, docs *documents.Service, opts Options, log *slog.Logger) *handler.Server {
	gql := handler.New(generated.NewExecutableSchema(withComplexity(generated.Config{Resolvers: &resolvers.Resolver{Store: store, Feed: changes, Documents: docs, ImportTimeout: opts.ImportTimeout}})))
	addTransports(gql, opts)
	gql.AddTransport(websocketTransport(opts))
	gql.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	gql.Use(extension.Introspection{})
	applyLimits(gql, opts.Limits)
	applyCaching(gql, opts.Cache)
	observeGraphQL(gql, opts.Observe)
	gql.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		return next(resolvers.WithLoaders(ctx, store, opts.LoaderWait))
	})
	gql.SetErrorPresenter(func(ctx context.Context, err error) *gqlerror.Error { return presentError(ctx, err, log) })
	gql.SetRecoverFunc(func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "panic", p)
		return errors.New("panic") // presented as INTERNAL_SERVER_ERROR
	})
	return gql
}
