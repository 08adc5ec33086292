package documents

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"citynet/geonames/placenames"
	"citynet/graph"
)

// The relations besides memberships: foundings, offices, member-count
// claims, events, partner-city agreements and seats.

// foundings reads "założone w 1986 r. przez burmistrzów sześciu miast …:
// Barcelony, Birmingham, …" and "founded in 1986 by the mayors of …".
var (
	foundedRE = regexp.MustCompile(`(?i)\b(założon[eyaą]|założył[oa]?|utworzon[eya]|powołan[eya]|founded|established|set up)\b`)
	byRE      = regexp.MustCompile(`(?i)\b(?:przez|by)\s+(?:(?:the\s+)?(?:burmistrzów|prezydentów|mayors\s+of|władze|leaders\s+of)\s+)?(?:\p{Ll}+\s+){0,3}(?:miast|cities)?\s*[:,]?\s*`)
)

func (r *reader) foundings(u *unit) {
	if u.kind == kHeading {
		return
	}
	fm := foundedRE.FindStringIndex(u.norm)
	if fm == nil {
		return
	}
	bm := byRE.FindStringIndex(u.norm[fm[1]:])
	if bm == nil {
		return
	}
	at := fm[1] + bm[1]
	names := nameList(u.norm, at)
	// The network: a known network named in the sentence, else the page's.
	var net *entity
	for _, t := range tokenize(u.norm) {
		if e, _ := r.g.find(graph.TypeNetwork, t.core); e != nil && isCap(t) {
			net = e
			break
		}
	}
	if net == nil {
		net = r.topic
	}
	if net == nil || len(names) == 0 {
		return
	}
	var date graph.Date
	if ds := findDates(u.norm[:at]); len(ds) == 1 {
		date = ds[0].date
	}
	nres := graph.Resolution{Role: "network", Type: graph.TypeNetwork, Text: net.name, ID: net.id, Name: net.name, Match: matchOf(net)}
	for _, n := range names {
		if e, _ := r.g.find(graph.TypeNetwork, n.text); e != nil {
			continue
		}
		nom := n.text
		if r.lang == "pl" {
			nom = nominative(n.text)
		}
		cres, city := r.g.resolve(graph.TypeCity, "founder", n.text, nom)
		r.addFounding(u, city, cres, net, nres, date, 0.8)
	}
}

// offices reads "Prezydent Miasta Krakowa Aleksander Miszalski" and
// "Mayor of X, First Last" ("Pan", "Mr" before the name is no part of it). A city of two words is not cut after its
// first: "as Mayor of New York City, to join" names no Mayor of New
// called York City, nor "Mayor of Los Angeles Eric …" one called
// Angeles Eric.
var officePL = regexp.MustCompile(`\b(Prezydent|Burmistrz|Wójt|Starosta)\s+Miasta\s+(\p{Lu}\p{L}+)\s+(?:(?:Pan|Pani)\s+)?(\p{Lu}\p{Ll}+)\s+(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)`)
var officeEN = regexp.MustCompile(`\b(Mayor|Lord Mayor|President)\s+of\s+(\p{Lu}\p{L}+),?\s+(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?(\p{Lu}\p{Ll}+)\s+((?:(?:Al|El|Abu|Ben|Bin|Van|Von|van|von|de|da|di|De|Di)\s+)?\p{Lu}\p{Ll}+(?:-\p{L}\p{Ll}+)?)`)

