package server

import (
	"container/list"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/netip"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"
	"golang.org/x/time/rate"

	"citynet/graph"
	"citynet/graph/generated"
)

// Limits bound what one request may ask and how often a client may ask.
// A zero field means its default (DefaultLimits), a negative one turns that
// limit off: unlike Observability, limits are on unless turned off, so that
// a server nobody configured is still safe to expose.
type Limits struct {
	// MaxDepth bounds how deeply fields nest: `{ city { name } }` is 2.
	// Introspection (__schema, __type) is left out: the validator already
	// bounds its depth.
	MaxDepth int
	// MaxComplexity bounds an operation's estimated cost: each field costs
	// 1 plus what it contains, and a list multiplies what it contains by
	// the items it may hold (`first`, or `limit`, or `len(networks)`;
	// ListWeight for lists without such an argument).
	MaxComplexity int
	// MaxTokens bounds the tokens of a query document, before it is parsed.
	MaxTokens int
	// Timeout bounds each GraphQL query or mutation, over HTTP or a
	// WebSocket; it reaches the store through the context. Subscriptions,
	// exports and imports are not bounded by it.
	Timeout time.Duration
	// Rate is how many requests per second each client may make on
	// average and Burst how many at once (a token bucket per client). A
	// client is the credential of a Bearer request, else its address
	// (IPv6: its /64).
	Rate  float64
	Burst int
	// MaxClients bounds the buckets kept: past it, the least recently
	// seen client's bucket is dropped (it starts full again).
	MaxClients int
	// TrustedProxies are the peers whose X-Forwarded-For names the client;
	// from anyone else it is ignored.
	TrustedProxies []netip.Prefix
	// NoIntrospection refuses introspection (__schema, __type), which
	// GraphiQL needs for its docs and completion.
	NoIntrospection bool
}

// DefaultLimits are safe for a public deployment, and let every example of
// the README through.
func DefaultLimits() Limits {
	return Limits{
		MaxDepth:      12,
		MaxComplexity: 25000,
		MaxTokens:     2000,
		Timeout:       15 * time.Second,
		Rate:          10,
		Burst:         50,
		MaxClients:    10000,
	}
}

// withDefaults replaces zero (and, where off makes no sense, negative)
// fields with their defaults.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxDepth == 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxComplexity == 0 {
		l.MaxComplexity = d.MaxComplexity
	}
	if l.MaxTokens == 0 {
		l.MaxTokens = d.MaxTokens
	}
	if l.Timeout == 0 {
		l.Timeout = d.Timeout
	}
	if l.Rate == 0 {
		l.Rate = d.Rate
	}
	if l.Burst <= 0 {
		l.Burst = d.Burst
	}
	if l.MaxClients <= 0 {
		l.MaxClients = d.MaxClients
	}
	return l
}

// Error codes (extensions.code) of refused requests.
const (
	codeTooDeep         = "QUERY_TOO_DEEP"
	codeTooComplex      = "COMPLEXITY_TOO_HIGH"
	codeTooLarge        = "QUERY_TOO_LARGE"
	codeNoIntrospection = "INTROSPECTION_DISABLED"
	codeTimeout         = "TIMEOUT"
	codeRateLimited     = "RATE_LIMITED"
)

func init() {
	// Refused before execution, like a validation error: gqlgen's
	// transports answer 422 rather than 200 (protocol.go then states the
	// status of every request error).
	for _, code := range []string{codeTooDeep, codeTooComplex, codeTooLarge, codeNoIntrospection} {
		errcode.RegisterErrorType(code, errcode.KindProtocol)
	}
}

// applyLimits sets the GraphQL handler's limits. It runs after
// extension.Introspection is added, so that turning introspection off here
// wins.
func applyLimits(h *handler.Server, l Limits) {
	l = l.withDefaults()
	// First, so that a socket over its budget costs no parsing.
	h.Use(socketRateLimit{})
	h.Use(documentLimit{maxTokens: l.MaxTokens})
	if l.MaxTokens > 0 {
		// The parser's own limit stays as a backstop (persisted queries
		// reach it without passing documentLimit).
		h.SetParserTokenLimit(l.MaxTokens + 1)
	}
	if l.NoIntrospection {
		h.Use(noIntrospection{})
	}
	if l.MaxDepth > 0 || l.MaxComplexity > 0 {
		h.Use(&shapeLimit{maxDepth: l.MaxDepth, maxComplexity: l.MaxComplexity})
	}
	if l.Timeout > 0 {
		h.AroundOperations(operationTimeout(l.Timeout))
		h.AroundFields(timeoutErrors(l.Timeout))
	}
}

