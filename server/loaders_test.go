package server

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"citynet/auth"
	"citynet/data"
	"citynet/graph"
	"citynet/graph/generated"
	"citynet/graph/memory"
	"citynet/graph/storetest"
	"citynet/resolvers"
	"citynet/synth"
)

// countingStore counts the calls of every read method of a store, each
// delayed by delay (a database round trip, for benchmarks).
type countingStore struct {
	graph.Store
	delay time.Duration
	mu    sync.Mutex
	calls map[string]int
}

func newCountingStore(s graph.Store) *countingStore {
	return &countingStore{Store: s, calls: map[string]int{}}
}

func (s *countingStore) count(method string) {
	time.Sleep(s.delay)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[method]++
}

// take returns the counts so far and starts again from zero.
func (s *countingStore) take() (calls map[string]int, total int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	calls, s.calls = s.calls, map[string]int{}
	for _, n := range calls {
		total += n
	}
	return calls, total
}

func (s *countingStore) Node(ctx context.Context, id string) (graph.Node, error) {
	s.count("Node")
	return s.Store.Node(ctx, id)
}

func (s *countingStore) City(ctx context.Context, id string) (*graph.City, error) {
	s.count("City")
	return s.Store.City(ctx, id)
}

func (s *countingStore) Cities(ctx context.Context, f graph.CityFilter, p graph.Page) (*graph.Connection[*graph.City], error) {
	s.count("Cities")
	return s.Store.Cities(ctx, f, p)
}

func (s *countingStore) Country(ctx context.Context, id string) (*graph.Country, error) {
	s.count("Country")
	return s.Store.Country(ctx, id)
}

func (s *countingStore) Countries(ctx context.Context, p graph.Page) (*graph.Connection[*graph.Country], error) {
	s.count("Countries")
	return s.Store.Countries(ctx, p)
}

func (s *countingStore) Network(ctx context.Context, id string) (*graph.Network, error) {
	s.count("Network")
	return s.Store.Network(ctx, id)
}

func (s *countingStore) Networks(ctx context.Context, f graph.NetworkFilter, p graph.Page) (*graph.Connection[*graph.Network], error) {
	s.count("Networks")
	return s.Store.Networks(ctx, f, p)
}

func (s *countingStore) Institution(ctx context.Context, id string) (*graph.Institution, error) {
	s.count("Institution")
	return s.Store.Institution(ctx, id)
}

func (s *countingStore) Institutions(ctx context.Context, f graph.InstitutionFilter, p graph.Page) (*graph.Connection[*graph.Institution], error) {
	s.count("Institutions")
	return s.Store.Institutions(ctx, f, p)
}

func (s *countingStore) Person(ctx context.Context, id string) (*graph.Person, error) {
	s.count("Person")
	return s.Store.Person(ctx, id)
}

func (s *countingStore) People(ctx context.Context, f graph.PersonFilter, p graph.Page) (*graph.Connection[*graph.Person], error) {
	s.count("People")
	return s.Store.People(ctx, f, p)
}

func (s *countingStore) Event(ctx context.Context, id string) (*graph.Event, error) {
	s.count("Event")
	return s.Store.Event(ctx, id)
}

func (s *countingStore) Events(ctx context.Context, f graph.EventFilter, p graph.Page) (*graph.Connection[*graph.Event], error) {
	s.count("Events")
	return s.Store.Events(ctx, f, p)
}

func (s *countingStore) Partnership(ctx context.Context, id string) (*graph.Partnership, error) {
	s.count("Partnership")
	return s.Store.Partnership(ctx, id)
}

func (s *countingStore) Partnerships(ctx context.Context, f graph.PartnershipFilter, p graph.Page) (*graph.Connection[*graph.Partnership], error) {
	s.count("Partnerships")
	return s.Store.Partnerships(ctx, f, p)
}

func (s *countingStore) Source(ctx context.Context, id string) (*graph.Source, error) {
	s.count("Source")
	return s.Store.Source(ctx, id)
}

func (s *countingStore) Sources(ctx context.Context, f graph.SourceFilter, p graph.Page) (*graph.Connection[*graph.Source], error) {
	s.count("Sources")
	return s.Store.Sources(ctx, f, p)
}

func (s *countingStore) Memberships(ctx context.Context, f graph.MembershipFilter) ([]*graph.Membership, error) {
	s.count("Memberships")
	return s.Store.Memberships(ctx, f)
}

func (s *countingStore) Foundings(ctx context.Context, f graph.FoundingFilter) ([]*graph.Founding, error) {
	s.count("Foundings")
	return s.Store.Foundings(ctx, f)
}

func (s *countingStore) Offices(ctx context.Context, f graph.OfficeFilter) ([]*graph.Office, error) {
	s.count("Offices")
	return s.Store.Offices(ctx, f)
}

