package documents

import (
	"regexp"
	"slices"
	"strings"

	"citynet/graph"
)

// Key lines: pages that list organisations often give each one an entry
// (a heading naming the organisation, then fields), and state the city's
// membership as a field: "Gdansk's accession date: 20th October 1995",
// "Member since: 2004", "Data przystąpienia: 12 maja 2000 r.", "Członek
// od 1998 r.", "Membership of Gdynia since 1998". The key names the
// relation and the value is the date, so the date is the membership's by
// the line's own grammar; nothing else may stand in the value.
var (
	possRE = regexp.MustCompile(`^(\p{Lu}[\p{L}\-]*(?:\s+\p{Lu}[\p{L}\-]*){0,2})['’]s\s+`)
	// Names (who: the member, net: the network) are capitalised words,
	// kept case-sensitive inside the (?i) pattern; a network named after
	// "to"/"do" runs to the colon.
	keyNet = `(?:\s+(?:to|do)\s+(?:the\s+)?(?P<net>(?-i:\p{Lu})[^:]{0,80}?)\s*:|\s+(?:to|do)\s+(?:the\s+)?(?:organi[sz]ation|network|association|organizacji|stowarzyszenia|sieci|związku)\s*:)?`
	keyRE  = regexp.MustCompile(`(?i)^(?:` +
		`(?:date|year)\s+of\s+(?:accession|joining|admission|entry|membership)` + keyNet +
		`|(?:accession|joining|admission|membership)\s+(?:date|year)` + keyNet +
		`|membership(?:\s+of\s+(?:the\s+)?(?-i:(?P<who>\p{Lu}[\p{L}\-]*(?:\s+\p{Lu}[\p{L}\-]*){0,2})))?\s+(?:since|from)` +
		`|(?:an?\s+)?(?:(?:full|associate|active|founding|honorary|affiliated)\s+)?member(?:\s+city)?\s+(?:since|from)` +
		`|(?:member|membership|accession|joined)\s*:` +
		`|(?:in|part\s+of)\s+the\s+(?:network|association|organi[sz]ation)\s+since` +
		`|w\s+(?:organizacji|stowarzyszeniu|sieci|związku)\s+od` +
		`|joined(?:\s+(?:in|on))?` +
		`|(?:data|rok|dzień)\s+(?:przystąpienia|wstąpienia|przyjęcia|akcesji)(?:\s+(?:miasta|gminy))?(?:\s+(?-i:(?P<who>\p{Lu}[\p{L}\-]*)))?` + keyNet +
		`|(?:członkostwo|przynależność)(?:\s+(?:miasta|gminy))?(?:\s+(?-i:(?P<who>\p{Lu}[\p{L}\-]*)))?\s+od` +
		`|(?:członek|członkiem)\s+(?:(?:organizacji|stowarzyszenia|sieci|związku)\s+)?od` +
		`|(?:członkostwo|przystąpienie|przynależność)\s*:` +
		`)\s*(?:[:–—-]\s*)?(?:(?:since|from|in|on|od|w|z\s+dniem|dnia)\s+)?`)
	// memberOfRE: "Member of the Union of the Baltic Cities since 2007",
	// "Członek Związku Miast Polskich od 1998 r.": the network named, then
	// the start.
	memberOfRE = regexp.MustCompile(`(?i)^(?:(?:a\s+)?member\s+of\s+|członkiem\s+|członek\s+)`)
	sinceRE    = regexp.MustCompile(`(?i)^\s*,?\s*(?:since|from|od)\s+`)
	keyTailRE  = regexp.MustCompile(`(?i)^\s*(?:r\.?|roku|rok)?\s*[.;]?\s*$`)
)

// keyLine is what a key line states.
type keyLine struct {
	who  string   // the city (or network) it names; "" for the page's city
	of   bool     // who is named as "Membership of X": a city or a network
	nets []nameAt // the networks it names
	date graph.Date
	// nameFirst: the line starts with the name ("X – member since
	// 1991"), which may be the member as well as the network
	nameFirst bool
}