// ---------------------------------------------------------------------------
// Tokens and repeated fields

// MaxRepeats bounds how many fields one response path may gather
// (`stats { total }` twice and `...F` selecting `stats { total }` make
// stats.total 3). The validator compares every such pair
// (OverlappingFieldsCanBeMerged): on the development machine, 4,000 copies
// of one field (a 68 KB query) cost it 2.5 s of CPU, and 32 copies of a
// field with 32 copies of a subfield 200 ms. Legitimate queries repeat a
// field a handful of times, through fragments.
const MaxRepeats = 32

// maxExpanded bounds the fields the repeat check visits (fragments
// expanded, equal paths merged); a document past it is refused. The
// default complexity limit refuses such a query anyway. The check looks
// no deeper than maxRepeatDepth, which only a fragment cycle (refused by
// the validator) or a query refused by MaxDepth reaches.
const (
	maxExpanded    = 100_000
	maxRepeatDepth = 256
)

// documentLimit refuses, before gqlgen parses and validates it, a query
// document of more than maxTokens tokens (if maxTokens > 0) or one that
// selects a field more than MaxRepeats times at one response path.
type documentLimit struct{ maxTokens int }

func (documentLimit) ExtensionName() string                   { return "DocumentLimit" }
func (documentLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (d documentLimit) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	if p.Query == "" {
		return nil // a persisted query's hash: its text was checked when it was stored
	}
	if d.maxTokens > 0 && tokensOver(p.Query, d.maxTokens) {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the query has more than %d tokens (names, punctuation, values): split it into smaller queries", d.maxTokens),
			Extensions: map[string]any{"code": codeTooLarge, "limit": d.maxTokens},
		}
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: p.Query})
	if err != nil {
		return nil // the parser reports it again, as gqlgen does
	}
	w := &repeatWalker{doc: doc, budget: maxExpanded}
	for _, op := range doc.Operations {
		if w.walk("", 0, []ast.SelectionSet{op.SelectionSet}); w.worst > MaxRepeats || w.budget < 0 {
			break
		}
	}
	if w.budget < 0 {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the query selects more than %d fields once its fragments are expanded", maxExpanded),
			Extensions: map[string]any{"code": codeTooLarge, "limit": maxExpanded},
		}
	}
	if w.worst > MaxRepeats {
		err := gqlerror.ErrorPosf(w.pos, "%s is selected %d times, more than %d: select it once", w.path, w.worst, MaxRepeats)
		err.Extensions = map[string]any{"code": codeTooLarge, "repeats": w.worst, "limit": MaxRepeats}
		return err
	}
	return nil
}

// repeatWalker finds the response path selected by the most fields: it
// merges what is selected at each path, as the validator and the executor
// do, with each fragment merged once per path.
type repeatWalker struct {
	doc    *ast.QueryDocument
	budget int // fields left to visit

	worst int
	path  string
	pos   *ast.Position
}

// walk merges the selection sets selected at path, then checks each
// response name below it, depth first.
func (w *repeatWalker) walk(path string, depth int, sets []ast.SelectionSet) {
	type group struct {
		n    int
		pos  *ast.Position
		subs []ast.SelectionSet
	}
	groups := map[string]*group{}
	var names []string
	seen := map[string]bool{}
	var collect func(set ast.SelectionSet)
	collect = func(set ast.SelectionSet) {
		for _, sel := range set {
			if w.budget < 0 {
				return
			}
			switch s := sel.(type) {
			case *ast.Field:
				w.budget--
				name := s.Alias
				if name == "" {
					name = s.Name
				}
				g := groups[name]
				if g == nil {
					g = &group{pos: s.Position}
					groups[name] = g
					names = append(names, name)
				}
				g.n++
				if len(s.SelectionSet) > 0 {
					g.subs = append(g.subs, s.SelectionSet)
				}
			case *ast.InlineFragment:
				collect(s.SelectionSet)
			case *ast.FragmentSpread:
				if f := w.doc.Fragments.ForName(s.Name); f != nil && !seen[s.Name] {
					seen[s.Name] = true
					collect(f.SelectionSet)
				}
			}
		}
	}
	for _, set := range sets {
		collect(set)
	}
	for _, name := range names {
		if g := groups[name]; g.n > w.worst {
			w.worst, w.path, w.pos = g.n, strings.TrimPrefix(path+"."+name, "."), g.pos
		}
	}
	for _, name := range names {
		if w.worst > MaxRepeats || w.budget < 0 || depth >= maxRepeatDepth {
			return
		}
		if g := groups[name]; len(g.subs) > 0 {
			w.walk(path+"."+name, depth+1, g.subs)
		}
	}
}

