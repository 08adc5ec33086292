package documents

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"citynet/graph"
)

// Founders who are members. "Rostock co-founded this network in 1991",
// "Gdańsk was one of the founders of the Union", "Miasto jest
// współzałożycielem sieci": the city founded the network (dated as
// written) and is a member of it, with no start: the date is the
// founding's, and only a sentence saying the city joined then dates a
// membership. ("founded in 1986 by the mayors of six cities: …" stays a
// founding only, read by foundings: it tells the network's history, not
// the founders' standing in it now.)
var (
	coFoundRE = regexp.MustCompile(`(?i)\b(?:co-?founded|(?:is|was|became)\s+(?:a\s+|one\s+of\s+the\s+|among\s+the\s+)?founding\s+members?\s+of|(?:jest|był[oa]?|został[oa]?|stał[oa]?\s+się)\s+członkiem[- ]założycielem|ist\s+Gründungsmitglied\s+(?:des|der|im)|(?:is|was|became)\s+(?:one\s+of\s+the\s+|among\s+the\s+|a\s+)?(?:co-?)?founders?\s+of|(?:jest|był[oa]?)\s+(?:jednym\s+z\s+)?(?:(?:miast|gmin)[- ])?(?:współ)?za[łl]o[żz]ycie(?:lem|li)|współzałożył[oa]?|współtworzył[oa]?)(?:\s+(?:(?:w|in)\s+\d{4}(?:\s+r\.|\s+roku)?\s+)?|\b)`)
	// thisNetRE: the network named by its kind ("this network of cities
	// in the Baltic Sea Region", "tej sieci"): the section's. Lower case
	// only, so "the Union of the Baltic Cities" stays a name.
	thisNetRE = regexp.MustCompile(`^(?:(?:this|the|tej|tego|tego\s+samego)\s+)?(?:network|association|organi[sz]ation|union|alliance|sieci|stowarzyszenia|organizacji|związku)\b`)
)

func (r *reader) coFoundings(u *unit) {
	if u.kind == kHeading {
		return
	}
	for _, m := range coFoundRE.FindAllStringIndex(u.norm, -1) {
		city, cres, ok := r.statementCity(u, m[0])
		if !ok {
			continue
		}
		var net *entity
		var nres graph.Resolution
		end := m[1]
		ns := nameList(u.norm, m[1])
		if tm := thisNetRE.FindStringIndex(u.norm[m[1]:]); tm != nil || len(ns) == 1 && genericNetwork(ns[0].text) {
			// "of the network", "członkiem założycielem Stowarzyszenia":
			// the section's network
			if net = r.contextNetwork(u); net == nil {
				continue
			}
			nres = graph.Resolution{Role: "network", Type: graph.TypeNetwork, Text: net.name, ID: net.id, Name: net.name, Match: matchOf(net)}
			if tm != nil {
				end += tm[1]
			}
		} else {
			if len(ns) != 1 {
				continue // several networks co-founded at one date: whose date? propose less
			}
			n := ns[0]
			known := r.g.known(graph.TypeNetwork, n.text)
			if !known && (r.g.known(graph.TypeCity, n.text) || !networkish(n.text) || campaign(u.norm, n)) || governingBody(n.text) || r.subBody(n.text) {
				continue // "co-founded the Baltic Sea Festival", a project, a council
			}
			text := n.text
			if full := r.initialism(text); full != "" && !r.g.known(graph.TypeNetwork, text) {
				text = full // "członkiem założycielem OSGC" after "Ogólnopolskie Stowarzyszenie Gmin Cysterskich powstało …"
			}
			nres, net = r.g.resolve(graph.TypeNetwork, "network", text, r.networkName(text))
			r.alias(net, n.text)
			end = n.end
		}
		if net == city {
			continue
		}
		// The founding's date: the one date of the statement, up to a
		// relative clause ("…, which it has chaired since 2005"); none
		// when there are several, or when the one is a start ("since").
		hi := len(u.norm)
		if rm := clauseEndRE.FindStringIndex(u.norm[end:]); rm != nil {
			hi = end + rm[0]
		}
		var date graph.Date
		if ds := findDates(u.norm[:hi]); len(ds) == 1 && !ds[0].since && !ds[0].until {
			date = ds[0].date
		}
		fres := cres
		fres.Role = "founder"
		r.addFounding(u, city, fres, net, nres, date, 0.85)
		if !foundingMember.MatchString(u.norm[m[0]:m[1]]) {
			// "a founding member": annotated, and by the data's
			// convention recorded, as a founding alone
			r.addMembershipOf(u, city, cres, net, nres, "", "", "", graph.StatusMember, 0.8, nil)
		}
	}
}

// amongFoundersRE: towns named as some of those that founded a network,
// in an aside: "Zebranie założycielskie, na którym 27 jednostek
// samorządu terytorialnego - w tym Gmina Stryków - powołało
// Stowarzyszenie Łódzki Obszar Metropolitalny, odbyło się 15 kwietnia
// 2014 r.", "twelve cities, including Lyon and Turin, founded the
// network in 1989". Group 1 is the towns; the network follows the verb.
var amongFoundersRE = regexp.MustCompile(`(?i)(?:^|[\s,(])(?:w\s+tym|including|among\s+them)\s+([^–—()]+?)\s*(?:[-–—)]|,)\s*(?:powołał\p{L}*|założył\p{L}*|utworzył\p{L}*|zawiązał\p{L}*|founded|established|set\s+up|created|formed)\s+`)

// amongFounders reads the towns an aside names among a network's
// founders as its founders, dated by the sentence's one date (the
// founding meeting's). By the data's convention a founder is not also
// proposed as a member (foundersNotMembers).
func (r *reader) amongFounders(u *unit) {
	if u.kind == kHeading {
		return
	}
	m := amongFoundersRE.FindStringSubmatchIndex(u.norm)
	if m == nil {
		return
	}
	towns := cityItems(u.norm[m[2]:m[3]], m[2])
	ns := nameList(u.norm, m[1])
	if len(towns) == 0 || len(ns) != 1 {
		return
	}
	n := ns[0]
	if !r.g.known(graph.TypeNetwork, n.text) && (!networkish(n.text) || r.g.known(graph.TypeCity, n.text)) || genericNetwork(n.text) || governingBody(n.text) {
		return
	}
	nres, net := r.g.resolve(graph.TypeNetwork, "network", n.text, r.networkName(n.text))
	var date graph.Date
	if ds := findDates(u.norm); len(ds) == 1 && !ds[0].since && !ds[0].until {
		date = ds[0].date
	}
	for _, t := range towns {
		if !r.readsAsCity(t.text) {
			continue
		}
		nom := t.text
		if r.lang == "pl" {
			nom = nominative(t.text)
		}
		cres, city := r.g.resolve(graph.TypeCity, "founder", t.text, nom)
		if city == net {
			continue
		}
		if r.foundersOnly == nil {
			r.foundersOnly = map[string][]*entity{}
		}
		r.foundersOnly[city.id] = append(r.foundersOnly[city.id], net)
		r.addFounding(u, city, cres, net, nres, date, 0.8)
	}
}

