package documents

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// unit is a piece of the document the rules read: a paragraph sentence, a
// list item or a heading, with its byte span in the document's text and
// the structure around it.
type unit struct {
	kind       unitKind
	start, end int    // span in the document's text
	norm       string // text[start:end] with line breaks and no-break spaces as spaces (same byte offsets)
	heading    *unit  // the nearest heading above
	lead       *unit  // for a list item: the sentence introducing the list (ending in ':')
	para       int    // paragraph number, for sentences
	prev       *unit  // the sentence before, in the same paragraph
}

type unitKind int

const (
	kSentence unitKind = iota
	kItem
	kHeading
	kRow // a row of a table written as text, cells split by "|" or tabs
)

// normalize returns text with every line break and tab as a space and
// every no-break space as two spaces: the same byte length, so offsets in
// the result are offsets in text.
func normalize(text string) string {
	r := strings.NewReplacer("\r", " ", "\n", " ", "\t", " ", "\f", " ", "\u00a0", "  ")
	return r.Replace(text)
}

var bulletRE = regexp.MustCompile(`^[ \t\x{00a0}]*(?:[•·▪◦*–-]|\d{1,2}[.)])[ \t\x{00a0}]+`)

type line struct {
	start, end int
	text       string
}

func lines(text string) []line {
	var out []line
	start := 0
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == '\n' {
			out = append(out, line{start, i, text[start:i]})
			start = i + 1
		}
	}
	return out
}

func blank(s string) bool { return strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " ")) == "" }

// isHeadingLine: short, no sentence punctuation at its end, starts with a
// capital letter.
func isHeadingLine(s string) bool {
	t := strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	if t == "" || utf8.RuneCountInString(t) > 90 || len(strings.Fields(t)) > 12 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(".,;:!?", last) {
		return false
	}
	// "B. Asian Network of Major Cities 21 (ANMC 21)": an outline's
	// label is no sentence
	t = outlineLabel.ReplaceAllString(t, "")
	if len(sentences(t, 0, len(t))) > 1 {
		return false // "The UBC was set up in 1991. Member since: 1993"
	}
	if datedStatement(t) {
		return false // "The City of Sarajevo is a member since June 13, 2016": a sentence without its full stop
	}
	first, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(first) || unicode.IsDigit(first)
}

// datedStatement: a line stating a membership and its start, "X is a
// member since …", "Y jest członkiem od …".
func datedStatement(t string) bool {
	for _, re := range []*regexp.Regexp{memberBareEN, memberBarePL} {
		if m := re.FindStringIndex(t); m != nil && sinceStart.MatchString(t[m[1]:]) {
			return true
		}
	}
	return false
}

var sinceStart = regexp.MustCompile(`^\s+(?:since|od)\s+\S`)