// tokensOver reports whether query has more than limit tokens (comments
// aside), reading no further than that.
func tokensOver(query string, limit int) bool {
	lex := lexer.New(&ast.Source{Input: query})
	for n := 0; ; {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return false // a syntax error is the parser's to report
		}
		if tok.Kind == lexer.Comment {
			continue
		}
		if n++; n > limit {
			return true
		}
	}
}

// ---------------------------------------------------------------------------
// Introspection

// noIntrospection refuses operations that select __schema or __type.
// (__typename stays allowed: clients need it for unions.)
type noIntrospection struct{}

func (noIntrospection) ExtensionName() string                   { return "NoIntrospection" }
func (noIntrospection) Validate(graphql.ExecutableSchema) error { return nil }
func (noIntrospection) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	oc.DisableIntrospection = true
	if f := introspectionField(oc.Operation.SelectionSet, map[string]bool{}); f != nil {
		err := gqlerror.ErrorPosf(f.Position, "%s: introspection is turned off on this server", f.Name)
		err.Extensions = map[string]any{"code": codeNoIntrospection}
		return err
	}
	return nil
}

func introspectionField(set ast.SelectionSet, seen map[string]bool) *ast.Field {
	for _, sel := range set {
		var sub ast.SelectionSet
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" {
				return s
			}
			sub = s.SelectionSet
		case *ast.InlineFragment:
			sub = s.SelectionSet
		case *ast.FragmentSpread:
			if seen[s.Name] || s.Definition == nil {
				continue
			}
			seen[s.Name] = true
			sub = s.Definition.SelectionSet
		}
		if f := introspectionField(sub, seen); f != nil {
			return f
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// Depth and complexity

// ListWeight is the number of items assumed for a list field that takes no
// `first` or `limit` (a city's memberships, a fact's sources).
const ListWeight = 10

// shapeLimit refuses operations nested deeper than maxDepth or costlier
// than maxComplexity (gqlgen's complexity, with the weights of
// withComplexity).
type shapeLimit struct {
	maxDepth, maxComplexity int
	es                      graphql.ExecutableSchema
}

func (*shapeLimit) ExtensionName() string { return "ShapeLimit" }
func (s *shapeLimit) Validate(es graphql.ExecutableSchema) error {
	s.es = es
	return nil
}

func (s *shapeLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	op := oc.Operation
	if s.maxComplexity > 0 {
		// Part of the cost limit: off when it is off.
		if err := limitIntrospection(op); err != nil {
			return err
		}
	}
	w := shapeWalker{depths: map[string]int{}, counts: map[string]int{}}
	if d := w.depth(op.SelectionSet); s.maxDepth > 0 && d > s.maxDepth {
		err := gqlerror.ErrorPosf(op.Position, "the query nests fields %d deep, more than the limit of %d", d, s.maxDepth)
		err.Extensions = map[string]any{"code": codeTooDeep, "depth": d, "limit": s.maxDepth}
		return err
	}
	if s.maxComplexity <= 0 {
		return nil
	}
	// gqlgen's calculation walks every fragment spread again, which a
	// document of fragments spreading each other twice makes exponential.
	// Every field costs at least one, so the number of fields with
	// fragments expanded (counted once per fragment) is a lower bound:
	// past the limit, the operation is refused without the walk.
	c, atLeast := w.fields(op.SelectionSet), true
	if c <= s.maxComplexity {
		c, atLeast = complexity.Calculate(ctx, s.es, op, oc.Variables), false
	}
	if c <= s.maxComplexity {
		return nil
	}
	msg := "the query's complexity is %d, more than the limit of %d: ask for fewer items (first, limit) or fewer nested lists"
	if atLeast {
		msg = "the query's complexity is at least %d, more than the limit of %d: ask for fewer fields"
	}
	err := gqlerror.ErrorPosf(op.Position, msg, c, s.maxComplexity)
	err.Extensions = map[string]any{"code": codeTooComplex, "complexity": c, "limit": s.maxComplexity}
	return err
}

// MaxSchemaFields and MaxTypeFields bound the introspection of one
// operation: how many times it may select __schema and __type, aliases
// and fragments counted. gqlgen's complexity leaves introspection out
// and the validator bounds only how deeply it nests, so without these
// 110 aliases of `__schema { types { fields { description } } }` (a 5 KB
// request) made a 4.6 MB answer. One __schema is what GraphiQL and code
// generators ask for; its answer is bounded by the schema.
const (
	MaxSchemaFields = 1
	MaxTypeFields   = 10
)

// limitIntrospection refuses an operation that selects __schema or
// __type more often than the limits allow, as COMPLEXITY_TOO_HIGH. Both
// are fields of the query root only, so the operation's top level (with
// its fragments) holds them all; fields of one alias merge into one.
func limitIntrospection(op *ast.OperationDefinition) *gqlerror.Error {
	aliases := map[string]map[string]bool{"__schema": {}, "__type": {}}
	seen := map[string]bool{}
	var walk func(set ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if a, ok := aliases[s.Name]; ok {
					a[s.Alias] = true
				}
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if !seen[s.Name] && s.Definition != nil {
					seen[s.Name] = true
					walk(s.Definition.SelectionSet)
				}
			}
		}
	}
	walk(op.SelectionSet)
	for _, f := range []struct {
		name  string
		limit int
	}{{"__schema", MaxSchemaFields}, {"__type", MaxTypeFields}} {
		if n := len(aliases[f.name]); n > f.limit {
			err := gqlerror.ErrorPosf(op.Position, "the query selects %s under %d names, more than the limit of %d per operation: introspect once and reuse the answer", f.name, n, f.limit)
			err.Extensions = map[string]any{"code": codeTooComplex, "field": f.name, "count": n, "limit": f.limit}
			return err
		}
	}
	return nil
}