// isKeyLine reports whether a whole line states a membership's start as
// a field.
func isKeyLine(s string) bool {
	_, ok := parseKeyLine(strings.TrimSpace(s))
	return ok
}

// parseKeyLine reads a unit that is a key line, and nothing else.
func parseKeyLine(s string) (keyLine, bool) {
	var k keyLine
	if i := strings.LastIndex(s, "("); i > 0 && strings.HasSuffix(s, ")") && sameDates(s[:i], s[i:]) {
		// "Data przystąpienia: 30 marca 1998 r. (Uchwała Nr IV/18/98 …
		// z dnia 30 marca 1998 r.)": the resolution cited after the
		// value, with the value's date, is no part of it
		s = strings.TrimSpace(s[:i])
	}
	if utf8Len(s) > 120 {
		return k, false
	}
	at := 0
	if m := possRE.FindStringSubmatchIndex(s); m != nil {
		k.who = s[m[2]:m[3]]
		at = m[1]
	}
	rest := s[at:]
	if m := keyRE.FindStringSubmatchIndex(rest); m != nil {
		for g, name := range keyRE.SubexpNames() {
			if g == 0 || m[2*g] < 0 {
				continue
			}
			switch name {
			case "who":
				if k.who != "" {
					return k, false // "Gdansk's membership of Gdynia": whose?
				}
				k.who, k.of = rest[m[2*g]:m[2*g+1]], true
			case "net":
				k.nets = []nameAt{{text: strings.TrimSpace(rest[m[2*g]:m[2*g+1]]), start: at + m[2*g], end: at + m[2*g+1]}}
			}
		}
		return k, k.value(rest[m[1]:])
	}
	if k.who != "" {
		return k, false
	}
	if m := memberOfRE.FindStringIndex(rest); m != nil {
		nets := nameList(rest, m[1])
		if len(nets) == 0 || strings.EqualFold(strings.Fields(rest[m[1]:])[0], "od") {
			return k, false
		}
		sm := sinceRE.FindStringIndex(rest[nets[len(nets)-1].end:])
		if sm == nil {
			return k, false
		}
		k.nets = nets
		return k, k.value(rest[nets[len(nets)-1].end+sm[1]:])
	}
	// "Union of the Baltic Cities – member since 1991", "Eurocities
	// (członek od 2004 r.)": the network, then the field.
	if ts := tokenize(rest); len(ts) > 0 {
		if j := capRun(ts, 0); j > 0 && j < len(ts) {
			name := span(rest, ts, 0, j)
			if sm := nameKeySepRE.FindStringIndex(rest[len(name):]); sm != nil && !strings.ContainsAny(name, "'’") {
				after := strings.TrimRight(strings.TrimSpace(rest[len(name)+sm[1]:]), ")")
				if m := keyRE.FindStringSubmatchIndex(after); m != nil && m[1] > 0 {
					for g, n := range keyRE.SubexpNames() {
						if g > 0 && n != "" && m[2*g] >= 0 {
							return k, false // the line names a member or a network twice
						}
					}
					k.nets = []nameAt{{text: name, start: at, end: at + len(name)}}
					k.nameFirst = true
					return k, k.value(after[m[1]:])
				}
			}
		}
	}
	return k, false
}

// sameDates: value holds a date and note gives none but value's.
func sameDates(value, note string) bool {
	vs := findDates(value)
	if len(vs) == 0 {
		return false
	}
	for _, d := range findDates(note) {
		if !slices.ContainsFunc(vs, func(v dateMention) bool { return v.date == d.date }) {
			return false
		}
	}
	return true
}

var nameKeySepRE = regexp.MustCompile(`^\s*(?:[–—:,-]|\()\s*`)

