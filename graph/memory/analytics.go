package memory

import (
	"cmp"
	"context"
	"slices"

	"citynet/graph"
)

// score is the best MatchFolded score of any of the node's names.
func (s *snapshot) score(id, q string) int {
	best, _ := s.bestName(id, q)
	return best
}

func (s *snapshot) bestName(id, q string) (int, string) {
	best, matched := 0, ""
	for _, n := range s.names[id] {
		if sc := graph.MatchFolded(q, n.folded, n.canonical); sc > best {
			best, matched = sc, n.raw
		}
	}
	return best, matched
}

func (s *snapshot) Search(_ context.Context, text string, types []graph.NodeType, first int) ([]graph.SearchHit, error) {
	q, err := graph.CheckSearch(text, first)
	if err != nil {
		return nil, err
	}
	var hits []graph.SearchHit
	for id, n := range s.nodes {
		if len(types) > 0 && !slices.Contains(types, n.NodeType()) {
			continue
		}
		if sc, matched := s.bestName(id, q); sc > 0 {
			hits = append(hits, graph.SearchHit{Node: n, Score: sc, Matched: matched})
		}
	}
	graph.SortHits(hits)
	return hits[:min(len(hits), first)], nil
}

func (s *snapshot) SharedNetworks(ctx context.Context, a, b string) ([]*graph.Network, error) {
	if a == b {
		return nil, graph.Invalid("b", "must differ from a")
	}
	for _, id := range []string{a, b} {
		if _, err := s.City(ctx, id); err != nil {
			return nil, err
		}
	}
	ia, _ := s.bip.CityIndex(a)
	ib, _ := s.bip.CityIndex(b)
	var out []*graph.Network
	for _, n := range graph.Intersect(s.bip.CityNets[ia], s.bip.CityNets[ib]) {
		out = append(out, s.networks[n])
	}
	return out, nil
}

// pairRanking is the best k pairs for one minShared, and how many pairs
// there are. Pages within the first k are slices of it; a page beyond it
// recomputes with a larger k. The ranking is a total order, so pages stay
// stable whatever k was.
type pairRanking struct {
	top   []graph.PairScore
	total int
}

// cityPair resolves a ranked pair of indices to ids and shared networks.
func (s *snapshot) cityPair(ps graph.PairScore) *graph.CityPair {
	shared := graph.Intersect(s.bip.CityNets[ps.A], s.bip.CityNets[ps.B])
	ids := make([]string, len(shared))
	for i, n := range shared {
		ids[i] = s.networks[n].ID
	}
	return &graph.CityPair{A: s.cities[ps.A].ID, B: s.cities[ps.B].ID, Shared: ids, Jaccard: ps.Jaccard(),
		DistanceKm: s.points().DistanceKm(ps.A, ps.B)}
}

func (s *snapshot) SimilarCities(ctx context.Context, id string, first int) ([]*graph.CityPair, error) {
	if err := graph.CheckFirst(first, graph.MaxPageSize); err != nil {
		return nil, err
	}
	if _, err := s.City(ctx, id); err != nil {
		return nil, err
	}
	a, _ := s.bip.CityIndex(id)
	var out []*graph.CityPair
	for _, ps := range s.bip.Similar(a, first) {
		out = append(out, s.cityPair(ps))
	}
	return out, nil
}

func (s *snapshot) NetworkOverlap(ctx context.Context, networkIDs []string) (*graph.Overlap, error) {
	if err := graph.CheckOverlap(networkIDs); err != nil {
		return nil, err
	}
	var idx []int32
	if len(networkIDs) == 0 {
		idx = s.bip.Largest(graph.DefaultOverlapNetworks)
	}
	for _, id := range networkIDs {
		if _, err := s.Network(ctx, id); err != nil {
			return nil, err
		}
		i, _ := s.bip.NetworkIndex(id)
		idx = append(idx, i)
	}
	o := &graph.Overlap{}
	for _, i := range idx {
		o.Networks = append(o.Networks, s.networks[i].ID)
	}
	o.Shared, o.Jaccard = s.bip.Overlap(idx)
	return o, nil
}

