package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"citynet/auth"
	"citynet/data"
	"citynet/graph"
	"citynet/graph/generated"
	"citynet/graph/memory"
)

// MustBundledStore is the embedded store over the bundled dataset.
func MustBundledStore(tb testing.TB) graph.Store {
	tb.Helper()
	ds, err := data.Load()
	if err != nil {
		tb.Fatal(err)
	}
	s, err := memory.New(ds)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// limitsServer is New(store) with limits, called in process.
type limitsServer struct {
	h   http.Handler
	log *syncBuffer
}

func newLimitsServer(tb testing.TB, store graph.Store, l Limits, options ...func(*Options)) *limitsServer {
	tb.Helper()
	logger, buf := MustLogger(tb)
	opts := Options{Logger: logger, Limits: l}
	for _, o := range options {
		o(&opts)
	}
	return &limitsServer{h: New(store, opts), log: buf}
}

// request builds a POST /graphql of query from remote.
func limitsRequest(tb testing.TB, query string, vars map[string]any) *http.Request {
	tb.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		tb.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return req
}

// do serves req and decodes the GraphQL answer.
func (s *limitsServer) do(tb testing.TB, req *http.Request) (*httptest.ResponseRecorder, gqlResponse) {
	tb.Helper()
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, req)
	var r gqlResponse
	if req.URL.Path == "/graphql" {
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
			tb.Fatalf("status %d, body is not GraphQL JSON (%v): %s", w.Code, err, w.Body)
		}
	}
	return w, r
}

func (s *limitsServer) query(tb testing.TB, query string, vars map[string]any) (int, gqlResponse, string) {
	tb.Helper()
	w, r := s.do(tb, limitsRequest(tb, query, vars))
	return w.Code, r, w.Body.String()
}

// MustAnswer checks that query is answered without errors.
func (s *limitsServer) MustAnswer(tb testing.TB, query string, vars map[string]any) json.RawMessage {
	tb.Helper()
	status, r, body := s.query(tb, query, vars)
	if status != http.StatusOK || len(r.Errors) > 0 || len(r.Data) == 0 || string(r.Data) == "null" {
		tb.Fatalf("%s\ngot status %d, body %s; want 200 with data and no errors", query, status, body)
	}
	return r.Data
}

// MustRefuse checks that query is refused with code, no data and the HTTP
// status of a validation error (whatever protocol.go makes of it); it
// returns the error's extensions.
func (s *limitsServer) MustRefuse(tb testing.TB, query string, vars map[string]any, code string) map[string]any {
	tb.Helper()
	status, r, body := s.query(tb, query, vars)
	vstatus, v, vbody := s.query(tb, `{ noSuchField }`, nil)
	if len(v.Errors) != 1 || v.Errors[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
		tb.Fatalf("a validation error: got %d %s", vstatus, vbody)
	}
	if status != vstatus || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != code || string(r.Data) != "" && string(r.Data) != "null" {
		tb.Fatalf("%s\ngot status %d, body %s; want %d with one %s error and no data", query, status, body, vstatus, code)
	}
	if strings.TrimSpace(r.Errors[0].Message) == "" || r.Errors[0].Message == "internal error" {
		tb.Errorf("message: got %q, want an explanation", r.Errors[0].Message)
	}
	return r.Errors[0].Extensions
}

// wantNumbers checks numeric extensions (JSON numbers decode as float64).
func wantNumbers(tb testing.TB, ext map[string]any, want map[string]int) {
	tb.Helper()
	for k, v := range want {
		if got, ok := ext[k].(float64); !ok || int(got) != v {
			tb.Errorf("extensions.%s: got %v, want %d (extensions %v)", k, ext[k], v, ext)
		}
	}
}

// graphiQLIntrospection is the query GraphiQL sends to learn the schema
// (graphql-js getIntrospectionQuery, as web/graphiql bundles it).
const graphiQLIntrospection = `
    query IntrospectionQuery {
      __schema {
        queryType { name }
        mutationType { name }
        subscriptionType { name }
        types { ...FullType }
        directives { name description locations args { ...InputValue } }
      }
    }
    fragment FullType on __Type {
      kind name description
      fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
      inputFields { ...InputValue }
      interfaces { ...TypeRef }
      enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
      possibleTypes { ...TypeRef }
    }
    fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
    fragment TypeRef on __Type {
      kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType {
        kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
    }`

// readmeQueries are the README's examples ("Example queries" and the
// table after them): the defaults must let every one through.
var readmeQueries = []string{
	`{ city(id: "bydgoszcz") { memberships { network { name } since sincePrecision status sources { quote source { file } } } } }`,
	`{ cityPairs(minShared: 2) { totalCount edges { node { a { name } b { name } sharedCount jaccard shared { name } } } } }`,
	`{ path(from: "bialystok", to: "barcelona") { length nodes { id type } edges { type source target } } }`,
	`{ search(text: "Mediolanu", first: 2) { label type score matched } }`,
	`{ network(id: "eurocities") { claims { property value sources { source { file } } } } }`,
	`{ network(id: "eurocities") { founded founders { founder { ... on City { name } } date sources { quote } } } }`,
	`{ cities(filter: {network: "eurocities", country: "PL"}, first: 50) { totalCount edges { node { name } } } }`,
	`{ partnerships(filter: {party: "bialystok"}) { edges { node { date parties { ... on City { name } } description } } } }`,
	`{ events(filter: {organizer: "eurocities", kind: GENERAL_MEETING, yearFrom: 2017, yearTo: 2017}) { edges { node { name place { name } } } } }`,
	`{ city(id: "krakow") { offices { title titleEn person { name } sources { quote } } } }`,
	`{ sharedNetworks(a: "krakow", b: "poznan") { name } }`,
	`{ neighborhood(id: "krakow", depth: 1) { nodes { id type label } edges { type source target } truncated omitted } }`,
	`{ stats { nodes { type count } membersPerNetwork(first: 5) { network { name } count } joinsPerYear { year count } } }`,
	graphiQLIntrospection,
}

