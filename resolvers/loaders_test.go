package resolvers

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"citynet/data"
	"citynet/graph"
	"citynet/graph/memory"
)

// calls counts a store's calls (of the methods the loaders use).
type calls struct {
	graph.Store
	n atomic.Int64
}

func (s *calls) Node(ctx context.Context, id string) (graph.Node, error) {
	s.n.Add(1)
	return s.Store.Node(ctx, id)
}

func (s *calls) City(ctx context.Context, id string) (*graph.City, error) {
	s.n.Add(1)
	return s.Store.City(ctx, id)
}

func (s *calls) Cities(ctx context.Context, f graph.CityFilter, p graph.Page) (*graph.Connection[*graph.City], error) {
	s.n.Add(1)
	return s.Store.Cities(ctx, f, p)
}

func (s *calls) Country(ctx context.Context, id string) (*graph.Country, error) {
	s.n.Add(1)
	return s.Store.Country(ctx, id)
}

func (s *calls) Countries(ctx context.Context, p graph.Page) (*graph.Connection[*graph.Country], error) {
	s.n.Add(1)
	return s.Store.Countries(ctx, p)
}

func (s *calls) Person(ctx context.Context, id string) (*graph.Person, error) {
	s.n.Add(1)
	return s.Store.Person(ctx, id)
}

func (s *calls) Source(ctx context.Context, id string) (*graph.Source, error) {
	s.n.Add(1)
	return s.Store.Source(ctx, id)
}

func (s *calls) Network(ctx context.Context, id string) (*graph.Network, error) {
	s.n.Add(1)
	return s.Store.Network(ctx, id)
}

func (s *calls) Networks(ctx context.Context, f graph.NetworkFilter, p graph.Page) (*graph.Connection[*graph.Network], error) {
	s.n.Add(1)
	return s.Store.Networks(ctx, f, p)
}

func (s *calls) Institutions(ctx context.Context, f graph.InstitutionFilter, p graph.Page) (*graph.Connection[*graph.Institution], error) {
	s.n.Add(1)
	return s.Store.Institutions(ctx, f, p)
}

func (s *calls) People(ctx context.Context, f graph.PersonFilter, p graph.Page) (*graph.Connection[*graph.Person], error) {
	s.n.Add(1)
	return s.Store.People(ctx, f, p)
}

func (s *calls) Events(ctx context.Context, f graph.EventFilter, p graph.Page) (*graph.Connection[*graph.Event], error) {
	s.n.Add(1)
	return s.Store.Events(ctx, f, p)
}

func (s *calls) Partnerships(ctx context.Context, f graph.PartnershipFilter, p graph.Page) (*graph.Connection[*graph.Partnership], error) {
	s.n.Add(1)
	return s.Store.Partnerships(ctx, f, p)
}

func (s *calls) Sources(ctx context.Context, f graph.SourceFilter, p graph.Page) (*graph.Connection[*graph.Source], error) {
	s.n.Add(1)
	return s.Store.Sources(ctx, f, p)
}

func (s *calls) Memberships(ctx context.Context, f graph.MembershipFilter) ([]*graph.Membership, error) {
	s.n.Add(1)
	return s.Store.Memberships(ctx, f)
}

func (s *calls) Foundings(ctx context.Context, f graph.FoundingFilter) ([]*graph.Founding, error) {
	s.n.Add(1)
	return s.Store.Foundings(ctx, f)
}

func (s *calls) Offices(ctx context.Context, f graph.OfficeFilter) ([]*graph.Office, error) {
	s.n.Add(1)
	return s.Store.Offices(ctx, f)
}

func (s *calls) Claims(ctx context.Context, ids []string) ([]*graph.Claim, error) {
	s.n.Add(1)
	return s.Store.Claims(ctx, ids)
}

func corpusStore(tb testing.TB) (*calls, *graph.Dataset) {
	tb.Helper()
	ds, err := data.Load()
	if err != nil {
		tb.Fatal(err)
	}
	mem, err := memory.New(ds)
	if err != nil {
		tb.Fatal(err)
	}
	return &calls{Store: mem}, ds
}

// result is one read's answer, to compare.
type result struct {
	Value any
	Err   error
}

// concurrently reads every key at once, as resolvers do, and returns the
// answers by key.
func concurrently[V any](keys []string, read func(string) (V, error)) map[string]result {
	out := make(map[string]result, len(keys))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			v, err := read(k)
			mu.Lock()
			out[k] = result{v, err}
			mu.Unlock()
		})
	}
	wg.Wait()
	return out
}

func ids[T graph.Node](items []T) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.NodeID()
	}
	return out
}