// shapeWalker measures a selection set with fragments expanded, computing
// each fragment once. Fragment cycles never reach it (the validator refuses
// them).
type shapeWalker struct {
	depths, counts map[string]int
}

func (w shapeWalker) depth(set ast.SelectionSet) int {
	d := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name != "__schema" && s.Name != "__type" {
				d = max(d, 1+w.depth(s.SelectionSet))
			}
		case *ast.InlineFragment:
			d = max(d, w.depth(s.SelectionSet))
		case *ast.FragmentSpread:
			fd, ok := w.depths[s.Name]
			if !ok && s.Definition != nil {
				w.depths[s.Name] = 0
				fd = w.depth(s.Definition.SelectionSet)
				w.depths[s.Name] = fd
			}
			d = max(d, fd)
		}
	}
	return d
}

// fields counts fields as gqlgen's complexity walks them (it skips
// __schema), saturating instead of overflowing.
func (w shapeWalker) fields(set ast.SelectionSet) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Definition == nil || s.Definition.Type.Name() != "__Schema" {
				n = satAdd(n, satAdd(1, w.fields(s.SelectionSet)))
			}
		case *ast.InlineFragment:
			n = satAdd(n, w.fields(s.SelectionSet))
		case *ast.FragmentSpread:
			c, ok := w.counts[s.Name]
			if !ok && s.Definition != nil {
				w.counts[s.Name] = 0
				c = w.fields(s.Definition.SelectionSet)
				w.counts[s.Name] = c
			}
			n = satAdd(n, c)
		}
	}
	return n
}

func satAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

func satMul(a, b int) int {
	if a != 0 && b > math.MaxInt/a {
		return math.MaxInt
	}
	return a * b
}

