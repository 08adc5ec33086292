package documents

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"citynet/graph"
)

// Statements of membership in running text: "X jest członkiem Y od …",
// "X joined Y in 1995", their subject, the networks they name and the
// date that is the membership's.

// cityInTitle returns the last capitalised word of "Urząd Miasta
// Bydgoszczy" style names.
func cityInTitle(s string) string {
	ts := tokenize(s)
	for i := len(ts) - 1; i >= 0; i-- {
		if isCap(ts[i]) && !commonCaps[strings.ToLower(ts[i].core)] {
			return ts[i].core
		}
	}
	return ""
}

// subjectBefore returns the city name that ends just before offset at
// in s ("W 2017 r. Miasto Poznań przystąpiło" → "Poznań"), or "".
func subjectBefore(s string, at int) (name string, start, end int) {
	// "Kiel, together with Lübeck and Rostock, is …", "Toruń wraz z
	// Bydgoszczą jest …": the subject is the name before the company.
	if m := togetherRE.FindStringIndex(s[:at]); m != nil {
		at = m[0]
	}
	ts := tokenize(s[:at])
	j := len(ts)
	i := j
	for i > 0 && isCap(ts[i-1]) && (i == j || !stops(ts[i-1])) && !ts[i-1].openParen {
		i--
	}
	for i < j && commonCaps[strings.ToLower(ts[i].core)] {
		i++
	}
	// "Klaipėda City Municipality", "Gdańsk Municipality", "Tallinn City
	// Government": the city
	for j-i > 1 && !stops(ts[j-2]) {
		switch last := strings.ToLower(ts[j-1].core); {
		case citySuffix[last]:
			j--
			continue
		case j-i > 2 && cityBodies[last] && citySuffix[strings.ToLower(ts[j-2].core)]:
			j -= 2
			continue
		}
		break
	}
	if i == j || j-i > 3 {
		return "", 0, 0
	}
	for k := i; k < j; k++ {
		if strings.ToUpper(ts[k].core) == ts[k].core && len(ts[k].core) > 1 {
			if k == i && j-i == 1 {
				if w, off := unglue(ts[k].core); off > 0 {
					return w, ts[k].cs + off, ts[k].ce
				}
			}
			return "", 0, 0 // an acronym: a network, not a city
		}
	}
	if i == j-1 {
		if w, off := unglue(ts[i].core); off > 0 {
			return w, ts[i].cs + off, ts[i].ce
		}
	}
	return s[ts[i].cs:ts[j-1].ce], ts[i].cs, ts[j-1].ce
}

var togetherRE = regexp.MustCompile(`(?i)\s*,?\s*\b(?:together\s+with|along\s+with|alongside|wraz\s+ze?|razem\s+ze?)\s+[^,;:()]{1,80}?\s*,?\s*$`)

// nameList reads one or more names starting at offset at of s: "X, Y oraz
// Z", each maybe after kind words ("stowarzyszenia miast europejskich
// EUROCITIES"). It stops at the first piece that is not a name.
func nameList(s string, at int) []nameAt {
	ts := tokenize(s[at:])
	var out []nameAt
	i := 0
	for i < len(ts) {
		k := i
		for k < len(ts) && k-i < 4 && kindWords[strings.ToLower(ts[k].core)] && !isCap(ts[k]) {
			k++
		}
		// A list has one closing conjunction: in "…, the Council of
		// European Municipalities and Regions and the Association of …"
		// the first "and" is the name's.
		conj := -1
		nconj := 0
		for c := k; c < len(ts); c++ {
			if w := strings.ToLower(ts[c].core); w == "and" || w == "i" || w == "oraz" {
				conj, nconj = c, nconj+1
			}
		}
		inner := len(out) > 0 && nconj >= 2
		j := capRunAnd(ts, k, len(out) == 0 && !(k+1 < len(ts) && strings.HasPrefix(ts[k].trail, ",")) || inner)
		if inner && j > conj {
			j = conj
		}
		if j == k {
			break
		}
		// "Eurocities and Energy Cities": one word, then a name that
		// reads as a network's, are two ("International Congress and
		// Convention Association", "… Municipalities and Regions" stay one).
		if c := k + 1; c < j-1 {
			w, first := strings.ToLower(ts[c].core), strings.ToLower(ts[k].core)
			if (w == "and" || w == "i" || w == "oraz") && !genericNames[first] && !kindWords[first] && isCap(ts[c+1]) && networkish(span(s[at:], ts, c+1, j)) {
				j = c
			}
		}
		// "the Union of the Baltic Cities and Gdynia is …": a verb after
		// the name starts a new clause whose subject the "and" began.
		if j < len(ts) && clauseVerbs[strings.ToLower(ts[j].core)] {
			for c := j - 1; c > k; c-- {
				if w := strings.ToLower(ts[c].core); w == "and" || w == "i" || w == "oraz" {
					j = c
					break
				}
			}
		}
		if len(out) > 0 && j < len(ts) && strings.TrimSpace(ts[j-1].trail) == "" && !ts[j].openParen && !isCap(ts[j]) && !listGlue[strings.ToLower(ts[j].core)] {
			// "…, ICLEI (since 2005) and Gdynia hosted the forum": a verb
			// after the name, the subject of another clause
			return out
		}
		// "Śląskiego Związku Gmin i Powiatów": "i" and a plural of
		// towns or districts end the name, not a second one
		if j+1 < len(ts) && !stops(ts[j-1]) && listGlueAnd[strings.ToLower(ts[j].core)] && isCap(ts[j+1]) && pluralUnits[strings.ToLower(ts[j+1].core)] {
			j += 2
		}
		name := span(s[at:], ts, k, j)
		n := nameAt{text: name, start: at + ts[k].cs, end: at + ts[j-1].ce}
		if q := strings.Count(name, "„") + strings.Count(name, "“"); q > strings.Count(name, "”") && strings.HasPrefix(ts[j-1].trail, "”") {
			// "Stowarzyszenia „Polska Wschodnia”": the closing quote too
			n.end += len("”")
			n.text = s[n.start:n.end]
		}
		// "AVIAMA (z fr. …)": a trailing acronym is the name's acronym
		out = append(out, n)
		if j < len(ts) && ts[j].openParen {
			for j < len(ts) && !strings.Contains(ts[j].trail, ")") {
				j++
			}
			j++
		}
		if j >= len(ts) {
			break
		}
		last := ts[j-1]
		sep := strings.ToLower(ts[j].core)
		switch {
		case strings.HasPrefix(strings.TrimLeft(last.trail, ")”\"»"), ","):
			if sep == "oraz" || sep == "i" || sep == "and" || sep == "czy" {
				j++
			}
			i = j
		case strings.TrimSpace(strings.TrimLeft(last.trail, ")”\"»")) == "" && (sep == "oraz" || sep == "i" || sep == "and" || sep == "czy" || sep == "or" || sep == "lub"):
			i = j + 1
		default:
			return out
		}
	}
	return out
}