// value reads the field's value: one date and nothing else of note.
func (k *keyLine) value(v string) bool {
	ds := findDates(v)
	if len(ds) != 1 || strings.TrimSpace(v[:ds[0].start]) != "" || !keyTailRE.MatchString(v[ds[0].end:]) {
		return false
	}
	k.date = ds[0].date
	return true
}

func utf8Len(s string) int { return len([]rune(s)) }

// keyLines proposes the memberships key lines state. The city is the one
// the line names, else the page's; the network is the one the line
// names, else its entry's heading, else the one network its section
// states a membership of the same city in, else the network the page's
// title names. Otherwise nothing: a date with no network is no fact.
func (r *reader) keyLines() {
	for i, u := range r.units {
		if u.kind == kHeading {
			continue
		}
		k, ok := parseKeyLine(u.norm)
		if !ok {
			continue
		}
		nets := k.nets
		if len(nets) == 1 && genericNetwork(nets[0].text) {
			nets = nil // "Członek Stowarzyszenia od 1998 r.": the entry's network
		}
		var city *entity
		var cres graph.Resolution
		who := k.who
		if who != "" && (r.g.known(graph.TypeNetwork, who) || strings.ToUpper(who) == who) {
			// "Membership of EUROCITIES since 2004": the network, not a city
			nets, who = []nameAt{{text: who}}, ""
		}
		if who != "" && k.of {
			// "Membership of X": X is the member when it is a city known
			// (the page's among them); else the member or the
			// organisation? Propose nothing.
			r.homeCity()
			if !r.g.known(graph.TypeCity, who) {
				continue
			}
		}
		switch {
		case who != "":
			if notACity(who) || r.g.known(graph.TypeCountry, who) {
				continue
			}
			nom := ""
			if r.lang == "pl" {
				nom = nominative(who)
			}
			cres, city = r.g.resolve(graph.TypeCity, "city", who, nom)
		default:
			if city = r.homeCity(); city == nil {
				continue
			}
			cres = resolutionOf(city, "city")
		}
		if len(nets) > 0 {
			since := k.date
			if len(nets) > 1 {
				since = ""
			}
			r.homeCity()
			for _, n := range nets {
				if governingBody(n.text) || r.g.known(graph.TypeCity, n.text) && !r.g.known(graph.TypeNetwork, n.text) {
					continue
				}
				if k.nameFirst && !r.g.known(graph.TypeNetwork, n.text) && !networkish(n.text) {
					continue // "Gdynia – member since 1998": of what?
				}
				r.addMembership(u, city, cres, n.text, since, "", graph.StatusMember, 0.8, nil)
			}
			continue
		}
		net := r.headingNetwork(u)
		if net == nil {
			net = r.sectionNetwork(i, city)
		}
		if net == nil && r.titleTopic {
			net = r.topic
		}
		if net == nil {
			continue
		}
		r.addMembershipOf(u, city, cres, net, resolutionOf(net, "network"), "", k.date, "", statusOf(strings.Fields(u.norm)[0]), 0.8, nil)
	}
}

// Membership as a noun: "Tallinn's membership in Eurocities began in
// 1993", "Członkostwo Gdańska w Związku Miast Bałtyckich rozpoczęło się
// w 1991 r.". Only with its start: "X's membership in Y is important"
// states no fact of its own.
var (
	membershipNounEN = regexp.MustCompile(`(?i)(?:^|\s)(?-i:(\p{Lu}[\p{L}\-]+))['’]s\s+(?:membership\s+(?:in|of)|accession\s+to)\s+`)
	membershipNounPL = regexp.MustCompile(`(?i)(?:^|\s)(?:członkostwo\s+(?:miasta\s+)?(?-i:(\p{Lu}[\p{L}\-]+))\s+w|przystąpienie\s+(?:miasta\s+)?(?-i:(\p{Lu}[\p{L}\-]+))\s+do)\s+`)
	membershipStart  = regexp.MustCompile(`(?i)^\s*,?\s*(?:began|started|commenced|dates\s+back\s+to|took\s+place|rozpoczęło\s+się|zaczęło\s+się|trwa\s+od|datuje\s+się\s+od|nastąpiło|miało\s+miejsce)\s+(?:(?:in|on|from|w|od|dnia)\s+)?`)
)

