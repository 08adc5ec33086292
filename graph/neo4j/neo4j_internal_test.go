package neo4j

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"citynet/data"
	"citynet/graph"
	"citynet/graph/storetest"
)

// MustJSON encodes v for comparisons that ignore nil versus empty slices.
func MustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// datasets are the two the conformance suite uses, as they are (no
// stamps) and with every record stamped.
func datasets(t *testing.T) map[string]*graph.Dataset {
	ds, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	stamped, err := data.Load()
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*graph.Dataset{"corpus": ds, "synthetic": storetest.Synthetic(), "geographic": storetest.Geographic(),
		"corpus/stamped": stampAll(stamped), "synthetic/stamped": stampAll(storetest.Synthetic())}
}

// stampAll stamps every record of ds (in place) with its own instant, down
// to the nanosecond, and a writer, some with only one of the two.
func stampAll(ds *graph.Dataset) *graph.Dataset {
	i := 0
	next := func() graph.Stamp {
		i++
		st := graph.Stamp{At: time.Date(2025, 3, 4, 5, 6, 7, i*1001, time.UTC), By: fmt.Sprintf("writer-%d", i%3)}
		switch i % 5 {
		case 3:
			st.By = ""
		case 4:
			st.At = time.Time{}
		}
		return st
	}
	for _, n := range ds.Nodes() {
		switch n := n.(type) {
		case *graph.City:
			n.Stamp = next()
		case *graph.Country:
			n.Stamp = next()
		case *graph.Network:
			n.Stamp = next()
		case *graph.Institution:
			n.Stamp = next()
		case *graph.Person:
			n.Stamp = next()
		case *graph.Event:
			n.Stamp = next()
		case *graph.Partnership:
			n.Stamp = next()
		case *graph.Source:
			n.Stamp = next()
		}
	}
	for _, m := range ds.Memberships {
		m.Stamp = next()
	}
	for _, f := range ds.Foundings {
		f.Stamp = next()
	}
	for _, o := range ds.Offices {
		o.Stamp = next()
	}
	for _, c := range ds.Claims {
		c.Stamp = next()
	}
	return ds
}

// asNode is what Neo4j hands back for a node written with nodeProps: the
// driver returns lists as []any.
func asNode(label string, p props) dbtype.Node {
	back := map[string]any{}
	for k, v := range p {
		if l, ok := v.([]string); ok {
			anys := make([]any, len(l))
			for i, s := range l {
				anys[i] = s
			}
			v = anys
		}
		back[k] = v
	}
	return dbtype.Node{Labels: []string{"Entity", label}, Props: back}
}

func TestProps_NodeRoundTrip(t *testing.T) {
	for name, ds := range datasets(t) {
		t.Run(name, func(t *testing.T) {
			nodes := ds.Nodes()
			if len(nodes) == 0 {
				t.Fatal("no nodes")
			}
			for _, n := range nodes {
				label, ok := labelOf(n.NodeType())
				if !ok {
					t.Fatalf("%s: no label for type %s", n.NodeID(), n.NodeType())
				}
				p := nodeProps(n)
				if canonical, other := graph.Names(n); p.str("searchText") == "" && graph.Fold(strings.Join(append(canonical, other...), " ")) != "" {
					t.Errorf("%s: no searchText, but the node has names", n.NodeID())
				}
				got := fromNode(asNode(label, p))
				if g, w := MustJSON(t, got), MustJSON(t, n); g != w {
					t.Errorf("%s: round trip\n got %s\nwant %s", n.NodeID(), g, w)
				}
				if g, w := stampOf(got), stampOf(n); g != w {
					t.Errorf("%s: stamp round trip: got %+v, want %+v", n.NodeID(), g, w)
				}
			}
		})
	}
}

