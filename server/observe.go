package server

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"citynet/graph"
)

// Observability configures metrics, request logs, readiness and tracing.
// The zero value is the default: metrics at /metrics (public), one log
// line per request without the query text, /readyz, no tracing.
//
// New calls the four hooks below separately (observeStore, observeGraphQL,
// observeRoutes, observeRequests). What they share per server, the
// metrics registry, travels in the request's context from the outermost
// middleware, so every New has its own registry and no global state.
type Observability struct {
	// NoMetrics turns metrics off: nothing is recorded, /metrics is 404.
	NoMetrics bool
	// MetricsKey, when set, is what /metrics wants as
	// "Authorization: Bearer <key>" (and nothing else).
	MetricsKey string
	// MetricsPublic says whether /metrics answers anyone when there is no
	// MetricsKey; unset, it follows reads: public on a server whose
	// queries are public, else it wants an API key or token of the
	// server (any role), as a query would. Metrics tell operation names,
	// traffic and error rates: a server that hides its data by default
	// hides them too.
	MetricsPublic *bool
	// NoRequestLog turns the per-request log line off.
	NoRequestLog bool
	// LogQuery adds the GraphQL query text to request lines. Variables
	// are never logged.
	LogQuery bool
	// LogFormat ("" for auto, json, text) and LogLevel configure the
	// program's logger; the server does not read them (cmd/server builds
	// the logger it is given).
	LogFormat string
	LogLevel  slog.Level
	// ReadyTimeout bounds the store check of /readyz (0: 2s).
	ReadyTimeout time.Duration
	// TracerProvider traces requests, GraphQL operations and store calls;
	// nil: no tracing and no tracing cost.
	TracerProvider trace.TracerProvider
}

// tracer returns the server's tracer, nil when tracing is off.
func (o Observability) tracer() trace.Tracer {
	if o.TracerProvider == nil {
		return nil
	}
	return o.TracerProvider.Tracer("citynet/server")
}

func (o Observability) active() bool {
	return !o.NoMetrics || !o.NoRequestLog || o.TracerProvider != nil
}

// DefaultReadyTimeout is how long /readyz waits for the store by default.
const DefaultReadyTimeout = 2 * time.Second

// Bounds on label values: client-chosen operation names could otherwise
// grow the series without end.
const (
	maxOperationNames = 100
	maxNameLen        = 64
	maxLoggedQuery    = 4096
	maxLoggedCodes    = 5
	maxSniffedBody    = 4096
)

// observer holds one server's metrics and their private registry.
type observer struct {
	reg     *prometheus.Registry
	handler http.Handler

	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	inFlight    prometheus.Gauge
	rateLimited *prometheus.CounterVec
	operations  *prometheus.CounterVec
	opDuration  *prometheus.HistogramVec
	queryCache  *prometheus.CounterVec
	apq         *prometheus.CounterVec
	storeCalls  *prometheus.HistogramVec

	names nameSet
}

var (
	httpBuckets  = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}
	storeBuckets = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}
)

func newObserver() *observer {
	reg := prometheus.NewRegistry()
	f := func(c prometheus.Collector) { reg.MustRegister(c) }
	o := &observer{reg: reg, names: nameSet{names: map[string]bool{}, max: maxOperationNames}}
	o.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "citynet_http_requests_total",
		Help: "HTTP requests by route, method and status."}, []string{"route", "method", "status"})
	o.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "citynet_http_request_duration_seconds",
		Help: "HTTP request latency by route and method.", Buckets: httpBuckets}, []string{"route", "method"})
	o.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{Name: "citynet_http_requests_in_flight",
		Help: "HTTP requests being served."})
	o.rateLimited = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "citynet_http_rate_limited_total",
		Help: "Requests refused with 429 Too Many Requests, by route."}, []string{"route"})
	o.operations = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "citynet_graphql_operations_total",
		Help: `GraphQL operations by operation name, type and outcome ("ok" or the first error's code).`},
		[]string{"operation", "type", "outcome"})
	o.opDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "citynet_graphql_operation_duration_seconds",
		Help: "GraphQL operation latency (parse, validate, execute) by operation name and type.", Buckets: httpBuckets},
		[]string{"operation", "type"})
	o.queryCache = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "citynet_graphql_query_cache_total",
		Help: "Parsed-query cache lookups: hit (parse and validation skipped) or miss."}, []string{"result"})
	o.apq = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "citynet_graphql_apq_total",
		Help: "Automatic persisted queries: hit (sent by hash), register (sent in full) or miss (hash unknown)."},
		[]string{"result"})
	o.storeCalls = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "citynet_store_call_duration_seconds",
		Help: "Store call latency by method and outcome (ok or the domain error code).", Buckets: storeBuckets},
		[]string{"method", "outcome"})
	for _, c := range []prometheus.Collector{o.requests, o.duration, o.inFlight, o.rateLimited, o.operations,
		o.opDuration, o.queryCache, o.apq, o.storeCalls,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		f(c)
	}
	// Zero series for the counters an alert would watch, so that a rate
	// over them exists before the first event.
	for _, r := range []string{"hit", "miss"} {
		o.queryCache.WithLabelValues(r)
	}
	for _, r := range []string{"hit", "register", "miss"} {
		o.apq.WithLabelValues(r)
	}
	o.rateLimited.WithLabelValues("/graphql")
	o.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
	return o
}