// withComplexity sets the schema's complexity functions: a list costs 1
// plus what each item contains times the items it may hold. Lists with
// `first` (or neighborhood's `limit`, networkOverlap's networks) count
// that many, at least 1 and at most the API's maximum (a larger value is
// refused by the resolver, naming the argument); a connection's edges are
// counted by its `first`; every other list of objects counts ListWeight.
// Each field then costs at least 1 plus its children, which shapeLimit's
// lower bound relies on.
func withComplexity(cfg generated.Config) generated.Config {
	c := &cfg.Complexity
	list := func(n int) func(int) int {
		return func(child int) int { return satAdd(1, satMul(n, child)) }
	}
	first := func(p *int, def, limit int) int {
		n := def
		if p != nil {
			n = *p
		}
		return min(max(n, 1), limit)
	}
	conn := func(child int, p *int) int { return list(first(p, graph.DefaultPageSize, graph.MaxPageSize))(child) }

	// Every list of objects without an argument: ListWeight items. Found
	// through the schema, so that lists added later are weighed too, and
	// matched to their functions by asking the generated code (gqlgen.yml
	// may rename them: Stats.nodes is NodeCounts).
	schema := cfg.Schema
	if schema == nil {
		schema = generated.NewExecutableSchema(generated.Config{}).Schema()
	}
	slots := complexitySlots(c, schema)
	countedByParent := map[string]bool{"Subgraph.nodes": true, "Subgraph.edges": true, "Subgraph.omittedByType": true, "Centrality.scores": true}
	for _, def := range schema.Types {
		if def.Kind != ast.Object || strings.HasPrefix(def.Name, "__") || strings.HasSuffix(def.Name, "Connection") {
			continue
		}
		for _, f := range def.Fields {
			k := schema.Types[f.Type.Name()].Kind
			if f.Type.Elem == nil || len(f.Arguments) > 0 || countedByParent[def.Name+"."+f.Name] ||
				k != ast.Object && k != ast.Interface && k != ast.Union {
				continue
			}
			if slot, ok := slots[def.Name+"."+f.Name]; ok {
				slot.Set(reflect.ValueOf(list(ListWeight)))
			}
		}
	}

	q := &c.Query
	q.Cities = func(ch int, _ *graph.CityFilter, p *int, _ *string) int { return conn(ch, p) }
	q.Countries = func(ch int, p *int, _ *string) int { return conn(ch, p) }
	q.Networks = func(ch int, _ *graph.NetworkFilter, p *int, _ *string) int { return conn(ch, p) }
	q.Events = func(ch int, _ *graph.EventFilter, p *int, _ *string) int { return conn(ch, p) }
	q.Partnerships = func(ch int, _ *graph.PartnershipFilter, p *int, _ *string) int { return conn(ch, p) }
	q.People = func(ch int, _ *graph.PersonFilter, p *int, _ *string) int { return conn(ch, p) }
	q.Institutions = func(ch int, _ *graph.InstitutionFilter, p *int, _ *string) int { return conn(ch, p) }
	q.Sources = func(ch int, _ *graph.SourceFilter, p *int, _ *string) int { return conn(ch, p) }
	q.CityPairs = func(ch int, _ *int, _, _ *float64, p *int, _ *string) int { return conn(ch, p) }
	q.Search = func(ch int, _ string, _ []graph.NodeType, p *int) int {
		return list(first(p, graph.DefaultSearchResults, graph.MaxSearchResults))(ch)
	}
	q.SimilarCities = func(ch int, _ string, p *int) int {
		return list(first(p, graph.DefaultSimilarCities, graph.MaxPageSize))(ch)
	}
	q.Centrality = func(ch int, _ graph.CentralityKind, p *int) int {
		return list(first(p, graph.DefaultCentrality, graph.MaxPageSize))(ch)
	}
	q.Neighborhood = func(ch int, _ string, _ *int, p *int, _ []graph.RelType) int {
		return list(first(p, graph.DefaultNeighborLimit, graph.MaxNeighborLimit))(ch)
	}
	q.NetworkOverlap = func(ch int, ids []string) int {
		n := graph.DefaultOverlapNetworks
		if len(ids) > 0 {
			n = len(ids)
		}
		return list(min(n, graph.MaxOverlapNetworks))(ch)
	}
	q.SharedNetworks = func(ch int, _, _ string) int { return list(ListWeight)(ch) }
	c.Stats.MembersPerNetwork = func(ch int, p *int) int { return list(first(p, graph.DefaultPageSize, graph.MaxPageSize))(ch) }
	c.Stats.NetworksPerCity = func(ch int, p *int) int { return list(first(p, graph.DefaultPageSize, graph.MaxPageSize))(ch) }
	return cfg
}

