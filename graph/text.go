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
	return mobileE(a, b) || mobileE(b, a)
}

// dropMobileE returns the stem of a folded nominative whose last syllable
// loses its e in every other case (the Polish mobile e: "Związek" →
// "Związku", "Związkiem"; "Bolesławiec" → "Bolesławca"), or "" when the
// word does not end that way. Only -ek/-ec (and -iek/-iec) are read: the
// endings where the e is nearly always mobile. The stem keeps at least
// four letters, so short words ("Genek", "wiek") stay themselves.
func dropMobileE(word string) string {
	n := len(word)
	if n < 5 || (word[n-1] != 'k' && word[n-1] != 'c') || word[n-2] != 'e' {
		return ""
	}
	cut := n - 2
	if word[cut-1] == 'i' {
		cut--
	}
	if cut < 4 || strings.IndexByte("aeiouy", word[cut-1]) >= 0 {
		return ""
	}
	return word[:cut] + word[n-1:]
}

// mobileE reports whether b is an oblique case of the nominative a with a
// mobile e: b with a case ending removed (never the bare word, which is
// how "Genk" does not become an inflection of "Genek") is a's stem.
func mobileE(a, b string) bool {
	m := dropMobileE(a)
	if m == "" || !strings.HasPrefix(b, m) {
		return false
	}
	// After k the instrumental is -iem ("Związkiem"), which endings does not list.
	for _, e := range append([]string{"iem"}, endings[1:]...) {
		if len(b) == len(m)+len(e) && strings.HasSuffix(b, e) {
			return true
		}
	}
	return false
}

// MobileEForms returns the other forms of a folded word under the mobile
// e (see dropMobileE): a nominative's stem ("zwiazek" → "zwiazk") and, for
// a word in an oblique case, the nominatives it may come from ("zwiazku" →
// "zwiazek", "zwiaziek"), so that a store searching by prefix finds the
// names MatchFolded relates to the word.
func MobileEForms(word string) []string {
	var out []string
	if m := dropMobileE(word); m != "" {
		out = append(out, m)
	}
	for _, e := range endings[1:] {
		if !strings.HasSuffix(word, e) || len(word)-len(e) < 5 {
			continue
		}
		stem := word[:len(word)-len(e)]
		n := len(stem)
		if last := stem[n-1]; (last == 'k' || last == 'c') && strings.IndexByte("aeiouy", stem[n-2]) < 0 {
			for _, f := range []string{stem[:n-1] + "e" + stem[n-1:], stem[:n-1] + "ie" + stem[n-1:]} {
				if dropMobileE(f) == stem {
					out = append(out, f)
				}
			}
		}
	}
	return out
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
