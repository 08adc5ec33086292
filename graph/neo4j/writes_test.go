package neo4j

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"citynet/graph"
	"citynet/graph/storetest"
	"citynet/synth"
)

// fakeDB plays Neo4j for the statements that write and for those that read
// the whole graph back, closely enough to check that what Apply sends
// leaves the database holding exactly the new graph. Transactions are
// all-or-nothing: a transaction function that returns an error leaves the
// state as it was (the driver's rollback).
type fakeDB struct {
	st fakeState
}

type fakeState struct {
	nodes   map[string]fakeNode
	rels    map[string]fakeRel
	claims  map[string]map[string]any
	epoch   string // "": no version node
	version int64
}

type fakeNode struct {
	labels []string
	props  map[string]any
}

type fakeRel struct {
	typ, from, to string
	props         map[string]any
}

func newFakeDB() *fakeDB {
	return &fakeDB{st: fakeState{nodes: map[string]fakeNode{}, rels: map[string]fakeRel{}, claims: map[string]map[string]any{}}}
}

func (st fakeState) clone() fakeState {
	st.nodes, st.rels, st.claims = maps.Clone(st.nodes), maps.Clone(st.rels), maps.Clone(st.claims)
	return st
}

// anyLists returns properties as the driver hands them back: lists as []any.
func anyLists(p map[string]any) map[string]any {
	return asNode("", props(p)).Props
}

func rowsOf(params map[string]any) []map[string]any { return params["rows"].([]map[string]any) }