func (s *countingStore) Claims(ctx context.Context, subjectIDs []string) ([]*graph.Claim, error) {
	s.count("Claims")
	return s.Store.Claims(ctx, subjectIDs)
}

func (s *countingStore) CityPairs(ctx context.Context, f graph.PairFilter, p graph.Page) (*graph.Connection[*graph.CityPair], error) {
	s.count("CityPairs")
	return s.Store.CityPairs(ctx, f, p)
}

// directServer serves the schema over store with gqlgen's executor and no
// dataloaders: every resolver reads the store itself, as before loaders.
func directServer(tb testing.TB, store graph.Store) string {
	tb.Helper()
	h := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: &resolvers.Resolver{Store: store}}))
	h.AddTransport(transport.POST{})
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv.URL
}

// loaderServer serves store with the real handler (server.New), loaders
// and all, and returns its GraphQL endpoint.
func loaderServer(tb testing.TB, store graph.Store, opts Options) string {
	if opts.LoaderWait == 0 {
		// Exact call counts even under -race on a busy 2-core machine (16 ms
		// once split a batch of 100 cities in CI): a wait far longer than
		// resolving a page takes.
		opts.LoaderWait = 250 * time.Millisecond
	}
	tb.Helper()
	if opts.Logger == nil {
		opts.Logger, _ = MustLogger(tb)
	}
	srv := httptest.NewServer(New(store, opts))
	tb.Cleanup(srv.Close)
	return srv.URL + "/graphql"
}