// addFounding proposes that city founded net, as unit u states it.
func (r *reader) addFounding(u *unit, city *entity, cres graph.Resolution, net *entity, nres graph.Resolution, date graph.Date, conf float64) {
	r.add(&fact{section: "founders", ents: []graph.Resolution{cres, nres}, rec: &graph.Founding{FounderID: city.id, NetworkID: net.id, Date: date},
		spans: [][2]int{unitSpan(u)}, conf: conf, summary: fmt.Sprintf("%s founded %s", city.name, net.name),
		key: "founders|" + city.id + "|" + net.id, news: []*entity{city, net}})
}

// foundersNotMembers drops the memberships of a town an aside names
// among a network's founders (amongFounders), as the data records a
// founder: a founder alone ("Gmina Stryków przystąpiła do …" on the page
// that says it was among those that founded it). The network may be
// written with its kind word in one sentence and without it in another
// ("Stowarzyszenie Łódzki Obszar Metropolitalny", "do Łódzkiego Obszaru
// Metropolitalnego"): one network all the same.
func (r *reader) foundersNotMembers() {
	founded := r.foundersOnly
	if len(founded) == 0 {
		return
	}
	r.facts = slices.DeleteFunc(r.facts, func(f *fact) bool {
		ms, ok := f.rec.(*graph.Membership)
		if !ok {
			return false
		}
		net := r.entityOf(ms.NetworkID)
		return slices.ContainsFunc(founded[ms.CityID], func(e *entity) bool { return e == net || e != nil && net != nil && sameNameButKind(e.name, net.name) })
	})
}

// sameNameButKind: two names of a network that differ only by a kind word
// and inflection: every other word of one shares a stem with the word of
// the other at its place.
func sameNameButKind(a, b string) bool {
	words := func(s string) []string {
		var out []string
		for _, w := range strings.Fields(s) {
			if w = strings.Trim(w, "„”\"“"); !netHead.MatchString(w) && !genericNames[strings.ToLower(w)] {
				out = append(out, strings.Fields(graph.Fold(w))...)
			}
		}
		return out
	}
	wa, wb := words(a), words(b)
	if len(wa) == 0 || len(wa) != len(wb) {
		return false
	}
	for i := range wa {
		if !slices.ContainsFunc(graph.Stems(wa[i]), func(x string) bool { return slices.Contains(graph.Stems(wb[i]), x) }) {
			return false
		}
	}
	return true
}

// foundingMember: a founding written as membership, "a founding member
// of", "członkiem założycielem", "Gründungsmitglied". Founders are not
// also proposed as members: the curated data records the founding alone.
var foundingMember = regexp.MustCompile(`(?i)founding\s+member|członkiem[- ]założycielem|gründungsmitglied`)

// clauseEndRE ends a statement's clause: a relative clause or another
// statement joined by a semicolon.
var clauseEndRE = regexp.MustCompile(`(?i),\s*(?:which|that|where|who|który|która|które|gdzie)\b|;`)

// statementCity is the member a statement whose verb is at offset v
// names: the city before the verb, or the page's city when the sentence
// says "the city", "miasto".
func (r *reader) statementCity(u *unit, v int) (*entity, graph.Resolution, bool) {
	subj, sst, _ := subjectBefore(u.norm, v)
	if rm := relativeRE.FindStringIndex(u.norm[:v]); subj == "" && rm != nil {
		subj, sst, _ = subjectBefore(u.norm, rm[0])
	}
	switch {
	case subj != "" && personBefore.MatchString(u.norm[:sst]):
		return nil, graph.Resolution{}, false
	case subj != "" && (notACity(subj) || r.g.known(graph.TypeCountry, subj) || networkSubject.MatchString(graph.Fold(subj)) && !r.g.known(graph.TypeCity, subj)):
		return nil, graph.Resolution{}, false
	case subj != "" && (!r.g.known(graph.TypeNetwork, subj) || r.g.known(graph.TypeCity, subj)):
		cres, city := r.g.resolve(graph.TypeCity, "city", subj, "")
		return city, cres, true
	case subj == "" && cityRef(u.norm, v) && r.homeCity() != nil:
		city := r.homeCity()
		return city, resolutionOf(city, "city"), true
	}
	return nil, graph.Resolution{}, false
}

