package neo4j

import (
	"context"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"citynet/data"
	"citynet/graph"
)

// recorder stands in for Neo4j: it records every statement a Store sends
// and checks that the parameters passed are exactly the ones the statement
// uses, so a misspelt $parameter (in Cypher or in Go) fails here although
// no server runs.
type recorder struct {
	t     testing.TB
	mu    sync.Mutex
	sent  map[string]int
	calls []call // every statement sent, in order
	// answer returns the records for a statement (nil: none).
	answer func(name string, params map[string]any) []*neo4j.Record
	// fail, if set, returns the error a statement fails with (nil: none).
	fail func(name string) error
}

var paramRE = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)

// usedParams returns the $parameters of a statement, comments excluded.
func usedParams(text string) []string {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "//") {
			lines = append(lines, l)
		}
	}
	seen := map[string]bool{}
	for _, m := range paramRE.FindAllStringSubmatch(strings.Join(lines, "\n"), -1) {
		seen[m[1]] = true
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func (r *recorder) query(_ context.Context, name string, params map[string]any) ([]*neo4j.Record, error) {
	text := stmt(name) // panics on an unknown name
	var passed []string
	for k := range params {
		passed = append(passed, k)
	}
	sort.Strings(passed)
	if used := usedParams(text); !slices.Equal(passed, used) {
		r.t.Errorf("%s: code passes parameters %q, the statement uses %q", name, passed, used)
	}
	r.mu.Lock()
	r.sent[name]++
	r.calls = append(r.calls, call{name, params})
	r.mu.Unlock()
	if r.fail != nil {
		if err := r.fail(name); err != nil {
			return nil, err
		}
	}
	if r.answer != nil {
		return r.answer(name, params), nil
	}
	return nil, nil
}

func (r *recorder) stream(ctx context.Context, name string, params map[string]any, fn func(*neo4j.Record) error) error {
	recs, err := r.query(ctx, name, params)
	for _, rec := range recs {
		if err := fn(rec); err != nil {
			return err
		}
	}
	return err
}

func (r *recorder) exec(ctx context.Context, _ txMode, work func(querier) (any, error)) (any, error) {
	return work(r)
}

func record(kv ...any) *neo4j.Record {
	rec := &neo4j.Record{}
	for i := 0; i < len(kv); i += 2 {
		rec.Keys = append(rec.Keys, kv[i].(string))
		rec.Values = append(rec.Values, kv[i+1])
	}
	return rec
}

func cityNode(id string) dbtype.Node {
	return dbtype.Node{Labels: []string{"Entity", "City"}, Props: map[string]any{"id": id, "name": id, "countryId": "PL"}}
}

// TestStore_SendsEveryStatement drives every Store method (and Load and
// EnsureSchema) against the recorder (with fakeDB answering the writes and
// the whole-graph reads): each statement file must be sent by
// some method, with exactly its parameters.
func TestStore_SendsEveryStatement(t *testing.T) {
	rec := &recorder{t: t, sent: map[string]int{}}
	db := newFakeDB()
	rec.answer = func(name string, params map[string]any) []*neo4j.Record {
		if recs, ok := db.answer(name, params); ok {
			return recs
		}
		switch name {
		case "node_get":
			if id := params["id"].(string); id == "bydgoszcz-eurocities" {
				return []*neo4j.Record{record("n", dbtype.Node{Labels: []string{"Entity", "Source"}, Props: map[string]any{"id": id, "title": "EUROCITIES"}})}
			}
			return []*neo4j.Record{record("n", cityNode(params["id"].(string)))}
		case "neighborhood_nodes":
			return []*neo4j.Record{record("center", cityNode(params["id"].(string)), "total", int64(2), "nodes", []any{cityNode("b")})}
		}
		return nil
	}
	s := &Store{exec: rec.exec}
	ctx := context.Background()
	ds, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	y := 2017
	p := graph.Page{First: 10}
	must(s.EnsureSchema(ctx))
	must(s.Load(ctx, ds))
	_, err = s.Empty(ctx)
	must(err)
	_, err = s.City(ctx, "krakow")
	must(err)
	_, err = s.Cities(ctx, graph.CityFilter{Country: "PL", Name: "krakow", JoinedFrom: &y}, p)
	must(err)
	_, err = s.Countries(ctx, p)
	must(err)
	_, err = s.Networks(ctx, graph.NetworkFilter{Scope: graph.ScopeEuropean}, p)
	must(err)
	_, err = s.Institutions(ctx, graph.InstitutionFilter{City: "poznan"}, p)
	must(err)
	_, err = s.People(ctx, graph.PersonFilter{City: "krakow"}, p)
	must(err)
	_, err = s.Events(ctx, graph.EventFilter{YearFrom: &y}, p)
	must(err)
	_, err = s.Partnerships(ctx, graph.PartnershipFilter{Party: "bialystok"}, p)
	must(err)
	_, err = s.Sources(ctx, graph.SourceFilter{Language: "pl"}, p)
	must(err)
	_, err = s.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{"krakow"}})
	must(err)
	_, err = s.Foundings(ctx, graph.FoundingFilter{NetworkIDs: []string{"eurocities"}})
	must(err)
	_, err = s.Offices(ctx, graph.OfficeFilter{CityIDs: []string{"krakow"}})
	must(err)
	_, err = s.Claims(ctx, []string{"eurocities"})
	must(err)
	_, err = s.Search(ctx, "Krakowa", nil, 5)
	must(err)
	_, err = s.Supports(ctx, "bydgoszcz-eurocities", p)
	must(err)
	_, err = s.Search(ctx, "ab", []graph.NodeType{graph.TypeCity}, 5)
	must(err)
	if _, err := s.SharedNetworks(ctx, "krakow", "poznan"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("SharedNetworks with no answer: got %v, want ENOTFOUND", err)
	}
	_, err = s.CityPairs(ctx, 2, p)
	must(err)
	_, err = s.Path(ctx, "bialystok", "barcelona", 6, []graph.RelType{graph.RelMemberOf})
	must(err)
	_, err = s.Neighborhood(ctx, "krakow", 2, 10, nil)
	must(err)
	_, err = s.Stats(ctx)
	must(err)
	_, err = s.SimilarCities(ctx, "krakow", 5)
	must(err)
	_, err = s.NetworkOverlap(ctx, nil)
	must(err)
	_, err = s.Centrality(ctx, graph.CentralityDegree, 5)
	must(err)
	_, err = s.Centrality(ctx, graph.CentralityBetweenness, 5)
	must(err)
	must(s.Walk(ctx, func(graph.Node) error { return nil }, func(graph.Edge) error { return nil }))
	got, err := s.Dataset(ctx)
	must(err)
	// A relationship and a claim go while their nodes stay; a node goes.
	_, err = s.Apply(ctx, &graph.Change{Cascade: true, Delete: []graph.Ref{
		graph.MembershipRef(got.Memberships[0].CityID, got.Memberships[0].NetworkID, got.Memberships[0].Since),
		graph.ClaimRef(got.Claims[0].SubjectID, got.Claims[0].Property, got.Claims[0].Value),
		graph.NodeRef(graph.TypePerson, got.People[0].ID)}})
	must(err)
	driveDocuments(t, s)

	for _, st := range Statements() {
		if strings.Contains(st.Text, labelSlot) || strings.Contains(st.Text, typeSlot) {
			t.Errorf("%s: template slot left in the statement", st.Name)
		}
		if rec.sent[st.Name] == 0 {
			t.Errorf("statement %s was never sent", st.Name)
		}
	}
}

