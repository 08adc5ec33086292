package geonames

import (
	"strings"
	"testing"

	"citynet/graph"
)

func city(id, name, local, country string, alt ...string) *graph.City {
	return &graph.City{ID: id, Name: name, LocalName: local, CountryID: country, AltNames: alt}
}

func TestMatch(t *testing.T) {
	g := NewGazetteer(tiny())
	one := func(t *testing.T, c *graph.City, settled map[string]Settlement) Result {
		t.Helper()
		rs, err := Match(g, []*graph.City{c}, settled)
		if err != nil {
			t.Fatal(err)
		}
		return rs[0]
	}
	matched := func(t *testing.T, r Result, outcome Outcome, id int64, by string) {
		t.Helper()
		if r.Outcome != outcome || r.Place == nil || r.Place.ID != id || r.By != by {
			t.Errorf("got %v %+v by %q (candidates %d), want %v %d by %q", r.Outcome, r.Place, r.By, len(r.Candidates), outcome, id, by)
		}
	}
	t.Run("Exact", func(t *testing.T) {
		matched(t, one(t, city("krakow", "Kraków", "", "PL"), nil), Matched, 3094802, "name")
	})
	t.Run("Folded", func(t *testing.T) {
		matched(t, one(t, city("krakow", "Krakow", "", "PL"), nil), Matched, 3094802, "name")
		matched(t, one(t, city("lodz", "LODZ", "", "PL"), nil), Matched, 3093133, "name")
	})
	t.Run("LocalName", func(t *testing.T) {
		matched(t, one(t, city("frankfurt", "Frankfurt", "Frankfurt am Main", "DE"), nil), Matched, 2925533, "localName")
	})
	t.Run("AltName", func(t *testing.T) {
		matched(t, one(t, city("frankfurt", "Frankfurt", "", "DE", "Frankfurcie", "Frankfurt-am-Main"), nil), Matched, 2925533, "altNames")
	})
	t.Run("AltCountry", func(t *testing.T) {
		// GeoNames gives Mariehamn (AX) the alternate country FI.
		matched(t, one(t, city("mariehamn", "Mariehamn", "", "FI"), nil), Matched, 3041563, "name")
	})
	t.Run("WrongCountry", func(t *testing.T) {
		r := one(t, city("lyon", "Lyon", "", "BE"), nil)
		if r.Outcome != Unmatched || r.Place != nil {
			t.Errorf("got %v %+v, want UNMATCHED: Lyon is in FR", r.Outcome, r.Place)
		}
	})
	t.Run("Ambiguous", func(t *testing.T) {
		r := one(t, city("springfield", "Springfield", "", "US"), nil)
		if r.Outcome != Ambiguous || r.Place != nil || len(r.Candidates) != 2 || r.Candidates[0].ID != 900002 || r.Candidates[1].ID != 900001 {
			t.Errorf("got %v %+v %v, want AMBIGUOUS with 900002 then 900001 (most populous first)", r.Outcome, r.Place, r.Candidates)
		}
	})
	t.Run("Settled", func(t *testing.T) {
		s := map[string]Settlement{"springfield": {City: "springfield", GeonamesID: 900001, Reason: "the one in Illinois"}}
		matched(t, one(t, city("springfield", "Springfield", "", "US"), s), Settled, 900001, "the one in Illinois")
		// A settlement also overrides a unique match, and grounds a city
		// no name matches.
		s = map[string]Settlement{"frankfurt": {City: "frankfurt", GeonamesID: 2925535, Reason: "the one on the Oder"}}
		matched(t, one(t, city("frankfurt", "Frankfurt am Main", "", "DE"), s), Settled, 2925535, "the one on the Oder")
	})
	t.Run("Unmatched", func(t *testing.T) {
		r := one(t, city("atlantis", "Atlantis", "Atlantyda", "PL", "Atlantydzie"), nil)
		if r.Outcome != Unmatched || r.Place != nil || len(r.Candidates) != 0 {
			t.Errorf("got %v %+v %v, want UNMATCHED", r.Outcome, r.Place, r.Candidates)
		}
	})
	t.Run("BadSettlements", func(t *testing.T) {
		cities := []*graph.City{city("krakow", "Kraków", "", "PL"), city("lyon", "Lyon", "", "FR")}
		for name, c := range map[string]struct {
			s    Settlement
			want string
		}{
			"UnknownCity":  {Settlement{City: "paris", GeonamesID: 2996944, Reason: "r"}, `settlement for "paris": no such city in the dataset`},
			"UnknownPlace": {Settlement{City: "lyon", GeonamesID: 1, Reason: "r"}, `settlement for "lyon": geonamesId 1 is not in the gazetteer`},
			"OtherCountry": {Settlement{City: "lyon", GeonamesID: 3094802, Reason: "r"}, `settlement for "lyon": geonamesId 3094802 is Kraków in PL, not in the city's country FR`},
		} {
			t.Run(name, func(t *testing.T) {
				rs, err := Match(g, cities, map[string]Settlement{c.s.City: c.s})
				if err == nil || err.Error() != c.want || rs != nil {
					t.Errorf("got %v, %v; want no results and the error %q", len(rs), err, c.want)
				}
			})
		}
	})
}