// Lists of a network's member cities: "The city network currently
// includes 22 cities: Vienna, Tallinn, …", "Sieć skupia miasta: …", "Do
// Związku należą miasta: …", inline or as the items under such a lead.
// Each item that reads as a city is a member, undated. The network is the
// one the sentence names before the verb, or, when it names the network
// only by its kind ("The network", "Sieć", "Do stowarzyszenia"), its
// section's; a sentence whose subject is anything else ("The Gdańsk
// Metropolitan Area includes the cities: …") lists no members.
var (
	citiesListRE = regexp.MustCompile(`(?i)\b(?:includes|comprises|consists\s+of|brings\s+together|unites|gathers|associates|skupia|zrzesza|obejmuje|tworzą(?:\s+(?:je|ją|go))?|tworzy\s+(?:je|ją|go)|w\s+skład\s+(?:\p{L}+\s+){0,3}?wchodzą|należą(?:\s+do\s+niej|\s+do\s+niego)?|(?:has|counts|liczy|ma|there\s+are)(?:\s+(?:currently|now|obecnie))?\s+(?:(?:about|over|more\s+than|some|around|ponad|około|blisko)\s+)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dwa|dwie|trzy|cztery|pięć|sześć|siedem|osiem|dziewięć|dziesięć))(?:\s+(?:m\.\s?in\.|między\s+innymi|among\s+others))?(?:\s[^:.;]{0,80}?)?\b(?:cities|towns|municipalities|member\s+cities|members|miasta|miast|gminy|gmin|samorządy|samorządów|członków)(?:\s+in\s+(?:this|the)\s+(?:network|association|organi[sz]ation))?(?:\s+(?:in|w)\s+\p{Lu}\p{L}+|\s+(?:województwa|powiatu|regionu|ziemi|z\s+terenu|of\s+the|from\s+the)(?:\s+\p{L}+){1,3})?\s*(?::|\()\s*`)
	// membersAreRE: "The network's members include A, B and C",
	// "Other members include …", "Członkami sieci Eurocities są m.in. A,
	// B i C", "Do sieci należy ponad 200 miast, m.in. A, B i C": group 1
	// is the network's name when the lead writes it.
	membersAreRE = regexp.MustCompile(`(?:(?i:\b(?:its\s+|the\s+network's\s+|the\s+association's\s+|the\s+union's\s+|other\s+)?(?:members|member\s+cities)\s+(?:of\s+(?:the\s+)?(?:network|association|union)\s+)?(?:include|are|comprise))|\b[Cc]złonkami\s+(?:(?i:sieci|stowarzyszenia|związku|organizacji)\s+)?(\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*){0,5})?\s*są|\b[Dd]o\s+(?i:sieci|stowarzyszenia|związku|organizacji)\s+(\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*){0,5})?\s*należ(?:y|ą|ały|ał[oa]?)(?:\s+(?:dotychczas|obecnie|już))?(?:\s+(?:ponad|około|blisko)?\s*\d+\s+(?:miast|gmin|członków),?)?|(?i:\bw\s+poczet\s+członków)(?:\s+(?i:organizacji|stowarzyszenia|związku|sieci))?\s+(?i:został[aoy]?)\s+(?i:przyjęt[eayi])(?:\s+\p{Ll}+){0,3}?(?:\s+(?i:samorządy|gminy|miasta|jednostki))?\s*:)\s*(?:(?:m\.\s?in\.|między\s+innymi|among\s+others|obecnie|currently|also|również|także)\s+)*`)
	// kindSubjectRE: a subject that names the network by its kind.
	kindSubjectRE = regexp.MustCompile(`^(?:(?i:the|this|our|its|currently|today|now|obecnie|dziś|dzisiaj|do|w)\s+)*(?:(?:\p{Ll}+\s+)?(?:network|association|organi[sz]ation|union|alliance|sieć|sieci|stowarzyszenie|stowarzyszenia|organizacja|organizacji|związek|związku)|(?i:network|association|organi[sz]ation|union|alliance|sieć|sieci|stowarzyszenie|stowarzyszenia|organizacja|organizacji|związek|związku|it|ona|ono))(?:\s+(?:currently|today|now|obecnie|dziś))?\s*$`)
	adverbOnlyRE  = regexp.MustCompile(`^(?i:obecnie|aktualnie|dziś|dzisiaj|currently|today|now)$`)
	// notMembersRE: leads whose cities are not (only) members.
	// (A partial list, "m.in.", "among others", "including", still
	// lists members; "such as", "np.", "e.g." give examples, often of
	// something else, so they are left out.)
	notMembersRE = regexp.MustCompile(`(?i)partner|twin|sister|bliźniacz|such\s+as|e\.\s?g\.|for\s+example|takie\s+jak|\bnp\.|\bhost|gospodar|particip|uczestni|observer|obserwator|candidate|kandydat|former|dawn|\bbyły|founded|założ|visit|odwiedz|delegat|invited|zaprosz|applied|apply|ubiega`)
	// regionWords: list items that are not cities.
	regionAdjectives = set("lower upper greater northern southern western eastern central")
	regionWords      = set("oblast krai kraj canton kanton prefecture land bundesland state metropolitan metropolis area obszar metropolia aglomeracja agglomeration department département departament municipalities gminy regions regiony")
)

// membersLeadRE: a lead that is only "Members:", "Member cities:",
// "Członkowie:", "Miasta członkowskie:", "Członkami Związku są:", "W
// skład Stowarzyszenia wchodzą gminy:".
var membersLeadRE = regexp.MustCompile(`(?i)^(?:(?:the\s+)?(?:network's\s+|association's\s+|current\s+|our\s+)?(?:members|member\s+(?:cities|towns|municipalities))(?:\s+are)?|członkowie(?:\s+(?:sieci|stowarzyszenia|związku))?|(?:obecnie\s+)?członkami\s+(?:sieci\s+|stowarzyszenia\s+|związku\s+)?są|(?:lista|wykaz)\s+członków(?:\s+(?:sieci|stowarzyszenia|związku))?|w\s+skład\s+(?:sieci\s+|stowarzyszenia\s+|związku\s+)?wchodzą(?:\s+(?:gminy|miasta|samorządy))?|(?:związek|stowarzyszenie)\s+tworzą(?:\s+(?:gminy|miasta|samorządy))?|(?:miasta|gminy)\s+członkowskie)\s*:$`)

// cityPrefixRE: the words an item may write before a city's name ("City
// of Prague", "Miasto Stołeczne Warszawa", "m.st. Warszawa", "Gmina Miejska Kraków",
// "Hansestadt Rostock"); a commune is the city of its seat ("Gmina
// Bytów", "Miasto i Gmina Pieniężno").
var cityPrefixRE = regexp.MustCompile(`^(?:(?:the\s+)?(?:City|Town|Municipality)\s+of\s+|Miasto\s+Stołeczne\s+|m\.\s?st\.\s+|(?i:miasto\s+i\s+gmina)\s+|(?i:miasto)\s+|(?i:gmina\s+i\s+miasto)\s+|(?i:gmina\s+miejska)\s+|(?i:gmina\s+miejsko-wiejska)\s+|(?i:gmina\s+wiejska)\s+|(?i:gmina\s+miasto)\s+|(?i:gmina)\s+|(?:Freie\s+und\s+)?(?:Hansestadt|Landeshauptstadt|Stadt)\s+)`)

// cityItems splits a list of member cities "A, B (Country), City of C
// and D etc." into the cities' names: a country in parentheses after a
// name, a leading "City of" and a closing "etc." are dropped. Like
// splitList, it gives nothing when a piece is not a name.
func cityItems(s string, off int) []nameAt {
	end := strings.IndexAny(s, ";")
	if d := sentenceDot(s); d >= 0 && (end < 0 || d < end) {
		end = d
	}
	if end < 0 {
		end = len(s)
	}
	for _, c := range clauseAfterListRE.FindAllStringSubmatchIndex(s[:end], -1) {
		if w := strings.ToLower(s[c[2]:c[3]]); w != "także" && w != "również" && w != "też" {
			end = c[0] // "… Gołdap i Dubeninki, a siedzibą stowarzyszenia są Barciany.", not "…, a także Lębork"
			break
		}
	}
	// "Miasto i Gmina Lębork" is one commune, not two items: blanked
	// (offsets kept) before the list is split at "i".
	body := townAndCommuneRE.ReplaceAllStringFunc(s[:end], func(m string) string { return strings.Repeat(" ", len(m)) })
	var out []nameAt
	prev := 0
	for _, m := range append(itemSepRE.FindAllStringIndex(body, -1), []int{len(body), len(body)}) {
		piece := body[prev:m[0]]
		start := prev + len(piece) - len(strings.TrimLeft(piece, " "))
		prev = m[1]
		item := strings.TrimSpace(piece)
		item = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(item, "etc."), "itd."))
		if p := strings.Index(item, " ("); p > 0 && strings.HasSuffix(item, ")") {
			item = item[:p] // "Vienna (Austria)"
		}
		if cm := cityPrefixRE.FindString(item); cm != "" {
			start += len(cm)
			item = item[len(cm):]
		}
		if item == "" || listTails[strings.ToLower(item)] {
			continue // "… and others", "… i inne"
		}
		item = strings.TrimSpace(strings.TrimSuffix(item, ")"))
		ts := tokenize(item)
		if j := townRun(ts); j == 0 || j < len(ts) || len(ts) > 5 {
			if j > 0 && notACity(item) {
				continue // "…, Żnin oraz Starostwo Powiatowe w Żninie": a county's office among the communes
			}
			if j == 0 && len(out) >= 2 && otherKindRE.MatchString(item) {
				break // "… Walce i Zdzieszowice oraz powiaty: …": the communes end, another kind of member begins
			}
			return nil
		}
		out = append(out, nameAt{text: item, start: off + start, end: off + start + len(item)})
	}
	return out
}

