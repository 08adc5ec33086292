package server

import (
	"context"
	"errors"
	"time"

	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"citynet/graph"
)

// observeStore instruments the store's calls: each one is timed into
// citynet_store_call_duration_seconds{method,outcome} (when the call runs
// for a request of a server with metrics on: the registry comes with the
// request's context) and traced as a span "store.<Method>". With metrics
// and tracing both off the store is returned as it is.
func observeStore(store graph.Store, o Observability) graph.Store {
	if o.NoMetrics && o.TracerProvider == nil {
		return store
	}
	return &observedStore{next: store, tracer: o.tracer()}
}

// observedStore implements every graph.Store method itself, without
// embedding, so that a method added to the interface cannot slip past
// untimed: the build fails here until it is added.
type observedStore struct {
	next   graph.Store
	tracer trace.Tracer // nil: no spans
}

var _ graph.Store = (*observedStore)(nil)

// Unwrap returns the instrumented store.
func (s *observedStore) Unwrap() graph.Store { return s.next }

func noEnd(error) {}

// begin starts timing a call; end(err) records it.
func (s *observedStore) begin(ctx context.Context, method string) (_ context.Context, end func(error)) {
	obs := observerFrom(ctx)
	if obs == nil && s.tracer == nil {
		return ctx, noEnd
	}
	start := time.Now()
	var span trace.Span
	if s.tracer != nil {
		ctx, span = s.tracer.Start(ctx, "store."+method, trace.WithSpanKind(trace.SpanKindClient),
			trace.WithAttributes(attribute.String("store.method", method)))
	}
	return ctx, func(err error) {
		outcome := storeOutcome(err)
		if obs != nil {
			obs.storeCalls.WithLabelValues(method, outcome).Observe(time.Since(start).Seconds())
		}
		if span != nil {
			if err != nil {
				// The code only: an internal error's text is for the
				// log, which has it from the error presenter.
				span.SetAttributes(attribute.String("store.outcome", outcome))
				if outcome == graph.EINTERNAL || outcome == "canceled" {
					span.SetStatus(otelcodes.Error, outcome)
				}
			}
			span.End()
		}
	}
}

// storeOutcome is the outcome label of a store call: ok, a domain error
// code (not_found, invalid, …) or canceled.
func storeOutcome(err error) string {
	var dse *graph.DatasetError
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return "canceled"
	case errors.As(err, &dse):
		return graph.EINVALID
	}
	switch c := graph.ErrorCode(err); c {
	case graph.ENOTFOUND, graph.EINVALID, graph.ECONFLICT, graph.EUNAUTHENTICATED, graph.EFORBIDDEN, graph.ENOTIMPLEMENTED, graph.EUNAVAILABLE:
		return c
	}
	return graph.EINTERNAL
}

func (s *observedStore) Apply(ctx context.Context, c *graph.Change) (_ *graph.ChangeResult, err error) {
	ctx, end := s.begin(ctx, "Apply")
	defer func() { end(err) }()
	return s.next.Apply(ctx, c)
}

func (s *observedStore) Dataset(ctx context.Context) (_ *graph.Dataset, err error) {
	ctx, end := s.begin(ctx, "Dataset")
	defer func() { end(err) }()
	return s.next.Dataset(ctx)
}

func (s *observedStore) Version(ctx context.Context) (_ string, err error) {
	ctx, end := s.begin(ctx, "Version")
	defer func() { end(err) }()
	return s.next.Version(ctx)
}

func (s *observedStore) Node(ctx context.Context, id string) (_ graph.Node, err error) {
	ctx, end := s.begin(ctx, "Node")
	defer func() { end(err) }()
	return s.next.Node(ctx, id)
}

func (s *observedStore) City(ctx context.Context, id string) (_ *graph.City, err error) {
	ctx, end := s.begin(ctx, "City")
	defer func() { end(err) }()
	return s.next.City(ctx, id)
}

func (s *observedStore) Cities(ctx context.Context, f graph.CityFilter, p graph.Page) (_ *graph.Connection[*graph.City], err error) {
	ctx, end := s.begin(ctx, "Cities")
	defer func() { end(err) }()
	return s.next.Cities(ctx, f, p)
}