func (s *snapshot) Centrality(ctx context.Context, kind graph.CentralityKind, first int) (*graph.Centrality, error) {
	if !kind.Valid() {
		return nil, graph.Invalid("kind", "unknown centrality %q", kind)
	}
	if err := graph.CheckFirst(first, graph.MaxPageSize); err != nil {
		return nil, err
	}
	// Ranked in full once; requests cut their own first.
	c, err := s.centrality.get(ctx, kind, nil, func(*graph.Centrality) *graph.Centrality {
		n := len(s.cities) + len(s.networks)
		if kind == graph.CentralityDegree {
			return s.bip.Degree(n)
		}
		return s.bip.Betweenness(n)
	})
	if err != nil {
		return nil, err
	}
	out := *c
	out.Scores = c.Scores[:min(first, len(c.Scores))]
	return &out, nil
}

// Walk streams nodes by type then id, then relationships in SortEdges
// order.
func (s *snapshot) Walk(ctx context.Context, node func(graph.Node) error, edge func(graph.Edge) error) error {
	for _, list := range [][]graph.Node{nodesOf(s.cities), nodesOf(s.countries), nodesOf(s.networks), nodesOf(s.institutions),
		nodesOf(s.people), nodesOf(s.events), nodesOf(s.partnerships), nodesOf(s.sources)} {
		for _, n := range list {
			if err := node(n); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	for i, e := range s.sortedEdges() {
		if err := edge(e); err != nil {
			return err
		}
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	return nil
}

func nodesOf[T graph.Node](list []T) []graph.Node {
	out := make([]graph.Node, len(list))
	for i, n := range list {
		out[i] = n
	}
	return out
}

// sortedEdges returns the relationships in SortEdges order (computed once).
func (s *snapshot) sortedEdges() []graph.Edge {
	s.edgesMu.Lock()
	defer s.edgesMu.Unlock()
	if s.edgesSorted == nil {
		s.edgesSorted = slices.Clone(s.edges)
		graph.SortEdges(s.edgesSorted)
	}
	return s.edgesSorted
}

// neighbours calls f for each edge at id allowed by rels, with the node at
// its other end.
func (s *snapshot) neighbours(id string, rels []graph.RelType, f func(e int, other string)) {
	for _, e := range s.adj[id] {
		edge := &s.edges[e]
		if len(rels) > 0 && !slices.Contains(rels, edge.Type) {
			continue
		}
		other := edge.To
		if other == id {
			other = edge.From
		}
		f(e, other)
	}
}

// Path runs a breadth-first search from both ends at once, expanding the
// smaller frontier, and stops at maxHops.
func (s *snapshot) Path(ctx context.Context, from, to string, maxHops int, rels []graph.RelType) (*graph.Path, error) {
	if err := graph.CheckHops(maxHops); err != nil {
		return nil, err
	}
	if err := graph.CheckRels(rels); err != nil {
		return nil, err
	}
	for _, id := range []string{from, to} {
		if _, err := s.Node(ctx, id); err != nil {
			return nil, err
		}
	}
	if from == to {
		return &graph.Path{Nodes: []graph.Node{s.nodes[from]}}, nil
	}
	type step struct {
		prev string
		edge int
	}
	// parents[0] grows from `from`, parents[1] from `to`.
	parents := [2]map[string]step{{from: {edge: -1}}, {to: {edge: -1}}}
	frontier := [2][]string{{from}, {to}}
	meet := ""
	for hops := 0; hops < maxHops && meet == "" && len(frontier[0]) > 0 && len(frontier[1]) > 0; hops++ {
		side := 0
		if len(frontier[1]) < len(frontier[0]) {
			side = 1
		}
		var next []string
		for _, id := range frontier[side] {
			s.neighbours(id, rels, func(e int, other string) {
				if _, seen := parents[side][other]; seen {
					return
				}
				parents[side][other] = step{id, e}
				next = append(next, other)
				if _, ok := parents[1-side][other]; ok && meet == "" {
					meet = other
				}
			})
			if meet != "" {
				break
			}
		}
		frontier[side] = next
	}
	if meet == "" {
		return nil, nil
	}
	var left []string
	var leftEdges []int
	for id := meet; id != from; id = parents[0][id].prev {
		left = append(left, id)
		leftEdges = append(leftEdges, parents[0][id].edge)
	}
	left = append(left, from)
	slices.Reverse(left)
	slices.Reverse(leftEdges)
	path := &graph.Path{}
	for _, id := range left {
		path.Nodes = append(path.Nodes, s.nodes[id])
	}
	for _, e := range leftEdges {
		path.Edges = append(path.Edges, s.edges[e])
	}
	for id := meet; id != to; {
		st := parents[1][id]
		path.Edges = append(path.Edges, s.edges[st.edge])
		id = st.prev
		path.Nodes = append(path.Nodes, s.nodes[id])
	}
	return path, nil
}

func (s *snapshot) Neighborhood(ctx context.Context, id string, depth, limit int, rels []graph.RelType) (*graph.Subgraph, error) {
	if err := graph.CheckNeighborhood(depth, limit); err != nil {
		return nil, err
	}
	if err := graph.CheckRels(rels); err != nil {
		return nil, err
	}
	center, err := s.Node(ctx, id)
	if err != nil {
		return nil, err
	}
	// Breadth-first to depth; then the nearest nodes are kept, ties by id,
	// so every backend cuts the same nodes.
	dist := map[string]int{id: 0}
	var reached []string
	frontier := []string{id}
	for d := 1; d <= depth && len(frontier) > 0; d++ {
		var next []string
		for _, n := range frontier {
			s.neighbours(n, rels, func(_ int, other string) {
				if _, seen := dist[other]; !seen {
					dist[other] = d
					reached = append(reached, other)
					next = append(next, other)
				}
			})
		}
		frontier = next
	}
	slices.SortFunc(reached, func(a, b string) int { return cmp.Or(cmp.Compare(dist[a], dist[b]), cmp.Compare(a, b)) })
	sub := &graph.Subgraph{Center: center.NodeID(), Nodes: []graph.Node{center}}
	if len(reached) > limit-1 {
		var cut []graph.NodeType
		for _, id := range reached[limit-1:] {
			cut = append(cut, s.nodes[id].NodeType())
		}
		sub.Truncated, sub.Omitted, sub.OmittedByType = true, len(cut), graph.CountTypes(cut)
		reached = reached[:limit-1]
	}
	kept := map[string]bool{id: true}
	for _, n := range reached {
		kept[n] = true
		sub.Nodes = append(sub.Nodes, s.nodes[n])
	}
	added := map[int]bool{}
	for n := range kept {
		s.neighbours(n, rels, func(e int, other string) {
			if kept[other] && !added[e] {
				added[e] = true
				sub.Edges = append(sub.Edges, s.edges[e])
			}
		})
	}
	graph.SortEdges(sub.Edges)
	return sub, nil
}

func (s *snapshot) Stats(context.Context) (*graph.Stats, error) {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	if s.stats != nil {
		return s.stats, nil
	}
	st := &graph.Stats{}
	perType := map[graph.NodeType]int{}
	for _, n := range s.nodes {
		perType[n.NodeType()]++
	}
	for _, t := range graph.NodeTypes {
		st.NodeCounts = append(st.NodeCounts, graph.TypeCount{Type: t, Count: perType[t]})
	}
	perRel := map[graph.RelType]int{}
	for _, e := range s.edges {
		perRel[e.Type]++
	}
	for _, r := range graph.RelTypes {
		st.RelCounts = append(st.RelCounts, graph.RelCount{Type: r, Count: perRel[r]})
	}
	for i, n := range s.networks {
		st.MembersPerNetwork = append(st.MembersPerNetwork, graph.IDCount{ID: n.ID, Count: len(s.bip.NetCities[i])})
	}
	for i, c := range s.cities {
		st.NetworksPerCity = append(st.NetworksPerCity, graph.IDCount{ID: c.ID, Count: len(s.bip.CityNets[i])})
	}
	graph.SortCounts(st.MembersPerNetwork)
	graph.SortCounts(st.NetworksPerCity)
	years := map[int]int{}
	for _, m := range s.memberships {
		if y, ok := m.Since.Year(); ok {
			years[y]++
		} else {
			st.JoinsWithoutYear++
		}
	}
	st.JoinsPerYear = graph.YearCounts(years)
	s.stats = st
	return st, nil
}
