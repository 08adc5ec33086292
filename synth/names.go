package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"citynet/graph"
)

// Syllable parts for pronounceable names: onset + vowel + coda.
var (
	onsets = []string{"b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kr", "l", "m", "n",
		"p", "pr", "r", "s", "st", "sl", "t", "tr", "v", "w", "z", "sh", "bl", "pl", "m", "l", "r", "n", "t", "v"}
	vowels = []string{"a", "e", "i", "o", "u", "a", "e", "o", "ie", "ou", "a", "i"}
	codas  = []string{"", "", "", "", "", "", "", "", "n", "r", "l", "s", "m", "st", "nd", "rk", "sk", "v", "z", "t"}

	// citySuffixes give the cities of one country a family look; a few carry
	// diacritics so that search has something to fold.
	citySuffixes = []string{"ow", "burg", "ville", "ano", "sk", "heim", "pur", "abad", "grad", "by", "ford",
		"ton", "ice", "ovo", "ing", "stad", "hof", "ów", "ín", "ère", "polis", "mont", "dorf", "ara"}
	cityPrefixes  = []string{"San", "Novo", "Port", "Bad", "Nea", "Saint", "Old", "Upper", "Lower", "New", "Santa", "Stary"}
	cityPostfixes = []string{"Bay", "Falls", "Heights", "Harbour", "Springs", "Valley"}

	countrySuffixes = []string{"ia", "land", "stan", "ova", "ea", "onia", "ay", "ora", "istan", "ania"}

	// networkAdjectives and networkNouns fill the network name patterns.
	networkAdjectives = []string{"Resilient", "Healthy", "Creative", "Smart", "Green", "Historic", "Learning",
		"Intercultural", "Sustainable", "Safe", "Walkable", "Inclusive", "Digital", "Port", "Wine", "University",
		"Solar", "Cycling", "Sister", "Coastal", "Mountain", "Capital", "Border", "Garden", "River"}
	networkNouns = []string{"Peace", "Climate", "Children", "Clean Air", "Mobility", "Heritage", "Human Rights",
		"Fair Trade", "Energy", "Water", "Culture", "Innovation", "Health", "Youth", "Food", "Education",
		"Safety", "Tourism", "Housing", "Biodiversity", "Migration", "Democracy", "Sport", "Circular Economy"}

	// topics are the policy areas of networks, events and agreements.
	topics = []string{"climate", "energy", "mobility", "culture", "health", "education", "tourism",
		"economic development", "social inclusion", "housing", "water", "waste", "digital services",
		"heritage", "youth", "sport", "security", "urban planning", "migration", "food"}

	minorWords = map[string]bool{"of": true, "for": true, "and": true, "the": true, "on": true}
)

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

func syllable(r *rand.Rand) string {
	return pick(r, onsets) + pick(r, vowels) + pick(r, codas)
}

// word returns a capitalised pronounceable word of n syllables.
func word(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(syllable(r))
	}
	return capitalize(b.String())
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// cityName draws a city name in the style of a country (its two suffixes).
func cityName(r *rand.Rand, style [2]string) string {
	switch x := r.Float64(); {
	case x < 0.55:
		return word(r, 2+r.IntN(2))
	case x < 0.82:
		stem := word(r, 1+r.IntN(2))
		if r.IntN(2) == 0 {
			return stem + style[0]
		}
		return stem + style[1]
	case x < 0.94:
		return pick(r, cityPrefixes) + " " + word(r, 2)
	default:
		return word(r, 2) + " " + pick(r, cityPostfixes)
	}
}

// inflect returns an inflected-looking (Polish genitive or locative) form of
// a name, the kind of form a source sentence would contain: Kraków →
// Krakowa, Barcelona → Barcelony, Sopot → Sopotu.
func inflect(r *rand.Rand, name string) string {
	switch {
	case strings.HasSuffix(name, "ów"):
		return strings.TrimSuffix(name, "ów") + "owa"
	case strings.HasSuffix(name, "a"):
		if r.IntN(2) == 0 {
			return name[:len(name)-1] + "y"
		}
		return name[:len(name)-1] + "ie"
	case strings.HasSuffix(name, "o"):
		return name[:len(name)-1] + "a"
	case strings.HasSuffix(name, "e"), strings.HasSuffix(name, "i"), strings.HasSuffix(name, "y"),
		strings.HasSuffix(name, "u"), strings.HasSuffix(name, "n"):
		return name + "m"
	}
	if r.IntN(2) == 0 {
		return name + "u"
	}
	return name + "ie"
}

// networkName draws a network name and the kind its wording implies.
func networkName(r *rand.Rand) (string, graph.NetworkKind) {
	place := word(r, 2)
	switch r.IntN(12) {
	case 0:
		return place + " Cities Network", graph.NetworkNetwork
	case 1:
		return "Alliance of " + pick(r, networkAdjectives) + " Cities", graph.NetworkAssociation
	case 2:
		return "Cities for " + pick(r, networkNouns), graph.NetworkNetwork
	case 3:
		return place + " Association of Municipalities", graph.NetworkAssociation
	case 4:
		return place + " " + pick(r, networkAdjectives) + " Cities Alliance", graph.NetworkAssociation
	case 5:
		return "Mayors for " + pick(r, networkNouns), graph.NetworkOrganisation
	case 6:
		return place + " Union of Towns", graph.NetworkUnion
	case 7:
		return place + " Euroregion", graph.NetworkEuroregion
	case 8:
		return pick(r, networkAdjectives) + " Cities Platform", graph.NetworkPlatform
	case 9:
		return place + " Foundation for " + pick(r, networkNouns), graph.NetworkFoundation
	case 10:
		return place + " " + pick(r, networkAdjectives) + " Cities Cluster", graph.NetworkCluster
	default:
		return "Organisation of " + pick(r, networkAdjectives) + " Cities of " + place, graph.NetworkOrganisation
	}
}

// acronym is the initials of the significant words: "Cities for Peace" → "CP".
func acronym(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if !minorWords[strings.ToLower(w)] && w[0] >= 'A' && w[0] <= 'Z' {
			b.WriteByte(w[0])
		}
	}
	return b.String()
}

// ids hands out node ids, unique across every kind of node.
type ids map[string]bool

// take returns base, or base-2, base-3, … when base is taken.
func (s ids) take(base string) string {
	id := base
	for n := 2; s[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	s[id] = true
	return id
}
