package documents

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"citynet/graph"
)

// Lists of a city's networks under a lead ("Miasto należy do następujących
// organizacji:", "The City is a member of:") and the entries, items and
// fields they give.

// memberList reads lists: items under a lead sentence "<city> jest
// członkiem N organizacji …:" or "Miasto należy do …:" are networks of
// the city; "członkami stowarzyszenia są: A, B oraz C" (inline or as
// items) are cities of the network the page is about.
var (
	citiesAreRE = regexp.MustCompile(`(?i)\b(?:członkami|members)\b[^:]{0,160}:\s*`)
	leadNetsRE  = regexp.MustCompile(`(?i)(członkiem|należy\s+do|do\s+których\s+należy|is\s+a\s+member\s+of|belongs\s+to|member\s+of\s+the\s+following|of\s+which\s+[^.:;]{1,60}?\s+is\s+(?:currently\s+|now\s+|also\s+)?a\s+member\b)`)
	// ofWhichIsRE finds the verb of "(networks) of which Glasgow City
	// Council is currently a member", whose subject stands before it.
	ofWhichIsRE = regexp.MustCompile(`(?i)\s(is)\s+(?:currently\s+|now\s+|also\s+)?a\s+member$`)
	nationalRE  = regexp.MustCompile(`(?i)krajow|national`)
)

// leadCity is the city a list's lead says is a member of what the list
// names: the lead's subject ("Gdańsk jest członkiem:"), the subject after
// its verb ("Organizacje, do których należy Gdańsk:"), or the page's city
// ("The city is a member of:"); nil when the lead states no city's
// membership ("The network is a member of:").
func (r *reader) leadCity(lead *unit) (*entity, graph.Resolution) {
	m := leadNetsRE.FindStringIndex(lead.norm)
	if m == nil {
		return nil, graph.Resolution{}
	}
	verb := m[0]
	if a := auxRE.FindStringIndex(lead.norm[:m[0]]); a != nil {
		verb = a[0] // "Gdańsk jest członkiem", "Riga is a member of"
	}
	if w := ofWhichIsRE.FindStringSubmatchIndex(lead.norm[m[0]:m[1]]); w != nil {
		verb = m[0] + w[2]
	}
	subj, _, _ := subjectBefore(lead.norm, verb)
	home := false
	if subj == "" {
		// "Organizacje, do których należy Gdańsk:", "… do
		// których należy miasto:": the subject after the verb
		after := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(lead.norm[m[1]:]), ":"))
		ts := tokenize(after)
		switch {
		case leadCityWords[strings.ToLower(after)]:
			home = true
		case len(ts) > 0 && len(ts) <= 3 && capRun(ts, 0) == len(ts):
			subj = after
		default:
			// "The city is a member of:", "Member of:"; not
			// "The network is a member of:"
			home = cityRef(lead.norm, verb) || leadCityRef.MatchString(lead.norm[:verb]) || strings.TrimSpace(lead.norm[:verb]) == ""
		}
	}
	var city *entity
	var cres graph.Resolution
	switch {
	case subj != "" && (notACity(subj) || r.g.known(graph.TypeCountry, subj) || r.g.known(graph.TypeNetwork, subj) && !r.g.known(graph.TypeCity, subj)):
		return nil, graph.Resolution{}
	case subj != "":
		cres, city = r.g.resolve(graph.TypeCity, "city", subj, "")
	case home && r.homeCity() != nil:
		city = r.homeCity()
		cres = resolutionOf(city, "city")
	}
	return city, cres
}

