package neo4j

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"citynet/graph"
)

// luceneQuery builds the full-text query: a prefix term for every query
// word, every stem of it (graph.Stems) and its forms under the Polish
// mobile e (graph.MobileEForms), so that inflected forms and word prefixes
// are all candidates. Folded words hold only letters and digits,
// so nothing in them is Lucene syntax; escaping is kept as a second guard.
func luceneQuery(folded string) string {
	var terms []string
	for _, w := range strings.Fields(folded) {
		for _, t := range append(append([]string{w}, graph.Stems(w)...), graph.MobileEForms(w)...) {
			if term := luceneEscape(t) + "*"; !slices.Contains(terms, term) {
				terms = append(terms, term)
			}
		}
	}
	return strings.Join(terms, " OR ")
}

func luceneEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`+-&|!(){}[]^"~*?:\/`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// candidates fetches the nodes of the types that may match a folded
// query: a superset of what MatchFolded accepts.
func (s *Store) candidates(ctx context.Context, folded string, types []graph.NodeType) ([]graph.Node, error) {
	labels := []string{}
	for _, t := range types {
		if l, ok := labelOf(t); ok {
			labels = append(labels, l)
		}
	}
	return read(ctx, s, func(q querier) ([]graph.Node, error) {
		recs, err := q.query(ctx, "search", map[string]any{"text": folded, "lucene": luceneQuery(folded), "labels": labels})
		if err != nil {
			return nil, err
		}
		out := make([]graph.Node, 0, len(recs))
		for _, r := range recs {
			if n := fromNode(get[dbtype.Node](r, "node")); n != nil {
				out = append(out, n)
			}
		}
		return out, nil
	})
}

// rank scores candidates with graph.MatchFolded, as the embedded store does.
func rank(q string, nodes []graph.Node) []graph.SearchHit {
	var hits []graph.SearchHit
	for _, n := range nodes {
		best, matched := 0, ""
		canonical, other := graph.Names(n)
		for i, name := range append(canonical, other...) {
			if sc := graph.MatchScore(q, name, i < len(canonical)); sc > best {
				best, matched = sc, name
			}
		}
		if best > 0 {
			hits = append(hits, graph.SearchHit{Node: n, Score: best, Matched: matched})
		}
	}
	graph.SortHits(hits)
	return hits
}

func (s *Store) Search(ctx context.Context, text string, types []graph.NodeType, first int) ([]graph.SearchHit, error) {
	q, err := graph.CheckSearch(text, first)
	if err != nil {
		return nil, err
	}
	nodes, err := s.candidates(ctx, q, types)
	if err != nil {
		return nil, err
	}
	hits := rank(q, nodes)
	return hits[:min(len(hits), first)], nil
}

// nameMatches returns the ids of nodes of type t whose names match text, for
// the name filters of the lists.
func (s *Store) nameMatches(ctx context.Context, text string, t graph.NodeType) ([]string, error) {
	q := graph.Fold(text)
	if q == "" {
		return nil, nil
	}
	nodes, err := s.candidates(ctx, q, []graph.NodeType{t})
	if err != nil {
		return nil, err
	}
	ids := []string{}
	for _, h := range rank(q, nodes) {
		ids = append(ids, h.Node.NodeID())
	}
	return ids, nil
}

func (s *Store) SharedNetworks(ctx context.Context, a, b string) ([]*graph.Network, error) {
	if a == b {
		return nil, graph.Invalid("b", "must differ from a")
	}
	type result struct {
		hasA, hasB bool
		shared     []*graph.Network
	}
	r, err := read(ctx, s, func(q querier) (result, error) {
		recs, err := q.query(ctx, "shared_networks", map[string]any{"a": a, "b": b})
		if err != nil || len(recs) == 0 {
			return result{}, err
		}
		out := result{hasA: get[bool](recs[0], "hasA"), hasB: get[bool](recs[0], "hasB")}
		for _, v := range get[[]any](recs[0], "shared") {
			if n, ok := fromNode(v.(dbtype.Node)).(*graph.Network); ok {
				out.shared = append(out.shared, n)
			}
		}
		return out, nil
	})
	switch {
	case err != nil:
		return nil, err
	case !r.hasA:
		return nil, graph.NotFound(graph.TypeCity, a)
	case !r.hasB:
		return nil, graph.NotFound(graph.TypeCity, b)
	}
	return r.shared, nil
}

