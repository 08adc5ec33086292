// Package storetest is the conformance suite that every graph.Store backend
// must pass (after dex's storage/conformance). A backend's test calls
//
//	storetest.Run(t, func(t *testing.T, ds *graph.Dataset) graph.Store {
//		s, err := mybackend.New(ds) // load exactly ds, nothing else
//		if err != nil {
//			t.Fatal(err)
//		}
//		t.Cleanup(func() { s.Close() })
//		return s
//	})
//
// Every subtest opens a fresh store through open with the dataset it needs:
// either Synthetic, a small made-up graph whose answers are worked out by
// hand, or the bundled corpus dataset (data.Load), whose answers are the
// facts the corpus documents state.
//
// Beyond what graph/store.go says, the suite pins these semantics so that
// every backend answers alike:
//
//   - Node lists (Cities, Networks, …) are ordered by id (byte order), also
//     when filtered by name.
//   - Page.First == 0 returns no items but the TotalCount (HasNext when the
//     list is not empty); a cursor past the end gives an empty page, not an
//     error; a negative or too large First, or a cursor the API did not
//     make, is EINVALID ("first", "after").
//   - A filter naming an id that does not exist (country, network, city,
//     place, party, …) matches nothing: an empty result, not an error.
//   - The lists of owner ids (CityFilter.CountryIDs, InstitutionFilter.CityIDs,
//     EventFilter.PlaceIDs, OrganizerIDs, ParticipantIDs,
//     PartnershipFilter.PartyIDs) match any of their ids, each record once
//     (an event two of the cities attended is listed once), in id order,
//     and combine with AND with every other field, the single-value one
//     included (Place "a" and PlaceIDs ["b"] match nothing). An empty list
//     does not filter; an empty id in a list is EINVALID blaming it
//     ("filter.placeIds[1]"); a record without the link (an event with no
//     organizer, an institution with no city) matches no list.
//   - Memberships, Foundings and Offices combine their two id lists with AND
//     (the memberships of these cities in these networks); with both lists
//     empty they are EINVALID. Memberships are ordered by city id, since
//     (Date.Compare: dated, then year-less, then unknown), network id.
//   - Relationships are derived from the dataset as ModelEdges says;
//     Sources have no relationships.
//   - Path and Neighborhood follow relationships in both directions; each
//     Edge keeps the relationship's own From/To. A path from a node to
//     itself is that one node and no edges. Unknown ids are ENOTFOUND even
//     when from == to.
//   - Neighborhood keeps the nearest nodes when it cuts at limit (all of
//     depth d before any of depth d+1), always including the centre, and
//     returns every relationship of the allowed types between two returned
//     nodes (not only the ones the search walked).
//   - SharedNetworks(a, a) is EINVALID: asking what a city shares with itself
//     is a caller bug, not a question. An id that is not a city's (unknown,
//     or a network's) is ENOTFOUND.
//   - Co-membership counts (SharedNetworks, CityPairs, Stats' per-node
//     counts, NetworkFilter.MinMembers) count distinct networks and cities
//     and every membership status alike (an OBSERVER shares a network).
//     FORMER_MEMBER and a city joining the same network twice are not
//     exercised yet: decide before the data needs them.
//   - Search hits carry the best MatchScore over graph.Names of the node and
//     the name that scored it, in graph.SortHits order.
//   - Stats may list zero counts or leave them out; JoinsWithoutYear counts
//     memberships whose since has no year, including an unknown since.
//   - InstitutionFilter.Country matches an institution's own country or,
//     when it has none, its city's country.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"citynet/data"
	"citynet/graph"
)

// Run runs the whole suite against the store that open returns.
func Run(t *testing.T, open func(t *testing.T, ds *graph.Dataset) graph.Store) {
	t.Run("Synthetic", func(t *testing.T) { runSynthetic(t, open) })
	t.Run("Corpus", func(t *testing.T) { runCorpus(t, open) })
	t.Run("Analytics", func(t *testing.T) { runAnalytics(t, open) })
	t.Run("Writes", func(t *testing.T) { runWrites(t, open) })
	t.Run("Documents", func(t *testing.T) { RunDocuments(t, open) })
	t.Run("Geo", func(t *testing.T) { runGeo(t, open) })
}

