package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"citynet/auth"
	"citynet/data"
	"citynet/graph"
	"citynet/graph/memory"
)

// MustMemoryStore is the embedded store over the bundled dataset.
func MustMemoryStore(tb testing.TB) graph.Store {
	tb.Helper()
	ds, err := data.Load()
	if err != nil {
		tb.Fatalf("data.Load: got error %v, want nil", err)
	}
	store, err := memory.New(ds)
	if err != nil {
		tb.Fatalf("memory.New: got error %v, want nil", err)
	}
	tb.Cleanup(func() { store.Close() })
	return store
}

var discardLogger = slog.New(slog.DiscardHandler)

// MustServe sends req to h and returns the status and body.
func MustServe(tb testing.TB, h http.Handler, req *http.Request) (int, string) {
	tb.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Code, w.Body.String()
}

// MustGraphQL POSTs a GraphQL request to h.
func MustGraphQL(tb testing.TB, h http.Handler, query string, vars map[string]any, header ...string) (int, string) {
	tb.Helper()
	b, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		tb.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return MustServe(tb, h, req)
}

// MustMetrics scrapes h's /metrics.
func MustMetrics(tb testing.TB, h http.Handler) string {
	tb.Helper()
	status, body := MustServe(tb, h, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if status != http.StatusOK {
		tb.Fatalf("GET /metrics: got %d, want 200: %s", status, body)
	}
	return body
}

// metricValue finds the sample of name with exactly these labels in a
// Prometheus text exposition.
func metricValue(text, name string, labels map[string]string) (float64, bool) {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%q", k, labels[k])
	}
	series := name
	if len(parts) > 0 {
		series += "{" + strings.Join(parts, ",") + "}"
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			return f, err == nil
		}
	}
	return 0, false
}

// MustMetric wants the series to have value want.
func MustMetric(tb testing.TB, text, name string, labels map[string]string, want float64) {
	tb.Helper()
	got, ok := metricValue(text, name, labels)
	if !ok {
		tb.Errorf("%s%v: missing from /metrics", name, labels)
	} else if got != want {
		tb.Errorf("%s%v: got %v, want %v", name, labels, got, want)
	}
}

func TestObserve_Metrics(t *testing.T) {
	h := New(MustMemoryStore(t), Options{Logger: discardLogger})
	const named = `query CityPage { city(id: "krakow") { id name } }`
	for range 2 { // the second is a query-cache hit
		if status, body := MustGraphQL(t, h, named, nil); status != http.StatusOK || strings.Contains(body, "errors") {
			t.Fatalf("query: got %d %s", status, body)
		}
	}
	MustGraphQL(t, h, `{ city(id: "krakow") { id } }`, nil)
	MustGraphQL(t, h, `query Missing { city(id: "atlantis") { id } }`, nil)
	MustGraphQL(t, h, `query Broken { city(`, nil)
	MustServe(t, h, httptest.NewRequest(http.MethodGet, "/no/such/page", nil))

	m := MustMetrics(t, h)
	op := func(name, typ, outcome string) map[string]string {
		return map[string]string{"operation": name, "type": typ, "outcome": outcome}
	}
	t.Run("Operations", func(t *testing.T) {
		MustMetric(t, m, "citynet_graphql_operations_total", op("CityPage", "query", "ok"), 2)
		MustMetric(t, m, "citynet_graphql_operations_total", op("anonymous", "query", "ok"), 1)
		MustMetric(t, m, "citynet_graphql_operations_total", op("Missing", "query", "NOT_FOUND"), 1)
		// A name that did not parse is not admitted as a label value.
		MustMetric(t, m, "citynet_graphql_operations_total", op("unknown", "unknown", "GRAPHQL_PARSE_FAILED"), 1)
		MustMetric(t, m, "citynet_graphql_operation_duration_seconds_count", map[string]string{"operation": "CityPage", "type": "query"}, 2)
	})
	t.Run("HTTP", func(t *testing.T) {
		MustMetric(t, m, "citynet_http_requests_total", map[string]string{"route": "/graphql", "method": "POST", "status": "200"}, 4)
		MustMetric(t, m, "citynet_http_requests_total", map[string]string{"route": "other", "method": "GET", "status": "404"}, 1)
		MustMetric(t, m, "citynet_http_request_duration_seconds_count", map[string]string{"route": "/graphql", "method": "POST"}, 5)
		// The scrape itself is in flight while it is written.
		MustMetric(t, m, "citynet_http_requests_in_flight", nil, 1)
	})
	t.Run("Store", func(t *testing.T) {
		MustMetric(t, m, "citynet_store_call_duration_seconds_count", map[string]string{"method": "City", "outcome": "ok"}, 3)
		MustMetric(t, m, "citynet_store_call_duration_seconds_count", map[string]string{"method": "City", "outcome": "not_found"}, 1)
		if !strings.Contains(m, `citynet_store_call_duration_seconds_bucket{method="City",outcome="ok",le="0.001"}`) {
			t.Errorf("store histogram buckets missing:\n%s", grepLines(m, "citynet_store"))
		}
	})
	t.Run("QueryCache", func(t *testing.T) {
		MustMetric(t, m, "citynet_graphql_query_cache_total", map[string]string{"result": "hit"}, 1)
		MustMetric(t, m, "citynet_graphql_query_cache_total", map[string]string{"result": "miss"}, 3)
	})
	t.Run("Runtime", func(t *testing.T) {
		for _, name := range []string{"go_goroutines", "process_cpu_seconds_total"} {
			if !strings.Contains(m, "\n"+name+" ") {
				t.Errorf("%s missing from /metrics", name)
			}
		}
	})

	t.Run("PrivateRegistry", func(t *testing.T) {
		other := New(MustMemoryStore(t), Options{Logger: discardLogger})
		if _, ok := metricValue(MustMetrics(t, other), "citynet_graphql_operations_total", op("CityPage", "query", "ok")); ok {
			t.Errorf("a second server sees the first one's operations")
		}
	})
}