var (
	pairSinceRE = regexp.MustCompile(`(?i)^\s*,?\s*\(?\s*(?:since|from|od)\s+`)
	pairSepRE   = regexp.MustCompile(`(?i)^\s*(?:r\.|roku)?\s*\)?\s*(?:,\s*(?:and\s+|oraz\s+|i\s+|a\s+)?|;\s*|\s+and\s+|\s+oraz\s+|\s+i\s+)(?:(?:of|do)\s+)?`)
)

var tailDateRE = regexp.MustCompile(`(?i)^\s*,?\s*\(?\s*(?:since|from|in|on|od|w|z\s+dniem|` +
	// "przystąpił do Związku na mocy uchwały Rady Miejskiej z dnia
	// 17.02.1992r.", "joined by a resolution of the City Council of
	// 20 March 1998": the resolution it joined by dates the joining
	`na\s+mocy\s+(?:\p{L}+\s+){1,4}?(?:nr\s+\S+\s+(?:\p{L}+\s+){0,3}?)?z(?:\s+dnia)?|` +
	`uchwał\p{L}*\s+(?:nr\s+\S+\s+)?(?:\p{L}+\s+){0,5}?z(?:\s+dnia)?|by\s+(?:a\s+|the\s+)?(?:\p{L}+\s+){0,3}?resolution\s+(?:no\.?\s+\S+\s+)?(?:of\s+the\s+(?:\p{L}+\s+){1,3}?)?(?:of|on|dated))\s+(?:(?:the\s+year|roku)\s+)?`)

// statementEnd is where a statement whose network list starts at at
// ends: after the names, and after a date that follows them directly.
func statementEnd(s string, at int) int {
	ns := nameList(s, at)
	if len(ns) == 0 {
		return at
	}
	e := ns[len(ns)-1].end
	if m := tailDateRE.FindStringIndex(s[e:]); m != nil {
		if ds := findDates(s[e+m[1]:]); len(ds) > 0 && ds[0].start == 0 {
			return e + m[1] + ds[0].end
		}
	}
	return e
}

var appositionRE = regexp.MustCompile(`^\s*(?:,[^,.;()]{1,80},|\([^()]{1,80}\))`)

var parenSinceRE = regexp.MustCompile(`(?i)^\s*\(\s*(?:member\s+)?(?:since|from|od)\s+`)

// parenSince is the start a parenthesis right after a name gives:
// "ICLEI (since 2003)", "Eurocities (od 1995 r.)".
func parenSince(s string, e int) graph.Date {
	m := parenSinceRE.FindStringIndex(s[e:])
	if m == nil {
		return ""
	}
	v := s[e+m[1]:]
	ds := findDates(v)
	if len(ds) == 0 || ds[0].start != 0 {
		return ""
	}
	if !regexp.MustCompile(`^\s*(?:r\.?|roku)?\s*\)`).MatchString(v[ds[0].end:]) {
		return ""
	}
	return ds[0].date
}

// dateAfter is the date that directly follows offset e: "… Eurocities
// in 1995", "… do sieci w 2005 r.".
func dateAfter(s string, e int) (graph.Date, bool) {
	// past one apposition: "the Union of the Baltic Cities, founded in
	// 1991, in 1995", "Eurocities (a network of large cities) in 1995"
	if a := appositionRE.FindStringIndex(s[e:]); a != nil {
		if d, ok := dateAfter(s, e+a[1]); ok {
			return d, true
		}
	}
	m := tailDateRE.FindStringIndex(s[e:])
	if m == nil {
		return "", false
	}
	ds := findDates(s[e+m[1]:])
	if len(ds) == 0 || ds[0].start != 0 {
		return "", false
	}
	return ds[0].date, true
}

type datedName struct {
	n nameAt
	d graph.Date
}

// datedPairs reads names each followed by its own start, from offset
// at: "Eurocities since 1995, the Union of the Baltic Cities since 1991
// and Energy Cities since 2000", "Eurocities (od 1995 r.) i Związku Miast
// Bałtyckich (od 1991 r.)". It stops at the first piece of another shape.
func datedPairs(s string, at int) []datedName {
	var out []datedName
	p := at
	for p < len(s) {
		ns := nameList(s, p)
		if len(ns) == 0 {
			break
		}
		q := ns[0].end
		m := pairSinceRE.FindStringIndex(s[q:])
		if m == nil {
			if len(out) > 0 && len(ns) == 1 && sentenceEndRE.MatchString(s[q:]) {
				// "… (od 2001 r.) oraz Eurocities.": the last one, undated
				out = append(out, datedName{ns[0], ""})
			}
			break
		}
		q += m[1]
		ds := findDates(s[q:])
		if len(ds) == 0 || ds[0].start != 0 {
			break
		}
		out = append(out, datedName{ns[0], ds[0].date})
		q += ds[0].end
		sm := pairSepRE.FindStringIndex(s[q:])
		if sm == nil {
			break
		}
		p = q + sm[1]
	}
	return out
}