// clauseAfterListRE: a clause of another matter after a list's last
// item, and its next word. (A relative clause, ", which hosted the
// forum", describes an item: the list is no plain list then.)
var clauseAfterListRE = regexp.MustCompile(`,\s+(?:a|zaś|natomiast|while|whereas)\s+(\p{L}+)`)

// relativeMembersRE: a lead whose relative clause lists its subject's
// members: "Stowarzyszenie Sądecki Obszar Funkcjonalny jest organizacją
// zrzeszającą 17 jednostek samorządu terytorialnego, w skład której
// wchodzą:".
var relativeMembersRE = regexp.MustCompile(`(?i),\s*(?:w\s+skład\s+(?:której|którego)\s+wchodz(?:ą|i)|(?:whose|its)\s+members\s+are)(?:\s+(?:gminy|miasta|samorządy|cities|towns|municipalities))?\s*:\s*$`)

// subjectNetwork is the network a sentence opens with, named by its kind
// word ("Stowarzyszenie Sądecki Obszar Funkcjonalny jest …"), if any.
func (r *reader) subjectNetwork(u *unit) *entity {
	m := kindNameRE.FindStringIndex(u.norm)
	if m == nil || m[0] != 0 {
		return nil
	}
	name := strings.TrimRight(u.norm[:m[1]], " ")
	if e, _ := r.g.find(graph.TypeNetwork, name); e != nil {
		return e
	}
	if !headingIsName(name) || !networkish(name) || governingBody(name) || r.subBody(name) || len(strings.Fields(name)) < 2 {
		return nil
	}
	_, e := r.g.resolve(graph.TypeNetwork, "network", name, r.networkName(name))
	return e
}

// byKindRE: a members' lead that names its network by its kind only.
var byKindRE = regexp.MustCompile(`(?i)^(?:do\s+(?:sieci|stowarzyszenia|związku|organizacji)\s+należ|w\s+poczet\s+członków)`)

// coordinatedKindRE: the network named by its kind, its second verb
// after "i": "Stowarzyszenie zostało utworzone 7 stycznia 2000 r. i
// obecnie skupia 40 gmin: …".
var coordinatedKindRE = regexp.MustCompile(`^(?:The\s+)?(?:Stowarzyszenie|Związek|Sieć|Organizacja|Network|Association|Union)\s[^,;:]*\s(?:i|oraz|and)(?:\s+(?:obecnie|dziś|currently|now|today))?$`)

// otherKindRE: a list's next part naming another kind of member.
var otherKindRE = regexp.MustCompile(`^(?:powiat|starostw|wojew|counties|county|regions?\b|the\s+(?:counties|regions|county|region)\b)`)

// townRun is how many tokens from the start read as a town's name:
// capitalised words, joined by the lowercase words town names hold
// ("Nowe Miasto nad Pilicą", "Frankfurt am Main", "Halle an der Saale").
func townRun(ts []token) int {
	j := capRun(ts, 0)
	for j > 0 && j+1 < len(ts) && townJoins[strings.ToLower(ts[j].core)] {
		k := j + 1
		for k < len(ts) && townJoins[strings.ToLower(ts[k].core)] {
			k++ // "an der"
		}
		if k >= len(ts) || !isCap(ts[k]) {
			break
		}
		j = capRun(ts, k)
	}
	return j
}

var townJoins = set("nad pod przy am an der im ob upon on sur la le de del di")

var townAndCommuneRE = regexp.MustCompile(`\b(?:Miasto\s+i\s+Gmina|Gmina\s+i\s+Miasto)\s+`)

var listTails = set("others other cities many others more inne inne miasta wiele innych")

var itemSepRE = regexp.MustCompile(`\s*,\s*(?:oraz\s+|i\s+|and\s+|und\s+|a\s+(?:także|również)\s+)?|\s+(?:oraz|i|and|und)\s+`)

// sentenceDot is where a list's sentence ends: a full stop not in "etc."
// or "m.in.".
func sentenceDot(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' && !strings.HasSuffix(s[:i+1], "etc.") && !strings.HasSuffix(s[:i+1], "itd.") && !cityAbbrev(s, i) {
			return i
		}
	}
	return -1
}

// cityAbbrev: the full stop at s[i] is one of "m.st." (miasto
// stołeczne) before a capital's name.
func cityAbbrev(s string, i int) bool {
	return strings.HasSuffix(s[:i+1], "m.") && strings.HasPrefix(s[i+1:], "st.") || strings.HasSuffix(s[:i+1], "m.st.")
}

var yearAbbrevEnd = regexp.MustCompile(`\d{4}\s*r\.\s*$`)

// listNetwork is the network a member-city lead (its verb at verb, its
// end at leadEnd) names.
var besidesRE = regexp.MustCompile(`^\s*(?:In\s+addition\s+to|Besides|Apart\s+from|Oprócz|Poza|Obok)\s+[^,]{1,60},\s*`)