func TestLimits_Defaults(t *testing.T) {
	s := newLimitsServer(t, MustBundledStore(t), Limits{})
	t.Run("OK/README", func(t *testing.T) {
		for _, q := range readmeQueries {
			s.MustAnswer(t, q, nil)
		}
	})
	t.Run("OK/BadInputIsNotALimit", func(t *testing.T) {
		// first is clamped to 500 for complexity: the resolver's error
		// names the argument.
		status, r, body := s.query(t, `{ cities(first: 100000) { totalCount } }`, nil)
		if status != http.StatusOK || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "first" {
			t.Errorf("got %d %s, want BAD_USER_INPUT on first", status, body)
		}
	})
	t.Run("Values", func(t *testing.T) {
		got := Limits{}.withDefaults()
		if d := DefaultLimits(); got.MaxDepth != d.MaxDepth || got.MaxComplexity != d.MaxComplexity || got.MaxTokens != d.MaxTokens ||
			got.Timeout != d.Timeout || got.Rate != d.Rate || got.Burst != d.Burst || got.MaxClients != d.MaxClients || got.NoIntrospection {
			t.Errorf("zero Limits: got %+v, want the defaults %+v", got, d)
		}
	})
}

func TestLimits_Depth(t *testing.T) {
	s := newLimitsServer(t, MustBundledStore(t), Limits{MaxDepth: 3})
	t.Run("OK", func(t *testing.T) {
		s.MustAnswer(t, `{ city(id: "krakow") { country { name } } }`, nil)
		// Introspection is bounded by the validator, not by MaxDepth.
		s.MustAnswer(t, `{ __schema { types { fields { type { ofType { name } } } } } }`, nil)
	})
	t.Run("ErrTooDeep", func(t *testing.T) {
		for _, q := range []string{
			`{ city(id: "krakow") { country { cities { name } } } }`,
			`query { ...Q } fragment Q on Query { city(id: "krakow") { ...C } } fragment C on City { country { cities { name } } }`,
			`{ node(id: "krakow") { ... on City { country { cities { name } } } } }`,
		} {
			ext := s.MustRefuse(t, q, nil, "QUERY_TOO_DEEP")
			wantNumbers(t, ext, map[string]int{"depth": 4, "limit": 3})
		}
	})
	t.Run("OK/Off", func(t *testing.T) {
		// Kraków has one office, held by one person: 14 levels, one item
		// each.
		deep := `{ city(id: "krakow") { name } }`
		for range 6 {
			deep = strings.Replace(deep, "{ name }", "{ offices { city { name } } }", 1)
		}
		off := newLimitsServer(t, MustBundledStore(t), Limits{MaxDepth: -1, MaxComplexity: -1})
		off.MustAnswer(t, deep, nil)
		dflt := newLimitsServer(t, MustBundledStore(t), Limits{MaxComplexity: -1})
		wantNumbers(t, dflt.MustRefuse(t, deep, nil, "QUERY_TOO_DEEP"), map[string]int{"depth": 14, "limit": DefaultLimits().MaxDepth})
	})
}

// MustComplexity is gqlgen's complexity of query with withComplexity's
// weights.
func MustComplexity(tb testing.TB, query string, vars map[string]any) int {
	tb.Helper()
	es := generated.NewExecutableSchema(withComplexity(generated.Config{}))
	doc, errs := gqlparser.LoadQuery(es.Schema(), query)
	if errs != nil {
		tb.Fatalf("%s: %v", query, errs)
	}
	return complexity.Calculate(context.Background(), es, doc.Operations[0], vars)
}