// complexitySlots finds the ComplexityRoot function of every field that
// takes no arguments ("City.memberships"), as settable values of *c: it
// gives each a distinct marker value and asks the generated Complexity
// which one a field returns.
func complexitySlots(c *generated.ComplexityRoot, schema *ast.Schema) map[string]reflect.Value {
	fnType := reflect.TypeFor[func(int) int]()
	var probe generated.ComplexityRoot
	pv, cv := reflect.ValueOf(&probe).Elem(), reflect.ValueOf(c).Elem()
	var targets []reflect.Value
	for i := range pv.NumField() {
		for j := range pv.Field(i).NumField() {
			if f := pv.Field(i).Field(j); f.Type() == fnType {
				marker := len(targets) + 1
				f.Set(reflect.ValueOf(func(int) int { return marker }))
				targets = append(targets, cv.Field(i).Field(j))
			}
		}
	}
	es := generated.NewExecutableSchema(generated.Config{Schema: schema, Complexity: probe})
	slots := map[string]reflect.Value{}
	for _, def := range schema.Types {
		for _, f := range def.Fields {
			if n, ok := es.Complexity(context.Background(), def.Name, f.Name, 0, nil); ok && n >= 1 && n <= len(targets) && len(f.Arguments) == 0 {
				slots[def.Name+"."+f.Name] = targets[n-1]
			}
		}
	}
	return slots
}

// ---------------------------------------------------------------------------
// Timeout

// errRequestTimeout is the cause of a context that ran out of the
// operation's time.
var errRequestTimeout = errors.New("the operation ran out of time")

// operationTimeout gives each query or mutation d to run. The deadline is
// in the context every resolver and store call gets (the Neo4j store turns
// it into the transaction's timeout). An operation whose time ran out
// before it started gets one TIMEOUT error.
func operationTimeout(d time.Duration) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		if op := graphql.GetOperationContext(ctx).Operation; op != nil && op.Operation == ast.Subscription {
			return next(ctx)
		}
		ctx, cancel := context.WithTimeoutCause(ctx, d, errRequestTimeout)
		h := next(ctx)
		done := false
		// Queries and mutations answer once: the context is released
		// after the answer.
		return func(ctx context.Context) *graphql.Response {
			if done {
				return nil
			}
			done = true
			defer cancel()
			resp := h(ctx)
			if resp == nil && timedOut(ctx) {
				resp = &graphql.Response{Errors: gqlerror.List{timeoutError(d, nil)}}
			}
			if resp != nil && timedOut(ctx) {
				resp.Errors = oneTimeout(resp.Errors)
			}
			return resp
		}
	}
}

// oneTimeout keeps the first TIMEOUT error of a list and drops the rest:
// once the time is up every field left fails alike (timeoutErrors), and
// one error says it; extensions.fields counts them.
func oneTimeout(errs gqlerror.List) gqlerror.List {
	var first *gqlerror.Error
	n := 0
	out := errs[:0]
	for _, e := range errs {
		if e.Extensions["code"] != codeTimeout {
			out = append(out, e)
			continue
		}
		if n++; first == nil {
			first = e
			out = append(out, e)
		}
	}
	if n > 1 {
		first.Extensions["fields"] = n
	}
	return out
}

// timeoutErrors makes the operation's deadline hold for every field: once
// it has passed, a field is not resolved but fails with TIMEOUT (so that
// a large answer built from memory, introspection's included, stops being
// built), and the uncoded error of a field that ran out of time (the
// store's context error, or whatever it made of it) becomes a TIMEOUT
// error rather than an internal one. Coded errors (not found, bad input)
// stand.
func timeoutErrors(d time.Duration) graphql.FieldMiddleware {
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		if timedOut(ctx) {
			return nil, timeoutError(d, graphql.GetPath(ctx))
		}
		res, err := next(ctx)
		var de *graph.Error
		var dse *graph.DatasetError
		if err != nil && timedOut(ctx) && !errors.As(err, &de) && !errors.As(err, &dse) {
			return res, timeoutError(d, graphql.GetPath(ctx))
		}
		return res, err
	}
}

func timedOut(ctx context.Context) bool {
	return errors.Is(context.Cause(ctx), errRequestTimeout)
}

func timeoutError(d time.Duration, path ast.Path) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf("the query took longer than this server allows (%v): ask for fewer items or a smaller neighbourhood; a ranking (cityPairs, centrality) goes on being computed, so asking again shortly may be enough", d),
		Path:       path,
		Extensions: map[string]any{"code": codeTimeout, "timeout": d.String()},
	}
}

// ---------------------------------------------------------------------------
// Rate limiting

