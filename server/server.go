// Package server is the HTTP face of the API: the GraphQL endpoint (gqlgen
// with explicit transports), GraphiQL served from the binary, CORS, health
// checks, and the one error presenter that turns domain error codes into
// GraphQL extensions.code.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"citynet/auth"
	"citynet/documents"
	"citynet/export"
	"citynet/graph"
	"citynet/web/explorer"
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
	// Auth checks API keys and tokens. Reads are public unless
	// ReadsNeedKey: then every GraphQL and export request needs one.
	Auth         auth.Authenticator
	ReadsNeedKey bool
	// MaxImportBytes bounds a POST /import body (default 64 MiB).
	MaxImportBytes int64
	// ImportTimeout bounds an import, POST /import (reading the body
	// included) or importDataset (default graph.DefaultImportTimeout;
	// negative: no bound).
	ImportTimeout time.Duration
	// Limits on what one request may ask (limits.go).
	Limits Limits
	// Cache: persisted queries, HTTP caching, compression (cache.go).
	Cache Caching
	// Observe: metrics, request logs, readiness, tracing (observe.go).
	Observe Observability
	// LoaderWait is how long dataloaders collect keys before reading them
	// (0: resolvers.DefaultLoaderWait).
	LoaderWait time.Duration
	// LLM is the optional model-backed document reader (nil: off; the
	// rules read documents alone).
	LLM  *documents.LLM
	feed *feed // tests: the change feed to use
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
	changes := opts.feed
	if changes == nil {
		changes = newFeed()
	}
	raw := store
	store = auditedStore{publishingStore{observeStore(store, opts.Observe), changes}, log}
	docs := documentService(raw, store, opts.LLM, log)
	gql := newGraphQL(store, changes, docs, opts, log)

	page := graphiql.Handler("/graphql", "/graphiql/")
	// The caller's key (if any) is checked before GraphQL or an export
	// runs; the GraphiQL page itself, its assets and /healthz are public.
	authn := opts.Auth.Middleware(!opts.ReadsNeedKey, denyUnauthenticated)
	// A WebSocket without an Authorization header authenticates in its
	// connection_init message instead (ws.go).
	authnGraphQL := func(next http.Handler) http.Handler {
		checked := authn(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if isWebSocket(r) && r.Header.Get("Authorization") == "" {
				next.ServeHTTP(w, r)
				return
			}
			checked.ServeHTTP(w, r)
		})
	}
	// Caching runs after authentication, so a 304 is only ever answered
	// to a caller who may still read.
	api := protocol(authnGraphQL(cacheHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, opts.MaxBodyBytes)
		if !checkBody(w, r) {
			return
		}
		gql.ServeHTTP(w, r)
	}), store, opts.Cache)), opts)
	mux := http.NewServeMux()
	mux.Handle("/graphql", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if graphiql.WantsHTML(r) {
			page.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	}))
	mux.Handle("/graphiql/", http.StripPrefix("/graphiql/", graphiql.Assets()))
	if opts.Observe.MetricsPublic == nil {
		public := !opts.ReadsNeedKey
		opts.Observe.MetricsPublic = &public
	}
	observeRoutes(mux, store, opts.Observe, opts.Auth.Middleware(false, denyUnauthenticated))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"status": "ok"})
	})
	// The explorer (web/explorer): the page at "/", its files under /explorer/.
	mux.Handle("GET /{$}", explorer.Handler())
	mux.Handle(explorer.Prefix, http.StripPrefix(explorer.Prefix, explorer.Assets()))
	mux.Handle("GET /export/graphml", authn(exportHandler(store, log, export.GraphML, "application/graphml+xml; charset=utf-8", "citynet.graphml")))
	mux.Handle("GET /export/nodes.csv", authn(exportHandler(store, log, export.NodesCSV, "text/csv; charset=utf-8", "citynet-nodes.csv")))
	mux.Handle("GET /export/edges.csv", authn(exportHandler(store, log, export.EdgesCSV, "text/csv; charset=utf-8", "citynet-edges.csv")))
	// RFC 7946 registers application/geo+json with no charset: GeoJSON is UTF-8.
	mux.Handle("GET /export/cities.geojson", authn(exportHandler(store, log, export.GeoJSON, "application/geo+json", "citynet-cities.geojson")))
	if opts.MaxImportBytes <= 0 {
		opts.MaxImportBytes = 64 << 20
	}
	if opts.ImportTimeout == 0 {
		opts.ImportTimeout = graph.DefaultImportTimeout
	}
	// /import answers a refused credential in its own error shape.
	importAuthn := opts.Auth.Middleware(!opts.ReadsNeedKey, func(w http.ResponseWriter, _ *http.Request, msg string) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="citynet"`)
		importError(w, http.StatusUnauthorized, msg, map[string]any{"code": codes[graph.EUNAUTHENTICATED]})
	})
	mux.Handle("POST /import", importAuthn(importHandler(store, log, opts.MaxImportBytes, opts.ImportTimeout)))
	mux.Handle("POST /documents", authn(documentsHandler(docs, log)))
	// /export/csv?table=nodes|edges: the same two lists under one address.
	mux.HandleFunc("GET /export/csv", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("table") {
		case "nodes":
			http.Redirect(w, r, "/export/nodes.csv", http.StatusFound)
		case "edges":
			http.Redirect(w, r, "/export/edges.csv", http.StatusFound)
		default:
			http.Error(w, "say which list: /export/csv?table=nodes or /export/csv?table=edges", http.StatusBadRequest)
		}
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
	return observeRequests(c.Handler(limitRequests(compress(mux, opts.Cache), opts.Limits, log)), opts.Observe, log)
}

// checkBody reads a JSON POST body up front so that a body over the limit
// (413) or one that is not a GraphQL request (400) gets a BAD_USER_INPUT
// answer: gqlgen reports both as uncoded errors, which the presenter would
// have to show as INTERNAL_SERVER_ERROR (and an oversized body with a 200).
// It decodes exactly as gqlgen's POST transport does; on success r.Body is
// replaced by the bytes read.
func checkBody(w http.ResponseWriter, r *http.Request) bool {
	if !(transport.POST{}).Supports(r) {
		return true
	}
	body, err := io.ReadAll(r.Body)
	status, msg, field := http.StatusBadRequest, "", ""
	if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
		status, msg = http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is larger than %d bytes", mbe.Limit)
	} else if err != nil {
		msg = "could not read the request body"
	} else {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		err := dec.Decode(&graphql.RawParams{})
		if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && te.Field != "" {
			field, msg = te.Field, fmt.Sprintf("request body: %q must not be a JSON %s", te.Field, te.Value)
		} else if ok {
			msg = "request body must be a JSON object like {\"query\": \"...\"}"
		} else if err != nil {
			msg = "request body is not valid JSON: " + err.Error()
		}
	}
	if msg == "" {
		r.Body = io.NopCloser(bytes.NewReader(body))
		return true
	}
	w.Header().Set("Content-Type", "application/json")
	ext := map[string]any{"code": codes[graph.EINVALID]}
	if field != "" {
		ext["field"] = field
	}
	transport.SendError(w, status, &gqlerror.Error{Message: msg, Extensions: ext})
	return false
}

// denyUnauthenticated answers 401 with a GraphQL error coded
// UNAUTHENTICATED and the Bearer challenge.
func denyUnauthenticated(w http.ResponseWriter, _ *http.Request, msg string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="citynet"`)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	transport.SendError(w, http.StatusUnauthorized, &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": codes[graph.EUNAUTHENTICATED]}})
}