// listGlue: the words that may follow a name inside a list of networks.
var listGlue = set("since from od and i oraz or lub czy in w as jako a until do to")

var sentenceEndRE = regexp.MustCompile(`^\s*[.;]?\s*$`)

var followingRE = regexp.MustCompile(`(?i)^(?:the\s+following|następujących|poniższych)\s+(?:[\p{L}-]+\s+){0,4}?(?:organi[sz]ations|networks|associations|bodies|organizacji|stowarzyszeń|sieci|organizacjach)[^:.]{0,60}:\s*`)

// includingRE: several bodies of a kind, and then the ones named:
// "several European networks and organizations, including", "kilku
// stowarzyszeń, w tym".
var includingRE = regexp.MustCompile(`(?i)^(?:several|various|a\s+number\s+of|many|numerous|kilku|wielu|licznych|różnych)\s+(?:[\p{L}-]+\s+){0,4}?(?:organi[sz]ations|networks|associations|bodies|organizacji|organizacjach|stowarzyszeń|stowarzyszeniach|sieci|sieciach|związków|związkach)(?:\s+(?:and|i|oraz)\s+(?:[\p{L}-]+\s+){0,2}?(?:organi[sz]ations|networks|associations|organizacji|stowarzyszeń|sieci|związków))?[^:.;]{0,60}?,?\s+(?:including|such\s+as|among\s+them|among\s+others|w\s+tym|m\.\s*in\.|takich\s+jak)\s+`)

// campaignWords name what a city joins without becoming a member of a
// network: a campaign, a project, a programme, a declaration.
var campaignWords = set("campaign project programme program initiative week day challenge declaration charter competition pledge kampania kampanii projekt projektu program programu inicjatywa inicjatywy tydzień tygodnia dzień dnia deklaracja deklaracji karta karty konkurs konkursu akcja akcji")

// campaign: the name n (in s) is or is followed by a campaign word.
func campaign(s string, n nameAt) bool {
	ts := tokenize(n.text)
	if len(ts) > 0 && campaignWords[strings.ToLower(ts[len(ts)-1].core)] || len(ts) > 0 && campaignWords[strings.ToLower(ts[0].core)] {
		return true
	}
	if after := tokenize(s[n.end:]); len(after) > 0 && campaignWords[strings.ToLower(after[0].core)] {
		return true
	}
	return false
}

// networkSubject: words of a network's name that no city's name has
// ("Euroregion Baltic", "Baltic Cities", "Związek Miast …").
var networkSubject = regexp.MustCompile(`\b(?:union|network|associat\w*|league|alliance|euroregion|region|stowarzysz\w*|zwiazek|zwiazku|unia|siec|liga|forum|platform\w*|organi[sz]ation)\b|cities\b`)

// partOfNames: what a city is "part of" as a member: a network, an
// association, a union, not a region.
var partOfNames = regexp.MustCompile(`network|association|union|league|alliance|forum|platform|covenant`)

// asRE: a parenthetical between the subject and its verb: ", jako
// jedyne polskie miasto,", ", as the only Polish town,".
var asRE = regexp.MustCompile(`(?i)\s*,\s*(?:jako|as|being|będąc[ay]?)\s[^,;:()]{1,60},\s*$`)

var relativeRE = regexp.MustCompile(`(?i)\s*,\s*(?:which|that|który|która|które)\s+(?:(?:has|have|had|also|then|in\s+\d{4})\s+)?$`)

var (
	citySuffix = set("city municipality town municipal")
	cityBodies = set("government council hall office administration")
)

var clauseVerbs = set("is are was were has have had joined became remains jest są był była było byli należy należą przystąpił przystąpiła przystąpiło został została zostało")

type nameAt struct {
	text       string
	start, end int // in the unit
}

// unitSpan is a unit's span in the document.
func unitSpan(u *unit) [2]int { return [2]int{u.start, u.end} }

func statusOf(words ...string) graph.MembershipStatus {
	w := strings.ToLower(strings.Join(words, " "))
	switch {
	case strings.Contains(w, "pełn") || strings.Contains(w, "full"):
		return graph.StatusFullMember
	case strings.Contains(w, "vollmitglied") || strings.Contains(w, "volles"):
		return graph.StatusFullMember
	case strings.Contains(w, "stowarzysz") || strings.Contains(w, "associate") || strings.Contains(w, "assoziiert"):
		return graph.StatusAssociateMember
	case strings.Contains(w, "obserwator") || strings.Contains(w, "observer"):
		return graph.StatusObserver
	}
	return graph.StatusMember
}

