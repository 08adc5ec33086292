package storetest

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"citynet/graph"
)

// runAnalytics covers the research queries: similar cities, network
// overlap, centrality, and the Walk that exports use.
func runAnalytics(t *testing.T, openDS func(t *testing.T, ds *graph.Dataset) graph.Store) {
	syn := func(t *testing.T) graph.Store { return openDS(t, Synthetic()) }
	corpus := func(t *testing.T) graph.Store { return openDS(t, MustCorpus(t)) }

	t.Run("SimilarCities", func(t *testing.T) {
		s := syn(t)
		got, err := s.SimilarCities(ctx(t), "alpha", 10)
		MustOK(t, err)
		// alpha {n1 n2 n3}: bravo shares all 3 (J 1), charlie n1 n2 (J 2/3),
		// delta n1 (J 1/4); echo and foxtrot share nothing.
		wantPairs(t, got, []*graph.CityPair{
			{A: "alpha", B: "bravo", Shared: []string{"n1", "n2", "n3"}, Jaccard: 1},
			{A: "alpha", B: "charlie", Shared: []string{"n1", "n2"}, Jaccard: 2.0 / 3},
			{A: "alpha", B: "delta", Shared: []string{"n1"}, Jaccard: 0.25},
		})
		got, err = s.SimilarCities(ctx(t), "alpha", 2)
		MustOK(t, err)
		if len(got) != 2 || got[1].B != "charlie" {
			t.Errorf("first 2: got %d pairs, want bravo, charlie", len(got))
		}
		got, err = s.SimilarCities(ctx(t), "echo", 10)
		MustOK(t, err)
		wantPairs(t, got, []*graph.CityPair{{A: "echo", B: "delta", Shared: []string{"n4"}, Jaccard: 0.5}})
		got, err = s.SimilarCities(ctx(t), "foxtrot", 10)
		MustOK(t, err)
		if len(got) != 0 {
			t.Errorf("foxtrot belongs to nothing: got %d similar cities, want 0", len(got))
		}
		_, err = s.SimilarCities(ctx(t), "atlantis", 10)
		MustCode(t, err, graph.ENOTFOUND)
		_, err = s.SimilarCities(ctx(t), "n1", 10)
		MustCode(t, err, graph.ENOTFOUND)
		for _, first := range []int{0, -1, graph.MaxPageSize + 1} {
			_, err = s.SimilarCities(ctx(t), "alpha", first)
			MustInvalid(t, err, "first")
		}
	})

	t.Run("NetworkOverlap", func(t *testing.T) {
		s := syn(t)
		o, err := s.NetworkOverlap(ctx(t), []string{"n1", "n2", "n4"})
		MustOK(t, err)
		// n1 {alpha bravo charlie delta}, n2 {alpha bravo charlie}, n4 {delta echo}.
		wantList(t, "networks", o.Networks, "n1", "n2", "n4")
		wantJSON(t, "shared", o.Shared, [][]int{{4, 3, 1}, {3, 3, 0}, {1, 0, 2}})
		wantJSON(t, "jaccard", o.Jaccard, [][]float64{{1, 0.75, 0.2}, {0.75, 1, 0}, {0.2, 0, 1}})

		o, err = s.NetworkOverlap(ctx(t), nil)
		MustOK(t, err)
		// None given: the largest first (n1 4, n2 3, then n3 and n4 with 2 by id).
		wantList(t, "default networks", o.Networks, "n1", "n2", "n3", "n4")
		if o.Shared[2][3] != 0 || o.Shared[0][2] != 2 {
			t.Errorf("default matrix: got %v", o.Shared)
		}

		_, err = s.NetworkOverlap(ctx(t), []string{"n1"})
		MustInvalid(t, err, "networks")
		_, err = s.NetworkOverlap(ctx(t), []string{"n1", "n2", "n1"})
		MustInvalid(t, err, "networks[2]")
		_, err = s.NetworkOverlap(ctx(t), []string{"n1", "atlantis"})
		MustCode(t, err, graph.ENOTFOUND)
		_, err = s.NetworkOverlap(ctx(t), []string{"n1", "alpha"})
		MustCode(t, err, graph.ENOTFOUND)
		many := make([]string, graph.MaxOverlapNetworks+1)
		for i := range many {
			many[i] = fmt.Sprintf("n%d", i)
		}
		_, err = s.NetworkOverlap(ctx(t), many)
		MustInvalid(t, err, "networks")
	})

	t.Run("Centrality", func(t *testing.T) {
		s := syn(t)
		c, err := s.Centrality(ctx(t), graph.CentralityDegree, 100)
		MustOK(t, err)
		if c.Kind != graph.CentralityDegree || c.Nodes != 10 || c.Sampled {
			t.Errorf("degree: got kind %s, %d nodes, sampled %v; want DEGREE, 10 (6 cities + 4 networks), exact", c.Kind, c.Nodes, c.Sampled)
		}
		wantScores(t, c.Scores, []graph.NodeScore{
			{ID: "n1", Type: graph.TypeNetwork, Score: 4}, {ID: "alpha", Type: graph.TypeCity, Score: 3}, {ID: "bravo", Type: graph.TypeCity, Score: 3}, {ID: "n2", Type: graph.TypeNetwork, Score: 3},
			{ID: "charlie", Type: graph.TypeCity, Score: 2}, {ID: "delta", Type: graph.TypeCity, Score: 2}, {ID: "n3", Type: graph.TypeNetwork, Score: 2}, {ID: "n4", Type: graph.TypeNetwork, Score: 2},
			{ID: "echo", Type: graph.TypeCity, Score: 1}, {ID: "foxtrot", Type: graph.TypeCity, Score: 0},
		})
		c, err = s.Centrality(ctx(t), graph.CentralityDegree, 3)
		MustOK(t, err)
		if len(c.Scores) != 3 || c.Nodes != 10 {
			t.Errorf("degree first 3: got %d scores of %d nodes, want 3 of 10", len(c.Scores), c.Nodes)
		}

		c, err = s.Centrality(ctx(t), graph.CentralityBetweenness, 100)
		MustOK(t, err)
		if c.Kind != graph.CentralityBetweenness || c.Sampled || c.Samples != 10 {
			t.Errorf("betweenness: got kind %s, sampled %v, %d samples; want exact from all 10 nodes", c.Kind, c.Sampled, c.Samples)
		}
		want := referenceBetweenness(Synthetic())
		if len(c.Scores) != len(want) {
			t.Fatalf("betweenness: got %d scores, want %d", len(c.Scores), len(want))
		}
		for i, sc := range c.Scores {
			if math.Abs(sc.Score-want[sc.ID]) > 1e-6 {
				t.Errorf("betweenness of %s: got %v, want %v", sc.ID, sc.Score, want[sc.ID])
			}
			if i > 0 && (c.Scores[i-1].Score < sc.Score || c.Scores[i-1].Score == sc.Score && c.Scores[i-1].ID > sc.ID) {
				t.Errorf("betweenness order: %v before %v", c.Scores[i-1], sc)
			}
		}
		// n1 joins delta (and through it n4, echo) to everyone else.
		if c.Scores[0].ID != "n1" {
			t.Errorf("highest betweenness: got %s, want n1", c.Scores[0].ID)
		}

		_, err = s.Centrality(ctx(t), "PAGERANK", 10)
		MustInvalid(t, err, "kind")
		_, err = s.Centrality(ctx(t), graph.CentralityDegree, 0)
		MustInvalid(t, err, "first")
	})

	t.Run("Walk", func(t *testing.T) {
		// The order is part of what exports promise (files diffed from one
		// export to the next, and between stores): nodes by type in
		// graph.NodeTypes order, each type by id; relationships in
		// graph.SortEdges order, which orders repeated memberships and
		// offices of one pair by graph.Date.Compare ("2005" before
		// "2005-11", dates without a year after those with one) and title.
		ds := Synthetic()
		ds.Memberships = append(ds.Memberships,
			&graph.Membership{CityID: "delta", NetworkID: "n1", Since: "2005", Status: graph.StatusMember},
			&graph.Membership{CityID: "delta", NetworkID: "n1", Since: "--03-01", Status: graph.StatusMember},
			&graph.Membership{CityID: "delta", NetworkID: "n1", Since: "2005-11-02", Status: graph.StatusMember})
		ds.Offices = append(ds.Offices, &graph.Office{PersonID: "quinn", CityID: "bravo", Title: "Advisor", Since: "2015"},
			&graph.Office{PersonID: "quinn", CityID: "bravo", Title: "Deputy", Since: "2015-01"})
		s := openDS(t, ds)
		var nodes []string
		var edges []string
		edgeKey := func(e graph.Edge) string { return e.Key() + " " + string(e.Since) + " " + e.Title }
		MustOK(t, s.Walk(ctx(t), func(n graph.Node) error {
			nodes = append(nodes, string(n.NodeType())+" "+n.NodeID())
			return nil
		}, func(e graph.Edge) error {
			edges = append(edges, edgeKey(e))
			return nil
		}))
		var wantNodes []string
		for _, nt := range graph.NodeTypes {
			var ids []string
			for _, n := range ds.Nodes() {
				if n.NodeType() == nt {
					ids = append(ids, string(nt)+" "+n.NodeID())
				}
			}
			slices.Sort(ids)
			wantNodes = append(wantNodes, ids...)
		}
		wantList(t, "walked nodes, in order", nodes, wantNodes...)
		sorted := ds.Edges()
		graph.SortEdges(sorted)
		var wantEdges []string
		for _, e := range sorted {
			wantEdges = append(wantEdges, edgeKey(e))
		}
		wantList(t, "walked relationships, in order", edges, wantEdges...)
		if i, j := slices.Index(edges, "MEMBER_OF:delta>n1 2005 "), slices.Index(edges, "MEMBER_OF:delta>n1 2005-11 "); i < 0 || j < i {
			t.Errorf("walked relationships: delta>n1 since 2005 at %d, since 2005-11 at %d; want 2005 first", i, j)
		}

		s = syn(t)

		stop := errors.New("stop")
		n := 0
		err := s.Walk(ctx(t), func(graph.Node) error {
			n++
			return stop
		}, func(graph.Edge) error { return nil })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("Walk with a failing callback: got %v after %d nodes, want the callback's error after 1", err, n)
		}
	})

	t.Run("Corpus", func(t *testing.T) {
		s := corpus(t)
		sim, err := s.SimilarCities(ctx(t), "krakow", 1)
		MustOK(t, err)
		if len(sim) != 1 || sim[0].B != "poznan" {
			t.Fatalf("most similar to Kraków: got %+v, want Poznań", sim)
		}
		wantList(t, "Kraków–Poznań shared", sim[0].Shared, "eurocities", "european-cities-marketing")
		o, err := s.NetworkOverlap(ctx(t), []string{"eurocities", "european-cities-marketing"})
		MustOK(t, err)
		// ECM's two members (Kraków, Poznań) are both in EUROCITIES.
		if o.Shared[0][1] != 2 || o.Shared[1][1] != 2 {
			t.Errorf("EUROCITIES × ECM: got %v, want 2 shared of ECM's 2", o.Shared)
		}
		c, err := s.Centrality(ctx(t), graph.CentralityDegree, 1)
		MustOK(t, err)
		if c.Scores[0].ID != "poznan" {
			t.Errorf("highest degree: got %v, want poznan (26 organisations less the one listed twice)", c.Scores[0])
		}
	})
}

