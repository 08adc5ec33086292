package synth

import (
	"bytes"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"citynet/graph"
)

func preset(t *testing.T, name string) Config {
	t.Helper()
	cfg, err := Preset(name)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestPresetUnknown(t *testing.T) {
	if _, err := Preset("nope"); err == nil {
		t.Fatal(`Preset("nope") returned no error`)
	}
	for _, name := range Presets() {
		if _, err := Preset(name); err != nil {
			t.Errorf("Preset(%q): %v", name, err)
		}
	}
}

func TestTinyValidates(t *testing.T) {
	ds := Generate(preset(t, "tiny"))
	if err := ds.Validate(); err != nil {
		t.Fatal(err)
	}
	s := Summarize(ds)
	if s.Cities != 200 || s.Countries != 12 || s.Networks != 10 || s.Memberships != 1000 {
		t.Errorf("tiny: %+v", s)
	}
	if s.CitiesInNone != 0 {
		t.Errorf("%d cities in no network", s.CitiesInNone)
	}
}

// writeDir writes ds to a new temporary directory and returns its files'
// contents by name.
func writeDir(t *testing.T, ds *graph.Dataset) (string, map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	if err := Write(ds, dir); err != nil {
		t.Fatal(err)
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(n)] = b
	}
	return dir, files
}

func TestDeterministic(t *testing.T) {
	cfg := preset(t, "tiny")
	_, a := writeDir(t, Generate(cfg))
	_, b := writeDir(t, Generate(cfg))
	want := []string{"events.json", "networks.json", "partnerships.json", "places.json", "relations.json", "sources.json"}
	if got := slices.Sorted(maps.Keys(a)); !slices.Equal(got, want) {
		t.Fatalf("files %v, want %v", got, want)
	}
	for name, x := range a {
		if !bytes.Equal(x, b[name]) {
			t.Errorf("%s differs between two runs with the same config", name)
		}
	}
}

func TestSeedsDiffer(t *testing.T) {
	cfg := preset(t, "tiny")
	_, a := writeDir(t, Generate(cfg))
	cfg.Seed = 2
	_, b := writeDir(t, Generate(cfg))
	for _, name := range []string{"places.json", "networks.json", "relations.json"} {
		if bytes.Equal(a[name], b[name]) {
			t.Errorf("%s is the same for seeds 1 and 2", name)
		}
	}
}

var acuto = sync.OnceValue(func() *graph.Dataset {
	cfg, err := Preset("acuto")
	if err != nil {
		panic(err)
	}
	return Generate(cfg)
})