// memberships reads "<city> jest członkiem <network>[, <network>…]" and
// its English and joining variants. A statement that names no network
// ("The City of Stockholm is a member since 1995", "became a full member
// of the Association") is about the network of its section: the one its
// heading names, else the one its paragraph names first, else the page's.
func (r *reader) memberships(u *unit) {
	// A heading is read only as a headline naming both parties ("2006:
	// Aarhus joins Energy Cities", "Żuromin został przyjęty do Związku
	// Miast Polskich"), never by its section's network.
	headline := u.kind == kHeading
	type rule struct {
		re      *regexp.Regexp
		joining bool
		conf    float64
		noSubj  bool
	}
	rules := []rule{{memberPL, false, 0.9, false}, {joinPL, true, 0.9, false}, {admitPL, true, 0.9, false},
		{belongPL, false, 0.85, false}, {belongEN, false, 0.85, false}, {includedEN, false, 0.85, false}, {oneOfEN, false, 0.85, false}, {oneOfPL, false, 0.85, false}, {memberEN, false, 0.9, false}, {joinEN, true, 0.85, false}, {nounPL, false, 0.6, true},
		{memberBareEN, false, 0.75, false}, {memberBarePL, false, 0.75, false},
		{memberWe, false, 0.8, true}, {joinWe, true, 0.8, true}, {memberDE, false, 0.85, false}}
	type hit struct {
		ru   rule
		m    []int
		bare bool
	}
	var hits []hit
	for _, ru := range rules {
		for _, m := range ru.re.FindAllStringSubmatchIndex(u.norm, -1) {
			bare := ru.re == memberBareEN || ru.re == memberBarePL
			if bare && !bareEnd.MatchString(u.norm[m[1]:]) {
				continue // "member of X" is the rules' above; "członkiem 11 organizacji" no membership
			}
			hits = append(hits, hit{ru, m, bare})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return a.m[0] - b.m[0] })
	// One statement matched by two rules is one statement.
	hits = slices.CompactFunc(hits, func(a, b hit) bool { return a.m[0] == b.m[0] })
	for i, h := range hits {
		ru, m := h.ru, h.m
		verb := u.norm[m[0]:m[1]]
		if foundingMember.MatchString(u.norm[m[0]:min(len(u.norm), m[1]+len(" założycielem"))]) {
			continue // "is a founding member of": coFoundings reads it as a founding
		}
		lv := strings.ToLower(verb)
		joining := ru.joining || strings.Contains(lv, "became") || strings.Contains(lv, "został") || strings.Contains(lv, "stał")
		var city *entity
		var cres graph.Resolution
		conf := ru.conf
		subj, sst, _ := subjectBefore(u.norm, m[0])
		if ru.re == memberWe || ru.re == joinWe {
			subj = "" // "Obecnie jesteśmy …", "We are …": the page's city speaks
		}
		if rm := relativeRE.FindStringIndex(u.norm[:m[0]]); subj == "" && rm != nil {
			subj, sst, _ = subjectBefore(u.norm, rm[0]) // "Gdańsk, which joined …"
		}
		if am := asRE.FindStringIndex(u.norm[:m[0]]); subj == "" && am != nil {
			subj, sst, _ = subjectBefore(u.norm, am[0]) // "Chojna, jako jedyne polskie miasto, jest członkiem …"
		}
		if subj != "" && (personBefore.MatchString(u.norm[:sst]) || r.personName(subj)) {
			continue // "prezydent Gdyni jest członkiem …", "the Mayor of Kiel is a member of …": a person
		}
		// "Tampere Central Region (Tampere, Nokia, … and Ylöjärvi) joined
		// …": the subject is the group, each municipality it lists a
		// member; a list that does not read as cities alone, nothing.
		var group []nameAt
		if subj != "" && strings.Count(u.norm[:sst], "(") > strings.Count(u.norm[:sst], ")") {
			if group = r.groupCities(u.norm, sst, m[0]); group == nil {
				continue
			}
			subj = group[0].text
		}
		switch {
		case subj != "" && (notACity(subj) || r.g.known(graph.TypeCountry, subj) || networkSubject.MatchString(graph.Fold(subj)) && !r.g.known(graph.TypeCity, subj)):
			continue // "Gdynia Maritime University is a member of …", "Euroregion Baltic, which is …": not a city
		case subj != "" && (!r.g.known(graph.TypeNetwork, subj) || r.g.known(graph.TypeCity, subj)):
			// (a city is a city though a network's name ends in it:
			// "Stowarzyszenie Metropolia Poznań")
			cres, city = r.g.resolve(graph.TypeCity, "city", subj, "")
		case ru.noSubj && r.homeCity() != nil, subj == "" && cityRef(u.norm, m[0]) && r.homeCity() != nil:
			// "przynależność do …"; "Miasto jest członkiem …", "the city joined …"
			city = r.homeCity()
			cres = resolutionOf(city, "city")
		default:
			continue
		}
		type cityOf struct {
			e   *entity
			res graph.Resolution
		}
		cities := []cityOf{{city, cres}}
		for _, g := range group[min(1, len(group)):] {
			res, e := r.g.resolve(graph.TypeCity, "city", g.text, "")
			cities = append(cities, cityOf{e, res})
		}
		var nets []nameAt
		if !h.bare {
			nets = nameList(u.norm, m[1])
		}
		var ctxNet *entity
		// "the network", "Kiel joined in 1993.": the section's network
		if headline && (len(nets) == 0 || h.bare) {
			continue
		}
		generic := len(nets) == 0 && !h.bare && (genericRef.MatchString(u.norm[m[1]:]) || ru.re == joinEN && joinedBare.MatchString(u.norm[m[1]:]))
		if len(nets) == 1 && genericNetwork(nets[0].text) || h.bare || generic {
			// "the Association": the network the section is about
			if ctxNet = r.contextNetwork(u); ctxNet == nil {
				continue
			}
			nets = nil
			conf = min(conf, 0.75)
		} else if len(nets) == 0 {
			// "… is a member of the following organisations: A, B and C."
			fm := followingRE.FindStringIndex(u.norm[m[1]:])
			if fm == nil {
				// "… a member of several European networks and
				// organizations, including A, B and C"
				if fm = includingRE.FindStringIndex(u.norm[m[1]:]); fm == nil {
					continue
				}
			}
			if nets = nameList(u.norm, m[1]+fm[1]); len(nets) < 2 {
				continue
			}
		}
		// "a member of Eurocities since 1995, the Union of the Baltic
		// Cities since 1991 and Energy Cities since 2000": each its own.
		if ctxNet == nil && len(nets) == 1 {
			if ps := datedPairs(u.norm, nets[0].start); len(ps) >= 2 {
				for k, p := range ps {
					if governingBody(p.n.text) || r.g.known(graph.TypeCity, p.n.text) && !r.g.known(graph.TypeNetwork, p.n.text) {
						continue
					}
					if k > 0 && !r.g.known(graph.TypeNetwork, p.n.text) && !networkish(p.n.text) {
						continue // "… of Eurocities since 1995, Gdynia since 1998": another city's
					}
					for _, c := range cities {
						r.addMembership(u, c.e, c.res, p.n.text, p.d, "", statusOf(verb), conf*0.95, nil)
					}
				}
				continue
			}
		}
		// The dates that can be this statement's: between the previous
		// statement and the next one in the sentence.
		// A date right after the previous statement's network is that
		// statement's: "X … of Eurocities since 1995 and Gdynia is a
		// member … since 1998".
		lo, hi := 0, len(u.norm)
		if i > 0 {
			lo = statementEnd(u.norm, hits[i-1].m[1])
		}
		if i+1 < len(hits) {
			hi = hits[i+1].m[0]
			if s, st, _ := subjectBefore(u.norm, hi); s != "" {
				hi = max(min(hi, st), m[1])
			}
		}
		if len(nets) > 0 {
			// "członkiem Związku Miast Polskich, a od 2005 r. także
			// Eurocities": a date after ", a", ", and", ", while" is the
			// next clause's.
			e := nets[len(nets)-1].end
			if cm := contrastRE.FindStringSubmatchIndex(u.norm[e:]); cm != nil && e+cm[2] < hi {
				hi = max(e+cm[2], lo)
			}
		}
		since, until, dc := sinceNear(u.norm, lo, hi, m[0], joining)
		if since == "" && until == "" && joining {
			// "Gdańsk joined Eurocities in 1995 and hosted its AGM in
			// 2010": the date right after the network is the joining's.
			end := m[1]
			switch {
			case len(nets) == 1:
				end = nets[0].end
				// "joined the Eurocities network in April 1996": past
				// the kind word the name is followed by
				if km := kindAfterRE.FindStringIndex(u.norm[end:]); km != nil {
					end += km[1]
				}
			case generic && genericRef.MatchString(u.norm[m[1]:]):
				end = m[1] + genericRef.FindStringSubmatchIndex(u.norm[m[1]:])[3]
			}
			if d, ok := dateAfter(u.norm, end); ok && len(nets) <= 1 {
				since, dc = d, 0.95
			}
		}
		if len(nets) > 1 {
			since, until = "", ""
			if ds := findDates(u.norm); len(ds) > 0 {
				dc = 0.9
			}
		}
		if ctxNet != nil {
			nres := graph.Resolution{Role: "network", Type: graph.TypeNetwork, Text: ctxNet.name, ID: ctxNet.id, Name: ctxNet.name, Match: matchOf(ctxNet)}
			for _, c := range cities {
				r.addMembershipOf(u, c.e, c.res, ctxNet, nres, "", since, until, statusOf(verb), conf*dc, nil)
			}
			continue
		}
		belong := ru.re == belongPL || ru.re == belongEN
		for _, n := range nets {
			if r.g.known(graph.TypeCity, n.text) && !r.g.known(graph.TypeNetwork, n.text) || governingBody(n.text) {
				continue
			}
			if len(nets) > 1 {
				// "ICLEI (since 2003), the Council of …": a date in the
				// name's own parenthesis is its own
				since = parenSince(u.norm, n.end)
			}
			if belong && !r.g.known(graph.TypeNetwork, n.text) && !networkish(n.text) {
				continue // "należy do Pomorza", "belongs to Pomerania": a region, not a network
			}
			if partOf := strings.Contains(strings.ToLower(verb), "part"); partOf && !partOfNames.MatchString(graph.Fold(n.text)) {
				continue // "is part of the Euroregion", "part of Southwest Finland"
			}
			if !r.g.known(graph.TypeNetwork, n.text) && campaign(u.norm, n) {
				continue // "joined the European Mobility Week campaign", "a member of the URBACT project CityLogo": no network
			}
			if bodyAfter(u.norm, n) {
				continue // "a member of the Eurocities working group on mobility": its body's
			}
			for _, c := range cities {
				r.addMembership(u, c.e, c.res, n.text, since, until, statusOf(verb), conf*dc, nil)
			}
		}
	}
}