func TestProps_RelationshipRoundTrip(t *testing.T) {
	for name, ds := range datasets(t) {
		t.Run(name, func(t *testing.T) {
			plan := planLoad(ds)
			n := 0
			for typ, rows := range plan.rels {
				for _, row := range rows {
					n++
					p := props(asNode("", props(row["props"].(map[string]any))).Props)
					e := toEdge(typ, row["from"].(string), row["to"].(string), p)
					if relKey(e) != row["key"] {
						t.Errorf("key: got %q, want %q", relKey(e), row["key"])
					}
				}
			}
			if n != len(ds.Edges()) {
				t.Errorf("planned %d relationships, want %d", n, len(ds.Edges()))
			}
			for _, m := range ds.Memberships {
				e := graph.Edge{Type: graph.RelMemberOf, From: m.CityID, To: m.NetworkID, Since: m.Since}
				p := findRel(t, plan, relKey(e))
				got := toMembership(m.CityID, m.NetworkID, p)
				if g, w := MustJSON(t, got), MustJSON(t, m); g != w {
					t.Errorf("membership round trip\n got %s\nwant %s", g, w)
				}
				if stampOf(got) != stampOf(m) {
					t.Errorf("membership stamp round trip: got %+v, want %+v", stampOf(got), stampOf(m))
				}
			}
			for _, f := range ds.Foundings {
				p := findRel(t, plan, relKey(graph.Edge{Type: graph.RelFounded, From: f.FounderID, To: f.NetworkID}))
				got := toFounding(f.FounderID, f.NetworkID, p)
				if g, w := MustJSON(t, got), MustJSON(t, f); g != w {
					t.Errorf("founding round trip\n got %s\nwant %s", g, w)
				}
				if stampOf(got) != stampOf(f) {
					t.Errorf("founding stamp round trip: got %+v, want %+v", stampOf(got), stampOf(f))
				}
			}
			for _, o := range ds.Offices {
				p := findRel(t, plan, relKey(graph.Edge{Type: graph.RelHoldsOffice, From: o.PersonID, To: o.CityID, Since: o.Since, Title: o.Title}))
				got := toOffice(o.PersonID, o.CityID, p)
				if g, w := MustJSON(t, got), MustJSON(t, o); g != w {
					t.Errorf("office round trip\n got %s\nwant %s", g, w)
				}
				if stampOf(got) != stampOf(o) {
					t.Errorf("office stamp round trip: got %+v, want %+v", stampOf(got), stampOf(o))
				}
			}
			for _, c := range ds.Claims {
				got := toClaim(props(asNode("Claim", claimProps(c)).Props))
				if g, w := MustJSON(t, got), MustJSON(t, c); g != w {
					t.Errorf("claim round trip\n got %s\nwant %s", g, w)
				}
				if stampOf(got) != stampOf(c) {
					t.Errorf("claim stamp round trip: got %+v, want %+v", stampOf(got), stampOf(c))
				}
			}
		})
	}
}

// stampOf returns a record's stamp, to compare with == (same instant,
// same location, no monotonic reading).
func stampOf(rec any) graph.Stamp {
	switch r := rec.(type) {
	case *graph.City:
		return r.Stamp
	case *graph.Country:
		return r.Stamp
	case *graph.Network:
		return r.Stamp
	case *graph.Institution:
		return r.Stamp
	case *graph.Person:
		return r.Stamp
	case *graph.Event:
		return r.Stamp
	case *graph.Partnership:
		return r.Stamp
	case *graph.Source:
		return r.Stamp
	case *graph.Membership:
		return r.Stamp
	case *graph.Founding:
		return r.Stamp
	case *graph.Office:
		return r.Stamp
	case *graph.Claim:
		return r.Stamp
	}
	panic(fmt.Sprintf("stampOf(%T)", rec))
}

func findRel(t *testing.T, plan *loadPlan, key string) props {
	t.Helper()
	for _, rows := range plan.rels {
		for _, row := range rows {
			if row["key"] == key {
				return props(asNode("", props(row["props"].(map[string]any))).Props)
			}
		}
	}
	t.Fatalf("no relationship with key %q", key)
	return nil
}

func TestPlanLoad_KeysUnique(t *testing.T) {
	for name, ds := range datasets(t) {
		t.Run(name, func(t *testing.T) {
			plan := planLoad(ds)
			for what, keys := range map[string][]string{"node ids": plan.ids, "relationship keys": plan.keys, "claim keys": plan.claimK} {
				seen := map[string]bool{}
				for _, k := range keys {
					if seen[k] {
						t.Errorf("%s: %q twice; MERGE would fold two facts into one", what, k)
					}
					seen[k] = true
				}
			}
		})
	}
}

func TestBatches(t *testing.T) {
	rows := make([]int, 2503)
	got := batches(rows, 1000)
	if len(got) != 3 || len(got[0]) != 1000 || len(got[1]) != 1000 || len(got[2]) != 503 {
		t.Errorf("batches of 2503 by 1000: got sizes %d", sizes(got))
	}
	if got := batches([]int{}, 1000); len(got) != 0 {
		t.Errorf("batches of nothing: got %d batches, want 0", len(got))
	}
	if got := batches(make([]int, 1000), 1000); len(got) != 1 {
		t.Errorf("batches of exactly one batch: got %d, want 1", len(got))
	}
}

func sizes(bs [][]int) []int {
	var out []int
	for _, b := range bs {
		out = append(out, len(b))
	}
	return out
}

func TestLabelOf_AllowList(t *testing.T) {
	for _, nt := range graph.NodeTypes {
		l, ok := labelOf(nt)
		if !ok || !strings.Contains(strings.Join(Labels, ","), l) {
			t.Errorf("%s: label %q (ok=%v) not in Labels", nt, l, ok)
		}
	}
	for _, bad := range []graph.NodeType{"", "CITY) DETACH DELETE (n", "city"} {
		if l, ok := labelOf(bad); ok {
			t.Errorf("labelOf(%q) = %q, want no label for a type outside the allow-list", bad, l)
		}
	}
}

