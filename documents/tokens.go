package documents

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is a word of a unit's text with its punctuation peeled off: core
// is text[cs:ce] (offsets in the unit).
type token struct {
	raw        string
	cs, ce     int
	core       string
	trail      string // punctuation after the core
	openParen  bool
	quoteStart bool
}

func tokenize(s string) []token {
	var out []token
	i := 0
	for i < len(s) {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' {
			j++
		}
		if i == j {
			break
		}
		raw := s[i:j]
		cs, ce := i, j
		lead := strings.TrimLeft(raw, "„\"“(«'")
		if rest := strings.TrimLeft(lead, "-–"); rest != lead && rest != "" {
			if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) {
				lead = rest // "Pałuki -Wspólna Sprawa": a dash run into the next word
			}
		}
		cs += len(raw) - len(lead)
		core := strings.TrimRight(lead, ",.;:)”\"’'»!?")
		ce = cs + len(core)
		out = append(out, token{raw: raw, cs: cs, ce: ce, core: core, trail: lead[len(core):],
			openParen: strings.HasPrefix(raw, "("), quoteStart: len(lead) < len(raw) && !strings.HasPrefix(raw, "(")})
		i = j
	}
	return out
}

func isCap(t token) bool {
	r, _ := utf8.DecodeRuneInString(t.core)
	return unicode.IsUpper(r)
}

func isDigitLed(t token) bool {
	r, _ := utf8.DecodeRuneInString(t.core)
	return unicode.IsDigit(r)
}

// connectors may stand inside a name between capitalised words.
var connectors = set("for of and the de des la le du di der für am an on & – - du et y against")

// stops ends a name at its last word ("Kraków," ends the name).
func stops(t token) bool { return strings.ContainsAny(t.trail, ",.;:)!?”\"»") }

// capRun reads a name starting at token i: capitalised words, joined by
// connectors. It returns the index after the name.
func capRun(ts []token, i int) int { return capRunAnd(ts, i, true) }

// capRunAnd is capRun that, in a list already running ("Lyon, Milan and
// Rotterdam"), does not take "and" or "i" into a name.
func capRunAnd(ts []token, i int, and bool) int {
	if i >= len(ts) || !isCap(ts[i]) || ts[i].openParen {
		return i
	}
	j := i + 1
	if stops(ts[i]) {
		return j
	}
	for j < len(ts) {
		t := ts[j]
		if t.openParen {
			break
		}
		if datePart(ts, j) {
			break // "Eurocities October 1995": a date ends the name
		}
		if nameStops[strings.ToLower(t.core)] {
			if j-1 > i && utf8.RuneCountInString(ts[j-1].core) == 1 && ts[j-1].core != "I" {
				j-- // "… Euroregionu Pradziad J Pomimo …": a stray letter where a sentence ended
			}
			break // "Związku Miast Polskich Uchwałą Nr XXV/163/92": a resolution, not the name
		}
		// a number ends a name ("Agenda 21"), unless a month follows it:
		// "przystąpiła do ALDA 10 grudnia 2007 roku" is a date's day
		if isCap(t) || isDigitLed(t) && j > i && len(t.core) <= 3 && !(j+1 < len(ts) && months[strings.ToLower(ts[j+1].core)] != 0) {
			j++
			if stops(t) {
				break
			}
			continue
		}
		// A run of connectors ("of the") joins two capitalised words.
		k := j
		for k < len(ts) && k-j < 3 && connectors[strings.ToLower(ts[k].core)] && (and || strings.ToLower(ts[k].core) != "and") && ts[k].trail == "" {
			k++
		}
		if k > j && k < len(ts) && isCap(ts[k]) && !ts[k].openParen && !datePart(ts, k) {
			j = k
			continue
		}
		break
	}
	return j
}

// nameStops: capitalised words that open what follows a name, never a
// word of it: a resolution ("Uchwałą Nr …") or an order.
var nameStops = set("uchwała uchwałą uchwały uchwale uchwał nr zarządzenie zarządzeniem resolution decision decree pomimo mimo jednak ponadto dzięki według podczas natomiast dlatego ponieważ chociaż however despite although")

// datePart: token i is a month written next to a day or year ("on
// October 20, 1995", "in May 2004"), not a word of a name.
func datePart(ts []token, i int) bool {
	if months[strings.ToLower(ts[i].core)] == 0 {
		return false
	}
	return i+1 < len(ts) && isDigitLed(ts[i+1]) || i > 0 && isDigitLed(ts[i-1])
}

// span returns the text of tokens i..j-1 as written.
func span(s string, ts []token, i, j int) string {
	if i >= j {
		return ""
	}
	return s[ts[i].cs:ts[j-1].ce]
}

var gluedRE = regexp.MustCompile(`^(\p{Lu}{2,})(\p{Lu}\p{Ll}+)$`)

// unglue splits "EUROCITIESBydgoszcz" (a heading run into the next
// paragraph when a page's blocks lose their breaks) and returns the last
// part and its offset in the word.
func unglue(w string) (string, int) {
	if m := gluedRE.FindStringSubmatchIndex(w); m != nil {
		return w[m[4]:m[5]], m[4]
	}
	return w, 0
}

// commonCaps are capitalised words that start sentences or name kinds of
// things, never a city.
var commonCaps = set("die der das stadt landeshauptstadt hansestadt ponadto również także dodatkowo aktualnie natomiast moreover furthermore additionally currently also miasto miasta gmina stołeczne stołecznego miejska miejskiej stowarzyszenie stowarzyszenia organizacja organizacje sieć sieci związek fundacja urząd obecnie dzięki celem członkostwo przystąpienie przynależność jest to ten ta te on ona ono oni w z na we od do po the it this that today city town our we its members member association network organisation organization in since from a an with as by")

// nominative guesses the nominative of a Polish city name written in the
// genitive ("Barcelony" → "Barcelona", "Frankfurtu" → "Frankfurt",
// "Antwerpii" → "Antwerpia"). It is only a suggestion for a new node's
// name: the form as written is kept as an other name, and the curator
// edits the proposal when the guess is wrong.
func nominative(w string) string {
	r := []rune(w)
	n := len(r)
	if n < 5 {
		return w
	}
	last := string(r[n-1])
	prev := r[n-2]
	vowel := strings.ContainsRune("aeiouyąęó", unicode.ToLower(prev))
	switch {
	case strings.HasSuffix(w, "ii"):
		return string(r[:n-1]) + "a"
	case last == "y" && !vowel:
		return string(r[:n-1]) + "a"
	case last == "u" && !vowel:
		return string(r[:n-1])
	}
	return w
}