func (r *reader) membershipNouns(u *unit) {
	if u.kind == kHeading {
		return
	}
	for _, re := range []*regexp.Regexp{membershipNounEN, membershipNounPL} {
		for _, m := range re.FindAllStringSubmatchIndex(u.norm, -1) {
			g := 2
			if m[2] < 0 {
				g = 4 // "przystąpienie Gdańska do …"
			}
			who := u.norm[m[g]:m[g+1]]
			nets := nameList(u.norm, m[1])
			if len(nets) != 1 || genericNetwork(nets[0].text) || governingBody(nets[0].text) {
				continue
			}
			sm := membershipStart.FindStringIndex(u.norm[nets[0].end:])
			if sm == nil {
				continue
			}
			v := u.norm[nets[0].end+sm[1]:]
			ds := findDates(v)
			if len(ds) == 0 || ds[0].start != 0 {
				continue
			}
			if notACity(who) || r.g.known(graph.TypeCountry, who) || r.g.known(graph.TypeNetwork, who) && !r.g.known(graph.TypeCity, who) {
				continue
			}
			nom := ""
			if r.lang == "pl" {
				nom = nominative(who)
			}
			cres, city := r.g.resolve(graph.TypeCity, "city", who, nom)
			r.addMembership(u, city, cres, nets[0].text, ds[0].date, "", graph.StatusMember, 0.8, nil)
		}
	}
}

// resolutionOf is how an entity already resolved is named in a proposal.
func resolutionOf(e *entity, role string) graph.Resolution {
	return graph.Resolution{Role: role, Type: e.typ, Text: e.name, ID: e.id, Name: e.name, Match: matchOf(e), Country: e.country}
}

// sectionNetwork is the one network the section around unit i (from its
// heading to the next, or to the next key line) states a membership of
// city in, by a sentence of its own: "Membership of Gdynia since 1998 /
// … Gdynia is a member of the Communes Association …". Several, or
// none: nil.
func (r *reader) sectionNetwork(i int, city *entity) *entity {
	// The section: the key line's paragraph, or the paragraph after it
	// when the line stands alone.
	para := r.units[i].para
	if (i == 0 || r.units[i-1].para != para) && (i+1 >= len(r.units) || r.units[i+1].para != para) {
		para++
	}
	spans := map[[2]int]bool{}
	for j := i - 1; j >= 0 && r.units[j].kind != kHeading && r.units[j].para >= para; j-- {
		if _, ok := parseKeyLine(r.units[j].norm); ok {
			break
		}
		spans[unitSpan(r.units[j])] = true
	}
	for j := i + 1; j < len(r.units) && r.units[j].kind != kHeading && r.units[j].para <= para; j++ {
		if _, ok := parseKeyLine(r.units[j].norm); ok {
			break
		}
		if r.units[j].para == para {
			spans[unitSpan(r.units[j])] = true
		}
	}
	var net string
	for _, f := range r.facts {
		m, ok := f.rec.(*graph.Membership)
		if !ok || m.CityID != city.id || !spans[f.spans[0]] {
			continue
		}
		if net != "" && net != m.NetworkID {
			return nil
		}
		net = m.NetworkID
	}
	if net == "" {
		return nil
	}
	return r.entityOf(net)
}

