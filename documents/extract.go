package documents

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"citynet/geonames/placenames"
	"citynet/graph"
)

// Meta is what the sender says about a document.
type Meta struct {
	SourceID  string
	Title     string
	Publisher string
	Language  string // "pl", "en" or "de"
}

// fact is one proposal being built.
type fact struct {
	section string
	ents    []graph.Resolution
	rec     any
	spans   [][2]int // in the document's text
	conf    float64
	summary string
	key     string // identity of the fact as the text states it
	news    []*entity
}

// reader holds one document's reading.
type reader struct {
	text  string
	lang  string
	meta  Meta
	units []*unit
	g     *gazetteer
	facts []*fact
	home  *entity // the city the page is about
	topic *entity // the network the page is about

	homeTried   bool // homeCity has looked at the publisher
	titleTopic  bool // topic is the network the page's title names
	folded      string
	norm        string                      // the text normalized, for personName
	netCache    map[string]bool             // namesNetwork's answers
	netCacheGen int                         // the gazetteer's state they were given in
	clauseNets  map[string]*entity          // clauseNetwork's answers
	lastKind    map[string]*entity          // the network the page last named with each kind word (kindOf)
	entKinds    map[*entity]map[string]bool // the kind words each network was named with
	initials    map[string][]string         // the network names the page writes, by their capitals' initials
	places      map[*entity]bool            // namesHold's answers for new cities
	unitIndex   map[*unit]int               // index's map
}

// foldedText is the page's text folded, between spaces, once.
func (r *reader) foldedText() string {
	if r.folded == "" {
		r.folded = " " + graph.Fold(r.text) + " "
	}
	return r.folded
}

// Extract reads a document and returns the facts it proposes, each with
// verbatim quotes, resolved against ds (nil: an empty graph). Proposals
// whose fingerprint is in skip (rejected before) are left out.
func Extract(ds *graph.Dataset, doc *graph.Document, meta Meta, skip map[string]bool) []*graph.Proposal {
	return read(ds, doc, meta).proposals(doc, skip)
}

// read runs the rules over a document.
func read(ds *graph.Dataset, doc *graph.Document, meta Meta) *reader {
	r := &reader{text: doc.Text, lang: meta.Language, meta: meta, g: newGazetteer(ds)}
	r.units = segment(doc.Text)
	if n := len(r.units); n > 0 && cutShort(r.units[n-1]) {
		// The page ends inside a sentence ("Oslo is also a member of
		// Procu"): a copy cut short, whose last names may be cut too.
		// What stands before a full stop in it ("… od 1999 roku i od
		// tego roku uczestniczy w jego pracach.Udział w …", a stop
		// with no space after it) is whole.
		u := r.units[n-1]
		if i := strings.LastIndexAny(u.norm, ".!?"); i > 0 {
			u.end = u.start + i + 1
			u.norm = u.norm[:i+1]
		} else {
			r.units = r.units[:n-1]
		}
	}
	r.findTopics()
	for _, u := range r.units {
		r.memberships(u)
		r.membershipNouns(u)
		r.coFoundings(u)
		r.frontedBelong(u)
	}
	// After the statements: a key line's network may be the one its
	// section's statement names.
	r.keyLines()
	r.tables()
	if r.topic == nil {
		r.topic = r.mostNamedNetwork()
	}
	for _, u := range r.units {
		r.memberList(u)
		r.networkEntries(u)
		r.covenantSigners(u)
		r.admissionNoun(u)
		r.areaAndCountLists(u)
		r.memberCities(u)
		r.foundings(u)
		r.offices(u)
		r.claims(u)
		r.events(u)
		r.partnerships(u)
		r.seats(u)
	}
	r.clauses()
	return r
}

// index is u's position among the page's units (-1 if none), looked up
// in a map built once: the readers that look past a unit would otherwise
// cost a scan each.
func (r *reader) index(u *unit) int {
	if r.unitIndex == nil {
		r.unitIndex = make(map[*unit]int, len(r.units))
		for i, v := range r.units {
			r.unitIndex[v] = i
		}
	}
	if i, ok := r.unitIndex[u]; ok {
		return i
	}
	return -1
}