// TestLoadersAnswerAsStore: every loader answers every id of the corpus
// (and unknown ids) exactly as the store read it replaces, errors included,
// in a few batched calls.
func TestLoadersAnswerAsStore(t *testing.T) {
	store, ds := corpusStore(t)
	r := &Resolver{Store: store}
	unknown := []string{"no-such-id", "nowhere"}
	cities := append(ids(ds.Cities), unknown...)
	networks := append(ids(ds.Networks), unknown...)
	people := append(ids(ds.People), unknown...)
	countries := append(ids(ds.Countries), unknown...)
	parties := append(append(ids(ds.Cities), ids(ds.Institutions)...), unknown...) // cities and institutions
	var all []string
	for _, n := range ds.Nodes() {
		all = append(all, n.NodeID())
	}
	all = append(all, unknown...)

	type check struct {
		name string
		keys []string
		read func(*Loaders, context.Context, string) (any, error)
	}
	for _, c := range []check{
		{"City", cities, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.City(ctx, id) }},
		{"Country", append(ids(ds.Countries), unknown...), func(l *Loaders, ctx context.Context, id string) (any, error) { return l.Country(ctx, id) }},
		{"Network", networks, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.Network(ctx, id) }},
		{"Person", people, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.Person(ctx, id) }},
		{"Source", append(ids(ds.Sources), unknown...), func(l *Loaders, ctx context.Context, id string) (any, error) { return l.Source(ctx, id) }},
		{"Node", all, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.Node(ctx, id) }},
		{"Nodes", all, func(l *Loaders, ctx context.Context, id string) (any, error) {
			return l.Nodes(ctx, []string{all[0], id, all[len(all)/2]})
		}},
		{"Networks", networks, func(l *Loaders, ctx context.Context, id string) (any, error) {
			return l.Networks(ctx, []string{ds.Networks[0].ID, ds.Networks[len(ds.Networks)-1].ID, id})
		}},
		{"Cities", cities, func(l *Loaders, ctx context.Context, id string) (any, error) {
			return l.Cities(ctx, []string{id, ds.Cities[0].ID})
		}},
		{"CityMemberships", cities, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.CityMemberships(ctx, id) }},
		{"CityNetworks", cities, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.CityNetworks(ctx, id) }},
		{"NetworkMembers", networks, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.NetworkMembers(ctx, id) }},
		{"MemberCount", networks, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.MemberCount(ctx, id) }},
		{"Founded", append(cities, people...), func(l *Loaders, ctx context.Context, id string) (any, error) { return l.Founded(ctx, id) }},
		{"Founders", networks, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.Founders(ctx, id) }},
		{"CityOffices", cities, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.CityOffices(ctx, id) }},
		{"PersonOffices", people, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.PersonOffices(ctx, id) }},
		{"Claims", all, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.Claims(ctx, id) }},
		{"CityEvents", cities, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.CityEvents(ctx, id) }},
		{"NetworkEvents", networks, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.NetworkEvents(ctx, id) }},
		{"Attended", parties, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.Attended(ctx, id) }},
		{"Partnerships", parties, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.Partnerships(ctx, id) }},
		{"CityInstitutions", cities, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.CityInstitutions(ctx, id) }},
		{"CountryCities", countries, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.CountryCities(ctx, id) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := concurrently(c.keys, func(id string) (any, error) {
				return c.read(r.load(context.Background()), context.Background(), id)
			})
			before := store.n.Swap(0)
			ctx := WithLoaders(context.Background(), store, testWait)
			got := concurrently(c.keys, func(id string) (any, error) { return c.read(r.load(ctx), ctx, id) })
			after := store.n.Swap(0)
			for _, k := range c.keys {
				if !reflect.DeepEqual(got[k], want[k]) {
					t.Errorf("%s(%q) = %+v, %v; the store reads %+v, %v", c.name, k, got[k].Value, got[k].Err, want[k].Value, want[k].Err)
				}
			}
			// One list per batch (one per type for nodes) and one
			// read per unknown id.
			limit := int64(1 + len(unknown))
			switch c.name {
			case "Node", "Nodes":
				limit += 7
			case "CityEvents", "NetworkEvents", "Attended", "Partnerships", "CityInstitutions", "CountryCities":
				limit = 1 // one page of the owners' records; unknown owners have none
			}
			t.Logf("%d keys: %d store calls with loaders, %d without", len(c.keys), after, before)
			if after > limit {
				t.Errorf("%d keys: %d store calls with loaders, want at most %d", len(c.keys), after, limit)
			}
		})
	}
}