// headingNetwork is the network a unit's heading names, when the heading
// is a name: "UCEU, Union of Capitals of the European Union", "European
// Cities Marketing (ECM)", "Polish Communes in the Baltic Euro-Region".
func (r *reader) headingNetwork(u *unit) *entity {
	h := u.heading
	if h == nil {
		return nil
	}
	name := headingName(h.norm)
	if m := quotedRE.FindStringSubmatch(name); m != nil {
		name = m[1] // The European Network of Cities "Eurocities"
	}
	if aboutKind(name) {
		return nil
	}
	if i := strings.Index(name, ", "); i > 0 && strings.ToUpper(name[:i]) == name[:i] {
		name = name[i+2:]
	}
	nominative := ""
	if m := meetingOfRE.FindStringIndex(name); m != nil {
		// "Walne Zgromadzenie Unii Miasteczek Polskich w Otrębusach",
		// "General Assembly of Eurocities in Ljubljana": a meeting's
		// heading; its section is about the network whose meeting it is
		name = placeAfterRE.ReplaceAllString(name[m[1]:], "")
		nominative = r.networkName(name)
	}
	acronym := ""
	if m := acronymDashRE.FindStringSubmatch(name); m != nil {
		// "UBC – Union of the Baltic Cities", "Union of the Baltic
		// Cities – UBC": the name, and its acronym
		if m[1] != "" {
			acronym, name = m[1], m[2]
		} else {
			name, acronym = m[3], m[4]
		}
	} else if m := shortNameRE.FindStringSubmatch(h.norm); m != nil && networkish(m[1]) {
		// "Mediterranean Cities Network  MedCities": the name, two
		// spaces, the short name (a table's two cells run together)
		name, acronym = m[1], m[2]
	}
	if e, _ := r.g.find(graph.TypeNetwork, name); e != nil {
		return e
	}
	if acronym != "" {
		if e, _ := r.g.find(graph.TypeNetwork, acronym); e != nil {
			return e
		}
	}
	if !headingIsName(name) || !networkish(name) || governingBody(name) || listHeading.MatchString(name) && !namedKind.MatchString(name) || r.subBody(name) {
		return nil
	}
	if e, _ := r.g.find(graph.TypeCity, name); e != nil || r.g.known(graph.TypeCountry, name) {
		return nil // a heading naming a place is no network
	}
	_, e := r.g.resolve(graph.TypeNetwork, "network", name, nominative)
	if f := graph.Fold(acronym); acronym != "" && !contains(e.canon, f) && !contains(e.other, f) {
		r.g.addOther(e, f)
	}
	return e
}

// meetingOfRE: the words a heading of a network's meeting opens with,
// before the network's name; placeAfterRE: the place it was held, after.
var (
	meetingOfRE  = regexp.MustCompile(`^(?i:(?:(?:nadzwyczajne|zwyczajne|doroczne|sprawozdawcze)\s+)?walne\s+(?:zgromadzenie|zebranie)(?:\s+(?:członków|delegatów))?|zgromadzenie\s+ogólne|kongres|zjazd|(?:annual\s+)?general\s+(?:assembly|meeting)(?:\s+of)?(?:\s+the)?|annual\s+(?:conference|meeting)(?:\s+of)?(?:\s+the)?)\s+`)
	placeAfterRE = regexp.MustCompile(`\s+(?:w|we|in|at)\s+\p{Lu}[\p{L}\s-]*$`)
)

var aboutRE = regexp.MustCompile(`^(?i:o|about|über|the|our|nasz[aey]?)\s+`)

// aboutKind: a heading or title that names a kind, not a network ("O
// Związku", "About the Network", "O LGD").
func aboutKind(s string) bool {
	return genericNetwork(aboutRE.ReplaceAllString(s, ""))
}

var shortNameRE = regexp.MustCompile(`^(\p{Lu}.+?\S)\s{2,}(\p{Lu}[\p{L}0-9]+)$`)

var acronymDashRE = regexp.MustCompile(`^(?:(\p{Lu}{2,}[0-9]*)\s+[–—-]\s+(.+)|(.+?)\s+[–—-]\s+(\p{Lu}{2,}[0-9]*))$`)

