package neo4j

import (
	"cmp"
	"context"
	"fmt"
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
		case "server_version":
			return []*neo4j.Record{record("version", "5.26.0", "edition", "community")}
		case "node_get":
			if id := params["id"].(string); id == "bydgoszcz-eurocities" {
				return []*neo4j.Record{record("n", dbtype.Node{Labels: []string{"Entity", "Source"}, Props: map[string]any{"id": id, "title": "EUROCITIES"}})}
			}
			return []*neo4j.Record{record("n", cityNode(params["id"].(string)))}
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
	must(s.CheckServerVersion(ctx))
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
	// Every list, unfiltered and by ids (Countries has no id filter: the
	// ids statement is sent through list).
	for _, read := range []func() error{
		func() error { _, err := s.Cities(ctx, graph.CityFilter{}, p); return err },
		func() error { _, err := s.Networks(ctx, graph.NetworkFilter{IDs: []string{"x"}}, p); return err },
		func() error { _, err := s.Networks(ctx, graph.NetworkFilter{}, p); return err },
		func() error {
			_, err := s.Institutions(ctx, graph.InstitutionFilter{IDs: []string{"x"}}, p)
			return err
		},
		func() error { _, err := s.Institutions(ctx, graph.InstitutionFilter{}, p); return err },
		func() error { _, err := s.People(ctx, graph.PersonFilter{IDs: []string{"x"}}, p); return err },
		func() error { _, err := s.People(ctx, graph.PersonFilter{}, p); return err },
		func() error { _, err := s.Events(ctx, graph.EventFilter{IDs: []string{"x"}}, p); return err },
		func() error { _, err := s.Events(ctx, graph.EventFilter{}, p); return err },
		func() error {
			_, err := s.Partnerships(ctx, graph.PartnershipFilter{IDs: []string{"x"}}, p)
			return err
		},
		func() error { _, err := s.Partnerships(ctx, graph.PartnershipFilter{}, p); return err },
		func() error { _, err := s.Sources(ctx, graph.SourceFilter{IDs: []string{"x"}}, p); return err },
		func() error { _, err := s.Sources(ctx, graph.SourceFilter{}, p); return err },
		func() error {
			_, err := list[*graph.Country](ctx, s, graph.TypeCountry, p, []string{"PL"}, "", "", nil)
			return err
		},
	} {
		must(read())
	}
	_, err = s.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{"krakow"}})
	must(err)
	_, err = s.Memberships(ctx, graph.MembershipFilter{NetworkIDs: []string{"eurocities"}})
	must(err)
	_, err = s.Foundings(ctx, graph.FoundingFilter{NetworkIDs: []string{"eurocities"}})
	must(err)
	_, err = s.Foundings(ctx, graph.FoundingFilter{FounderIDs: []string{"krakow"}})
	must(err)
	_, err = s.Offices(ctx, graph.OfficeFilter{CityIDs: []string{"krakow"}})
	must(err)
	_, err = s.Offices(ctx, graph.OfficeFilter{PersonIDs: []string{"someone"}})
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
	_, err = s.CityPairs(ctx, graph.PairFilter{MinShared: 2}, p)
	must(err)
	_, err = s.Cities(ctx, graph.CityFilter{Near: &graph.Near{Lat: 50, Lon: 20, Km: 100}}, p)
	must(err)
	_, err = s.Cities(ctx, graph.CityFilter{Within: &graph.BBox{South: -20, West: 170, North: -10, East: -170}}, p)
	must(err)
	_, err = s.NetworkSpans(ctx, []string{"eurocities"})
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
		if strings.Contains(st.Text, labelSlot) || strings.Contains(st.Text, typeSlot) || strings.Contains(st.Text, otherLabelsSlot) {
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
		case "server_version":
			return []*neo4j.Record{record("version", "5.26.0", "edition", "community")}
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

// TestStatements_IndexSeeks: ids are looked up where the unique index is,
// on :Entity(id) (a type label in the pattern, as in (:City {id: $x}),
// leaves Neo4j no index to seek but the label scan), and no statement
// makes an id look-up optional with "size($x) = 0 OR …" or "$x IS NULL OR
// n.id IN …", which turns the seek into a scan of every node or
// relationship of the pattern.
func TestStatements_IndexSeeks(t *testing.T) {
	var types []string
	for _, l := range labels {
		types = append(types, l)
	}
	typed := regexp.MustCompile(`\(\w*:(` + strings.Join(types, "|") + `)\s*\{id:`)
	typedList := regexp.MustCompile(`MATCH \((\w+):(` + strings.Join(types, "|") + `)\)\s*WHERE \w+\.id\s+(IN|=)\s+\$`)
	optional := regexp.MustCompile(`(size\(\$\w+\)\s*=\s*0|\$\w+ IS NULL)\s+OR\s+\w+\.id\s+IN\b`)
	for _, st := range Statements() {
		text := strings.Join(slices.DeleteFunc(strings.Split(st.Text, "\n"), func(l string) bool {
			return strings.HasPrefix(strings.TrimSpace(l), "//")
		}), "\n")
		if m := typed.FindString(text); m != "" {
			t.Errorf("%s: looks an id up under a type label (%q): match on :Entity {id} and test the label", st.Name, m)
		}
		if m := typedList.FindString(text); m != "" {
			t.Errorf("%s: looks ids up under a type label (%q): match on :Entity and test the label", st.Name, m)
		}
		if m := optional.FindString(text); m != "" {
			t.Errorf("%s: optional id list (%q): send a statement per case instead", st.Name, m)
		}
	}
}

// TestStore_RelationshipReads: each relationship read seeks one side's ids
// and filters by the other side here when both are given.
func TestStore_RelationshipReads(t *testing.T) {
	rec := &recorder{t: t, sent: map[string]int{}}
	rec.answer = func(name string, params map[string]any) []*neo4j.Record {
		if name == "memberships_of_cities" {
			return []*neo4j.Record{record("from", "krakow", "to", "eurocities", "props", map[string]any{}),
				record("from", "krakow", "to", "other", "props", map[string]any{})}
		}
		return nil
	}
	s := &Store{exec: rec.exec}
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		f      graph.MembershipFilter
		stmt   string
		params map[string]any
		want   int
	}{
		{"Cities", graph.MembershipFilter{CityIDs: []string{"krakow"}}, "memberships_of_cities", map[string]any{"cities": []string{"krakow"}}, 2},
		{"Networks", graph.MembershipFilter{NetworkIDs: []string{"eurocities"}}, "memberships_of_networks", map[string]any{"networks": []string{"eurocities"}}, 0},
		{"Both", graph.MembershipFilter{CityIDs: []string{"krakow"}, NetworkIDs: []string{"eurocities"}}, "memberships_of_cities",
			map[string]any{"cities": []string{"krakow"}}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mark := len(rec.calls)
			ms, err := s.Memberships(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			sent := rec.since(mark)
			if len(sent) != 1 || sent[0].name != tt.stmt || !reflect.DeepEqual(sent[0].params, tt.params) {
				t.Errorf("sent %v, want %s %v", sent, tt.stmt, tt.params)
			}
			if len(ms) != tt.want {
				t.Errorf("got %d memberships, want %d", len(ms), tt.want)
			}
		})
	}
}

