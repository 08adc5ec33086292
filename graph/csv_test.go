package graph_test

import (
	"errors"
	"strings"
	"testing"

	"citynet/graph"
)

func TestParseMembershipCSV(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		rows, err := graph.ParseMembershipCSV("m.csv", strings.NewReader(
			"\ufeffCity,Country,Network,Since\nKraków,pl,EUROCITIES,--10-15\n\"Poznań\",PL,\"Cities for Cyclists’\",2017\nBydgoszcz,PL,EUROCITIES,\n"))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 {
			t.Fatalf("got %d rows, want 3", len(rows))
		}
		r := rows[0]
		if r.Line != 2 || r.CityID() != "krakow" || r.Country != "PL" || r.NetworkID() != "eurocities" || r.Since != "--10-15" {
			t.Errorf("row 1: got %+v (%s, %s)", r, r.CityID(), r.NetworkID())
		}
		if rows[1].NetworkID() != "cities-for-cyclists" || rows[1].Since != "2017" || rows[2].Since != "" {
			t.Errorf("rows 2, 3: got %+v, %+v", rows[1], rows[2])
		}
	})
	t.Run("OKColumnOrder", func(t *testing.T) {
		rows, err := graph.ParseMembershipCSV("m.csv", strings.NewReader("since,network,country,city\n1986,EUROCITIES,ES,Barcelona\n"))
		if err != nil || len(rows) != 1 || rows[0].City != "Barcelona" || rows[0].Since != "1986" {
			t.Errorf("got %+v, %v", rows, err)
		}
	})
	for _, tc := range []struct {
		name, in, record, field, msg string
	}{
		{"ErrEmpty", "", "line 1", "", "header"},
		{"ErrMissingColumn", "city,country,network\nA,PL,N\n", "line 1", "since", "missing column"},
		{"ErrUnknownColumn", "city,country,network,since,mayor\n", "line 1", "mayor", "unknown column"},
		{"ErrDuplicateColumn", "city,city,country,network,since\n", "line 1", "city", "twice"},
		{"ErrBadDate", "city,country,network,since\nA,PL,N,2005-13\n", "line 2", "since", "no month"},
		{"ErrBadCountry", "city,country,network,since\nA,Poland,N,2005\n", "line 2", "country", "alpha-2"},
		{"ErrNoCityName", "city,country,network,since\n--,PL,N,2005\n", "line 2", "city", "name"},
		{"ErrNoNetworkName", "city,country,network,since\nA,PL, ,2005\n", "line 2", "network", "name"},
		{"ErrFieldCount", "city,country,network,since\nA,PL,N\n", "line 2", "", "3 fields"},
		{"ErrQuote", "city,country,network,since\n\"A,PL,N,2005\n", "line 2", "", "quote"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := graph.ParseMembershipCSV("m.csv", strings.NewReader(tc.in))
			if rows != nil {
				t.Errorf("rows: got %d, want none when there is a problem", len(rows))
			}
			var de *graph.DatasetError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a DatasetError", err)
			}
			MustProblem(t, de, "m.csv", tc.record, tc.field, tc.msg)
		})
	}
	t.Run("ErrEveryProblemListed", func(t *testing.T) {
		_, err := graph.ParseMembershipCSV("m.csv", strings.NewReader("city,country,network,since\nA,PL,N,2005-13\nB,XYZ,N,2001\nC,PL,N,1999\n"))
		var de *graph.DatasetError
		if !errors.As(err, &de) || len(de.Problems) != 2 {
			t.Fatalf("got %v, want two problems (lines 2 and 3)", err)
		}
	})
}

// FuzzParseMembershipCSV: no panic; rows or a located problem, never both.
func FuzzParseMembershipCSV(f *testing.F) {
	f.Add("city,country,network,since\nKraków,PL,EUROCITIES,--10-15\n")
	f.Add("since,network,country,city\n1986,EUROCITIES,ES,Barcelona\n")
	f.Add("city,country,network,since\n\"A,PL,N,2005\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := graph.ParseMembershipCSV("f.csv", strings.NewReader(in))
		if err != nil {
			var de *graph.DatasetError
			if rows != nil || !errors.As(err, &de) || len(de.Problems) == 0 {
				t.Fatalf("got rows %v and error %v", rows, err)
			}
			for _, p := range de.Problems {
				if p.Record == "" || p.Message == "" {
					t.Fatalf("problem without a line or message: %+v", p)
				}
			}
			return
		}
		for _, r := range rows {
			if r.CityID() == "" || r.NetworkID() == "" || len(r.Country) != 2 || r.Line < 2 {
				t.Fatalf("accepted a bad row: %+v", r)
			}
		}
	})
}