func (r *reader) offices(u *unit) {
	for _, re := range []*regexp.Regexp{officePL, officeEN} {
		for _, m := range re.FindAllStringSubmatchIndex(u.norm, -1) {
			title := u.norm[m[0]:m[5]]
			title = strings.Join(strings.Fields(title), " ")
			cityText := u.norm[m[4]:m[5]]
			person := u.norm[m[6]:m[7]] + " " + u.norm[m[8]:m[9]]
			if u.norm[m[5]] != ',' && placenames.Known(cityText+" "+u.norm[m[6]:m[7]]) {
				continue // "Mayor of New York City", "Mayor of Los Angeles Eric Garcetti"
			}
			cres, city := r.g.resolve(graph.TypeCity, "city", cityText, "")
			pres, p := r.g.resolve(graph.TypePerson, "person", person, "")
			o := &graph.Office{PersonID: p.id, CityID: city.id, Title: title}
			r.add(&fact{section: "offices", ents: []graph.Resolution{pres, cres}, rec: o, spans: [][2]int{unitSpan(u)}, conf: 0.8,
				summary: fmt.Sprintf("%s holds the office %q in %s", p.name, title, city.name),
				key:     "offices|" + p.id + "|" + city.id, news: []*entity{p, city}})
		}
	}
}

// claims reads member counts: "zrzesza ponad 200 miast z 38 krajów",
// "reprezentujących łącznie ponad 130 milionów mieszkańców", "Miasto
// Poznań jest członkiem 11 organizacji".
var (
	cityCountRE    = regexp.MustCompile(`(?i)\b(zrzesza|zrzeszeniem|zrzeszającym|skupia|grona|brings together|includes|comprises|unites)\s+(?:łącznie\s+)?(ponad|około|blisko|over|more than|about|nearly)?\s*(\d[\d ]*)\s+(?:\p{L}+\s+){0,2}(miast|metropolii|cities|members)`)
	countryCountRE = regexp.MustCompile(`(?i)\b(?:z|from|in)\s+(ponad|około|over|more than|about)?\s*(\d+)\s+(?:\p{L}+\s+)?(krajów|państw|countries)`)
	populationRE   = regexp.MustCompile(`(?i)\b(ponad|około|over|more than|about)?\s*(\d+)\s+(milionów|mln|million)\s+(?:mieszkańców|obywateli|people|inhabitants|citizens)`)
	orgCountRE     = regexp.MustCompile(`(?i)\b(?:jest\s+członkiem|is\s+a\s+member\s+of)\s+(\d+)\s+(krajowych|national|międzynarodowych|international)?\s*(organizacji|organisations|organizations|networks)`)
)

// networkWhichRE: a count in a relative clause of "the network".
var networkWhichRE = regexp.MustCompile(`(?i)\b(?:the|this|our)\s+(?:network|association|sieć|stowarzyszenie),?\s+(?:which|that|który|która|które)\s+(?:\p{L}+\s+)?(?:includes|brings\s+together|comprises|unites|has|counts|zrzesza|skupia|liczy)\b`)

func qualifier(w string) string {
	switch strings.ToLower(w) {
	case "ponad", "over", "more than":
		return "more than "
	case "około", "about", "blisko", "nearly":
		return "about "
	}
	return ""
}

