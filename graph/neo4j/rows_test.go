package neo4j

// The rows each read statement touches, counted from a Go model of the
// statement on a generated dataset: the README's "Neo4j at acuto scale, on
// paper" table. No Neo4j runs here, so this is what can be said of the
// statements' cost: the rows their patterns match (index entries sought,
// relationships expanded, nodes scanned), per request, for the request
// that makes each largest. Run with -v to print the table; the x10 preset
// (100,000 cities, 500,000 memberships; about 4 s to generate here) only
// when CITYNET_ROWS_X10=1:
//
//	go test ./graph/neo4j -run TestStatements_RowsAtScale -v
//	CITYNET_ROWS_X10=1 go test ./graph/neo4j -run TestStatements_RowsAtScale -v

import (
	"cmp"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"citynet/graph"
	"citynet/synth"
)

// maxRowsPerRequest is the bound the issue sets: about 10⁷ rows.
const maxRowsPerRequest = 10_000_000

// rowModel counts the rows of one read statement (by base name: a
// template counts for the label or type that makes it largest) on a
// dataset, for the request that makes it largest; what says which.
type rowModel struct {
	stmt string
	what string
	rows func(m *scaleModel) int
}

// scaleModel is a dataset with the indexes the models need.
type scaleModel struct {
	ds       *graph.Dataset
	bip      *graph.Bipartite
	edges    []graph.Edge
	adj      map[string][]int // node id → its relationships (either end)
	perLabel map[graph.NodeType]int
	nodes    int
}

func newScaleModel(ds *graph.Dataset) *scaleModel {
	m := &scaleModel{ds: ds, bip: ds.Bipartite(), edges: ds.Edges(), adj: map[string][]int{}, perLabel: map[graph.NodeType]int{}}
	for i, e := range m.edges {
		m.adj[e.From] = append(m.adj[e.From], i)
		m.adj[e.To] = append(m.adj[e.To], i)
	}
	for _, n := range ds.Nodes() {
		m.perLabel[n.NodeType()]++
		m.nodes++
	}
	return m
}

func (m *scaleModel) maxLabel() int {
	best := 0
	for _, n := range m.perLabel {
		best = max(best, n)
	}
	return best
}

func (m *scaleModel) degree(id string) int { return len(m.adj[id]) }

func (m *scaleModel) count(t graph.RelType) int {
	n := 0
	for _, e := range m.edges {
		if e.Type == t {
			n++
		}
	}
	return n
}

// bfs returns the levels of the breadth-first search from id to depth,
// over every relationship in either direction: levels[d] at distance d.
func (m *scaleModel) bfs(id string, depth int) [][]string {
	seen := map[string]bool{id: true}
	levels := [][]string{{id}}
	for d := 0; d < depth; d++ {
		var next []string
		for _, n := range levels[d] {
			for _, i := range m.adj[n] {
				e := m.edges[i]
				other := e.To
				if other == n {
					other = e.From
				}
				if !seen[other] {
					seen[other] = true
					next = append(next, other)
				}
			}
		}
		levels = append(levels, next)
	}
	return levels
}

// neighborhoodRows is what neighborhood_level expands for the whole search
// (the degrees of each level's frontier) and neighborhood_edges for the
// kept nodes (their degrees), from id at depth with limit.
func (m *scaleModel) neighborhoodRows(id string, depth, limit int) (levels, edges int) {
	lv := m.bfs(id, depth)
	var reached []string
	for d, l := range lv {
		if d < depth {
			for _, n := range l {
				levels += m.degree(n)
			}
		}
		if d > 0 {
			sorted := slices.Sorted(slices.Values(l))
			reached = append(reached, sorted...)
		}
	}
	edges = m.degree(id)
	for _, n := range reached[:min(len(reached), limit-1)] {
		edges += m.degree(n)
	}
	return levels, edges
}

// leastConnected returns a city in one network (the last such by id).
func (m *scaleModel) leastConnected() string {
	for c := len(m.bip.Cities) - 1; c >= 0; c-- {
		if len(m.bip.CityNets[c]) == 1 {
			return m.bip.Cities[c]
		}
	}
	return m.bip.Cities[0]
}