// TestStatements_NoPathEnumeration: the only variable-length pattern is
// path's shortestPath (a bidirectional search). A bounded pattern such as
// [*1..4] filtered afterwards enumerates every path up to the bound.
func TestStatements_NoPathEnumeration(t *testing.T) {
	varLength := regexp.MustCompile(`\[[^\]]*\*[^\]]*\]`)
	for _, st := range Statements() {
		for _, line := range strings.Split(st.Text, "\n") {
			if varLength.MatchString(line) && !strings.Contains(line, "shortestPath(") {
				t.Errorf("%s: variable-length pattern outside shortestPath: %s", st.Name, strings.TrimSpace(line))
			}
		}
	}
}

// TestStatements_SearchUncapped: search hands every candidate of the asked
// types to the ranking. A cap (LIMIT, or the procedure's limit option)
// keeps an arbitrary subset when many nodes share a prefix score, and
// before the type filter, one that may hold none of the asked type.
func TestStatements_SearchUncapped(t *testing.T) {
	text := strings.Join(slices.DeleteFunc(strings.Split(stmt("search"), "\n"), func(l string) bool {
		return strings.HasPrefix(strings.TrimSpace(l), "//")
	}), "\n")
	for _, cap := range []string{"LIMIT", "limit:", "$candidates"} {
		if strings.Contains(text, cap) {
			t.Errorf("search caps its candidates (%q):\n%s", cap, text)
		}
	}
	filter, union := strings.Index(text, "$labels"), strings.LastIndex(text, "RETURN node\n}")
	if filter < 0 || union < 0 || filter < union {
		t.Errorf("search: the label filter must come after both candidate sources:\n%s", text)
	}
}