func grepLines(text, prefix string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestNameSet_Label(t *testing.T) {
	s := nameSet{names: map[string]bool{}, max: 3}
	for _, tc := range []struct {
		name  string
		admit bool
		want  string
	}{
		{"A", true, "A"},
		{"B", false, "other"}, // did not parse: not admitted
		{"B", true, "B"},
		{"B", false, "B"}, // admitted before
		{"bad name", true, "other"},
		{strings.Repeat("x", maxNameLen+1), true, "other"},
		{"9lives", true, "other"},
		{"C", true, "C"},
		{"D", true, "other"}, // over the cap
		{"A", true, "A"},
	} {
		if got := s.label(tc.name, tc.admit); got != tc.want {
			t.Errorf("label(%q, %v): got %q, want %q", tc.name, tc.admit, got, tc.want)
		}
	}
}

func TestObserve_MetricsKey(t *testing.T) {
	const key = "metrics-key-0123456789"
	h := New(MustMemoryStore(t), Options{Logger: discardLogger, Observe: Observability{MetricsKey: key}})
	for _, tc := range []struct {
		name, auth string
		want       int
	}{
		{"ErrNoKey", "", http.StatusUnauthorized},
		{"ErrWrongKey", "Bearer wrong", http.StatusUnauthorized},
		{"OK", "Bearer " + key, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			if status, body := MustServe(t, h, req); status != tc.want {
				t.Errorf("got %d, want %d: %.200s", status, tc.want, body)
			}
		})
	}
	t.Run("Off", func(t *testing.T) {
		h := New(MustMemoryStore(t), Options{Logger: discardLogger, Observe: Observability{NoMetrics: true}})
		if status, _ := MustServe(t, h, httptest.NewRequest(http.MethodGet, "/metrics", nil)); status != http.StatusNotFound {
			t.Errorf("metrics off: got %d, want 404", status)
		}
	})
}

