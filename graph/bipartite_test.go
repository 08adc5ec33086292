package graph_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"citynet/graph"
)

// randomBipartite makes a graph with skewed memberships (many ties in
// shared counts) and a few duplicate memberships, which must count once.
func randomBipartite(seed uint64, cities, networks, members int) *graph.Bipartite {
	r := rand.New(rand.NewPCG(seed, 1))
	var cs, ns []string
	for i := range cities {
		cs = append(cs, fmt.Sprintf("c%03d", i))
	}
	for i := range networks {
		ns = append(ns, fmt.Sprintf("n%02d", i))
	}
	var pairs [][2]string
	for range members {
		c := min(int(r.ExpFloat64()*float64(cities)/4), cities-1)
		pairs = append(pairs, [2]string{cs[c], ns[r.IntN(networks)]})
	}
	return graph.NewBipartite(cs, ns, pairs)
}

// naivePairs ranks every pair by comparing all of them: the definition
// TopPairs must agree with.
func naivePairs(g *graph.Bipartite, minShared int) []graph.PairScore {
	var out []graph.PairScore
	for a := range g.Cities {
		for b := a + 1; b < len(g.Cities); b++ {
			s := len(graph.Intersect(g.CityNets[a], g.CityNets[b]))
			if s >= minShared && s > 0 {
				u := len(g.CityNets[a]) + len(g.CityNets[b]) - s
				out = append(out, graph.PairScore{A: int32(a), B: int32(b), Shared: int32(s), Union: int32(u)})
			}
		}
	}
	graph.SortPairScores(out)
	return out
}

func TestBipartite_TopPairs(t *testing.T) {
	for seed := range uint64(5) {
		g := randomBipartite(seed, 120, 12, 600)
		for _, minShared := range []int{1, 2, 3, 5} {
			want := naivePairs(g, minShared)
			for _, k := range []int{0, 1, 7, 100, len(want), len(want) + 10} {
				got, total := g.TopPairs(minShared, k)
				if total != len(want) {
					t.Fatalf("seed %d minShared %d: total got %d, want %d", seed, minShared, total, len(want))
				}
				if w := want[:min(k, len(want))]; !slices.Equal(got, w) {
					t.Fatalf("seed %d minShared %d k %d: top pairs differ from the naive ranking\n got %v\nwant %v", seed, minShared, k, got, w)
				}
			}
		}
	}
}

func TestBipartite_Similar(t *testing.T) {
	g := randomBipartite(7, 80, 10, 400)
	for a := range int32(len(g.Cities)) {
		var want []graph.PairScore
		for b := range int32(len(g.Cities)) {
			if s := len(graph.Intersect(g.CityNets[a], g.CityNets[b])); b != a && s > 0 {
				want = append(want, graph.PairScore{A: a, B: b, Shared: int32(s), Union: int32(len(g.CityNets[a]) + len(g.CityNets[b]) - s)})
			}
		}
		graph.SortPairScores(want)
		if got := g.Similar(a, 5); !slices.Equal(got, want[:min(5, len(want))]) {
			t.Fatalf("city %d: got %v, want %v", a, got, want[:min(5, len(want))])
		}
	}
}

func TestBipartite_Overlap(t *testing.T) {
	g := randomBipartite(3, 60, 8, 300)
	nets := []int32{3, 0, 5}
	shared, jaccard := g.Overlap(nets)
	for i, x := range nets {
		for j, y := range nets {
			in := 0
			for c := range g.Cities {
				if slices.Contains(g.CityNets[c], x) && slices.Contains(g.CityNets[c], y) {
					in++
				}
			}
			if shared[i][j] != in {
				t.Errorf("shared[%d][%d]: got %d, want %d", i, j, shared[i][j], in)
			}
			union := len(g.NetCities[x]) + len(g.NetCities[y]) - in
			if want := float64(in) / float64(union); union > 0 && jaccard[i][j] != want {
				t.Errorf("jaccard[%d][%d]: got %v, want %v", i, j, jaccard[i][j], want)
			}
		}
	}
}

func TestBipartite_DuplicateMembershipsCountOnce(t *testing.T) {
	g := graph.NewBipartite([]string{"a", "b"}, []string{"n"}, [][2]string{{"a", "n"}, {"a", "n"}, {"b", "n"}, {"x", "n"}})
	if len(g.CityNets[0]) != 1 || len(g.NetCities[0]) != 2 {
		t.Errorf("got city a in %d networks and n with %d members, want 1 and 2 (unknown city x ignored)", len(g.CityNets[0]), len(g.NetCities[0]))
	}
	top, total := g.TopPairs(1, 10)
	if total != 1 || top[0].Shared != 1 || top[0].Jaccard() != 1 {
		t.Errorf("got %v (total %d), want one pair a–b sharing 1 of 1", top, total)
	}
}

func TestBipartite_BetweennessSampled(t *testing.T) {
	// Above ExactBetweennessNodes the result says it was estimated.
	g := randomBipartite(1, graph.ExactBetweennessNodes+10, 30, 20000)
	c := g.Betweenness(5)
	if !c.Sampled || c.Samples != graph.BetweennessSamples || c.Nodes != graph.ExactBetweennessNodes+40 {
		t.Errorf("got sampled %v, %d samples, %d nodes; want sampled from %d of %d", c.Sampled, c.Samples, c.Nodes, graph.BetweennessSamples, graph.ExactBetweennessNodes+40)
	}
	if len(c.Scores) != 5 || c.Scores[0].Score < c.Scores[4].Score {
		t.Errorf("got %v, want 5 scores, highest first", c.Scores)
	}
	// Deterministic: the same graph gives the same estimate.
	if d := g.Betweenness(5); !slices.Equal(d.Scores, c.Scores) {
		t.Errorf("two runs differ:\n%v\n%v", c.Scores, d.Scores)
	}
}

func TestBipartite_FarApartAndMostConnected(t *testing.T) {
	// A chain c0 – n0 – c1 – n1 – c2, and c3 in both networks.
	g := graph.NewBipartite([]string{"c0", "c1", "c2", "c3"}, []string{"n0", "n1"},
		[][2]string{{"c0", "n0"}, {"c1", "n0"}, {"c1", "n1"}, {"c2", "n1"}, {"c3", "n0"}, {"c3", "n1"}})
	from, to, d := g.FarApart(6)
	if from != "c2" || to != "c0" || d != 4 {
		t.Errorf("FarApart: got %s → %s in %d hops, want c2 → c0 in 4", from, to, d)
	}
	if _, _, d := g.FarApart(2); d != 2 {
		t.Errorf("FarApart(2): got distance %d, want the bound 2", d)
	}
	if got := g.MostConnected(); got != "c1" {
		t.Errorf("MostConnected: got %s, want c1 (in 2 networks, before c3 by id)", got)
	}
	if got := (&graph.Dataset{}).Bipartite(); len(got.Cities) != 0 {
		t.Errorf("empty dataset: got %d cities", len(got.Cities))
	}
}