func (m *scaleModel) largestNetwork() int {
	best := 0
	for _, cs := range m.bip.NetCities {
		best = max(best, len(cs))
	}
	return best
}

func (m *scaleModel) maxCityDegree() int {
	best := 0
	for _, ns := range m.bip.CityNets {
		best = max(best, len(ns))
	}
	return best
}

// similarRows is similar_cities for city c: the (c, network, other) rows,
// then one degree count per distinct other city.
func (m *scaleModel) similarRows(c int32) int {
	rows, others := 0, map[int32]bool{}
	for _, n := range m.bip.CityNets[c] {
		rows += len(m.bip.NetCities[n])
		for _, o := range m.bip.NetCities[n] {
			others[o] = true
		}
	}
	for o := range others {
		rows += len(m.bip.CityNets[o])
	}
	return rows
}

// triples is Σ m(m−1)/2 over the networks' member counts: the rows of the
// removed city_pairs.cypher, for comparison.
func (m *scaleModel) triples() int {
	n := 0
	for _, cs := range m.bip.NetCities {
		n += len(cs) * (len(cs) - 1) / 2
	}
	return n
}

var rowModels = []rowModel{
	{"node_get", "one id, sought in the unique index", func(*scaleModel) int { return 1 }},
	{"nodes_get", "the kept nodes of a neighbourhood (limit 2,000)", func(*scaleModel) int { return graph.MaxNeighborLimit - 1 }},
	{"version_get", "the version node", func(*scaleModel) int { return 1 }},
	{"document_by_hash", "one document, sought in the unique index on its hash", func(*scaleModel) int { return 1 }},
	{"document_get", "one document, sought by its source", func(*scaleModel) int { return 1 }},
	{"proposal_get", "one proposal, sought in the unique index on its id", func(*scaleModel) int { return 1 }},
	{"proposals_of_source", "one source's proposals, sought in the index (the presets have none: linear in a document's proposals)", func(*scaleModel) int { return 0 }},
	{"proposals_list", "every proposal (the presets have none: linear in the proposals)", func(*scaleModel) int { return 0 }},
	{"server_version", "dbms.components, once at start", func(*scaleModel) int { return 1 }},
	{"load_count", "count of :Entity (count store; at most every node)", func(m *scaleModel) int { return m.nodes }},
	{"list_nodes", "every node of the largest label, top-k sorted", func(m *scaleModel) int { return m.maxLabel() }},
	{"list_nodes_ids", "ids of the largest label (a name filter matching all)", func(m *scaleModel) int { return m.maxLabel() }},
	{"filter_cities", "every city and its memberships (network or join-year filter)", func(m *scaleModel) int {
		return len(m.ds.Cities) + m.count(graph.RelMemberOf)
	}},
	{"filter_networks", "every network and its members (minMembers)", func(m *scaleModel) int {
		return len(m.ds.Networks) + m.count(graph.RelMemberOf)
	}},
	{"filter_institutions", "every institution, one city sought each", func(m *scaleModel) int { return 2 * len(m.ds.Institutions) }},
	{"filter_people", "every person and their offices", func(m *scaleModel) int {
		return len(m.ds.People) + m.count(graph.RelHoldsOffice)
	}},
	{"filter_events", "every event", func(m *scaleModel) int { return len(m.ds.Events) }},
	{"filter_partnerships", "every partnership", func(m *scaleModel) int { return len(m.ds.Partnerships) }},
	{"filter_sources", "every source", func(m *scaleModel) int { return len(m.ds.Sources) }},
	{"memberships_of_cities", "the best-connected city's memberships", func(m *scaleModel) int { return m.maxCityDegree() }},
	{"memberships_of_networks", "the largest network's memberships", func(m *scaleModel) int { return m.largestNetwork() }},
	{"foundings_by_founders", "every founding (upper bound)", func(m *scaleModel) int { return m.count(graph.RelFounded) }},
	{"foundings_of_networks", "every founding (upper bound)", func(m *scaleModel) int { return m.count(graph.RelFounded) }},
	{"offices_of_people", "every office (upper bound)", func(m *scaleModel) int { return m.count(graph.RelHoldsOffice) }},
	{"offices_in_cities", "every office (upper bound)", func(m *scaleModel) int { return m.count(graph.RelHoldsOffice) }},
	{"claims", "every claim (upper bound)", func(m *scaleModel) int { return len(m.ds.Claims) }},
	{"supports", "every node, cited relationship and claim, scanned", func(m *scaleModel) int {
		return m.nodes + m.count(graph.RelMemberOf) + m.count(graph.RelFounded) + m.count(graph.RelHoldsOffice) + len(m.ds.Claims)
	}},
	{"search", "every node a candidate (upper bound: a query matching all)", func(m *scaleModel) int { return 2 * m.nodes }},
	{"shared_networks", "two best-connected cities", func(m *scaleModel) int { return 2 + 2*m.maxCityDegree() }},
	{"similar_cities", "the best-connected city", func(m *scaleModel) int {
		best := 0
		for c := range m.bip.Cities {
			if len(m.bip.CityNets[c]) == m.maxCityDegree() {
				best = max(best, m.similarRows(int32(c)))
			}
		}
		return best
	}},
	{"neighborhood_level", "depth 4 from the best-connected city: every level's frontier expanded", func(m *scaleModel) int {
		levels, _ := m.neighborhoodRows(m.bip.MostConnected(), graph.MaxDepth, graph.MaxNeighborLimit)
		return levels
	}},
	{"neighborhood_edges", "the 2,000 kept nodes' relationships (depth 4, best-connected city)", func(m *scaleModel) int {
		_, edges := m.neighborhoodRows(m.bip.MostConnected(), graph.MaxDepth, graph.MaxNeighborLimit)
		return edges
	}},
	{"path", "shortestPath: at most every relationship, from both ends", func(m *scaleModel) int { return 2 * len(m.edges) }},
	{"network_members", "the 100 largest networks' members, all networks counted", func(m *scaleModel) int {
		sizes := make([]int, len(m.bip.NetCities))
		for i, cs := range m.bip.NetCities {
			sizes[i] = len(cs)
		}
		slices.SortFunc(sizes, func(a, b int) int { return cmp.Compare(b, a) })
		n := m.count(graph.RelMemberOf)
		for _, s := range sizes[:min(graph.MaxOverlapNetworks, len(sizes))] {
			n += s
		}
		return n
	}},
	{"bipartite", "every city (twice: ids, then positions), network and membership (once per graph version for cityPairs)", func(m *scaleModel) int {
		return 2*len(m.ds.Cities) + len(m.ds.Networks) + m.count(graph.RelMemberOf)
	}},
	{"filter_cities_near", "the cities within the radius, sought in the point index (upper bound: every city, a radius of 20,015 km)", func(m *scaleModel) int {
		return len(m.ds.Cities)
	}},
	{"filter_cities_within", "the cities in the box, sought in the point index (upper bound: every city, the whole world)", func(m *scaleModel) int {
		return len(m.ds.Cities)
	}},
	{"network_spans", "the 500 largest networks (a page of spans), each sought by id, and their memberships", func(m *scaleModel) int {
		sizes := make([]int, len(m.bip.NetCities))
		for i, cs := range m.bip.NetCities {
			sizes[i] = len(cs)
		}
		slices.SortFunc(sizes, func(a, b int) int { return cmp.Compare(b, a) })
		n := 0
		for _, s := range sizes[:min(graph.MaxPageSize, len(sizes))] {
			n += 1 + s
		}
		return n
	}},
	{"centrality_degree", "every city and network, each membership from both ends", func(m *scaleModel) int {
		return len(m.ds.Cities) + len(m.ds.Networks) + 2*m.count(graph.RelMemberOf)
	}},
	{"stats_nodes", "every node and its labels", func(m *scaleModel) int { return 2 * m.nodes }},
	{"stats_rels", "every relationship", func(m *scaleModel) int { return len(m.edges) }},
	{"stats_memberships", "every city and network, each membership three times", func(m *scaleModel) int {
		return len(m.ds.Cities) + len(m.ds.Networks) + 3*m.count(graph.RelMemberOf)
	}},
	{"walk_nodes", "every node of the largest label, streamed (exports, Dataset)", func(m *scaleModel) int { return m.maxLabel() }},
	{"walk_edges", "every relationship, sorted, streamed (exports)", func(m *scaleModel) int { return len(m.edges) }},
	{"memberships", "every membership (Dataset)", func(m *scaleModel) int { return m.count(graph.RelMemberOf) }},
	{"foundings", "every founding (Dataset)", func(m *scaleModel) int { return m.count(graph.RelFounded) }},
	{"offices", "every office (Dataset)", func(m *scaleModel) int { return m.count(graph.RelHoldsOffice) }},
	{"dataset_claims", "every claim (Dataset)", func(m *scaleModel) int { return len(m.ds.Claims) }},
}