func (r *reader) claims(u *unit) {
	if u.kind == kHeading {
		return
	}
	subjNet := func() *entity {
		// "… celebrate ABC Borough joining the network, which currently
		// includes 1,445 cities": the count is the network's the clause
		// refers to, not a name's before it
		if networkWhichRE.MatchString(u.norm) {
			return r.contextNetwork(u)
		}
		for _, t := range tokenize(u.norm) {
			if e, _ := r.g.find(graph.TypeNetwork, t.core); e != nil && isCap(t) {
				return e
			}
		}
		// "it brings together …": the network of the section
		return r.contextNetwork(u)
	}
	addClaim := func(subj *entity, prop, value string, conf float64) {
		if subj == nil {
			return
		}
		sres := graph.Resolution{Role: "subject", Type: subj.typ, Text: subj.name, ID: subj.id, Name: subj.name, Match: matchOf(subj)}
		c := &graph.Claim{SubjectID: subj.id, Property: prop, Value: value}
		r.add(&fact{section: "claims", ents: []graph.Resolution{sres}, rec: c, spans: [][2]int{unitSpan(u)}, conf: conf,
			summary: fmt.Sprintf("%s: %s = %s", subj.name, prop, value),
			key:     "claims|" + subj.id + "|" + prop + "|" + value, news: []*entity{subj}})
	}
	if m := cityCountRE.FindStringSubmatch(u.norm); m != nil {
		addClaim(subjNet(), "memberCityCount", qualifier(m[2])+strings.TrimSpace(strings.ReplaceAll(m[3], " ", "")), 0.7)
		if c := countryCountRE.FindStringSubmatch(u.norm); c != nil {
			addClaim(subjNet(), "memberCountryCount", qualifier(c[1])+c[2], 0.7)
		}
	}
	if m := populationRE.FindStringSubmatch(u.norm); m != nil && cityCountRE.MatchString(u.norm) {
		addClaim(subjNet(), "populationRepresented", qualifier(m[1])+m[2]+" million", 0.6)
	} else if m != nil && countryCountRE.MatchString(u.norm) {
		addClaim(subjNet(), "populationRepresented", qualifier(m[1])+m[2]+" million", 0.6)
	}
	if m := orgCountRE.FindStringSubmatchIndex(u.norm); m != nil {
		subj, _, _ := subjectBefore(u.norm, m[0])
		if subj == "" {
			return
		}
		_, city := r.g.resolve(graph.TypeCity, "city", subj, "")
		prop := "internationalMembershipCount"
		if m[4] >= 0 && nationalRE.MatchString(u.norm[m[4]:m[5]]) {
			prop = "nationalMembershipCount"
		}
		addClaim(city, prop, u.norm[m[2]:m[3]], 0.7)
	}
}

// events reads meetings, conferences, workshops and fairs held in a place
// the sentence names ("Walne Zgromadzenie EUROCITIES w Ljubljanie"), with
// the year the sentence, or the lead of its list, gives.
var eventWords = []struct {
	re   *regexp.Regexp
	kind graph.EventKind
}{
	{regexp.MustCompile(`(?i)\b(walne\s+(?:zgromadzenie|zebranie)|general\s+(?:assembly|meeting)|AGM)\b`), graph.EventGeneralMeeting},
	{regexp.MustCompile(`(?i)\b(konferencj[aię]|conference|kongres|congress|forum)\b`), graph.EventConference},
	{regexp.MustCompile(`(?i)\b(warsztat[yów]*|workshops?)\b`), graph.EventWorkshop},
	{regexp.MustCompile(`(?i)\b(targ[iach]*|trade\s+fair|fair)\b`), graph.EventTradeFair},
	{regexp.MustCompile(`(?i)\b(spotkani[eua]|posiedzeni[eua]|meeting|summit|szczyt)\b`), graph.EventMeeting},
}

// placeNouns are capitalised in titles but name no place.
var placeNouns = set("cities towns regions municipalities europe's miastach regionach gminach")

// insideQuotes reports whether offset at of s is inside a quoted title:
// after an opening quote not yet closed.
func insideQuotes(s string, at int) bool {
	open := false
	for _, c := range s[:at] {
		switch c {
		case '„', '“', '«':
			open = c != '“' || !open
		case '”', '»':
			open = false
		case '"':
			open = !open
		}
	}
	return open
}

// The preposition must stand alone as a Unicode word: \b is ASCII-only,
// so it would read the last letter of "członków Paktu" as "w Paktu".
var placeRE = regexp.MustCompile(`(?:^|[^\p{L}\p{N}])(?:w|we|in)\s+(\p{Lu}\p{Ll}+(?:[- ]\p{Lu}\p{Ll}+)?)`)