func TestLuceneQuery(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"krakowa", "krakowa* OR krakow*"},
		{"ab", "ab*"},
		{"le club", "le* OR club*"},
		{"zwiazku", "zwiazku* OR zwiazk* OR zwiazek* OR zwiaziek*"},
		{"zwiazek", "zwiazek* OR zwiazk*"},
	} {
		if got := luceneQuery(tc.in); got != tc.want {
			t.Errorf("luceneQuery(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := luceneEscape(`a+b(c)*"`); got != `a\+b\(c\)\*\"` {
		t.Errorf("luceneEscape: got %q", got)
	}
}

func TestTranslate(t *testing.T) {
	conflict := &neo4j.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed", Msg: "Node(1) already exists"}
	if got := graph.ErrorCode(translate(conflict)); got != graph.ECONFLICT {
		t.Errorf("constraint violation: got code %q, want %q", got, graph.ECONFLICT)
	}
	syntax := &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "Invalid input"}
	if got := graph.ErrorCode(translate(syntax)); got != graph.EINTERNAL {
		t.Errorf("syntax error: got code %q, want %q (a bad statement is our bug)", got, graph.EINTERNAL)
	}
	nf := graph.NotFound(graph.TypeCity, "x")
	if got := translate(fmt.Errorf("wrapped: %w", nf)); graph.ErrorCode(got) != graph.ENOTFOUND {
		t.Errorf("coded error: got %v, want it to keep its code", got)
	}
	de := &graph.DatasetError{Problems: []graph.Problem{{Field: "country", Message: "no such country"}}}
	if got := translate(de); got != error(de) {
		t.Errorf("dataset error: got %v (%T), want it unchanged", got, got)
	}
	if translate(nil) != nil {
		t.Error("translate(nil) != nil")
	}
	if err := translate(errors.New("connection reset")); graph.ErrorCode(err) != graph.EINTERNAL {
		t.Errorf("driver error: got code %q, want internal", graph.ErrorCode(err))
	}
	if got := oneLine(errors.New("first line\nsecond line")); got != "first line" {
		t.Errorf("oneLine: got %q", got)
	}
}

// TestClaimKey: the uniquely constrained claim key has a fixed size
// whatever the value's length (an index key is limited to about 8 kB), and
// tells apart claims that differ in any part, separators included.
func TestClaimKey(t *testing.T) {
	long := &graph.Claim{SubjectID: "n1", Property: "description", Value: strings.Repeat("wörd ", 20000)}
	if k := claimProps(long).str("key"); len(k) != 64 {
		t.Errorf("key of a %d-byte value: %d bytes, want 64", len(long.Value), len(k))
	}
	seen := map[string]string{}
	for _, c := range []graph.Claim{{SubjectID: "a", Property: "b", Value: "c"}, {SubjectID: "a", Property: "b", Value: "d"},
		{SubjectID: "a", Property: "bc"}, {SubjectID: "a", Property: "b\x00c"}, {SubjectID: "ab", Value: "c"}} {
		k := claimKey(&c)
		if prev, ok := seen[k]; ok {
			t.Errorf("claims %q and %+v share the key %s", prev, c, k)
		}
		seen[k] = fmt.Sprintf("%+v", c)
	}
}

// TestCheckServerVersion: CALL (x) { … } needs Neo4j 5.23; older servers
// are refused at start with both versions named, later ones (calendar
// versions from 2025 on included) accepted.
func TestCheckServerVersion(t *testing.T) {
	for _, v := range []string{"5.23.0", "5.26.5", "5.27.0", "2025.01.0", "2025.10.1"} {
		if err := checkServerVersion(v, "community"); err != nil {
			t.Errorf("%s: got %v, want accepted", v, err)
		}
	}
	for _, v := range []string{"5.22.0", "5.9.0", "4.4.30", "", "dev"} {
		err := checkServerVersion(v, "community")
		if err == nil || !strings.Contains(err.Error(), "5.23") {
			t.Errorf("%q: got %v, want an error naming 5.23", v, err)
		}
	}
	t.Run("ReadAtStart", func(t *testing.T) {
		rec := &recorder{t: t, sent: map[string]int{}}
		rec.answer = func(name string, _ map[string]any) []*neo4j.Record {
			return []*neo4j.Record{record("version", "5.20.0", "edition", "enterprise")}
		}
		err := (&Store{exec: rec.exec}).CheckServerVersion(context.Background())
		if err == nil || !strings.Contains(err.Error(), "5.20.0 (enterprise)") {
			t.Errorf("got %v, want the server's version in the error", err)
		}
	})
}

// TestSessionConfigs: every session of a Store shares one bookmark
// manager, so a read follows the Store's writes on a cluster.
func TestSessionConfigs(t *testing.T) {
	config := sessionConfigs("citynet")
	r, w := config(readTx), config(writeTx)
	if r.BookmarkManager == nil || r.BookmarkManager != w.BookmarkManager || config(streamTx).BookmarkManager != r.BookmarkManager {
		t.Errorf("bookmark managers: read %v, write %v; want one, shared", r.BookmarkManager, w.BookmarkManager)
	}
	if r.AccessMode != neo4j.AccessModeRead || w.AccessMode != neo4j.AccessModeWrite || r.DatabaseName != "citynet" {
		t.Errorf("got %+v and %+v", r, w)
	}
}