// readStatements returns the base names of the statements that read:
// every statement but the writes, the schema and the version lock, with a
// template's instances under the template's name.
func readStatements() []string {
	seen := map[string]bool{}
	for _, st := range Statements() {
		name := st.Name
		for _, l := range labels {
			name = strings.TrimSuffix(name, "_"+l)
		}
		for _, t := range RelTypes {
			name = strings.TrimSuffix(name, "_"+t)
		}
		if strings.HasPrefix(name, "load_") && name != "load_count" || strings.HasPrefix(name, "apply_") ||
			strings.HasPrefix(name, "schema_") || name == "version_lock" || documentWrites[name] {
			continue
		}
		seen[name] = true
	}
	return slices.Sorted(func(yield func(string) bool) {
		for n := range seen {
			if !yield(n) {
				return
			}
		}
	})
}

// documentWrites are the document store's writes (graph/neo4j/documents.go),
// which the table leaves out with the other writes.
var documentWrites = map[string]bool{"document_put": true, "proposal_save": true, "proposals_put": true, "proposals_drop_pending": true}

func TestStatements_RowsAtScale(t *testing.T) {
	models := rowModels
	t.Run("EveryReadModelled", func(t *testing.T) {
		var have []string
		for _, r := range models {
			have = append(have, r.stmt)
		}
		for _, name := range readStatements() {
			if !slices.Contains(have, name) {
				t.Errorf("read statement %s has no row model", name)
			}
		}
		for _, name := range have {
			if !slices.Contains(readStatements(), name) {
				t.Errorf("row model for %s, which is not a read statement", name)
			}
		}
	})
	presets := []string{"acuto"}
	if os.Getenv("CITYNET_ROWS_X10") == "1" {
		presets = append(presets, "x10")
	}
	counts := map[string][]int{}
	var extra []string
	for _, p := range presets {
		cfg, err := synth.Preset(p)
		if err != nil {
			t.Fatal(err)
		}
		m := newScaleModel(synth.Generate(cfg))
		for _, r := range models {
			n := r.rows(m)
			counts[r.stmt] = append(counts[r.stmt], n)
			if n > maxRowsPerRequest {
				t.Errorf("%s at %s: %d rows per request, want at most %d", r.stmt, p, n, maxRowsPerRequest)
			}
		}
		one, _ := m.neighborhoodRows(m.leastConnected(), graph.MaxDepth, graph.MaxNeighborLimit)
		extra = append(extra, fmt.Sprintf("%s: removed city_pairs.cypher expanded %s (a, n, b) rows per request; "+
			"neighborhood_level from a one-network city at depth 4: %s rows", p, thousands(m.triples()), thousands(one)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| statement | %s | the request counted |\n|---|%s---|\n", strings.Join(presets, " | "), strings.Repeat("--:|", len(presets)))
	for _, r := range models {
		var cells []string
		for _, n := range counts[r.stmt] {
			cells = append(cells, thousands(n))
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", r.stmt, strings.Join(cells, " | "), r.what)
	}
	t.Logf("rows per request\n%s%s", b.String(), strings.Join(extra, "\n"))
}

// thousands renders n with comma separators, as the README writes numbers.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