func (r *reader) memberList(u *unit) {
	switch u.kind {
	case kSentence:
		m := citiesAreRE.FindStringIndex(u.norm)
		if m == nil {
			return
		}
		if hasRE.MatchString(u.norm[:m[0]]) {
			return // "Rostock has 3 members:": whose? memberCities reads "The network has …"
		}
		if notMembersRE.MatchString(u.norm[:m[1]]) || bodyLead(u.norm[:m[1]]) {
			return // "Partner cities' members:", "Members of the Executive Committee:"
		}
		// The network the section is about, else the page's.
		net := r.contextNetwork(u)
		if net == nil {
			net = r.topic
		}
		if net == nil {
			return // whose members? propose less
		}
		country := r.g.country(u.norm[:m[0]])
		items := cityItems(u.norm[m[1]:], m[1])
		spanOf := map[string][2]int{}
		if len(items) == 0 && m[1] == len(u.norm) {
			// "Poniżej lista samorządów będących członkami Związku:"
			// and then the members one a paragraph
			for _, v := range r.nameLinesAfter(u) {
				items = append(items, nameAt{text: v.norm})
				spanOf[v.norm] = unitSpan(v)
			}
		}
		for _, n := range items {
			if r.g.known(graph.TypeNetwork, n.text) || !r.readsAsCity(n.text) {
				continue
			}
			cres, city := r.g.resolve(graph.TypeCity, "city", n.text, "")
			if city.isNew && city.country == "" {
				city.country = country
				cres.Country = country
			}
			nres := graph.Resolution{Role: "network", Type: graph.TypeNetwork, Text: net.name, ID: net.id, Name: net.name, Match: matchOf(net)}
			ms := &graph.Membership{CityID: city.id, NetworkID: net.id, Status: graph.StatusMember}
			spans := [][2]int{unitSpan(u)}
			if sp, ok := spanOf[n.text]; ok {
				spans = append(spans, sp)
			}
			r.add(&fact{section: "memberships", ents: []graph.Resolution{cres, nres}, rec: ms, spans: spans, conf: 0.8,
				summary: fmt.Sprintf("%s is a member of %s", city.name, net.name),
				key:     "memberships|" + city.id + "|" + net.id, news: []*entity{city, net}})
		}
	case kItem:
		lead := u.lead
		if lead == nil {
			return
		}
		// "Miasto jest członkiem 15 organizacji. Są to …:": the
		// sentence before the lead may be the one naming the relation.
		if !leadNetsRE.MatchString(lead.norm) && lead.prev != nil {
			lead = lead.prev
		}
		city, cres := r.leadCity(lead)
		if city == nil {
			return
		}
		text, st := strings.TrimRight(u.norm, ".;, "), graph.StatusMember
		if m := itemStatusRE.FindStringSubmatchIndex(text); m != nil {
			// "C40 Cities Climate Leadership Group (Associate Member)"
			text, st = text[:m[0]], statusOf(text[m[2]:m[3]])
		}
		if m := designationRE.FindStringIndex(text); m != nil && m[0] > 0 {
			text = text[:m[0]] // "UNESCO Creative Cities Network (City of Music)": the city's title in it
		}
		item, since := splitItem(text, accessionLead.MatchString(lead.norm) || accessionLead.MatchString(u.lead.norm))
		if m := itemSeatRE.FindStringIndex(item); m != nil && m[0] > 0 {
			item = item[:m[0]] // "Związek Miast Polskich z siedzibą w Poznaniu": its seat, not its name
		}
		item, acr := splitAcronym(item)
		if m := describedName.FindStringSubmatchIndex(item); m != nil {
			item = item[m[3]:] // "The urban programme Urbiscoop": the name is the capitalised part
		}
		if item == "" || len(strings.Fields(item)) > 12 {
			return // a sentence, not a name
		}
		if first, _ := utf8.DecodeRuneInString(strings.TrimLeft(item, "„\"“'«")); !unicode.IsUpper(first) && !unicode.IsDigit(first) {
			return // "cooperation with partner cities …": no name
		}
		r.addMembership(u, city, cres, item, since, "", st, 0.85, []*unit{lead, u.lead})
		r.acronym(item, acr)
		if nationalRE.MatchString(lead.norm) {
			r.national(item)
		}
	}
}

// leadTail is what a lead sentence says after its lead ("…; it signed
// the Covenant of Mayors in 2011"), after its first semicolon.
func leadTail(s string) string {
	if i := strings.IndexByte(s, ';'); i >= 0 {
		return s[i+1:]
	}
	return ""
}

// nameLinesAfter returns the units after a lead ending in a colon that
// are each a short capitalised name alone on its line ("Bełżyce",
// "Nałęczów"), up to the first that is not.
func (r *reader) nameLinesAfter(lead *unit) []*unit {
	i := r.index(lead)
	if i < 0 {
		return nil
	}
	var out []*unit
	for _, v := range r.units[i+1:] {
		ts := tokenize(v.norm)
		if len(ts) == 0 || len(ts) > 4 || capRun(ts, 0) < len(ts) || strings.ContainsAny(v.norm, ".:;,") || !r.readsAsCity(v.norm) {
			break
		}
		out = append(out, v)
	}
	return out
}