func TestObserve_MetricsAccess(t *testing.T) {
	read, authn := MustKey(t, "dashboard", auth.RoleRead)
	get := func(h http.Handler, credential string) int {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		if credential != "" {
			req.Header.Set("Authorization", "Bearer "+credential)
		}
		status, _ := MustServe(t, h, req)
		return status
	}
	for _, tc := range []struct {
		name          string
		readsNeedKey  bool
		public        *bool
		anon, withKey int
	}{
		{"OK/FollowsPublicReads", false, nil, http.StatusOK, http.StatusOK},
		{"ErrFollowsReadsKey", true, nil, http.StatusUnauthorized, http.StatusOK},
		{"OK/PublicOnReadsKey", true, new(true), http.StatusOK, http.StatusOK},
		{"ErrPrivateOnPublicReads", false, new(false), http.StatusUnauthorized, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := New(MustMemoryStore(t), Options{Logger: discardLogger, Auth: authn,
				ReadsNeedKey: tc.readsNeedKey, Observe: Observability{MetricsPublic: tc.public}})
			if got := get(h, ""); got != tc.anon {
				t.Errorf("without a key: got %d, want %d", got, tc.anon)
			}
			if got := get(h, read); got != tc.withKey {
				t.Errorf("with a read key: got %d, want %d", got, tc.withKey)
			}
			if got := get(h, "wrong"); tc.anon != http.StatusOK && got != http.StatusUnauthorized {
				t.Errorf("with a wrong key: got %d, want 401", got)
			}
		})
	}
}

