package synth

import (
	"fmt"
	"slices"
	"strings"

	"citynet/graph"
)

// Stats summarises a dataset's size and the shape of its membership graph.
// It works on any dataset, generated or not.
type Stats struct {
	Sources, Countries, Cities, Networks, Institutions, People    int
	Memberships, Foundings, Offices, Events, Partnerships, Claims int

	// The network with the most member cities, its size and its share of
	// all cities; the smallest network's size.
	LargestNetwork string
	LargestSize    int
	LargestShare   float64
	SmallestSize   int

	// Networks per city, over all cities (those in none count as 0).
	MaxPerCity     int
	MaxCity        string
	MedianPerCity  float64
	MeanPerCity    float64
	P90PerCity     int
	P99PerCity     int
	CitiesInNone   int
	CitiesIn30Plus int
}

// Summarize counts ds's records and measures its membership distribution. A
// city listed twice in one network (different since dates) counts once.
func Summarize(ds *graph.Dataset) Stats {
	s := Stats{
		Sources: len(ds.Sources), Countries: len(ds.Countries), Cities: len(ds.Cities),
		Networks: len(ds.Networks), Institutions: len(ds.Institutions), People: len(ds.People),
		Memberships: len(ds.Memberships), Foundings: len(ds.Foundings), Offices: len(ds.Offices),
		Events: len(ds.Events), Partnerships: len(ds.Partnerships), Claims: len(ds.Claims),
	}
	city := make(map[string]int, len(ds.Cities))
	for i, c := range ds.Cities {
		city[c.ID] = i
	}
	network := make(map[string]int, len(ds.Networks))
	for i, n := range ds.Networks {
		network[n.ID] = i
	}
	perCity := make([]int, len(ds.Cities))
	perNet := make([]int, len(ds.Networks))
	seen := make(map[[2]int]bool, len(ds.Memberships))
	for _, m := range ds.Memberships {
		c, ok1 := city[m.CityID]
		n, ok2 := network[m.NetworkID]
		if !ok1 || !ok2 || seen[[2]int{c, n}] {
			continue
		}
		seen[[2]int{c, n}] = true
		perCity[c]++
		perNet[n]++
	}
	for n, size := range perNet {
		if n == 0 || size > s.LargestSize {
			s.LargestNetwork, s.LargestSize = ds.Networks[n].ID, size
		}
		if n == 0 || size < s.SmallestSize {
			s.SmallestSize = size
		}
	}
	if len(ds.Cities) == 0 {
		return s
	}
	s.LargestShare = float64(s.LargestSize) / float64(len(ds.Cities))
	total := 0
	for c, k := range perCity {
		total += k
		if k > s.MaxPerCity {
			s.MaxPerCity, s.MaxCity = k, ds.Cities[c].ID
		}
		if k == 0 {
			s.CitiesInNone++
		}
		if k >= 30 {
			s.CitiesIn30Plus++
		}
	}
	s.MeanPerCity = float64(total) / float64(len(perCity))
	slices.Sort(perCity)
	n := len(perCity)
	if n%2 == 1 {
		s.MedianPerCity = float64(perCity[n/2])
	} else {
		s.MedianPerCity = float64(perCity[n/2-1]+perCity[n/2]) / 2
	}
	s.P90PerCity = perCity[min(n-1, n*90/100)]
	s.P99PerCity = perCity[min(n-1, n*99/100)]
	return s
}

// String formats the stats as a few lines for a terminal.
func (s Stats) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "sources %d, countries %d, cities %d, networks %d, memberships %d, founders %d, events %d, partnerships %d",
		s.Sources, s.Countries, s.Cities, s.Networks, s.Memberships, s.Foundings, s.Events, s.Partnerships)
	if s.Institutions+s.People+s.Offices+s.Claims > 0 {
		fmt.Fprintf(&b, ", institutions %d, people %d, offices %d, claims %d", s.Institutions, s.People, s.Offices, s.Claims)
	}
	fmt.Fprintf(&b, "\nlargest network %s: %d cities (%.1f%% of cities); smallest network: %d cities",
		s.LargestNetwork, s.LargestSize, 100*s.LargestShare, s.SmallestSize)
	fmt.Fprintf(&b, "\nnetworks per city: max %d (%s), median %g, mean %.2f, p90 %d, p99 %d; cities in ≥30 networks %d, in none %d",
		s.MaxPerCity, s.MaxCity, s.MedianPerCity, s.MeanPerCity, s.P90PerCity, s.P99PerCity, s.CitiesIn30Plus, s.CitiesInNone)
	return b.String()
}