// networkEntries reads the networks that follow a lead stating a city's
// membership of several ("Oslo is a member of a number of international
// networks and organisations:", "Växjö Municipality is a member of
// several networks …") when they come as entries rather than list
// items: each a heading ("The Covenant of Mayors", "Energy Cities
// (Energie Cité)") or a paragraph opening with the network's name ("The
// Carbon Neutral Cities Alliance (CNCA) is a collaboration of …"). A
// heading of the list ("International networks") is passed over; any
// other heading ends the entries.
func (r *reader) networkEntries(u *unit) {
	if u.kind != kSentence || !(strings.HasSuffix(u.norm, ":") || leadSentence.MatchString(u.norm)) {
		return
	}
	i := r.index(u)
	if i < 0 || i+1 >= len(r.units) || r.units[i+1].lead == u {
		return // items follow: memberList reads them
	}
	// "Zaragoza is a member of numerous European Initiatives; it signed
	// the Covenant of Mayors … is a full member of the EUROCITIES
	// initiative": a lead whose own paragraph goes on to name networks
	// has named them; the headings further down are not its entries
	if !strings.HasSuffix(u.norm, ":") {
		for v := u; v != nil && (v == u || v.prev != nil); {
			text := v.norm
			if v == u {
				text = leadTail(u.norm)
			}
			for _, m := range r.clauseMentions(text, tokenize(text)) {
				if !m.refers {
					return
				}
			}
			j := r.index(v) + 1
			if j >= len(r.units) || r.units[j].prev != v {
				break
			}
			v = r.units[j]
		}
	}
	var city *entity
	var cres graph.Resolution
	for n, v := range r.units[i+1:] {
		if n >= maxEntries {
			return
		}
		name := ""
		switch v.kind {
		case kHeading:
			name = headingName(v.norm)
			if partnerHeading.MatchString(name) {
				return // "Partner Cities": another section
			}
			if listHeading.MatchString(name) && !namedKind.MatchString(name) {
				continue // "International networks"
			}
			if !entryName(name) {
				return // another section
			}
		case kSentence:
			if v.prev != nil {
				continue
			}
			if m := opensWithName.FindStringSubmatch(v.norm); m != nil && entryName(m[1]) {
				name = m[1]
			}
		}
		if name == "" {
			continue
		}
		if city == nil {
			if city, cres = r.leadCity(u); city == nil {
				return
			}
		}
		name = strings.TrimPrefix(name, "The ")
		name, acr := splitAcronym(name)
		if a, rest := leadingAcronym(name); a != "" {
			name, acr = rest, a // "UBC Union of the Baltic Cities"
		}
		r.addMembership(v, city, cres, name, "", "", graph.StatusMember, 0.75, []*unit{u})
		r.acronym(name, acr)
	}
}

// maxEntries bounds how far past its lead networkEntries reads.
const maxEntries = 80

// opensWithName: a paragraph that opens by saying what a named thing
// is: "C40 Cities Climate Leadership Group is a network of …".
var opensWithName = regexp.MustCompile(`^((?:The\s+)?\p{Lu}[^.,;:]{1,100}?)\s+(?:is|was)\s+(?:a|an|the)\s`)

// entryName: a heading or a paragraph's subject that names a network.
func entryName(name string) bool {
	return headingIsName(name) && networkish(name) && !governingBody(name) && !genericNetwork(strings.TrimPrefix(name, "The ")) &&
		!partnerHeading.MatchString(name)
}

// partnerHeading: a section of twinned or partner cities, which are no
// network however they are named ("Partner Cities", "Sister Cities").
var partnerHeading = regexp.MustCompile(`(?i)\b(?:partner|twin|sister|miasta\s+partnerskie|bliźniacze)`)

