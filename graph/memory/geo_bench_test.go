package memory_test

import (
	"context"
	"math"
	"testing"

	"citynet/graph"
)

// Benchmarks of the geography on the preset of CITYNET_BENCH_PRESET:
//
//	CITYNET_BENCH_PRESET=x10 go test -run '^$' -bench 'Near|Within' ./graph/memory/
//	CITYNET_BENCH_PRESET=acuto go test -run '^$' -bench 'CityPairs_Top100Cold' ./graph/memory/
//
// geoBench is the benchmark dataset; the synthetic presets place every
// city.
func geoBench(b *testing.B) *benchData {
	b.Helper()
	d := benchDataset(b)
	for _, c := range d.ds.Cities {
		if c.Location() == nil {
			b.Fatalf("%s has no position: the benchmark's preset should place every city", c.ID)
		}
	}
	return d
}

// BenchmarkCities_Near asks for the first page of the cities within km of
// the most connected city, and their count, on a warm store (the tree is
// built by the first call, untimed).
func BenchmarkCities_Near(b *testing.B) {
	d := geoBench(b)
	s := newStore(b, d.ds)
	ctx := context.Background()
	c, err := s.City(ctx, d.bip.MostConnected())
	if err != nil {
		b.Fatal(err)
	}
	for _, km := range []float64{10, 100, 1000} {
		b.Run(kmName(km), func(b *testing.B) {
			f := graph.CityFilter{Near: &graph.Near{Lat: *c.Lat, Lon: *c.Lon, Km: km}}
			first, err := s.Cities(ctx, f, graph.Page{First: 20})
			if err != nil || first.TotalCount < 1 || first.Items[0] == nil {
				b.Fatalf("near %v km of %s: %v, %v", km, c.ID, first, err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				got, err := s.Cities(ctx, f, graph.Page{First: 20})
				if err != nil || got.TotalCount != first.TotalCount {
					b.Fatalf("near: %v, %v", got, err)
				}
			}
			b.ReportMetric(float64(first.TotalCount), "cities")
		})
	}
}

// BenchmarkCities_Within asks for the first page of the cities in a box of
// 10° by 10° around the most connected city.
func BenchmarkCities_Within(b *testing.B) {
	d := geoBench(b)
	s := newStore(b, d.ds)
	ctx := context.Background()
	c, err := s.City(ctx, d.bip.MostConnected())
	if err != nil {
		b.Fatal(err)
	}
	f := graph.CityFilter{Within: &graph.BBox{South: max(-90, *c.Lat-5), West: math.Remainder(*c.Lon-5, 360), North: min(90, *c.Lat+5), East: math.Remainder(*c.Lon+5, 360)}}
	first, err := s.Cities(ctx, f, graph.Page{First: 20})
	if err != nil || first.TotalCount < 1 {
		b.Fatalf("within: %v, %v", first, err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := s.Cities(ctx, f, graph.Page{First: 20}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(first.TotalCount), "cities")
}

// BenchmarkCityPairs_Top100Cold_MaxKm is BenchmarkCityPairs_Top100Cold with
// a distance band (the pairs at most 500 km apart): the ranking pass with
// the band applied, on a fresh store each time; the cities' positions are
// read untimed, with the store.
func BenchmarkCityPairs_Top100Cold_MaxKm(b *testing.B) {
	d := geoBench(b)
	ctx := context.Background()
	maxKm := 500.0
	f := graph.PairFilter{MinShared: benchMinShared, MaxKm: &maxKm}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		s := newStore(b, d.ds)
		if _, err := s.CityPairs(ctx, graph.PairFilter{MinShared: len(d.bip.Networks) + 1, MaxKm: &maxKm}, graph.Page{}); err != nil {
			b.Fatal(err) // reads the positions, ranks nothing
		}
		b.StartTimer()
		conn, err := s.CityPairs(ctx, f, graph.Page{First: 100})
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		checkPairOrder(b, d.bip, conn.Items)
		for _, p := range conn.Items {
			if p.DistanceKm == nil || *p.DistanceKm > maxKm {
				b.Fatalf("pair %s–%s: distance %v, want at most %v", p.A, p.B, p.DistanceKm, maxKm)
			}
		}
		b.ReportMetric(float64(conn.TotalCount), "pairs")
		b.StartTimer()
	}
	b.StopTimer()
}

func kmName(km float64) string {
	return map[float64]string{10: "10km", 100: "100km", 1000: "1000km"}[km]
}

// BenchmarkNetworkSpans computes graph.Span (uncached) for the largest
// network (60% of the cities: 60,000 at x10) and for the 20 largest
// together: the farthest pair through the k-d tree, the median over at
// most graph.ExactSpanMembers members' pairs.
func BenchmarkNetworkSpans(b *testing.B) {
	d := geoBench(b)
	byID := make(map[string]*graph.City, len(d.ds.Cities))
	for _, c := range d.ds.Cities {
		byID[c.ID] = c
	}
	members := func(n int32) []*graph.City {
		out := make([]*graph.City, len(d.bip.NetCities[n]))
		for i, c := range d.bip.NetCities[n] {
			out[i] = byID[d.bip.Cities[c]]
		}
		return out
	}
	largest := d.bip.Largest(graph.DefaultOverlapNetworks)
	for _, tt := range []struct {
		name string
		nets []int32
	}{{"Largest", largest[:1]}, {"Largest20", largest}} {
		b.Run(tt.name, func(b *testing.B) {
			var lists [][]*graph.City
			n := 0
			for _, net := range tt.nets {
				lists = append(lists, members(net))
				n += len(lists[len(lists)-1])
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				for _, m := range lists {
					if s := graph.Span(m); s.MaxKm == nil || s.Members != len(m) {
						b.Fatalf("span: %+v", s)
					}
				}
			}
			b.ReportMetric(float64(n), "members")
		})
	}
}
