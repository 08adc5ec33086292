package documents

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"citynet/graph"
)

// months maps the forms of month names (Polish nominative, genitive and
// locative, English, German) to their numbers.
var months = map[string]int{}

func init() {
	forms := [][]string{
		{"styczeń", "stycznia", "styczniu", "january", "jan", "januar"},
		{"luty", "lutego", "lutym", "february", "feb", "februar"},
		{"marzec", "marca", "marcu", "march", "mar", "märz"},
		{"kwiecień", "kwietnia", "kwietniu", "april", "apr"},
		{"maj", "maja", "maju", "may", "mai"},
		{"czerwiec", "czerwca", "czerwcu", "june", "jun", "juni"},
		{"lipiec", "lipca", "lipcu", "july", "jul", "juli"},
		{"sierpień", "sierpnia", "sierpniu", "august", "aug"},
		{"wrzesień", "września", "wrześniu", "september", "sep", "sept"},
		{"październik", "października", "październiku", "october", "oct", "oktober"},
		{"listopad", "listopada", "listopadzie", "november", "nov"},
		{"grudzień", "grudnia", "grudniu", "december", "dec", "dezember"},
	}
	for i, fs := range forms {
		for _, f := range fs {
			months[f] = i + 1
		}
	}
}

// dateMention is a date the text states, with the precision it states.
type dateMention struct {
	date       graph.Date
	start, end int  // span in the unit's text
	since      bool // introduced by "od", "since", "from"
	until      bool // introduced by "do", "until", "to"
}

var (
	monthAlt = `(?:(?:stycz(?:eń|nia|niu)|lut(?:y|ego|ym)|mar(?:zec|ca|cu)|kwie(?:cień|tnia|tniu)|maj[au]?|czerw(?:iec|ca|cu)|lip(?:iec|ca|cu)|sierp(?:ień|nia|niu)|wrze(?:sień|śnia|śniu)|październik(?:a|u)?|listopad(?:a|zie)?|grud(?:zień|nia|niu)|january|february|march|april|may|june|july|august|september|october|november|december|januar|februar|märz|mai|juni|juli|oktober|dezember)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?:\.|\b))`
	yearAlt  = `(1[89]\d\d|20\d\d)`
	// a year ends a word, or runs into the "r." of "roku" ("od 2000r.")
	yearEnd   = `(?:\b|r\b)`
	isoDateRE = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	// "20 października 1995", "20th October 1995", "22nd of February 1998"
	dayMonthRE = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?` + monthAlt + `(?:,?\s+` + yearAlt + `)?`)
	monthDayRE = regexp.MustCompile(`(?i)\b` + monthAlt + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+` + yearAlt)
	monthYrRE  = regexp.MustCompile(`(?i)\b` + monthAlt + `,?\s+` + yearAlt)
	// "20.10.1995", "12.05.2000 r.", "04-11-2015r.": day first, as written
	// in Europe; with slashes only when the order cannot be mistaken (a
	// part above 12).
	numDateRE = regexp.MustCompile(`\b(\d{1,2})([./-])(\d{1,2})([./-])` + yearAlt + yearEnd)
	// "12 V 2000", "12.V.2000": a Roman month, as Polish dates may be written.
	romanDateRE = regexp.MustCompile(`\b(\d{1,2})\.?\s*(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\.?\s*` + yearAlt + yearEnd)
	yearRE      = regexp.MustCompile(`\b` + yearAlt + yearEnd)
	rangeRE     = regexp.MustCompile(`\b(1[89]\d\d|20\d\d)\s*[-–]\s*(1[89]\d\d|20\d\d)\b`)
	sinceWord   = regexp.MustCompile(`(?i)(?:\bod|\bsince|\bfrom|\bod\s+roku|\bseit(?:\s+(?:dem\s+Jahr|Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember))?)\s*$`)
	untilWord   = regexp.MustCompile(`(?i)(?:\bdo|\buntil|\btill|\bbis|\bfrom\s+\S+(?:\s+\S+){0,2}\s+to)\s*$`)
)