// answer runs a statement the fake knows; ok is false for the others.
func (f *fakeDB) answer(name string, params map[string]any) (recs []*neo4j.Record, ok bool) {
	st := &f.st
	label, isNodes := strings.CutPrefix(name, "load_nodes_")
	typ, isRels := strings.CutPrefix(name, "load_rels_")
	walk, isWalk := strings.CutPrefix(name, "walk_nodes_")
	switch {
	case name == "version_lock":
		if st.epoch == "" {
			st.epoch, st.version = fmt.Sprintf("epoch-%p", f), 0
		}
		st.version++
		return []*neo4j.Record{record("epoch", st.epoch, "version", st.version)}, true
	case name == "version_get":
		if st.epoch == "" {
			return nil, true
		}
		return []*neo4j.Record{record("epoch", st.epoch, "version", st.version)}, true
	case isNodes:
		// The labels the statement removes before it sets its own (a
		// statement that removes none leaves an old type label in place).
		var removed []string
		for _, line := range strings.Split(stmt(name), "\n") {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "REMOVE n:"); ok {
				removed = strings.Split(rest, ":")
			}
		}
		for _, r := range rowsOf(params) {
			id := r["id"].(string)
			labels := slices.DeleteFunc(slices.Clone(st.nodes[id].labels), func(l string) bool { return slices.Contains(removed, l) })
			for _, l := range []string{"Entity", label} {
				if !slices.Contains(labels, l) {
					labels = append(labels, l)
				}
			}
			st.nodes[id] = fakeNode{labels, r["props"].(map[string]any)}
		}
	case isRels:
		for _, r := range rowsOf(params) {
			from, to := r["from"].(string), r["to"].(string)
			if _, ok := st.nodes[from]; !ok {
				continue
			}
			if _, ok := st.nodes[to]; !ok {
				continue
			}
			st.rels[r["key"].(string)] = fakeRel{typ, from, to, r["props"].(map[string]any)}
		}
	case name == "load_claims":
		for _, r := range rowsOf(params) {
			st.claims[r["key"].(string)] = r["props"].(map[string]any)
		}
	case name == "apply_delete_rels":
		for _, r := range rowsOf(params) {
			k := r["key"].(string)
			if rel, ok := st.rels[k]; ok && rel.from == r["from"] && rel.to == r["to"] {
				delete(st.rels, k)
			}
		}
	case name == "apply_delete_claims":
		for _, k := range params["keys"].([]string) {
			delete(st.claims, k)
		}
	case name == "apply_delete_nodes":
		gone := set(params["ids"].([]string))
		f.detachDelete(func(id string) bool { return gone[id] })
	case name == "load_prune_nodes":
		keep := set(params["ids"].([]string))
		f.detachDelete(func(id string) bool { return !keep[id] })
	case name == "load_prune_rels":
		keep := set(params["keys"].([]string))
		maps.DeleteFunc(st.rels, func(k string, _ fakeRel) bool { return !keep[k] })
	case name == "load_prune_claims":
		keep := set(params["keys"].([]string))
		maps.DeleteFunc(st.claims, func(k string, _ map[string]any) bool { return !keep[k] })
	case isWalk:
		for _, id := range slices.Sorted(maps.Keys(st.nodes)) {
			if n := st.nodes[id]; slices.Contains(n.labels, walk) {
				recs = append(recs, record("n", dbtype.Node{Labels: n.labels, Props: anyLists(n.props)}))
			}
		}
	case name == "memberships" || name == "foundings" || name == "offices":
		want := map[string]string{"memberships": "MEMBER_OF", "foundings": "FOUNDED", "offices": "HOLDS_OFFICE"}[name]
		for _, k := range slices.Sorted(maps.Keys(st.rels)) {
			if r := st.rels[k]; r.typ == want {
				recs = append(recs, record("from", r.from, "to", r.to, "props", anyLists(r.props)))
			}
		}
	case name == "node_get":
		n, ok := st.nodes[params["id"].(string)]
		if !ok {
			return nil, false
		}
		recs = append(recs, record("n", dbtype.Node{Labels: n.labels, Props: anyLists(n.props)}))
	case name == "nodes_get":
		for _, id := range params["ids"].([]string) {
			if n, ok := st.nodes[id]; ok {
				recs = append(recs, record("n", dbtype.Node{Labels: n.labels, Props: anyLists(n.props)}))
			}
		}
	case name == "neighborhood_level":
		frontier, rels := set(params["ids"].([]string)), params["rels"].([]string)
		seen := map[string]bool{}
		for _, k := range slices.Sorted(maps.Keys(st.rels)) {
			r := st.rels[k]
			if len(rels) > 0 && !slices.Contains(rels, r.typ) {
				continue
			}
			for _, end := range [][2]string{{r.from, r.to}, {r.to, r.from}} {
				if frontier[end[0]] && !seen[end[1]] {
					seen[end[1]] = true
					recs = append(recs, record("id", end[1], "label", st.nodes[end[1]].labels[1]))
				}
			}
		}
	case name == "neighborhood_edges":
		ids, rels := set(params["ids"].([]string)), params["rels"].([]string)
		for _, k := range slices.Sorted(maps.Keys(st.rels)) {
			if r := st.rels[k]; ids[r.from] && ids[r.to] && (len(rels) == 0 || slices.Contains(rels, r.typ)) {
				recs = append(recs, record("type", r.typ, "from", r.from, "to", r.to, "props", anyLists(r.props)))
			}
		}
	case name == "bipartite":
		var cities, networks, members []any
		for _, id := range slices.Sorted(maps.Keys(st.nodes)) {
			switch n := st.nodes[id]; {
			case slices.Contains(n.labels, "City"):
				cities = append(cities, id)
			case slices.Contains(n.labels, "Network"):
				networks = append(networks, id)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(st.rels)) {
			if r := st.rels[k]; r.typ == "MEMBER_OF" {
				members = append(members, []any{r.from, r.to})
			}
		}
		var located []any
		for _, id := range slices.Sorted(maps.Keys(st.nodes)) {
			if n := st.nodes[id]; slices.Contains(n.labels, "City") && n.props["location"] != nil {
				located = append(located, map[string]any{"id": id, "location": n.props["location"]})
			}
		}
		recs = append(recs, record("cities", cities, "networks", networks, "members", members, "located", located))
	case name == "filter_cities_near" || name == "filter_cities_within":
		// Every located city: a superset of what the point index gives,
		// which the store must narrow to the right cities itself.
		for _, id := range slices.Sorted(maps.Keys(st.nodes)) {
			if n := st.nodes[id]; slices.Contains(n.labels, "City") && n.props["location"] != nil {
				recs = append(recs, record("id", id, "location", n.props["location"]))
			}
		}
	case name == "network_spans":
		for _, id := range params["ids"].([]string) {
			if n, ok := st.nodes[id]; !ok || !slices.Contains(n.labels, "Network") {
				continue
			}
			seen, members := map[string]bool{}, []any{}
			for _, k := range slices.Sorted(maps.Keys(st.rels)) {
				r := st.rels[k]
				if r.typ != "MEMBER_OF" || r.to != id || r.props["until"] != nil || r.props["status"] == "FORMER_MEMBER" || seen[r.from] {
					continue
				}
				seen[r.from] = true
				c := st.nodes[r.from].props
				members = append(members, map[string]any{"id": r.from, "countryId": c["countryId"], "location": c["location"]})
			}
			recs = append(recs, record("id", id, "members", members))
		}
	case name == "dataset_claims":
		for _, k := range slices.Sorted(maps.Keys(st.claims)) {
			recs = append(recs, record("props", anyLists(st.claims[k])))
		}
	default:
		return nil, false
	}
	return recs, true
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, x := range list {
		m[x] = true
	}
	return m
}

func (f *fakeDB) detachDelete(gone func(id string) bool) {
	maps.DeleteFunc(f.st.nodes, func(id string, _ fakeNode) bool { return gone(id) })
	maps.DeleteFunc(f.st.rels, func(_ string, r fakeRel) bool {
		_, from := f.st.nodes[r.from]
		_, to := f.st.nodes[r.to]
		return !from || !to
	})
}

// call is one statement a Store sent.
type call struct {
	name   string
	params map[string]any
}

// fakeStore returns a Store whose transactions run against db through a
// recorder; open more than one on a db to play several processes.
func fakeStore(t testing.TB, db *fakeDB) (*Store, *recorder) {
	rec := &recorder{t: t, sent: map[string]int{}}
	rec.answer = func(name string, params map[string]any) []*neo4j.Record {
		recs, _ := db.answer(name, params)
		return recs
	}
	exec := func(ctx context.Context, mode txMode, work func(querier) (any, error)) (any, error) {
		saved := db.st.clone()
		v, err := rec.exec(ctx, mode, work)
		if err != nil {
			db.st = saved
		}
		return v, err
	}
	return &Store{exec: exec}, rec
}

// since returns the statements sent since the mark (the number of calls
// before).
func (r *recorder) since(mark int) []call { return slices.Clone(r.calls[mark:]) }