// cutShort: the page's last unit is a running sentence (five words or
// more, not a field line such as "Member since: 1995") with no closing
// punctuation.
func cutShort(u *unit) bool {
	if u.kind != kSentence || isFieldLine(u.norm) || len(strings.Fields(u.norm)) < 5 {
		return false
	}
	_, n := utf8.DecodeLastRuneInString(u.norm)
	return !strings.Contains(".!?…\"”»):", u.norm[len(u.norm)-n:])
}

// Membership wording. Each pattern's match ends where the network name
// (or list) begins; the subject is the name just before the verb.
var (
	memberPL = regexp.MustCompile(`(?i)\b(jest|był[oa]?|pozostaje|został[oa]?|stał[oa]?\s+się)\s+(?:(?:również|także|też|obecnie|nadal)\s+)?(?:(pełnym|pełnoprawnym|stowarzyszonym|honorowym|aktywnym|wspierającym)\s+)?(członkiem(?:[- ]założycielem)?|obserwatorem)(?:\s+(stowarzyszonym))?\s+`)
	joinPL   = regexp.MustCompile(`(?i)\b(przystąpił[oa]?|dołączył[oa]?|wstąpił[oa]?)\s+do\s+`)
	admitPL  = regexp.MustCompile(`(?i)\b(został[oa]?|zostało)\s+(?:oficjalnie\s+)?przyjęt[ya]\s+(?:w\s+poczet\s+członków|do)\s+`)
	belongPL = regexp.MustCompile(`(?i)\bnależy\s+(?:(?:również|także|też|obecnie|nadal)\s+)?do\s+`)
	belongEN = regexp.MustCompile(`(?i)\b(?:belongs|has\s+belonged|(?:is|has\s+been)\s+(?:also\s+)?(?:a\s+)?part)\s+(?:also\s+)?(?:to|of)\s+`)
	// oneOfEN: "is one of the (founding) members of"
	// "is one of the 200 member cities of", "is among the founding members of"
	oneOfEN = regexp.MustCompile(`(?i)\b(?:is|was|became|has\s+been)\s+(?:one\s+of|among)\s+(?:the\s+)?(?:(?:about|around|over|more\s+than|some|nearly|almost)\s+)?(?:\d+\s+)?(?:(?:\p{Ll}+|founding)\s+)?(?:member\s+(?:cities|towns|municipalities)|members)\s+of\s+`)
	// oneOfPL: "jest jednym z (ponad 200) członków", "jednym z miast członkowskich"
	oneOfPL  = regexp.MustCompile(`(?i)\b(?:jest|był[oa]?)\s+(?:(?:również|także|też|obecnie)\s+)?(?:jednym|jedną)\s+z\s+(?:(?:ponad|około|blisko|prawie)\s+)?(?:\d+\s+)?(?:członków(?:[- ]założycieli)?|miast\s+członkowskich|gmin\s+członkowskich)\s+`)
	nounPL   = regexp.MustCompile(`(?i)\b(?:przynależność|przynależności)\s+(?:\p{Lu}\p{L}+\s+)?do\s+`)
	memberEN = regexp.MustCompile(`(?i)\b(is|was|became|has\s+been|have\s+been|remains)\s+(?:(?:also|now|still)\s+)?(?:an?\s+)?(?:(full|associate|founding|active|affiliated|honorary|regular|ordinary|official|executive|long-standing|longstanding)\s+)?(member|observer)\s+(?:city\s+)?(?:of|in)\s+`)
	joinEN   = regexp.MustCompile(`(?i)\b(joined|joins|acceded\s+to)\s+`)
	// memberDE: "Chemnitz ist seit 2001 Mitglied im europäischen
	// Städteverbund EUROCITIES", "Die Stadt Leipzig ist seit 1992
	// Mitglied im Netzwerk", "ist Gründungsmitglied des …".
	memberDE = regexp.MustCompile(`(?i)\b(ist|war|wurde)\s+(?:(?:auch|bereits|schon|ebenfalls|nun|jetzt|heute|seit\s+(?:dem\s+Jahr\s+)?(?:\d{1,2}\.\s+)?(?:\p{L}+\s+)?\d{4})\s+)*(?:(?:ein|eine)\s+)?(?:(aktives|volles|assoziiertes|ordentliches)\s+)?((?:Gründungs|Voll)?-?[Mm]itglied)\s+(?:im|in\s+der|in\s+dem|des|der|beim|bei\s+der|von)\s+`)
	// memberWe, joinWe: the page's city speaking in the first person
	// plural: "jesteśmy członkiem", "jesteśmy w strukturach", "należymy
	// do", "We are a member of"; "przystąpiliśmy do", "we joined".
	memberWe = regexp.MustCompile(`(?i)(?:\b(?:jesteśmy|byliśmy|pozostajemy)\s+(?:(?:również|także|też|obecnie|nadal|już)\s+)?(?:(pełnym|pełnoprawnym|stowarzyszonym|aktywnym)\s+)?(?:członkiem|członkami|w\s+strukturach)\s+|\bnależymy\s+(?:(?:również|także|też|obecnie|nadal|już)\s+)?do\s+|\bwe\s+(?:are|have\s+been)\s+(?:(?:also|now|still)\s+)?(?:an?\s+)?(?:(full|associate|active|founding)\s+)?members?\s+(?:of|in)\s+)`)
	joinWe   = regexp.MustCompile(`(?i)(?:\b(?:przystąpiliśmy|dołączyliśmy|wstąpiliśmy)\s+do\s+|\bwe\s+joined\s+)`)
	// kind words before a network's name, skipped: "stowarzyszenia
	// miast europejskich EUROCITIES".
	kindWords = set("stowarzyszenia stowarzyszenie sieci sieć organizacji organizacja związku związek platformy platforma fundacji fundacja miast europejskich międzynarodowej międzynarodowego europejskiej polskich the network association organisation organization of international european cities grona europäischen internationalen städteverbund städtenetzwerk netzwerk verband")
)