func TestAcuto(t *testing.T) {
	ds := acuto()
	s := Summarize(ds)
	t.Logf("acuto:\n%s", s)
	t.Run("validates", func(t *testing.T) {
		if err := ds.Validate(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("counts", func(t *testing.T) {
		if s.Cities != 10_000 || s.Networks != 100 || s.Countries != 208 {
			t.Errorf("cities %d, networks %d, countries %d; want 10000, 100, 208", s.Cities, s.Networks, s.Countries)
		}
		if s.Memberships < 45_000 || s.Memberships > 55_000 {
			t.Errorf("memberships %d, want 50,000 ± 10%%", s.Memberships)
		}
		if s.Events != 1_000 || s.Partnerships != 2_000 || s.Sources != 1 {
			t.Errorf("events %d, partnerships %d, sources %d; want 1000, 2000, 1", s.Events, s.Partnerships, s.Sources)
		}
	})
	t.Run("distribution", func(t *testing.T) {
		if s.LargestShare < 0.55 || s.LargestShare > 0.65 {
			t.Errorf("largest network has %.1f%% of cities, want 55–65%%", 100*s.LargestShare)
		}
		if s.MaxPerCity < 30 {
			t.Errorf("busiest city is in %d networks, want ≥ 30", s.MaxPerCity)
		}
		if s.MedianPerCity > 3 {
			t.Errorf("median networks per city %g, want ≤ 3", s.MedianPerCity)
		}
		if s.CitiesInNone != 0 {
			t.Errorf("%d cities in no network", s.CitiesInNone)
		}
	})
	t.Run("records", func(t *testing.T) {
		for _, m := range ds.Memberships {
			if len(m.Since) != 4 || (m.Status == graph.StatusFormerMember) != (m.Until != "") {
				t.Fatalf("membership %+v: want a year since, and until exactly for former members", m)
			}
		}
		for _, p := range ds.Partnerships {
			if len(p.PartyIDs) != 2 || p.PartyIDs[0] == p.PartyIDs[1] {
				t.Fatalf("partnership %s: parties %v", p.ID, p.PartyIDs)
			}
		}
		for _, c := range ds.Cities {
			if c.ID != graph.Slug(c.Name) && !slices.ContainsFunc([]string{"-2", "-3", "-4"}, func(s string) bool {
				return c.ID == graph.Slug(c.Name)+s
			}) {
				t.Fatalf("city %q has id %q", c.Name, c.ID)
			}
		}
	})
	t.Run("round trip", func(t *testing.T) {
		dir, _ := writeDir(t, ds)
		got, err := graph.LoadDataset(os.DirFS(dir), ".")
		if err != nil {
			t.Fatal(err)
		}
		if g := Summarize(got); g != s {
			t.Errorf("after Write and LoadDataset:\n%s\nwant\n%s", g, s)
		}
	})
}

func TestOddConfigsValidate(t *testing.T) {
	for _, cfg := range []Config{
		{},
		{Cities: 3, Countries: 5, Networks: 50, Memberships: 1, Events: 10, Partnerships: 10},
		{Cities: 50, Countries: 1000, Networks: 3, Memberships: 1_000_000, LargestShare: 1},
		{Seed: 7, Cities: 1000, Countries: 1, Networks: 40, Memberships: 3000, Events: 100, Partnerships: 500, Skew: 0.5},
	} {
		ds := Generate(cfg)
		if err := ds.Validate(); err != nil {
			t.Errorf("%+v: %v", cfg, err)
		}
	}
}

func TestNetworkSizes(t *testing.T) {
	for _, name := range Presets() {
		cfg := preset(t, name)
		sizes, alpha := NetworkSizes(cfg)
		sum := 0
		for _, s := range sizes {
			sum += s
		}
		if len(sizes) != cfg.Networks || sum != cfg.Memberships || !slices.IsSortedFunc(sizes, func(a, b int) int { return b - a }) {
			t.Errorf("%s: %d sizes summing to %d (want %d, %d), α %.3f, sorted: %v", name, len(sizes), sum,
				cfg.Networks, cfg.Memberships, alpha, slices.IsSortedFunc(sizes, func(a, b int) int { return b - a }))
		}
		if want := int(cfg.LargestShare * float64(cfg.Cities)); sizes[0] != want {
			t.Errorf("%s: largest %d, want %d", name, sizes[0], want)
		}
	}
}

func TestSelectSmallest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 10, 100, 1000} {
		for _, m := range []int{0, 1, n / 2, n - 1, n} {
			a := make([]keyed, n)
			for i := range a {
				a[i] = keyed{float64(r.IntN(n)), int32(i)} // with ties
			}
			sorted := slices.Clone(a)
			slices.SortFunc(sorted, func(x, y keyed) int { return cmpFloat(x.key, y.key) })
			selectSmallest(a, m)
			if m > 0 && m < n {
				maxIn := slices.MaxFunc(a[:m], func(x, y keyed) int { return cmpFloat(x.key, y.key) }).key
				minOut := slices.MinFunc(a[m:], func(x, y keyed) int { return cmpFloat(x.key, y.key) }).key
				if maxIn > minOut || maxIn != sorted[m-1].key {
					t.Errorf("n %d m %d: largest selected %g, smallest left %g, want %g", n, m, maxIn, minOut, sorted[m-1].key)
				}
			}
		}
	}
}
