package graph

import (
	"cmp"
	"container/heap"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// Bipartite is the city–network membership graph with integer indices:
// the structure the co-membership analytics run on. Cities and Networks
// are sorted ids; CityNets[c] and NetCities[n] are sorted and distinct, so
// a membership held twice (two periods) counts once.
type Bipartite struct {
	Cities    []string
	Networks  []string
	CityNets  [][]int32
	NetCities [][]int32
	cityIndex map[string]int32
	netIndex  map[string]int32
}

// NewBipartite builds the graph from city ids, network ids and membership
// pairs (city id, network id); pairs naming unknown ids are ignored.
func NewBipartite(cities, networks []string, members [][2]string) *Bipartite {
	g := &Bipartite{Cities: slices.Sorted(slices.Values(cities)), Networks: slices.Sorted(slices.Values(networks))}
	g.cityIndex = make(map[string]int32, len(g.Cities))
	g.netIndex = make(map[string]int32, len(g.Networks))
	for i, id := range g.Cities {
		g.cityIndex[id] = int32(i)
	}
	for i, id := range g.Networks {
		g.netIndex[id] = int32(i)
	}
	g.CityNets = make([][]int32, len(g.Cities))
	g.NetCities = make([][]int32, len(g.Networks))
	for _, m := range members {
		c, ok1 := g.cityIndex[m[0]]
		n, ok2 := g.netIndex[m[1]]
		if ok1 && ok2 {
			g.CityNets[c] = append(g.CityNets[c], n)
			g.NetCities[n] = append(g.NetCities[n], c)
		}
	}
	for i := range g.CityNets {
		g.CityNets[i] = sortedSet(g.CityNets[i])
	}
	for i := range g.NetCities {
		g.NetCities[i] = sortedSet(g.NetCities[i])
	}
	return g
}

func sortedSet(v []int32) []int32 {
	slices.Sort(v)
	return slices.Clip(slices.Compact(v))
}

// Bipartite returns the dataset's city–network membership graph.
func (ds *Dataset) Bipartite() *Bipartite {
	cities := make([]string, len(ds.Cities))
	for i, c := range ds.Cities {
		cities[i] = c.ID
	}
	networks := make([]string, len(ds.Networks))
	for i, n := range ds.Networks {
		networks[i] = n.ID
	}
	members := make([][2]string, len(ds.Memberships))
	for i, m := range ds.Memberships {
		members[i] = [2]string{m.CityID, m.NetworkID}
	}
	return NewBipartite(cities, networks, members)
}

// MostConnected returns the city in the most networks (ties by id).
func (g *Bipartite) MostConnected() string {
	best := 0
	for c := range g.Cities {
		if len(g.CityNets[c]) > len(g.CityNets[best]) {
			best = c
		}
	}
	return g.Cities[best]
}

// FarApart returns two cities as far apart as a double sweep of
// breadth-first searches finds within maxHops (from the first city by id to
// the farthest city it reaches, then from there to the farthest again,
// ties by id), and their distance in hops: a hard case for path queries.
func (g *Bipartite) FarApart(maxHops int) (from, to string, dist int) {
	nc := len(g.Cities)
	bfs := func(start int) (far, d int) {
		dists := make([]int, nc+len(g.Networks))
		for i := range dists {
			dists[i] = -1
		}
		dists[start] = 0
		queue := []int{start}
		far = start
		for q := 0; q < len(queue); q++ {
			v := queue[q]
			if dists[v] >= maxHops {
				continue
			}
			var next []int32
			off := 0
			if v < nc {
				next, off = g.CityNets[v], nc
			} else {
				next = g.NetCities[v-nc]
			}
			for _, x := range next {
				u := int(x) + off
				if dists[u] < 0 {
					dists[u] = dists[v] + 1
					queue = append(queue, u)
					if u < nc && (dists[u] > dists[far] || dists[u] == dists[far] && u < far) {
						far = u
					}
				}
			}
		}
		return far, dists[far]
	}
	a, _ := bfs(0)
	b, d := bfs(a)
	return g.Cities[a], g.Cities[b], d
}

// CityIndex returns a city's index.
func (g *Bipartite) CityIndex(id string) (int32, bool) {
	i, ok := g.cityIndex[id]
	return i, ok
}

// NetworkIndex returns a network's index.
func (g *Bipartite) NetworkIndex(id string) (int32, bool) {
	i, ok := g.netIndex[id]
	return i, ok
}

// Intersect returns the common elements of two sorted lists.
func Intersect(a, b []int32) []int32 {
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

// PairScore is a ranked pair of cities by index: Shared networks in
// common out of Union networks of either.
type PairScore struct {
	A, B          int32
	Shared, Union int32
}

// Jaccard is Shared / Union.
func (p PairScore) Jaccard() float64 { return float64(p.Shared) / float64(p.Union) }

// comparePairs is SortPairs' order on indices (indices follow sorted ids).
func comparePairs(x, y PairScore) int {
	return cmp.Or(cmp.Compare(y.Shared, x.Shared), cmp.Compare(y.Jaccard(), x.Jaccard()), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
}

// SortPairScores sorts ranked pairs in SortPairs order.
func SortPairScores(ps []PairScore) { slices.SortFunc(ps, comparePairs) }

// pairHeap keeps the best k pairs with the worst on top.
type pairHeap []PairScore

func (h pairHeap) Len() int           { return len(h) }
func (h pairHeap) Less(i, j int) bool { return comparePairs(h[i], h[j]) > 0 }
func (h pairHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *pairHeap) Push(x any)        { *h = append(*h, x.(PairScore)) }
func (h *pairHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// offer adds p if it ranks among the best k.
func (h *pairHeap) offer(p PairScore, k int) {
	if k <= 0 {
		return
	}
	if len(*h) < k {
		heap.Push(h, p)
	} else if comparePairs(p, (*h)[0]) < 0 {
		(*h)[0] = p
		heap.Fix(h, 0)
	}
}

// floor is the shared count below which a pair cannot enter a full heap:
// most pairs are turned away on this integer test, before any division.
func (h pairHeap) floor(k int) int32 {
	if len(h) < k || k == 0 {
		return 0
	}
	return h[0].Shared
}

// TopPairs ranks every pair of cities sharing at least minShared networks
// and returns the best k in SortPairs order, and how many pairs there are.
//
// It counts co-memberships over the adjacency lists rather than comparing
// every pair of cities: for each city a, every member b > a of each of a's
// networks gets one count in a counter array, so the work is the number of
// (a, network, b) triples, not cities². The cities are split between one
// worker per core, each with its own counter array (reused from city to
// city), touched list and bounded heap of the best k.
func (g *Bipartite) TopPairs(minShared, k int) ([]PairScore, int) {
	return g.topPairs(minShared, k, nil)
}

// TopPairsFiltered is TopPairs for the pairs f selects, with the cities'
// positions pts (by index; nil if none has one). The distance band is
// checked in the same pass, on a pair only once its shared count passes,
// as three multiplications on the positions' unit vectors against bounds
// computed once (see CityPoints), so a filtered ranking costs about what
// an unfiltered one does; a city with no position is skipped before its
// counts are made.
func (g *Bipartite) TopPairsFiltered(f PairFilter, k int, pts *CityPoints) ([]PairScore, int) {
	b := newBand(f, pts)
	if b != nil && (pts == nil || len(pts.ok) != len(g.Cities)) {
		return nil, 0 // no city has a position: no pair has a distance
	}
	return g.topPairs(f.MinShared, k, b)
}

func (g *Bipartite) topPairs(minShared, k int, band *band) ([]PairScore, int) {
	workers := max(1, min(runtime.GOMAXPROCS(0), len(g.Cities)))
	heaps := make([]pairHeap, workers)
	totals := make([]int, workers)
	// Degrees in one flat array: reading len(g.CityNets[b]) for millions of
	// pairs jumps around memory.
	deg := make([]int32, len(g.Cities))
	for c, nets := range g.CityNets {
		deg[c] = int32(len(nets))
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count := make([]int32, len(g.Cities))
			var touched []int32
			h := &heaps[w]
			for a := w; a < len(g.Cities); a += workers {
				nets := g.CityNets[a]
				if len(nets) < minShared || band != nil && !band.pts.ok[a] {
					continue
				}
				touched = touched[:0]
				for _, n := range nets {
					members := g.NetCities[n]
					// Members are sorted: start after a.
					start := sort.Search(len(members), func(i int) bool { return members[i] > int32(a) })
					for _, b := range members[start:] {
						if count[b] == 0 {
							touched = append(touched, b)
						}
						count[b]++
					}
				}
				floor, da := h.floor(k), int32(len(nets))
				for _, b := range touched {
					if c := count[b]; int(c) >= minShared && (band == nil || band.keep(int32(a), b)) {
						totals[w]++
						if c >= floor {
							h.offer(PairScore{A: int32(a), B: b, Shared: c, Union: da + deg[b] - c}, k)
							floor = h.floor(k)
						}
					}
					count[b] = 0
				}
			}
		}()
	}
	wg.Wait()
	var all []PairScore
	total := 0
	for w := range workers {
		all = append(all, heaps[w]...)
		total += totals[w]
	}
	slices.SortFunc(all, comparePairs)
	return all[:min(k, len(all))], total
}

// Similar ranks the cities sharing networks with city a, best first, at
// most k of them. Each pair has A = a (B may be lower than A).
func (g *Bipartite) Similar(a int32, k int) []PairScore {
	count := map[int32]int32{}
	for _, n := range g.CityNets[a] {
		for _, b := range g.NetCities[n] {
			if b != a {
				count[b]++
			}
		}
	}
	out := make([]PairScore, 0, len(count))
	for b, c := range count {
		out = append(out, PairScore{A: a, B: b, Shared: c, Union: int32(len(g.CityNets[a])+len(g.CityNets[b])) - c})
	}
	slices.SortFunc(out, comparePairs)
	return out[:min(k, len(out))]
}

// Overlap returns the shared-member matrix of the given networks (by index).
func (g *Bipartite) Overlap(nets []int32) (shared [][]int, jaccard [][]float64) {
	shared, jaccard = make([][]int, len(nets)), make([][]float64, len(nets))
	for i := range nets {
		shared[i], jaccard[i] = make([]int, len(nets)), make([]float64, len(nets))
	}
	for i, x := range nets {
		for j := i; j < len(nets); j++ {
			y := nets[j]
			s := len(g.NetCities[x])
			if i != j {
				s = len(Intersect(g.NetCities[x], g.NetCities[y]))
			}
			var jac float64
			if union := len(g.NetCities[x]) + len(g.NetCities[y]) - s; union > 0 {
				jac = float64(s) / float64(union)
			}
			shared[i][j], shared[j][i], jaccard[i][j], jaccard[j][i] = s, s, jac, jac
		}
	}
	return shared, jaccard
}

// Largest returns the indices of the n networks with the most members
// (ties by id).
func (g *Bipartite) Largest(n int) []int32 {
	idx := make([]int32, len(g.Networks))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(x, y int32) int {
		return cmp.Or(cmp.Compare(len(g.NetCities[y]), len(g.NetCities[x])), cmp.Compare(x, y))
	})
	return idx[:min(n, len(idx))]
}

// node returns the id and type of bipartite node v: cities first, then
// networks.
func (g *Bipartite) node(v int) (string, NodeType) {
	if v < len(g.Cities) {
		return g.Cities[v], TypeCity
	}
	return g.Networks[v-len(g.Cities)], TypeNetwork
}

// rank sorts scores highest first, ties by id, and keeps the best first.
func (g *Bipartite) rank(scores []float64, first int) []NodeScore {
	out := make([]NodeScore, len(scores))
	for v, s := range scores {
		id, t := g.node(v)
		out[v] = NodeScore{ID: id, Type: t, Score: s}
	}
	slices.SortFunc(out, func(x, y NodeScore) int { return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(x.ID, y.ID)) })
	return out[:min(first, len(out))]
}

// Degree ranks cities by their number of networks and networks by their
// number of member cities.
func (g *Bipartite) Degree(first int) *Centrality {
	scores := make([]float64, len(g.Cities)+len(g.Networks))
	for c, nets := range g.CityNets {
		scores[c] = float64(len(nets))
	}
	for n, cities := range g.NetCities {
		scores[len(g.Cities)+n] = float64(len(cities))
	}
	return &Centrality{Kind: CentralityDegree, Scores: g.rank(scores, first), Nodes: len(scores)}
}

// Betweenness runs Brandes' algorithm on the undirected bipartite graph.
// Up to ExactBetweennessNodes nodes every node is a source; above, the
// sources are BetweennessSamples nodes evenly spaced in id order (so every
// backend picks the same ones) and scores are scaled by nodes/samples. The
// sources are split between one worker per core; partial sums are added in
// worker order so the result does not depend on scheduling.
func (g *Bipartite) Betweenness(first int) *Centrality {
	nc, nv := len(g.Cities), len(g.Cities)+len(g.Networks)
	res := &Centrality{Kind: CentralityBetweenness, Nodes: nv}
	sources := make([]int, 0, nv)
	if nv <= ExactBetweennessNodes {
		for v := range nv {
			sources = append(sources, v)
		}
	} else {
		res.Sampled = true
		for i := range BetweennessSamples {
			sources = append(sources, i*nv/BetweennessSamples)
		}
	}
	res.Samples = len(sources)
	neighbours := func(v int) (list []int32, offset int) {
		if v < nc {
			return g.CityNets[v], nc
		}
		return g.NetCities[v-nc], 0
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), len(sources)))
	partial := make([][]float64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bc := make([]float64, nv)
			sigma, delta := make([]float64, nv), make([]float64, nv)
			dist := make([]int32, nv)
			order := make([]int, 0, nv)
			for i := w; i < len(sources); i += workers {
				s := sources[i]
				for v := range nv {
					dist[v], sigma[v], delta[v] = -1, 0, 0
				}
				dist[s], sigma[s] = 0, 1
				order = append(order[:0], s)
				for q := 0; q < len(order); q++ {
					v := order[q]
					list, off := neighbours(v)
					for _, x := range list {
						u := int(x) + off
						if dist[u] < 0 {
							dist[u] = dist[v] + 1
							order = append(order, u)
						}
						if dist[u] == dist[v]+1 {
							sigma[u] += sigma[v]
						}
					}
				}
				for q := len(order) - 1; q > 0; q-- {
					u := order[q]
					list, off := neighbours(u)
					for _, x := range list {
						v := int(x) + off
						if dist[v] == dist[u]-1 {
							delta[v] += sigma[v] / sigma[u] * (1 + delta[u])
						}
					}
					bc[u] += delta[u]
				}
			}
			partial[w] = bc
		}()
	}
	wg.Wait()
	scores := make([]float64, nv)
	scale := 0.5 // each unordered pair was counted from both ends
	if res.Sampled {
		scale *= float64(nv) / float64(len(sources))
	}
	for _, bc := range partial {
		for v, x := range bc {
			scores[v] += x
		}
	}
	for v := range scores {
		// Round away float noise so that ties stay ties across backends.
		scores[v] = math.Round(scores[v]*scale*1e6) / 1e6
	}
	res.Scores = g.rank(scores, first)
	return res
}