func (r *reader) listNetwork(u *unit, verb, leadEnd int) *entity {
	// "In addition to Tallinn, UBC has five more member cities …": the
	// phrase before the subject is not part of it
	head := u.norm[:verb]
	if m := besidesRE.FindStringIndex(head); m != nil {
		head = head[m[1]:]
	}
	if yearAbbrevEnd.MatchString(head) && isUpperFirst(u.norm[verb:]) {
		// "… powstało w lipcu 2004 r. Tworzy je siedem gmin: …": a
		// sentence the year's "r." did not end; the network is the one
		// the sentence before names by its kind
		if notMembersRE.MatchString(u.norm[verb:leadEnd]) {
			return nil
		}
		return r.subjectNetwork(&unit{norm: head})
	}
	before := strings.TrimSpace(strings.ReplaceAll(head, ",", ""))
	if notMembersRE.MatchString(u.norm[:leadEnd]) || bodyLead(u.norm[:verb]) {
		return nil
	}
	if kindSubjectRE.MatchString(before) || before == "" || coordinatedKindRE.MatchString(before) || adverbOnlyRE.MatchString(before) {
		// "Obecnie zrzesza samorządy: …": a Polish verb with no subject
		// but its time is the section's network's
		return r.contextNetwork(u)
	}
	// "Eurocities currently includes …", "Do Eurocities należą miasta:"
	ts := tokenize(before)
	j := len(ts)
	kind := false // "The UBC network includes …": the name before its kind
	for j > 0 && !isCap(ts[j-1]) {
		switch w := strings.ToLower(ts[j-1].core); {
		case w == "currently" || w == "today" || w == "now" || w == "obecnie" || w == "dziś" || w == "also" || w == "też" || w == "również":
			j--
			continue
		case !kind && genericNames[w]:
			kind = true
			j--
			continue
		}
		break
	}
	i := j
	for i > 0 {
		if isCap(ts[i-1]) {
			i--
			continue
		}
		// "Union of the Baltic Cities": connectors between capitals
		c := i
		for c > 0 && connectors[strings.ToLower(ts[c-1].core)] && c > i-2 {
			c--
		}
		if c < i && c > 0 && isCap(ts[c-1]) {
			i = c - 1
			continue
		}
		break
	}
	if i == j {
		return nil
	}
	lead := func(k int) bool {
		// nothing but an article or "Do" before the name: "Gdańsk, a
		// member of Eurocities, includes …" is no network's subject
		if k == 0 {
			return true
		}
		w := strings.ToLower(ts[0].core)
		return k == 1 && (w == "the" || w == "do") || kindSubjectRE.MatchString(span(before, ts, 0, k))
	}
	for k := i; k < j; k++ {
		name := span(before, ts, k, j)
		if e, _ := r.g.find(graph.TypeNetwork, name); e != nil {
			if !lead(k) && strings.ToLower(ts[0].core) != "do" {
				return nil
			}
			return e
		}
	}
	if name := span(before, ts, i, j); kind && lead(i) && networkish(name) && !r.g.known(graph.TypeCity, name) && !r.g.known(graph.TypeCountry, name) && !notACity(name) {
		_, e := r.g.resolve(graph.TypeNetwork, "network", name, r.networkName(name))
		return e
	}
	return nil
}

// readsAsCity reports whether a list item names a city: a proper name of
// at most four words, not a region, district or body, not a country or a
// network, not an acronym.
func (r *reader) readsAsCity(name string) bool {
	if notACity(name) || r.g.known(graph.TypeCountry, name) || worldCountry(name) || languageName(name) || r.g.known(graph.TypeNetwork, name) && !r.g.known(graph.TypeCity, name) {
		return false
	}
	for _, w := range strings.Fields(name) {
		if regionWords[strings.ToLower(w)] {
			return false
		}
	}
	if f := strings.Fields(name); len(f) > 1 && regionAdjectives[strings.ToLower(f[0])] {
		return false // "Lower Austria", "Greater Manchester"
	}
	for _, t := range tokenize(name) {
		if len(t.core) >= 2 && strings.ToUpper(t.core) == t.core && strings.ToLower(t.core) != t.core {
			return false // "UCLG": a body
		}
	}
	return true
}

func (r *reader) memberCities(u *unit) {
	var lead *unit
	var net *entity
	// A list item that is a whole sentence with its own list reads as a
	// sentence: "• In addition to Tallinn, UBC has five more member
	// cities in Estonia: Tartu, Pärnu, …".
	kind := u.kind
	if kind == kItem {
		if m := citiesListRE.FindStringIndex(u.norm); m != nil && strings.TrimSpace(u.norm[m[1]:]) != "" {
			kind = kSentence
		}
	}
	switch kind {
	case kSentence:
		m := citiesListRE.FindStringIndex(u.norm)
		if m == nil {
			r.membersAre(u)
			return
		}
		if strings.TrimSpace(u.norm[m[1]:]) == "" {
			return
		}
		if net = r.listNetwork(u, m[0], m[1]); net == nil {
			return
		}
		for _, n := range cityItems(u.norm[m[1]:], m[1]) {
			r.addMemberCity(u, nil, n.text, net)
		}
		return
	case kItem:
		lead = u.lead
		if lead == nil {
			return
		}
		if m := citiesListRE.FindStringIndex(lead.norm); m != nil && strings.TrimSpace(lead.norm[m[1]:]) == "" {
			net = r.listNetwork(lead, m[0], m[1])
		} else if membersLeadRE.MatchString(strings.TrimSpace(lead.norm)) && !notMembersRE.MatchString(lead.norm) {
			net = r.contextNetwork(lead) // "Members:", "Member cities:", "Miasta członkowskie:"
		} else if relativeMembersRE.MatchString(lead.norm) && !notMembersRE.MatchString(lead.norm) {
			net = r.subjectNetwork(lead)
		}
		if net == nil {
			return
		}
		items := cityItems(strings.TrimRight(u.norm, ".;, "), u.start)
		if len(items) != 1 {
			return // "Vienna – since 2010, host of the AGM": more than a name
		}
		r.addMemberCity(u, lead, items[0].text, net)
	}
}

func (r *reader) addMemberCity(u, lead *unit, name string, net *entity) {
	if !r.readsAsCity(name) {
		return
	}
	cres, city := r.g.resolve(graph.TypeCity, "city", name, "")
	nres := graph.Resolution{Role: "network", Type: graph.TypeNetwork, Text: net.name, ID: net.id, Name: net.name, Match: matchOf(net)}
	r.addMembershipOf(u, city, cres, net, nres, "", "", "", graph.StatusMember, 0.8, []*unit{lead})
}

// networkName is the name to give a new network written as text: its
// bare name ("Stowarzyszenia Eurocities" → "Eurocities"), else, on a
// Polish page, the nominative the page writes in a heading when the text
// is an inflection of it ("do Związku Miast Bałtyckich" under the heading
// "Związek Miast Bałtyckich"). The page must write the nominative: none is
// made up.
func (r *reader) networkName(text string) string {
	if b := bareName(text); b != text {
		return b
	}
	if r.lang != "pl" {
		return text
	}
	n := len(strings.Fields(text))
	for _, h := range r.units {
		if h.kind != kHeading {
			continue
		}
		name := headingName(strings.TrimSpace(h.norm))
		if name == text || len(strings.Fields(name)) != n {
			continue
		}
		if oblique(strings.Fields(text)[0]) && !oblique(strings.Fields(name)[0]) && graph.MatchScore(text, name, true) == graph.ScoreInflected {
			return name
		}
	}
	return text
}