func TestWithComplexity(t *testing.T) {
	for _, tc := range []struct {
		query string
		vars  map[string]any
		want  int
	}{
		{`{ city(id: "krakow") { name } }`, nil, 2},
		{`{ cities(first: 5) { edges { node { name } } } }`, nil, 1 + 5*3},
		{`{ cities { totalCount } }`, nil, 1 + 20},
		{`query($n: Int) { cities(first: $n) { totalCount } }`, map[string]any{"n": 50}, 1 + 50},
		{`{ cities(first: 0) { totalCount } }`, nil, 1 + 1},
		{`{ cities(first: 100000) { totalCount } }`, nil, 1 + 500},
		{`{ cityPairs(first: 3) { edges { node { sharedCount } } } }`, nil, 1 + 3*3},
		{`{ city(id: "krakow") { memberships { since } } }`, nil, 1 + (1 + ListWeight*1)},
		{`{ node(id: "krakow") { ... on City { sources { quote } } } }`, nil, 1 + (1 + ListWeight*1)},
		{`{ neighborhood(id: "krakow") { nodes { id } } }`, nil, 1 + 200*2},
		{`{ neighborhood(id: "krakow", limit: 5) { nodes { id } edges { type } truncated } }`, nil, 1 + 5*5},
		{`{ networkOverlap(networks: ["a", "b", "c"]) { shared } }`, nil, 1 + 3*1},
		{`{ networkOverlap { shared } }`, nil, 1 + 20*1},
		{`{ stats { membersPerNetwork(first: 5) { count } } }`, nil, 1 + (1 + 5*1)},
		{`{ search(text: "x") { label } }`, nil, 1 + 10*1},
		{`{ centrality(kind: DEGREE, first: 3) { scores { score } } }`, nil, 1 + 3*2},
		{`{ sharedNetworks(a: "a", b: "b") { name } }`, nil, 1 + ListWeight*1},
		{`{ similarCities(id: "krakow", first: 4) { sharedCount } }`, nil, 1 + 4*1},
	} {
		if got := MustComplexity(t, tc.query, tc.vars); got != tc.want {
			t.Errorf("%s: got complexity %d, want %d", tc.query, got, tc.want)
		}
	}

	// Every list of objects is weighed, whether the code names it or the
	// schema walk found it; a connection's edges are counted by first.
	es := generated.NewExecutableSchema(withComplexity(generated.Config{}))
	schema := es.Schema()
	for _, def := range schema.Types {
		if def.Kind != ast.Object || strings.HasPrefix(def.Name, "__") || def.Name == "Mutation" || def.Name == "Subscription" {
			continue
		}
		for _, f := range def.Fields {
			k := schema.Types[f.Type.Name()].Kind
			if f.Type.Elem == nil || len(f.Arguments) > 0 || k != ast.Object && k != ast.Interface && k != ast.Union {
				continue
			}
			got, ok := es.Complexity(context.Background(), def.Name, f.Name, 2, map[string]any{})
			switch {
			case strings.HasSuffix(def.Name, "Connection") || def.Name == "Subgraph" || def.Name == "Centrality":
				if ok {
					t.Errorf("%s.%s: got a weight (%d), want it counted by its parent's argument", def.Name, f.Name, got)
				}
			case !ok || got < 1+2*2:
				t.Errorf("%s.%s: got complexity %d (%v) for children of 2, want it weighed as a list", def.Name, f.Name, got, ok)
			}
		}
	}
}

// fragmentBomb spreads each fragment twice: 2^n copies of one field.
func fragmentBomb(n int) string {
	var b strings.Builder
	b.WriteString("query { ...F0 }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { stats { joinsWithoutYear } }\n", n)
	return b.String()
}

func TestLimits_Complexity(t *testing.T) {
	s := newLimitsServer(t, MustBundledStore(t), Limits{MaxComplexity: 100})
	const q = `query($n: Int) { cities(first: $n) { edges { node { name } } } }`
	t.Run("OK", func(t *testing.T) {
		s.MustAnswer(t, q, map[string]any{"n": 33}) // 1 + 33 × 3 = 100
	})
	t.Run("ErrTooComplex", func(t *testing.T) {
		ext := s.MustRefuse(t, q, map[string]any{"n": 34}, "COMPLEXITY_TOO_HIGH")
		wantNumbers(t, ext, map[string]int{"complexity": 103, "limit": 100})
		ext = s.MustRefuse(t, `{ city(id: "krakow") { memberships { network { members { city { name } } } } } }`, nil, "COMPLEXITY_TOO_HIGH")
		// city 1 + memberships (1 + 10 × network (1 + members (1 + 10 × city { name } 2)))
		wantNumbers(t, ext, map[string]int{"complexity": 1 + (1 + 10*(1+(1+10*2))), "limit": 100})
	})
	t.Run("ErrFragmentBomb", func(t *testing.T) {
		// 2^40 fields once expanded: refused from the fragment counts,
		// without gqlgen's walk (which would not finish).
		ext := s.MustRefuse(t, fragmentBomb(40), nil, "COMPLEXITY_TOO_HIGH")
		if c, _ := ext["complexity"].(float64); c < 1<<40 {
			t.Errorf("complexity: got %v, want at least 2^40", ext["complexity"])
		}
		dflt := newLimitsServer(t, MustBundledStore(t), Limits{})
		dflt.MustRefuse(t, fragmentBomb(40), nil, "COMPLEXITY_TOO_HIGH")
		dflt.MustAnswer(t, fragmentBomb(3), nil)
	})
	t.Run("OK/Off", func(t *testing.T) {
		off := newLimitsServer(t, MustBundledStore(t), Limits{MaxComplexity: -1})
		off.MustAnswer(t, `{ cities(first: 500) { edges { node { memberships { network { members { since } } } } } } }`, nil)
	})
}