func TestReadSettlements(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		s, err := ReadSettlements("s.json", []byte(`{"format": "citynet-geonames-settled", "version": 1, "settled": [
			{"city": "springfield", "geonamesId": 900001, "reason": "the one in Illinois"}]}`))
		if err != nil || len(s) != 1 || s["springfield"].GeonamesID != 900001 {
			t.Errorf("got %v, %v", s, err)
		}
	})
	for name, c := range map[string]struct{ file, want string }{
		"Syntax":       {`{"format": `, "s.json: unexpected EOF"},
		"UnknownField": {`{"format": "citynet-geonames-settled", "version": 1, "setled": []}`, `s.json: json: unknown field "setled"`},
		"Format":       {`{"format": "citynet-dataset", "version": 1}`, `s.json: format: want "citynet-geonames-settled" version 1, got "citynet-dataset" version 1`},
		"CityID":       {`{"format": "citynet-geonames-settled", "version": 1, "settled": [{"city": "Kraków", "geonamesId": 1, "reason": "r"}]}`, `s.json: settled[0]: city: "Kraków" is not a city id`},
		"ID":           {`{"format": "citynet-geonames-settled", "version": 1, "settled": [{"city": "krakow", "geonamesId": 0, "reason": "r"}]}`, `s.json: settled[0] "krakow": geonamesId: must be a GeoNames id (a positive number), got 0`},
		"NoReason":     {`{"format": "citynet-geonames-settled", "version": 1, "settled": [{"city": "krakow", "geonamesId": 3094802}]}`, `s.json: settled[0] "krakow": reason: give one line saying why this place`},
		"Twice": {`{"format": "citynet-geonames-settled", "version": 1, "settled": [{"city": "krakow", "geonamesId": 3094802, "reason": "r"},
			{"city": "krakow", "geonamesId": 3094803, "reason": "r"}]}`, `s.json: settled[1]: city: "krakow" is settled twice`},
	} {
		t.Run(name, func(t *testing.T) {
			s, err := ReadSettlements("s.json", []byte(c.file))
			if err == nil || err.Error() != c.want || s != nil {
				t.Errorf("got %v, %v; want the error %q", s, err, c.want)
			}
		})
	}
}

func TestGround(t *testing.T) {
	p := tiny()[0]
	c := city("krakow", "Kraków", "", "PL")
	c.Population, c.PopulationYear = 800000, "2021"
	c.Sources = []graph.Citation{{SourceID: "doc", Quote: "Kraków"}, {SourceID: SourceID, Quote: "old record"}}
	t.Run("Writes", func(t *testing.T) {
		if !Ground(c, p) {
			t.Fatal("got no change")
		}
		if c.GeonamesID != 3094802 || *c.Lat != 50.06143 || *c.Lon != 19.93658 || c.Population != 755050 || c.PopulationYear != "" {
			t.Errorf("got %d %v %v %d %q, want 3094802 50.06143 19.93658 755050 and no year", c.GeonamesID, *c.Lat, *c.Lon, c.Population, c.PopulationYear)
		}
		want := []graph.Citation{{SourceID: "doc", Quote: "Kraków"}, {SourceID: SourceID, Quote: "3094802 Kraków PL 50.06143 19.93658 population 755050"}}
		if len(c.Sources) != 2 || c.Sources[0] != want[0] || c.Sources[1] != want[1] {
			t.Errorf("sources: got %v, want %v", c.Sources, want)
		}
	})
	t.Run("Idempotent", func(t *testing.T) {
		if Ground(c, p) {
			t.Error("grounding twice in one place changed the city")
		}
	})
	t.Run("NoPopulation", func(t *testing.T) {
		suva := tiny()[8]
		c := city("suva", "Suva", "", "FJ")
		c.Population, c.PopulationYear = 93970, "2017"
		Ground(c, suva)
		if c.Population != 93970 || c.PopulationYear != "2017" || !strings.HasSuffix(c.Sources[0].Quote, "178.44149") {
			t.Errorf("got %d %q %v, want the population kept and a record without one", c.Population, c.PopulationYear, c.Sources)
		}
	})
}
