package graph_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"citynet/graph"
)

func MustParse(tb testing.TB, name string, d obj) *graph.Dataset {
	tb.Helper()
	ds, err := graph.ParseDataset(name, MustJSON(tb, d))
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

func TestDataset_Merge(t *testing.T) {
	base := MustParse(t, "base.json", minimalDataset())
	in := minimalDataset()
	section(in, "cities")["localName"] = "Iksowo"                                               // updated
	in["cities"] = append(in["cities"].(arr), obj{"id": "y", "name": "Ytown", "country": "PL"}) // created
	in["memberships"] = append(in["memberships"].(arr), obj{"city": "y", "network": "net", "status": "MEMBER"})
	incoming := MustParse(t, "import.json", in)

	merged, sum := base.Merge(incoming)
	if merged.Validated() {
		t.Error("a merge result must be validated again before use")
	}
	if err := merged.Validate(); err != nil {
		t.Fatalf("merged dataset: %v", err)
	}
	want := map[string]graph.Counts{
		"cities":      {Created: 1, Updated: 1},
		"memberships": {Created: 1, Unchanged: 1},
		"networks":    {Unchanged: 1},
		"sources":     {Unchanged: 1},
	}
	for section, w := range want {
		if sum[section] != w {
			t.Errorf("%s: got %+v, want %+v", section, sum[section], w)
		}
	}
	if len(merged.Cities) != 2 || merged.Cities[0].LocalName != "Iksowo" || merged.Cities[1].ID != "y" {
		t.Errorf("cities: got %+v %+v, want x replaced in place, then y", merged.Cities[0], merged.Cities[1])
	}
	if base.Cities[0].LocalName != "Iksów" || len(base.Cities) != 1 {
		t.Error("Merge changed its receiver")
	}
}

// An import that breaks the graph is refused whole, and the problem names
// the import's file.
func TestDataset_Merge_ErrDanglingReference(t *testing.T) {
	base := MustParse(t, "base.json", minimalDataset())
	if _, err := graph.LoadDataset(fstest.MapFS{"import.json": {Data: MustJSON(t, obj{
		"format": "citynet-dataset", "version": 1,
		"memberships": arr{obj{"city": "x", "network": "nowhere", "status": "MEMBER"}},
	})}}, "."); err == nil {
		t.Fatal("the import alone should already fail: its network does not exist")
	}
	incoming, err := graph.ParseDataset("import.json", MustJSON(t, obj{"format": "citynet-dataset", "version": 1}))
	if err != nil {
		t.Fatal(err)
	}
	incoming.Memberships = append(incoming.Memberships, &graph.Membership{CityID: "x", NetworkID: "nowhere", Status: graph.StatusMember})
	merged, _ := base.Merge(incoming)
	var de *graph.DatasetError
	if err := merged.Validate(); !errors.As(err, &de) || de.Problems[0].Field != "network" {
		t.Fatalf("got %v, want a problem on the membership's network", err)
	}
}

func TestMembershipsFromRows(t *testing.T) {
	base := MustParse(t, "base.json", minimalDataset())
	rows, err := graph.ParseMembershipCSV("m.csv", strings.NewReader(
		"city,country,network,since\nXtown,PL,Network,2010\nZielona Góra,PL,NET,2012\nIksowa,PL,net,2014\n"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := graph.MembershipsFromRows("m.csv", rows, base)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Cities) != 1 || got.Cities[0].ID != "zielona-gora" || got.Cities[0].Name != "Zielona Góra" || got.Cities[0].CountryID != "PL" {
		t.Errorf("cities: got %+v, want only the new Zielona Góra (Xtown and its form Iksowa are city x)", got.Cities)
	}
	merged, sum := base.Merge(got)
	if err := merged.Validate(); err != nil {
		t.Fatalf("merged: %v", err)
	}
	// x has joined net in 2005-11 already; 2010 and 2014 are new periods.
	if sum["memberships"].Created != 3 || got.Memberships[0].CityID != "x" || got.Memberships[0].NetworkID != "net" {
		t.Errorf("memberships: got %+v (%+v), want 3 created, the first x → net", sum["memberships"], got.Memberships[0])
	}

	for _, tc := range []struct{ csv, record, field, msg string }{
		{"city,country,network,since\nA,DE,Network,2010\n", "line 2", "country", "DE is not in the graph"},
		{"city,country,network,since\nA,PL,Unknown League,2010\n", "line 2", "network", "Unknown League"},
		{"city,country,network,since\nXtown,AA,Network,2010\n", "line 2", "country", "AA is not in the graph"},
		{"city,country,network,since\nA,PL,Network,2010\nA,PL,Network,2010\n", "line 3", "", "same membership as line 2"},
	} {
		rows, err := graph.ParseMembershipCSV("m.csv", strings.NewReader(tc.csv))
		if err != nil {
			t.Fatal(err)
		}
		_, err = graph.MembershipsFromRows("m.csv", rows, base)
		var de *graph.DatasetError
		if !errors.As(err, &de) {
			t.Fatalf("%q: got %v, want a DatasetError", tc.csv, err)
		}
		MustProblem(t, de, "m.csv", tc.record, tc.field, tc.msg)
	}
}