func TestLimits_Tokens(t *testing.T) {
	s := newLimitsServer(t, MustBundledStore(t), Limits{MaxTokens: 11})
	t.Run("OK", func(t *testing.T) {
		s.MustAnswer(t, `{ city(id: "krakow") { name } }`, nil) // 11 tokens
		s.MustAnswer(t, "# comments are not tokens\n{ city(id: \"krakow\") { name } }", nil)
	})
	t.Run("ErrTooLarge", func(t *testing.T) {
		ext := s.MustRefuse(t, `{ city(id: "krakow") { name id } }`, nil, "QUERY_TOO_LARGE")
		wantNumbers(t, ext, map[string]int{"limit": 11})
	})
	t.Run("ErrSyntaxIsTheParsers", func(t *testing.T) {
		status, r, body := s.query(t, `{ city(id: "krakow) }`, nil)
		if status < 400 || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "GRAPHQL_PARSE_FAILED" {
			t.Errorf("got %d %s, want GRAPHQL_PARSE_FAILED", status, body)
		}
	})
}

// The validator compares every pair of fields at one response path: a
// field selected thousands of times in a small document is refused before
// it gets there.
func TestLimits_Repeats(t *testing.T) {
	s := newLimitsServer(t, MustBundledStore(t), Limits{})
	repeat := func(n int, sel string) string { return strings.Repeat(sel+" ", n) }
	t.Run("OK", func(t *testing.T) {
		s.MustAnswer(t, "{ stats { "+repeat(MaxRepeats, "joinsWithoutYear")+"} }", nil)
		// Through fragments, each merged once per path.
		s.MustAnswer(t, `{ city(id: "krakow") { ...A ...B ...A } }
			fragment A on City { id name ...C } fragment B on City { id ...C } fragment C on City { id name }`, nil)
	})
	t.Run("ErrRepeated", func(t *testing.T) {
		for _, tc := range []struct {
			query, path string
			n           int
		}{
			{"{ stats { " + repeat(1000, "joinsWithoutYear") + "} }", "stats.joinsWithoutYear", 1000},
			// 8 × 8 copies: 64 at stats.joinsWithoutYear.
			{"{ " + repeat(8, "stats { "+repeat(8, "joinsWithoutYear")+"}") + "}", "stats.joinsWithoutYear", 64},
			{"{ stats { " + repeat(40, "... on Stats { joinsWithoutYear }") + "} }", "stats.joinsWithoutYear", 40},
		} {
			ext := s.MustRefuse(t, tc.query, nil, "QUERY_TOO_LARGE")
			wantNumbers(t, ext, map[string]int{"repeats": tc.n, "limit": MaxRepeats})
		}
	})
	t.Run("ErrFragmentCycle", func(t *testing.T) {
		// Refused by the validator; the repeat check must not loop.
		status, r, body := s.query(t, `query { ...F } fragment F on Query { city(id: "krakow") { country { ...G } } } fragment G on Country { cities { ...H } } fragment H on City { country { ...G } }`, nil)
		if status < 400 || len(r.Errors) == 0 {
			t.Errorf("got %d %s, want a validation error", status, body)
		}
	})
}

func TestLimits_Introspection(t *testing.T) {
	t.Run("OK/OnByDefault", func(t *testing.T) {
		s := newLimitsServer(t, MustBundledStore(t), Limits{})
		if d := s.MustAnswer(t, `{ __schema { queryType { name } } }`, nil); !strings.Contains(string(d), `"Query"`) {
			t.Errorf("got %s, want the query type", d)
		}
	})
	s := newLimitsServer(t, MustBundledStore(t), Limits{NoIntrospection: true})
	t.Run("ErrOff", func(t *testing.T) {
		for _, q := range []string{
			`{ __schema { queryType { name } } }`,
			`{ __type(name: "City") { name } }`,
			`query { ...I } fragment I on Query { city(id: "krakow") { name } __schema { types { name } } }`,
			graphiQLIntrospection,
		} {
			s.MustRefuse(t, q, nil, "INTROSPECTION_DISABLED")
		}
	})
	t.Run("OK/Typename", func(t *testing.T) {
		s.MustAnswer(t, `{ city(id: "krakow") { __typename name } }`, nil)
	})
	on := newLimitsServer(t, MustBundledStore(t), Limits{})
	t.Run("OK/GraphiQL", func(t *testing.T) {
		on.MustAnswer(t, graphiQLIntrospection, nil)
		// One alias selected twice is one field: merged, run once.
		on.MustAnswer(t, `query { __schema { queryType { name } } ...S } fragment S on Query { __schema { types { name } } }`, nil)
		on.MustAnswer(t, `{ a: __type(name: "City") { name } b: __type(name: "Network") { name } __schema { queryType { name } } }`, nil)
	})
	t.Run("ErrAliases", func(t *testing.T) {
		// 110 aliases of this answered 4.6 MB from a 5 KB request.
		var b strings.Builder
		b.WriteString("{")
		for i := range 110 {
			fmt.Fprintf(&b, " a%d: __schema { types { fields { description type { description } } } }", i)
		}
		b.WriteString(" }")
		ext := on.MustRefuse(t, b.String(), nil, "COMPLEXITY_TOO_HIGH")
		wantNumbers(t, ext, map[string]int{"count": 110, "limit": MaxSchemaFields})
		if ext["field"] != "__schema" {
			t.Errorf("field: got %v, want __schema", ext["field"])
		}
		// Through fragments and inline fragments too.
		on.MustRefuse(t, `query { ...A ... on Query { b: __schema { queryType { name } } } } fragment A on Query { a: __schema { queryType { name } } }`, nil, "COMPLEXITY_TOO_HIGH")
		b.Reset()
		b.WriteString("{")
		for i := range MaxTypeFields + 1 {
			fmt.Fprintf(&b, " t%d: __type(name: \"City\") { fields { name } }", i)
		}
		b.WriteString(" }")
		ext = on.MustRefuse(t, b.String(), nil, "COMPLEXITY_TOO_HIGH")
		wantNumbers(t, ext, map[string]int{"count": MaxTypeFields + 1, "limit": MaxTypeFields})
	})
	t.Run("OK/ComplexityOff", func(t *testing.T) {
		off := newLimitsServer(t, MustBundledStore(t), Limits{MaxComplexity: -1})
		off.MustAnswer(t, `{ a: __schema { queryType { name } } b: __schema { queryType { name } } }`, nil)
	})
}