// TestObserve_RateLimited counts 429 answers by route. The limiter
// (limits.go) answers 429 with code RATE_LIMITED; a stand-in does here so
// that the test does not depend on its settings.
func TestObserve_RateLimited(t *testing.T) {
	var o Observability // the defaults: metrics and request lines
	logger, log := MustJSONLogger(t)
	mux := http.NewServeMux()
	observeRoutes(mux, MustMemoryStore(t), o, nil)
	mux.HandleFunc("/graphql", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"errors":[{"message":"too many requests","extensions":{"code":"RATE_LIMITED"}}]}`)
	})
	h := observeRequests(mux, o, logger)
	for range 3 {
		if status, _ := MustGraphQL(t, h, `{ stats { nodeCounts { count } } }`, nil); status != http.StatusTooManyRequests {
			t.Fatalf("got %d, want 429", status)
		}
	}
	m := MustMetrics(t, h)
	MustMetric(t, m, "citynet_http_rate_limited_total", map[string]string{"route": "/graphql"}, 3)
	MustMetric(t, m, "citynet_http_requests_total", map[string]string{"route": "/graphql", "method": "POST", "status": "429"}, 3)
	MustMetric(t, m, "citynet_graphql_operations_total", map[string]string{"operation": "unknown", "type": "unknown", "outcome": "RATE_LIMITED"}, 3)
	line := MustLogLine(t, log.String(), "/graphql")
	if got, _ := line["codes"].([]any); len(got) != 1 || got[0] != "RATE_LIMITED" {
		t.Errorf("log codes: got %v, want [RATE_LIMITED]", line["codes"])
	}
}

// MustJSONLogger returns a JSON logger (debug and up) writing into the
// returned buffer.
func MustJSONLogger(tb testing.TB) (*slog.Logger, *syncBuffer) {
	tb.Helper()
	buf := &syncBuffer{}
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// MustLogLine returns the last request line for path in a JSON log.
func MustLogLine(tb testing.TB, log, path string) map[string]any {
	tb.Helper()
	var found map[string]any
	for _, l := range strings.Split(strings.TrimSpace(log), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			tb.Fatalf("log line is not JSON (%v): %s", err, l)
		}
		if m["msg"] == "request" && m["path"] == path {
			found = m
		}
	}
	if found == nil {
		tb.Fatalf("no request line for %s in the log:\n%s", path, log)
	}
	return found
}

func TestObserve_RequestLog(t *testing.T) {
	const secretKey = "sk-live-abcdef0123456789"
	const secretVar = "var-value-7f3a9"
	query := `query CityByID($id: ID!) { city(id: $id) { id name } }`

	t.Run("OK", func(t *testing.T) {
		logger, log := MustJSONLogger(t)
		h := New(MustMemoryStore(t), Options{Logger: logger})
		status, body := MustGraphQL(t, h, query, map[string]any{"id": "krakow"})
		if status != http.StatusOK {
			t.Fatalf("got %d %s", status, body)
		}
		line := MustLogLine(t, log.String(), "/graphql")
		want := map[string]any{"level": "INFO", "method": "POST", "route": "/graphql", "status": float64(200),
			"operation": "CityByID", "operation_type": "query", "bytes": float64(len(body))}
		for k, v := range want {
			if line[k] != v {
				t.Errorf("%s: got %v, want %v (line %v)", k, line[k], v, line)
			}
		}
		if d, ok := line["duration_ms"].(float64); !ok || d < 0 {
			t.Errorf("duration_ms: got %v, want a number of milliseconds", line["duration_ms"])
		}
		for _, k := range []string{"codes", "query"} {
			if _, ok := line[k]; ok {
				t.Errorf("%s: got %v, want none", k, line[k])
			}
		}
	})

	t.Run("ErrorCodes", func(t *testing.T) {
		logger, log := MustJSONLogger(t)
		h := New(MustMemoryStore(t), Options{Logger: logger})
		MustGraphQL(t, h, `{ city(id: "atlantis") { id } nope: city(id: "x") { id } }`, nil)
		line := MustLogLine(t, log.String(), "/graphql")
		if got, _ := line["codes"].([]any); len(got) != 1 || got[0] != "NOT_FOUND" {
			t.Errorf("codes: got %v, want [NOT_FOUND]", line["codes"])
		}
		if line["operation"] != "anonymous" {
			t.Errorf("operation: got %v, want anonymous", line["operation"])
		}
	})

	t.Run("NoSecrets", func(t *testing.T) {
		logger, log := MustJSONLogger(t)
		h := New(MustMemoryStore(t), Options{Logger: logger, Observe: Observability{LogQuery: true}})
		// A key in the header (refused: no keys are configured), and
		// variables in the body and in a GET's URL.
		MustGraphQL(t, h, query, map[string]any{"id": secretVar}, "Authorization", "Bearer "+secretKey)
		MustGraphQL(t, h, query, map[string]any{"id": secretVar})
		vars, _ := json.Marshal(map[string]string{"id": secretVar})
		req := httptest.NewRequest(http.MethodGet, "/graphql?query="+urlEscape(query)+"&variables="+urlEscape(string(vars)), nil)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Cookie", "session="+secretKey)
		MustServe(t, h, req)
		l := log.String()
		if n := strings.Count(l, `"msg":"request"`); n != 3 {
			t.Fatalf("request lines: got %d, want 3:\n%s", n, l)
		}
		for _, leak := range []string{secretKey, secretVar, "Authorization", "Bearer", "variables"} {
			if strings.Contains(l, leak) {
				t.Errorf("log leaks %q:\n%s", leak, l)
			}
		}
		line := MustLogLine(t, l, "/graphql")
		if line["query"] != query {
			t.Errorf("query: got %v, want the query text (LogQuery)", line["query"])
		}
	})

	t.Run("Probes", func(t *testing.T) {
		logger, log := MustJSONLogger(t)
		h := New(MustMemoryStore(t), Options{Logger: logger})
		MustServe(t, h, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		if line := MustLogLine(t, log.String(), "/healthz"); line["level"] != "DEBUG" {
			t.Errorf("probe level: got %v, want DEBUG", line["level"])
		}
	})

	t.Run("Off", func(t *testing.T) {
		logger, log := MustJSONLogger(t)
		h := New(MustMemoryStore(t), Options{Logger: logger, Observe: Observability{NoRequestLog: true}})
		MustGraphQL(t, h, query, map[string]any{"id": "krakow"})
		if strings.Contains(log.String(), `"msg":"request"`) {
			t.Errorf("NoRequestLog: got %s", log)
		}
	})
}

func urlEscape(s string) string {
	r := strings.NewReplacer("%", "%25", " ", "%20", "&", "%26", "+", "%2B", "#", "%23", "?", "%3F", "=", "%3D",
		"{", "%7B", "}", "%7D", `"`, "%22", "$", "%24", ":", "%3A", "!", "%21", ",", "%2C", "(", "%28", ")", "%29")
	return r.Replace(s)
}

