package documents

import (
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"citynet/graph"
)

// The graph a page is read against may hold a few countries or none,
// and a country's name passes the place check (GeoNames has an "India"
// and a "China" among its populated places): "Kochi (Cochin), India is
// also a member" was read as India's membership. The world's countries,
// named in the languages the rules read (CLDR's names, through
// golang.org/x/text), are never read as cities.

// cityStates are the countries whose names are also their cities':
// "Luxembourg is a member of Eurocities" is the city's membership.
var cityStates = set("luxembourg singapore monaco san marino vatican city kuwait djibouti panama guatemala mexico hong kong macao gibraltar")

// worldCountryNames are the folded names of the world's countries in
// English, Polish and German.
var worldCountryNames = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	namers := []display.Namer{display.Regions(language.English), display.Regions(language.Polish), display.Regions(language.German)}
	add := func(name string) {
		if f := graph.Fold(name); f != "" && !cityStates[f] {
			out[f] = true
		}
	}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() {
				continue
			}
			for _, n := range namers {
				add(n.Name(r))
			}
		}
	}
	// what CLDR names otherwise, as pages write it
	for _, n := range []string{"USA", "UK", "Great Britain", "Wielka Brytania", "Czech Republic", "Republika Czeska", "Holland", "Holandia", "England", "Anglia", "Scotland", "Szkocja", "Wales", "Walia", "Northern Ireland", "Republic of Ireland"} {
		add(n)
	}
	return out
})

// languageNames are the English names of the languages ISO 639-1 codes
// (the two-letter ones, the languages pages speak of): "8 new Spanish
// members", "the Catalan Association" name no town called Spanish (in
// Ontario) or Catalan.
var languageNames = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	n := display.Languages(language.English)
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'z'; b++ {
			base, err := language.ParseBase(string([]rune{a, b}))
			if err != nil || base.String() != string([]rune{a, b}) {
				continue
			}
			if f := graph.Fold(n.Name(base)); f != "" {
				out[f] = true
			}
		}
	}
	return out
})

// languageName reports whether name is a language's (and so, capitalised
// before a noun, a nationality's adjective), as written.
func languageName(name string) bool {
	return languageNames()[graph.Fold(name)]
}

// worldCountry reports whether name is a country's as written. Its
// inflections are not matched: an inflected country stands after a
// preposition ("w Indiach"), where no rule reads a member, and a
// town's name may read as one ("Albany" as Polish for Albania's).
func worldCountry(name string) bool {
	return worldCountryNames()[graph.Fold(name)]
}