func TestTimeoutErrors(t *testing.T) {
	const d = time.Second
	mw := timeoutErrors(d)
	t.Run("ErrAfterDeadline", func(t *testing.T) {
		// Once the time is up a field is not resolved at all: an answer
		// built from memory (introspection) stops growing.
		ctx, cancel := context.WithDeadlineCause(context.Background(), time.Now().Add(-time.Second), errRequestTimeout)
		defer cancel()
		called := false
		res, err := mw(ctx, func(context.Context) (any, error) { called = true; return "x", nil })
		var ge *gqlerror.Error
		if called || res != nil || !errors.As(err, &ge) || ge.Extensions["code"] != "TIMEOUT" {
			t.Errorf("got called=%v, %v, %v; want the resolver not called and TIMEOUT", called, res, err)
		}
	})
	t.Run("OK/BeforeDeadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeoutCause(context.Background(), time.Hour, errRequestTimeout)
		defer cancel()
		if res, err := mw(ctx, func(context.Context) (any, error) { return "x", nil }); res != "x" || err != nil {
			t.Errorf("got %v, %v; want x", res, err)
		}
	})
	t.Run("OneError", func(t *testing.T) {
		errs := gqlerror.List{
			{Message: "a", Extensions: map[string]any{"code": "NOT_FOUND"}},
			timeoutError(d, ast.Path{ast.PathName("a")}),
			timeoutError(d, ast.Path{ast.PathName("b")}),
			timeoutError(d, ast.Path{ast.PathName("c")}),
		}
		got := oneTimeout(errs)
		if len(got) != 2 || got[0].Message != "a" || got[1].Path.String() != "a" || got[1].Extensions["fields"] != 3 {
			t.Errorf("got %v, want NOT_FOUND and the first TIMEOUT counting 3 fields", got)
		}
	})
}

// blockingStore is the embedded store, except that the methods in block
// wait until their context is done; it records the deadlines it saw.
type blockingStore struct {
	graph.Store
	block map[string]bool
	coded bool // once done, answer NOT_FOUND rather than the context's error

	mu        sync.Mutex
	deadlines []bool
}

func (s *blockingStore) wait(ctx context.Context, method string) error {
	_, ok := ctx.Deadline()
	s.mu.Lock()
	s.deadlines = append(s.deadlines, ok)
	s.mu.Unlock()
	if !s.block[method] {
		return nil
	}
	<-ctx.Done()
	if s.coded {
		return graph.NotFound(graph.TypeCity, "krakow")
	}
	return ctx.Err()
}

func (s *blockingStore) City(ctx context.Context, id string) (*graph.City, error) {
	if err := s.wait(ctx, "City"); err != nil {
		return nil, err
	}
	return s.Store.City(ctx, id)
}

func (s *blockingStore) Memberships(ctx context.Context, f graph.MembershipFilter) ([]*graph.Membership, error) {
	if err := s.wait(ctx, "Memberships"); err != nil {
		return nil, fmt.Errorf("memberships: %w", err)
	}
	return s.Store.Memberships(ctx, f)
}

func (s *blockingStore) sawDeadlines() []bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]bool(nil), s.deadlines...)
}