// segment cuts the text into units: headings, sentences of paragraphs and
// list items, each item tied to the sentence that leads its list.
func segment(text string) []*unit {
	norm := normalize(text)
	ls := lines(text)
	var out []*unit
	var heading, lead *unit
	para := 0
	mk := func(k unitKind, s, e int) *unit {
		// trim spaces (in the normalized copy) at both ends
		for s < e && norm[s] == ' ' {
			s++
		}
		for e > s && norm[e-1] == ' ' {
			e--
		}
		return &unit{kind: k, start: s, end: e, norm: norm[s:e], heading: heading, para: para}
	}
	for i := 0; i < len(ls); {
		l := ls[i]
		switch {
		case blank(l.text):
			if i > 0 && bulletRE.MatchString(ls[i-1].text) && !sameListAfter(ls, i) {
				lead = nil // a list ends at a blank line: later bullets (a menu, links) are not its items
			}
			i++
			continue
		case numberedHeading(ls, i):
			// "2. Union of the Baltic Cities", then its entry's text
			m := bulletRE.FindStringIndex(l.text)
			u := mk(kHeading, l.start+m[1], l.end)
			out = append(out, u)
			heading, lead = u, nil
			i++
			continue
		case bulletRE.MatchString(l.text) && !numberedRow(ls, i):
			if i > 0 && bulletRE.MatchString(ls[i-1].text) && numberRE.MatchString(ls[i-1].text) != numberRE.MatchString(l.text) {
				// "- Eurocities" then "2. Twin cities": a numbered line
				// after dashes (or a dash after numbers) is another list
				lead = nil
			}
			m := bulletRE.FindStringIndex(l.text)
			u := mk(kItem, l.start+m[1], l.end)
			u.lead = lead
			if u.start < u.end {
				out = append(out, u)
			}
			i++
			continue
		}
		// A paragraph: lines up to a blank line or a list item. A short
		// unpunctuated line standing alone is a heading, and so is one
		// that stands above a list or above fields ("Union of the Baltic
		// Cities" / "Gdansk's accession date: 30th October 1991"); a
		// line stating a membership's date is never a heading.
		j := i
		for j < len(ls) && !blank(ls[j].text) && (!bulletRE.MatchString(ls[j].text) || numberedRow(ls, j)) {
			j++
		}
		if isHeadingLine(l.text) && !isKeyLine(l.text) && (j == i+1 || i > 0 && bulletRE.MatchString(ls[i-1].text) || isFieldLine(ls[i+1].text) || entryHeading(l.text, ls[i+1].text) || labelledName(l.text)) {
			u := mk(kHeading, l.start, l.end)
			out = append(out, u)
			heading, lead = u, nil
			i++
			continue
		}
		para++
		var prev *unit
		add := func(u *unit) {
			if u.start < u.end {
				u.prev, prev = prev, u
				out = append(out, u)
				if strings.HasSuffix(u.norm, ":") || leadSentence.MatchString(u.norm) && bulletNext(ls, j) {
					lead = u
				} else {
					lead = nil
				}
			}
		}
		// Within the paragraph, a field line ("Member since: 2004") is
		// a unit of its own, and so is each short name line under a line
		// ending in a colon (a list written without bullets); the other
		// lines run together into sentences.
		for k := i; k < j; {
			switch {
			case tableRow(ls, k, i, j):
				u := mk(kRow, ls[k].start, ls[k].end)
				if u.start < u.end {
					u.prev, prev = prev, u
					out = append(out, u)
				}
				lead = nil
				k++
				continue
			case isFieldLine(ls[k].text) || captionLine(ls[k].text):
				add(mk(kSentence, ls[k].start, ls[k].end))
				k++
				continue
			case k > i && lead != nil && strings.HasSuffix(strings.TrimSpace(ls[k-1].text), ":") && nameLine(ls[k].text):
				ld := lead
				for k < j && nameLine(ls[k].text) && !isFieldLine(ls[k].text) {
					u := mk(kItem, ls[k].start, ls[k].end)
					u.lead = ld
					if u.start < u.end {
						out = append(out, u)
					}
					k++
				}
				lead = ld
				continue
			}
			e := k + 1
			for e < j && !tableRow(ls, e, i, j) && !isFieldLine(ls[e].text) && !captionLine(ls[e].text) && !(strings.HasSuffix(strings.TrimSpace(ls[e-1].text), ":") && nameLine(ls[e].text)) {
				e++
			}
			for _, s := range sentences(norm, ls[k].start, ls[e-1].end) {
				add(mk(kSentence, s[0], s[1]))
			}
			k = e
		}
		i = j
	}
	readMore(out)
	return out
}

// cells splits a table row written as text: "A | B", "| A | B |",
// "A\tB". Other lines have no cells.
func cells(s string) []string {
	sep := "|"
	if !strings.Contains(s, sep) {
		sep = "\t"
	}
	parts := strings.Split(s, sep)
	if len(parts) < 2 {
		return nil
	}
	if strings.TrimSpace(parts[0]) == "" && sep == "|" {
		parts = parts[1:]
	}
	if n := len(parts); n > 0 && strings.TrimSpace(parts[n-1]) == "" && sep == "|" {
		parts = parts[:n-1]
	}
	if len(parts) < 2 {
		return nil
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(strings.ReplaceAll(parts[i], "\u00a0", " "))
	}
	return parts
}

// tableRow: line k of the paragraph i..j is a row of a table: it has
// cells, as many as the line above or below it.
func tableRow(ls []line, k, i, j int) bool {
	n := len(cells(ls[k].text))
	if n < 2 {
		return false
	}
	return k > i && len(cells(ls[k-1].text)) == n || k+1 < j && len(cells(ls[k+1].text)) == n
}