// TestStore_OwnerFilters: the lists of owner ids reach their filter
// statement as list parameters (null when empty, which does not filter),
// beside the single-value parameters; a list with an empty id is refused
// before anything is sent.
func TestStore_OwnerFilters(t *testing.T) {
	rec := &recorder{t: t, sent: map[string]int{}}
	s := &Store{exec: rec.exec}
	ctx := context.Background()
	p := graph.Page{First: 10}
	ids := []string{"krakow", "poznan"}
	errOf := func(_ any, err error) error { return err }
	for _, tt := range []struct {
		name string
		read func() error
		stmt string         // the filter statement, "" for none
		want map[string]any // some of its parameters
	}{
		{"CountryIDs", func() error { return errOf(s.Cities(ctx, graph.CityFilter{CountryIDs: []string{"PL", "DE"}}, p)) },
			"filter_cities", map[string]any{"countries": []string{"PL", "DE"}, "country": nil}},
		{"CountryIDsAndCountry", func() error {
			return errOf(s.Cities(ctx, graph.CityFilter{Country: "PL", CountryIDs: []string{"DE"}}, p))
		}, "filter_cities", map[string]any{"countries": []string{"DE"}, "country": "PL"}},
		{"CountryIDsEmpty", func() error { return errOf(s.Cities(ctx, graph.CityFilter{CountryIDs: []string{}}, p)) }, "", nil},
		{"CityIDs", func() error { return errOf(s.Institutions(ctx, graph.InstitutionFilter{CityIDs: ids}, p)) },
			"filter_institutions", map[string]any{"cities": ids, "city": nil}},
		{"PlaceIDs", func() error { return errOf(s.Events(ctx, graph.EventFilter{PlaceIDs: ids}, p)) },
			"filter_events", map[string]any{"places": ids, "place": nil, "organizers": nil, "participants": nil}},
		{"OrganizerIDs", func() error { return errOf(s.Events(ctx, graph.EventFilter{OrganizerIDs: []string{"eurocities"}}, p)) },
			"filter_events", map[string]any{"organizers": []string{"eurocities"}, "places": nil, "participants": nil}},
		{"ParticipantIDs", func() error { return errOf(s.Events(ctx, graph.EventFilter{ParticipantIDs: ids}, p)) },
			"filter_events", map[string]any{"participants": ids, "participant": nil, "places": nil, "organizers": nil}},
		{"PartyIDs", func() error { return errOf(s.Partnerships(ctx, graph.PartnershipFilter{PartyIDs: ids}, p)) },
			"filter_partnerships", map[string]any{"parties": ids, "party": nil}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mark := len(rec.calls)
			if err := tt.read(); err != nil {
				t.Fatal(err)
			}
			sent := rec.since(mark)
			if tt.stmt == "" {
				if len(sent) != 1 || !strings.HasPrefix(sent[0].name, "list_nodes_") {
					t.Fatalf("sent %q, want only the page (no filter statement)", names(sent))
				}
				return
			}
			if len(sent) != 2 || sent[0].name != tt.stmt {
				t.Fatalf("sent %q, want %s then the page", names(sent), tt.stmt)
			}
			for k, v := range tt.want {
				if got := sent[0].params[k]; !reflect.DeepEqual(got, v) {
					t.Errorf("%s: $%s = %#v, want %#v", tt.stmt, k, got, v)
				}
			}
		})
	}
	t.Run("ErrEmptyID", func(t *testing.T) {
		mark := len(rec.calls)
		for _, read := range []func() error{
			func() error { return errOf(s.Cities(ctx, graph.CityFilter{CountryIDs: []string{""}}, p)) },
			func() error {
				return errOf(s.Institutions(ctx, graph.InstitutionFilter{CityIDs: []string{"a", ""}}, p))
			},
			func() error { return errOf(s.Events(ctx, graph.EventFilter{PlaceIDs: []string{""}}, p)) },
			func() error { return errOf(s.Events(ctx, graph.EventFilter{OrganizerIDs: []string{""}}, p)) },
			func() error { return errOf(s.Events(ctx, graph.EventFilter{ParticipantIDs: []string{""}}, p)) },
			func() error { return errOf(s.Partnerships(ctx, graph.PartnershipFilter{PartyIDs: []string{""}}, p)) },
		} {
			if err := read(); graph.ErrorCode(err) != graph.EINVALID {
				t.Errorf("got %v, want EINVALID", err)
			}
		}
		if sent := rec.since(mark); len(sent) > 0 {
			t.Errorf("sent %q for refused filters, want nothing", names(sent))
		}
	})
}