func names(calls []call) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = c.name
	}
	return out
}

// readBack are the statements that read the whole graph back.
var readBack = []string{"walk_nodes_City", "walk_nodes_Country", "walk_nodes_Network", "walk_nodes_Institution",
	"walk_nodes_Person", "walk_nodes_Event", "walk_nodes_Partnership", "walk_nodes_Source",
	"memberships", "foundings", "offices", "dataset_claims"}

// normalized renders a dataset with every section in key order, to compare
// graphs whatever the order of their records.
func normalized(tb testing.TB, ds *graph.Dataset) string {
	tb.Helper()
	c := *ds
	byID := func(a, b graph.Node) int { return cmp.Compare(a.NodeID(), b.NodeID()) }
	c.Sources = slices.SortedFunc(slices.Values(c.Sources), func(a, b *graph.Source) int { return byID(a, b) })
	c.Countries = slices.SortedFunc(slices.Values(c.Countries), func(a, b *graph.Country) int { return byID(a, b) })
	c.Cities = slices.SortedFunc(slices.Values(c.Cities), func(a, b *graph.City) int { return byID(a, b) })
	c.Networks = slices.SortedFunc(slices.Values(c.Networks), func(a, b *graph.Network) int { return byID(a, b) })
	c.Institutions = slices.SortedFunc(slices.Values(c.Institutions), func(a, b *graph.Institution) int { return byID(a, b) })
	c.People = slices.SortedFunc(slices.Values(c.People), func(a, b *graph.Person) int { return byID(a, b) })
	c.Events = slices.SortedFunc(slices.Values(c.Events), func(a, b *graph.Event) int { return byID(a, b) })
	c.Partnerships = slices.SortedFunc(slices.Values(c.Partnerships), func(a, b *graph.Partnership) int { return byID(a, b) })
	c.Memberships, c.Foundings, c.Offices, c.Claims = slices.Clone(c.Memberships), slices.Clone(c.Foundings), slices.Clone(c.Offices), slices.Clone(c.Claims)
	graph.SortMemberships(c.Memberships)
	graph.SortFoundings(c.Foundings)
	graph.SortOffices(c.Offices)
	graph.SortClaims(c.Claims)
	return MustJSON(tb, &c)
}

// MustReadBack reads the fake database's graph with a fresh Store (no
// cache) and checks that it is want, stamps included.
func MustReadBack(t *testing.T, db *fakeDB, want *graph.Dataset) {
	t.Helper()
	s, _ := fakeStore(t, db)
	got, err := s.Dataset(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if g, w := normalized(t, got), normalized(t, want); g != w {
		t.Errorf("the database holds another graph than the change's result:\n got %s\nwant %s", g, w)
	}
}

func MustLoad(tb testing.TB, s *Store, ds *graph.Dataset) {
	tb.Helper()
	if err := s.Load(context.Background(), ds); err != nil {
		tb.Fatal(err)
	}
}

func rawFields(kv ...string) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = json.RawMessage(kv[i+1])
	}
	return m
}