// statsStore answers Stats with stats(ctx); other methods are not served.
type statsStore struct {
	graph.Store
	stats func(context.Context) (*graph.Stats, error)
}

func (s statsStore) Stats(ctx context.Context) (*graph.Stats, error) { return s.stats(ctx) }
func (statsStore) Close() error                                      { return nil }

func TestObserve_Readyz(t *testing.T) {
	for _, tc := range []struct {
		name   string
		store  graph.Store
		status int
		reason string
	}{
		{"OK", MustMemoryStore(t), http.StatusOK, ""},
		{"ErrStoreDown", statsStore{stats: func(context.Context) (*graph.Stats, error) {
			return nil, errors.New("dial tcp 10.0.0.7:7687: connection refused")
		}}, http.StatusServiceUnavailable, "store unreachable"},
		{"ErrSlowStore", statsStore{stats: func(ctx context.Context) (*graph.Stats, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}}, http.StatusServiceUnavailable, "store did not answer within 50ms"},
		{"ErrEmpty", statsStore{stats: func(context.Context) (*graph.Stats, error) {
			return &graph.Stats{NodeCounts: []graph.TypeCount{{Type: graph.TypeCity, Count: 0}}}, nil
		}}, http.StatusServiceUnavailable, "dataset not loaded: the store holds no nodes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logger, log := MustJSONLogger(t)
			h := New(tc.store, Options{Logger: logger, Observe: Observability{ReadyTimeout: 50 * time.Millisecond}})
			status, body := MustServe(t, h, httptest.NewRequest(http.MethodGet, "/readyz", nil))
			var got map[string]string
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("body is not JSON (%v): %s", err, body)
			}
			want := map[string]string{"status": "ready"}
			if tc.reason != "" {
				want = map[string]string{"status": "not ready", "reason": tc.reason}
			}
			if status != tc.status || !reflect.DeepEqual(got, want) {
				t.Errorf("got %d %v, want %d %v", status, got, tc.status, want)
			}
			if strings.Contains(body, "10.0.0.7") {
				t.Errorf("body shows the store's error: %s", body)
			}
			if tc.name == "ErrStoreDown" {
				if line := MustLogLine(t, log.String(), "/readyz"); line["level"] != "WARN" || !strings.Contains(fmt.Sprint(line["error"]), "connection refused") {
					t.Errorf("log: got %v, want a WARN line with the error", line)
				}
			}
		})
	}
}

func TestObserve_Tracing(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { tp.Shutdown(context.Background()) })
	h := New(MustMemoryStore(t), Options{Observe: Observability{TracerProvider: tp, NoMetrics: true, NoRequestLog: true}})

	const parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	status, body := MustGraphQL(t, h, `query CityPage { city(id: "krakow") { id } }`, nil, "traceparent", parent)
	if status != http.StatusOK {
		t.Fatalf("got %d %s", status, body)
	}
	spans := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range rec.Ended() {
		spans[s.Name()] = s
	}
	httpSpan, gqlSpan, storeSpan := spans["POST /graphql"], spans["query CityPage"], spans["store.City"]
	if httpSpan == nil || gqlSpan == nil || storeSpan == nil {
		names := make([]string, 0, len(spans))
		for n := range spans {
			names = append(names, n)
		}
		t.Fatalf("spans: got %v, want POST /graphql, query CityPage, store.City", names)
	}
	if got := httpSpan.SpanContext().TraceID().String(); got != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("trace id: got %s, want the caller's (traceparent)", got)
	}
	if httpSpan.SpanKind() != trace.SpanKindServer {
		t.Errorf("HTTP span kind: got %v, want server", httpSpan.SpanKind())
	}
	if gqlSpan.Parent().SpanID() != httpSpan.SpanContext().SpanID() {
		t.Errorf("GraphQL span's parent: got %s, want the HTTP span", gqlSpan.Parent().SpanID())
	}
	if storeSpan.Parent().SpanID() != gqlSpan.SpanContext().SpanID() {
		t.Errorf("store span's parent: got %s, want the GraphQL span", storeSpan.Parent().SpanID())
	}
	attrs := map[string]string{}
	for _, a := range httpSpan.Attributes() {
		attrs[string(a.Key)] = a.Value.Emit()
	}
	if attrs["http.route"] != "/graphql" || attrs["http.response.status_code"] != "200" {
		t.Errorf("HTTP span attributes: got %v", attrs)
	}

	t.Run("Off", func(t *testing.T) {
		store := MustMemoryStore(t)
		if observeStore(store, Observability{NoMetrics: true}) != store {
			t.Errorf("observeStore with everything off: got a wrapper, want the store itself")
		}
	})
}