// findTopics finds the page's city and network before the rules run:
// the city that is the subject of its membership sentences (else the one
// its publisher or title names), the network its title or most sentences
// name.
func (r *reader) findTopics() {
	cities := map[string]int{}
	var order []string
	for _, u := range r.units {
		for _, re := range []*regexp.Regexp{memberPL, joinPL, admitPL, memberEN, joinEN} {
			for _, m := range re.FindAllStringIndex(u.norm, -1) {
				if s, _, _ := subjectBefore(u.norm, m[0]); s != "" {
					if cities[s] == 0 {
						order = append(order, s)
					}
					cities[s]++
				}
			}
		}
	}
	best := ""
	for _, c := range order {
		if best == "" || cities[c] > cities[best] {
			best = c
		}
	}
	if best != "" {
		_, r.home = r.g.resolve(graph.TypeCity, "city", best, "")
	} else if c := cityInTitle(r.meta.Publisher); c != "" {
		if e, _ := r.g.find(graph.TypeCity, c); e != nil {
			r.home = e
		}
	}
	// Names that sentences define as organisations ("EUROCITIES jest
	// zrzeszeniem…", "Eurocities to stowarzyszenie…", "The Association
	// of European Cities Eurocities was established in 1986") are
	// networks.
	for _, u := range r.units {
		if u.kind == kHeading {
			continue
		}
		if m := defineRE.FindStringSubmatchIndex(u.norm); m != nil {
			ts := tokenize(u.norm[:m[1]])
			if j := capRun(ts, 0); j > 0 {
				if d := dashAt(ts, j, min(len(ts), 10)); d >= j {
					j = d // "Związek Miast i Gmin Morskich – jest to związek …": the name is all before the dash
				}
				name := span(u.norm, ts, 0, j)
				if !r.g.known(graph.TypeCity, name) && !commonCaps[strings.ToLower(name)] && !genericNetwork(strings.TrimPrefix(name, "The ")) {
					_, e := r.g.resolve(graph.TypeNetwork, "network", name, bareName(name))
					r.alias(e, name)
				}
			}
		}
	}
	// The network the page is about: its title when the title is a
	// name, else the capitalised name most often repeated.
	if t := strings.TrimSpace(r.meta.Title); t != "" && len(strings.Fields(t)) <= 4 && isCap(token{core: t}) {
		if e, _ := r.g.find(graph.TypeNetwork, t); e != nil {
			r.topic, r.titleTopic = e, true
		} else if strings.ToUpper(t) == t {
			_, r.topic = r.g.resolve(graph.TypeNetwork, "network", t, "")
			r.titleTopic = true
		}
	}
	if t := strings.TrimSpace(r.meta.Title); r.topic == nil && t != "" {
		// A news title opening with the network and its verb: "Mayors for
		// Peace reaches 5000 members in 151 countries", "Eurocities
		// welcomes three new members"
		ts := tokenize(t)
		j := capRun(ts, 0)
		for j < len(ts) && j > 0 && headingConnectors[strings.ToLower(ts[j].core)] && j+1 < len(ts) && isCap(ts[j+1]) {
			j = capRun(ts, j+1)
		}
		if j > 0 && j < len(ts) && titleVerbs[strings.ToLower(ts[j].core)] {
			if name := span(t, ts, 0, j); networkish(name) && !governingBody(name) && !r.g.known(graph.TypeCity, name) && !placenames.Known(name) {
				_, r.topic = r.g.resolve(graph.TypeNetwork, "network", name, "")
				r.titleTopic = true
			}
		}
	}
	if r.topic == nil {
		if e := r.publisherNetwork(); e != nil {
			r.topic, r.titleTopic = e, true
		}
	}
	if r.topic == nil {
		r.topic = r.mostNamedNetwork()
	}
}

