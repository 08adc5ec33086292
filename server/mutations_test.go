package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"citynet/graph"
)

type gqlAnswer struct {
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// gql sends a GraphQL request with a key ("" for none) to the test server.
func (s *importServer) gql(tb testing.TB, key, query string, vars map[string]any) gqlAnswer {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", s.url+"/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var a gqlAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		tb.Fatalf("status %d: body is not JSON: %v", resp.StatusCode, err)
	}
	return a
}

// errorCode returns the only error's code and field, failing on data.
func errorCode(tb testing.TB, a gqlAnswer) (code, field string) {
	tb.Helper()
	if len(a.Errors) != 1 {
		tb.Fatalf("want one error, got %+v", a)
	}
	code, _ = a.Errors[0].Extensions["code"].(string)
	field, _ = a.Errors[0].Extensions["field"].(string)
	return code, field
}

func dig(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

const createCity = `mutation($in: CityInput!, $dry: Boolean) {
  createCity(input: $in, dryRun: $dry) { dryRun city { id name country { id } updatedAt updatedBy sources { source { id } quote } }
    changes { section key change } } }`

func TestMutations_CreateUpsertUpdate(t *testing.T) {
	s := MustImportServer(t, 0)
	golf := map[string]any{"id": "golf", "name": "Golf", "country": "AA",
		"sources": []any{map[string]any{"source": "s1", "quote": "Golf is a town."}}}

	a := s.gql(t, s.write, createCity, map[string]any{"in": golf})
	if len(a.Errors) > 0 {
		t.Fatalf("createCity: %+v", a.Errors)
	}
	city := dig(a.Data, "createCity", "city")
	if dig(city, "updatedBy") != "curator" || dig(city, "updatedAt") == nil || dig(city, "country", "id") != "AA" {
		t.Errorf("created city: got %v", city)
	}
	if ch := dig(a.Data, "createCity", "changes").([]any); len(ch) != 1 || dig(ch[0], "change") != "CREATED" || dig(ch[0], "section") != "cities" {
		t.Errorf("changes: got %v", ch)
	}
	if log := s.log.String(); !strings.Contains(log, `audit: write applied" who=curator via="mutation createCity" summary="cities +1 ~0 -0" records="created cities golf"`) {
		t.Errorf("no audit line for the mutation:\n%s", log)
	}

	// Creating it again is a conflict; upserting the same record changes nothing.
	if code, _ := errorCode(t, s.gql(t, s.write, createCity, map[string]any{"in": golf})); code != "CONFLICT" {
		t.Errorf("second createCity: got %s, want CONFLICT", code)
	}
	a = s.gql(t, s.write, `mutation($in: CityInput!) { upsertCity(input: $in) { changes { change } city { updatedAt } } }`, map[string]any{"in": golf})
	if ch := dig(a.Data, "upsertCity", "changes").([]any); len(ch) != 0 || len(a.Errors) > 0 {
		t.Errorf("an idempotent upsert changed %v (%v)", ch, a.Errors)
	}

	// A membership that ended: update with a patch.
	a = s.gql(t, s.write, `mutation { updateMembership(city: "alpha", network: "n1", since: "1986",
	    patch: {until: "2020-06", status: FORMER_MEMBER}) { membership { until status since updatedBy } changes { change } } }`, nil)
	m := dig(a.Data, "updateMembership", "membership")
	if dig(m, "until") != "2020-06" || dig(m, "status") != "FORMER_MEMBER" || dig(m, "since") != "1986" || dig(m, "updatedBy") != "curator" {
		t.Errorf("updateMembership: got %v %v", m, a.Errors)
	}
	// An explicit null clears an optional field.
	a = s.gql(t, s.write, `mutation { updateNetwork(id: "n1", patch: {website: null}) { network { website acronym } } }`, nil)
	if n := dig(a.Data, "updateNetwork", "network"); dig(n, "website") != nil || dig(n, "acronym") != "NL" {
		t.Errorf("updateNetwork with null: got %v %v", n, a.Errors)
	}
	// A dry run answers as if written and writes nothing.
	a = s.gql(t, s.write, createCity, map[string]any{"in": map[string]any{"id": "hotel", "name": "Hotel", "country": "AA"}, "dry": true})
	if dig(a.Data, "createCity", "dryRun") != true || dig(a.Data, "createCity", "city", "id") != "hotel" {
		t.Errorf("dry run: got %v %v", a.Data, a.Errors)
	}
	if _, err := s.store.City(t.Context(), "hotel"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("a dry run wrote hotel: %v", err)
	}
	// One audit line per write that changed something: not for the
	// refused create, the idempotent upsert or the dry run.
	if n := strings.Count(s.log.String(), "audit: write applied"); n != 3 {
		t.Errorf("audit lines: got %d, want 3 (createCity, updateMembership, updateNetwork):\n%s", n, s.log)
	}
}

// Every bad input is refused with BAD_USER_INPUT naming the input field,
// and nothing is written.
func TestMutations_ErrInvalidInput(t *testing.T) {
	s := MustImportServer(t, 0)
	before, _ := s.store.Dataset(t.Context())
	for _, tc := range []struct {
		name, query, field string
	}{
		{"EmptyName", `mutation { createCity(input: {id: "golf", name: " ", country: "AA"}) { city { id } } }`, "input.name"},
		{"UnknownCountry", `mutation { createCity(input: {id: "golf", name: "Golf", country: "ZZ"}) { city { id } } }`, "input.country"},
		{"BadID", `mutation { createCity(input: {id: "Golf City", name: "Golf", country: "AA"}) { city { id } } }`, "input.id"},
		{"IDOfAnotherType", `mutation { createCity(input: {id: "n1", name: "Golf", country: "AA"}) { city { id } } }`, "input.id"},
		{"ImpossibleDate", `mutation { createMembership(input: {city: "echo", network: "n1", since: "2005-13", status: MEMBER}) { membership { since } } }`, "input.since"},
		{"UntilBeforeSince", `mutation { updateMembership(city: "delta", network: "n1", since: "2005-11", patch: {until: "2001"}) { membership { until } } }`, "patch.until"},
		{"NoSuchNetwork", `mutation { createMembership(input: {city: "echo", network: "nowhere", status: MEMBER}) { membership { since } } }`, "input.network"},
		{"SelfPartnership", `mutation { createPartnership(input: {id: "pa9", kind: PARTNER_CITIES, parties: ["alpha", "alpha"]}) { partnership { id } } }`, "input.parties"},
		{"CitationOfNoSource", `mutation { upsertCity(input: {id: "echo", name: "Echoford", country: "BB", sources: [{source: "nope", quote: "q"}]}) { city { id } } }`, "input.sources[0].source"},
		{"DuplicateMembership", `mutation { updateMembership(city: "bravo", network: "n1", since: "1990", patch: {since: "1990"}) { membership { since } } }`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := s.gql(t, s.write, tc.query, nil)
			if tc.field == "" { // no change at all: not an error
				if len(a.Errors) > 0 {
					t.Fatalf("got %+v", a.Errors)
				}
				return
			}
			code, field := errorCode(t, a)
			if code != "BAD_USER_INPUT" || !strings.HasPrefix(field, tc.field) {
				t.Errorf("got %s %q (%s), want BAD_USER_INPUT at %s", code, field, a.Errors[0].Message, tc.field)
			}
			if a.Data != nil && dig(a.Data, "createCity") != nil {
				t.Errorf("data alongside the error: %v", a.Data)
			}
		})
	}
	// An unknown enum value is refused by GraphQL validation.
	a := s.gql(t, s.write, `mutation { createNetwork(input: {id: "n9", name: "N9", scope: GALACTIC}) { network { id } } }`, nil)
	if code, _ := errorCode(t, a); code != "GRAPHQL_VALIDATION_FAILED" {
		t.Errorf("unknown enum: got %s", code)
	}
	after, _ := s.store.Dataset(t.Context())
	if after != before {
		t.Error("a refused mutation changed the graph")
	}
}

