// Package server is the HTTP face of the API: the GraphQL endpoint (gqlgen
// with explicit transports), GraphiQL served from the binary, CORS, health
// checks, and the one error presenter that turns domain error codes into
// GraphQL extensions.code.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"citynet/graph"
	"citynet/graph/generated"
	"citynet/resolvers"
	"citynet/web/graphiql"
)

// Options configure the handler.
type Options struct {
	// CORSOrigins are the origins allowed to call the API from a browser;
	// entries may hold one "*" wildcard ("http://localhost:*").
	CORSOrigins []string
	// MaxBodyBytes bounds a request body.
	MaxBodyBytes int64
	Logger       *slog.Logger
}

// DefaultCORSOrigins allow dashboards served from this machine.
var DefaultCORSOrigins = []string{
	"http://localhost", "http://localhost:*",
	"http://127.0.0.1", "http://127.0.0.1:*",
	"http://[::1]", "http://[::1]:*",
}

// New returns the HTTP handler for the whole API.
func New(store graph.Store, opts Options) http.Handler {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	gql := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: &resolvers.Resolver{Store: store}}))
	gql.AddTransport(transport.Options{})
	gql.AddTransport(transport.GET{})
	gql.AddTransport(transport.POST{})
	gql.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	gql.Use(extension.Introspection{})
	gql.SetErrorPresenter(func(ctx context.Context, err error) *gqlerror.Error { return presentError(ctx, err, log) })
	gql.SetRecoverFunc(func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "panic", p)
		return errors.New("panic") // presented as INTERNAL_SERVER_ERROR
	})

	page := graphiql.Handler("/graphql", "/graphiql/")
	mux := http.NewServeMux()
	mux.Handle("/graphql", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if graphiql.WantsHTML(r) {
			page.ServeHTTP(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, opts.MaxBodyBytes)
		gql.ServeHTTP(w, r)
	}))
	mux.Handle("/graphiql/", http.StripPrefix("/graphiql/", graphiql.Assets()))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/graphql", http.StatusFound)
	})

	origins := opts.CORSOrigins
	if origins == nil {
		origins = DefaultCORSOrigins
	}
	c := cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: []string{"Content-Type", "Authorization", "Accept"},
		MaxAge:         int((10 * time.Minute).Seconds()),
	})
	return c.Handler(mux)
}

// GraphQL error codes (extensions.code), as DESIGN.md lists them.
var codes = map[string]string{
	graph.ENOTFOUND:        "NOT_FOUND",
	graph.EINVALID:         "BAD_USER_INPUT",
	graph.ECONFLICT:        "CONFLICT",
	graph.EUNAUTHENTICATED: "UNAUTHENTICATED",
	graph.EFORBIDDEN:       "FORBIDDEN",
	graph.EINTERNAL:        "INTERNAL_SERVER_ERROR",
}

// presentError maps domain errors to their code and safe message. Errors
// gqlgen already coded (parse, validation) pass through; anything else is
// internal: logged in full, shown as "internal error".
func presentError(ctx context.Context, err error, log *slog.Logger) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	var de *graph.Error
	switch {
	case errors.As(err, &de):
		gerr.Message = de.Error()
		if gerr.Extensions == nil {
			gerr.Extensions = map[string]any{}
		}
		gerr.Extensions["code"] = codes[de.Code]
		if de.Field != "" {
			gerr.Extensions["field"] = de.Field
		}
		if de.Code != graph.EINTERNAL {
			return gerr
		}
	case gerr.Extensions["code"] != nil:
		return gerr
	}
	log.ErrorContext(ctx, "internal error", "error", err, "path", gerr.Path.String())
	gerr.Message = "internal error"
	gerr.Extensions = map[string]any{"code": "INTERNAL_SERVER_ERROR"}
	return gerr
}