// pairsCache is the city–network graph at one committed version and the
// rankings of cityPairs computed on it, one per minShared: the best k
// pairs and how many there are. Pages within the first k are slices of a
// ranking; a page past it ranks again with a larger k. The ranking is a
// total order, so pages stay stable whatever k was.
type pairsCache struct {
	v      version
	bip    *graph.Bipartite
	points *graph.CityPoints // by bip's city index
	ranks  map[graph.PairKey]pairRank
}

// maxFilteredRanks bounds the rankings with a distance band kept in a
// pairsCache: each band is a new key, and a client sweeping maxKm must not
// grow the cache without end.
const maxFilteredRanks = 16

type pairRank struct {
	top   []graph.PairScore
	total int
}

// firstRankPairs is how many pairs the first ranking keeps: 50 pages of 20.
const firstRankPairs = 1000

// CityPairs ranks pairs as the embedded store does, with
// graph.Bipartite.TopPairs over the membership graph, read once per graph
// version (bipartite.cypher: one row per city, network and membership).
// Ranking in Cypher would expand every (city, network, city) triple —
// 40 million rows on the acuto preset — and sort every pair on every
// request (see docs/neo4j.md, "Neo4j at acuto scale, on paper").
//
// A distance band (minKm, maxKm) is applied in the same pass
// (graph.Bipartite.TopPairsFiltered) on the positions read with the
// graph, not in Cypher: a filter on point.distance per pair would need
// every pair expanded first.
func (s *Store) CityPairs(ctx context.Context, f graph.PairFilter, p graph.Page) (*graph.Connection[*graph.CityPair], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	offset, limit, err := p.Offset()
	if err != nil {
		return nil, err
	}
	pc, err := s.pairGraph(ctx)
	if err != nil {
		return nil, err
	}
	need := offset + limit
	key := f.Key()
	s.pmu.Lock()
	r, ok := pc.ranks[key]
	if !ok && f.HasDistance() {
		filtered := 0
		for k := range pc.ranks {
			if k.HasMin || k.HasMax {
				filtered++
			}
		}
		if filtered >= maxFilteredRanks {
			for k := range pc.ranks {
				if k.HasMin || k.HasMax {
					delete(pc.ranks, k)
				}
			}
		}
	}
	for !ok || len(r.top) < need && len(r.top) < r.total && offset < r.total {
		// A first ranking is small whatever the page: a cursor far past
		// the end costs one small pass, not a ranking of every pair.
		k := min(need, firstRankPairs)
		if ok {
			k = max(need, 2*len(r.top))
		}
		top, total := pc.bip.TopPairsFiltered(f, k, pc.points)
		r, ok = pairRank{top, total}, true
		pc.ranks[key] = r
	}
	s.pmu.Unlock()
	window := r.top[min(offset, len(r.top)):min(need, len(r.top))]
	page := make([]*graph.CityPair, len(window))
	for i, ps := range window {
		shared := graph.Intersect(pc.bip.CityNets[ps.A], pc.bip.CityNets[ps.B])
		ids := make([]string, len(shared))
		for j, n := range shared {
			ids[j] = pc.bip.Networks[n]
		}
		page[i] = &graph.CityPair{A: pc.bip.Cities[ps.A], B: pc.bip.Cities[ps.B], Shared: ids, Jaccard: ps.Jaccard(),
			DistanceKm: pc.points.DistanceKm(ps.A, ps.B)}
	}
	return graph.Window(page, r.total, offset, limit), nil
}

// pairGraph returns the membership graph at the committed version: the
// cached one while the version has not changed, else read again (and
// cached, unless the database has no version node to name it by).
func (s *Store) pairGraph(ctx context.Context) (*pairsCache, error) {
	return read(ctx, s, func(q querier) (*pairsCache, error) {
		v, err := currentVersion(ctx, q)
		if err != nil {
			return nil, err
		}
		s.pmu.Lock()
		pc := s.pairs
		s.pmu.Unlock()
		if pc != nil && v.epoch != "" && pc.v == v {
			return pc, nil
		}
		bip, points, err := readBipartite(ctx, q)
		if err != nil {
			return nil, err
		}
		pc = &pairsCache{v: v, bip: bip, points: points, ranks: map[graph.PairKey]pairRank{}}
		if v.epoch != "" {
			s.pmu.Lock()
			s.pairs = pc
			s.pmu.Unlock()
		}
		return pc, nil
	})
}

