package server

import (
	"net/http"

	"github.com/99designs/gqlgen/graphql/handler"

	"citynet/graph"
)

// Caching configures persisted queries, HTTP caching and compression.
type Caching struct{}

// applyCaching sets the GraphQL handler's caches.
func applyCaching(h *handler.Server, c Caching) {}

// cacheHeaders adds HTTP caching to GraphQL GET answers.
func cacheHeaders(next http.Handler, store graph.Store, c Caching) http.Handler { return next }

// compress compresses answers for clients that accept it.
func compress(next http.Handler, c Caching) http.Handler { return next }