// groupCities reads the parenthesis holding the subject at sst, which
// must end right before the verb at v: its items, each read as a city,
// or nil when one does not read as one ("Metropolitan Manila", a
// district) or the parenthesis is not a plain list.
func (r *reader) groupCities(s string, sst, v int) []nameAt {
	open := strings.LastIndex(s[:sst], "(")
	cl := strings.Index(s[sst:v], ")")
	if open < 0 || cl < 0 || strings.TrimSpace(s[sst+cl+1:v]) != "" {
		return nil
	}
	cl += sst
	if head, _, _ := subjectBefore(s, open); head == "" {
		return nil // "… (A, B) joined": whose list?
	}
	items := splitList(s[open+1:cl], open+1)
	if len(items) < 2 {
		return nil
	}
	for _, it := range items {
		if !r.readsAsCity(it.text) {
			return nil
		}
	}
	return items
}

var (
	memberBareEN = regexp.MustCompile(`(?i)\b(is|was|became|has\s+been|have\s+been|remains)\s+(?:(?:also|now|still)\s+)?(?:an?\s+)?(?:(full|associate|affiliated|founding|active|honorary|regular|ordinary|long-standing|longstanding)\s+)?(member|observer)\b`)
	memberBarePL = regexp.MustCompile(`(?i)\b(jest|był[oa]?|został[oa]?|stał[oa]?\s+się)\s+(?:(?:również|także|też|obecnie|nadal)\s+)?(?:(?:jej|jego)\s+)?(?:(pełnym|pełnoprawnym|stowarzyszonym|aktywnym)\s+)?(członkiem|obserwatorem)\b`)
	// joinedBare: what may follow "joined" when the sentence names no
	// network ("Kiel joined in 1993."): a date, or the sentence's end.
	joinedBare = regexp.MustCompile(`^(?:(?:in|on)\s+(?:\d|the\s+year\s+\d|(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)|\s*[.;]|\s*$)`)
	// genericRef: a network named by its kind after the verb ("joined
	// the network in 1996", "przystąpiło do stowarzyszenia w 2005 r."):
	// the network the section is about.
	genericRef = regexp.MustCompile(`(?i)^(?:(?:the|this|tego|tej)\s+)?(network|association|organi[sz]ation|union|stowarzyszenia|sieci|organizacji|związku|netzwerk|verband|städteverbund|städtenetzwerk|verein)(?:\s*$|\s*[.,;]|\s+(?:in|on|since|from|as|w|od|z\s+dniem|jako|seit|und)\b)`)
	// bareEnd: what may follow a membership that names no network.
	bareEnd      = regexp.MustCompile(`(?i)^\s*(?:$|[.,;]|since\b|from\b|od\b|in\s+\d|w\s+\d|and\b|i\b|oraz\b|of\s+the\s+(?:network|association|organi[sz]ation)\b|(?:tego\s+)?(?:stowarzyszenia|sieci|organizacji)\s*[.,;])`)
	genericNames = set("lgd lgr group association network organisation organization union league alliance networks associations organisations organizations covenant movement stowarzyszenie stowarzyszenia sieć sieci organizacja organizacji związek związku platforma platformy unia netzwerk verband städteverbund städtenetzwerk verein")
	bodyWords    = set("committee board council commission secretariat presidency komitet komitetu zarząd zarządu rada rady komisja komisji sekretariat prezydium")
)