// titleVerbs: the verbs a news title puts after the network it is about.
var titleVerbs = set("reaches welcomes admits grows counts has gains accepts elects joins adds expands przyjmuje przyjął przyjęła liczy skupia zrzesza rośnie wita erreicht begrüßt wächst")

// publisherNetwork is the network that publishes the page, when the
// publisher is one by its name ("Związek Gmin i Powiatów Subregionu
// Zachodniego", "Stowarzyszenie Gmin Turystycznych"): not a commune, a
// town or its office ("Gmina Będzino", "Urząd Miasta Sandomierza"), and
// not a site's address.
func (r *reader) publisherNetwork() *entity {
	p := strings.TrimSpace(r.meta.Publisher)
	if p == "" || strings.ContainsAny(p, "./()") || !headingIsName(p) || !networkish(p) || governingBody(p) || r.g.known(graph.TypeCity, p) {
		return nil
	}
	if f := strings.Fields(graph.Fold(p)); cityPublisher[f[0]] {
		return nil
	}
	_, e := r.g.resolve(graph.TypeNetwork, "network", p, "")
	return e
}

// cityPublisher: the first words of a publisher that is a place or its
// administration.
var cityPublisher = set("gmina gminy miasto miasta urzad urzedu powiat starostwo wojewodztwo city town municipality council county region stadt gemeinde kommune gemeente landkreis")

// mostNamedNetwork is the network whose names the page repeats most,
// among those it has been found to name.
func (r *reader) mostNamedNetwork() *entity {
	folded := r.foldedText()
	var best *entity
	bestN, second := 0, 0
	for _, e := range r.g.ents {
		if e.typ != graph.TypeNetwork {
			continue
		}
		n := 0
		for _, f := range append(append([]string{}, e.canon...), e.other...) {
			n = max(n, strings.Count(folded, " "+f+" "))
		}
		if n > bestN {
			best, bestN, second = e, n, bestN
		} else if n > second {
			second = n
		}
	}
	if bestN < 2 || bestN == second {
		// A page naming several networks as often, or each once, is
		// about none of them: a statement naming no network stays unread.
		return nil
	}
	return best
}

var defineRE = regexp.MustCompile(`(?i)^[^.]{0,120}?\s(?:(?:is|was)\s+(?:an?|the)\s+(?:\p{L}+\s+){0,3}(?:organi[sz]ation|network|association|union|league|group)|(?:was|were)\s+(?:established|founded|set up)|to\s+(?:\p{L}+\s+){0,2}(?:stowarzyszenie|sieć|organizacja|związek)|jest\s+(?:\p{L}+\s+){0,2}(?:zrzeszeniem|stowarzyszeniem|siecią|organizacją|związkiem))\b`)

