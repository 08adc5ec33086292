package memory

import (
	"math/rand/v2"
	"slices"
	"testing"

	"citynet/graph"
	"citynet/synth"
)

// TestSnapshot_MembershipOrder: the snapshot orders memberships city by
// city without a global sort; the result must be graph.SortMemberships'
// order whatever the dataset's, and so must each network's list.
func TestSnapshot_MembershipOrder(t *testing.T) {
	cfg, err := synth.Preset("tiny")
	if err != nil {
		t.Fatal(err)
	}
	ds := synth.Generate(cfg)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(ds.Memberships), func(i, j int) {
		ds.Memberships[i], ds.Memberships[j] = ds.Memberships[j], ds.Memberships[i]
	})
	s, err := newSnapshot(ds)
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(ds.Memberships)
	graph.SortMemberships(want)
	if !slices.Equal(s.memberships, want) {
		t.Fatal("snapshot memberships are not in SortMemberships order")
	}
	for id, ms := range s.byNetwork {
		if !slices.IsSortedFunc(ms, func(a, b *graph.Membership) int {
			return slices.Index(want, a) - slices.Index(want, b)
		}) {
			t.Errorf("network %s: members not in SortMemberships order", id)
		}
	}
}