// findDates returns the dates s states, left to right, each at the most
// precise reading the text supports ("15 października" is --10-15, "od
// listopada 2005 r." is 2005-11, "w 1992 roku" is 1992). A year is never
// added to a day or month the text gives without one; ranges ("2010-2012")
// are not read as two dates of one fact.
func findDates(s string) []dateMention {
	taken := make([]bool, len(s)+1)
	var out []dateMention
	add := func(d string, a, b int) {
		for i := a; i < b; i++ {
			if taken[i] {
				return
			}
		}
		date, err := graph.ParseDate(d)
		if err != nil {
			return
		}
		for i := a; i < b; i++ {
			taken[i] = true
		}
		before := s[:a]
		out = append(out, dateMention{date: date, start: a, end: b, since: sinceWord.MatchString(before), until: untilWord.MatchString(before)})
	}
	for _, m := range rangeRE.FindAllStringIndex(s, -1) {
		for i := m[0]; i < m[1]; i++ {
			taken[i] = true
		}
	}
	for _, m := range isoDateRE.FindAllStringSubmatchIndex(s, -1) {
		add(s[m[0]:m[1]], m[0], m[1])
	}
	for _, m := range numDateRE.FindAllStringSubmatchIndex(s, -1) {
		a, _ := strconv.Atoi(s[m[2]:m[3]])
		b, _ := strconv.Atoi(s[m[6]:m[7]])
		if s[m[4]:m[5]] != s[m[8]:m[9]] {
			continue // "1.2/2005" is no date
		}
		day, mon := a, b
		if s[m[4]:m[5]] == "/" {
			switch {
			case a > 12 && b <= 12:
			case b > 12 && a <= 12:
				day, mon = b, a
			default:
				continue // 03/04/2005: March or April? propose less
			}
		}
		if mon < 1 || mon > 12 {
			continue
		}
		add(fmt.Sprintf("%s-%02d-%02d", s[m[10]:m[11]], mon, day), m[0], m[1])
	}
	for _, m := range romanDateRE.FindAllStringSubmatchIndex(s, -1) {
		day, _ := strconv.Atoi(s[m[2]:m[3]])
		mon := romanMonths[s[m[4]:m[5]]]
		add(fmt.Sprintf("%s-%02d-%02d", s[m[6]:m[7]], mon, day), m[0], m[1])
	}
	for _, m := range dayMonthRE.FindAllStringSubmatchIndex(s, -1) {
		day, _ := strconv.Atoi(s[m[2]:m[3]])
		mon := months[strings.ToLower(monthOf(s[m[0]:m[1]]))]
		if m[4] >= 0 {
			add(fmt.Sprintf("%s-%02d-%02d", s[m[4]:m[5]], mon, day), m[0], m[1])
		} else {
			add(fmt.Sprintf("--%02d-%02d", mon, day), m[0], m[1])
		}
	}
	for _, m := range monthDayRE.FindAllStringSubmatchIndex(s, -1) {
		day, _ := strconv.Atoi(s[m[2]:m[3]])
		mon := months[strings.ToLower(monthOf(s[m[0]:m[1]]))]
		add(fmt.Sprintf("%s-%02d-%02d", s[m[4]:m[5]], mon, day), m[0], m[1])
	}
	for _, m := range monthYrRE.FindAllStringSubmatchIndex(s, -1) {
		mon := months[strings.ToLower(monthOf(s[m[0]:m[1]]))]
		add(fmt.Sprintf("%s-%02d", s[m[2]:m[3]], mon), m[0], m[1])
	}
	for _, m := range yearRE.FindAllStringSubmatchIndex(s, -1) {
		add(s[m[2]:m[3]], m[0], m[1])
	}
	sortMentions(out)
	return out
}

var romanMonths = map[string]int{"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12}

// monthOf returns the month word inside a matched date.
func monthOf(m string) string {
	for _, w := range strings.Fields(m) {
		w = strings.Trim(strings.ToLower(w), ".,")
		if _, ok := months[w]; ok {
			return w
		}
	}
	return ""
}

func sortMentions(ds []dateMention) {
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j].start < ds[j-1].start; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}