// rateExempt are the addresses monitoring polls: never rate limited.
var rateExempt = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// limitRequests applies the per-client rate limit to every request but
// rateExempt's and those from this machine (see client). A refused request
// gets 429 with Retry-After (seconds) and a GraphQL-shaped body coded
// RATE_LIMITED. A WebSocket counts once when it connects, and then every
// operation it starts counts against the same client's budget
// (socketBudget): a socket is no way around the limit.
func limitRequests(next http.Handler, l Limits, log *slog.Logger) http.Handler {
	if l = l.withDefaults(); l.Rate < 0 {
		return next
	}
	rl := newRateLimiter(l, time.Now)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rateExempt[r.URL.Path] {
			next.ServeHTTP(w, r)
			return
		}
		key, who, local := rl.client(r)
		if local {
			next.ServeHTTP(w, r)
			return
		}
		wait, report := rl.allow(key)
		if wait == 0 {
			if isWebSocket(r) {
				ctx, cancel := context.WithCancel(r.Context())
				defer cancel()
				r = r.WithContext(context.WithValue(ctx, socketBudgetKey{}, &socketBudget{rl: rl, l: l, log: log, key: key, who: who, close: cancel}))
			}
			next.ServeHTTP(w, r)
			return
		}
		if report {
			// At most once a minute per client, not per refused
			// request. A credential is shown as its keyed hash.
			log.InfoContext(r.Context(), "rate limited", "client", who, "rate", l.Rate, "burst", l.Burst)
		}
		secs := int(math.Ceil(wait.Seconds()))
		// A request error: errors and no data entry, as the GraphQL
		// over HTTP specification wants.
		body, _ := json.Marshal(map[string]gqlerror.List{"errors": {rateLimitedError(l, secs, "")}})
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write(body)
	})
}

func rateLimitedError(l Limits, secs int, more string) *gqlerror.Error {
	return &gqlerror.Error{
		Message: fmt.Sprintf("too many requests: this server allows %g per second per client (bursts of %d); retry in %d s%s",
			l.Rate, l.Burst, secs, more),
		Extensions: map[string]any{"code": codeRateLimited, "retryAfter": secs},
	}
}

// MaxSocketRefusals is how many operations in a row a WebSocket may have
// refused by the rate limit before the server closes it: a client that
// waits as Retry-After says never gets there, one that keeps pushing is
// cut off rather than answered forever.
const MaxSocketRefusals = 10

type socketBudgetKey struct{}

// socketBudget charges the operations of one WebSocket to its client's
// token bucket, the one its HTTP requests use.
type socketBudget struct {
	rl       *rateLimiter
	l        Limits
	log      *slog.Logger
	key, who string
	close    context.CancelFunc // ends the connection

	mu       sync.Mutex
	refusals int // in a row
}

// socketRateLimit refuses, before it is parsed, an operation started on a
// WebSocket whose client has no token left (HTTP requests were counted
// by limitRequests already and carry no budget).
type socketRateLimit struct{}

