package server

import (
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql/handler"
)

// Limits bound what one request may ask.
type Limits struct{}

// applyLimits sets the GraphQL handler's limits.
func applyLimits(h *handler.Server, l Limits) {}

// limitRequests applies the per-request HTTP limits.
func limitRequests(next http.Handler, l Limits, log *slog.Logger) http.Handler { return next }