// TestLoadersErrorOrder: a batch read fails with the error of the first
// id that fails, as reading the ids one by one did.
func TestLoadersErrorOrder(t *testing.T) {
	store, ds := corpusStore(t)
	r := &Resolver{Store: store}
	keys := []string{ds.Networks[0].ID, "missing-a", ds.Networks[1].ID, "missing-b"}
	_, want := r.load(context.Background()).Networks(context.Background(), keys)
	ctx := WithLoaders(context.Background(), store, testWait)
	_, got := r.load(ctx).Networks(ctx, keys)
	if want == nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if code := graph.ErrorCode(got); code != graph.ENOTFOUND {
		t.Errorf("code %q, want %q", code, graph.ENOTFOUND)
	}
}

// TestWithLoadersOnlyQueries: mutations and subscriptions read the store
// directly; each query operation has loaders of its own.
func TestWithLoadersOnlyQueries(t *testing.T) {
	store, _ := corpusStore(t)
	op := func(kind ast.Operation) context.Context {
		return graphql.WithOperationContext(context.Background(),
			&graphql.OperationContext{Operation: &ast.OperationDefinition{Operation: kind}})
	}
	for _, kind := range []ast.Operation{ast.Mutation, ast.Subscription} {
		ctx := op(kind)
		if got := WithLoaders(ctx, store, testWait); got != ctx {
			t.Errorf("%s: WithLoaders added loaders", kind)
		}
	}
	a := WithLoaders(op(ast.Query), store, testWait).Value(loadersKey{})
	b := WithLoaders(op(ast.Query), store, testWait).Value(loadersKey{})
	if a == nil || b == nil || a == b {
		t.Errorf("query operations: loaders %p and %p, want two", a, b)
	}
}

// testWait is long enough that every key of a level is in one batch even
// under -race on a busy 2-core machine, so call counts are exact (16 ms
// once split a batch in a server test under CI).
const testWait = 250 * time.Millisecond

// TestOwnerLoadersReadEveryPage: an owner loader over a paginated list
// method reads every page of a batch's answer (here 1,200 events, three
// pages of graph.MaxPageSize) and splits it by owner, each share in id
// order, as the reads for one owner return it.
func TestOwnerLoadersReadEveryPage(t *testing.T) {
	ds := &graph.Dataset{
		Countries: []*graph.Country{{ID: "AA", Name: "Alphaland"}},
		Cities: []*graph.City{
			{ID: "a", Name: "A", CountryID: "AA"}, {ID: "b", Name: "B", CountryID: "AA"}, {ID: "c", Name: "C", CountryID: "AA"},
		},
		Institutions: []*graph.Institution{{ID: "u", Name: "U", Kind: graph.InstitutionUniversity, CityID: "a"}},
	}
	const n = 1200
	places := []string{"a", "b", "c"}
	for i := range n {
		// Every event is attended by b and u, half of them by a too;
		// ids in another order than the places, so that shares interleave.
		e := &graph.Event{ID: fmt.Sprintf("ev%04d", (i*7)%n), Name: fmt.Sprint("Event ", i), Kind: graph.EventConference,
			PlaceID: places[i%3], ParticipantIDs: []string{"b", "u"}}
		if i%2 == 0 {
			e.ParticipantIDs = append(e.ParticipantIDs, "a")
		}
		ds.Events = append(ds.Events, e)
	}
	mem, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	store := &calls{Store: mem}
	r := &Resolver{Store: store}
	for _, c := range []struct {
		name  string
		keys  []string
		read  func(*Loaders, context.Context, string) (any, error)
		pages int64
	}{
		{"CityEvents", places, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.CityEvents(ctx, id) }, 3},
		{"Attended", []string{"a", "b", "c", "u"}, func(l *Loaders, ctx context.Context, id string) (any, error) { return l.Attended(ctx, id) }, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := concurrently(c.keys, func(id string) (any, error) {
				return c.read(r.load(context.Background()), context.Background(), id)
			})
			store.n.Swap(0)
			ctx := WithLoaders(context.Background(), store, testWait)
			got := concurrently(c.keys, func(id string) (any, error) { return c.read(r.load(ctx), ctx, id) })
			if calls := store.n.Swap(0); calls != c.pages {
				t.Errorf("%d store calls, want %d (every page of one batch)", calls, c.pages)
			}
			total := 0
			for _, k := range c.keys {
				if !reflect.DeepEqual(got[k], want[k]) {
					t.Errorf("%s(%q): %d records, %v; the store reads %d, %v", c.name, k, lenOf(got[k].Value), got[k].Err, lenOf(want[k].Value), want[k].Err)
				}
				total += lenOf(got[k].Value)
			}
			if total <= graph.MaxPageSize {
				t.Errorf("%d records in all: the test does not exercise pages", total)
			}
		})
	}
}

func lenOf(v any) int {
	if es, ok := v.([]*graph.Event); ok {
		return len(es)
	}
	return -1
}