// MustCorpus loads the bundled dataset, failing the test if it does not load.
func MustCorpus(tb testing.TB) *graph.Dataset {
	tb.Helper()
	ds, err := data.Load()
	if err != nil {
		tb.Fatalf("data.Load(): got error %v, want the bundled dataset to load", err)
	}
	return ds
}

// opener opens a fresh store on one dataset.
type opener func(t *testing.T) graph.Store

// MustOK fails the test if err is not nil.
func MustOK(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("got error %v, want nil", err)
	}
}

// MustCode fails the test unless err has the code.
func MustCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := graph.ErrorCode(err); got != code {
		tb.Fatalf("error code: got %q (error %v), want %q", got, err, code)
	}
}

// MustInvalid fails the test unless err is EINVALID; when field is not
// empty the error must also blame that field.
func MustInvalid(tb testing.TB, err error, field string) {
	tb.Helper()
	MustCode(tb, err, graph.EINVALID)
	var e *graph.Error
	if field != "" && (!errors.As(err, &e) || e.Field != field) {
		tb.Fatalf("error field: got error %v, want it to blame %q", err, field)
	}
}

// MustAll fetches every page of a list, following the cursors, and fails
// the test on any error.
func MustAll[T any](tb testing.TB, fetch func(graph.Page) (*graph.Connection[T], error)) []T {
	tb.Helper()
	var out []T
	p := graph.Page{First: graph.MaxPageSize}
	for range 1000 {
		c, err := fetch(p)
		if err != nil {
			tb.Fatalf("page after %q: got error %v, want nil", p.After, err)
		}
		out = append(out, c.Items...)
		if !c.HasNext {
			if c.TotalCount != len(out) {
				tb.Errorf("totalCount: got %d, want %d (the number of items of all pages)", c.TotalCount, len(out))
			}
			return out
		}
		if len(c.Items) == 0 {
			tb.Fatalf("page after %q: no items but hasNext", p.After)
		}
		p.After = c.Cursors[len(c.Cursors)-1]
	}
	tb.Fatalf("pagination does not end")
	return nil
}

// ids returns the ids of nodes.
func ids[T graph.Node](nodes []T) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.NodeID()
	}
	return out
}