// networkWords are parts of the names networks give themselves; a
// heading that holds none ("Activities", "Our Goals") is not taken for a
// network's name unless it is an acronym.
var networkWords = []string{"union", "network", "associat", "league", "alliance", "forum", "partnership", "platform", "organi",
	"group", "club", "cities", "towns", "mayors", "municipalit", "communes", "region", "covenant", "federation", "hanse",
	"stowarzysz", "zwiazek", "zwiazku", "siec", "liga", "unia", "klub", "miast", "gmin", "porozumieni", "federacj", "platform", "fundacj",
	"unii", "zwiazk", "metropol", "konferencj", "conference", "grupa dzialania", "grupy dzialania",
	"bundnis", "netzwerk", "verband", "stadtebund"}

func networkish(name string) bool {
	f := graph.Fold(name)
	for _, w := range networkWords {
		if strings.Contains(f, w) {
			return true
		}
	}
	for _, t := range tokenize(name) {
		if len(t.core) >= 2 && strings.ToUpper(t.core) == t.core && strings.ToLower(t.core) != t.core {
			return true // an acronym: ICLEI, UCEU
		}
	}
	return false
}

// headingConnectors may stand between the capitalised words of a heading
// that is a name; a heading is one name by its layout, so "in" and "w"
// join ("Polish Communes in the Baltic Euro-Region") where in running
// text they would end the name.
var headingConnectors = set("for of and the de des la le du di der für am an on & – - du et y in w na dla i z ze do")

// namedKind: a capitalised network's kind word in the singular makes a
// heading a name though it holds a word of a list's heading
// ("Cooperation Network of European Medium-Sized Cities" is one network,
// "International cooperation" a section).
var namedKind = regexp.MustCompile(`\b(?:Network|Association|Union|League|Alliance|Covenant|Stowarzyszenie|Związek|Sieć|Unia|Porozumienie|Liga)\b`)

func headingIsName(name string) bool {
	ts := tokenize(name)
	if len(ts) == 0 || len(ts) > 10 || !isCap(ts[0]) || !isCap(ts[len(ts)-1]) && !isDigitLed(ts[len(ts)-1]) {
		return false
	}
	for _, t := range ts {
		if !isCap(t) && !isDigitLed(t) && !headingConnectors[strings.ToLower(t.core)] {
			return false
		}
		if stops(t) && t.core != ts[len(ts)-1].core {
			return false
		}
	}
	return true
}

// homeCity is the page's city: the subject of its membership statements,
// else the city its publisher names ("City of Gdańsk", "Urząd Miasta
// Poznania", "Lublin City Office"), as the page writes it most often.
func (r *reader) homeCity() *entity {
	if r.home != nil || r.homeTried {
		return r.home
	}
	r.homeTried = true
	name := publisherCity(r.meta.Publisher)
	if name == "" || notACity(name) {
		return nil
	}
	// The form the page itself uses most ("Poznań" for "Poznania"); a
	// Polish publisher names its city in the genitive or locative
	// ("Urząd Miasta Gdyni"), so that form counts least there.
	counts := map[string]int{}
	best := ""
	for _, u := range r.units {
		for _, t := range tokenize(u.norm) {
			if !isCap(t) || graph.MatchScore(t.core, name, true) < graph.ScoreInflected && graph.MatchScore(name, t.core, true) < graph.ScoreInflected {
				continue
			}
			counts[t.core] += 2
			if r.lang == "pl" && t.core == name {
				counts[t.core]--
			}
		}
	}
	for _, u := range r.units {
		for _, t := range tokenize(u.norm) {
			if c, ok := counts[t.core]; ok && (best == "" || c > counts[best]) {
				best = t.core
			}
		}
	}
	if best == "" {
		best = name
		if r.lang == "pl" {
			best = nominative(name)
		}
	}
	_, r.home = r.g.resolve(graph.TypeCity, "city", best, "")
	return r.home
}