// oblique reports whether a Polish word ends as the other cases than the
// nominative do ("Związku", "Ligi", "Sieci", "Unią"), so that a heading in
// the genitive is never taken for the nominative.
func oblique(w string) bool {
	w = strings.ToLower(w)
	for _, e := range []string{"u", "y", "i", "em", "ą", "ej", "ego", "owi", "ach", "ami", "om"} {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// bodyLead reports whether a lead names a body of a network ("Members of
// the Executive Committee:", "Członkami Zarządu są:"), whose members are
// no members of the network by that.
func bodyLead(s string) bool {
	for _, w := range strings.Fields(s) {
		if bodyWords[strings.ToLower(strings.Trim(w, ".,;:()"))] {
			return true
		}
	}
	return false
}

// membersAre reads "The network's members include A, B and C" and
// "Członkami sieci Eurocities są A, B i C" (see membersAreRE): the names
// after the lead, a plain list of cities, are members of the network the
// lead names, else of the section's.
func (r *reader) membersAre(u *unit) {
	m := membersAreRE.FindStringSubmatchIndex(u.norm)
	if m == nil || notMembersRE.MatchString(u.norm[:m[1]]) || bodyLead(u.norm[:m[1]]) {
		return
	}
	var net *entity
	name := ""
	for g := 2; g+1 < len(m); g += 2 {
		if m[g] >= 0 {
			name = u.norm[m[g]:m[g+1]]
			// "Do Związku Miast Bałtyckich należą": a capitalised kind
			// word opens the name
			before := strings.Fields(u.norm[:m[g]])
			if k := len(before) - 1; k >= 0 && isUpperFirst(before[k]) && kindWords[strings.ToLower(before[k])] {
				name = before[k] + " " + name
			}
		}
	}
	if genericNames[strings.ToLower(name)] || kindWords[strings.ToLower(name)] {
		name = "" // "Do Związku należą": the section's
	}
	switch {
	case name != "":
		if e, _ := r.g.find(graph.TypeNetwork, name); e != nil {
			net = e
		} else if !r.g.known(graph.TypeCity, name) && !r.g.known(graph.TypeCountry, name) && !governingBody(name) {
			_, net = r.g.resolve(graph.TypeNetwork, "network", name, r.networkName(name))
		}
	case m[0] == 0 || kindSubjectRE.MatchString(strings.TrimSpace(u.norm[:m[0]])) || strings.HasSuffix(strings.ToLower(strings.TrimSpace(u.norm[:m[0]])), "other"),
		byKindRE.MatchString(u.norm[m[0]:m[1]]):
		// "Z powiatu X do organizacji należały dotychczas …", "w poczet
		// członków organizacji zostały przyjęte …": the match names the
		// network by its kind, whatever stands before it
		net = r.contextNetwork(u)
	}
	if net == nil {
		return
	}
	for _, n := range cityItems(u.norm[m[1]:], m[1]) {
		r.addMemberCity(u, nil, n.text, net)
	}
}

func isUpperFirst(w string) bool {
	for _, c := range w {
		return unicode.IsUpper(c)
	}
	return false
}

// The network first, the city after: "do sieci EUROCITIES, zrzeszającej
// miasta z obszaru Unii Europejskiej, Warszawa należy od roku 2002, od
// 2015 pełni tam funkcję Skarbnika". A statement that opens with "do"
// and a network's name, then an apposition, then a city and "należy"
// with no "do" of its own. Only the date right after the verb is the
// membership's; a later "od 2015" opens another clause.
var (
	fronted  = regexp.MustCompile(`^(?i:do)\s+`)
	belongTo = regexp.MustCompile(`(?i)(?:^|[^\p{L}])((?:(?:już|również|także|też|nadal)\s+)?)(należy|należą|należało|należał[oa]?)(?:\s+(?:już|również|także|też|nadal))?(?:\s|[.,;]|$)`)
	// the city comes right after the apposition's comma
	afterComma = regexp.MustCompile(`,\s*$`)
)

func (r *reader) frontedBelong(u *unit) {
	if u.kind == kHeading || !fronted.MatchString(u.norm) {
		return
	}
	nets := nameList(u.norm, len(fronted.FindString(u.norm)))
	if len(nets) != 1 {
		return // "do A i B …": whose date is which? propose less
	}
	n := nets[0]
	end := sentenceDot(u.norm)
	if end < 0 {
		end = len(u.norm)
	}
	vm := belongTo.FindStringSubmatchIndex(u.norm[n.end:end])
	if vm == nil {
		return
	}
	adv, verb, verbEnd := n.end+vm[2], n.end+vm[4], n.end+vm[5]
	if strings.HasPrefix(strings.TrimSpace(u.norm[verbEnd:]), "do ") {
		return // "… Warszawa należy do …": a statement of its own
	}
	subj, sst, _ := subjectBefore(u.norm, adv)
	// "do A, …, City należy": without the comma the words may be one
	// name run on ("do sieci A i B Warszawa należy")
	if subj == "" || sst <= n.end || !afterComma.MatchString(u.norm[n.end:sst]) || notACity(subj) || r.g.known(graph.TypeCountry, subj) ||
		r.g.known(graph.TypeNetwork, subj) && !r.g.known(graph.TypeCity, subj) {
		return
	}
	if !r.g.known(graph.TypeNetwork, n.text) && !networkish(n.text) && !networkish(u.norm[:n.start]+n.text) {
		return // "do Pomorza …": a region, not a network
	}
	cres, city := r.g.resolve(graph.TypeCity, "city", subj, "")
	since, _ := dateAfter(u.norm, verbEnd)
	r.addMembership(u, city, cres, n.text, since, "", statusOf(u.norm[verb:verbEnd]), 0.8, nil)
}

// The Covenant of Mayors is joined by signing it: its members are its
// signatories ("Turku is a signatory to the EU Covenant of Mayors",
// "pięć pomorskich samorządów: Gdynia, Hel, … podpisało Porozumienie
// Burmistrzów", "Dotychczas Porozumienie podpisało 16 samorządów w Polsce
// (m.in. Warszawa, Gdańsk, …)").
var (
	covenantRE = regexp.MustCompile(`(?i)\b(?:(?:the\s+)?(?:EU\s+|European\s+|Global\s+)?Covenant\s+of\s+Mayors(?:\s+for\s+Climate\s+(?:&|and)\s+Energy)?|Porozumieni(?:e|a|u|em)\s+(?:Burmistrzów|między\s+Burmistrzami))`)
	signedRE   = regexp.MustCompile(`(?i)\b(?:signed|has\s+signed|have\s+signed|is\s+a\s+signatory\s+(?:to|of)|became\s+a\s+signatory\s+(?:to|of)|podpisał[aoy]?|podpisali|przystąpił[aoy]?\s+do|jest\s+sygnatariuszem)\b`)
	signersPar = regexp.MustCompile(`\((?:m\.\s?in\.|między\s+innymi|among\s+them|including)\s+([^()]{3,400})\)`)
)

// covenantSigners reads the signatories of the Covenant of Mayors a
// sentence names: the subject before the verb, a list after a colon
// before it, or a parenthesised list of the "samorządów" that signed.
func (r *reader) covenantSigners(u *unit) {
	if u.kind != kSentence {
		return
	}
	cm := covenantRE.FindStringIndex(u.norm)
	vm := signedRE.FindStringIndex(u.norm)
	if cm == nil || vm == nil {
		return
	}
	var names []nameAt
	switch {
	case signersPar.MatchString(u.norm) && cm[1] <= vm[0]:
		// "Porozumienie podpisało 16 samorządów w Polsce (m.in. A, B)"
		m := signersPar.FindStringSubmatchIndex(u.norm)
		names = cityItems(u.norm[m[2]:m[3]], m[2])
	case vm[1] <= cm[0]:
		// the signatories before the verb: "A, B i gmina C, podpisało",
		// after a colon, or the subject
		before := strings.TrimRight(u.norm[:vm[0]], ", ")
		if c := strings.LastIndexByte(before, ':'); c >= 0 {
			names = cityItems(before[c+1:], c+1)
		} else if s, _, _ := subjectBefore(u.norm, vm[0]); s != "" {
			names = []nameAt{{text: s}}
		}
	}
	net := u.norm[cm[0]:cm[1]]
	// the signing's date, as a joining's ("W piątek 15 kwietnia br. …
	// podpisało": --04-15, no year the page does not give)
	since, _, _ := sinceNear(u.norm, 0, len(u.norm), vm[0], true)
	for _, n := range names {
		if !r.readsAsCity(n.text) || r.personName(n.text) {
			continue
		}
		cres, city := r.g.resolve(graph.TypeCity, "city", n.text, "")
		r.addMembership(u, city, cres, strings.TrimPrefix(strings.TrimPrefix(net, "the "), "The "), since, "", graph.StatusMember, 0.75, nil)
	}
}

// Cittaslow accredits its towns: the accreditation is the membership
// ("Ludlow became the first Cittaslow in the UK, in 2003", "the
// municipality Vaals was also named a Cittaslow", "the municipalities of
// Alphen-Chaam and Borger-Odoom were also declared Cittaslows", "Goolwa
// was granted Cittaslow status on 12 March 2007"); not a hope "to be
// awarded" it.
var cittaslowRE = regexp.MustCompile(`(?i)\b(?:became|becomes|(?:was|were|has\s+been|have\s+been)\s+(?:also\s+|officially\s+|formally\s+)?(?:named|declared|designated|certified\s+as|granted|awarded))\s+(?:an?\s+|the\s+)?(?:(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+)?(?:\p{Lu}\p{L}+\s+)?Cittaslows?\b(?:\s+(?:status|accreditation|designation|recognition|certification|town|city|member))?`)

func (r *reader) cittaslowTowns(u *unit) {
	if u.kind != kSentence {
		return
	}
	m := cittaslowRE.FindStringIndex(u.norm)
	if m == nil {
		return
	}
	before := u.norm[:m[0]]
	var names []nameAt
	if pm := municipalitiesOfRE.FindStringSubmatchIndex(before); pm != nil {
		// "the municipalities of Alphen-Chaam and Borger-Odoom were …"
		names = cityItems(before[pm[2]:pm[3]]+".", pm[2])
	} else if s, _, _ := subjectBefore(u.norm, m[0]); s != "" {
		names = []nameAt{{text: s}}
	}
	since, _, _ := sinceNear(u.norm, 0, len(u.norm), m[0], true)
	if ds := findDates(u.norm); since == "" && len(ds) == 1 && (ds[0].start > m[0] || strings.TrimSpace(u.norm[:ds[0].start]) == "In" || strings.TrimSpace(u.norm[:ds[0].start]) == "On") {
		// the sentence's one date, after the accreditation or opening
		// the sentence: "Ludlow became the first Cittaslow in the UK, in
		// 2003"; "In 2007, Goolwa …"
		since = ds[0].date
	}
	for _, n := range names {
		if notACity(n.text) || r.g.known(graph.TypeCountry, n.text) || !r.readsAsCity(n.text) || r.personName(n.text) {
			continue
		}
		cres, city := r.g.resolve(graph.TypeCity, "city", n.text, "")
		r.addMembership(u, city, cres, "Cittaslow", since, "", graph.StatusMember, 0.75, nil)
	}
}

var municipalitiesOfRE = regexp.MustCompile(`(?i)\bthe\s+(?:municipalities|towns|cities)\s+(?:of\s+)?(\p{Lu}[^,;:]*?)\s*$`)

// admissionRE: an admission written as a noun, the town after it: "podjął
// uchwałę o przyjęciu Miasta Żuromin w poczet członków Związku Miast
// Polskich", "decyzja o przyjęciu Gminy X do Stowarzyszenia …".
var admissionRE = regexp.MustCompile(`\bprzyjęci[ua]\s+(?:(?:[Mm]iasta|[Gg]miny)\s+)?(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+){0,2})\s+(?:w\s+poczet\s+członków|do)\s+`)

// admissionNoun reads an admission written as a noun, dated as a
// joining.
func (r *reader) admissionNoun(u *unit) {
	if u.kind != kSentence {
		return
	}
	m := admissionRE.FindStringSubmatchIndex(u.norm)
	if m == nil {
		return
	}
	name := u.norm[m[2]:m[3]]
	if !r.readsAsCity(name) || r.personName(name) || notStated.MatchString(u.norm[:m[0]]) {
		return // "… w sprawie rekomendacji przyjęcia Szczytna do …": not yet admitted
	}
	nets := nameList(u.norm, m[1])
	if len(nets) != 1 || genericNetwork(nets[0].text) || governingBody(nets[0].text) {
		return
	}
	since, until, conf := sinceNear(u.norm, 0, len(u.norm), m[0], true)
	cres, city := r.g.resolve(graph.TypeCity, "city", name, "")
	r.addMembership(u, city, cres, nets[0].text, since, until, graph.StatusMember, 0.8*conf, nil)
}

// More ways a network's member towns are listed:
//   - a local action group's area, which its member communes make up by
//     law: "Obszar LGD „Jabłkowa Kraina” stanowi pięć sąsiadujących ze
//     sobą gmin – Chynów, Goszczyn, …", "Obszar działania Lokalnej Grupy
//     Działania X obejmuje łącznie 9 gmin: …";
//   - a count of members reached: "U.S. membership has reached 188 cities
//     including Los Angeles, San Francisco, …";
//   - German: "In Sachsen-Anhalt sind Dessau-Roßlau, Halberstadt, … und
//     Wittenberg bereits Mitgliedskommunen."
//   - a count of members by region, each region's towns in parentheses:
//     "Stowarzyszenie liczy 22 członków … województw: dolnośląskiego
//     (Bardo, Kamieniec Ząbkowicki) kujawsko – pomorskiego (Koronowo) …".
var (
	countByRegionRE = regexp.MustCompile(`(?i)\b(?:liczy|skupia|zrzesza|has|counts)\s+(?:obecnie\s+|currently\s+)?\d+\s+(?:członk\p{L}*|gmin\p{L}*|miast\p{L}*|members|municipalities|towns|cities)\b[^:.;]{0,120}:\s*`)
	// regionGroupRE: one region and its towns: "dolnośląskiego (Bardo,
	// Kamienna Góra)", "i zachodniopomorskiego (…)"; nothing but words
	// in lower case, dashes and commas stands between the groups.
	regionGroupRE = regexp.MustCompile(`^[,\s]*(?:(?:i|oraz|and)\s+)?(?:\p{Ll}+(?:\s*[–-]\s*\p{Ll}+)*)\s*\(([^()]+)\)`)
	lgdAreaRE     = regexp.MustCompile(`(?i)\bobszar(?:\s+działania)?\s+((?:LGD|Lokalnej\s+Grupy\s+Działania)\b[^:–]{0,80}?)\s+(?:stanowi|stanowią|obejmuje|tworzy|tworzą)\s+(?:łącznie\s+)?[^:–.;]{0,60}?\bgmin\p{L}*\s*(?::|–|-|,\s*(?:w\s+tym|tj\.|to)\s*:?)\s*`)
	reachedRE     = regexp.MustCompile(`(?i)\bmembership\s+(?:has\s+)?(?:reached|grown\s+to|stands\s+at)\s+(?:\d[\d,.]*\s+)?(?:cities|towns|municipalities|members)\s*,?\s+(?:including|among\s+them|among\s+which)\s+`)
	mitgliederDE  = regexp.MustCompile(`\bsind\s+(\p{Lu}.{2,400}?)\s+(?:(?:bereits|schon|auch|ebenfalls|heute)\s+)*(?:Mitgliedskommunen|Mitgliedsstädte|Mitgliedsgemeinden|Mitglieder)\b`)
	lgdPrefix     = regexp.MustCompile(`^(?:LGD|Lokalnej\s+Grupy\s+Działania)\s*`)
	// theseAreRE, memberCountRE: a count of members, then the members in
	// a sentence of their own: "obecnie do Z.G.J. należy 38 gmin. Są to:
	// Alwernia, Babice, …".
	theseAreRE    = regexp.MustCompile(`^(?:Są\s+to(?:\s+(?:gminy|miasta|samorządy))?|Należą\s+do\s+niego|Należą\s+do\s+niej|These\s+are|They\s+are)\s*:\s*`)
	memberCountRE = regexp.MustCompile(`(?i)(?:\bdo\s+(\p{Lu}[^,;()]{0,60}?)\s+)?(?:\bnależ(?:y|ą)|\bliczy|\bskupia|\bzrzesza|\btworzy|\btworzą|\bobejmuje|\bhas|\bcomprises)\s+(?:obecnie\s+|aktualnie\s+|dziś\s+|now\s+|currently\s+)?(\d+)\s+(?:gmin\p{L}*|miast\p{L}*|samorząd\p{L}*|członk\p{L}*|members|member\s+cities|municipalities|towns|cities)\b[^.;:]*$`)
)

func (r *reader) areaAndCountLists(u *unit) {
	if u.kind != kSentence {
		return
	}
	var net *entity
	var items []nameAt
	switch {
	case lgdAreaRE.MatchString(u.norm):
		m := lgdAreaRE.FindStringSubmatchIndex(u.norm)
		name := strings.TrimSpace(u.norm[m[2]:m[3]])
		if rest := lgdPrefix.ReplaceAllString(name, ""); strings.Trim(rest, "„”\" ") != "" {
			if e, _ := r.g.find(graph.TypeNetwork, name); e != nil {
				net = e
			} else {
				_, net = r.g.resolve(graph.TypeNetwork, "network", name, "")
			}
		} else if net = r.contextNetwork(u); net == nil {
			net = r.topic
		}
		items = cityItems(u.norm[m[1]:], m[1])
	case reachedRE.MatchString(u.norm):
		m := reachedRE.FindStringIndex(u.norm)
		if net = r.contextNetwork(u); net == nil {
			net = r.topic
		}
		items = cityItems(u.norm[m[1]:], m[1])
	case mitgliederDE.MatchString(u.norm):
		m := mitgliederDE.FindStringSubmatchIndex(u.norm)
		if net = r.contextNetwork(u); net == nil {
			net = r.topic
		}
		items = cityItems(u.norm[m[2]:m[3]]+".", m[2])
	case theseAreRE.MatchString(u.norm) && u.prev != nil:
		c := memberCountRE.FindStringSubmatchIndex(strings.TrimRight(u.prev.norm, ".) "))
		if c == nil {
			return
		}
		m := theseAreRE.FindStringIndex(u.norm)
		items = cityItems(u.norm[m[1]:], m[1])
		// the count is the check that the sentence lists the members,
		// all of them: a stale count by one is forgiven
		if n, _ := strconv.Atoi(u.prev.norm[c[4]:c[5]]); len(items) < 2 || abs(len(items)-n) > max(1, n/10) {
			return
		}
		if c[2] >= 0 {
			name := u.prev.norm[c[2]:c[3]]
			if net, _ = r.g.find(graph.TypeNetwork, name); net == nil {
				net = r.g.byInitials(strings.ReplaceAll(name, ".", "")) // "Z.G.J."
			}
		} else if net = r.contextNetwork(u); net == nil {
			net = r.topic
		}
	case countByRegionRE.MatchString(u.norm):
		m := countByRegionRE.FindStringIndex(u.norm)
		groups := 0
		for at := m[1]; ; groups++ {
			g := regionGroupRE.FindStringSubmatchIndex(u.norm[at:])
			if g == nil {
				break
			}
			items = append(items, cityItems(u.norm[at+g[2]:at+g[3]], at+g[2])...)
			at += g[1]
		}
		if groups < 2 {
			return // one group is no list by region: what else follows?
		}
		if net = r.contextNetwork(u); net == nil {
			net = r.topic
		}
	}
	if net == nil {
		return
	}
	for _, n := range items {
		r.addMemberCity(u, nil, n.text, net)
	}
}