// entryHeading: a line that names an organisation, directly above the
// text of its entry ("Union of the Baltic Cities (UBC)" / "The UBC was
// established …"), is that entry's heading, though no blank line
// follows it. A line of running text cut short ("… Aleksander" /
// "Miszalski podkreślił …") rarely both ends in a capitalised word and
// reads as an organisation's name.
func entryHeading(s, next string) bool {
	t := strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	n := strings.TrimSpace(strings.ReplaceAll(next, "\u00a0", " "))
	first, _ := utf8.DecodeRuneInString(n)
	if !unicode.IsUpper(first) || len(strings.Fields(t)) > 8 || strings.Contains(t, ",") {
		return false
	}
	name := headingName(t)
	return headingIsName(name) && networkish(name)
}

var numberRE = regexp.MustCompile(`^[ \t]*\d{1,2}[.)][ \t]+`)

// numberedHeading: line i is a numbered organisation's name standing
// alone, with its entry's text (not another numbered line) after a blank
// line: a heading, not a list item.
// labelledName: "B. Asian Network of Major Cities 21 (ANMC 21)", an
// outline's label and a network's name, heads the text below it though
// no blank line parts them.
func labelledName(s string) bool {
	t := strings.TrimSpace(s)
	m := outlineLabel.FindStringIndex(t)
	if m == nil {
		return false
	}
	name := headingName(t[m[1]:])
	return isHeadingLine(t) && headingIsName(name) && networkish(name)
}

func numberedHeading(ls []line, i int) bool {
	m := numberRE.FindStringIndex(ls[i].text)
	if m == nil || i+1 >= len(ls) || !blank(ls[i+1].text) {
		return false
	}
	k := i + 1
	for k < len(ls) && blank(ls[k].text) {
		k++
	}
	if k >= len(ls) || bulletRE.MatchString(ls[k].text) {
		return false
	}
	name := headingName(strings.TrimSpace(ls[i].text[m[1]:]))
	return isHeadingLine(name) && headingIsName(name) && networkish(name)
}

// fieldRE: "Key: value" with a short key, as pages lay out an entry's
// fields ("Main office: Brussels", "Data przystąpienia: 12 maja 2000 r.").
var fieldRE = regexp.MustCompile(`^\p{Lu}[^:.!?]{0,50}:\s+\S`)

// isFieldLine: a line that is one field of an entry, or that states
// when a membership began ("Membership of Gdynia since 1998").
func isFieldLine(s string) bool {
	t := strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	if isKeyLine(t) {
		return true
	}
	if !fieldRE.MatchString(t) || utf8.RuneCountInString(t) > 100 || strings.HasSuffix(t, ",") {
		return false
	}
	key := t[:strings.IndexByte(t, ':')]
	return len(strings.Fields(key)) <= 5
}

// captionLine: a photograph's credit ("fot. Piotr Bączkiewicz, źródło:
// ZGW RP", "Photo: …"). It ends no sentence of its own, so without this
// the caption and the caption's picture title above it would run into
// the next line's sentence and lend it their names and dates.
func captionLine(s string) bool {
	return captionRE.MatchString(strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " ")))
}

var captionRE = regexp.MustCompile(`^(?i:fot\.|fot:|foto:|photo:|zdjęcie:)\s*\S`)