// wantList fails the test unless got equals want (order matters).
func wantList(tb testing.TB, what string, got []string, want ...string) {
	tb.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !slices.Equal(got, want) {
		tb.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// wantSet fails the test unless got and want hold the same strings.
func wantSet(tb testing.TB, what string, got []string, want ...string) {
	tb.Helper()
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	wantList(tb, what, g, w...)
}

// wantJSON fails the test unless got and want encode to the same JSON,
// which ignores the difference between nil and empty lists.
func wantJSON(tb testing.TB, what string, got, want any) {
	tb.Helper()
	g, err1 := json.Marshal(got)
	w, err2 := json.Marshal(want)
	if err1 != nil || err2 != nil {
		tb.Fatalf("%s: encoding: %v %v", what, err1, err2)
	}
	if string(g) != string(w) {
		tb.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

func intp(n int) *int { return &n }

func ctx(t *testing.T) context.Context { return t.Context() }

// checkPagination walks a list with several page sizes and checks that
// every walk visits the same items once, in the same order, with consistent
// counts and flags; then the page argument errors.
func checkPagination[T any](t *testing.T, fetch func(graph.Page) (*graph.Connection[T], error), key func(T) string) {
	t.Helper()
	full, err := fetch(graph.Page{First: graph.MaxPageSize})
	MustOK(t, err)
	var want []string
	for _, it := range full.Items {
		want = append(want, key(it))
	}
	total := full.TotalCount
	if total < len(full.Items) || total <= graph.MaxPageSize && total != len(full.Items) {
		t.Fatalf("first page of %d: got %d items, totalCount %d", graph.MaxPageSize, len(full.Items), total)
	}
	if full.HasPrev {
		t.Errorf("first page: hasPrev got true, want false")
	}
	if total < 3 {
		t.Fatalf("list has %d items, need at least 3 to test pagination", total)
	}

	t.Run("ChainsVisitEveryItemOnce", func(t *testing.T) {
		for _, size := range []int{1, 2, 3, total - 1, total, total + 1} {
			var got []string
			after := ""
			for page := 0; ; page++ {
				if page > total+1 {
					t.Fatalf("first=%d: pagination does not end", size)
				}
				c, err := fetch(graph.Page{First: size, After: after})
				MustOK(t, err)
				if c.TotalCount != total {
					t.Errorf("first=%d page %d: totalCount got %d, want %d", size, page, c.TotalCount, total)
				}
				if len(c.Items) > size {
					t.Errorf("first=%d page %d: got %d items, want at most %d", size, page, len(c.Items), size)
				}
				if len(c.Cursors) != len(c.Items) {
					t.Fatalf("first=%d page %d: got %d cursors for %d items, want one per item", size, page, len(c.Cursors), len(c.Items))
				}
				if c.HasPrev != (page > 0) {
					t.Errorf("first=%d page %d: hasPrev got %v, want %v", size, page, c.HasPrev, page > 0)
				}
				for _, it := range c.Items {
					got = append(got, key(it))
				}
				if c.HasNext != (len(got) < total) {
					t.Errorf("first=%d page %d: hasNext got %v, want %v (%d of %d seen)", size, page, c.HasNext, len(got) < total, len(got), total)
				}
				if !c.HasNext || len(c.Items) == 0 {
					break
				}
				after = c.Cursors[len(c.Cursors)-1]
			}
			if total <= graph.MaxPageSize && !slices.Equal(got, want) {
				t.Errorf("first=%d: visited\n %q\nwant (the order of one big page)\n %q", size, got, want)
			}
		}
	})
	t.Run("CursorOfEveryItem", func(t *testing.T) {
		// The page after item i starts at item i+1, whichever page item
		// i came from.
		c, err := fetch(graph.Page{First: 2})
		MustOK(t, err)
		next, err := fetch(graph.Page{First: 1, After: c.Cursors[0]})
		MustOK(t, err)
		if len(next.Items) != 1 || key(next.Items[0]) != want[1] {
			t.Errorf("page after the first item: got %v, want [%s]", keys(next.Items, key), want[1])
		}
	})
	t.Run("FirstZero", func(t *testing.T) {
		c, err := fetch(graph.Page{First: 0})
		MustOK(t, err)
		if len(c.Items) != 0 || c.TotalCount != total || !c.HasNext || c.HasPrev {
			t.Errorf("first=0: got %d items, totalCount %d, hasNext %v, hasPrev %v; want 0, %d, true, false",
				len(c.Items), c.TotalCount, c.HasNext, c.HasPrev, total)
		}
	})
	t.Run("AfterLastItem", func(t *testing.T) {
		c, err := fetch(graph.Page{First: graph.MaxPageSize})
		MustOK(t, err)
		last := c.Cursors[len(c.Cursors)-1]
		if total > graph.MaxPageSize {
			return
		}
		c, err = fetch(graph.Page{First: 5, After: last})
		MustOK(t, err)
		if len(c.Items) != 0 || c.HasNext || !c.HasPrev || c.TotalCount != total {
			t.Errorf("after the last item: got %d items, hasNext %v, hasPrev %v, totalCount %d; want 0, false, true, %d",
				len(c.Items), c.HasNext, c.HasPrev, c.TotalCount, total)
		}
	})
	t.Run("ErrNegativeFirst", func(t *testing.T) {
		_, err := fetch(graph.Page{First: -1})
		MustInvalid(t, err, "first")
	})
	t.Run("ErrFirstTooLarge", func(t *testing.T) {
		_, err := fetch(graph.Page{First: graph.MaxPageSize + 1})
		MustInvalid(t, err, "first")
	})
	t.Run("ErrBadCursor", func(t *testing.T) {
		for _, after := range []string{"garbage", "MTIz", "b2Zmc2V0Oi0x" /* offset:-1 */} {
			_, err := fetch(graph.Page{First: 2, After: after})
			MustInvalid(t, err, "after")
		}
	})
}

func keys[T any](items []T, key func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = key(it)
	}
	return out
}

func nodeKey[T graph.Node](n T) string { return n.NodeID() }

func pairKey(p *graph.CityPair) string { return p.A + "–" + p.B }

// asNode adapts a typed getter to return a graph.Node, keeping a nil
// interface on error.
func asNode[T graph.Node](get func(context.Context, string) (T, error)) func(context.Context, string) (graph.Node, error) {
	return func(ctx context.Context, id string) (graph.Node, error) {
		n, err := get(ctx, id)
		if err != nil {
			return nil, err
		}
		return n, nil
	}
}

// getters lists the typed getters of the Store interface with the type
// each returns.
var getters = []struct {
	name string
	typ  graph.NodeType
	get  func(graph.Store) func(context.Context, string) (graph.Node, error)
}{
	{"City", graph.TypeCity, func(s graph.Store) func(context.Context, string) (graph.Node, error) { return asNode(s.City) }},
	{"Country", graph.TypeCountry, func(s graph.Store) func(context.Context, string) (graph.Node, error) { return asNode(s.Country) }},
	{"Network", graph.TypeNetwork, func(s graph.Store) func(context.Context, string) (graph.Node, error) { return asNode(s.Network) }},
	{"Institution", graph.TypeInstitution, func(s graph.Store) func(context.Context, string) (graph.Node, error) { return asNode(s.Institution) }},
	{"Person", graph.TypePerson, func(s graph.Store) func(context.Context, string) (graph.Node, error) { return asNode(s.Person) }},
	{"Event", graph.TypeEvent, func(s graph.Store) func(context.Context, string) (graph.Node, error) { return asNode(s.Event) }},
	{"Partnership", graph.TypePartnership, func(s graph.Store) func(context.Context, string) (graph.Node, error) { return asNode(s.Partnership) }},
	{"Source", graph.TypeSource, func(s graph.Store) func(context.Context, string) (graph.Node, error) { return asNode(s.Source) }},
}

// testGetters checks Node and every typed getter on every node of ds.
func testGetters(t *testing.T, open opener, ds *graph.Dataset) {
	nodes := datasetNodes(ds)
	byType := map[graph.NodeType][]string{}
	for id, n := range nodes {
		byType[n.NodeType()] = append(byType[n.NodeType()], id)
	}
	for _, list := range byType {
		slices.Sort(list)
	}
	t.Run("Node", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			s := open(t)
			for _, id := range slices.Sorted(maps.Keys(nodes)) {
				n, err := s.Node(ctx(t), id)
				if err != nil {
					t.Errorf("Node(%q): got error %v, want the %s", id, err, nodes[id].NodeType())
					continue
				}
				if n.NodeID() != id || n.NodeType() != nodes[id].NodeType() {
					t.Errorf("Node(%q): got %s %q, want %s %q", id, n.NodeType(), n.NodeID(), nodes[id].NodeType(), id)
				}
				if n.Label() != nodes[id].Label() {
					t.Errorf("Node(%q).Label(): got %q, want %q", id, n.Label(), nodes[id].Label())
				}
				wantJSON(t, fmt.Sprintf("Node(%q)", id), n, nodes[id])
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			s := open(t)
			for _, id := range []string{"no-such-node", "", "KRAKOW", " " + firstID(byType)} {
				n, err := s.Node(ctx(t), id)
				MustCode(t, err, graph.ENOTFOUND)
				if n != nil {
					t.Errorf("Node(%q): got %v with the error, want nil", id, n)
				}
			}
		})
	})
	for _, g := range getters {
		t.Run(g.name, func(t *testing.T) {
			t.Run("OK", func(t *testing.T) {
				s := open(t)
				get := g.get(s)
				if len(byType[g.typ]) == 0 {
					t.Fatalf("the dataset has no %s to get", g.typ)
				}
				for _, id := range byType[g.typ] {
					n, err := get(ctx(t), id)
					if err != nil {
						t.Errorf("%s(%q): got error %v, want the record", g.name, id, err)
						continue
					}
					wantJSON(t, fmt.Sprintf("%s(%q)", g.name, id), n, nodes[id])
				}
			})
			t.Run("ErrNotFound", func(t *testing.T) {
				s := open(t)
				get := g.get(s)
				_, err := get(ctx(t), "no-such-"+strings.ToLower(g.name))
				MustCode(t, err, graph.ENOTFOUND)
				_, err = get(ctx(t), "")
				MustCode(t, err, graph.ENOTFOUND)
				// An id of another type is not found either.
				for typ, list := range byType {
					if typ != g.typ {
						_, err := get(ctx(t), list[0])
						if graph.ErrorCode(err) != graph.ENOTFOUND {
							t.Errorf("%s(%q) (a %s): got error %v, want code %q", g.name, list[0], typ, err, graph.ENOTFOUND)
						}
					}
				}
			})
		})
	}
}

func firstID(byType map[graph.NodeType][]string) string {
	for _, t := range graph.NodeTypes {
		if len(byType[t]) > 0 {
			return byType[t][0]
		}
	}
	return "x"
}

// testSearchScores checks that every hit of a search is scored as
// MatchScore says and that the hits come in graph.SortHits order.
func testSearchScores(t *testing.T, s graph.Store, text string, types []graph.NodeType, first int) []graph.SearchHit {
	t.Helper()
	hits, err := s.Search(ctx(t), text, types, first)
	MustOK(t, err)
	if len(hits) > first {
		t.Errorf("Search(%q, first=%d): got %d hits, want at most %d", text, first, len(hits), first)
	}
	for i, h := range hits {
		if h.Node == nil {
			t.Fatalf("Search(%q) hit %d: nil node", text, i)
		}
		if len(types) > 0 && !slices.Contains(types, h.Node.NodeType()) {
			t.Errorf("Search(%q, types %v) hit %q: got type %s, want one of the types asked for", text, types, h.Node.NodeID(), h.Node.NodeType())
		}
		best, matched := bestScore(text, h.Node)
		if h.Score != best {
			t.Errorf("Search(%q) hit %q: score got %d, want %d (best MatchScore over its names, from %q)", text, h.Node.NodeID(), h.Score, best, matched)
		}
		if graph.MatchScore(text, h.Matched, isCanonical(h.Node, h.Matched)) != best {
			t.Errorf("Search(%q) hit %q: matched got %q, want a name scoring %d such as %q", text, h.Node.NodeID(), h.Matched, best, matched)
		}
		if i > 0 {
			prev := hits[i-1]
			if prev.Score < h.Score {
				t.Errorf("Search(%q): hit %d (%q, %d) scores higher than hit %d (%q, %d); want score descending", text, i, h.Node.NodeID(), h.Score, i-1, prev.Node.NodeID(), prev.Score)
			}
		}
	}
	sorted := slices.Clone(hits)
	graph.SortHits(sorted)
	for i := range hits {
		if hits[i].Node.NodeID() != sorted[i].Node.NodeID() {
			t.Errorf("Search(%q): order got %v, want graph.SortHits order %v", text, hitIDs(hits), hitIDs(sorted))
			break
		}
	}
	return hits
}

func bestScore(text string, n graph.Node) (int, string) {
	canonical, other := graph.Names(n)
	best, matched := 0, ""
	for _, set := range []struct {
		names []string
		canon bool
	}{{canonical, true}, {other, false}} {
		for _, name := range set.names {
			if sc := graph.MatchScore(text, name, set.canon); sc > best {
				best, matched = sc, name
			}
		}
	}
	return best, matched
}

func isCanonical(n graph.Node, name string) bool {
	canonical, _ := graph.Names(n)
	return slices.Contains(canonical, name)
}

func hitIDs(hits []graph.SearchHit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Node.NodeID()
	}
	return out
}