func TestMutations_Delete(t *testing.T) {
	s := MustImportServer(t, 0)
	const del = `mutation($id: ID!, $cascade: Boolean, $dry: Boolean) { deleteCity(id: $id, cascade: $cascade, dryRun: $dry) {
	  dryRun changes { section key change } summary { section deleted updated } } }`
	a := s.gql(t, s.write, del, map[string]any{"id": "delta"})
	code, _ := errorCode(t, a)
	refs, _ := a.Errors[0].Extensions["referrers"].([]any)
	if code != "CONFLICT" || len(refs) == 0 {
		t.Fatalf("delete of a city with memberships: got %s, referrers %v", code, refs)
	}
	if !strings.Contains(a.Errors[0].Message, "memberships delta / n1 / 2005-11") {
		t.Errorf("the conflict does not name the membership: %s", a.Errors[0].Message)
	}
	// A dry run of the cascade lists what would go, and deletes nothing.
	a = s.gql(t, s.write, del, map[string]any{"id": "delta", "cascade": true, "dry": true})
	dry := dig(a.Data, "deleteCity", "changes").([]any)
	if _, err := s.store.City(t.Context(), "delta"); err != nil || len(dry) == 0 {
		t.Fatalf("dry run: %d changes, delta: %v", len(dry), err)
	}
	a = s.gql(t, s.write, del, map[string]any{"id": "delta", "cascade": true})
	got := map[string]bool{}
	for _, c := range dig(a.Data, "deleteCity", "changes").([]any) {
		k, _ := json.Marshal(dig(c, "key"))
		got[dig(c, "section").(string)+" "+string(k)+" "+dig(c, "change").(string)] = true
	}
	for _, want := range []string{
		`cities ["delta"] DELETED`,
		`memberships ["delta","n1","2005-11"] DELETED`,
		`memberships ["delta","n4","2010"] DELETED`,
		`events ["ev2"] UPDATED`,       // its place is cleared
		`partnerships ["pa3"] UPDATED`, // bravo and charlie remain
	} {
		if !got[want] {
			t.Errorf("cascade: missing %s in %v", want, got)
		}
	}
	if len(dry) != len(got) {
		t.Errorf("the dry run listed %d changes, the delete made %d", len(dry), len(got))
	}
	if _, err := s.store.City(t.Context(), "delta"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("delta after delete: %v", err)
	}
	ev, _ := s.store.Event(t.Context(), "ev2")
	if ev.PlaceID != "" || ev.UpdatedBy() == nil {
		t.Errorf("ev2 after the cascade: place %q, stamp %v", ev.PlaceID, ev.UpdatedBy())
	}
	// Relationships are deleted by their key; a missing one is NOT_FOUND.
	a = s.gql(t, s.write, `mutation { deleteMembership(city: "echo", network: "n4", since: "2012") { changes { change } } }`, nil)
	if len(a.Errors) > 0 {
		t.Fatalf("deleteMembership: %+v", a.Errors)
	}
	if code, _ := errorCode(t, s.gql(t, s.write, `mutation { deleteMembership(city: "echo", network: "n4", since: "2012") { changes { change } } }`, nil)); code != "NOT_FOUND" {
		t.Errorf("deleting it again: got %s, want NOT_FOUND", code)
	}
}

func TestMutations_ErrCredentials(t *testing.T) {
	s := MustImportServer(t, 0)
	for _, tc := range []struct{ key, code string }{{"", "UNAUTHENTICATED"}, {s.read, "FORBIDDEN"}, {"not-a-key", "UNAUTHENTICATED"}} {
		a := s.gql(t, tc.key, `mutation { deleteCity(id: "foxtrot") { changes { change } } }`, nil)
		if len(a.Errors) == 0 || a.Errors[0].Extensions["code"] != tc.code {
			t.Errorf("key %q: got %+v, want %s", tc.key, a.Errors, tc.code)
		}
	}
	if _, err := s.store.City(t.Context(), "foxtrot"); err != nil {
		t.Errorf("a refused delete deleted: %v", err)
	}
}