// TestStatements_WalkEdgesOrder: walk_edges orders relationships as
// graph.SortEdges does. The ORDER BY of the statement is mirrored here
// (Cypher orders strings as Go does for these ASCII ids and dates) and
// compared with SortEdges on repeated memberships and offices of one pair;
// ordering by r.key ("…@since@title") fails this, since '-' sorts before
// '@' ("2005-11@" before "2005@") and "--10-15" would come first.
func TestStatements_WalkEdgesOrder(t *testing.T) {
	text := stmt("walk_edges")
	for _, want := range []string{"ORDER BY type, from, to,", "CASE WHEN since = '' THEN 2 WHEN since STARTS WITH '-' THEN 1 ELSE 0 END, since,",
		"coalesce(r.title, '')"} {
		if !strings.Contains(text, want) {
			t.Fatalf("walk_edges: the order mirrored here (%q) is not the statement's:\n%s", want, text)
		}
	}
	rank := func(since string) int {
		switch {
		case since == "":
			return 2
		case strings.HasPrefix(since, "-"):
			return 1
		}
		return 0
	}
	mirror := func(a, b graph.Edge) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To),
			cmp.Compare(rank(string(a.Since)), rank(string(b.Since))), cmp.Compare(a.Since, b.Since), cmp.Compare(a.Title, b.Title))
	}
	byKey := func(a, b graph.Edge) int { return cmp.Compare(relKey(a), relKey(b)) }
	var edges []graph.Edge
	for _, since := range []graph.Date{"2005", "2005-11", "2005-11-02", "--10-15", "--03", "", "1999", "2010-01"} {
		edges = append(edges, graph.Edge{Type: graph.RelMemberOf, From: "delta", To: "n1", Since: since})
	}
	for _, title := range []string{"Deputy", "", "Advisor"} {
		for _, since := range []graph.Date{"2015", "2015-01", ""} {
			edges = append(edges, graph.Edge{Type: graph.RelHoldsOffice, From: "quinn", To: "bravo", Since: since, Title: title})
		}
	}
	want := slices.Clone(edges)
	graph.SortEdges(want)
	render := func(es []graph.Edge) string {
		var b strings.Builder
		for _, e := range es {
			fmt.Fprintf(&b, "%s %q %q; ", e.Key(), e.Since, e.Title)
		}
		return b.String()
	}
	if got := slices.SortedFunc(slices.Values(edges), mirror); render(got) != render(want) {
		t.Errorf("walk_edges order:\n got %s\nwant %s", render(got), render(want))
	}
	if got := slices.SortedFunc(slices.Values(edges), byKey); render(got) == render(want) {
		t.Errorf("ordering by r.key gives SortEdges' order on these edges; the test no longer tells the two apart")
	}
}