// subBody: a name that is a known network's name followed by more
// words ("Eurocities Culture Forum", "UBC Commission on Environment") is
// one of that network's forums or commissions.
func (r *reader) subBody(name string) bool {
	if r.g.known(graph.TypeNetwork, name) {
		return false
	}
	ts := tokenize(name)
	for j := len(ts) - 1; j > 0; j-- {
		// by its own name, not a word another name ends in ("Wielkopolski
		// Klaster …" is no body of "Stowarzyszenie … Wielkopolski")
		p := span(name, ts, 0, j)
		if e, score := r.g.find(graph.TypeNetwork, p); e != nil && score == graph.ScoreExact && !genericNetwork(strings.TrimPrefix(p, "The ")) {
			return true
		}
	}
	return false
}

// genericNetwork: "Association", "the Network": a reference, not a name.
func genericNetwork(name string) bool {
	f := strings.Fields(strings.ToLower(name))
	return len(f) == 1 && genericNames[f[0]]
}

// governingBody: "Executive Committee" is a body of a network, not one.
// A council of municipalities or cities ("Council of European
// Municipalities and Regions", "Rada Gmin i Regionów Europy") is a
// network.
func governingBody(name string) bool {
	f := strings.Fields(strings.ToLower(name))
	if len(f) == 0 {
		return false
	}
	if bodyWords[f[len(f)-1]] {
		return true
	}
	for i, w := range f {
		if innerBodyWords[w] && !(i+1 < len(f) && f[i+1] == "działania") {
			// "European Committee of the Regions", "Grupy Roboczej ds.
			// Transportu"; a local action group ("Lokalna Grupa
			// Działania") is an association of communes
			return true
		}
	}
	if !bodyWords[f[0]] {
		return false
	}
	// "Board of the Union of the Baltic Cities", "Zarządu Związku Miast
	// Polskich": a network's body, though its network's name says cities
	k := 1
	for k < len(f) && (f[k] == "of" || f[k] == "the") {
		k++
	}
	if k < len(f) && (genericNames[f[k]] || kindWords[f[k]] && f[k] != "european" && f[k] != "international") {
		return true
	}
	return !membersOfCities.MatchString(graph.Fold(name))
}

// personBefore: the words before a city's name that make the subject a
// person of that city.
var personBefore = regexp.MustCompile(`(?i)\b(?:prezydent(?:a|em)?|burmistrz(?:a|em)?|wójt(?:a|em)?|starost(?:a|ą)|przedstawiciel(?:e|em)?|delegacja|radn[iy]|mayor|lord\s+mayor|president|representatives?|delegation|councillors?)\s+(?:of\s+(?:the\s+)?)?(?:(?:city|town|miasta)\s+(?:of\s+)?)?$`)

// innerBodyWords make a name a body wherever they stand in it.
var innerBodyWords = set("committee komitet komitetu commission komisja komisji working grupa grupy roboczej robocza zespół zespołu")

// bodyAfter: the name n (in s) is followed by a body's noun ("Eurocities
// working group", "UBC commission on …", "Eurocities forum").
func bodyAfter(s string, n nameAt) bool {
	after := tokenize(s[n.end:])
	if len(after) == 0 || isCap(after[0]) {
		return false
	}
	w := strings.ToLower(after[0].core)
	return bodyWords[w] || innerBodyWords[w] || w == "forum" || w == "group" || w == "forums"
}

var membersOfCities = regexp.MustCompile(`municipalit|cities|towns|mayors|miast|gmin`)

// contextNetwork is the network a unit's section is about: its heading's
// (a heading that is a name: "UCEU, Union of Capitals of the European
// Union", "European Cities Marketing (ECM)"), else the first network its
// paragraph names before it, else the page's.
func (r *reader) contextNetwork(u *unit) *entity {
	// "Eurocities – Gdańsk has been a member since 1995", "ICLEI – Local
	// Governments for Sustainability is a global network … Kozani has
	// been a member of the network since May 2022": the name the
	// paragraph opens with, as a heading run into its text, before the
	// heading above; a paragraph opening so with a name that is no
	// network known is another entry, not the heading's.
	first := u
	for first.prev != nil {
		first = first.prev
	}
	e, entry := r.openingNetwork(first)
	if e != nil {
		return e
	}
	if !entry {
		if e := r.headingNetwork(u); e != nil {
			return e
		}
	}
	for p := u.prev; p != nil; p = p.prev {
		for _, t := range tokenize(p.norm) {
			if !isCap(t) {
				continue
			}
			if e, _ := r.g.find(graph.TypeNetwork, t.core); e != nil {
				return e
			}
		}
	}
	// "Dziś odbyło się walne zebranie członków Stowarzyszenia X. … do
	// organizacji …": the network a sentence before named by its kind
	// word, the nearest
	for p := u.prev; p != nil; p = p.prev {
		ms := kindNameRE.FindAllStringIndex(p.norm, -1)
		for k := len(ms) - 1; k >= 0; k-- {
			name := strings.TrimRight(p.norm[ms[k][0]:ms[k][1]], " ")
			if e, _ := r.g.find(graph.TypeNetwork, name); e != nil {
				return e
			}
			if headingIsName(name) && networkish(name) && !governingBody(name) && !r.subBody(name) && len(strings.Fields(name)) > 1 {
				_, e := r.g.resolve(graph.TypeNetwork, "network", name, r.networkName(name))
				return e
			}
		}
	}
	// The page's network, when the page is about one: its title names
	// it, or it is the only network the page names. On a page of many,
	// the most named is no evidence ("Miasto jest jej członkiem od …").
	// Not in another entry's paragraph.
	if !entry && (r.titleTopic || r.namedNetworks() == 1) {
		return r.topic
	}
	return nil
}