func (r *reader) events(u *unit) {
	if u.kind == kHeading {
		return
	}
	yearSrc := []*unit{u}
	if u.lead != nil {
		yearSrc = append(yearSrc, u.lead)
	}
	var date graph.Date
	var dateUnit *unit
	for _, s := range yearSrc {
		ds := findDates(s.norm)
		if len(ds) == 1 {
			date, dateUnit = ds[0].date, s
			break
		}
		if len(ds) > 1 {
			return // which date is the event's? propose nothing
		}
	}
	var org *entity
	if u.heading != nil {
		if e, _ := r.g.find(graph.TypeNetwork, headingName(u.heading.norm)); e != nil {
			org = e
		}
	}
	seen := map[string]bool{}
	for _, ew := range eventWords {
		for _, m := range ew.re.FindAllStringIndex(u.norm, -1) {
			clauseEnd := len(u.norm)
			if k := strings.IndexAny(u.norm[m[1]:], ";"); k >= 0 {
				clauseEnd = m[1] + k
			}
			// „Security in Cities …": a title's words, no place
			var pm []int
			for _, c := range placeRE.FindAllStringSubmatchIndex(u.norm[m[1]:clauseEnd], -1) {
				if !insideQuotes(u.norm, m[1]+c[2]) && !placeNouns[strings.ToLower(u.norm[m[1]+c[2]:m[1]+c[3]])] {
					pm = c
					break
				}
			}
			if pm == nil {
				continue
			}
			place := u.norm[m[1]+pm[2] : m[1]+pm[3]]
			if r.g.known(graph.TypeNetwork, place) || months[strings.ToLower(place)] > 0 || commonCaps[strings.ToLower(place)] {
				continue
			}
			k := string(ew.kind) + "|" + graph.Fold(place)
			if seen[k] {
				continue
			}
			seen[k] = true
			pres, city := r.g.resolve(graph.TypeCity, "place", place, "")
			name := strings.Join(strings.Fields(u.norm[m[0]:m[1]+pm[1]]), " ")
			ents := []graph.Resolution{pres}
			news := []*entity{city}
			ev := &graph.Event{Name: name, Kind: ew.kind, Date: date, PlaceID: city.id}
			if org != nil {
				ev.OrganizerID = org.id
				ents = append(ents, graph.Resolution{Role: "organizer", Type: graph.TypeNetwork, Text: org.name, ID: org.id, Name: org.name, Match: matchOf(org)})
				news = append(news, org)
			}
			ev.ID = r.g.freeID(graph.Slug(name + " " + string(date)))
			spans := [][2]int{unitSpan(u)}
			if dateUnit != nil && dateUnit != u {
				spans = append(spans, unitSpan(dateUnit))
			}
			r.add(&fact{section: "events", ents: ents, rec: ev, spans: spans, conf: 0.5,
				summary: fmt.Sprintf("%s (%s) in %s, %s", name, strings.ToLower(string(ew.kind)), city.name, date),
				key:     "events|" + string(ew.kind) + "|" + city.id + "|" + string(date), news: news})
		}
	}
}

// partnerships reads partner-city agreements ("podpisała … porozumienie
// partnerskie … Eindhoven") between the page's city and another, and
// letters of intent between two named parties.
var (
	partnerRE = regexp.MustCompile(`(?i)\b(porozumienie\s+partnerskie|umow[ęa]\s+partnersk[aą]|umow[ęa]\s+o\s+partnerstwie|partner(?:ship)?\s+agreement|twinning\s+agreement|sister[- ]city\s+agreement)`)
	loiRE     = regexp.MustCompile(`(?i)\b(list\s+intencyjny|letter\s+of\s+intent)\b.*?\b(?:pomiędzy|między|between)\s+`)
)