func TestStore_Apply(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2025, 3, 4, 5, 6, 7, 100, time.UTC)

	t.Run("Create", func(t *testing.T) {
		db := newFakeDB()
		s, rec := fakeStore(t, db)
		MustLoad(t, s, storetest.Synthetic())
		v0, err := s.Version(ctx)
		if err != nil || v0 == "0" {
			t.Fatalf("version after a load: got %q, %v", v0, err)
		}
		mark := len(rec.calls)
		c := &graph.Change{Put: &graph.Dataset{Cities: []*graph.City{{ID: "golf", Name: "Golfton", CountryID: "CC"}}},
			Create: true, By: "tester", At: at}
		res, err := s.Apply(ctx, c)
		if err != nil {
			t.Fatal(err)
		}

		// Load left no cache: the graph is read back inside the write.
		want := append(append([]string{"version_lock"}, readBack...), "load_nodes_City", "load_rels_IN_COUNTRY")
		sent := rec.since(mark)
		if g := names(sent); !slices.Equal(g, want) {
			t.Fatalf("statements:\n got %q\nwant %q", g, want)
		}
		rows := rowsOf(sent[len(sent)-2].params)
		if len(rows) != 1 || rows[0]["id"] != "golf" {
			t.Fatalf("node rows: got %v, want the one new city", rows)
		}
		p := props(rows[0]["props"].(map[string]any))
		if p.str("updatedAt") != "2025-03-04T05:06:07.000000100Z" || p.str("updatedBy") != "tester" {
			t.Errorf("stamp: got updatedAt %q updatedBy %q", p.str("updatedAt"), p.str("updatedBy"))
		}
		if rows := rowsOf(sent[len(sent)-1].params); len(rows) != 1 || rows[0]["from"] != "golf" || rows[0]["to"] != "CC" {
			t.Errorf("relationship rows: got %v, want golf IN_COUNTRY CC", rows)
		}
		if got := res.Summary["cities"]; got != (graph.Counts{Created: 1}) {
			t.Errorf("summary: got %+v", got)
		}
		if db.st.version != 2 {
			t.Errorf("version: got %d, want 2 (load, create)", db.st.version)
		}
		MustReadBack(t, db, res.Dataset)
		if v1, err := s.Version(ctx); err != nil || v1 == v0 {
			t.Errorf("version after a write: got %q (%v), want a new one (was %q)", v1, err, v0)
		}
	})

	t.Run("UpdateSendsOneRow", func(t *testing.T) {
		db := newFakeDB()
		s, rec := fakeStore(t, db)
		MustLoad(t, s, storetest.Synthetic())
		if _, err := s.Dataset(ctx); err != nil { // fills the cache
			t.Fatal(err)
		}
		mark := len(rec.calls)
		res, err := s.Apply(ctx, &graph.Change{By: "editor", Patches: []graph.Patch{
			{Ref: graph.NodeRef(graph.TypeCity, "alpha"), Fields: rawFields("name", `"Alphaville-on-Sea"`)}}})
		if err != nil {
			t.Fatal(err)
		}
		sent := rec.since(mark)
		if g, w := names(sent), []string{"version_lock", "load_nodes_City"}; !slices.Equal(g, w) {
			t.Fatalf("statements: got %q, want %q (cached graph, one node row, nothing pruned)", g, w)
		}
		rows := rowsOf(sent[1].params)
		if len(rows) != 1 || rows[0]["id"] != "alpha" {
			t.Fatalf("rows: got %v, want alpha only", rows)
		}
		p := props(rows[0]["props"].(map[string]any))
		if p.str("name") != "Alphaville-on-Sea" || p.str("updatedBy") != "editor" || p.str("updatedAt") == "" {
			t.Errorf("row: got %v", p)
		}
		if got := res.Changes; len(got) != 1 || got[0].Kind != graph.Updated || got[0].Section != "cities" || !slices.Equal(got[0].Key, []string{"alpha"}) {
			t.Errorf("changes: got %+v", got)
		}
		MustReadBack(t, db, res.Dataset)
	})

	t.Run("DeleteCascade", func(t *testing.T) {
		db := newFakeDB()
		s, rec := fakeStore(t, db)
		MustLoad(t, s, storetest.Synthetic())
		if _, err := s.Dataset(ctx); err != nil {
			t.Fatal(err)
		}
		mark := len(rec.calls)
		// echo goes with its membership; pa1 (alpha–echo) is left with one
		// party and goes too; ev2 loses its only participant.
		res, err := s.Apply(ctx, &graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypeCity, "echo")}, Cascade: true, By: "editor"})
		if err != nil {
			t.Fatal(err)
		}
		sent := rec.since(mark)
		if g, w := names(sent), []string{"version_lock", "apply_delete_nodes", "load_nodes_Event"}; !slices.Equal(g, w) {
			t.Fatalf("statements: got %q, want %q", g, w)
		}
		if g := sent[1].params["ids"]; !slices.Equal(g.([]string), []string{"echo", "pa1"}) {
			t.Errorf("deleted ids: got %v, want [echo pa1]", g)
		}
		if rows := rowsOf(sent[2].params); len(rows) != 1 || rows[0]["id"] != "ev2" || rows[0]["props"].(map[string]any)["participantIds"] != nil {
			t.Errorf("event rows: got %v, want ev2 without participants", rows)
		}
		MustReadBack(t, db, res.Dataset)
	})

	t.Run("DeleteRelationshipAndClaim", func(t *testing.T) {
		db := newFakeDB()
		s, rec := fakeStore(t, db)
		MustLoad(t, s, storetest.Synthetic())
		mark := len(rec.calls)
		res, err := s.Apply(ctx, &graph.Change{Delete: []graph.Ref{
			graph.MembershipRef("bravo", "n3", "2010"), graph.ClaimRef("n1", "memberCountryCount", "2")}})
		if err != nil {
			t.Fatal(err)
		}
		sent := rec.since(mark)[1+len(readBack):]
		if g, w := names(sent), []string{"apply_delete_rels", "apply_delete_claims"}; !slices.Equal(g, w) {
			t.Fatalf("statements: got %q, want %q", g, w)
		}
		key := relKey(graph.Edge{Type: graph.RelMemberOf, From: "bravo", To: "n3", Since: "2010"})
		if g, w := MustJSON(t, sent[0].params), MustJSON(t, map[string]any{"rows": []map[string]any{{"from": "bravo", "to": "n3", "key": key}}}); g != w {
			t.Errorf("relationship rows: got %s, want %s", g, w)
		}
		if g := sent[1].params["keys"].([]string); !slices.Equal(g, []string{claimKey(&graph.Claim{SubjectID: "n1", Property: "memberCountryCount", Value: "2"})}) {
			t.Errorf("claim keys: got %q", g)
		}
		MustReadBack(t, db, res.Dataset)
	})

	t.Run("DryRunWritesNothing", func(t *testing.T) {
		db := newFakeDB()
		s, rec := fakeStore(t, db)
		MustLoad(t, s, storetest.Synthetic())
		before := db.st.version
		mark := len(rec.calls)
		res, err := s.Apply(ctx, &graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypeCity, "echo")}, Cascade: true, DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Summary["cities"]; got.Deleted != 1 {
			t.Errorf("dry run summary: got %+v, want one city deleted", res.Summary)
		}
		for _, n := range names(rec.since(mark)) {
			if n != "version_lock" && !slices.Contains(readBack, n) {
				t.Errorf("dry run sent %s", n)
			}
		}
		if db.st.version != before {
			t.Errorf("dry run: version %d, want %d (rolled back)", db.st.version, before)
		}
		MustReadBack(t, db, storetest.Synthetic())
	})

	t.Run("NoChangeWritesNothing", func(t *testing.T) {
		db := newFakeDB()
		s, rec := fakeStore(t, db)
		MustLoad(t, s, storetest.Synthetic())
		before := db.st.version
		same := storetest.Synthetic()
		mark := len(rec.calls)
		res, err := s.Apply(ctx, &graph.Change{Put: &graph.Dataset{Cities: same.Cities[:2]}, By: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Summary["cities"]; got != (graph.Counts{Unchanged: 2}) {
			t.Errorf("summary: got %+v", got)
		}
		if g, w := names(rec.since(mark)), append([]string{"version_lock"}, readBack...); !slices.Equal(g, w) {
			t.Errorf("statements: got %q, want %q", g, w)
		}
		if db.st.version != before {
			t.Errorf("version: got %d, want %d", db.st.version, before)
		}
	})

	t.Run("RefusedWritesNothing", func(t *testing.T) {
		db := newFakeDB()
		s, rec := fakeStore(t, db)
		MustLoad(t, s, storetest.Synthetic())
		before := db.st.version
		for name, tc := range map[string]struct {
			c    *graph.Change
			code string
		}{
			"invalid":   {&graph.Change{Put: &graph.Dataset{Cities: []*graph.City{{ID: "golf", Name: "Golfton", CountryID: "ZZ"}}}}, graph.EINVALID},
			"not found": {&graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypeCity, "nowhere")}}, graph.ENOTFOUND},
			"referred":  {&graph.Change{Delete: []graph.Ref{graph.NodeRef(graph.TypeCity, "echo")}}, graph.ECONFLICT},
			"exists":    {&graph.Change{Put: &graph.Dataset{Cities: storetest.Synthetic().Cities[:1]}, Create: true}, graph.ECONFLICT},
			"no change": {nil, graph.EINVALID},
		} {
			mark := len(rec.calls)
			_, err := s.Apply(ctx, tc.c)
			var de *graph.DatasetError
			switch {
			case tc.code == graph.EINVALID && tc.c != nil:
				if !errors.As(err, &de) || len(de.Problems) == 0 || err != error(de) {
					t.Errorf("%s: got %v (%T), want the *graph.DatasetError unchanged", name, err, err)
				}
			case graph.ErrorCode(err) != tc.code:
				t.Errorf("%s: got %v, want code %s", name, err, tc.code)
			}
			for _, n := range names(rec.since(mark)) {
				if n != "version_lock" && !slices.Contains(readBack, n) {
					t.Errorf("%s: sent %s", name, n)
				}
			}
		}
		if db.st.version != before {
			t.Errorf("version: got %d, want %d", db.st.version, before)
		}
		MustReadBack(t, db, storetest.Synthetic())
	})

	t.Run("CacheFollowsVersion", func(t *testing.T) {
		db := newFakeDB()
		s1, rec := fakeStore(t, db)
		s2, _ := fakeStore(t, db) // another process on the same database
		MustLoad(t, s1, storetest.Synthetic())
		apply := func(s *Store, c *graph.Change) *graph.ChangeResult {
			t.Helper()
			res, err := s.Apply(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		readsBack := func(mark int) bool { return slices.Contains(names(rec.since(mark)), "walk_nodes_City") }

		mark := len(rec.calls)
		apply(s1, &graph.Change{Put: &graph.Dataset{Cities: []*graph.City{{ID: "golf", Name: "Golfton", CountryID: "CC"}}}})
		if !readsBack(mark) {
			t.Error("first write after a load: the graph was not read back")
		}
		mark = len(rec.calls)
		apply(s1, &graph.Change{Patches: []graph.Patch{{Ref: graph.NodeRef(graph.TypeCity, "golf"), Fields: rawFields("localName", `"Golfowo"`)}}})
		if readsBack(mark) {
			t.Error("second write: read the graph back although the cache is current")
		}
		mark = len(rec.calls)
		if _, err := s1.Dataset(ctx); err != nil {
			t.Fatal(err)
		}
		if g, w := names(rec.since(mark)), []string{"version_get"}; !slices.Equal(g, w) {
			t.Errorf("Dataset with a current cache: sent %q, want %q", g, w)
		}

		// Another process writes: s1's cache is stale and must not be used.
		apply(s2, &graph.Change{Put: &graph.Dataset{Cities: []*graph.City{{ID: "hotel", Name: "Hotelville", CountryID: "CC"}}}})
		mark = len(rec.calls)
		res := apply(s1, &graph.Change{Patches: []graph.Patch{{Ref: graph.NodeRef(graph.TypeCity, "hotel"), Fields: rawFields("localName", `"Hotelowo"`)}}})
		if !readsBack(mark) {
			t.Error("write after another process's write: the graph was not read back")
		}
		MustReadBack(t, db, res.Dataset)
		ds, err := s1.Dataset(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ds != res.Dataset {
			t.Error("Dataset after a write: not served from the cache")
		}

		// A reload bumps the version: nothing is served from before it.
		MustLoad(t, s2, storetest.Synthetic())
		ds, err = s1.Dataset(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := normalized(t, ds), normalized(t, storetest.Synthetic()); g != w {
			t.Errorf("Dataset after another process's load:\n got %s\nwant %s", g, w)
		}
	})

	t.Run("FailedWriteKeepsCache", func(t *testing.T) {
		db := newFakeDB()
		s, rec := fakeStore(t, db)
		MustLoad(t, s, storetest.Synthetic())
		if _, err := s.Dataset(ctx); err != nil {
			t.Fatal(err)
		}
		before := s.snap.v
		rec.fail = func(name string) error {
			if name == "load_nodes_City" {
				return &neo4j.Neo4jError{Code: "Neo.DatabaseError.General.UnknownError", Msg: "disk full"}
			}
			return nil
		}
		c := &graph.Change{Put: &graph.Dataset{Cities: []*graph.City{{ID: "golf", Name: "Golfton", CountryID: "CC"}}}}
		if _, err := s.Apply(ctx, c); graph.ErrorCode(err) != graph.EINTERNAL {
			t.Fatalf("failed write: got %v, want an internal error", err)
		}
		if s.snap.v != before {
			t.Fatalf("cache: version %v after a failed write, want %v", s.snap.v, before)
		}
		rec.fail = nil
		mark := len(rec.calls)
		res, err := s.Apply(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(names(rec.since(mark)), "walk_nodes_City") {
			t.Error("the write after a rolled-back one read the graph back; the cache still held")
		}
		MustReadBack(t, db, res.Dataset)
	})

	t.Run("Batches", func(t *testing.T) {
		db := newFakeDB()
		s, rec := fakeStore(t, db)
		MustLoad(t, s, storetest.Synthetic())
		put := &graph.Dataset{}
		for i := range BatchSize + 1 {
			put.Cities = append(put.Cities, &graph.City{ID: fmt.Sprintf("c%04d", i), Name: fmt.Sprintf("City %d", i), CountryID: "CC"})
		}
		res, err := s.Apply(ctx, &graph.Change{Put: put})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range rec.calls {
			if c.name == "load_nodes_City" && len(rowsOf(c.params)) <= BatchSize {
				n++
			}
		}
		if n != 3 { // the load's, then BatchSize and 1
			t.Errorf("load_nodes_City sent %d times, want 3", n)
		}
		MustReadBack(t, db, res.Dataset)
	})
}

func TestStore_DatasetInvalidIsInternal(t *testing.T) {
	db := newFakeDB()
	s, _ := fakeStore(t, db)
	MustLoad(t, s, storetest.Synthetic())
	// Written by something else: a city in a country that is not there.
	db.st.nodes["golf"] = fakeNode{[]string{"Entity", "City"}, map[string]any{"id": "golf", "name": "Golfton", "countryId": "ZZ"}}
	_, err := s.Dataset(context.Background())
	var de *graph.DatasetError
	if err == nil || graph.ErrorCode(err) != graph.EINTERNAL || errors.As(err, &de) {
		t.Errorf("got %v, want an internal error (the database's problem, not the caller's)", err)
	}
}

func TestDiffPlans(t *testing.T) {
	old := storetest.Synthetic()
	t.Run("Same", func(t *testing.T) {
		if w := diffPlans(planLoad(old), planLoad(storetest.Synthetic())); !w.empty() {
			t.Errorf("same graph: got %+v, want nothing to write", w)
		}
	})
	t.Run("Relabeled", func(t *testing.T) {
		// Dataset.Apply never changes a node's type; the diff still copes.
		cur := storetest.Synthetic()
		cur.Countries = append(cur.Countries, &graph.Country{ID: "XX", Name: "Exland"})
		cur.Cities = slices.DeleteFunc(cur.Cities, func(c *graph.City) bool { return c.ID == "foxtrot" })
		cur.Institutions = append(cur.Institutions, &graph.Institution{ID: "foxtrot", Name: "Foxtrot Institute", CountryID: "XX"})
		w := diffPlans(planLoad(old), planLoad(cur))
		if !slices.Equal(w.goneNodes, []string{"foxtrot"}) || len(w.goneRels) != 0 {
			t.Errorf("gone: nodes %v, rels %v; want foxtrot, deleted before it is created again", w.goneNodes, w.goneRels)
		}
		if len(w.upsert.nodes["Institution"]) != 1 || len(w.upsert.nodes["Country"]) != 1 || len(w.upsert.nodes) != 2 {
			t.Errorf("node rows: got %v", w.upsert.nodes)
		}
		if rows := w.upsert.rels["IN_COUNTRY"]; len(rows) != 1 || rows[0]["from"] != "foxtrot" || rows[0]["to"] != "XX" {
			t.Errorf("relationship rows: got %v", rows)
		}
	})
	t.Run("RelabeledResendsRelationships", func(t *testing.T) {
		// uni becomes a city: once it is deleted and created again, the
		// relationships that unchanged records (ev1, pa2) give it must be
		// sent again too.
		cur := storetest.Synthetic()
		cur.Institutions = slices.DeleteFunc(cur.Institutions, func(i *graph.Institution) bool { return i.ID == "uni" })
		cur.Cities = append(cur.Cities, &graph.City{ID: "uni", Name: "Uni Town", CountryID: "AA"})
		base := storetest.Synthetic()
		cur.Events, cur.Partnerships = base.Events, base.Partnerships // the same records, by pointer
		w := diffDatasets(base, cur)
		if !slices.Equal(w.goneNodes, []string{"uni"}) {
			t.Errorf("gone nodes: got %v, want [uni]", w.goneNodes)
		}
		var got []string
		for _, typ := range RelTypes {
			for _, r := range w.upsert.rels[typ] {
				got = append(got, typ+" "+r["from"].(string)+">"+r["to"].(string))
			}
		}
		if want := []string{"IN_COUNTRY uni>AA", "ATTENDED uni>ev1", "PARTY pa2>uni"}; !slices.Equal(got, want) {
			t.Errorf("relationships sent: got %q, want %q", got, want)
		}
	})
	t.Run("OnlyChangedRecordsPlanned", func(t *testing.T) {
		base := storetest.Synthetic()
		next := *base
		next.Cities = slices.Clone(base.Cities)
		c := *next.Cities[0]
		c.LocalName = "Alfawil Nowy"
		next.Cities[0] = &c
		w := diffDatasets(base, &next)
		if rows := w.upsert.nodes["City"]; len(rows) != 1 || len(w.upsert.nodes) != 1 || len(w.upsert.rels) != 0 || len(w.goneRels) != 0 {
			t.Errorf("got %+v, want one city row", w)
		}
	})
	t.Run("ChangedRelationship", func(t *testing.T) {
		cur := storetest.Synthetic()
		m := *cur.Memberships[0]
		m.Until, m.Stamp = "2020", graph.Stamp{At: time.Unix(1, 0).UTC(), By: "x"}
		cur.Memberships[0] = &m
		w := diffPlans(planLoad(old), planLoad(cur))
		rows := w.upsert.rels["MEMBER_OF"]
		if len(rows) != 1 || len(w.upsert.rels) != 1 || len(w.upsert.nodes) != 0 || len(w.goneRels) != 0 {
			t.Fatalf("got rels %v, nodes %v, gone %v; want one membership row", w.upsert.rels, w.upsert.nodes, w.goneRels)
		}
		if p := rows[0]["props"].(map[string]any); p["until"] != "2020" || p["updatedBy"] != "x" {
			t.Errorf("row: got %v", p)
		}
	})
}

func TestStamp_RoundTrip(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2025, 3, 4, 5, 6, 7, 100, time.UTC),
		time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC),
		time.Now().UTC(),
		time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC),
	} {
		st := graph.Stamp{At: at, By: "someone"}
		if got := (props{}).stamp(st).stamped(); got != st {
			t.Errorf("round trip: got %+v, want %+v", got, st)
		}
	}
	if p := (props{}).stamp(graph.Stamp{}); len(p) != 0 {
		t.Errorf("no stamp: got properties %v, want none", p)
	}
	// Fixed width, so that the strings sort as the instants do.
	a := props{}.stamp(graph.Stamp{At: time.Date(2025, 1, 1, 0, 0, 0, 900000000, time.UTC)}).str("updatedAt")
	b := props{}.stamp(graph.Stamp{At: time.Date(2025, 1, 1, 0, 0, 0, 950000000, time.UTC)}).str("updatedAt")
	c := props{}.stamp(graph.Stamp{At: time.Date(2025, 1, 1, 0, 0, 1, 0, time.UTC)}).str("updatedAt")
	if !(a < b && b < c) {
		t.Errorf("updatedAt strings out of order: %q, %q, %q", a, b, c)
	}
	// Another zone: the same instant, given back in UTC.
	warsaw := time.FixedZone("CET", 3600)
	got := props{}.stamp(graph.Stamp{At: time.Date(2025, 1, 1, 1, 0, 0, 5, warsaw)}).stamped()
	if want := time.Date(2025, 1, 1, 0, 0, 0, 5, time.UTC); got.At != want {
		t.Errorf("offset: got %v, want %v", got.At, want)
	}
}

