package graph

import (
	"strings"
	"unicode"
)

// fold maps letters with diacritics to their base letters. Polish letters
// come first: ł has no Unicode decomposition, so NFD alone would miss it.
var fold = strings.NewReplacer(
	"ą", "a", "ć", "c", "ę", "e", "ł", "l", "ń", "n", "ó", "o", "ś", "s", "ź", "z", "ż", "z",
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "æ", "ae",
	"ç", "c", "č", "c", "ď", "d", "đ", "d", "é", "e", "è", "e", "ê", "e", "ë", "e", "ě", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i", "ı", "i", "ñ", "n", "ň", "n",
	"ò", "o", "ô", "o", "ö", "o", "õ", "o", "ø", "o", "ő", "o", "œ", "oe",
	"ř", "r", "š", "s", "ş", "s", "ß", "ss", "ť", "t", "ú", "u", "ù", "u", "û", "u", "ü", "u", "ů", "u", "ű", "u",
	"ý", "y", "ÿ", "y", "ž", "z", "ğ", "g",
)

// Fold lowercases s, strips diacritics and turns every run of characters
// that are not letters or digits into one space, so that "Kraków",
// "KRAKOW" and "krakow" compare equal and "Poznań – Ille-et-Vilaine"
// becomes "poznan ille et vilaine".
func Fold(s string) string {
	s = fold.Replace(strings.ToLower(s))
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}

// Slug returns the ASCII id form of a name: "Białystok" → "bialystok",
// "Charleville-Mézières" → "charleville-mezieres".
func Slug(name string) string {
	var b strings.Builder
	for _, r := range Fold(name) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r < 128:
			b.WriteRune(r)
		}
	}
	return strings.Trim(b.String(), "-")
}

// ValidSlug reports whether id is a lowercase ASCII slug.
func ValidSlug(id string) bool {
	if id == "" || id[0] == '-' || id[len(id)-1] == '-' || strings.Contains(id, "--") {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// endings are Polish case endings (after folding). Stripping one from a query
// word and one from a name word and finding the same stem is how "Krakowa"
// finds "Kraków", "Barcelony" finds "Barcelona" and "Poznaniu" finds "Poznań".
var endings = []string{"", "a", "e", "i", "u", "y", "o", "ie", "iu", "ia", "ii", "em", "om", "ow", "ach", "ami", "owi", "ego", "emu", "ej", "im", "ym"}

// Stems returns the candidate stems of a folded word: the word itself and the
// word with each Polish ending removed, keeping at least three letters.
func Stems(word string) []string {
	out := make([]string, 0, 4)
	for _, e := range endings {
		if strings.HasSuffix(word, e) && len(word)-len(e) >= 3 {
			out = append(out, word[:len(word)-len(e)])
		}
	}
	return out
}

func sameStem(a, b string) bool {
	if a == b {
		return true
	}
	for _, x := range Stems(a) {
		for _, y := range Stems(b) {
			if x == y {
				return true
			}
		}
	}
	return false
}

// Match scores for MatchScore, highest first.
const (
	ScoreExact      = 100 // the query is the name
	ScoreInflected  = 85  // the query is an inflected form of the name
	ScorePrefix     = 70  // the name starts with the query
	ScoreWordPrefix = 55  // every query word starts a word of the name
	ScoreWordStem   = 50  // every query word is an inflection of a word of the name
	ScoreSubstring  = 30  // the query occurs inside the name
	altPenalty      = 5   // other names rank just below the canonical ones
)

// MatchScore scores a folded query against one name: 0 means no match.
// Every backend ranks search results with this function so that they all
// give the same order.
func MatchScore(query, name string, canonical bool) int {
	return MatchFolded(Fold(query), Fold(name), canonical)
}

// MatchFolded is MatchScore for a query and a name already folded with Fold,
// for stores that fold their names once when they load them.
func MatchFolded(query, n string, canonical bool) int {
	if query == "" || n == "" {
		return 0
	}
	score := 0
	qw, nw := strings.Fields(query), strings.Fields(n)
	switch {
	case n == query:
		score = ScoreExact
	case len(qw) == len(nw) && allWords(qw, nw, sameStem):
		score = ScoreInflected
	case strings.HasPrefix(n, query):
		score = ScorePrefix
	case allWords(qw, nw, strings.HasPrefix):
		score = ScoreWordPrefix
	case allWords(qw, nw, sameStem):
		score = ScoreWordStem
	case len(query) >= 3 && strings.Contains(n, query):
		score = ScoreSubstring
	}
	if score > 0 && !canonical {
		score -= altPenalty
	}
	return score
}

// allWords reports whether every query word matches some name word.
func allWords(qw, nw []string, match func(name, query string) bool) bool {
	for _, q := range qw {
		found := false
		for _, w := range nw {
			if match(w, q) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return len(qw) > 0
}