// nameLine: a short line that can be a name in a list ("Eurocities",
// "Union of the Baltic Cities (since 1991);").
func nameLine(s string) bool {
	t := strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	t = strings.TrimRight(t, ".,;")
	if t == "" || utf8.RuneCountInString(t) > 90 || len(strings.Fields(t)) > 12 || strings.ContainsAny(t, ".!?:") && !strings.Contains(t, "(") {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(first)
}

// abbreviations after which a full stop does not end a sentence.
var abbreviations = set("r m.in tzw np ul św dr prof ok ds nr tj wg pt jw im al fr ang mr mrs dr st inc ltd e.g i.e")

// sentences splits norm[start:end] at a full stop, question or
// exclamation mark followed by a space and a capital letter or a digit,
// except after an abbreviation or an initial.
func sentences(norm string, start, end int) [][2]int {
	var out [][2]int
	s := start
	for i := start; i < end; i++ {
		c := norm[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		if j < end && (norm[j] == '"' || norm[j] == ')') {
			j++
		}
		if j >= end || norm[j] != ' ' {
			continue
		}
		k := j
		for k < end && norm[k] == ' ' {
			k++
		}
		if k >= end {
			continue
		}
		r, _ := utf8.DecodeRuneInString(norm[k:])
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '„' && r != '"' {
			continue
		}
		if c == '.' {
			w := lastWord(norm[s:i])
			if abbreviations[strings.ToLower(w)] || utf8.RuneCountInString(w) == 1 && unicode.IsUpper([]rune(w)[0]) {
				continue
			}
			if lw := strings.ToLower(w); months[lw] != 0 && len(lw) <= 4 && unicode.IsDigit(r) {
				continue // an abbreviated month: "in a Dec. 2019 blog post", "on Jan. 15"
			}
		}
		out = append(out, [2]int{s, j})
		s = k
	}
	if s < end {
		out = append(out, [2]int{s, end})
	}
	return out
}

func lastWord(s string) string {
	s = strings.TrimRight(s, " ")
	i := strings.LastIndexAny(s, " (")
	return s[i+1:]
}

// sameListAfter: the blank line i stands between two items of one list
// written one item a paragraph (as HTML lists are written out), with the
// same marker at the same indent.
func sameListAfter(ls []line, i int) bool {
	n := i
	for n < len(ls) && blank(ls[n].text) {
		n++
	}
	if n >= len(ls) || i == 0 {
		return false
	}
	if i >= 2 && !blank(ls[i-2].text) {
		return false // items written one under another, then a gap: the list ended
	}
	a, b := bulletRE.FindString(ls[i-1].text), bulletRE.FindString(ls[n].text)
	return a != "" && a == b
}

// readMoreRE: the link a blog-like listing puts under each entry's
// summary, naming the entry: "Czytaj więcej: Stowarzyszenie: Związek
// Gmin Jurajskich", "Read more: Union of the Baltic Cities".
var readMoreRE = regexp.MustCompile(`(?i)^(?:czytaj\s+(?:więcej|dalej)|więcej|read\s+more|continue\s+reading)\s*(?:…|\.\.\.)?\s*:\s+(?:(?:stowarzyszenie|związek|organizacja|sieć|article|artykuł)\s*:\s+)?(\S.{1,150})$`)

// readMore makes each "Czytaj więcej: X" line the heading of the entry
// above it (the units back to the previous such line or heading), as
// the title above an entry would be: the listing writes the title only
// in the link below.
func readMore(units []*unit) {
	for i, u := range units {
		m := readMoreRE.FindStringSubmatchIndex(u.norm)
		if m == nil || u.kind == kItem {
			continue
		}
		h := &unit{kind: kHeading, start: u.start + m[2], end: u.end, norm: u.norm[m[2]:], heading: u.heading}
		for j := i - 1; j >= 0; j-- {
			v := units[j]
			if v.kind == kHeading || readMoreRE.MatchString(v.norm) {
				break
			}
			v.heading = h
		}
		*u = *h
	}
}

// numberedRow: a line of a table whose first cell is the row's number
// ("1.\tKościerzyna\t12.05.1999" under "Lp.\tGmina\tData przystąpienia"),
// not a numbered list item: the lines around it have as many cells.
func numberedRow(ls []line, i int) bool {
	n := len(cells(ls[i].text))
	if n < 2 {
		return false
	}
	return i > 0 && len(cells(ls[i-1].text)) == n || i+1 < len(ls) && len(cells(ls[i+1].text)) == n
}

// bulletNext: the first line at or after j that is not blank is a list item.
func bulletNext(ls []line, j int) bool {
	for j < len(ls) && blank(ls[j].text) {
		j++
	}
	return j < len(ls) && bulletRE.MatchString(ls[j].text)
}

// leadSentence: a sentence that introduces the list after it though it
// ends in a full stop: "Gmina Teresin jest aktywnym członkiem kilku
// związków międzygminnych oraz stowarzyszeń.", "The city is a member of
// several networks.", "The list below outlines the networks of which
// the City Council is currently a member."
var leadSentence = regexp.MustCompile(`(?i)(?:(?:członkiem|należy\s+do|member\s+of|belongs\s+to)\s+(?:\p{L}+\s+){0,2}?(?:kilku|następujących|wielu|licznych|several|various|numerous|a\s+number\s+of|the\s+following|\d+)\s+[^.]*|of\s+which\s+[^.:;]{1,60}?\s+is\s+(?:currently\s+|now\s+|also\s+)?a\s+member)\.$`)