// TestIntersectIDs: the filter's matches narrow the id list, keeping its
// order; nil is "all".
func TestIntersectIDs(t *testing.T) {
	for _, tt := range []struct{ a, b, want []string }{
		{nil, nil, nil},
		{nil, []string{"x"}, []string{"x"}},
		{[]string{"x"}, nil, []string{"x"}},
		{[]string{"c", "a", "b"}, []string{"b", "c", "z"}, []string{"c", "b"}},
		{[]string{"a"}, []string{}, []string{}},
	} {
		if got := intersectIDs(tt.a, tt.b); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("intersectIDs(%q, %q) = %#v, want %#v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestStore_Supports: the rows of supports.cypher (a node, a relationship,
// a claim, each with the parallel citation lists) become one Support per
// quote from the document, in graph.SortSupports order, paged.
func TestStore_Supports(t *testing.T) {
	const doc = "doc"
	cite := func(p map[string]any, srcs, quotes []any) map[string]any {
		p["citeSources"], p["citeQuotes"] = srcs, quotes
		return p
	}
	rows := []*neo4j.Record{
		record("node", nil, "type", "CLAIM", "from", "", "to", "",
			"props", cite(map[string]any{"subject": "eurocities", "property": "countries", "value": "39"}, []any{doc}, []any{"in 39 countries"})),
		record("node", nil, "type", "MEMBER_OF", "from", "bydgoszcz", "to", "eurocities",
			"props", cite(map[string]any{"since": "2005-11", "status": "FULL_MEMBER"}, []any{"other", doc, doc}, []any{"x", "member since 2005", "full member"})),
		record("node", dbtype.Node{Labels: []string{"Entity", "City"}, Props: cite(map[string]any{"id": "bydgoszcz", "name": "Bydgoszcz", "countryId": "PL"}, []any{doc}, []any{"Bydgoszcz"})},
			"type", "", "from", "", "to", "", "props", map[string]any{}),
	}
	rec := &recorder{t: t, sent: map[string]int{}}
	rec.answer = func(name string, params map[string]any) []*neo4j.Record {
		switch name {
		case "node_get":
			if params["id"] == doc {
				return []*neo4j.Record{record("n", dbtype.Node{Labels: []string{"Entity", "Source"}, Props: map[string]any{"id": doc, "title": "A page"}})}
			}
		case "supports":
			if params["source"] == doc {
				return rows
			}
		}
		return nil
	}
	s := &Store{exec: rec.exec}
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		c, err := s.Supports(ctx, doc, graph.Page{First: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, sp := range c.Items {
			got = append(got, sp.Section+" "+strings.Join(sp.Key, "/")+" "+sp.Subject+">"+sp.Object+": "+sp.Quote)
		}
		want := []string{
			"cities bydgoszcz bydgoszcz>: Bydgoszcz",
			"memberships bydgoszcz/eurocities/2005-11 bydgoszcz>eurocities: full member",
			"memberships bydgoszcz/eurocities/2005-11 bydgoszcz>eurocities: member since 2005",
			"claims eurocities/countries/39 eurocities>: in 39 countries",
		}
		if !slices.Equal(got, want) || c.TotalCount != 4 {
			t.Errorf("got %d:\n%s\nwant:\n%s", c.TotalCount, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		page2, err := s.Supports(ctx, doc, graph.Page{First: 2, After: graph.EncodeCursor(1)})
		if err != nil || len(page2.Items) != 2 || page2.Items[0].Quote != "member since 2005" {
			t.Errorf("page 2 of 2: %+v, %v", page2, err)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.Supports(ctx, "no-such-doc", graph.Page{First: 10}); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("got %v, want ENOTFOUND", err)
		}
	})
}