func (r *reader) partnerships(u *unit) {
	if u.kind == kHeading {
		return
	}
	var date graph.Date
	if ds := findDates(u.norm); len(ds) == 1 {
		date = ds[0].date
	} else if len(ds) > 1 {
		return
	}
	if m := partnerRE.FindStringIndex(u.norm); m != nil && r.home != nil {
		// the other city: the one capitalised name in the sentence that
		// is not its first word, a region ("stolica Podlasia") or the
		// page's city.
		ts := tokenize(u.norm)
		var cands []string
		for i := 1; i < len(ts); i++ {
			t := ts[i]
			if !isCap(t) || commonCaps[strings.ToLower(t.core)] {
				continue
			}
			prev := strings.ToLower(ts[i-1].core)
			if prev == "stolica" || prev == "regionu" || prev == "województwa" || prev == "capital" {
				continue
			}
			if e, _ := r.g.find(graph.TypeCity, t.core); e == r.home {
				continue
			}
			if r.g.known(graph.TypeNetwork, t.core) {
				continue
			}
			cands = append(cands, t.core)
		}
		if len(cands) != 1 {
			return // none or several: whose partner? propose less
		}
		hres := graph.Resolution{Role: "party", Type: graph.TypeCity, Text: r.home.name, ID: r.home.id, Name: r.home.name, Match: matchOf(r.home)}
		ores, other := r.g.resolve(graph.TypeCity, "party", cands[0], "")
		if other.isNew && other.country == "" {
			other.country = r.g.country(u.norm)
		}
		p := &graph.Partnership{Kind: graph.PartnershipPartnerCities, Date: date, PartyIDs: []string{r.home.id, other.id},
			Name: r.home.name + " – " + other.name}
		p.ID = r.g.freeID(graph.Slug(r.home.id + " " + other.id + " partnership"))
		r.add(&fact{section: "partnerships", ents: []graph.Resolution{hres, ores}, rec: p, spans: [][2]int{unitSpan(u)}, conf: 0.6,
			summary: fmt.Sprintf("%s and %s are partner cities (%s)", r.home.name, other.name, date),
			key:     "partnerships|" + r.home.id + "|" + other.id, news: []*entity{r.home, other}})
	}
}

// seats reads where a network is seated: "… AVIAMA (…) z siedzibą w
// Charleville-Mézières we Francji", "Eurocities is based in Brussels". The
// network is the last one the sentence names before the phrase, else the
// one its section is about.
var seatRE = regexp.MustCompile(`(?i)\b(?:z\s+siedzibą|siedzibą|ma\s+siedzibę|is\s+based|is\s+headquartered|has\s+its\s+seat|seated)\s+(?:w|we|in)\s+(\p{Lu}[\p{L}]+(?:-\p{Lu}[\p{L}]+)*)`)

func (r *reader) seats(u *unit) {
	if u.kind == kHeading {
		return
	}
	m := seatRE.FindStringSubmatchIndex(u.norm)
	if m == nil {
		return
	}
	place := u.norm[m[2]:m[3]]
	var net *entity
	for _, t := range tokenize(u.norm[:m[0]]) {
		if !isCap(t) {
			continue
		}
		if e, _ := r.g.find(graph.TypeNetwork, t.core); e != nil {
			net = e
		}
	}
	if net == nil {
		net = r.contextNetwork(u)
	}
	if net == nil || r.g.known(graph.TypeNetwork, place) {
		return
	}
	pres, city := r.g.resolve(graph.TypeCity, "seat", place, "")
	if city.isNew && city.country == "" {
		city.country = r.g.country(u.norm[m[1]:])
	}
	nres := graph.Resolution{Role: "network", Type: graph.TypeNetwork, Text: net.name, ID: net.id, Name: net.name, Match: matchOf(net)}
	rec := &graph.Network{ID: net.id, Name: net.name, SeatID: city.id, Scope: graph.ScopeInternational}
	news := []*entity{city}
	r.add(&fact{section: "networks", ents: []graph.Resolution{nres, pres}, rec: rec, spans: [][2]int{unitSpan(u)}, conf: 0.7,
		summary: fmt.Sprintf("%s is seated in %s", net.name, city.name),
		key:     "seats|" + net.id, news: news})
}