// GraphQL error codes (extensions.code), as DESIGN.md lists them.
var codes = map[string]string{
	graph.ENOTFOUND:        "NOT_FOUND",
	graph.EINVALID:         "BAD_USER_INPUT",
	graph.ECONFLICT:        "CONFLICT",
	graph.EUNAUTHENTICATED: "UNAUTHENTICATED",
	graph.EFORBIDDEN:       "FORBIDDEN",
	graph.EINTERNAL:        "INTERNAL_SERVER_ERROR",
	graph.ENOTIMPLEMENTED:  "NOT_IMPLEMENTED",
	graph.EUNAVAILABLE:     "SERVICE_UNAVAILABLE",
	graph.ETIMEOUT:         codeTimeout,
}

// presentError maps domain errors to their code and safe message. Errors
// gqlgen already coded (parse, validation) pass through; anything else is
// internal: logged in full, shown as "internal error".
func presentError(ctx context.Context, err error, log *slog.Logger) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	var de *graph.Error
	var dse *graph.DatasetError
	switch {
	case errors.As(err, &dse):
		// A write's problems, every one with its place: for a record
		// given as a mutation argument, the input path ("input.until").
		gerr.Message = refusedMessage(dse)
		gerr.Extensions = problemExtensions(dse)
		if p := dse.Problems[0]; p.Path != "" {
			gerr.Message = fmt.Sprintf("%s: %s", p.Path, p.Message)
			if n := dse.Count() - 1; n > 0 {
				gerr.Message += fmt.Sprintf(" (and %d more problem(s)); nothing was written", n)
			}
			gerr.Extensions["field"] = p.Path
		}
		return gerr
	case errors.As(err, &de):
		code, ok := codes[de.Code]
		if !ok || de.Code == graph.EINTERNAL {
			break // unknown codes are programming errors: internal
		}
		// gqlgen reports a bad argument value with the argument's path
		// (createMembership.input.since): the field is that path below
		// the root field.
		if de.Field == "" && isArgumentPath(ctx, gerr.Path) {
			de = &graph.Error{Code: de.Code, Field: pathBelowRoot(gerr.Path), Message: de.Message, Extensions: de.Extensions}
		}
		gerr.Message = de.Error()
		if gerr.Extensions == nil {
			gerr.Extensions = map[string]any{}
		}
		gerr.Extensions["code"] = code
		if de.Field != "" {
			gerr.Extensions["field"] = de.Field
		}
		for k, v := range de.Extensions {
			gerr.Extensions[k] = v
		}
		return gerr
	case gerr.Extensions["code"] != nil:
		return gerr
	}
	log.ErrorContext(ctx, "internal error", "error", err, "path", gerr.Path.String())
	gerr.Message = "internal error"
	gerr.Extensions = map[string]any{"code": "INTERNAL_SERVER_ERROR"}
	return gerr
}

