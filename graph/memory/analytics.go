package memory

import (
	"cmp"
	"context"
	"slices"

	"citynet/graph"
)

// score is the best MatchFolded score of any of the node's names.
func (s *Store) score(id, q string) int {
	best, _ := s.bestName(id, q)
	return best
}

func (s *Store) bestName(id, q string) (int, string) {
	best, matched := 0, ""
	for _, n := range s.names[id] {
		if sc := graph.MatchFolded(q, n.folded, n.canonical); sc > best {
			best, matched = sc, n.raw
		}
	}
	return best, matched
}

func (s *Store) Search(_ context.Context, text string, types []graph.NodeType, first int) ([]graph.SearchHit, error) {
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

func (s *Store) SharedNetworks(ctx context.Context, a, b string) ([]*graph.Network, error) {
	if a == b {
		return nil, graph.Invalid("b", "must differ from a")
	}
	for _, id := range []string{a, b} {
		if _, err := s.City(ctx, id); err != nil {
			return nil, err
		}
	}
	na, nb := s.cityNets[s.cityIndex[a]], s.cityNets[s.cityIndex[b]]
	var out []*graph.Network
	for _, n := range intersect(na, nb) {
		out = append(out, s.networks[n])
	}
	return out, nil
}

// intersect returns the common elements of two sorted lists.
func intersect(a, b []int32) []int32 {
	var out []int32
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	return out
}

// CityPairs counts co-memberships over the adjacency lists: for each city,
// walk its networks and their members with a higher index, counting in one
// reused array. This touches only pairs that share something instead of
// comparing every pair of cities. The ranking is cached per minShared since
// the graph is immutable.
func (s *Store) CityPairs(_ context.Context, minShared int, p graph.Page) (*graph.Connection[*graph.CityPair], error) {
	if err := graph.CheckMinShared(minShared); err != nil {
		return nil, err
	}
	if _, _, err := p.Offset(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	ranking, ok := s.pairs[minShared]
	if !ok {
		ranking = s.rankPairs(minShared)
		s.pairs[minShared] = ranking
	}
	s.mu.Unlock()
	return graph.Paginate(ranking, p)
}

func (s *Store) rankPairs(minShared int) []*graph.CityPair {
	count := make([]int32, len(s.cities))
	var touched []int32
	var out []*graph.CityPair
	for a, nets := range s.cityNets {
		if len(nets) < minShared {
			continue
		}
		touched = touched[:0]
		for _, n := range nets {
			for _, b := range s.netCities[n] {
				if int(b) <= a {
					continue
				}
				if count[b] == 0 {
					touched = append(touched, b)
				}
				count[b]++
			}
		}
		for _, b := range touched {
			if c := int(count[b]); c >= minShared {
				shared := intersect(nets, s.cityNets[b])
				ids := make([]string, len(shared))
				for i, n := range shared {
					ids[i] = s.networks[n].ID
				}
				union := len(nets) + len(s.cityNets[b]) - c
				out = append(out, &graph.CityPair{A: s.cities[a].ID, B: s.cities[b].ID, Shared: ids, Jaccard: float64(c) / float64(union)})
			}
			count[b] = 0
		}
	}
	graph.SortPairs(out)
	return out
}

// neighbours calls f for each edge at id allowed by rels, with the node at
// its other end.
func (s *Store) neighbours(id string, rels []graph.RelType, f func(e int, other string)) {
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
func (s *Store) Path(ctx context.Context, from, to string, maxHops int, rels []graph.RelType) (*graph.Path, error) {
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

func (s *Store) Neighborhood(ctx context.Context, id string, depth, limit int, rels []graph.RelType) (*graph.Subgraph, error) {
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
		sub.Truncated, sub.Omitted = true, len(reached)-(limit-1)
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

func (s *Store) Stats(context.Context) (*graph.Stats, error) {
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
		st.MembersPerNetwork = append(st.MembersPerNetwork, graph.IDCount{ID: n.ID, Count: len(s.netCities[i])})
	}
	for i, c := range s.cities {
		st.NetworksPerCity = append(st.NetworksPerCity, graph.IDCount{ID: c.ID, Count: len(s.cityNets[i])})
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
	return st, nil
}
