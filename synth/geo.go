package synth

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// realCountry is a country of the GeoNames gazetteer. extents.go lists
// them; `go run synth/extents_gen.go` (from the repository root, after
// `npm ci --prefix tools/geonames`) writes it. It is not a go:generate
// step, so that `go generate ./...` keeps needing Go only.
type realCountry struct {
	code, continent          string
	places                   int
	south, west, north, east int32 // 1e-5 degrees
	anchors                  [][2]int32
}

// regionContinents: region 0 plays Europe (see countries), the others take
// the other continents in turn, so that a REGIONAL or EUROPEAN network's
// members are neighbours, as real ones are.
var regionContinents = []string{"EU", "AS", "AF", "NA", "SA", "OC"}

// geo places every city and gives it a population, from its own stream so
// that the rest of the dataset is what it was before cities had positions.
//
// Positions: each synthetic country borrows the extent of a real country of
// its region's continent, bigger synthetic countries (more cities) taking
// real countries with more places; a city is put near one of that
// country's biggest places (70%, with a spread of a tenth of the country's
// size, so cities cluster around metropolises as real ones do) or anywhere
// in its extent (30%), and is always inside the extent. Synthetic countries
// outnumber a continent's real ones only in big presets: they then share
// extents, as the 208 fictional countries of acuto cannot each have a real
// one of their own continent.
//
// Populations follow Zipf's law over the cities' attractiveness rank (the
// rank that makes a city join networks: big cities join more, as in Acuto
// and Leffel's data), from min(1000 × cities, 20 million) for the first
// down to about 1,000 for the last, with log-normal noise (σ 0.25) so that
// the rank order is not exact.
func (g *gen) geo() {
	r := g.rng(streamGeo)
	byContinent := map[string][]*realCountry{}
	for i := range realCountries {
		rc := &realCountries[i]
		byContinent[rc.continent] = append(byContinent[rc.continent], rc)
	}
	for _, list := range byContinent {
		slices.SortFunc(list, func(a, b *realCountry) int {
			return cmp.Or(cmp.Compare(b.places, a.places), cmp.Compare(a.code, b.code))
		})
	}
	extent := make([]*realCountry, len(g.ds.Countries))
	g.countryExtent = extent
	byRegion := map[int][]int{}
	for j := range g.ds.Countries {
		byRegion[g.countryRegion[j]] = append(byRegion[g.countryRegion[j]], j)
	}
	for reg, js := range byRegion {
		slices.SortFunc(js, func(a, b int) int { return cmp.Or(cmp.Compare(g.countryWeight[b], g.countryWeight[a]), a-b) })
		pool := byContinent[regionContinents[reg%len(regionContinents)]]
		for k, j := range js {
			extent[j] = pool[k%len(pool)]
		}
	}

	n := float64(len(g.ds.Cities))
	top := min(1000*n, 2e7)
	exponent := math.Log(top/1000) / math.Log(n)
	for i, c := range g.ds.Cities {
		lat, lon := place(r, extent[g.cityCountry[i]])
		c.Lat, c.Lon = &lat, &lon
		pop := top * math.Pow(float64(g.cityRank[i]+1), -exponent) * math.Exp(0.25*r.NormFloat64())
		c.Population = max(1, int64(math.Round(pop)))
	}
}

// place draws a position in rc's extent, rounded to 1e-5 degree (about a
// metre, GeoNames' precision).
func place(r *rand.Rand, rc *realCountry) (lat, lon float64) {
	south, north := float64(rc.south)/1e5, float64(rc.north)/1e5
	west, spanLon := float64(rc.west)/1e5, float64(rc.east-rc.west)/1e5
	if spanLon < 0 {
		spanLon += 360
	}
	spanLat := north - south
	inside := func(lat, lon float64) (float64, float64, bool) {
		off := math.Mod(lon-west+720, 360)
		return lat, west + off, lat >= south && lat <= north && off <= spanLon
	}
	var ok bool
	if r.Float64() < 0.7 {
		w := make([]float64, len(rc.anchors))
		for k := range w {
			w[k] = 1 / float64(k+1)
		}
		a := rc.anchors[draw(r, cumulative(w))]
		sd := min(max(0.1*max(spanLat, spanLon), 0.02), 0.8)
		alat, alon := float64(a[0])/1e5, float64(a[1])/1e5
		for range 8 {
			dlat, dlon := r.NormFloat64()*sd, r.NormFloat64()*sd/max(math.Cos(alat*math.Pi/180), 0.2)
			if lat, lon, ok = inside(alat+dlat, alon+dlon); ok {
				break
			}
		}
	}
	if !ok {
		lat, lon = south+r.Float64()*spanLat, west+r.Float64()*spanLon
	}
	if lon > 180 {
		lon -= 360
	}
	return round5(lat), round5(lon)
}

func round5(v float64) float64 {
	v = math.Round(v*1e5) / 1e5
	if v == 0 {
		return 0 // not -0, which JSON would write as -0
	}
	return v
}
