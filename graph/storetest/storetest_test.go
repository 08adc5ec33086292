package storetest

import (
	"testing"

	"citynet/graph"
)

// The suite's own expectations are checked here without any store: the
// synthetic dataset must be valid and the reference model must agree with
// the answers worked out by hand in its doc comment.

func TestSynthetic_Validate(t *testing.T) {
	MustOK(t, Synthetic().Validate())
	if a, b := Synthetic(), Synthetic(); a.Cities[0] == b.Cities[0] {
		t.Errorf("Synthetic: got the same records twice, want a fresh copy each call (stores may keep them)")
	}
}

func TestModel_Distance(t *testing.T) {
	m := newModel(Synthetic())
	for _, tt := range []struct {
		from, to string
		rels     []graph.RelType
		want     int
	}{
		{"alpha", "alpha", nil, 0},
		{"echo", "alpha", nil, 2},
		{"echo", "bravo", nil, 4},
		{"echo", "alpha", []graph.RelType{graph.RelMemberOf}, 4},
		{"alpha", "foxtrot", nil, -1},
		{"s3", "alpha", nil, -1},
	} {
		if got := m.distance(tt.from, tt.to, tt.rels); got != tt.want {
			t.Errorf("distance(%q, %q, %v): got %d, want %d", tt.from, tt.to, tt.rels, got, tt.want)
		}
	}
}

func TestModel_CityPairs(t *testing.T) {
	m := newModel(Synthetic())
	for _, tt := range []struct{ min, want int }{{1, 7}, {2, 3}, {3, 1}, {4, 0}} {
		if got := len(m.cityPairs(tt.min)); got != tt.want {
			t.Errorf("cityPairs(%d): got %d pairs, want %d", tt.min, got, tt.want)
		}
	}
}

func TestModelEdges(t *testing.T) {
	got := map[graph.RelType]int{}
	for _, e := range ModelEdges(Synthetic()) {
		got[e.Type]++
	}
	want := map[graph.RelType]int{
		graph.RelMemberOf: 11, graph.RelFounded: 3, graph.RelSeatedIn: 1, graph.RelInCountry: 7, graph.RelLocatedIn: 2,
		graph.RelHeldIn: 3, graph.RelOrganized: 2, graph.RelAttended: 4, graph.RelParty: 7, graph.RelHoldsOffice: 3,
	}
	for _, r := range graph.RelTypes {
		if got[r] != want[r] {
			t.Errorf("%s edges: got %d, want %d", r, got[r], want[r])
		}
	}
}