func TestLimits_Timeout(t *testing.T) {
	const timeout = 50 * time.Millisecond
	t.Run("ErrRootField", func(t *testing.T) {
		store := &blockingStore{Store: MustBundledStore(t), block: map[string]bool{"City": true}}
		s := newLimitsServer(t, store, Limits{Timeout: timeout})
		status, r, body := s.query(t, `{ city(id: "krakow") { name } stats { joinsWithoutYear } }`, nil)
		if status != http.StatusOK || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "TIMEOUT" ||
			fmt.Sprint(r.Errors[0].Path) != "[city]" || r.Errors[0].Extensions["timeout"] != timeout.String() {
			t.Fatalf("got %d %s, want one TIMEOUT error at city", status, body)
		}
		// The other fields are answered.
		if !strings.Contains(string(r.Data), `"joinsWithoutYear"`) {
			t.Errorf("data: got %s, want stats", r.Data)
		}
		if d := store.sawDeadlines(); len(d) == 0 || !d[0] {
			t.Errorf("store saw deadlines %v, want the request's", d)
		}
		if strings.Contains(s.log.String(), "internal error") {
			t.Errorf("a timeout was logged as an internal error:\n%s", s.log)
		}
	})
	t.Run("ErrLoadedField", func(t *testing.T) {
		store := &blockingStore{Store: MustBundledStore(t), block: map[string]bool{"Memberships": true}}
		s := newLimitsServer(t, store, Limits{Timeout: timeout})
		status, r, body := s.query(t, `{ city(id: "krakow") { name memberships { since } } }`, nil)
		if status != http.StatusOK || len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "TIMEOUT" ||
			fmt.Sprint(r.Errors[0].Path) != "[city memberships]" {
			t.Fatalf("got %d %s, want TIMEOUT at city.memberships", status, body)
		}
		if strings.Contains(s.log.String(), "internal error") {
			t.Errorf("a timeout was logged as an internal error:\n%s", s.log)
		}
	})
	t.Run("ErrCodedErrorsStand", func(t *testing.T) {
		store := &blockingStore{Store: MustBundledStore(t), block: map[string]bool{"City": true}, coded: true}
		s := newLimitsServer(t, store, Limits{Timeout: timeout})
		status, r, body := s.query(t, `{ city(id: "krakow") { name } }`, nil)
		if status != http.StatusOK || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "NOT_FOUND" {
			t.Fatalf("got %d %s, want the store's NOT_FOUND", status, body)
		}
	})
	t.Run("OK/DeadlineByDefault", func(t *testing.T) {
		store := &blockingStore{Store: MustBundledStore(t)}
		newLimitsServer(t, store, Limits{}).MustAnswer(t, `{ city(id: "krakow") { name } }`, nil)
		if d := store.sawDeadlines(); len(d) != 1 || !d[0] {
			t.Errorf("store saw deadlines %v, want one", d)
		}
	})
	t.Run("OK/Off", func(t *testing.T) {
		store := &blockingStore{Store: MustBundledStore(t)}
		newLimitsServer(t, store, Limits{Timeout: -1}).MustAnswer(t, `{ city(id: "krakow") { name } }`, nil)
		if d := store.sawDeadlines(); len(d) != 1 || d[0] {
			t.Errorf("store saw deadlines %v, want none", d)
		}
	})
	t.Run("ErrBeforeStart", func(t *testing.T) {
		// An operation whose time is up before it runs: gqlgen answers
		// nothing; the middleware answers TIMEOUT.
		ctx, cancel := context.WithDeadlineCause(context.Background(), time.Now().Add(-time.Second), errRequestTimeout)
		defer cancel()
		ctx = graphql.WithOperationContext(ctx, &graphql.OperationContext{Operation: &ast.OperationDefinition{Operation: ast.Query}})
		h := operationTimeout(time.Second)(ctx, func(ctx context.Context) graphql.ResponseHandler {
			return func(ctx context.Context) *graphql.Response {
				if ctx.Err() != nil {
					return nil // as gqlgen's executor does
				}
				return &graphql.Response{Data: []byte(`{}`)}
			}
		})
		resp := h(ctx)
		if resp == nil || len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "TIMEOUT" {
			t.Fatalf("got %+v, want one TIMEOUT error", resp)
		}
		if h(ctx) != nil {
			t.Error("second response: got one, want nil (a query answers once)")
		}
	})
}

// fakeClock is a settable time for the rate limiter.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestRateLimiter_Allow(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_000_000, 0)}
	rl := newRateLimiter(Limits{Rate: 1, Burst: 2, MaxClients: 2}.withDefaults(), clock.now)
	allow := func(key string, wantWait time.Duration, wantReport bool) {
		t.Helper()
		if wait, report := rl.allow(key); wait != wantWait || report != wantReport {
			t.Errorf("allow(%s): got %v, %v; want %v, %v", key, wait, report, wantWait, wantReport)
		}
	}
	t.Run("Bucket", func(t *testing.T) {
		allow("a", 0, false)
		allow("a", 0, false)
		allow("a", time.Second, true) // empty: the next token in 1 s; logged
		allow("a", time.Second, false)
		clock.t = clock.t.Add(time.Second)
		allow("a", 0, false)
		allow("a", time.Second, false) // logged less than a minute ago
		clock.t = clock.t.Add(reportEvery)
		allow("a", 0, false)
		allow("a", 0, false)
		allow("a", time.Second, true)
	})
	t.Run("EvictLeastRecent", func(t *testing.T) {
		allow("b", 0, false)
		allow("c", 0, false) // a is dropped: at most 2 buckets
		if n := rl.len(); n != 2 {
			t.Errorf("buckets: got %d, want 2", n)
		}
		allow("a", 0, false) // a new, full bucket
		allow("a", 0, false)
	})
	t.Run("EvictIdle", func(t *testing.T) {
		// After burst/rate = 2 s a bucket is full: dropped as idle.
		clock.t = clock.t.Add(3 * time.Second)
		allow("d", 0, false)
		if n := rl.len(); n != 1 {
			t.Errorf("buckets: got %d, want 1", n)
		}
	})
}

