package main

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"time"

	"citynet/graph"
	"citynet/graph/memory"
)

// The geography questions: cityPairs with a distance band against the
// same without, near and within on the warm store, and DuckDB's
// formulation of the band.
const (
	bandMaxKm = 500.0 // cityPairs(maxKm: 500)
	nearKm    = 100.0 // cities within 100 km of the most connected city
	boxDeg    = 10.0  // cities in a box of 10° × 10° around it
)

// geoResults are the geography timings and answers.
type geoResults struct {
	bandCold             measure
	bandTop              *graph.Connection[*graph.CityPair]
	near, within         measure
	nearTotal, inTotal   int
	centre               string
	centreLat, centreLon float64
}

// unplaced counts the cities without a position: the synthetic presets
// place every city, so only a data directory written before they did has
// any, and the geography figures would not be the preset's.
func unplaced(ds *graph.Dataset) int {
	n := 0
	for _, c := range ds.Cities {
		if c.Location() == nil {
			n++
		}
	}
	return n
}

// runGeo times the geography questions on our store.
func runGeo(ctx context.Context, d *dataset, runs int) (*geoResults, error) {
	g := &geoResults{centre: d.similar}
	f := graph.PairFilter{MinShared: minShared, MaxKm: ptr(bandMaxKm)}
	var cold []time.Duration
	for i := range runs + 1 {
		s, err := memory.New(d.ds)
		if err != nil {
			return nil, err
		}
		// The cities' positions are read on the first question that
		// needs them: untimed here, as the store's build is (a band no
		// city passes ranks nothing).
		if _, err := s.CityPairs(ctx, graph.PairFilter{MinShared: len(d.bip.Networks) + 1, MaxKm: ptr(bandMaxKm)}, graph.Page{}); err != nil {
			return nil, err
		}
		runtime.GC()
		start := time.Now()
		conn, err := s.CityPairs(ctx, f, graph.Page{First: topK})
		el := time.Since(start)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			cold = append(cold, el)
		}
		g.bandTop = conn
	}
	g.bandCold = newMeasure(cold)
	logf("ours: cityPairs(maxKm: %v) top %d cold %v, %d pairs", bandMaxKm, topK, g.bandCold.median, g.bandTop.TotalCount)

	s, err := memory.New(d.ds)
	if err != nil {
		return nil, err
	}
	c, err := s.City(ctx, d.similar)
	if err != nil {
		return nil, err
	}
	loc := c.Location()
	if loc == nil {
		return nil, fmt.Errorf("city %s has no position", c.ID)
	}
	g.centreLat, g.centreLon = loc.Lat, loc.Lon
	near := graph.CityFilter{Near: &graph.Near{Lat: loc.Lat, Lon: loc.Lon, Km: nearKm}}
	if g.near, err = timeRepeated(runs, 20*time.Millisecond, func() error {
		c, err := s.Cities(ctx, near, graph.Page{First: pageSize})
		if err == nil {
			g.nearTotal = c.TotalCount
		}
		return err
	}); err != nil {
		return nil, err
	}
	box := graph.CityFilter{Within: &graph.BBox{South: max(-90, loc.Lat-boxDeg/2), West: math.Remainder(loc.Lon-boxDeg/2, 360),
		North: min(90, loc.Lat+boxDeg/2), East: math.Remainder(loc.Lon+boxDeg/2, 360)}}
	if g.within, err = timeRepeated(runs, 20*time.Millisecond, func() error {
		c, err := s.Cities(ctx, box, graph.Page{First: pageSize})
		if err == nil {
			g.inTotal = c.TotalCount
		}
		return err
	}); err != nil {
		return nil, err
	}
	logf("ours: near %v km of %s %v (%d cities), within %v° box %v (%d cities)", nearKm, d.similar, g.near.median, g.nearTotal, boxDeg, g.within.median, g.inTotal)
	return g, nil
}

func ptr[T any](v T) *T { return &v }

// writeCitiesCSV writes every located city as "city,x,y,z": its unit
// vector as graph.GeoPoint.Vec computes it, printed exactly (shortest
// round-trip form), so that DuckDB's squared chords are ours.
func writeCitiesCSV(path string, ds *graph.Dataset) error {
	return writeBuffered(path, func(w *bufio.Writer) error {
		w.WriteString("city,x,y,z\n")
		for _, c := range ds.Cities {
			loc := c.Location()
			if loc == nil {
				continue
			}
			w.WriteString(c.ID)
			for _, x := range loc.Vec() {
				w.WriteByte(',')
				w.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
			}
			w.WriteByte('\n')
		}
		return nil
	})
}

// bandChord2 is the squared chord of bandMaxKm: what DuckDB compares with.
func bandChord2() float64 {
	s := math.Sin(bandMaxKm / graph.EarthRadiusKm / 2)
	return 4 * s * s
}