var publisherRE = []*regexp.Regexp{
	regexp.MustCompile(`\b(?:City|Town|Municipality|Borough)\s+of\s+(\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?)`),
	regexp.MustCompile(`^(\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?)\s+(?:City|Town|Municipal)\s+(?:Office|Council|Hall|Government|Administration|Municipality)\b`),
	regexp.MustCompile(`^(\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?)\s+(?:Municipality|City)$`),
	regexp.MustCompile(`\bUrząd\s+(?:Miasta|Gminy)\s+(?:Stołecznego\s+)?(\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?)`),
	regexp.MustCompile(`\bUrząd\s+Miejski\s+w\s+(\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?)`),
	regexp.MustCompile(`^(?:Gmina\s+)?Miasto\s+(?:Stołeczne\s+)?(\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?)`),
	regexp.MustCompile(`^Gmina\s+(?:Miejska\s+)?(\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?)$`),
}

// publisherCity is the city a publisher's name names, or "".
func publisherCity(p string) string {
	p = strings.TrimSpace(p)
	for _, re := range publisherRE {
		if m := re.FindStringSubmatch(p); m != nil {
			return m[1]
		}
	}
	return ""
}

// nonCityWords mark a subject that is not a city: a district, region or
// country, an institution, a person or an office.
var nonCityWords = set("district county region regionu province voivodeship województwo powiat powiatu starostwo okręg university uniwersytet universität politechnika akademia academy school szkoła college agency agencja office urząd urzędu urzędzie bureau biuro company spółka ltd inc council rada department wydział ministry ministerstwo government rząd mayor burmistrz president prezydent mr mrs ms dr minister chamber izba port airport lotnisko museum muzeum theatre teatr hospital szpital foundation fundacja association stowarzyszenie network union")

// notACity reports whether a subject names something other than a city.
func notACity(name string) bool {
	for _, w := range strings.Fields(name) {
		if nonCityWords[strings.ToLower(strings.Trim(w, ".,;:"))] {
			return true
		}
	}
	return false
}

// cityRef reports whether the words just before a verb at are the page's
// city named by a common noun: "Miasto jest członkiem", "W 2005 r.
// miasto przystąpiło", "the city joined", "our town became".
func cityRef(s string, at int) bool {
	ts := tokenize(s[:at])
	n := len(ts)
	if n == 0 || stops(ts[n-1]) {
		return false
	}
	w := strings.ToLower(ts[n-1].core)
	i := n - 1
	switch w {
	case "miasto", "gmina":
		if i > 0 && strings.ToLower(ts[i-1].core) == "nasze" {
			i--
		}
	case "city", "town", "municipality":
		if i == 0 {
			return false
		}
		d := strings.ToLower(ts[i-1].core)
		if d != "the" && d != "our" && d != "this" {
			return false
		}
		i--
	default:
		return false
	}
	if i == 0 {
		return true
	}
	// "każde miasto", "each city", "a member of the city": not the page's.
	prev := ts[i-1]
	if strings.ContainsAny(prev.trail, ",;:") {
		return true
	}
	p := strings.ToLower(prev.core)
	return cityRefAfter[p] || isDigitLed(prev)
}

// cityRefAfter: words after which "miasto"/"the city" begins a clause.
var cityRefAfter = set("r r. roku and i oraz a but lecz zaś when gdy kiedy then następnie also także również")