// readBipartite reads the city–network membership graph and the cities'
// positions by its city index (bipartite.cypher).
func readBipartite(ctx context.Context, q querier) (*graph.Bipartite, *graph.CityPoints, error) {
	recs, err := q.query(ctx, "bipartite", nil)
	if err != nil {
		return nil, nil, err
	}
	if len(recs) == 0 {
		return graph.NewBipartite(nil, nil, nil), graph.NewCityPoints(0, nil), nil
	}
	r := recs[0]
	var members [][2]string
	for _, v := range get[[]any](r, "members") {
		pair := props{"p": v}.strs("p")
		if len(pair) == 2 {
			members = append(members, [2]string{pair[0], pair[1]})
		}
	}
	cities := props{"c": get[[]any](r, "cities")}.strs("c")
	networks := props{"n": get[[]any](r, "networks")}.strs("n")
	bip := graph.NewBipartite(cities, networks, members)
	at := map[string]*graph.GeoPoint{}
	for _, v := range get[[]any](r, "located") {
		if m, ok := v.(map[string]any); ok {
			if p := pointOf(m["location"]); p != nil {
				at[props(m).str("id")] = p
			}
		}
	}
	points := graph.NewCityPoints(len(bip.Cities), func(i int) *graph.GeoPoint { return at[bip.Cities[i]] })
	return bip, points, nil
}

// toEdges maps the {type, from, to, props} maps the path statement returns.
func toEdges(vs []any) []graph.Edge {
	out := make([]graph.Edge, 0, len(vs))
	for _, v := range vs {
		m := props(v.(map[string]any))
		p, _ := m["props"].(map[string]any)
		out = append(out, toEdge(m.str("type"), m.str("from"), m.str("to"), props(p)))
	}
	return out
}

func relStrings(rels []graph.RelType) []string {
	out := make([]string, len(rels))
	for i, r := range rels {
		out[i] = string(r)
	}
	return out
}

func (s *Store) Path(ctx context.Context, from, to string, maxHops int, rels []graph.RelType) (*graph.Path, error) {
	if err := graph.CheckHops(maxHops); err != nil {
		return nil, err
	}
	if err := graph.CheckRels(rels); err != nil {
		return nil, err
	}
	start, err := s.Node(ctx, from)
	if err != nil {
		return nil, err
	}
	if _, err := s.Node(ctx, to); err != nil {
		return nil, err
	}
	if from == to {
		// shortestPath refuses equal ends; the answer is the node itself.
		return &graph.Path{Nodes: []graph.Node{start}}, nil
	}
	return read(ctx, s, func(q querier) (*graph.Path, error) {
		recs, err := q.query(ctx, "path", map[string]any{"from": from, "to": to, "maxHops": maxHops, "rels": relStrings(rels)})
		if err != nil || len(recs) == 0 {
			return nil, err
		}
		p := &graph.Path{Edges: toEdges(get[[]any](recs[0], "rels"))}
		for _, v := range get[[]any](recs[0], "nodes") {
			p.Nodes = append(p.Nodes, fromNode(v.(dbtype.Node)))
		}
		return p, nil
	})
}