// checkPath checks that p is a walk from → to of length wantLen over
// relationships of the model, of the allowed types.
func checkPath(t *testing.T, m *model, p *graph.Path, from, to string, wantLen int, rels []graph.RelType) {
	t.Helper()
	if p == nil {
		t.Fatalf("Path(%q, %q): got nil, want a path of length %d", from, to, wantLen)
	}
	if len(p.Edges) != wantLen || len(p.Nodes) != wantLen+1 {
		t.Fatalf("Path(%q, %q): got %d nodes %v and %d edges, want %d nodes and %d edges", from, to, len(p.Nodes), ids(p.Nodes), len(p.Edges), wantLen+1, wantLen)
	}
	if p.Nodes[0].NodeID() != from || p.Nodes[wantLen].NodeID() != to {
		t.Errorf("Path(%q, %q): got nodes %v, want it to start at %q and end at %q", from, to, ids(p.Nodes), from, to)
	}
	seen := map[string]bool{}
	for i, n := range p.Nodes {
		if seen[n.NodeID()] {
			t.Errorf("Path(%q, %q): node %q visited twice in %v, want a shortest path", from, to, n.NodeID(), ids(p.Nodes))
		}
		seen[n.NodeID()] = true
		if want, ok := m.nodes[n.NodeID()]; !ok || want.NodeType() != n.NodeType() {
			t.Errorf("Path node %d: got %s %q, want a node of the dataset", i, n.NodeType(), n.NodeID())
		}
	}
	for i, e := range p.Edges {
		a, b := p.Nodes[i].NodeID(), p.Nodes[i+1].NodeID()
		if !(e.From == a && e.To == b || e.From == b && e.To == a) {
			t.Errorf("Path edge %d: got %s, want it to join %q and %q", i, e.Key(), a, b)
		}
		if m.keys[e.Key()] == 0 {
			t.Errorf("Path edge %d: got %s, want a relationship of the dataset (with its own direction)", i, e.Key())
		}
		if !allowed(rels, e.Type) {
			t.Errorf("Path edge %d: got type %s, want one of %v", i, e.Type, rels)
		}
	}
}

