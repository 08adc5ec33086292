package storetest

import (
	"cmp"
	"slices"

	"citynet/graph"
)

// The reference model: what a store must derive from a dataset, computed
// here in the plainest possible way so that expected answers for any dataset
// (the corpus included) can be checked without trusting the store.

// ModelEdges returns the relationships every store must hold for a
// dataset: graph.Dataset.Edges, the one derivation all stores share.
func ModelEdges(ds *graph.Dataset) []graph.Edge { return ds.Edges() }

// model is a dataset indexed for the reference answers.
type model struct {
	ds    *graph.Dataset
	nodes map[string]graph.Node
	edges []graph.Edge
	keys  map[string]int // edge key → how many relationships have it
}

func newModel(ds *graph.Dataset) *model {
	m := &model{ds: ds, nodes: datasetNodes(ds), edges: ModelEdges(ds), keys: map[string]int{}}
	for _, e := range m.edges {
		m.keys[e.Key()]++
	}
	return m
}

// datasetNodes indexes every node of a dataset by id.
func datasetNodes(ds *graph.Dataset) map[string]graph.Node {
	nodes := map[string]graph.Node{}
	for _, n := range ds.Nodes() {
		nodes[n.NodeID()] = n
	}
	return nodes
}

func allowed(rels []graph.RelType, t graph.RelType) bool {
	return len(rels) == 0 || slices.Contains(rels, t)
}

// levels returns the nodes reached from id by breadth-first search over
// relationships of the allowed types in either direction: levels[d] are the
// nodes at distance d, sorted.
func (m *model) levels(id string, depth int, rels []graph.RelType) [][]string {
	seen := map[string]bool{id: true}
	levels := [][]string{{id}}
	for d := 0; d < depth; d++ {
		var next []string
		for _, n := range levels[d] {
			for _, e := range m.edges {
				if !allowed(rels, e.Type) {
					continue
				}
				other := ""
				switch n {
				case e.From:
					other = e.To
				case e.To:
					other = e.From
				}
				if other != "" && !seen[other] {
					seen[other] = true
					next = append(next, other)
				}
			}
		}
		if len(next) == 0 {
			break
		}
		slices.Sort(next)
		levels = append(levels, next)
	}
	return levels
}

// distance is the length of a shortest path, -1 if there is none.
func (m *model) distance(from, to string, rels []graph.RelType) int {
	for d, level := range m.levels(from, len(m.nodes), rels) {
		if slices.Contains(level, to) {
			return d
		}
	}
	return -1
}

// inducedEdges returns the keys of every relationship of the allowed types
// between two of the nodes, sorted.
func (m *model) inducedEdges(nodes []string, rels []graph.RelType) []string {
	in := map[string]bool{}
	for _, n := range nodes {
		in[n] = true
	}
	var keys []string
	for _, e := range m.edges {
		if allowed(rels, e.Type) && in[e.From] && in[e.To] {
			keys = append(keys, e.Key())
		}
	}
	slices.Sort(keys)
	return keys
}

// stats computes graph.Stats from the dataset, zero counts left out.
func (m *model) stats() *graph.Stats {
	ds := m.ds
	st := &graph.Stats{}
	perType := map[graph.NodeType]int{}
	for _, n := range m.nodes {
		perType[n.NodeType()]++
	}
	for _, t := range graph.NodeTypes {
		if perType[t] > 0 {
			st.NodeCounts = append(st.NodeCounts, graph.TypeCount{Type: t, Count: perType[t]})
		}
	}
	perRel := map[graph.RelType]int{}
	for _, e := range m.edges {
		perRel[e.Type]++
	}
	for _, r := range graph.RelTypes {
		if perRel[r] > 0 {
			st.RelCounts = append(st.RelCounts, graph.RelCount{Type: r, Count: perRel[r]})
		}
	}
	members, networks := map[string]map[string]bool{}, map[string]map[string]bool{}
	years := map[int]int{}
	for _, ms := range ds.Memberships {
		if members[ms.NetworkID] == nil {
			members[ms.NetworkID] = map[string]bool{}
		}
		members[ms.NetworkID][ms.CityID] = true
		if networks[ms.CityID] == nil {
			networks[ms.CityID] = map[string]bool{}
		}
		networks[ms.CityID][ms.NetworkID] = true
		if y, ok := ms.Since.Year(); ok {
			years[y]++
		} else {
			st.JoinsWithoutYear++
		}
	}
	for id, set := range members {
		st.MembersPerNetwork = append(st.MembersPerNetwork, graph.IDCount{ID: id, Count: len(set)})
	}
	for id, set := range networks {
		st.NetworksPerCity = append(st.NetworksPerCity, graph.IDCount{ID: id, Count: len(set)})
	}
	sortCounts(st.MembersPerNetwork)
	sortCounts(st.NetworksPerCity)
	for y, n := range years {
		st.JoinsPerYear = append(st.JoinsPerYear, graph.YearCount{Year: y, Count: n})
	}
	slices.SortFunc(st.JoinsPerYear, func(a, b graph.YearCount) int { return cmp.Compare(a.Year, b.Year) })
	return st
}

// sortCounts is the order of Stats' per-node counts: most first, then id.
func sortCounts(c []graph.IDCount) {
	slices.SortFunc(c, func(a, b graph.IDCount) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.ID, b.ID)) })
}

// cityPairs computes every pair of cities sharing at least minShared
// distinct networks, in the order of graph.SortPairs.
func (m *model) cityPairs(minShared int) []*graph.CityPair {
	nets := map[string]map[string]bool{}
	for _, ms := range m.ds.Memberships {
		if nets[ms.CityID] == nil {
			nets[ms.CityID] = map[string]bool{}
		}
		nets[ms.CityID][ms.NetworkID] = true
	}
	var cities []string
	for id := range nets {
		cities = append(cities, id)
	}
	slices.Sort(cities)
	var out []*graph.CityPair
	for i, a := range cities {
		for _, b := range cities[i+1:] {
			var shared []string
			for n := range nets[a] {
				if nets[b][n] {
					shared = append(shared, n)
				}
			}
			if len(shared) < minShared {
				continue
			}
			slices.Sort(shared)
			union := len(nets[a]) + len(nets[b]) - len(shared)
			out = append(out, &graph.CityPair{A: a, B: b, Shared: shared, Jaccard: float64(len(shared)) / float64(union)})
		}
	}
	slices.SortFunc(out, func(a, b *graph.CityPair) int {
		return cmp.Or(cmp.Compare(len(b.Shared), len(a.Shared)), cmp.Compare(b.Jaccard, a.Jaccard), cmp.Compare(a.A, b.A), cmp.Compare(a.B, b.B))
	})
	return out
}