func wantPairs(t *testing.T, got, want []*graph.CityPair) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("pairs: got %d %s, want %d %s", len(got), fmtPairs(got), len(want), fmtPairs(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.A != w.A || g.B != w.B || !slices.Equal(g.Shared, w.Shared) || math.Abs(g.Jaccard-w.Jaccard) > 1e-12 {
			t.Errorf("pair %d: got %+v, want %+v", i, *g, *w)
		}
	}
}

func fmtPairs(ps []*graph.CityPair) string {
	s := ""
	for _, p := range ps {
		s += fmt.Sprintf(" %s–%s(%d)", p.A, p.B, len(p.Shared))
	}
	return s
}

func wantScores(t *testing.T, got, want []graph.NodeScore) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("scores:\n got %v\nwant %v", got, want)
	}
}

// referenceBetweenness computes betweenness on the city–network graph from
// its definition, by counting shortest paths between every pair: slow, but
// independent of Brandes' algorithm.
func referenceBetweenness(ds *graph.Dataset) map[string]float64 {
	adj := map[string]map[string]bool{}
	link := func(a, b string) {
		if adj[a] == nil {
			adj[a] = map[string]bool{}
		}
		adj[a][b] = true
	}
	var ids []string
	for _, c := range ds.Cities {
		ids = append(ids, c.ID)
		adj[c.ID] = map[string]bool{}
	}
	for _, n := range ds.Networks {
		ids = append(ids, n.ID)
		adj[n.ID] = map[string]bool{}
	}
	for _, m := range ds.Memberships {
		link(m.CityID, m.NetworkID)
		link(m.NetworkID, m.CityID)
	}
	dist := map[string]map[string]int{}
	sigma := map[string]map[string]float64{}
	for _, s := range ids {
		d, sg := map[string]int{s: 0}, map[string]float64{s: 1}
		queue := []string{s}
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			for u := range adj[v] {
				if _, seen := d[u]; !seen {
					d[u] = d[v] + 1
					queue = append(queue, u)
				}
				if d[u] == d[v]+1 {
					sg[u] += sg[v]
				}
			}
		}
		dist[s], sigma[s] = d, sg
	}
	bc := map[string]float64{}
	for _, id := range ids {
		bc[id] = 0
	}
	for i, s := range ids {
		for _, t := range ids[i+1:] {
			dst, ok := dist[s][t]
			if !ok {
				continue
			}
			for _, v := range ids {
				if v == s || v == t {
					continue
				}
				dv, ok1 := dist[s][v]
				dt, ok2 := dist[v][t]
				if ok1 && ok2 && dv+dt == dst {
					bc[v] += sigma[s][v] * sigma[v][t] / sigma[s][t]
				}
			}
		}
	}
	return bc
}