// TestStore_DatasetRoundTrip loads each dataset and reads it back whole:
// every record, stamps included.
func TestStore_DatasetRoundTrip(t *testing.T) {
	for name, ds := range datasets(t) {
		t.Run(name, func(t *testing.T) {
			db := newFakeDB()
			s, rec := fakeStore(t, db)
			MustLoad(t, s, ds)
			mark := len(rec.calls)
			MustReadBack(t, db, ds)
			got, err := s.Dataset(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if g, w := names(rec.since(mark)), append(append([]string{"version_get"}, readBack...), "version_get"); !slices.Equal(g, w) {
				t.Errorf("statements: got %q, want %q", g, w)
			}
			if !got.Validated() {
				t.Error("Dataset: not validated")
			}
			if g, w := normalized(t, got), normalized(t, ds); g != w {
				t.Errorf("read back:\n got %s\nwant %s", g, w)
			}
		})
	}
}

// TestStore_LoadTypeChange: a record loaded again under the same id with
// another type keeps only its new type label; with both, the graph would
// read back with the id twice (and exports and stats would count it twice).
func TestStore_LoadTypeChange(t *testing.T) {
	t.Run("StatementShape", func(t *testing.T) {
		for _, nt := range graph.NodeTypes {
			l, _ := labelOf(nt)
			text := stmt("load_nodes_" + l)
			var remove string
			for _, line := range strings.Split(text, "\n") {
				if r, ok := strings.CutPrefix(line, "REMOVE n:"); ok {
					remove = r
				}
			}
			for _, other := range labels {
				removes := slices.Contains(strings.Split(remove, ":"), other)
				if other == l && (removes || !strings.Contains(text, "SET n:"+l)) {
					t.Errorf("load_nodes_%s: must set its own label and not remove it:\n%s", l, text)
				} else if other != l && !removes {
					t.Errorf("load_nodes_%s: does not remove the label %s", l, other)
				}
			}
		}
	})
	t.Run("ReadsBackOnce", func(t *testing.T) {
		db := newFakeDB()
		s, _ := fakeStore(t, db)
		MustLoad(t, s, storetest.Synthetic())
		next := storetest.Synthetic()
		next.Countries = append(next.Countries, &graph.Country{ID: "XX", Name: "Exland"})
		next.Cities = slices.DeleteFunc(next.Cities, func(c *graph.City) bool { return c.ID == "foxtrot" })
		next.Institutions = append(next.Institutions, &graph.Institution{ID: "foxtrot", Name: "Foxtrot Institute", Kind: graph.InstitutionAgency, CountryID: "XX"})
		MustLoad(t, s, next)
		if got := db.st.nodes["foxtrot"].labels; !slices.Equal(got, []string{"Entity", "Institution"}) {
			t.Errorf("labels of foxtrot: got %q, want [Entity Institution]", got)
		}
		MustReadBack(t, db, next)
	})
}

// TestStore_DatasetConcurrentWrite: a write that commits while the graph
// is read (Neo4j's reads are read-committed, statement by statement) must
// not give a mix of the graphs before and after it: the read is done again.
func TestStore_DatasetConcurrentWrite(t *testing.T) {
	t.Run("Retried", func(t *testing.T) {
		db := newFakeDB()
		s, rec := fakeStore(t, db)
		MustLoad(t, s, storetest.Synthetic())
		// The other process's write commits: a read that fails does not
		// roll it back.
		s.exec = rec.exec
		answer, writes := rec.answer, 0
		rec.answer = func(name string, params map[string]any) []*neo4j.Record {
			if name == "memberships" && writes == 0 {
				// Another process renames alpha and deletes echo's
				// membership, after the nodes were read.
				writes++
				n := db.st.nodes["alpha"]
				p := maps.Clone(n.props)
				p["name"] = "Alphaville Renamed"
				db.st.nodes["alpha"] = fakeNode{n.labels, p}
				for k, r := range db.st.rels {
					if r.typ == "MEMBER_OF" && r.from == "echo" {
						delete(db.st.rels, k)
					}
				}
				db.st.version++
			}
			return answer(name, params)
		}
		mark := len(rec.calls)
		ds, err := s.Dataset(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n := slices.Index(names(rec.since(mark)), "version_get"); n != 0 || rec.sent["walk_nodes_City"] != 2 {
			t.Errorf("statements: %q; want the graph read twice", names(rec.since(mark)))
		}
		want := storetest.Synthetic()
		want.Cities[slices.IndexFunc(want.Cities, func(c *graph.City) bool { return c.ID == "alpha" })].Name = "Alphaville Renamed"
		want.Memberships = slices.DeleteFunc(want.Memberships, func(m *graph.Membership) bool { return m.CityID == "echo" })
		if g, w := normalized(t, ds), normalized(t, want); g != w {
			t.Errorf("read a mixed graph:\n got %s\nwant %s", g, w)
		}
	})
	t.Run("ErrKeepsChanging", func(t *testing.T) {
		db := newFakeDB()
		s, rec := fakeStore(t, db)
		MustLoad(t, s, storetest.Synthetic())
		answer := rec.answer
		rec.answer = func(name string, params map[string]any) []*neo4j.Record {
			if name == "dataset_claims" {
				db.st.version++
			}
			return answer(name, params)
		}
		_, err := s.Dataset(context.Background())
		if graph.ErrorCode(err) != graph.EINTERNAL || !errors.Is(err, errGraphChanged) {
			t.Errorf("got %v, want an internal error saying the graph kept changing", err)
		}
		if n := rec.sent["dataset_claims"]; n != datasetAttempts {
			t.Errorf("read the graph %d times, want %d", n, datasetAttempts)
		}
	})
}

// TestStore_LoadWithProgress: progress is told after each batch, up to
// every row of the dataset.
func TestStore_LoadWithProgress(t *testing.T) {
	cfg, err := synth.Preset("tiny")
	if err != nil {
		t.Fatal(err)
	}
	ds := synth.Generate(cfg)
	s, _ := fakeStore(t, newFakeDB())
	var calls [][2]int
	if err := s.LoadWithProgress(context.Background(), ds, func(done, total int) { calls = append(calls, [2]int{done, total}) }); err != nil {
		t.Fatal(err)
	}
	total := len(ds.Nodes()) + len(ds.Edges()) + len(ds.Claims)
	if len(calls) < 3 || calls[len(calls)-1] != [2]int{total, total} {
		t.Fatalf("progress: got %v, want batches ending at %d of %d", calls, total, total)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] <= calls[i-1][0] || calls[i][1] != total {
			t.Errorf("progress %d: %v after %v", i, calls[i], calls[i-1])
		}
	}
}
