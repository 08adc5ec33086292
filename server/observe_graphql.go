package server

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// graphqlObserver is the gqlgen extension behind observeGraphQL: per
// operation it counts and times the operation (by name, type and outcome),
// notes the parsed-query cache and APQ, opens a span around execution and
// tells the request log the operation's name and error codes.
//
// It intercepts responses rather than operations because gqlgen answers
// parse and validation failures without running operation interceptors;
// a subscription's later events only add their error codes and spans.
type graphqlObserver struct {
	tracer   trace.Tracer // nil: no spans
	logQuery bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.ResponseInterceptor
} = graphqlObserver{}

func (graphqlObserver) ExtensionName() string                   { return "Observe" }
func (graphqlObserver) Validate(graphql.ExecutableSchema) error { return nil }

// subscriptionSeen marks a subscription whose first event was counted.
type subscriptionSeen struct{}

func (graphqlObserver) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if op := graphql.GetOperationContext(ctx).Operation; op != nil && op.Operation == ast.Subscription {
		ctx = context.WithValue(ctx, subscriptionSeen{}, new(atomic.Bool))
	}
	return next(ctx)
}

func (g graphqlObserver) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	start := time.Now()
	var rc *graphql.OperationContext
	if graphql.HasOperationContext(ctx) {
		rc = graphql.GetOperationContext(ctx)
	}
	name, opType, parsed := operationOf(rc)
	first := true
	if seen, ok := ctx.Value(subscriptionSeen{}).(*atomic.Bool); ok {
		first = !seen.Swap(true)
	}
	// A query's or mutation's time starts when the transport read it
	// (parse and validation included); a subscription event's when it
	// is produced.
	if first && opType != "subscription" && rc != nil && !rc.Stats.OperationStart.IsZero() {
		start = rc.Stats.OperationStart
	}

	var span trace.Span
	if g.tracer != nil {
		spanName := "graphql"
		if parsed {
			spanName = opType
			if name != "" {
				spanName += " " + name
			}
		}
		attrs := []attribute.KeyValue{attribute.String("graphql.operation.type", opType)}
		if parsed && name != "" {
			attrs = append(attrs, attribute.String("graphql.operation.name", name))
		}
		ctx, span = g.tracer.Start(ctx, spanName, trace.WithTimestamp(start), trace.WithAttributes(attrs...))
	}
	resp := next(ctx)
	if resp == nil { // end of a subscription's stream
		if span != nil {
			span.End()
		}
		return nil
	}
	errCodes := responseCodes(resp)
	if span != nil {
		if len(errCodes) > 0 {
			span.SetAttributes(attribute.StringSlice("graphql.error.codes", errCodes))
			span.SetStatus(otelcodes.Error, errCodes[0])
		} else if len(resp.Errors) > 0 {
			span.SetStatus(otelcodes.Error, "error")
		}
		span.End()
	}
	if info := requestInfoFrom(ctx); info != nil {
		info.mu.Lock()
		if !info.graphql {
			info.graphql, info.operation, info.opType = true, truncate(name, maxNameLen), opType
			if name == "" {
				info.operation = "anonymous"
				if !parsed {
					info.operation = "unknown"
				}
			}
			if g.logQuery && rc != nil {
				info.query = truncate(rc.RawQuery, maxLoggedQuery)
			}
		}
		info.addCodes(errCodes)
		info.mu.Unlock()
	}
	obs := observerFrom(ctx)
	if obs == nil || !first {
		return resp
	}
	label := "unknown"
	switch {
	case parsed && name == "":
		label = "anonymous"
	case name != "":
		label = obs.names.label(name, parsed)
	}
	outcome := outcomeOf(errCodes)
	if len(errCodes) == 0 && len(resp.Errors) > 0 {
		outcome = "error"
	}
	obs.operations.WithLabelValues(label, opType, outcome).Inc()
	if opType != "subscription" {
		obs.opDuration.WithLabelValues(label, opType).Observe(time.Since(start).Seconds())
	}
	if rc != nil && rc.Doc != nil {
		// gqlgen stamps a cache hit's parse end and validation start
		// with one clock reading; a parse reads the clock twice.
		if p := rc.Stats; p.Parsing.End.Equal(p.Validation.Start) {
			obs.queryCache.WithLabelValues("hit").Inc()
		} else {
			obs.queryCache.WithLabelValues("miss").Inc()
		}
	}
	if apq := extension.GetApqStats(ctx); apq != nil {
		if apq.SentQuery {
			obs.apq.WithLabelValues("register").Inc()
		} else {
			obs.apq.WithLabelValues("hit").Inc()
		}
	} else if outcome == "PERSISTED_QUERY_NOT_FOUND" {
		obs.apq.WithLabelValues("miss").Inc()
	}
	return resp
}

// operationOf names the operation: its name ("" when anonymous), its type,
// and whether it parsed. An operation that did not parse has the name the
// client gave (operationName) and type "unknown".
func operationOf(rc *graphql.OperationContext) (name, opType string, parsed bool) {
	switch {
	case rc == nil:
		return "", "unknown", false
	case rc.Operation == nil:
		return rc.OperationName, "unknown", false
	}
	return rc.Operation.Name, string(rc.Operation.Operation), true
}

// responseCodes lists the extensions.code of a response's errors.
func responseCodes(resp *graphql.Response) []string {
	var out []string
	for _, e := range resp.Errors {
		if c, ok := e.Extensions["code"].(string); ok && c != "" && !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