// leadingAcronym splits "UBC Union of the Baltic Cities" into its
// acronym and the name it abbreviates, when the acronym's letters are the
// capitals of the name's words.
func leadingAcronym(name string) (string, string) {
	first, rest, ok := strings.Cut(name, " ")
	if !ok || len(first) < 2 || strings.ToUpper(first) != first || strings.ToLower(first) == first {
		return "", name
	}
	var caps strings.Builder
	for _, w := range strings.Fields(rest) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			caps.WriteRune(r)
		}
	}
	if caps.String() != first {
		return "", name
	}
	return first, rest
}

// designationRE: a title a network gives the city, in parentheses after
// the network's name.
var designationRE = regexp.MustCompile(`\s*\((?:UNESCO\s+)?(?:City|Town)\s+of\s+[^()]+\)$`)

// itemStatusRE: an item's closing parenthesis that gives the standing
// of the membership, not a name or a date.
var itemStatusRE = regexp.MustCompile(`(?i)\s*\(((?:full|associate|associated|affiliate|pełny|pełnoprawny|stowarzyszony)\s+(?:member|członek)|observer|obserwator)\)$`)

var hasRE = regexp.MustCompile(`(?i)\b(?:has|have|had|ma|mają|miał[ao]?|posiada|liczy)\b`)

var (
	auxRE         = regexp.MustCompile(`(?i)\b(?:jest|był[oa]?|pozostaje|is|was|has\s+been|remains)\s+(?:(?:also|still|now|an?|full|active|pełnym|aktywnym)\s+)*$`)
	leadCityWords = set("miasto nasze miasto the city our city the town our town gmina")
	// leadCityRef: "Organisations the city belongs to", "Sieci, do
	// których należy nasze miasto"
	leadCityRef = regexp.MustCompile(`(?i)(?:\b(?:the|our)\s+(?:city|town)|\bmiasto|\bgmina)\s*$`)
)

// accessionLead: a lead that says the years its items give are the
// years of joining ("… (year of accession in brackets):").
var accessionLead = regexp.MustCompile(`(?i)accession|joined|joining|member\s+since|przystąpieni|wstąpieni|członkiem\s+od|rok\s+przyjęcia|data\s+przyjęcia`)

var (
	itemParenRE = regexp.MustCompile(`\s*\(([^()]*)\)$`)
	itemDashRE  = regexp.MustCompile(`\s+[–—-]\s+|,\s+|:\s+`)
	// resolutionRE: a resolution and its number up to the date it was
	// passed on: "Uchwała nr 6/94 Rady Gminy Kaczory z ", "Resolution No.
	// 12/2003 of the City Council of ".
	resolutionRE = regexp.MustCompile(`(?i)^(?:uchwał\p{L}*\s+(?:nr\s+\S+\s+)?(?:\p{L}+\s+){0,5}?z(?:\s+dnia)?|resolution\s+(?:no\.?\s+\S+\s+)?(?:of\s+the\s+(?:\p{L}+\s+){1,3}?)?(?:of|on|dated))\s+`)
	// itemSeatRE: where an item says the network sits
	itemSeatRE = regexp.MustCompile(`(?i),?\s+(?:z\s+siedzibą|with\s+(?:its\s+)?(?:seat|headquarters|head\s+office))\s+(?:w|we|in)\s+\S.*$`)
	// describedName: an item opening with what it is before its name
	describedName = regexp.MustCompile(`^[Tt]he\s+((?:\p{Ll}+\s+){1,3})\p{Lu}`)
	// appositionStart: "a network of …", "an association …", "the …" after a comma
	appositionStart = regexp.MustCompile(`^(?:(?:a|an)\s|the\s+\p{Ll})`)
	// itemSinceRE: the words before an item's date that make it the
	// membership's start.
	itemSinceRE = regexp.MustCompile(`(?i)^(?:(?:member\s+)?since|from|od|joined(?:\s+in)?|członek\s+od|członkiem\s+od|member\s+from|przystąpienie(?:\s+w)?)\s+`)
)