// openingNetwork is the network a paragraph's first unit opens with
// before a dash or a colon ("Eurocities – …", "UBC: …"), and whether it
// opens as an entry: a network's name so, or another name (not a city's)
// before a dash.
func (r *reader) openingNetwork(u *unit) (*entity, bool) {
	ts := tokenize(u.norm)
	j := capRun(ts, 0)
	for k := 1; k < j; k++ {
		if isDash(ts[k].core) {
			j = k // "Eurocities – Gdańsk …": the dash ends the name
		}
	}
	if j == 0 || j >= len(ts) || !(isDash(ts[j].core) || strings.HasPrefix(ts[j-1].trail, ":")) {
		return nil, false
	}
	name := span(u.norm, ts, 0, j)
	if ds := findDates(u.norm[ts[j].cs:]); len(ds) > 0 && strings.TrimSpace(strings.Trim(u.norm[ts[j].cs:ts[j].cs+ds[0].start], "–—-:")) == "" {
		return nil, false // "XIX Kongres Gmin Wiejskich RP - 18-19.09.2019 r.": a caption, an event's date
	}
	for _, w := range eventWords {
		if w.re.MatchString(name) {
			return nil, false // an event, not an entry
		}
	}
	if e, _ := r.g.find(graph.TypeNetwork, name); e != nil {
		return e, true
	}
	if r.g.known(graph.TypeCity, name) || r.g.known(graph.TypeCountry, name) {
		return nil, false
	}
	if headingIsName(name) && networkish(name) && !governingBody(name) && !r.subBody(name) {
		_, e := r.g.resolve(graph.TypeNetwork, "network", name, "")
		return e, true
	}
	// a dash after another name opens another entry; a colon may end a
	// field's key or a lead ("Members: Lyon, …")
	return nil, isDash(ts[j].core)
}

// namedNetworks counts the networks whose names the page writes.
func (r *reader) namedNetworks() int {
	folded := r.foldedText()
	n := 0
	for _, e := range r.g.ents {
		if e.typ != graph.TypeNetwork {
			continue
		}
		for _, f := range append(append([]string{}, e.canon...), e.other...) {
			if strings.Contains(folded, " "+f+" ") {
				n++
				break
			}
		}
	}
	return n
}

// kindNameRE: a network's name opened by its capitalised kind word,
// "Stowarzyszenia Warmińsko-Mazurskich Samorządów Pogranicza", "Union of
// the Baltic Cities".
// Also a name in quotation marks after the kind word ("Stowarzyszenia
// „Warmińsko – Mazurskich Gmin Pogranicza”") or after the name's words
// ("Stowarzyszenie Gmin Zachodniego Mazowsza „Mazovia”"), and a compound adjective
// written with a spaced dash, its first part ending in -o ("Warmińsko –
// Mazurskich").
var kindNameRE = regexp.MustCompile(`\b(?:Stowarzyszeni[eau]|Związ(?:ek|ku|kiem)|Sieci?|Organizacj[aię]|Association|Network|Union|Alliance)(?:\s+„\p{Lu}[^”"„]{1,80}”|(?:\s+(?:\p{Lu}[\p{L}-]*o\s+[–-]\s+\p{Lu}[\p{L}-]*|\p{Lu}[\p{L}-]*|of|the|and|for|i))*\s+(?:\p{Lu}[\p{L}-]*o\s+[–-]\s+)?\p{Lu}[\p{L}-]*(?:\s+„\p{Lu}[^”"„]{1,40}”)?)`)

// listHeading: headings about memberships in general, not one network.
var listHeading = regexp.MustCompile(`(?i)member|członk|organi[sz]ations|organizacje|networks|associations|sieci\b|współprac|cooperation|partner|relations|links|contact`)

var quotedRE = regexp.MustCompile(`[„"“]([^”"„“]{2,80})[”"“]`)

// sinceNear picks the date a membership statement gives for its start,
// among the dates in s[lo:hi]: the one introduced by "od"/"since"/"from"
// nearest the verb at v, else the only date of a joining statement.
// Several dates and none marked: no date (propose less).
func sinceNear(s string, lo, hi, v int, joining bool) (graph.Date, graph.Date, float64) {
	var since, until graph.Date
	best := -1
	var ds []dateMention
	for _, d := range findDates(s[lo:hi]) {
		// "founded in 1991", "signed on 22 February 1998": the date of
		// another event, whatever else the clause holds.
		if otherEvent.MatchString(s[max(lo, lo+d.start-60) : lo+d.start]) {
			continue
		}
		// "As reported in a Dec. 2019 … blog post, Burlington joined …":
		// the report's date, not the joining's.
		if reported.MatchString(s[max(lo, lo+d.start-45) : lo+d.start]) {
			continue
		}
		// "… of Eurocities, which has existed since 1986": a date after a
		// relative pronoun is its clause's.
		if at := lo + d.start; at > v && relativeClause.MatchString(s[v:at]) {
			continue
		}
		ds = append(ds, d)
	}
	for _, d := range ds {
		dist := abs(lo + d.start - v)
		switch {
		case (d.since || asOf.MatchString(s[:lo+d.start])) && (best < 0 || dist < best):
			since, best = d.date, dist
		case d.until && until == "":
			until = d.date
		}
	}
	if since != "" {
		// the end of the period it opens, written right after it; an
		// "until" elsewhere ("…, a do 2017 r. przewodniczyło jego
		// komisji") ends something else
		return since, periodEnd(s[lo:hi], since), 1
	}
	if until != "" {
		return "", until, 1
	}
	if len(ds) == 1 && joining && lo+ds[0].start < v {
		// "In 1996 Gdańsk joined …": the clause's opening date. One after
		// the verb is the joining's only right after the network (the
		// caller's statementEnd), not "… and hosted its AGM in 2010".
		return ds[0].date, "", 0.95
	}
	if len(ds) > 1 {
		// "przystąpiła w roku 2020 zgodnie z uchwałą … z dnia 27
		// października 2020 r.": dates that agree, one more precise, are
		// one date written twice
		if joining {
			best := ds[0].date
			for _, d := range ds[1:] {
				if len(d.date) > len(best) {
					best = d.date
				}
			}
			agree := true
			for _, d := range ds {
				agree = agree && strings.HasPrefix(string(best), string(d.date))
			}
			if agree {
				return best, "", 0.95
			}
		}
		return "", "", 0.8
	}
	return "", "", 1
}