// TestObservedStore_EveryMethod calls every graph.Store method through the
// decorator and wants each timed under its own name.
func TestObservedStore_EveryMethod(t *testing.T) {
	obs := newObserver()
	ctx := context.WithValue(context.Background(), observerKey{}, obs)
	var s graph.Store = &observedStore{next: statsStore{}} // every inner call panics (nil Store)
	v := reflect.ValueOf(s)
	it := reflect.TypeFor[graph.Store]()
	var want []string
	for i := range it.NumMethod() {
		m := it.Method(i)
		if m.Name == "Close" {
			continue
		}
		want = append(want, m.Name)
		mt := m.Type
		args := make([]reflect.Value, mt.NumIn())
		for j := range args {
			if mt.In(j) == reflect.TypeFor[context.Context]() {
				args[j] = reflect.ValueOf(ctx)
			} else {
				args[j] = reflect.Zero(mt.In(j))
			}
		}
		func() {
			defer func() { recover() }()
			v.MethodByName(m.Name).Call(args)
		}()
	}
	w := httptest.NewRecorder()
	obs.handler.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, name := range want {
		if _, ok := metricValue(w.Body.String(), "citynet_store_call_duration_seconds_count", map[string]string{"method": name, "outcome": "ok"}); !ok {
			t.Errorf("store method %s: not timed", name)
		}
	}
	if len(want) < 30 {
		t.Errorf("graph.Store methods: got %d, want the whole interface", len(want))
	}
}

func TestStoreOutcome(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, "ok"},
		{graph.NotFound(graph.TypeCity, "x"), "not_found"},
		{graph.Invalid("first", "too big"), "invalid"},
		{fmt.Errorf("wrapped: %w", context.Canceled), "canceled"},
		{context.DeadlineExceeded, "canceled"},
		{&graph.DatasetError{}, "invalid"},
		{errors.New("boom"), "internal"},
		{&graph.Error{Code: "made_up"}, "internal"},
	} {
		if got := storeOutcome(tc.err); got != tc.want {
			t.Errorf("storeOutcome(%v): got %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestRouteOf(t *testing.T) {
	for path, want := range map[string]string{
		"/graphql": "/graphql", "/graphiql/app.js": "/graphiql/", "/export/nodes.csv": "/export/nodes.csv",
		"/readyz": "/readyz", "/wp-admin/setup.php": "other", "/graphql/x": "other",
		"/": "/", "/explorer/assets/index-x.js": "/explorer/",
	} {
		if got := routeOf(path); got != want {
			t.Errorf("routeOf(%q): got %q, want %q", path, got, want)
		}
	}
}

// BenchmarkObserve measures what the instrumentation costs one small
// query: go test -run '^$' -bench Observe ./server
func BenchmarkObserve(b *testing.B) {
	store := MustMemoryStore(b)
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	body := `{"query":"query CityPage { city(id: \"krakow\") { id name } }"}`
	for _, bc := range []struct {
		name string
		o    Observability
	}{
		{"Off", Observability{NoMetrics: true, NoRequestLog: true}},
		{"MetricsAndLog", Observability{}},
		{"MetricsLogAndTracing", Observability{TracerProvider: sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(tracetest.NewSpanRecorder()))}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			h := New(store, Options{Logger: logger, Observe: bc.o, Limits: Limits{Rate: -1}})
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("got %d %s", w.Code, w.Body)
				}
			}
		})
	}
}
