package geonames

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"citynet/graph"
)

// Gazetteer indexes places by country and folded name.
type Gazetteer struct {
	byID   map[int64]*Place
	byName map[string][]*Place // country + "\x00" + graph.Fold(name)
	n      int
}

// NewGazetteer indexes places. A place is found under its country and
// under each of its alternate country codes.
func NewGazetteer(places []*Place) *Gazetteer {
	g := &Gazetteer{byID: make(map[int64]*Place, len(places)), byName: make(map[string][]*Place, len(places)), n: len(places)}
	for _, p := range places {
		g.byID[p.ID] = p
		for _, cc := range append([]string{p.Country}, p.AltCountries...) {
			k := key(cc, p.Name)
			g.byName[k] = append(g.byName[k], p)
		}
	}
	return g
}

func key(country, name string) string { return country + "\x00" + graph.Fold(name) }

// Len is the number of places.
func (g *Gazetteer) Len() int { return g.n }

// Place returns the place with GeoNames id id, or nil.
func (g *Gazetteer) Place(id int64) *Place { return g.byID[id] }

// Settlement is a curator's decision for one city that matching leaves
// ambiguous or unmatched (or matches wrongly): which GeoNames place it is,
// and why.
type Settlement struct {
	City       string `json:"city"`
	GeonamesID int64  `json:"geonamesId"`
	Reason     string `json:"reason"`
}

// SettlementsFormat is the format line of a settlements file.
const SettlementsFormat = "citynet-geonames-settled"