// Neighborhood searches breadth-first, one statement per level
// (neighborhood_level.cypher), as the embedded store does: the nodes
// within depth hops, nearest first and then by id, cut at limit with the
// centre. A level costs the degrees of its frontier, so the whole search
// costs at most the degrees of the nodes it reaches, whatever the depth.
func (s *Store) Neighborhood(ctx context.Context, id string, depth, limit int, rels []graph.RelType) (*graph.Subgraph, error) {
	if err := graph.CheckNeighborhood(depth, limit); err != nil {
		return nil, err
	}
	if err := graph.CheckRels(rels); err != nil {
		return nil, err
	}
	relNames := relStrings(rels)
	sub, err := read(ctx, s, func(q querier) (*graph.Subgraph, error) {
		recs, err := q.query(ctx, "node_get", map[string]any{"id": id})
		if err != nil || len(recs) == 0 {
			return nil, err
		}
		center := fromNode(get[dbtype.Node](recs[0], "n"))
		dist, label := map[string]int{id: 0}, map[string]string{}
		var reached []string
		frontier := []string{id}
		for d := 1; d <= depth && len(frontier) > 0; d++ {
			recs, err := q.query(ctx, "neighborhood_level", map[string]any{"ids": frontier, "rels": relNames})
			if err != nil {
				return nil, err
			}
			frontier = nil
			for _, r := range recs {
				n := get[string](r, "id")
				if _, seen := dist[n]; seen {
					continue
				}
				dist[n], label[n] = d, get[string](r, "label")
				reached = append(reached, n)
				frontier = append(frontier, n)
			}
		}
		slices.SortFunc(reached, func(a, b string) int { return cmp.Or(cmp.Compare(dist[a], dist[b]), cmp.Compare(a, b)) })
		sub := &graph.Subgraph{Center: id, Nodes: []graph.Node{center}}
		if len(reached) > limit-1 {
			var cut []graph.NodeType
			for _, n := range reached[limit-1:] {
				cut = append(cut, typeOf[label[n]])
			}
			sub.Truncated, sub.Omitted, sub.OmittedByType = true, len(cut), graph.CountTypes(cut)
			reached = reached[:limit-1]
		}
		if len(reached) > 0 {
			recs, err := q.query(ctx, "nodes_get", map[string]any{"ids": reached})
			if err != nil {
				return nil, err
			}
			byID := make(map[string]graph.Node, len(recs))
			for _, r := range recs {
				if n := fromNode(get[dbtype.Node](r, "n")); n != nil {
					byID[n.NodeID()] = n
				}
			}
			for _, n := range reached {
				if node, ok := byID[n]; ok {
					sub.Nodes = append(sub.Nodes, node)
				}
			}
		}
		ids := make([]string, 0, len(sub.Nodes))
		for _, n := range sub.Nodes {
			ids = append(ids, n.NodeID())
		}
		erecs, err := q.query(ctx, "neighborhood_edges", map[string]any{"ids": ids, "rels": relNames})
		if err != nil {
			return nil, err
		}
		for _, r := range erecs {
			sub.Edges = append(sub.Edges, toEdge(get[string](r, "type"), get[string](r, "from"), get[string](r, "to"),
				props(get[map[string]any](r, "props"))))
		}
		graph.SortEdges(sub.Edges)
		return sub, nil
	})
	if err == nil && sub == nil {
		return nil, graph.NotFound("", id)
	}
	return sub, err
}

func (s *Store) Stats(ctx context.Context) (*graph.Stats, error) {
	return read(ctx, s, func(q querier) (*graph.Stats, error) {
		st := &graph.Stats{}
		recs, err := q.query(ctx, "stats_nodes", nil)
		if err != nil {
			return nil, err
		}
		perLabel := map[string]int{}
		for _, r := range recs {
			perLabel[get[string](r, "label")] = int(get[int64](r, "count"))
		}
		for _, t := range graph.NodeTypes {
			l, _ := labelOf(t)
			st.NodeCounts = append(st.NodeCounts, graph.TypeCount{Type: t, Count: perLabel[l]})
		}
		if recs, err = q.query(ctx, "stats_rels", nil); err != nil {
			return nil, err
		}
		perType := map[string]int{}
		for _, r := range recs {
			perType[get[string](r, "type")] = int(get[int64](r, "count"))
		}
		for _, t := range graph.RelTypes {
			st.RelCounts = append(st.RelCounts, graph.RelCount{Type: t, Count: perType[string(t)]})
		}
		if recs, err = q.query(ctx, "stats_memberships", nil); err != nil || len(recs) == 0 {
			return nil, err
		}
		counts := func(key string) []graph.IDCount {
			var out []graph.IDCount
			for _, v := range get[[]any](recs[0], key) {
				pair := v.([]any)
				id, _ := pair[0].(string)
				n, _ := pair[1].(int64)
				out = append(out, graph.IDCount{ID: id, Count: int(n)})
			}
			graph.SortCounts(out)
			return out
		}
		st.MembersPerNetwork, st.NetworksPerCity = counts("perNetwork"), counts("perCity")
		years := map[int]int{}
		for _, v := range get[[]any](recs[0], "since") {
			since, _ := v.(string)
			if y, ok := graph.Date(since).Year(); ok {
				years[y]++
			} else {
				st.JoinsWithoutYear++
			}
		}
		st.JoinsPerYear = graph.YearCounts(years)
		return st, nil
	})
}