func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	for _, tc := range []struct {
		remote, xff string
		proxies     []netip.Prefix
		want        string
	}{
		{"192.0.2.1:1234", "", nil, "192.0.2.1"},
		{"192.0.2.1:1234", "203.0.113.9", nil, "192.0.2.1"},     // not from a proxy: ignored
		{"192.0.2.1:1234", "203.0.113.9", proxies, "192.0.2.1"}, // not from a trusted one
		{"10.1.2.3:1234", "203.0.113.9", proxies, "203.0.113.9"},
		{"10.1.2.3:1234", "198.51.100.1, 203.0.113.9, 10.0.0.5", proxies, "203.0.113.9"}, // the client's own claim is not believed
		{"10.1.2.3:1234", "garbage, 10.0.0.5", proxies, "10.0.0.5"},
		{"10.1.2.3:1234", "", proxies, "10.1.2.3"},
		{"[::1]:1234", "2001:db8::7", proxies, "2001:db8::7"},
		{"[::ffff:192.0.2.1]:1234", "", nil, "192.0.2.1"},
	} {
		req := httptest.NewRequest("GET", "/graphql", nil)
		req.RemoteAddr = tc.remote
		if tc.xff != "" {
			req.Header.Set("X-Forwarded-For", tc.xff)
		}
		if got := clientIP(req, tc.proxies); got.String() != tc.want {
			t.Errorf("%s, X-Forwarded-For %q, proxies %v: got %s, want %s", tc.remote, tc.xff, tc.proxies, got, tc.want)
		}
	}
}