// alias adds to a new network the short name its written name ends in:
// "Association of European Cities Eurocities" is also "Eurocities",
// "Międzynarodowe Stowarzyszenie … AVIAMA" also "AVIAMA".
func (r *reader) alias(e *entity, name string) {
	if e == nil || !e.isNew {
		return
	}
	ts := tokenize(name)
	if len(ts) < 2 {
		return
	}
	last := ts[len(ts)-1].core
	kind := false
	for _, t := range ts[:len(ts)-1] {
		if genericNames[strings.ToLower(t.core)] || strings.EqualFold(t.core, "the") {
			kind = true
		}
	}
	acronym := len(last) >= 3 && strings.ToUpper(last) == last && strings.ToLower(last) != last
	if acronym || kind && isCap(ts[len(ts)-1]) && !genericNames[strings.ToLower(last)] && !commonPlural[strings.ToLower(last)] {
		if f := graph.Fold(last); !contains(e.canon, f) && !contains(e.other, f) {
			r.g.addOther(e, f)
		}
	}
}

// pluralUnits: the plurals a network's name may end in after "i"/"and".
var pluralUnits = set("powiatów gmin miast miasteczek regionów województw cities towns regions municipalities counties communes")

var listGlueAnd = set("i oraz and")

var commonPlural = set("cities towns regions municipalities miast regionów gmin europe")

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
		{belongPL, false, 0.85, false}, {belongEN, false, 0.85, false}, {oneOfEN, false, 0.85, false}, {oneOfPL, false, 0.85, false}, {memberEN, false, 0.9, false}, {joinEN, true, 0.85, false}, {nounPL, false, 0.6, true},
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
	genericNames = set("association network organisation organization union league alliance stowarzyszenie stowarzyszenia sieć sieci organizacja organizacji związek związku platforma platformy unia netzwerk verband städteverbund städtenetzwerk verein")
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
	if e := r.headingNetwork(u); e != nil {
		return e
	}
	// "Eurocities – Gdańsk has been a member since 1995": the name the
	// paragraph opens with, as a heading run into its text
	if u.prev == nil {
		ts := tokenize(u.norm)
		j := capRun(ts, 0)
		for k := 1; k < j; k++ {
			if c := ts[k].core; c == "–" || c == "-" || c == "—" {
				j = k // "Eurocities – Gdańsk …": the dash ends the name
			}
		}
		if j > 0 && j < len(ts) && (ts[j].core == "–" || ts[j].core == "-" || ts[j].core == "—" || strings.HasPrefix(ts[j-1].trail, ":")) {
			name := span(u.norm, ts, 0, j)
			if e, _ := r.g.find(graph.TypeNetwork, name); e != nil {
				return e
			}
			if headingIsName(name) && networkish(name) && !governingBody(name) && !r.subBody(name) && !r.g.known(graph.TypeCity, name) {
				_, e := r.g.resolve(graph.TypeNetwork, "network", name, "")
				return e
			}
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
	if r.titleTopic || r.namedNetworks() == 1 {
		return r.topic
	}
	return nil
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
var kindNameRE = regexp.MustCompile(`\b(?:Stowarzyszeni[eau]|Związ(?:ek|ku|kiem)|Sieci?|Organizacj[aię]|Association|Network|Union|Alliance)(?:\s+(?:\p{Lu}[\p{L}-]*|of|the|and|for|i))*\s+\p{Lu}[\p{L}-]*`)

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
	if since != "" || until != "" {
		return since, until, 1
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

func (r *reader) addMembership(u *unit, city *entity, cres graph.Resolution, netText string, since, until graph.Date, st graph.MembershipStatus, conf float64, extra []*unit) {
	phase := ""
	if m := phaseRE.FindStringSubmatchIndex(netText); m != nil {
		phase = netText[m[2]:m[3]]
		netText = netText[:m[0]]
	}
	if r.subBody(netText) {
		return // "Eurocities Culture Forum": a body of a network, not one
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
		f := &graph.Founding{FounderID: city.id, NetworkID: net.id, Date: date}
		r.add(&fact{section: "founders", ents: []graph.Resolution{cres, nres}, rec: f, spans: [][2]int{unitSpan(u)}, conf: 0.8,
			summary: fmt.Sprintf("%s founded %s", city.name, net.name),
			key:     "founders|" + city.id + "|" + net.id, news: []*entity{city, net}})
	}
}

// offices reads "Prezydent Miasta Krakowa Aleksander Miszalski" and
// "Mayor of X, First Last".
var officePL = regexp.MustCompile(`\b(Prezydent|Burmistrz|Wójt|Starosta)\s+Miasta\s+(\p{Lu}\p{L}+)\s+(\p{Lu}\p{Ll}+)\s+(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)`)
var officeEN = regexp.MustCompile(`\b(Mayor|Lord Mayor|President)\s+of\s+(\p{Lu}\p{L}+),?\s+(\p{Lu}\p{Ll}+)\s+(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)`)

func (r *reader) offices(u *unit) {
	for _, re := range []*regexp.Regexp{officePL, officeEN} {
		for _, m := range re.FindAllStringSubmatchIndex(u.norm, -1) {
			title := u.norm[m[0]:m[5]]
			title = strings.Join(strings.Fields(title), " ")
			cityText := u.norm[m[4]:m[5]]
			person := u.norm[m[6]:m[7]] + " " + u.norm[m[8]:m[9]]
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

var outlineLabel = regexp.MustCompile(`^(?:[A-Z]|\d{1,2}|[IVX]{1,4})[.)]\s+`)

// bareName drops a leading kind word from a network's name when what is
// left is one proper name: "Stowarzyszenia Eurocities" → "Eurocities"
// (but "Stowarzyszenie Gmin i Powiatów Wielkopolski" stays whole).
func bareName(s string) string {
	ts := tokenize(s)
	if len(ts) == 2 && kindWords[strings.ToLower(ts[0].core)] && isCap(ts[1]) && !commonPlural[strings.ToLower(ts[1].core)] {
		return ts[1].core
	}
	// "stowarzyszenia Northern League": a kind word written in lower
	// case is never part of the name after it
	if len(ts) > 2 && !isCap(ts[0]) && kindWords[ts[0].core] && capRun(ts, 1) == len(ts) {
		return span(s, ts, 1, len(ts))
	}
	return s
}

// headingName drops a trailing "(ACRONYM)" from a heading.
func headingName(h string) string {
	// "B. Asian Network of Major Cities 21": an outline's label
	h = outlineLabel.ReplaceAllString(h, "")
	if i := strings.Index(h, " ("); i > 0 {
		return h[:i]
	}
	return h
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

// add keeps one fact per key: a membership stated twice (with and
// without its date) is one proposal citing both sentences.
func (r *reader) add(f *fact) {
	for _, g := range r.facts {
		if g.key != f.key {
			continue
		}
		if a, ok := g.rec.(*graph.Membership); ok {
			// Two periods ("an associate member from 2003, a full member
			// from 2004") are two memberships.
			if b := f.rec.(*graph.Membership); a.Since != "" && b.Since != "" && a.Since != b.Since {
				continue
			}
		}
		if a, ok := g.rec.(*graph.Membership); ok {
			b := f.rec.(*graph.Membership)
			if a.Since == "" && b.Since != "" {
				a.Since, a.Until = b.Since, b.Until
			}
			if a.Status == graph.StatusMember && b.Status != graph.StatusMember {
				a.Status = b.Status
			}
			if a.Phase == "" {
				a.Phase = b.Phase
			}
			if b.Since != "" {
				g.summary = f.summary
			}
		}
		for _, s := range f.spans {
			if !slices.Contains(g.spans, s) {
				g.spans = append(g.spans, s)
			}
		}
		g.conf = max(g.conf, f.conf)
		return
	}
	r.facts = append(r.facts, f)
}
