package graph_test

import (
	"testing"

	"citynet/graph"
)

func TestDataset_Edges(t *testing.T) {
	ds, err := graph.ParseDataset("min.json", MustJSON(t, minimalDataset()))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]graph.Edge{}
	for _, e := range ds.Edges() {
		if _, dup := got[e.Key()]; dup {
			t.Errorf("edge %s derived twice", e.Key())
		}
		got[e.Key()] = e
	}
	want := []string{
		"MEMBER_OF:x>net", "FOUNDED:x>net", "SEATED_IN:net>x", "IN_COUNTRY:x>PL",
		"LOCATED_IN:uni>x", "HELD_IN:agm>x", "ORGANIZED:net>agm", "ATTENDED:x>agm",
		"ATTENDED:uni>agm", "PARTY:twin>x", "PARTY:twin>uni", "HOLDS_OFFICE:mayor>x",
	}
	for _, k := range want {
		if _, ok := got[k]; !ok {
			t.Errorf("missing edge %s", k)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d edges, want %d: %v", len(got), len(want), got)
	}
	// Properties and citations travel with the relationship.
	m := got["MEMBER_OF:x>net"]
	if m.Since != "2005-11" || m.Until != "2010" || m.Status != graph.StatusFullMember || len(m.Sources) != 1 {
		t.Errorf("MEMBER_OF: got %+v, want since 2005-11, until 2010, FULL_MEMBER, one citation", m)
	}
	if s := got["SEATED_IN:net>x"]; len(s.Sources) != 1 || s.Sources[0].Quote != "Sieć założono w 1986 r." {
		t.Errorf("SEATED_IN: got citations %+v, want the network's", s.Sources)
	}
	if o := got["HOLDS_OFFICE:mayor>x"]; o.Title != "Prezydent" || o.Since != "--10-15" {
		t.Errorf("HOLDS_OFFICE: got %+v, want title Prezydent since --10-15", o)
	}
	if e := got["HELD_IN:agm>x"]; e.Date != "2017" {
		t.Errorf("HELD_IN: got date %q, want the event's 2017", e.Date)
	}
}