// postGraphQL sends a request to a GraphQL endpoint and returns the raw
// answer.
func postGraphQL(tb testing.TB, url, key, query string, vars map[string]any) []byte {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// answerOf splits an answer into its data (as JSON, to compare) and its
// errors (path: message).
func answerOf(tb testing.TB, raw []byte) (data string, errs []string) {
	tb.Helper()
	var a struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message string `json:"message"`
			Path    []any  `json:"path"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		tb.Fatalf("answer is not JSON: %v: %s", err, raw)
	}
	for _, e := range a.Errors {
		p, _ := json.Marshal(e.Path)
		errs = append(errs, string(p)+": "+e.Message)
	}
	return string(a.Data), errs
}

const citiesWithNetworks = `query($n: Int!) {
  cities(first: $n) { edges { node { id name country { name } memberships { network { name } since } } } }
}`

// TestLoadersFixedStoreCalls: a page of cities with their countries and
// networks costs four store calls whatever the page size (the page, then
// one call per loader: the countries, the memberships of every city, the
// networks of every membership), where the resolvers alone make one call
// per city and per membership; the answers are the same.
func TestLoadersFixedStoreCalls(t *testing.T) {
	cfg, err := synth.Preset("tiny")
	if err != nil {
		t.Fatal(err)
	}
	mem, err := memory.New(synth.Generate(cfg))
	if err != nil {
		t.Fatal(err)
	}
	store := newCountingStore(mem)
	withLoaders := loaderServer(t, store, Options{})
	direct := directServer(t, store)

	want := map[string]int{"Cities": 1, "Countries": 1, "Memberships": 1, "Networks": 1}
	for _, n := range []int{10, 100} {
		vars := map[string]any{"n": n}
		got, gotErrs := answerOf(t, postGraphQL(t, withLoaders, "", citiesWithNetworks, vars))
		calls, total := store.take()
		before, beforeErrs := answerOf(t, postGraphQL(t, direct, "", citiesWithNetworks, vars))
		beforeCalls, beforeTotal := store.take()
		t.Logf("%d cities: %d store calls with loaders %v, %d without %v", n, total, calls, beforeTotal, beforeCalls)

		if len(gotErrs) > 0 || len(beforeErrs) > 0 {
			t.Fatalf("%d cities: errors %v / without loaders %v", n, gotErrs, beforeErrs)
		}
		if c := strings.Count(got, `"country"`); c != n {
			t.Fatalf("%d cities: answer has %d countries: %.300s", n, c, got)
		}
		if got != before {
			t.Errorf("%d cities: answers differ with loaders:\n%.500s\nwithout:\n%.500s", n, got, before)
		}
		if !maps.Equal(calls, want) {
			t.Errorf("%d cities: store calls %v (%d), want %v (4)", n, calls, total, want)
		}
		if beforeTotal <= 2*n {
			t.Errorf("%d cities: only %d store calls without loaders: the test does not exercise them", n, beforeTotal)
		}
	}
}

const citiesWithOwnedLists = `query($n: Int!) {
  cities(first: $n) { edges { node { id events { name } partnerships { id } institutions { name } } } }
  countries(first: $n) { edges { node { id cities { name } } } }
}`

// TestLoadersOwnedListsFixedStoreCalls: the list-valued edges read by
// owner (a city's events, partnerships and institutions; a country's
// cities) cost one store call per field whatever the page size (10 or 100
// cities; the tiny preset has 12 countries): six in all (the two pages,
// then Events by PlaceIDs, Partnerships by PartyIDs, Institutions by
// CityIDs and Cities by CountryIDs), where the resolvers alone make three
// calls per city and one per country. The answers, order included, are
// those of the direct reads.
func TestLoadersOwnedListsFixedStoreCalls(t *testing.T) {
	cfg, err := synth.Preset("tiny")
	if err != nil {
		t.Fatal(err)
	}
	// The preset has no institutions: give every third city one.
	ds := synth.Generate(cfg)
	for i, c := range ds.Cities {
		if i%3 == 0 {
			ds.Institutions = append(ds.Institutions, &graph.Institution{ID: "institute-" + c.ID, Name: "Institute of " + c.Name,
				Kind: graph.InstitutionUniversity, CityID: c.ID})
		}
	}
	mem, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	store := newCountingStore(mem)
	withLoaders := loaderServer(t, store, Options{})
	direct := directServer(t, store)

	want := map[string]int{"Cities": 2, "Countries": 1, "Events": 1, "Partnerships": 1, "Institutions": 1}
	for _, n := range []int{10, 100} {
		vars := map[string]any{"n": n}
		got, gotErrs := answerOf(t, postGraphQL(t, withLoaders, "", citiesWithOwnedLists, vars))
		calls, total := store.take()
		before, beforeErrs := answerOf(t, postGraphQL(t, direct, "", citiesWithOwnedLists, vars))
		beforeCalls, beforeTotal := store.take()
		t.Logf("first: %d: %d store calls with loaders %v, %d without %v", n, total, calls, beforeTotal, beforeCalls)

		if len(gotErrs) > 0 || len(beforeErrs) > 0 {
			t.Fatalf("%d items: errors %v / without loaders %v", n, gotErrs, beforeErrs)
		}
		if c := strings.Count(got, `"events"`); c != n {
			t.Fatalf("%d cities: answer has %d event lists: %.300s", n, c, got)
		}
		if !strings.Contains(got, `"events":[{"name"`) || !strings.Contains(got, `"partnerships":[{"id"`) ||
			!strings.Contains(got, `"institutions":[{"name"`) || !strings.Contains(got, `"cities":[{"name"`) {
			t.Fatalf("%d items: some list is empty everywhere, the test does not exercise it: %.500s", n, got)
		}
		if got != before {
			t.Errorf("%d items: answers differ with loaders:\n%.500s\nwithout:\n%.500s", n, got, before)
		}
		if !maps.Equal(calls, want) {
			t.Errorf("%d items: store calls %v (%d), want %v (6)", n, calls, total, want)
		}
		if beforeTotal <= 3*n {
			t.Errorf("%d items: only %d store calls without loaders: the test does not exercise them", n, beforeTotal)
		}
	}
}

// everyEdge asks for every edge field that loaders serve (and some they
// do not), over the whole corpus dataset.
const everyEdge = `{
  cities(first: 500) { edges { node { id
    country { id name }
    memberships { since city { id } network { id } sources { quote source { id title } } }
    networks { id }
    founded { founder { ... on City { id } ... on Person { id } } network { id } }
    offices { title person { id } city { id } }
    claims { property value sources { source { id } } }
    institutions { id city { id } country { id } partnerships { id } attended { id } }
    events { id }
    attended { id place { id } }
    partnerships { id parties { ... on City { id } ... on Institution { id } } }
  } } }
  countries(first: 500) { edges { node { id cities { id country { id } } } } }
  networks(first: 500) { edges { node { id seat { id } memberCount
    members { city { id } since }
    founders { founder { ... on City { id name } ... on Person { id name } } date }
    claims { value }
    events { id place { id } organizer { id } participants { ... on City { id } ... on Institution { id } } }
  } } }
  people(first: 500) { edges { node { id offices { city { id country { id } } } } } }
  institutions(first: 500) { edges { node { id city { id } country { id } partnerships { id } attended { id } } } }
  partnerships(first: 500) { edges { node { id parties { ... on City { id } ... on Institution { id city { id } } } } } }
  events(first: 500) { edges { node { id place { id } organizer { id } participants { ... on City { id } ... on Institution { id } } } } }
  cityPairs(minShared: 1, first: 100) { edges { node { a { id } b { id } shared { id } } } }
  stats { membersPerNetwork(first: 100) { network { id } count } networksPerCity(first: 100) { city { id } count } }
  networkOverlap { networks { id } }
  centrality(kind: DEGREE, first: 100) { scores { node { id } } }
  neighborhood(id: "krakow", depth: 2) { center { id type } }
  a: neighborhood(id: "PL") { center { id type } }
}`

// TestLoadersSameAnswers: every edge field answers the same with loaders
// as without, on the corpus and on the synthetic suite dataset, in fewer
// store calls.
func TestLoadersSameAnswers(t *testing.T) {
	corpus, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	for name, ds := range map[string]*graph.Dataset{"corpus": corpus, "synthetic": storetest.Synthetic()} {
		t.Run(name, func(t *testing.T) {
			mem, err := memory.New(ds)
			if err != nil {
				t.Fatal(err)
			}
			store := newCountingStore(mem)
			query := everyEdge
			if name == "synthetic" {
				query = strings.NewReplacer(`"krakow"`, `"alpha"`, `"PL"`, `"BB"`).Replace(query)
			}
			// One query over every edge field at once: far over the default
			// complexity limit.
			got, gotErrs := answerOf(t, postGraphQL(t, loaderServer(t, store, Options{Limits: Limits{MaxComplexity: -1}}), "", query, nil))
			_, total := store.take()
			want, wantErrs := answerOf(t, postGraphQL(t, directServer(t, store), "", query, nil))
			_, before := store.take()
			t.Logf("%d store calls with loaders, %d without", total, before)
			if len(gotErrs) > 0 || len(wantErrs) > 0 {
				t.Fatalf("errors %v / without loaders %v", gotErrs, wantErrs)
			}
			if got != want {
				t.Errorf("answers differ with loaders:\n%.2000s\nwithout:\n%.2000s", got, want)
			}
			if total >= before {
				t.Errorf("%d store calls with loaders, %d without", total, before)
			}
		})
	}
}

// TestMutationsReadFresh: a mutation operation gets no loaders, so the
// second write's answer shows the graph after it, not what the first
// write's answer read.
func TestMutationsReadFresh(t *testing.T) {
	mem, err := memory.New(storetest.Synthetic())
	if err != nil {
		t.Fatal(err)
	}
	write, authn := MustKey(t, "curator", auth.RoleWrite)
	url := loaderServer(t, mem, Options{Auth: authn})
	got, errs := answerOf(t, postGraphQL(t, url, write, `mutation {
  a: upsertMembership(input: {city: "echo", network: "n1", status: MEMBER}) { membership { city { memberships { network { id } } } } }
  b: upsertMembership(input: {city: "echo", network: "n2", status: MEMBER}) { membership { city { memberships { network { id } } } } }
}`, nil))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var a map[string]struct {
		Membership struct {
			City struct {
				Memberships []struct{ Network struct{ ID string } }
			}
		}
	}
	if err := json.Unmarshal([]byte(got), &a); err != nil {
		t.Fatal(err)
	}
	networks := func(k string) []string {
		var ids []string
		for _, m := range a[k].Membership.City.Memberships {
			ids = append(ids, m.Network.ID)
		}
		slices.Sort(ids)
		return ids
	}
	if got, want := networks("a"), []string{"n1", "n4"}; !slices.Equal(got, want) {
		t.Errorf("after the first write echo is in %v, want %v", got, want)
	}
	if got, want := networks("b"), []string{"n1", "n2", "n4"}; !slices.Equal(got, want) {
		t.Errorf("after the second write echo is in %v, want %v", got, want)
	}
}

// BenchmarkCityPairsPage times the dashboard's city-pairs page (20 pairs
// with both cities and their shared networks) on the acuto preset, through
// gqlgen's executor without loaders and through the real handler with
// them; the "rtt" variants add 200µs to every store call, as a database
// round trip would.
func BenchmarkCityPairsPage(b *testing.B) {
	cfg, err := synth.Preset("acuto")
	if err != nil {
		b.Fatal(err)
	}
	mem, err := memory.New(synth.Generate(cfg))
	if err != nil {
		b.Fatal(err)
	}
	const query = `{ cityPairs(minShared: 2, first: 20) {
  totalCount pageInfo { hasNextPage } edges { cursor node { a { id name } b { id name } sharedCount jaccard shared { name } } } } }`
	for _, rtt := range []time.Duration{0, 200 * time.Microsecond} {
		store := newCountingStore(mem)
		store.delay = rtt
		name := "memory"
		if rtt > 0 {
			name = "rtt"
		}
		for _, h := range []struct{ name, url string }{
			{"direct", directServer(b, store)},
			{"loaders-16ms", loaderServer(b, store, Options{})},
			{"loaders-default", loaderServer(b, store, Options{LoaderWait: resolvers.DefaultLoaderWait})},
		} {
			b.Run(name+"/"+h.name, func(b *testing.B) {
				postGraphQL(b, h.url, "", query, nil) // warm the pair ranking
				store.take()
				for b.Loop() {
					postGraphQL(b, h.url, "", query, nil)
				}
				_, total := store.take()
				b.ReportMetric(float64(total)/float64(b.N), "calls/op")
			})
		}
	}
}