func (s *Store) SimilarCities(ctx context.Context, id string, first int) ([]*graph.CityPair, error) {
	if err := graph.CheckFirst(first, graph.MaxPageSize); err != nil {
		return nil, err
	}
	if _, err := s.City(ctx, id); err != nil {
		return nil, err
	}
	return read(ctx, s, func(q querier) ([]*graph.CityPair, error) {
		recs, err := q.query(ctx, "similar_cities", map[string]any{"id": id, "first": first})
		if err != nil {
			return nil, err
		}
		out := make([]*graph.CityPair, 0, len(recs))
		for _, r := range recs {
			shared := props{"shared": get[[]any](r, "shared")}.strs("shared")
			slices.Sort(shared)
			pair := &graph.CityPair{A: id, B: get[string](r, "b"), Shared: shared, Jaccard: get[float64](r, "jaccard")}
			at, _ := r.Get("at")
			bAt, _ := r.Get("bAt")
			if a, b := pointOf(at), pointOf(bAt); a != nil && b != nil {
				d := graph.DistanceKm(*a, *b)
				pair.DistanceKm = &d
			}
			out = append(out, pair)
		}
		return out, nil
	})
}

func (s *Store) NetworkOverlap(ctx context.Context, networkIDs []string) (*graph.Overlap, error) {
	if err := graph.CheckOverlap(networkIDs); err != nil {
		return nil, err
	}
	type network struct {
		id      string
		members []string
	}
	nets, err := read(ctx, s, func(q querier) ([]network, error) {
		recs, err := q.query(ctx, "network_members", map[string]any{"ids": orEmpty(networkIDs), "largest": graph.DefaultOverlapNetworks})
		if err != nil {
			return nil, err
		}
		out := make([]network, 0, len(recs))
		for _, r := range recs {
			out = append(out, network{get[string](r, "id"), props{"m": get[[]any](r, "members")}.strs("m")})
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	// Build the bipartite graph of just these networks and order them as
	// the embedded store does: as given, or largest first.
	var ids, cities []string
	var members [][2]string
	for _, n := range nets {
		ids = append(ids, n.id)
		for _, c := range n.members {
			cities = append(cities, c)
			members = append(members, [2]string{c, n.id})
		}
	}
	bip := graph.NewBipartite(slices.Compact(slices.Sorted(slices.Values(cities))), ids, members)
	var idx []int32
	if len(networkIDs) == 0 {
		idx = bip.Largest(graph.DefaultOverlapNetworks)
	}
	for _, id := range networkIDs {
		i, ok := bip.NetworkIndex(id)
		if !ok {
			return nil, graph.NotFound(graph.TypeNetwork, id)
		}
		idx = append(idx, i)
	}
	o := &graph.Overlap{}
	for _, i := range idx {
		o.Networks = append(o.Networks, bip.Networks[i])
	}
	o.Shared, o.Jaccard = bip.Overlap(idx)
	return o, nil
}

func (s *Store) Centrality(ctx context.Context, kind graph.CentralityKind, first int) (*graph.Centrality, error) {
	if !kind.Valid() {
		return nil, graph.Invalid("kind", "unknown centrality %q", kind)
	}
	if err := graph.CheckFirst(first, graph.MaxPageSize); err != nil {
		return nil, err
	}
	return read(ctx, s, func(q querier) (*graph.Centrality, error) {
		if kind == graph.CentralityDegree {
			recs, err := q.query(ctx, "centrality_degree", nil)
			if err != nil {
				return nil, err
			}
			c := &graph.Centrality{Kind: kind, Nodes: len(recs)}
			for _, r := range recs[:min(first, len(recs))] {
				c.Scores = append(c.Scores, graph.NodeScore{ID: get[string](r, "id"), Type: graph.NodeType(get[string](r, "type")),
					Score: float64(get[int64](r, "degree"))})
			}
			return c, nil
		}
		bip, _, err := readBipartite(ctx, q)
		if err != nil {
			return nil, err
		}
		return bip.Betweenness(first), nil
	})
}

// Walk streams nodes label by label (graph.NodeTypes order, then id), then
// relationships, in one read transaction that is not retried.
func (s *Store) Walk(ctx context.Context, node func(graph.Node) error, edge func(graph.Edge) error) error {
	_, err := s.exec(ctx, streamTx, func(q querier) (any, error) {
		for _, t := range graph.NodeTypes {
			label, _ := labelOf(t)
			if err := q.stream(ctx, "walk_nodes_"+label, nil, func(r *neo4j.Record) error {
				return node(fromNode(get[dbtype.Node](r, "n")))
			}); err != nil {
				return nil, err
			}
		}
		return nil, q.stream(ctx, "walk_edges", nil, func(r *neo4j.Record) error {
			return edge(toEdge(get[string](r, "type"), get[string](r, "from"), get[string](r, "to"), props(get[map[string]any](r, "props"))))
		})
	})
	return translate(err)
}