// checkSubgraph compares a neighbourhood with the expected nodes and edge
// keys (as sets) and cut.
func checkSubgraph(t *testing.T, sg *graph.Subgraph, center string, wantNodes, wantEdges []string, truncated bool, omitted int) {
	t.Helper()
	if sg == nil {
		t.Fatalf("Neighborhood(%q): got nil", center)
	}
	if sg.Center != center {
		t.Errorf("center: got %q, want %q", sg.Center, center)
	}
	wantSet(t, "nodes", ids(sg.Nodes), wantNodes...)
	var edges []string
	for _, e := range sg.Edges {
		edges = append(edges, e.Key())
	}
	wantSet(t, "edges", edges, wantEdges...)
	if sg.Truncated != truncated || sg.Omitted != omitted {
		t.Errorf("truncated, omitted: got %v, %d; want %v, %d", sg.Truncated, sg.Omitted, truncated, omitted)
	}
	sum := 0
	for _, tc := range sg.OmittedByType {
		sum += tc.Count
	}
	if sum != sg.Omitted {
		t.Errorf("omittedByType %v adds up to %d, want omitted %d", sg.OmittedByType, sum, sg.Omitted)
	}
}

// checkStats compares stats with the expected ones; zero counts may be
// listed or left out, but listed counts must be in the expected order.
func checkStats(t *testing.T, got, want *graph.Stats) {
	t.Helper()
	nz := func(c []graph.IDCount) []string {
		var out []string
		for _, x := range c {
			if x.Count > 0 {
				out = append(out, fmt.Sprintf("%s=%d", x.ID, x.Count))
			}
		}
		return out
	}
	typeCounts := func(c []graph.TypeCount) []string {
		var out []string
		seen := map[graph.NodeType]bool{}
		for _, x := range c {
			if seen[x.Type] {
				t.Errorf("nodeCounts: %s listed twice", x.Type)
			}
			seen[x.Type] = true
			if x.Count > 0 {
				out = append(out, fmt.Sprintf("%s=%d", x.Type, x.Count))
			}
		}
		slices.Sort(out)
		return out
	}
	relCounts := func(c []graph.RelCount) []string {
		var out []string
		seen := map[graph.RelType]bool{}
		for _, x := range c {
			if seen[x.Type] {
				t.Errorf("relCounts: %s listed twice", x.Type)
			}
			seen[x.Type] = true
			if x.Count > 0 {
				out = append(out, fmt.Sprintf("%s=%d", x.Type, x.Count))
			}
		}
		slices.Sort(out)
		return out
	}
	wantList(t, "nodeCounts", typeCounts(got.NodeCounts), typeCounts(want.NodeCounts)...)
	wantList(t, "relCounts", relCounts(got.RelCounts), relCounts(want.RelCounts)...)
	wantList(t, "membersPerNetwork (most first, then id)", nz(got.MembersPerNetwork), nz(want.MembersPerNetwork)...)
	wantList(t, "networksPerCity (most first, then id)", nz(got.NetworksPerCity), nz(want.NetworksPerCity)...)
	for _, list := range [][]graph.IDCount{got.MembersPerNetwork, got.NetworksPerCity} {
		for i := 1; i < len(list); i++ {
			if list[i].Count > list[i-1].Count {
				t.Errorf("per-node counts not most first: %v", list)
				break
			}
		}
	}
	years := func(c []graph.YearCount) []string {
		var out []string
		for _, x := range c {
			out = append(out, fmt.Sprintf("%d=%d", x.Year, x.Count))
		}
		return out
	}
	wantList(t, "joinsPerYear (by year)", years(got.JoinsPerYear), years(want.JoinsPerYear)...)
	if got.JoinsWithoutYear != want.JoinsWithoutYear {
		t.Errorf("joinsWithoutYear: got %d, want %d", got.JoinsWithoutYear, want.JoinsWithoutYear)
	}
}