// kindAfterRE: a network's kind written after its name.
var kindAfterRE = regexp.MustCompile(`^\s+(?:network|association|organi[sz]ation|alliance)\b`)

// contrastRE: a clause after a statement's networks that starts another
// statement (group 1 is where it starts).
var contrastRE = regexp.MustCompile(`(?i)^\s*(?:\([^()]*\))?\s*(,)\s*(?:a|and|oraz|i|zaś|natomiast|while|whereas|but|ale|lecz)\s+`)

var asOf = regexp.MustCompile(`(?i)\bas\s+of\s*$`)

// otherEvent ends the words before a date that belongs to another event
// than the membership: a founding, a signing, a creation.
var otherEvent = regexp.MustCompile(`(?i)\b(?:founded|founding|foundation|established|establishment|set\s+up|created|creation|formed|signed|launched|exists|existed|existing|operat\p{L}*|założon\p{L}*|założenia|utworzon\p{L}*|utworzenia|powołan\p{L}*|powołania|podpisan\p{L}*|zawiązan\p{L}*|powstał\p{L}*|powstania|istnieje|istniej\p{L}*|działa\p{L}*)\s+(?:(?:\p{L}+\s+){0,2}?(?:in|on|since|from|w|dniu|roku|od)\s+)?(?:the\s+year\s+)?$`)

// reported ends the words before a date that is a report's or a
// publication's, not the membership's (a period may end an abbreviated
// month: "in a Dec. 2019 blog post").
var reported = regexp.MustCompile(`(?i)\b(?:reported|announced|published|posted|according\s+to|podał\p{L}*|poinformował\p{L}*|według)\b[^;,]{0,30}$`)

// relativeClause: words between a membership's verb and a date that
// open another clause the date belongs to.
var relativeClause = regexp.MustCompile(`(?:,|\s)\s*(?:which|that|who|whose|where|when|który|która|które|którego|której|których|gdzie|kiedy)\b`)

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func matchOf(e *entity) string {
	if e.isNew {
		return graph.MatchNew
	}
	return graph.MatchExact
}

var phaseRE = regexp.MustCompile(`\s*[–-]\s*([IVX]+)\s+(?:Phase|Faza|faza|phase)$`)

// articleCity is the one city every membership proposed so far is of,
// if there is one.
func (r *reader) articleCity() *entity {
	var city *entity
	for _, f := range r.facts {
		if f.section != "memberships" {
			continue
		}
		switch c := f.news[0]; {
		case city == nil:
			city = c
		case c != city:
			return nil
		}
	}
	return city
}

// ownerBefore: an owner's possessive before a network's name.
var ownerBefore = regexp.MustCompile(`^[^'’´]+['’´]s\s+`)

func (r *reader) addMembership(u *unit, city *entity, cres graph.Resolution, netText string, since, until graph.Date, st graph.MembershipStatus, conf float64, extra []*unit) {
	phase := ""
	if m := phaseRE.FindStringSubmatchIndex(netText); m != nil {
		phase = netText[m[2]:m[3]]
		netText = netText[:m[0]]
	}
	if r.subBody(netText) {
		return // "Eurocities Culture Forum": a body of a network, not one
	}
	if possessive.MatchString(netText) {
		return // "joined UNESCO's list": the owner of what was joined, no network's name
	}
	if m := ownerBefore.FindStringIndex(netText); m != nil && networkish(netText[m[1]:]) {
		netText = netText[m[1]:] // "the Climate Council's Cities Power Partnership": the network, after its owner
	}
	nres, net := r.g.resolve(graph.TypeNetwork, "network", netText, r.networkName(netText))
	if net.isNew {
		if b := bareName(netText); b != netText {
			if f := graph.Fold(b); !contains(net.canon, f) && !contains(net.other, f) {
				r.g.addOther(net, f)
			}
		}
	}
	r.alias(net, netText)
	r.addMembershipOf(u, city, cres, net, nres, phase, since, until, st, conf, extra)
}

func (r *reader) addMembershipOf(u *unit, city *entity, cres graph.Resolution, net *entity, nres graph.Resolution, phase string, since, until graph.Date, st graph.MembershipStatus, conf float64, extra []*unit) {
	if net == city {
		return
	}
	ms := &graph.Membership{CityID: city.id, NetworkID: net.id, Since: since, Until: until, Status: st, Phase: phase}
	spans := [][2]int{unitSpan(u)}
	for _, e := range extra {
		if e != nil {
			spans = append(spans, unitSpan(e))
		}
	}
	when := ""
	if since != "" {
		when = " since " + string(since)
	}
	r.add(&fact{section: "memberships", ents: []graph.Resolution{cres, nres}, rec: ms, spans: spans, conf: conf,
		summary: fmt.Sprintf("%s is a member of %s%s", city.name, net.name, when),
		key:     "memberships|" + city.id + "|" + net.id, news: []*entity{city, net}})
}