func TestLimits_RateLimit(t *testing.T) {
	key, authn := MustKey(t, "dashboard", auth.RoleRead)
	// 2 at once, then one every 1000 s: no refill during the test.
	l := Limits{Rate: 0.001, Burst: 2, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	s := newLimitsServer(t, MustBundledStore(t), l, func(o *Options) { o.Auth = authn })
	const q = `{ city(id: "krakow") { name } }`
	send := func(remote, header, value string) (*httptest.ResponseRecorder, gqlResponse) {
		t.Helper()
		req := limitsRequest(t, q, nil)
		req.RemoteAddr = remote
		if header != "" {
			req.Header.Set(header, value)
		}
		return s.do(t, req)
	}
	mustPass := func(remote, header, value string) {
		t.Helper()
		if w, _ := send(remote, header, value); w.Code != http.StatusOK {
			t.Errorf("from %s (%s: %s): got %d %s, want 200", remote, header, value, w.Code, w.Body)
		}
	}
	mustLimit := func(remote, header, value string) {
		t.Helper()
		w, r := send(remote, header, value)
		if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "1000" ||
			len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "RATE_LIMITED" || r.Errors[0].Extensions["retryAfter"] != 1000.0 {
			t.Errorf("from %s (%s: %s): got %d, Retry-After %q, %s; want 429, 1000, RATE_LIMITED", remote, header, value, w.Code, w.Header().Get("Retry-After"), w.Body)
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type: got %q, want JSON", ct)
		}
		if strings.Contains(w.Body.String(), `"data"`) {
			t.Errorf("body: got %s, want no data entry (a request error)", w.Body)
		}
	}

	t.Run("PerAddress", func(t *testing.T) {
		mustPass("192.0.2.1:1000", "", "")
		mustPass("192.0.2.1:2000", "", "") // another port, the same client
		mustLimit("192.0.2.1:1000", "", "")
		mustLimit("192.0.2.1:1000", "X-Forwarded-For", "198.51.100.77") // not from a trusted proxy: ignored
		mustPass("192.0.2.2:1000", "", "")
	})
	t.Run("PerCredential", func(t *testing.T) {
		// The exhausted address does not matter: the key has its own
		// bucket, wherever it comes from.
		mustPass("192.0.2.1:1000", "Authorization", "Bearer "+key)
		mustPass("192.0.2.9:1000", "Authorization", "Bearer "+key)
		mustLimit("192.0.2.10:1000", "Authorization", "Bearer "+key)
		if strings.Contains(s.log.String(), key) {
			t.Error("the log contains the key")
		}
	})
	t.Run("BehindTrustedProxy", func(t *testing.T) {
		mustPass("10.0.0.1:1000", "X-Forwarded-For", "203.0.113.7")
		mustPass("10.0.0.2:1000", "X-Forwarded-For", "203.0.113.7")
		mustLimit("10.0.0.1:1000", "X-Forwarded-For", "203.0.113.7")
		mustPass("10.0.0.1:1000", "X-Forwarded-For", "203.0.113.8")
	})
	t.Run("IPv6Per64", func(t *testing.T) {
		mustPass("[2001:db8:1:2::1]:1000", "", "")
		mustPass("[2001:db8:1:2::2]:1000", "", "")
		mustLimit("[2001:db8:1:2:ffff::3]:1000", "", "")
		mustPass("[2001:db8:1:3::1]:1000", "", "")
	})
	t.Run("Exempt", func(t *testing.T) {
		for range 5 {
			w, _ := s.do(t, httptest.NewRequest("GET", "/healthz", nil))
			if w.Code != http.StatusOK {
				t.Fatalf("/healthz: got %d, want 200", w.Code)
			}
		}
	})
	t.Run("Local", func(t *testing.T) {
		// This machine is not limited, unless a trusted proxy says the
		// request came from elsewhere.
		for range 5 {
			mustPass("127.0.0.1:1000", "", "")
			mustPass("[::1]:1000", "Authorization", "Bearer "+key)
		}
		local := newLimitsServer(t, MustBundledStore(t), Limits{Rate: 0.001, Burst: 1, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
		req := func() int {
			r := limitsRequest(t, q, nil)
			r.RemoteAddr = "127.0.0.1:1000"
			r.Header.Set("X-Forwarded-For", "203.0.113.50")
			w, _ := local.do(t, r)
			return w.Code
		}
		if a, b := req(), req(); a != http.StatusOK || b != http.StatusTooManyRequests {
			t.Errorf("through a local trusted proxy: got %d, %d; want 200, 429", a, b)
		}
	})
	t.Run("LoggedOncePerMinute", func(t *testing.T) {
		log := s.log.String()
		if n := strings.Count(log, "client=192.0.2.1 "); n != 1 || !strings.Contains(log, `msg="rate limited"`) {
			t.Errorf("log: got %d records for 192.0.2.1, want 1:\n%s", n, log)
		}
	})
	t.Run("OK/Off", func(t *testing.T) {
		off := newLimitsServer(t, MustBundledStore(t), Limits{Rate: -1})
		for range 3 * DefaultLimits().Burst {
			w, _ := off.do(t, limitsRequest(t, q, nil))
			if w.Code != http.StatusOK {
				t.Fatalf("got %d, want 200", w.Code)
			}
		}
	})
}

func TestLimits_RateLimitWebSocket(t *testing.T) {
	// 4 at once, then one every 1000 s: the upgrade takes one, three
	// operations pass, then the socket is over the client's budget.
	l := Limits{Rate: 0.001, Burst: 4, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}
	s := MustImportServer(t, 0, func(o *Options) { o.Limits = l })
	from := func(ip string) http.Header { return http.Header{"X-Forwarded-For": {ip}} }
	const q = `{ city(id: "alpha") { name } }`
	answer := func(c *wsClient, id string) wsMessage {
		t.Helper()
		p, _ := json.Marshal(map[string]any{"query": q})
		c.send(wsMessage{ID: id, Type: "subscribe", Payload: p})
		m, err := c.next()
		if err != nil {
			t.Fatalf("operation %s: %v", id, err)
		}
		if m.Type == "next" || m.Type == "error" {
			if done, err := c.next(); m.Type == "next" && (err != nil || done.Type != "complete") {
				t.Fatalf("operation %s: after next got %+v, %v; want complete", id, done, err)
			}
		}
		return m
	}
	refused := func(m wsMessage) bool {
		return strings.Contains(string(m.Payload), `"code":"RATE_LIMITED"`) && !strings.Contains(string(m.Payload), `"data":{`)
	}

	c, err := MustDial(t, s.url, from("203.0.113.60"), nil)
	if err != nil {
		t.Fatal(err)
	}
	c.mustAck()
	for i := range 3 {
		if m := answer(c, fmt.Sprint(i)); m.Type != "next" || !strings.Contains(string(m.Payload), `"name"`) {
			t.Fatalf("operation %d within the budget: got %s %s, want the answer", i, m.Type, m.Payload)
		}
	}
	m := answer(c, "3")
	if !refused(m) || !strings.Contains(string(m.Payload), `"retryAfter":1000`) {
		t.Fatalf("operation past the budget: got %s %s; want RATE_LIMITED with retryAfter 1000 and no data", m.Type, m.Payload)
	}
	t.Run("SharedWithHTTP", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, s.url+"/graphql", strings.NewReader(`{"query":"{ city(id: \"alpha\") { name } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", "203.0.113.60")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("HTTP from the socket's client: got %d, want 429", resp.StatusCode)
		}
	})
	t.Run("OtherClients", func(t *testing.T) {
		other, err := MustDial(t, s.url, from("203.0.113.61"), nil)
		if err != nil {
			t.Fatal(err)
		}
		other.mustAck()
		if m := answer(other, "1"); m.Type != "next" || refused(m) {
			t.Errorf("another client: got %s %s, want the answer", m.Type, m.Payload)
		}
	})
	t.Run("ClosedAfterRefusals", func(t *testing.T) {
		// One refusal so far; the socket is closed at MaxSocketRefusals.
		for i := 2; i < MaxSocketRefusals; i++ {
			if m := answer(c, fmt.Sprint(10+i)); !refused(m) {
				t.Fatalf("refusal %d: got %s %s, want RATE_LIMITED", i, m.Type, m.Payload)
			}
		}
		p, _ := json.Marshal(map[string]any{"query": q})
		c.send(wsMessage{ID: "last", Type: "subscribe", Payload: p})
		for range 3 {
			m, err := c.next()
			if err != nil {
				if !strings.Contains(s.log.String(), "websocket closed: rate limit") {
					t.Errorf("log: got %s, want a record of the closed socket", s.log)
				}
				return // closed
			}
			if !refused(m) && m.Type != "complete" {
				t.Fatalf("after %d refusals: got %s %s", MaxSocketRefusals, m.Type, m.Payload)
			}
		}
		t.Errorf("after %d refused operations in a row the socket is still open", MaxSocketRefusals)
	})
}