// ReadSettlements parses a settlements file:
//
//	{"format": "citynet-geonames-settled", "version": 1,
//	 "settled": [{"city": "frankfurt", "geonamesId": 2925533, "reason": "…"}]}
//
// It checks the file alone (shape, ids, a reason for each, one decision per
// city); Match checks it against the dataset and the gazetteer.
func ReadSettlements(name string, b []byte) (map[string]Settlement, error) {
	var f struct {
		Format  string       `json:"format"`
		Version int          `json:"version"`
		Settled []Settlement `json:"settled"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if f.Format != SettlementsFormat || f.Version != 1 {
		return nil, fmt.Errorf("%s: format: want %q version 1, got %q version %d", name, SettlementsFormat, f.Format, f.Version)
	}
	var errs []error
	out := make(map[string]Settlement, len(f.Settled))
	for i, s := range f.Settled {
		at := fmt.Sprintf("%s: settled[%d]", name, i)
		switch {
		case !graph.ValidSlug(s.City):
			errs = append(errs, fmt.Errorf("%s: city: %q is not a city id", at, s.City))
		case s.GeonamesID <= 0:
			errs = append(errs, fmt.Errorf("%s %q: geonamesId: must be a GeoNames id (a positive number), got %d", at, s.City, s.GeonamesID))
		case strings.TrimSpace(s.Reason) == "" || strings.ContainsAny(s.Reason, "\n\r"):
			errs = append(errs, fmt.Errorf("%s %q: reason: give one line saying why this place", at, s.City))
		default:
			if _, dup := out[s.City]; dup {
				errs = append(errs, fmt.Errorf("%s: city: %q is settled twice", at, s.City))
			}
			out[s.City] = s
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// Outcome is what matching made of a city.
type Outcome int

const (
	Matched   Outcome = iota // exactly one place by name in the city's country
	Settled                  // a settlement names the place
	Ambiguous                // several places, no settlement
	Unmatched                // no place, no settlement
)

func (o Outcome) String() string {
	return [...]string{"MATCHED", "SETTLED", "AMBIGUOUS", "UNMATCHED"}[o]
}

// Result is the outcome for one city: its place when Matched or Settled,
// the candidates when Ambiguous (most populous first).
type Result struct {
	City       *graph.City
	Outcome    Outcome
	Place      *Place
	By         string // the city's field whose name found the place, or the settlement's reason
	Candidates []*Place
}

// Match finds each city's GeoNames place: the places of the city's country
// (or with it as an alternate country) whose name folds (graph.Fold: case,
// diacritics, punctuation) to the city's name, local name or one of its
// alternative names. One place is a match; several are ambiguous, whatever
// their populations or feature codes, until a settlement picks one; none is
// unmatched. A settlement decides its city whatever the names say. A
// settlement naming no city of the dataset, a GeoNames id not in the
// gazetteer or a place outside the city's country is an error: a stale or
// mistyped decision must not ground a city silently.
func Match(g *Gazetteer, cities []*graph.City, settled map[string]Settlement) ([]Result, error) {
	var errs []error
	ids := make(map[string]bool, len(cities))
	for _, c := range cities {
		ids[c.ID] = true
	}
	for _, id := range slices.Sorted(maps.Keys(settled)) {
		if !ids[id] {
			errs = append(errs, fmt.Errorf("settlement for %q: no such city in the dataset", id))
		}
	}
	out := make([]Result, 0, len(cities))
	for _, c := range cities {
		r := Result{City: c}
		if s, ok := settled[c.ID]; ok {
			p := g.Place(s.GeonamesID)
			switch {
			case p == nil:
				errs = append(errs, fmt.Errorf("settlement for %q: geonamesId %d is not in the gazetteer", c.ID, s.GeonamesID))
			case !p.InCountry(c.CountryID):
				errs = append(errs, fmt.Errorf("settlement for %q: geonamesId %d is %s in %s, not in the city's country %s",
					c.ID, s.GeonamesID, p.Name, p.Country, c.CountryID))
			}
			r.Outcome, r.Place, r.By = Settled, p, s.Reason
			out = append(out, r)
			continue
		}
		seen := map[int64]bool{}
		by := map[int64]string{}
		try := func(field, name string) {
			for _, p := range g.byName[key(c.CountryID, name)] {
				if !seen[p.ID] {
					seen[p.ID] = true
					by[p.ID] = field
					r.Candidates = append(r.Candidates, p)
				}
			}
		}
		try("name", c.Name)
		try("localName", c.LocalName)
		for _, a := range c.AltNames {
			try("altNames", a)
		}
		slices.SortStableFunc(r.Candidates, func(a, b *Place) int {
			return cmp.Or(cmp.Compare(b.Population, a.Population), cmp.Compare(a.ID, b.ID))
		})
		switch len(r.Candidates) {
		case 0:
			r.Outcome = Unmatched
		case 1:
			r.Outcome, r.Place, r.By, r.Candidates = Matched, r.Candidates[0], by[r.Candidates[0].ID], nil
		default:
			r.Outcome = Ambiguous
		}
		out = append(out, r)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// SourceID is the id of the Source record that GeoNames citations name.
const SourceID = "geonames"

// Source is the GeoNames Source record (data under CC BY 4.0, which asks
// for this attribution).
func Source() *graph.Source {
	return &graph.Source{ID: SourceID, Title: "GeoNames", Publisher: "GeoNames", Language: "en", URL: "https://www.geonames.org/"}
}

// Ground writes p's id, coordinates and population into c and cites p's
// record, replacing any earlier GeoNames citation. The gazetteer gives no
// year for its populations, so a populationYear is dropped with the figure
// it dated; a place without a population leaves c's as it was. It reports
// whether c changed.
func Ground(c *graph.City, p *Place) bool {
	before, _ := json.Marshal(c)
	lat, lon := p.Lat(), p.Lon()
	c.GeonamesID, c.Lat, c.Lon = p.ID, &lat, &lon
	if p.Population > 0 && c.Population != p.Population {
		c.Population, c.PopulationYear = p.Population, ""
	}
	cite := graph.Citation{SourceID: SourceID, Quote: p.Record()}
	if i := slices.IndexFunc(c.Sources, func(x graph.Citation) bool { return x.SourceID == SourceID }); i < 0 || c.Sources[i] != cite ||
		slices.ContainsFunc(c.Sources[i+1:], func(x graph.Citation) bool { return x.SourceID == SourceID }) {
		c.Sources = slices.DeleteFunc(c.Sources, func(x graph.Citation) bool { return x.SourceID == SourceID })
		c.Sources = append(c.Sources, cite)
	}
	after, _ := json.Marshal(c)
	return !bytes.Equal(before, after)
}