func (s *observedStore) Country(ctx context.Context, id string) (_ *graph.Country, err error) {
	ctx, end := s.begin(ctx, "Country")
	defer func() { end(err) }()
	return s.next.Country(ctx, id)
}

func (s *observedStore) Countries(ctx context.Context, p graph.Page) (_ *graph.Connection[*graph.Country], err error) {
	ctx, end := s.begin(ctx, "Countries")
	defer func() { end(err) }()
	return s.next.Countries(ctx, p)
}

func (s *observedStore) Network(ctx context.Context, id string) (_ *graph.Network, err error) {
	ctx, end := s.begin(ctx, "Network")
	defer func() { end(err) }()
	return s.next.Network(ctx, id)
}

func (s *observedStore) Networks(ctx context.Context, f graph.NetworkFilter, p graph.Page) (_ *graph.Connection[*graph.Network], err error) {
	ctx, end := s.begin(ctx, "Networks")
	defer func() { end(err) }()
	return s.next.Networks(ctx, f, p)
}

func (s *observedStore) Institution(ctx context.Context, id string) (_ *graph.Institution, err error) {
	ctx, end := s.begin(ctx, "Institution")
	defer func() { end(err) }()
	return s.next.Institution(ctx, id)
}

func (s *observedStore) Institutions(ctx context.Context, f graph.InstitutionFilter, p graph.Page) (_ *graph.Connection[*graph.Institution], err error) {
	ctx, end := s.begin(ctx, "Institutions")
	defer func() { end(err) }()
	return s.next.Institutions(ctx, f, p)
}

func (s *observedStore) Person(ctx context.Context, id string) (_ *graph.Person, err error) {
	ctx, end := s.begin(ctx, "Person")
	defer func() { end(err) }()
	return s.next.Person(ctx, id)
}

func (s *observedStore) People(ctx context.Context, f graph.PersonFilter, p graph.Page) (_ *graph.Connection[*graph.Person], err error) {
	ctx, end := s.begin(ctx, "People")
	defer func() { end(err) }()
	return s.next.People(ctx, f, p)
}

func (s *observedStore) Event(ctx context.Context, id string) (_ *graph.Event, err error) {
	ctx, end := s.begin(ctx, "Event")
	defer func() { end(err) }()
	return s.next.Event(ctx, id)
}

func (s *observedStore) Events(ctx context.Context, f graph.EventFilter, p graph.Page) (_ *graph.Connection[*graph.Event], err error) {
	ctx, end := s.begin(ctx, "Events")
	defer func() { end(err) }()
	return s.next.Events(ctx, f, p)
}

func (s *observedStore) Partnership(ctx context.Context, id string) (_ *graph.Partnership, err error) {
	ctx, end := s.begin(ctx, "Partnership")
	defer func() { end(err) }()
	return s.next.Partnership(ctx, id)
}

func (s *observedStore) Partnerships(ctx context.Context, f graph.PartnershipFilter, p graph.Page) (_ *graph.Connection[*graph.Partnership], err error) {
	ctx, end := s.begin(ctx, "Partnerships")
	defer func() { end(err) }()
	return s.next.Partnerships(ctx, f, p)
}

func (s *observedStore) Source(ctx context.Context, id string) (_ *graph.Source, err error) {
	ctx, end := s.begin(ctx, "Source")
	defer func() { end(err) }()
	return s.next.Source(ctx, id)
}

func (s *observedStore) Sources(ctx context.Context, f graph.SourceFilter, p graph.Page) (_ *graph.Connection[*graph.Source], err error) {
	ctx, end := s.begin(ctx, "Sources")
	defer func() { end(err) }()
	return s.next.Sources(ctx, f, p)
}

func (s *observedStore) Memberships(ctx context.Context, f graph.MembershipFilter) (_ []*graph.Membership, err error) {
	ctx, end := s.begin(ctx, "Memberships")
	defer func() { end(err) }()
	return s.next.Memberships(ctx, f)
}

func (s *observedStore) Foundings(ctx context.Context, f graph.FoundingFilter) (_ []*graph.Founding, err error) {
	ctx, end := s.begin(ctx, "Foundings")
	defer func() { end(err) }()
	return s.next.Foundings(ctx, f)
}