// splitItem cuts a list item into the network's name and the date of
// joining the item gives: "Eurocities (od 1995 r.)", "Union of the
// Baltic Cities – since 1991", "Energy Cities – a network of local
// authorities" (a description, dropped). A bare year ("Eurocities
// (1986)") may be a founding: it is the membership's only when the lead
// says its years are years of joining.
func splitItem(item string, accession bool) (string, graph.Date) {
	value := func(v string) (graph.Date, bool) {
		marked := false
		if m := itemSinceRE.FindStringIndex(v); m != nil {
			v, marked = v[m[1]:], true
		}
		ds := findDates(v)
		if len(ds) != 1 || strings.TrimSpace(v[:ds[0].start]) != "" || !keyTailRE.MatchString(v[ds[0].end:]) {
			return "", false
		}
		if marked || accession {
			return ds[0].date, true
		}
		return "", true
	}
	if m := itemParenRE.FindStringSubmatchIndex(item); m != nil && m[0] > 0 {
		in := item[m[2]:m[3]]
		if d, ok := value(in); ok {
			return item[:m[0]], d
		}
		if first, _ := utf8.DecodeRuneInString(in); unicode.IsLower(first) || len(findDates(in)) > 0 {
			return item[:m[0]], "" // "(founded in 1998)": of the network, not the membership
		}
		return item, ""
	}
	for _, m := range itemDashRE.FindAllStringIndex(item, -1) {
		rest := item[m[1]:]
		if d, ok := value(rest); ok {
			return item[:m[0]], d
		}
		// "… - Uchwała nr 6/94 Rady Gminy Kaczory z 21.03.1994 r": the
		// resolution the town joined by dates the membership
		if rm := resolutionRE.FindStringIndex(rest); rm != nil && strings.TrimSpace(item[m[0]:m[1]]) != "," {
			if ds := findDates(rest[rm[1]:]); len(ds) > 0 && ds[0].start == 0 {
				return item[:m[0]], ds[0].date
			}
		}
		first, _ := utf8.DecodeRuneInString(rest)
		if strings.TrimSpace(item[m[0]:m[1]]) != "," && unicode.IsLower(first) || appositionStart.MatchString(rest) && strings.TrimSpace(item[m[0]:m[1]]) == "," {
			return item[:m[0]], "" // "– a network of …", "EUROCITIES, a network of …": a description
		}
	}
	return item, ""
}

var acronymParenRE = regexp.MustCompile(`^(.+?)\s*\((\p{Lu}[\p{Lu}0-9&]+)\)$`)

// splitAcronym cuts "Union of the Baltic Cities (UBC)" into the name and
// its acronym, which is the network's other name, not part of its name.
func splitAcronym(name string) (string, string) {
	if m := acronymParenRE.FindStringSubmatch(name); m != nil {
		return m[1], m[2]
	}
	return name, ""
}

// acronym gives the new network named name its acronym as another name.
func (r *reader) acronym(name, acr string) {
	if acr == "" {
		return
	}
	if e, _ := r.g.find(graph.TypeNetwork, name); e != nil && e.isNew {
		if f := graph.Fold(acr); !contains(e.canon, f) && !contains(e.other, f) {
			r.g.addOther(e, f)
		}
	}
}

// national marks a network read from a list of national organisations,
// so a new node gets the NATIONAL scope.
func (r *reader) national(name string) {
	if e, _ := r.g.find(graph.TypeNetwork, strings.TrimRight(name, ".;, ")); e != nil && e.isNew {
		e.country = "national"
	}
}

// splitList splits an inline list "A, B, C oraz D." into names.
func splitList(s string, off int) []nameAt {
	end := strings.IndexAny(s, ".;")
	if end < 0 {
		end = len(s)
	}
	var out []nameAt
	seps := regexp.MustCompile(`\s*,\s*(?:oraz\s+|i\s+|and\s+)?|\s+(?:oraz|i|and)\s+`)
	prev := 0
	body := s[:end]
	for _, m := range append(seps.FindAllStringIndex(body, -1), []int{len(body), len(body)}) {
		item := strings.TrimSpace(body[prev:m[0]])
		start := prev + (len(body[prev:m[0]]) - len(strings.TrimLeft(body[prev:m[0]], " ")))
		prev = m[1]
		if item == "" {
			continue
		}
		ts := tokenize(item)
		if j := capRun(ts, 0); j == 0 || j < len(ts) || len(ts) > 4 {
			return nil // not a plain list of names: propose nothing
		}
		out = append(out, nameAt{text: item, start: off + start, end: off + start + len(item)})
	}
	return out
}