// nameSet admits up to max operation names as label values; later new
// names are "other".
type nameSet struct {
	mu    sync.Mutex
	names map[string]bool
	max   int
}

// label is the label value for an operation name. Only names of operations
// that parsed and validated are admitted (admit), so junk sent as
// operationName never takes a place.
func (s *nameSet) label(name string, admit bool) string {
	if !validName(name) {
		return "other"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.names[name] {
		return name
	}
	if admit && len(s.names) < s.max {
		s.names[name] = true
		return name
	}
	return "other"
}

// validName reports whether s is a GraphQL name of at most maxNameLen bytes.
func validName(s string) bool {
	if s == "" || len(s) > maxNameLen {
		return false
	}
	for i, c := range []byte(s) {
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// validCode reports whether s looks like an extensions.code
// (UPPER_SNAKE_CASE, at most 40 bytes): anything else is counted as
// "error".
func validCode(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i, c := range []byte(s) {
		if !(c == '_' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

type observerKey struct{}

// observerFrom returns the metrics of the server serving ctx's request,
// nil when metrics are off or ctx is not a request's.
func observerFrom(ctx context.Context) *observer {
	o, _ := ctx.Value(observerKey{}).(*observer)
	return o
}

// requestInfo is what inner layers tell the request log and metrics: the
// GraphQL operation, its error codes, why a probe failed.
type requestInfo struct {
	mu        sync.Mutex
	graphql   bool // an operation reached the GraphQL executor
	operation string
	opType    string
	query     string
	codes     []string
	detail    string
}

func (i *requestInfo) addCodes(codes []string) {
	for _, c := range codes {
		if len(i.codes) >= maxLoggedCodes {
			return
		}
		if !contains(i.codes, c) {
			i.codes = append(i.codes, c)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type requestInfoKey struct{}

func requestInfoFrom(ctx context.Context) *requestInfo {
	i, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return i
}

// observeGraphQL instruments GraphQL operations (observe_graphql.go).
func observeGraphQL(h *handler.Server, o Observability) {
	if o.active() {
		h.Use(graphqlObserver{tracer: o.tracer(), logQuery: o.LogQuery && !o.NoRequestLog})
	}
}

// observeRoutes adds the observability endpoints: /readyz always, /metrics
// when metrics are on.
func observeRoutes(mux *http.ServeMux, store graph.Store, o Observability, needCredential func(http.Handler) http.Handler) {
	timeout := o.ReadyTimeout
	if timeout <= 0 {
		timeout = DefaultReadyTimeout
	}
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		reason, detail := ready(r.Context(), store, timeout)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		type answer struct {
			Status string `json:"status"`
			Reason string `json:"reason,omitempty"`
		}
		if reason == "" {
			json.NewEncoder(w).Encode(answer{Status: "ready"})
			return
		}
		if i := requestInfoFrom(r.Context()); i != nil {
			i.mu.Lock()
			i.detail = detail
			i.mu.Unlock()
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		json.NewEncoder(w).Encode(answer{Status: "not ready", Reason: reason})
	})
	if o.NoMetrics {
		return
	}
	var keyHash [sha256.Size]byte
	if o.MetricsKey != "" {
		keyHash = sha256.Sum256([]byte(o.MetricsKey))
	}
	metrics := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o.MetricsKey != "" {
			token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			got := sha256.Sum256([]byte(strings.TrimSpace(token)))
			if !ok || subtle.ConstantTimeCompare(got[:], keyHash[:]) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="citynet metrics"`)
				http.Error(w, "/metrics needs the metrics key: Authorization: Bearer <key>", http.StatusUnauthorized)
				return
			}
		}
		obs := observerFrom(r.Context())
		if obs == nil {
			// Only reachable when the mux is served without
			// observeRequests around it.
			http.Error(w, "metrics are not recorded by this handler", http.StatusNotFound)
			return
		}
		obs.handler.ServeHTTP(w, r)
	})
	if o.MetricsKey == "" && o.MetricsPublic != nil && !*o.MetricsPublic {
		mux.Handle("GET /metrics", needCredential(metrics))
		return
	}
	mux.Handle("GET /metrics", metrics)
}

// ready checks that the store answers within timeout and holds at least
// one node. It returns "" when ready, else a reason safe to show anyone
// and the detail for the log.
func ready(ctx context.Context, store graph.Store, timeout time.Duration) (reason, detail string) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// One call both reaches the backend and counts the nodes: Stats (the
	// memory store keeps it per version; Neo4j runs a few aggregate reads).
	st, err := store.Stats(ctx)
	switch {
	case err != nil && ctx.Err() != nil:
		return fmt.Sprintf("store did not answer within %v", timeout), err.Error()
	case err != nil:
		return "store unreachable", err.Error()
	}
	n := 0
	for _, c := range st.NodeCounts {
		n += c.Count
	}
	if n == 0 {
		return "dataset not loaded: the store holds no nodes", ""
	}
	return "", ""
}

// observeRequests instruments every HTTP request: the metrics registry and
// request record in its context, a span, the request line in the log.
func observeRequests(next http.Handler, o Observability, log *slog.Logger) http.Handler {
	if !o.active() {
		return next
	}
	var obs *observer
	if !o.NoMetrics {
		obs = newObserver()
	}
	tracer := o.tracer()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		route := routeOf(r.URL.Path)
		method := methodOf(r.Method)
		info := &requestInfo{}
		ctx := context.WithValue(r.Context(), requestInfoKey{}, info)
		if obs != nil {
			ctx = context.WithValue(ctx, observerKey{}, obs)
			obs.inFlight.Inc()
			defer obs.inFlight.Dec()
		}
		var span trace.Span
		if tracer != nil {
			ctx = propagation.TraceContext{}.Extract(ctx, propagation.HeaderCarrier(r.Header))
			ctx, span = tracer.Start(ctx, method+" "+route, trace.WithSpanKind(trace.SpanKindServer),
				trace.WithAttributes(attribute.String("http.request.method", method),
					attribute.String("http.route", route), attribute.String("url.path", truncate(r.URL.Path, 200))))
			defer span.End()
		}
		rec := &responseRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(ctx))
		elapsed := time.Since(start)
		status := rec.statusCode()

		info.mu.Lock()
		if !info.graphql && len(info.codes) == 0 && rec.sniff.Len() > 0 {
			info.addCodes(bodyCodes(rec.sniff.Bytes()))
		}
		errCodes := append([]string(nil), info.codes...)
		isGraphQL, operation, opType, query, detail := info.graphql, info.operation, info.opType, info.query, info.detail
		info.mu.Unlock()

		if span != nil {
			span.SetAttributes(attribute.Int("http.response.status_code", status))
			if status >= 500 {
				span.SetStatus(otelcodes.Error, http.StatusText(status))
			}
		}
		if obs != nil {
			statusText := strconv.Itoa(status)
			obs.requests.WithLabelValues(route, method, statusText).Inc()
			obs.duration.WithLabelValues(route, method).Observe(elapsed.Seconds())
			if status == http.StatusTooManyRequests {
				obs.rateLimited.WithLabelValues(route).Inc()
			}
			// A GraphQL request refused before it reached the executor
			// (no key, over a limit, a bad body) still counts as an
			// operation, of unknown name.
			if route == "/graphql" && !isGraphQL && status >= 400 {
				obs.operations.WithLabelValues("unknown", "unknown", outcomeOf(errCodes)).Inc()
			}
		}
		if o.NoRequestLog {
			return
		}
		attrs := make([]slog.Attr, 0, 12)
		attrs = append(attrs, slog.String("method", method), slog.String("route", route),
			slog.String("path", truncate(r.URL.Path, 200)), slog.Int("status", status),
			slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000), slog.Int64("bytes", rec.bytes))
		if isGraphQL {
			attrs = append(attrs, slog.String("operation", operation), slog.String("operation_type", opType))
		}
		if len(errCodes) > 0 {
			attrs = append(attrs, slog.Any("codes", errCodes))
		}
		if query != "" {
			attrs = append(attrs, slog.String("query", query))
		}
		if detail != "" {
			attrs = append(attrs, slog.String("error", detail))
		}
		if sc := trace.SpanContextFromContext(ctx); sc.IsSampled() {
			attrs = append(attrs, slog.String("trace_id", sc.TraceID().String()))
		}
		log.LogAttrs(ctx, requestLevel(route, status), "request", attrs...)
	})
}

// requestLevel: probes and scrapes that succeed are debug (they come every
// few seconds), a failing readiness probe is a warning, server errors are
// errors, the rest info.
func requestLevel(route string, status int) slog.Level {
	probe := route == "/healthz" || route == "/readyz" || route == "/metrics"
	switch {
	case probe && status < 400:
		return slog.LevelDebug
	case route == "/readyz":
		return slog.LevelWarn
	case status >= 500:
		return slog.LevelError
	}
	return slog.LevelInfo
}

// knownRoutes are the server's routes as metric labels; any other path is
// "other", so that scanners probing random paths add no series.
var knownRoutes = map[string]bool{
	"/": true, "/graphql": true, "/healthz": true, "/readyz": true, "/metrics": true,
	"/export/graphml": true, "/export/nodes.csv": true, "/export/edges.csv": true, "/export/csv": true,
	"/export/cities.geojson": true, "/import": true,
}

func routeOf(path string) string {
	switch {
	case knownRoutes[path]:
		return path
	case strings.HasPrefix(path, "/graphiql/"):
		return "/graphiql/"
	case strings.HasPrefix(path, "/explorer/"):
		return "/explorer/"
	}
	return "other"
}

func methodOf(m string) string {
	switch m {
	case http.MethodGet, http.MethodPost, http.MethodHead, http.MethodOptions, http.MethodPut,
		http.MethodDelete, http.MethodPatch:
		return m
	}
	return "other"
}

// outcomeOf is the outcome label of a list of error codes.
func outcomeOf(codes []string) string {
	switch {
	case len(codes) == 0:
		return "ok"
	case validCode(codes[0]):
		return codes[0]
	}
	return "error"
}

// bodyCodes reads errors[].extensions.code from a JSON error answer
// written outside the GraphQL executor (401, 413, 429 …).
func bodyCodes(body []byte) []string {
	var v struct {
		Errors []struct {
			Extensions struct {
				Code any `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	var out []string
	for _, e := range v.Errors {
		if c, ok := e.Extensions.Code.(string); ok && validCode(c) {
			out = append(out, c)
		}
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 { // do not cut a UTF-8 sequence
		n--
	}
	return s[:n] + "…"
}

// responseRecorder notes the status and size of an answer and keeps the
// start of small JSON error bodies (to read their codes). It passes
// Flush, Hijack and Unwrap through for streaming, WebSocket and
// http.ResponseController.
type responseRecorder struct {
	http.ResponseWriter
	status   int
	bytes    int64
	sniffing bool
	sniff    bytes.Buffer
}

func (w *responseRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		h := w.Header()
		w.sniffing = code >= 400 && strings.Contains(h.Get("Content-Type"), "json") && h.Get("Content-Encoding") == ""
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *responseRecorder) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.sniffing && w.sniff.Len() < maxSniffedBody {
		w.sniff.Write(p[:min(len(p), maxSniffedBody-w.sniff.Len())])
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

func (w *responseRecorder) statusCode() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

func (w *responseRecorder) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *responseRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err == nil && w.status == 0 {
		w.status = http.StatusSwitchingProtocols
	}
	return conn, rw, err
}

func (w *responseRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }
