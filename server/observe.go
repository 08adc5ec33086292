package server

import (
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql/handler"

	"citynet/graph"
)

// Observability configures metrics, request logs, readiness and tracing.
type Observability struct{}

// observeStore instruments the store's calls.
func observeStore(store graph.Store, o Observability) graph.Store { return store }

// observeGraphQL instruments GraphQL operations.
func observeGraphQL(h *handler.Server, o Observability) {}

// observeRoutes adds the observability endpoints.
func observeRoutes(mux *http.ServeMux, store graph.Store, o Observability) {}

// observeRequests instruments every HTTP request.
func observeRequests(next http.Handler, o Observability, log *slog.Logger) http.Handler { return next }
