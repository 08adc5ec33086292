package documents

import (
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
	// foundersOnly: the networks each town (by id) is named among the
	// founders of, whose memberships foundersNotMembers drops
	foundersOnly map[string][]*entity
	topic        *entity // the network the page is about

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
		r.amongFounders(u)
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
		r.cittaslowTowns(u)
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
	r.resolutionDates()
	r.meetingDates()
	r.foundersNotMembers()
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
	memberPL = regexp.MustCompile(`(?i)\b(jest|był[oa]?|pozostaje|został[oa]?|stał[oa]?\s+się|są|były|pozostają|zostały)\s+(?:(?:również|także|też|obecnie|nadal)\s+)?(?:(pełnym|pełnoprawnym|stowarzyszonym|honorowym|aktywnym|wspierającym)\s+)?(członkiem(?:[- ]założycielem)?|obserwatorem)(?:\s+(stowarzyszonym))?\s+`)
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
	// includedEN: "has been included in the WHO European Healthy Cities
	// Network since 1998".
	includedEN = regexp.MustCompile(`(?i)\b(?:has\s+been|have\s+been|is|was)\s+(?:(?:also|now)\s+)?included\s+in\s+`)
	joinEN     = regexp.MustCompile(`(?i)\b(joined|joins|acceded\s+to)\s+`)
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
	best, tie := "", false
	for _, c := range order {
		switch {
		case best == "" || cities[c] > cities[best]:
			best, tie = c, false
		case cities[c] == cities[best]:
			tie = true
		}
	}
	switch {
	case best != "" && tie:
		// two towns the subjects of as many statements: which is "the
		// town"? none
	case best != "":
		_, r.home = r.g.resolve(graph.TypeCity, "city", best, "")
	default:
		if e, _ := r.g.find(graph.TypeCity, cityInTitle(r.meta.Publisher)); e != nil {
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
	if t := strings.TrimSpace(r.meta.Title); t != "" && len(strings.Fields(t)) <= 4 && isCap(token{core: t}) && !aboutKind(t) {
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
	if first, _, ok := strings.Cut(p, " "); ok && acronymLike(first) {
		// "UCLG ASPAC", a section of UCLG, publishing a page on "UCLG's
		// World Council" and its new members: whose page? propose less
		for _, u := range r.units {
			for _, i := range wordAt(u.norm, first) {
				if !strings.HasPrefix(u.norm[i:], p) {
					return nil
				}
			}
		}
	}
	_, e := r.g.resolve(graph.TypeNetwork, "network", p, "")
	return e
}

// wordAt lists where w stands in s as a word of its own.
func wordAt(s, w string) []int {
	var out []int
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return out
		}
		at := i + j
		before, _ := utf8.DecodeLastRuneInString(s[:at])
		after, _ := utf8.DecodeRuneInString(s[at+len(w):])
		if (at == 0 || !unicode.IsLetter(before) && !unicode.IsDigit(before)) && (at+len(w) == len(s) || !unicode.IsLetter(after) && !unicode.IsDigit(after)) {
			out = append(out, at)
		}
		i = at + len(w)
	}
}

// cityPublisher: the first words of a publisher that is a place or its
// administration.
var cityPublisher = set("gmina gminy miasto miasta urzad urzedu powiat starostwo wojewodztwo city town municipality council county region stadt gemeinde kommune gemeente landkreis metropole ville comune ayuntamiento")

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

// agree reports whether two dates may be one written at two precisions:
// "1991" and "1991-06-27".
func agree(a, b graph.Date) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return strings.HasPrefix(string(b), string(a))
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
			// Dates that agree ("od 1991 roku", "27 czerwca 1991 r.")
			// are one start written twice.
			if b := f.rec.(*graph.Membership); a.Since != "" && b.Since != "" && !agree(a.Since, b.Since) {
				continue
			}
		}
		if a, ok := g.rec.(*graph.Membership); ok {
			b := f.rec.(*graph.Membership)
			if len(b.Since) > len(a.Since) {
				a.Since = b.Since
				if b.Until != "" || a.Until == "" {
					a.Until = b.Until
				}
			}
			if a.Status == graph.StatusMember && b.Status != graph.StatusMember {
				a.Status = b.Status
			}
			if a.Phase == "" {
				a.Phase = b.Phase
			}
			if b.Since != "" && b.Since == a.Since {
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