// Tables written as text: a header row naming the organisation and when
// the city joined ("Organisation | Year of accession", "Nazwa
// organizacji | Data przystąpienia"), then a row per organisation; or,
// on a network's page, the member city and when it joined. A table with
// no column of joining dates says nothing about memberships.
var (
	orgColRE  = regexp.MustCompile(`(?i)^(?:name(?:\s+of\s+(?:the\s+)?(?:organi[sz]ation|network|association))?|(?:organi[sz]ation|network|association)(?:\s+name)?|nazwa(?:\s+(?:organizacji|sieci|stowarzyszenia))?|organizacja|sieć|stowarzyszenie)$`)
	cityColRE = regexp.MustCompile(`(?i)^(?:city|town|municipality|member(?:\s+city)?|miasto|gmina|członek|nazwa\s+(?:gminy|miasta|jednostki|samorządu)|jednostka\s+samorządu(?:\s+terytorialnego)?|samorząd)$`)
	dateColRE = regexp.MustCompile(`(?i)^(?:(?:date|year)\s+of\s+(?:accession|joining|admission|membership)(?:\s+.*)?|(?:accession|joining|admission|membership)(?:\s+(?:date|year|since))?|joined(?:\s+in)?|member\s+since|since|(?:data|rok)\s+(?:przystąpienia|wstąpienia|przyjęcia)(?:\s+.*)?|członek\s+od|członkiem\s+od|członkostwo\s+od|od)$`)
)

// aboutMembers: a table's header stands under a heading, or after a
// sentence, that says what follows are members ("Członkowie", "Lista
// członków Związku:", "Member cities").
func (r *reader) aboutMembers(head *unit) bool {
	if head.heading != nil && membersWordRE.MatchString(head.heading.norm) {
		return true
	}
	i := r.index(head)
	return i > 0 && r.units[i-1].kind != kRow && membersWordRE.MatchString(r.units[i-1].norm)
}

var membersWordRE = regexp.MustCompile(`(?i)członk|\bmembers?\b|member\s+cities`)

func (r *reader) tables() {
	var head *unit
	org, who, when := -1, -1, -1
	for i, u := range r.units {
		if u.kind != kRow {
			head = nil
			continue
		}
		cs := cells(r.text[u.start:u.end])
		if head == nil || i > 0 && r.units[i-1].kind != kRow {
			// a header row
			head, org, who, when = u, -1, -1, -1
			for c, h := range cs {
				switch h = strings.TrimRight(h, ":"); {
				case orgColRE.MatchString(h):
					org = c
				case cityColRE.MatchString(h):
					who = c
				case dateColRE.MatchString(h):
					when = c
				}
			}
			continue
		}
		if when < 0 && (who < 0 || !r.aboutMembers(head)) || len(cs) != len(cells(r.text[head.start:head.end])) || strings.Trim(strings.Join(cs, ""), "-:| ") == "" {
			continue // no joining dates (nor a table of members), a ragged row, a "|---|" rule
		}
		since := graph.Date("")
		if when >= 0 { // (a table of members may give no dates)
			if ds := findDates(cs[when]); len(ds) == 1 && strings.TrimSpace(cs[when][:ds[0].start]) == "" && keyTailRE.MatchString(cs[when][ds[0].end:]) {
				since = ds[0].date
			}
		}
		switch {
		case org >= 0:
			name := cs[org]
			ts := tokenize(name)
			city := r.homeCity()
			if city == nil || len(ts) == 0 || !isCap(ts[0]) || len(ts) > 12 || governingBody(name) {
				continue
			}
			name, acr := splitAcronym(name)
			r.addMembership(u, city, resolutionOf(city, "city"), name, since, "", graph.StatusMember, 0.8, []*unit{head})
			r.acronym(name, acr)
		case who >= 0:
			net := r.headingNetwork(u)
			if net == nil && r.titleTopic {
				net = r.topic
			}
			name := strings.TrimSpace(cs[who])
			if cm := cityPrefixRE.FindString(name); cm != "" {
				name = name[len(cm):] // "Gmina Kościerzyna": the commune's seat
			}
			ts := tokenize(name)
			if net == nil || len(ts) == 0 || len(ts) > 4 || capRun(ts, 0) != len(ts) || notACity(name) || r.g.known(graph.TypeNetwork, name) {
				continue
			}
			cres, city := r.g.resolve(graph.TypeCity, "city", name, "")
			r.addMembershipOf(u, city, cres, net, resolutionOf(net, "network"), "", since, "", graph.StatusMember, 0.8, []*unit{head})
		}
	}
}
