package synth

import (
	"slices"
	"testing"
)

func TestGenerate_Geo(t *testing.T) {
	for _, name := range []string{"tiny", "acuto"} {
		cfg := preset(t, name)
		g := generate(cfg)
		t.Run(name+"/InsideExtent", func(t *testing.T) {
			for i, c := range g.ds.Cities {
				if c.Lat == nil || c.Lon == nil {
					t.Fatalf("city %s has no coordinates", c.ID)
				}
				rc := g.countryExtent[g.cityCountry[i]]
				if !inExtent(rc, *c.Lat, *c.Lon) {
					t.Fatalf("city %s (%s) at %v, %v: outside %s's extent %d %d %d %d", c.ID, c.CountryID, *c.Lat, *c.Lon,
						rc.code, rc.south, rc.west, rc.north, rc.east)
				}
			}
		})
		t.Run(name+"/RegionIsContinent", func(t *testing.T) {
			for j, rc := range g.countryExtent {
				if want := regionContinents[g.countryRegion[j]%len(regionContinents)]; rc.continent != want {
					t.Errorf("country %s of region %d: extent of %s in %s, want a country in %s", g.ds.Countries[j].ID,
						g.countryRegion[j], rc.code, rc.continent, want)
				}
			}
		})
		t.Run(name+"/Population", func(t *testing.T) {
			// Zipf over attractiveness: the top 1% of cities by rank hold
			// far more people than the bottom half.
			top, bottom := 0.0, 0.0
			nTop, nBottom := 0, 0
			for i, c := range g.ds.Cities {
				if c.Population <= 0 {
					t.Fatalf("city %s: population %d", c.ID, c.Population)
				}
				switch r := int(g.cityRank[i]); {
				case r < len(g.ds.Cities)/100+1:
					top += float64(c.Population)
					nTop++
				case r >= len(g.ds.Cities)/2:
					bottom += float64(c.Population)
					nBottom++
				}
			}
			if ratio := (top / float64(nTop)) / (bottom / float64(nBottom)); ratio < 20 {
				t.Errorf("mean population of the top 1%% / bottom half: got %.1f, want ≥ 20", ratio)
			}
		})
	}
	t.Run("Golden", func(t *testing.T) {
		// The first city of tiny, seed 1: a change here changes every
		// figure measured on the presets' geography.
		c := Generate(preset(t, "tiny")).Cities[0]
		if c.ID != "ceville" || *c.Lat != 14.00318 || *c.Lon != 120.67204 || c.Population != 1982 {
			t.Errorf("got %s %v %v %d, want ceville 14.00318 120.67204 1982", c.ID, *c.Lat, *c.Lon, c.Population)
		}
	})
	t.Run("Antimeridian", func(t *testing.T) {
		// Kiribati spans the antimeridian: its extent's east is less than
		// its west.
		i := slices.IndexFunc(realCountries, func(rc realCountry) bool { return rc.code == "KI" })
		if i < 0 || realCountries[i].east >= realCountries[i].west {
			t.Fatalf("want KI in the table, across the antimeridian")
		}
		rc := &realCountries[i]
		r := generate(preset(t, "tiny")).rng(99)
		for range 1000 {
			lat, lon := place(r, rc)
			if !inExtent(rc, lat, lon) || lon < -180 || lon > 180 {
				t.Fatalf("KI: got %v, %v, outside %d..%d", lat, lon, rc.west, rc.east)
			}
		}
	})
}

func inExtent(rc *realCountry, lat, lon float64) bool {
	la, lo := int64(lat*1e5+0.5*sign(lat)), int64(lon*1e5+0.5*sign(lon))
	if la < int64(rc.south) || la > int64(rc.north) {
		return false
	}
	if rc.east >= rc.west {
		return lo >= int64(rc.west) && lo <= int64(rc.east)
	}
	return lo >= int64(rc.west) || lo <= int64(rc.east)
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}