// A council's resolution to join a network dates the membership: the
// town joins by it, so its date is the start (as "przystąpił do Związku
// na mocy uchwały … z dnia 17.02.1992 r." is), for the one network its
// subject names. Published, its title is a line each: "Uchwała Nr
// XXVI/167/21 Rady Miejskiej w Miejskiej Górce" / "z dnia 12 maja 2021
// r." / "w sprawie przystąpienia Gminy Miejska Górka do Stowarzyszenia
// pod nazwą Unia Miasteczek Polskich", while the body ("Wyraża się
// zgodę na przystąpienie …") states the membership without a date.
// Cited, it is one sentence: "Traci moc uchwała Nr XI/114/99 Rady Gminy
// w Ostródzie z dnia 27 maja 1999r. w sprawie przystąpienia Gminy
// Ostróda do Stowarzyszenia …".
var (
	resolutionTitleRE = regexp.MustCompile(`^(?i:uchwała)\s+(?i:nr)\b`)
	resolutionDateRE  = regexp.MustCompile(`^(?i:z\s+dnia)\s+`)
	resolutionJoinRE  = regexp.MustCompile(`^(?i:w\s+sprawie\s+(?:wyrażenia\s+zgody\s+na\s+)?przystąpienia)\s+`)
	// citedJoinRE: "uchwała Nr … z dnia <date> w sprawie przystąpienia …"
	// in a sentence; the date is read from what follows "z dnia".
	citedJoinRE = regexp.MustCompile(`(?i)\buchwał\p{L}*\s+(?:nr\s+\S+\s+)?(?:[\p{L}.]+\s+){0,6}?z\s+dnia\s+`)
	// asOfJoinRE: a joining "z dniem" a date, as a resolution's body
	// writes it ("Wyraża się zgodę na przystąpienie przez Gminę Raszyn
	// z dniem 01.01.2022r. do Stowarzyszenia …", "Gmina przystępuje do
	// Związku z dniem 1 stycznia 2020 r."): the date the town joins as of.
	asOfJoinRE = regexp.MustCompile(`(?i)\b(?:przystąpi|przystępuj)\p{L}*\s[^.;]{0,200}?\bz\s+dniem\s+`)
)

func (r *reader) resolutionDates() {
	for i, u := range r.units {
		if m := citedJoinRE.FindStringIndex(u.norm); m != nil {
			rest := u.norm[m[1]:]
			if ds := findDates(rest); len(ds) > 0 && ds[0].start == 0 {
				after := strings.TrimLeft(strings.TrimPrefix(strings.TrimSpace(rest[ds[0].end:]), "r."), " ")
				if j := resolutionJoinRE.FindStringIndex(after); j != nil {
					r.dateJoining(after, ds[0].date, u)
				}
			}
		}
		if m := asOfJoinRE.FindStringIndex(u.norm); m != nil {
			if ds := findDates(u.norm[m[1]:]); len(ds) > 0 && ds[0].start == 0 {
				r.dateJoining(u.norm, ds[0].date, u)
			}
		}
		if i < 2 || !resolutionJoinRE.MatchString(u.norm) || !slices.ContainsFunc(r.units[max(0, i-4):i-1], func(v *unit) bool { return resolutionTitleRE.MatchString(v.norm) }) {
			continue // the title and the council may be a line each
		}
		d := r.units[i-1]
		m := resolutionDateRE.FindStringIndex(d.norm)
		if m == nil {
			continue
		}
		ds := findDates(d.norm[m[1]:])
		if len(ds) != 1 || ds[0].start != 0 || !keyTailRE.MatchString(d.norm[m[1]+ds[0].end:]) {
			continue
		}
		r.dateJoining(u.norm, ds[0].date, d, u)
	}
}