// allCitations collects, through the store, every citation of every node
// and relationship, labelled by where it was found.
func allCitations(t *testing.T, s graph.Store) map[string][]graph.Citation {
	t.Helper()
	c := ctx(t)
	out := map[string][]graph.Citation{}
	add := func(where string, cs []graph.Citation) {
		if len(cs) > 0 {
			out[where] = append(out[where], cs...)
		}
	}
	cities := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.City], error) { return s.Cities(c, graph.CityFilter{}, p) })
	for _, n := range cities {
		add("city "+n.ID, n.Sources)
	}
	countries := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Country], error) { return s.Countries(c, p) })
	for _, n := range countries {
		add("country "+n.ID, n.Sources)
	}
	networks := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Network], error) {
		return s.Networks(c, graph.NetworkFilter{}, p)
	})
	for _, n := range networks {
		add("network "+n.ID, n.Sources)
	}
	institutions := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Institution], error) {
		return s.Institutions(c, graph.InstitutionFilter{}, p)
	})
	for _, n := range institutions {
		add("institution "+n.ID, n.Sources)
	}
	people := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Person], error) {
		return s.People(c, graph.PersonFilter{}, p)
	})
	for _, n := range people {
		add("person "+n.ID, n.Sources)
	}
	events := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Event], error) {
		return s.Events(c, graph.EventFilter{}, p)
	})
	for _, n := range events {
		add("event "+n.ID, n.Sources)
	}
	partnerships := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Partnership], error) {
		return s.Partnerships(c, graph.PartnershipFilter{}, p)
	})
	for _, n := range partnerships {
		add("partnership "+n.ID, n.Sources)
	}
	sources := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Source], error) {
		return s.Sources(c, graph.SourceFilter{}, p)
	})
	cityIDs, netIDs := ids(cities), ids(networks)
	if len(cityIDs) > 0 {
		ms, err := s.Memberships(c, graph.MembershipFilter{CityIDs: cityIDs})
		MustOK(t, err)
		for _, m := range ms {
			add("membership "+m.CityID+" → "+m.NetworkID, m.Sources)
		}
		os, err := s.Offices(c, graph.OfficeFilter{CityIDs: cityIDs})
		MustOK(t, err)
		for _, o := range os {
			add("office "+o.PersonID+" → "+o.CityID, o.Sources)
		}
	}
	if len(netIDs) > 0 {
		fs, err := s.Foundings(c, graph.FoundingFilter{NetworkIDs: netIDs})
		MustOK(t, err)
		for _, f := range fs {
			add("founding "+f.FounderID+" → "+f.NetworkID, f.Sources)
		}
	}
	all := slices.Concat(cityIDs, ids(countries), netIDs, ids(institutions), ids(people), ids(events), ids(partnerships), ids(sources))
	claims, err := s.Claims(c, all)
	MustOK(t, err)
	for _, cl := range claims {
		add("claim "+cl.SubjectID+"."+cl.Property, cl.Sources)
	}
	return out
}