// exportWriteWindow is how long each write of an export may take. It
// replaces the server's overall WriteTimeout for export responses, which a
// large graph sent to a slow client could outlast while still making
// progress.
const exportWriteWindow = time.Minute

// exportHandler streams an export of the whole graph as a file download,
// with the request's context (a client that goes away stops the walk).
// Once the first byte has gone out the status is sent, so a later failure
// can only be logged (the body is cut short, which a parser will notice);
// a failure before that gets a 500. HEAD gets the headers only.
func exportHandler(store graph.Store, log *slog.Logger, write func(context.Context, io.Writer, graph.Store) error,
	contentType, filename string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", contentType)
		h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
		h.Set("X-Content-Type-Options", "nosniff")
		if r.Method == http.MethodHead {
			return
		}
		ew := &exportWriter{w: w, rc: http.NewResponseController(w)}
		err := write(r.Context(), ew, store)
		switch {
		case err == nil:
		case ew.n == 0:
			log.ErrorContext(r.Context(), "export failed", "path", r.URL.Path, "error", err)
			h.Del("Content-Disposition")
			http.Error(w, "export failed", http.StatusInternalServerError)
		case r.Context().Err() != nil:
			log.InfoContext(r.Context(), "export cancelled", "path", r.URL.Path, "bytes", ew.n, "error", err)
		default:
			log.ErrorContext(r.Context(), "export failed after the response started", "path", r.URL.Path, "bytes", ew.n, "error", err)
		}
	})
}

// exportWriter counts the bytes sent and gives each write its own deadline.
type exportWriter struct {
	w  http.ResponseWriter
	rc *http.ResponseController
	n  int64
}

func (e *exportWriter) Write(p []byte) (int, error) {
	e.rc.SetWriteDeadline(time.Now().Add(exportWriteWindow)) // ErrNotSupported by some writers: keep their deadline
	n, err := e.w.Write(p)
	e.n += int64(n)
	return n, err
}

// isArgumentPath reports whether p points into an argument of a root
// field of the operation (createCity.input.name), not into a response.
func isArgumentPath(ctx context.Context, p ast.Path) bool {
	if len(p) < 2 || !graphql.HasOperationContext(ctx) {
		return false
	}
	root, ok1 := p[0].(ast.PathName)
	arg, ok2 := p[1].(ast.PathName)
	if !ok1 || !ok2 {
		return false
	}
	for _, sel := range graphql.GetOperationContext(ctx).Operation.SelectionSet {
		if f, ok := sel.(*ast.Field); ok && f.Alias == string(root) && f.Arguments.ForName(string(arg)) != nil {
			return true
		}
	}
	return false
}

// pathBelowRoot writes an argument's path without its root field:
// "input.sources[0].source".
func pathBelowRoot(p ast.Path) string {
	var b strings.Builder
	for _, e := range p[1:] {
		switch e := e.(type) {
		case ast.PathName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(e))
		case ast.PathIndex:
			fmt.Fprintf(&b, "[%d]", int(e))
		}
	}
	return b.String()
}