func (s *observedStore) Offices(ctx context.Context, f graph.OfficeFilter) (_ []*graph.Office, err error) {
	ctx, end := s.begin(ctx, "Offices")
	defer func() { end(err) }()
	return s.next.Offices(ctx, f)
}

func (s *observedStore) Claims(ctx context.Context, subjectIDs []string) (_ []*graph.Claim, err error) {
	ctx, end := s.begin(ctx, "Claims")
	defer func() { end(err) }()
	return s.next.Claims(ctx, subjectIDs)
}

func (s *observedStore) Supports(ctx context.Context, sourceID string, p graph.Page) (_ *graph.Connection[*graph.Support], err error) {
	ctx, end := s.begin(ctx, "Supports")
	defer func() { end(err) }()
	return s.next.Supports(ctx, sourceID, p)
}

func (s *observedStore) Search(ctx context.Context, text string, types []graph.NodeType, first int) (_ []graph.SearchHit, err error) {
	ctx, end := s.begin(ctx, "Search")
	defer func() { end(err) }()
	return s.next.Search(ctx, text, types, first)
}

func (s *observedStore) SharedNetworks(ctx context.Context, a, b string) (_ []*graph.Network, err error) {
	ctx, end := s.begin(ctx, "SharedNetworks")
	defer func() { end(err) }()
	return s.next.SharedNetworks(ctx, a, b)
}

func (s *observedStore) CityPairs(ctx context.Context, f graph.PairFilter, p graph.Page) (_ *graph.Connection[*graph.CityPair], err error) {
	ctx, end := s.begin(ctx, "CityPairs")
	defer func() { end(err) }()
	return s.next.CityPairs(ctx, f, p)
}

func (s *observedStore) NetworkSpans(ctx context.Context, ids []string) (_ []*graph.NetworkSpan, err error) {
	ctx, end := s.begin(ctx, "NetworkSpans")
	defer func() { end(err) }()
	return s.next.NetworkSpans(ctx, ids)
}

func (s *observedStore) Path(ctx context.Context, from, to string, maxHops int, rels []graph.RelType) (_ *graph.Path, err error) {
	ctx, end := s.begin(ctx, "Path")
	defer func() { end(err) }()
	return s.next.Path(ctx, from, to, maxHops, rels)
}

func (s *observedStore) Neighborhood(ctx context.Context, id string, depth, limit int, rels []graph.RelType) (_ *graph.Subgraph, err error) {
	ctx, end := s.begin(ctx, "Neighborhood")
	defer func() { end(err) }()
	return s.next.Neighborhood(ctx, id, depth, limit, rels)
}

func (s *observedStore) Stats(ctx context.Context) (_ *graph.Stats, err error) {
	ctx, end := s.begin(ctx, "Stats")
	defer func() { end(err) }()
	return s.next.Stats(ctx)
}

func (s *observedStore) NetworkOverlap(ctx context.Context, networkIDs []string) (_ *graph.Overlap, err error) {
	ctx, end := s.begin(ctx, "NetworkOverlap")
	defer func() { end(err) }()
	return s.next.NetworkOverlap(ctx, networkIDs)
}

func (s *observedStore) SimilarCities(ctx context.Context, id string, first int) (_ []*graph.CityPair, err error) {
	ctx, end := s.begin(ctx, "SimilarCities")
	defer func() { end(err) }()
	return s.next.SimilarCities(ctx, id, first)
}

func (s *observedStore) Centrality(ctx context.Context, kind graph.CentralityKind, first int) (_ *graph.Centrality, err error) {
	ctx, end := s.begin(ctx, "Centrality")
	defer func() { end(err) }()
	return s.next.Centrality(ctx, kind, first)
}

// Walk's time includes the callbacks' (an export writing to its client).
func (s *observedStore) Walk(ctx context.Context, node func(graph.Node) error, edge func(graph.Edge) error) (err error) {
	ctx, end := s.begin(ctx, "Walk")
	defer func() { end(err) }()
	return s.next.Walk(ctx, node, edge)
}

// Close is not a request's call: it is passed through untimed.
func (s *observedStore) Close() error { return s.next.Close() }