// dateJoining gives the memberships, still undated, of the one network
// subject (a resolution's "w sprawie przystąpienia Gminy X do …") names,
// of a town it names, the date of the resolution, citing the units that
// state it.
func (r *reader) dateJoining(subject string, date graph.Date, cite ...*unit) {
	ts := tokenize(subject)
	var nets []*entity
	for _, mn := range r.clauseMentions(subject, ts) {
		if e := r.cachedClauseNetwork(mn.name); e != nil && !mn.refers && !slices.Contains(nets, e) {
			nets = append(nets, e)
		}
	}
	if len(nets) != 1 {
		return // two networks, or none: whose date?
	}
	folded := " " + graph.Fold(subject) + " "
	names := func(e *entity) bool {
		return e != nil && slices.ContainsFunc(append(slices.Clone(e.canon), e.other...), func(f string) bool { return strings.Contains(folded, " "+f+" ") })
	}
	for _, f := range r.facts {
		if ms, ok := f.rec.(*graph.Membership); ok && ms.NetworkID == nets[0].id && ms.Since == "" && names(r.entityOf(ms.CityID)) {
			ms.Since = date
			for _, u := range cite {
				if sp := unitSpan(u); !slices.Contains(f.spans, sp) {
					f.spans = append(f.spans, sp)
				}
			}
			f.summary += " since " + string(date)
		}
	}
}

// A joining at a meeting whose date a clause of its own gives: "Gökçeada
// joined the international Cittaslow network in the General Meeting of
// Slow Cities for 2011 which was held in Poland in June, 2011",
// "przystąpiła do sieci podczas Zgromadzenia Ogólnego, które odbyło się
// w czerwcu 2011 r.". The rules leave a date in a relative clause to
// that clause; when the clause is the meeting's the town joined at, its
// date is the joining's. The dates after the meeting must agree (one
// date, or one written at two precisions): otherwise nothing.
var joinedAtMeetingRE = regexp.MustCompile(`(?i)\b(?:joined|became\s+(?:a\s+)?(?:full\s+)?member|was\s+admitted|was\s+accepted|przystąpił\p{L}*|dołączył\p{L}*|został\p{L}*\s+przyjęt\p{L}*)[^.;]*?\s(?:in|at|during|podczas|na)\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,3}?(?:meeting|assembly|congress|conference|summit|zgromadzeni\p{L}*|kongres\p{L}*|zjeźdz\p{L}*|zjazd\p{L}*|posiedzeni\p{L}*|zebrani\p{L}*)`)

// meetingWhen: the clause after the meeting that says when it was held,
// or its participle ("at the General Assembly held in the city of Nice
// in November 2016", "na Zgromadzeniu odbytym w czerwcu 2011 r."), which
// ends at a comma.
var meetingWhen = regexp.MustCompile(`(?i)^(?:[^.;]*?(?:which|that|które|który|która|,)\s*(?:was\s+held|took\s+place|were\s+held|odbył\p{L}*\s+się|miał\p{L}*\s+miejsce)[^.;]*|\s+(?:held|odbyt\p{L}*)\s[^.;,]*)`)

func (r *reader) meetingDates() {
	var at map[[2]int]*unit
	for _, f := range r.facts {
		ms, ok := f.rec.(*graph.Membership)
		if !ok || ms.Since != "" || len(f.spans) == 0 {
			continue
		}
		if at == nil {
			at = make(map[[2]int]*unit, len(r.units))
			for _, u := range r.units {
				at[unitSpan(u)] = u
			}
		}
		u := at[f.spans[0]]
		if u == nil {
			continue
		}
		m := joinedAtMeetingRE.FindStringIndex(u.norm)
		if m == nil {
			continue
		}
		w := meetingWhen.FindString(u.norm[m[1]:])
		if w == "" {
			continue
		}
		var best graph.Date
		for _, d := range findDates(u.norm[m[1] : m[1]+len(w)]) {
			if strings.HasPrefix(string(d.date), "--") || best != "" && !agree(best, d.date) {
				best = ""
				break
			}
			if len(d.date) > len(best) {
				best = d.date
			}
		}
		if best != "" {
			ms.Since = best
			f.summary += " since " + string(best)
		}
	}
}