func (socketRateLimit) ExtensionName() string                   { return "SocketRateLimit" }
func (socketRateLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (socketRateLimit) MutateOperationParameters(ctx context.Context, _ *graphql.RawParams) *gqlerror.Error {
	b, ok := ctx.Value(socketBudgetKey{}).(*socketBudget)
	if !ok {
		return nil
	}
	wait, report := b.rl.allow(b.key)
	b.mu.Lock()
	defer b.mu.Unlock()
	if wait == 0 {
		b.refusals = 0
		return nil
	}
	b.refusals++
	if report {
		b.log.InfoContext(ctx, "rate limited", "client", b.who, "rate", b.l.Rate, "burst", b.l.Burst, "transport", "websocket")
	}
	if b.refusals >= MaxSocketRefusals {
		b.log.InfoContext(ctx, "websocket closed: rate limit", "client", b.who, "refused", b.refusals)
		b.close()
	}
	return rateLimitedError(b.l, int(math.Ceil(wait.Seconds())),
		fmt.Sprintf(" (refusal %d of %d in a row: at %d this connection is closed)", b.refusals, MaxSocketRefusals, MaxSocketRefusals))
}

// rateLimiter keeps one token bucket per client in an LRU list. A bucket
// unused for burst/rate seconds is full again, no different from a new
// one, so such buckets are dropped as requests pass.
type rateLimiter struct {
	rate    rate.Limit
	burst   int
	max     int
	idle    time.Duration
	proxies []netip.Prefix
	now     func() time.Time
	salt    []byte

	mu      sync.Mutex
	clients map[string]*list.Element // of *bucket
	lru     list.List                // front: most recently seen
}

type bucket struct {
	key      string
	lim      *rate.Limiter
	seen     time.Time
	reported time.Time // when a refusal was last logged
}

// reportEvery spaces the log records of one client's refusals.
const reportEvery = time.Minute

func newRateLimiter(l Limits, now func() time.Time) *rateLimiter {
	salt := make([]byte, 32)
	rand.Read(salt)
	return &rateLimiter{
		rate: rate.Limit(l.Rate), burst: l.Burst, max: l.MaxClients,
		idle:    time.Duration(float64(l.Burst) / l.Rate * float64(time.Second)),
		proxies: l.TrustedProxies, now: now, salt: salt,
		clients: map[string]*list.Element{},
	}
}

// allow takes a token from key's bucket. It returns 0 if there was one,
// else how long until there is, and whether to log the refusal (the
// client's first in reportEvery).
func (rl *rateLimiter) allow(key string) (wait time.Duration, report bool) {
	now := rl.now()
	rl.mu.Lock()
	defer rl.mu.Unlock()
	for e := rl.lru.Back(); e != nil; e = rl.lru.Back() {
		if b := e.Value.(*bucket); now.Sub(b.seen) > rl.idle {
			rl.lru.Remove(e)
			delete(rl.clients, b.key)
			continue
		}
		break
	}
	e, ok := rl.clients[key]
	if ok {
		rl.lru.MoveToFront(e)
	} else {
		if rl.lru.Len() >= rl.max {
			old := rl.lru.Back()
			rl.lru.Remove(old)
			delete(rl.clients, old.Value.(*bucket).key)
		}
		e = rl.lru.PushFront(&bucket{key: key, lim: rate.NewLimiter(rl.rate, rl.burst)})
		rl.clients[key] = e
	}
	b := e.Value.(*bucket)
	b.seen = now
	res := b.lim.ReserveN(now, 1)
	if wait = res.DelayFrom(now); wait == 0 {
		return 0, false
	}
	res.CancelAt(now)
	if report = now.Sub(b.reported) >= reportEvery; report {
		b.reported = now
	}
	return wait, report
}

// len is the number of buckets kept.
func (rl *rateLimiter) len() int {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	return rl.lru.Len()
}

// client names who sent r: key identifies its bucket, who is safe to log.
// A client on this machine (a loopback address, after X-Forwarded-For from
// trusted proxies) is local: not limited, so that local tools (load tests,
// GraphiQL in development) are not throttled and so that a reverse proxy
// on this machine, until TrustedProxies names it, does not squeeze every
// client into one bucket. A Bearer credential is the client (hashed with a
// secret of this process, so the key appears nowhere, not even as the hash
// the keys file holds), whether valid or not: an unknown one is refused by
// authentication next.
func (rl *rateLimiter) client(r *http.Request) (key, who string, local bool) {
	ip := clientIP(r, rl.proxies)
	if ip.IsLoopback() {
		return "", "", true
	}
	if scheme, cred, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.EqualFold(scheme, "Bearer") && strings.TrimSpace(cred) != "" {
		m := hmac.New(sha256.New, rl.salt)
		m.Write([]byte(strings.TrimSpace(cred)))
		sum := hex.EncodeToString(m.Sum(nil))
		return "credential:" + sum, "credential " + sum[:12], false
	}
	if !ip.IsValid() {
		return "address:" + r.RemoteAddr, r.RemoteAddr, false
	}
	if ip.Is6() {
		// One IPv6 host usually holds a whole /64.
		p, _ := ip.Prefix(64)
		return "address:" + p.String(), p.String(), false
	}
	return "address:" + ip.String(), ip.String(), false
}

// clientIP is the peer's address or, if the peer is a trusted proxy, the
// last address in X-Forwarded-For that is not one: the client as the
// nearest proxy saw it (earlier entries are the client's own word).
func clientIP(r *http.Request, proxies []netip.Prefix) netip.Addr {
	peer := parseIP(r.RemoteAddr)
	if !trusted(peer, proxies) {
		return peer
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		ip := parseIP(strings.TrimSpace(hops[i]))
		if !ip.IsValid() {
			break // a garbled entry: trust nothing before it
		}
		if peer = ip; !trusted(ip, proxies) {
			break
		}
	}
	return peer
}

func trusted(ip netip.Addr, proxies []netip.Prefix) bool {
	for _, p := range proxies {
		if ip.IsValid() && p.Contains(ip) {
			return true
		}
	}
	return false
}

// parseIP reads "1.2.3.4", "1.2.3.4:5678", "[::1]:5678" or "::1".
func parseIP(s string) netip.Addr {
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	ip, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}
	}
	return ip.Unmap().WithZone("")
}
