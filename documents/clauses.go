package documents

import (
	"regexp"
	"strings"
	"unicode"

	"citynet/graph"
)

// The clause reader reads the membership statements the shaped rules
// above leave unread. Where those rules expect a statement in one of a
// few word orders ("X jest członkiem Y", "Y: A, B and C"), it reads a
// sentence as three parts found apart: a word that states membership
// (a cue: "należących", "dołączyły", "przyjęty w poczet", "Członkostwo",
// "became new members"), the network it is about (the name a network's
// kind word opens or closes, "Stowarzyszenia Zdrowych Miast Polskich",
// "sieci Cittaslow", "Czech Healthy Cities National Network", an acronym
// made of such a name's initials, or a kind word alone that refers back,
// "the Association", "do międzynarodowej sieci miast"), and the cities
// in the slot the cue gives them: the subject before it, or the names
// right after it when the network comes first ("Do sieci Cittaslow
// należą m.in. Barczewo, Olsztynek …", "oficjalnie do sieci dołączyły
// Jeziorany i Orneta", "Członkostwo Sanoka w ZMP"), or a list after a
// colon. Anything else in the sentence is left alone, and a sentence
// that denies, supposes or names more than one network it could be about
// gives nothing: it proposes less rather than guess.

// clauseCue finds the words that state a membership. Group 1 is the cue.
var clauseCue = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(` +
	`należ(?:y|ą|ał[aoy]?|eli|ących|ąca|ące|ącym|ącymi)` +
	`|członk(?:iem|ami|ów|ostwo|ostwa|ostwie)` +
	`|przystąpi(?:ł[aoy]?|ły|li|enia|enie|eniu)` +
	`|dołączy(?:ł[aoy]?|ły|li)` +
	`|przyłączy(?:ł[aoy]?|ły|li)\s+się` +
	`|wstąpi(?:ł[aoy]?|ły|li)` +
	`|przyjęt[yaeo]\s+(?:w\s+poczet\s+członków(?:\s+\p{Ll}+)?|do)` +
	`|do\s+grona\s+członków\s+(?:\p{Ll}+\s+)?przyjęt[oyaei]` +
	`|przynależnoś\p{L}*` +
	`|zrzeszon(?:ych|e|y|a)\s+w` +
	`|sygnatariusz\p{L}*` +
	`|members?|membership|joined|belongs|belonging|admitted|signator(?:y|ies))(?:[^\p{L}]|$)`)

// Cues that state a joining (whose one date is the membership's start)
// and cues that are nouns (whose city comes after them, in the genitive).
var (
	joinCue = regexp.MustCompile(`(?i)^(?:przystąpi|dołączy|przyłączy|wstąpi|przyjęt|do\s+grona|joined|admitted)`)
	nounCue = regexp.MustCompile(`(?i)^(?:członkostw|przystąpieni|przynależnoś|membership)`)
	// became new members, stał się członkiem, został członkiem
	becameRE = regexp.MustCompile(`(?i)(?:became|become|został[aoy]?|zostały|stał[aoy]?\s+się|stały\s+się)\s+(?:\p{Ll}+\s+){0,2}$`)
	// words that deny or suppose the statement, just before its cue
	notStated = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:nie|not|no\s+longer|never|już\s+nie|może|mogą|można|mogłyby|mogłaby|can|could|may|might|would|should|will|chce|chcą|planuje|planują|zamierza|zamierzają|aby|żeby|plans?\s+to|intends?\s+to|wants?\s+to|if|jeśli|jeżeli|gdyby|candidate|kandydat\p{L}*|ubiega\p{L}*|apply|applied|applies|rekomendacj\p{L}*|recommend\p{L}*)(?:[^\p{L}]+\p{L}+){0,3}[^\p{L}]*$`)
)

// netHead is a network's kind word, in the forms a sentence writes it.
var netHead = regexp.MustCompile(`(?i)^(?:stowarzysze\p{L}*|stowarzyszeni\p{L}*|związ(?:ek|ku|kiem|kowi)|sie(?:ć|ci|cią)|uni(?:a|i|ę|ą)|porozumieni\p{L}*|lig(?:a|i|ę|ą)|forum|konwent\p{L}*|euroregion\p{L}*|ruch(?:u|em)?|federacj\p{L}*|network|networks|association|union|league|alliance|covenant|movement|federation|euroregion)$`)

// Lower-case adjectives that may open a Polish network's name before its
// kind word ("Międzynarodowe Stowarzyszenie", "Polska Sieć", "Krajowej
// Sieci").
var netAdjective = regexp.MustCompile(`(?i)^(?:międzynarodow|krajow|polsk|europejsk|światow|ogólnopolsk|narodow|regionaln|bałtyck|international|european|national|world|global)\p{L}*$`)

// plAdjective: a capitalised Polish adjective, as a name opens before its
// kind word ("Górnośląskiego Związku Metropolitalnego", "Śląski Związek").
var plAdjective = regexp.MustCompile(`^\p{Lu}\p{Ll}+(?:sk|ck|dzk|n|ow)(?:iego|iej|ie|i|a|ą|ego|ej|y|e|o)$`)

// A body of a network or of a city, not a network: its members are no
// members of the network by being in it.
var clauseBody = regexp.MustCompile(`(?i)^(?:zgromadzeni\p{L}*|walne\p{L}*|posiedzeni\p{L}*|zarząd\p{L}*|rad(?:a|y|zie|ą)|komisj\p{L}*|komitet\p{L}*|prezydium|sekretariat\p{L}*|grup\p{L}*|zesp\p{L}*|assembly|board|council|committee|commission|secretariat|presidency|working|group|task|executive|meeting|conference|konferencj\p{L}*|spotkani\p{L}*)$`)

// maxNameTokens is the most words a network's name is read to have.
const maxNameTokens = 12

// netMention is a network named or referred to in a sentence.
type netMention struct {
	from, to int // token indexes
	head     int // where the mention starts, its kind word included ("stowarzyszenia o nazwie …")
	name     string
	refers   bool   // a kind word alone ("the Association"): the network the text is about
	acronym  string // written after the name: "Związek Miast Polskich – ZMP"
	entry    bool   // the name an entry opens with, before a dash: what its kind words refer to
}

// namedWords stand between a kind word and the name it gives: "do
// stowarzyszenia o nazwie Związek …", "a network called …".
var namedWords = set("o nazwie pod nazwą called named")

// isDash: a token that is a dash alone.
func isDash(c string) bool { return c == "–" || c == "-" || c == "—" }

// dashAt is the index of the first dash standing alone among tokens
// from..to-1, if no token before it ends a clause; -1 if none.
func dashAt(ts []token, from, to int) int {
	for k := from; k < to; k++ {
		switch c := ts[k].core; {
		case isDash(c):
			return k
		case ts[k].trail != "" || ts[k].openParen:
			return -1
		}
	}
	return -1
}

// cutAcronym drops a trailing "– ACR" or "(ACR)" from the name in tokens
// from..to-1 and returns the new end and the acronym.
func cutAcronym(ts []token, from, to int) (int, string) {
	if to-from < 3 {
		return to, ""
	}
	last := ts[to-1].core
	if !acronymLike(last) {
		return to, ""
	}
	if isDash(ts[to-2].core) {
		return to - 2, last
	}
	if ts[to-1].openParen {
		return to - 1, last
	}
	return to, ""
}

func acronymLike(w string) bool {
	return len(w) >= 2 && len(w) <= 8 && strings.ToUpper(w) == w && strings.ToLower(w) != w
}

// clauseMentions finds the networks a sentence names.
func (r *reader) clauseMentions(s string, ts []token) []netMention {
	var out []netMention
	runEnd := 0
	for i := 0; i < len(ts); i++ {
		w := ts[i].core
		switch {
		case netHead.MatchString(w):
			from := i
			if isCap(ts[i]) {
				// "Międzynarodowe Stowarzyszenie", "Czech Healthy Cities
				// National Network": the capitalised words before it
				for from > 0 && isCap(ts[from-1]) && !stops(ts[from-1]) && !clauseBody.MatchString(ts[from-1].core) &&
					(r.lang != "pl" || netAdjective.MatchString(ts[from-1].core) || plAdjective.MatchString(ts[from-1].core)) && !strings.EqualFold(ts[from-1].core, "the") && !ts[from-1].openParen {
					from--
				}
			}
			to := i + 1
			if !stops(ts[i]) {
				// lower-case words of kind before the name: "sieci miast
				// Cittaslow", "stowarzyszenia miast europejskich EUROCITIES"
				k := to
				for k < len(ts) && k-to < 3 && !isCap(ts[k]) && (kindWords[strings.ToLower(ts[k].core)] || namedWords[strings.ToLower(ts[k].core)]) && !stops(ts[k]) {
					k++
				}
				if j := min(capRun(ts, k), k+maxNameTokens); j > k && !datePart(ts, k) && !(r.lang == "en" && demonymBefore(ts, k, j)) {
					to = j
					if namedWords[strings.ToLower(ts[k-1].core)] {
						from = k // "stowarzyszenia o nazwie Związek …": the name given
					}
				} else if isCap(ts[i]) {
					// "Association of European Cities": the head opens a run
					if j := min(capRun(ts, i), i+maxNameTokens); j > to {
						to = j
					}
				}
			}
			entry := false
			if from == 0 && isCap(ts[i]) {
				// "Związek Miast i Gmin dorzecza Parsęty – Kołobrzeg
				// przystąpił …": a sentence opening with a network's name
				// and a dash, as an entry's heading run into its text
				if d := dashAt(ts, to, min(len(ts), from+10)); d >= to {
					to, entry = d, true
				}
			}
			to, acr := cutAcronym(ts, from, to)
			name := span(s, ts, from, to)
			if strings.Count(name, "„")+strings.Count(name, "“") > strings.Count(name, "”") && strings.HasPrefix(ts[to-1].trail, "”") {
				name += "”" // "Stowarzyszenia „Rzeczpospolita Samorządna”": the closing quote too
			}
			refers := to == i+1 && from == i
			if refers && isCap(ts[i]) && i > 0 && !strings.EqualFold(ts[i-1].core, "the") && r.lang == "en" {
				refers = false // "Healthy Cities Network" reads as a name above; a bare "Network" mid-sentence is not a reference
			}
			if !refers && r.g.known(graph.TypeCity, name) && !r.g.known(graph.TypeNetwork, name) {
				continue
			}
			if refers && i+1 < len(ts) && clauseBody.MatchString(ts[i+1].core) {
				continue
			}
			out = append(out, netMention{from: from, to: to, head: min(i, from), name: name, refers: refers, acronym: acr, entry: entry})
			i = to - 1
		case isCap(ts[i]):
			// a network already known by name, or an acronym of a name
			// this page writes in full
			// The run's end is found once per run, and a name is at most
			// maxNameTokens long: a page that is one long run of
			// capitalised words costs linear time, not cubic.
			if i >= runEnd {
				runEnd = capRun(ts, i)
			}
			j := min(runEnd, i+maxNameTokens)
			for k := j; k > i; k-- {
				name := span(s, ts, i, k)
				if r.namesNetwork(name) {
					out = append(out, netMention{from: i, to: k, head: i, name: name})
					i = k - 1
					break
				}
				if k == i+1 && r.initialism(w) != "" {
					out = append(out, netMention{from: i, to: k, head: i, name: r.initialism(w)})
					break
				}
			}
		}
	}
	return out
}

// initialism returns the network name the page writes whose capitalised
// words' initials spell w ("ZMP" for "Związku Miast Polskich"), if there
// is exactly one.
func (r *reader) initialism(w string) string {
	if len(w) < 2 || len(w) > 6 || strings.ToUpper(w) != w || strings.ToLower(w) == w {
		return ""
	}
	if r.initials == nil {
		r.initials = map[string][]string{}
		for _, u := range r.units {
			ts := tokenize(u.norm)
			for _, m := range r.namedMentions(u.norm, ts) {
				var b strings.Builder
				for _, t := range ts[m.from:m.to] {
					if isCap(t) {
						b.WriteString(strings.ToUpper(string([]rune(t.core)[:1])))
					}
				}
				k := b.String()
				if !contains(r.initials[k], m.name) {
					r.initials[k] = append(r.initials[k], m.name)
				}
			}
		}
	}
	names := r.initials[w]
	if len(names) == 0 {
		return ""
	}
	// the forms of one name ("Związek Miast Polskich", "Związku …") are one
	for _, n := range names[1:] {
		if graph.MatchScore(n, names[0], true) < graph.ScoreInflected && graph.MatchScore(names[0], n, true) < graph.ScoreInflected {
			return ""
		}
	}
	return names[0]
}

// namedMentions are the mentions of a kind word with a capitalised name.
func (r *reader) namedMentions(s string, ts []token) []netMention {
	var out []netMention
	for i := 0; i < len(ts); i++ {
		if !netHead.MatchString(ts[i].core) || !isCap(ts[i]) {
			continue
		}
		j := capRun(ts, i)
		j, acr := cutAcronym(ts, i, j)
		if j > i+1 {
			from := i
			if i > 0 && isCap(ts[i-1]) && netAdjective.MatchString(ts[i-1].core) && ts[i-1].trail == "" {
				from = i - 1 // "Ogólnopolskie Stowarzyszenie Gmin Cysterskich": OSGC
			}
			out = append(out, netMention{from: from, to: j, name: span(s, ts, from, j), acronym: acr})
			i = j - 1
		}
	}
	return out
}

// clauses runs the clause reader over the page, in order, keeping the
// network the text last named for the kind words that refer back.
func (r *reader) clauses() {
	var last *entity
	r.lastKind = map[string]*entity{}
	r.entKinds = map[*entity]map[string]bool{}
	named := func(ts []token, m netMention) *entity {
		e := r.clauseNetworkAs(m.name, m.acronym)
		if e == nil {
			return nil
		}
		for _, t := range ts[m.from:m.to] {
			if k := kindOf(t.core); k != "" {
				r.lastKind[k] = e
				if r.entKinds[e] == nil {
					r.entKinds[e] = map[string]bool{}
				}
				r.entKinds[e][k] = true
			}
		}
		return e
	}
	// A page a network publishes is about that network ("… do
	// przystąpienia do Stowarzyszenia" on the association's own site).
	if p := strings.TrimSpace(r.meta.Publisher); p != "" {
		ts := tokenize(p)
		if ms := r.clauseMentions(p, ts); len(ms) == 1 && !ms[0].refers {
			last = named(ts, ms[0])
		}
	}
	if t := strings.TrimSpace(r.meta.Title); t != "" {
		ts := tokenize(t)
		if ms := r.clauseMentions(t, ts); len(ms) == 1 && !ms[0].refers {
			last = named(ts, ms[0])
		}
	}
	if last == nil {
		last = r.topic
	}
	for _, u := range r.units {
		ts := tokenize(u.norm)
		ms := r.clauseMentions(u.norm, ts)
		if u.kind != kHeading && u.prev == nil {
			// a paragraph that opens as another entry ("CrAFt – Creating
			// Actionable Futures. …"): "the network" there is its own
			if e, entry := r.openingNetwork(u); entry {
				last = e
				clear(r.lastKind)
			}
		}
		if u.kind != kHeading {
			// a unit a rule before has read a membership out of: only
			// the date that rule left out
			r.clause(u, ts, ms, last, r.hasMembership(u))
		}
		for _, m := range ms {
			if !m.refers && !governingBody(m.name) {
				if e := named(ts, m); e != nil {
					last = e
				}
			}
		}
	}
}

// clauseNetworkAs resolves a network's name as written, nil when the
// name is a city's, a country's or a body's; a new network is also known
// by the acronym written with it (acr, may be "").
func (r *reader) clauseNetworkAs(name, acr string) *entity {
	e := r.cachedClauseNetwork(name)
	if e != nil && acr != "" && e.isNew {
		if f := graph.Fold(acr); !contains(e.canon, f) && !contains(e.other, f) {
			r.g.addOther(e, f)
		}
	}
	return e
}

func (r *reader) cachedClauseNetwork(name string) *entity {
	// A name resolves to the same network each time: once is enough
	// (networkName reads every heading).
	if e, ok := r.clauseNets[name]; ok {
		return e
	}
	e := r.resolveClauseNetwork(name)
	if r.clauseNets == nil {
		r.clauseNets = map[string]*entity{}
	}
	r.clauseNets[name] = e
	return e
}

func (r *reader) resolveClauseNetwork(name string) *entity {
	if r.g.known(graph.TypeCountry, name) || governingBody(name) || r.subBody(name) ||
		r.g.known(graph.TypeCity, name) && !r.g.known(graph.TypeNetwork, name) {
		return nil
	}
	_, e := r.g.resolve(graph.TypeNetwork, "network", name, r.networkName(name))
	r.alias(e, name)
	return e
}

// undated: a membership proposed so far without a start.
func (r *reader) undated(key string) bool {
	for _, f := range r.facts {
		if f.key == key {
			return f.rec.(*graph.Membership).Since == ""
		}
	}
	return false
}

// hasMembership: a rule before has read a membership out of u.
func (r *reader) hasMembership(u *unit) bool {
	for _, f := range r.facts {
		if f.section == "memberships" && len(f.spans) > 0 && f.spans[0] == unitSpan(u) {
			return true
		}
	}
	return false
}

// partWords: a network's part named before it ("polskiej części
// Euroregionu Silesia", "the Polish part of the Euroregion"), whose members
// are some body's that is not the network's own.
var partWords = set("części część częścią part section sekcji sekcja")

// meetingOfMembers ends the text before a cue that names a meeting's
// members: "Walnym Zebraniu Członków", "General Meeting of Members".
var meetingOfMembers = regexp.MustCompile(`(?i)(?:zebrani[aeu]|zebraniem|zgromadzeni[aeu]|zgromadzeniem|meeting\s+of(?:\s+the)?|assembly\s+of(?:\s+the)?)\s+$`)

// clause reads one sentence.
func (r *reader) clause(u *unit, ts []token, ms []netMention, last *entity, onlyDate bool) {
	s := u.norm
	var cm []int
	for _, m := range clauseCue.FindAllStringSubmatchIndex(s, -1) {
		if !meetingOfMembers.MatchString(s[:m[2]]) {
			cm = m // not "Walnym Zebraniu Członków Stowarzyszenia": a meeting's name
			break
		}
	}
	if cm == nil {
		return
	}
	cs, ce := cm[2], cm[3]
	cue := s[cs:ce]
	if foundingMember.MatchString(s[max(0, cs-len("founding ")):min(len(s), ce+len(" założycielem"))]) {
		return // "członkiem założycielem": a founding, coFoundings' to read
	}
	if notStated.MatchString(s[:cs]) {
		return // "nie jest członkiem", "mogą należeć", "can become members"
	}
	end := len(s)
	if m := sentenceBreak.FindStringIndex(s[ce:]); m != nil {
		end = ce + m[0] + 1 // a unit may hold several sentences (a list item's)
	}
	if m2 := clauseCue.FindStringSubmatchIndex(s[ce:end]); m2 != nil && !sameStatement(s[ce:ce+m2[2]]) {
		// A second statement in the sentence: this one ends at the
		// conjunction before it ("Ljubljana joined it in 1995 and has
		// been a member of the network's executive committee since
		// 2015"); with none, whose parts are whose?
		c := conjunction.FindAllStringIndex(s[ce:ce+m2[2]], -1)
		if c == nil {
			return
		}
		end = ce + c[len(c)-1][0]
		var kept []netMention
		for _, m := range ms {
			if ts[m.head].cs < end {
				kept = append(kept, m)
			}
		}
		ms = kept
		ts = ts[:tokenAt(ts, end-1)+1]
	}
	ci, cj := tokenAt(ts, cs), tokenAt(ts, ce-1)+1 // the cue's tokens
	// The network: the one named right after the cue, else the one
	// sentence names, else the one referred back to.
	var net *netMention
	for k := range ms {
		m := &ms[k]
		if m.head >= cj && m.head <= cj+2 && noBodyBetween(ts, cj, m.head) {
			net = m
			break
		}
	}
	if net == nil {
		// "Ljubljana joined it in 1995", "który od 2017 r jest jej
		// członkiem", "przystąpiła do niego": a pronoun next to the cue
		// is the network the text last named
		for _, k := range []int{cj, cj + 1, ci - 1} {
			if k >= 0 && k < len(ts) && k != ci && pronouns[strings.ToLower(ts[k].core)] && (k != cj+1 || strings.EqualFold(ts[cj].core, "do")) {
				ms = append(ms, netMention{from: k, to: k + 1, head: k, name: ts[k].core, refers: true})
				net = &ms[len(ms)-1]
				break
			}
		}
	}
	if net == nil && cj+1 < len(ts) && objectPrep[strings.ToLower(ts[cj].core)] {
		return // "należy do rzadkich": the verb's object is no network
	}
	if net == nil {
		named := 0
		for k := range ms {
			if !ms[k].refers {
				named++
				net = &ms[k]
			}
		}
		if named > 1 {
			return // which one? propose less
		}
		if named == 0 {
			for k := range ms {
				net = &ms[k]
			}
		}
	}
	membersLead := false
	if net == nil && ci <= 1 && membersFirst.MatchString(cue) && last != nil {
		// "Dotychczasowymi członkami były miasta Nowy Targ, …": the
		// members of the network the text is about
		ms = append(ms, netMention{from: ci, to: ci + 1, head: ci, name: cue, refers: true})
		net = &ms[len(ms)-1]
		membersLead = true
	}
	if net == nil {
		return
	}
	if net.from > 0 && partWords[strings.ToLower(ts[net.from-1].core)] {
		return // "członków polskiej części Euroregionu Silesia": a part's members, of which body?
	}
	if net.from >= cj && (!noBodyBetween(ts, cj, net.from) || net.from-cj > 8) || net.to < len(ts) && noBodyBetween(ts, net.to-1, net.to) && !noBodyBetween(ts, net.to, net.to+1) && !stops(ts[net.to-1]) {
		return // "członkiem zarządu Eurocities", "members of the UBC Commission": a body's members
	}
	if net.to+1 < len(ts) && listSep[strings.ToLower(ts[net.to].core)] && isCap(ts[net.to+1]) && !stops(ts[net.to-1]) {
		return // "do sieci EUROCITIES i Energy Cities … należy od 2002": whose date?
	}
	var e *entity
	if net.refers {
		// the nearest name before it in the sentence, else the last the
		// text named with the same kind word ("do Stowarzyszenia": the
		// last "Stowarzyszenie …", not a "Sieć …" named after it), else
		// the last it named
		e = last
		if k := kindOf(ts[net.head].core); r.lastKind[k] != nil {
			e = r.lastKind[k]
		} else if k != "" && len(r.entKinds[last]) > 0 && r.lang == "pl" {
			// "do Stowarzyszenia" after only a "Sieć …": which? propose
			// less (English pages call a network "the Association" loosely)
			e = nil
		}
		for k := range ms {
			if !ms[k].refers && ms[k].to <= net.from {
				if n := r.clauseNetworkAs(ms[k].name, ms[k].acronym); n != nil {
					e = n
				}
			}
		}
		if len(ms) > 0 && ms[0].entry {
			e = r.clauseNetworkAs(ms[0].name, ms[0].acronym)
		}
	} else {
		e = r.clauseNetworkAs(net.name, net.acronym)
	}
	if e == nil {
		return
	}
	// The cities.
	fronted := net.to <= ci
	noun := nounCue.MatchString(cue)
	var cities []nameAt
	switch {
	case membersLead:
		cities = r.clauseCities(s, ts, cj, len(ts))
	case noun && r.lang == "pl":
		cities = r.clauseCities(s, ts, cj, net.from)
	case fronted:
		cities = r.clauseCities(s, ts, cj, len(ts))
		if len(cities) == 0 {
			cities = r.subjectCities(s, ts, ci, net.to)
		}
		if len(cities) == 0 && net.to == ci && net.head > 0 && strings.EqualFold(ts[net.head-1].core, "do") {
			// "Gmina Olsztynek do Związku dołączyła …": the subject
			// before the network, the verb after it
			cities = r.subjectCities(s, ts, net.head-1, 0)
		}
	default:
		cities = r.subjectCities(s, ts, ci, 0)
		if len(cities) == 0 && net.to < len(ts) && strings.HasPrefix(ts[net.to-1].trail, ":") {
			cities = r.clauseCities(s, ts, net.to, len(ts)) // "became new members of the Association: A, B"
		}
	}
	if len(cities) == 0 {
		return
	}
	// The date: one marked as the start ("Od 6 lutego 2004 roku"), else
	// a joining's only date; a noun's only when marked.
	joining := joinCue.MatchString(cue) || becameRE.MatchString(s[:cs])
	lo := 0
	for _, m := range stampRE.FindAllStringIndex(s[:cs], -1) {
		lo = m[1] // a news page's time stamp run into the sentence: the page's date, not the statement's
	}
	// The statement ends with its network (or its cue, when the network
	// comes first): a date after that is another clause's ("…, a od
	// 2015 pełni tam funkcję Skarbnika", "…, and since 2005 also of
	// Eurocities"), unless it follows the network as its start does.
	hi := ce
	if net.from >= cj {
		hi = max(hi, ts[net.to-1].ce)
	}
	since, _, dc := sinceNear(s, lo, hi, cs, joining && !noun)
	if since == "" && dc == 1 {
		if ds := findDates(s[hi:end]); joining && !noun && len(ds) > 0 && strings.TrimSpace(s[hi:hi+ds[0].start]) == "" {
			since = ds[0].date // "do Związku dołączyła 30 czerwca 1992 r."
		} else if m := sinceAfter.FindStringIndex(s[hi:]); m != nil {
			if ds := findDates(s[hi+m[1]:]); len(ds) > 0 && ds[0].start == 0 {
				since = ds[0].date // "Członkostwo Starogardu w ZMP od 1990 roku"
			}
		} else if d, ok := dateAfter(s, hi); ok && joining && !noun {
			since = d // "przystąpił do Związku na mocy uchwały … z dnia 17.02.1992r."
			// "… przystąpiła w roku 2020 zgodnie z uchwałą … z dnia 27
			// października 2020 r.": a later date that agrees and is more
			// precise is the same start
			for _, m := range findDates(s[hi:end]) {
				if len(m.date) > len(since) && strings.HasPrefix(string(m.date), string(since)) {
					since = m.date
				}
			}
		}
	}
	if since == "" && joining {
		since = r.impliedDate(u, s)
	}
	until := periodEnd(s[lo:end], since)
	st := statusOf(cue)
	for _, c := range cities {
		cres, city := r.g.resolve(graph.TypeCity, "city", c.text, "")
		if onlyDate && (since == "" || !r.undated("memberships|"+city.id+"|"+e.id)) {
			continue
		}
		nres := resolutionOf(e, "network")
		r.addMembershipOf(u, city, cres, e, nres, "", since, until, st, 0.7*dc, nil)
	}
}

// periodEnd is the end of a period whose start is since, written right
// after it: "należał do Związku od 24 marca 1999 r. do 30 marca 2017
// r.", "a member from 2004 to 2012". Only there: an "until" elsewhere in
// the sentence may end something else.
func periodEnd(s string, since graph.Date) graph.Date {
	if since == "" {
		return ""
	}
	ds := findDates(s)
	for i := 0; i+1 < len(ds); i++ {
		if ds[i].date == since && ds[i+1].until && periodSep.MatchString(s[ds[i].end:ds[i+1].start]) && string(ds[i+1].date) > string(since) {
			return ds[i+1].date
		}
	}
	return ""
}

// periodSep joins a period's start and end: "… r. do", "to", "bis".
var periodSep = regexp.MustCompile(`(?i)^\s*(?:r\.|roku)?\s*(?:do|to|until|till|bis)\s*$`)

// sinceAfter: the words that mark the date after a network as the
// membership's start.
var sinceAfter = regexp.MustCompile(`(?i)^\s*,?\s*\(?\s*(?:since|od|from|z\s+dniem)\s+(?:(?:the\s+year|roku)\s+)?`)

// conjunction joins two statements in one sentence.
var conjunction = regexp.MustCompile(`(?:,\s*|\s)(?:and|i|oraz|a|while|natomiast)\s`)

// sentenceBreak ends a sentence inside a unit: "… 17.02.1992r. Celem …".
var sentenceBreak = regexp.MustCompile(`[.!?]\s+\p{Lu}`)

// sameStatement: the words between two cues keep one statement ("jest
// jednym z 40 miast należących do", "członków zwyczajnych").
func sameStatement(between string) bool {
	return !strings.ContainsAny(between, ",;:") && len(strings.Fields(between)) <= 6
}

func noBodyBetween(ts []token, i, j int) bool {
	for k := i; k < j && k < len(ts); k++ {
		if clauseBody.MatchString(ts[k].core) || bodyWords[strings.ToLower(ts[k].core)] {
			return false
		}
	}
	return true
}

// tokenAt is the index of the token holding byte offset at.
func tokenAt(ts []token, at int) int {
	for k, t := range ts {
		if at < t.ce+len(t.trail) {
			return k
		}
	}
	return len(ts) - 1
}

// Words that may stand between a cue and the names after it.
var afterCue = set("się m.in m.in. min np również także też oficjalnie obecnie już ponadto including among them są były byli is are were miasta gminy gmin miast towns cities municipalities samorządy kolejne nowe następujące następne new following further next")

// prepositions: a name after one is a place or a party, not a subject
// ("w Poznaniu", "z Warmii i Mazur", "in Brussels").
var prepositions = set("w we z ze na do od przez dla przy u o po pod nad za przed między wśród in at to from by with for on into of near among")

// clauseCities reads the list of cities starting at token k (after the
// words afterCue allows), stopping before token end.
func (r *reader) clauseCities(s string, ts []token, k, end int) []nameAt {
	for k < end && k < len(ts) {
		switch w := strings.ToLower(ts[k].core); {
		case afterCue[w] || w == "":
			k++
			continue
		case w == "m" && k+1 < len(ts) && strings.ToLower(ts[k+1].core) == "in":
			k += 2 // "m. in", written with a space
			continue
		}
		break
	}
	if k >= end || k >= len(ts) || !isCap(ts[k]) {
		return nil
	}
	return r.cityPieces(s, ts, k, end)
}

// subjectCities reads the cities the sentence's subject names, ending
// before the cue's token ci: the names before the verb, maybe with a few
// lower-case words between ("Gmina Wieluń jest jednym z 40 miast
// należących", "Elbląg został przyjęty"), not before token lo.
func (r *reader) subjectCities(s string, ts []token, ci, lo int) []nameAt {
	k := ci
	for n := 0; k > lo && n < 6 && !isCap(ts[k-1]) && ts[k-1].trail == "" && !ts[k-1].openParen && wordy(ts[k-1].core); n++ {
		if w := strings.ToLower(ts[k-1].core); prepositions[w] && (k < 2 || !oneOf[strings.ToLower(ts[k-2].core)]) && !(k < len(ts) && isDigitLed(ts[k])) {
			// (a date's "od 2007 roku" may stand between)
			return nil // "… w szkoleniach organizowanych przez miasta członkowskie": no subject of the cue's
		}
		if k-2 >= lo && subjectNouns[strings.ToLower(ts[k-1].core)] && isCap(ts[k-2]) {
			return nil // "New places have joined …": the capital opens the sentence, the subject is the noun
		}
		k--
	}
	if k > lo && k-1 >= 0 && homeWords[strings.ToLower(ts[k-1].core)] && (k-1 == lo || !isCap(ts[k-2])) {
		if h := r.homeCity(); h != nil {
			// "W grudniu 2008 roku Gmina przystąpiła …", "Samorząd należy
			// do związku od 2016 r.": the page's town
			return []nameAt{{text: h.name}}
		}
		if h := r.articleCity(); h != nil {
			return []nameAt{{text: h.name}} // a news page about one town
		}
		return nil // "Gmina" alone is no town's name
	}
	// "Miasto Mysłowice, od 2007 roku jest członkiem": a comma before a
	// date phrase still ends the subject
	datedComma := k > lo && ts[k-1].trail == "," && k < ci && (sinceWords[strings.ToLower(ts[k].core)] || isDigitLed(ts[k]))
	if k == lo || !isCap(ts[k-1]) || ts[k-1].trail != "" && !strings.HasPrefix(ts[k-1].trail, "”") && !datedComma {
		if k > lo && cityRef(s, ts[min(k, len(ts)-1)].cs) && r.homeCity() != nil {
			return []nameAt{{text: r.homeCity().name}} // "nasze miasto przystąpiło"
		}
		return nil
	}
	// back to the list's start: names and their separators
	j := k
	for j > lo && (isCap(ts[j-1]) || listSep[strings.ToLower(ts[j-1].core)] && j-1 > lo && isCap(ts[j-2])) && !ts[j-1].openParen && !strings.ContainsAny(ts[j-1].trail, ".!?:;") {
		j--
	}
	if j > lo+1 && townParticles[strings.ToLower(ts[j-1].core)] && isCap(ts[j-2]) {
		// "… as Créon, Loix en Ré, Saint Antonin …": the list runs on
		// before a name's particle; its first piece here is a name's
		// end ("Ré"), not a town
		for j < k && !strings.HasPrefix(ts[j].trail, ",") {
			j++
		}
		j++
		if j >= k {
			return nil
		}
	}
	if j > 0 && (prepositions[strings.ToLower(ts[j-1].core)] || personBefore.MatchString(s[:ts[j].cs])) {
		return nil
	}
	out := r.cityPieces(s, ts[:k], j, k)
	if j == 0 && len(out) == 1 && !r.g.known(graph.TypeCity, out[0].text) && !r.properElsewhere(out[0].text) {
		return nil // "Reprezentanci …": a sentence's first word is capitalised anyway
	}
	return out
}

// subjectNouns: common nouns a sentence's capitalised first word may
// qualify ("New places have joined", "Several cities joined").
var subjectNouns = set("places cities towns members municipalities communities destinations countries regions")

// townParticles: the lower-case words inside towns' names ("Loix en Ré",
// "Frankfurt am Main", "Newcastle upon Tyne", "Saint-Martin-de-Ré").
var townParticles = set("en sur sous de la le les du des di del della am an der im ob upon on nad pod")

// membersFirst: a cue that opens a sentence naming members ("Członkami
// … są", "Members are").
var membersFirst = regexp.MustCompile(`(?i)^(?:członkami|members)$`)

// pronouns that stand for a network next to a membership's cue.
var pronouns = set("it jej niej niego nim")

// objectPrep: the words that open a membership verb's object.
var objectPrep = set("do to of")

// sinceWords open a date phrase between a subject and its verb.
var sinceWords = set("od since w in from")

// oneOf: the words "z"/"of" follow in "jednym z 40 miast", "one of the".
var oneOf = set("jednym jedną jednego jedno jednej one among")

// homeWords name the page's own town as a subject.
var homeWords = set("gmina miasto samorząd city town municipality")

var listSep = set("i oraz czy and or lub albo &")

// listSepRE splits the last piece of a list: "A i B", "A czy B".
var listSepRE = regexp.MustCompile(`\s+(?:i|oraz|czy|lub|albo|and|or|&)\s+`)

// wordy: a token with a letter or a digit, not a dash standing alone.
func wordy(w string) bool {
	return strings.IndexFunc(w, func(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }) >= 0
}

// demonymBefore: the capitalised run ts[k:j] after a lower-case kind
// word is one adjective of a people or place before a lower-case noun
// ("a collaborative network of Australian local governments"): a
// description, no name.
func demonymBefore(ts []token, k, j int) bool {
	return j == k+1 && j < len(ts) && !isCap(ts[j]) && demonymRE.MatchString(ts[k].core) && strings.ToUpper(ts[k].core) != ts[k].core
}

var demonymRE = regexp.MustCompile(`(?:an|ish|ese|ic|ch)$`)

// possessive: "City’s", "Tampere's", "UNESCO´s": a name's possessive,
// neither a subject nor a network, however its apostrophe is written.
var possessive = regexp.MustCompile(`['’´]s$`)

// clauseCityPrefix: words before a city's name that say it is one.
var clauseCityPrefix = regexp.MustCompile(`^(?i:(?:the\s+)?(?:statutory\s+)?(?:city|town|municipality)\s+of\s+)|^(?:Gmin[ayę]\s+(?:Miejsk[aą]\s+|Miast[oa]\s+)?|Miast[oa]\s+(?:Stołeczne\s+)?)`)

// cityPieces splits the names from token k into cities: pieces split
// by commas, the last also by "i", "oraz", "czy", "and"; a piece with
// "and" inside that is not the last is one item ("Districts of A and
// B"). It stops at the first piece that is not a name, and drops pieces
// that do not read as a city.
func (r *reader) cityPieces(s string, ts []token, k, end int) []nameAt {
	type piece struct{ from, to int }
	var pieces []piece
	from := k
	i := k
	for i < end {
		if isCap(ts[i]) || listSep[strings.ToLower(ts[i].core)] || connectors[strings.ToLower(ts[i].core)] || clauseCityPrefix.MatchString(span(s, ts, i, end)) {
			if ts[i].openParen && i > from {
				break
			}
			if strings.HasPrefix(ts[i].trail, ",") {
				pieces = append(pieces, piece{from, i + 1})
				from = i + 1
			} else if ts[i].trail != "" && !strings.HasPrefix(ts[i].trail, "”") || i+1 < end && ts[i+1].openParen {
				pieces = append(pieces, piece{from, i + 1})
				from = i + 1
				break
			}
			i++
			continue
		}
		break
	}
	if from < i {
		pieces = append(pieces, piece{from, i})
	}
	var out []nameAt
	for n, p := range pieces {
		text := strings.TrimSpace(span(s, ts, p.from, p.to))
		var parts []string
		if n == len(pieces)-1 {
			parts = listSepRE.Split(text, -1)
		} else {
			parts = []string{text}
		}
		for _, part := range parts {
			part = strings.TrimSpace(part)
			if pm := clauseCityPrefix.FindString(part); pm != "" {
				part = part[len(pm):]
			}
			pts := tokenize(part)
			if possessive.MatchString(part) {
				continue
			}
			if part == "" || len(pts) > 4 || capRun(pts, 0) < len(pts) || !r.readsAsCity(part) || commonCaps[strings.ToLower(part)] || listTails[strings.ToLower(part)] {
				if n == 0 && len(parts) == 1 && len(pieces) == 1 {
					return nil
				}
				continue
			}
			if _, isNet := r.g.find(graph.TypeNetwork, part); isNet >= graph.ScoreInflected || netHead.MatchString(pts[0].core) || r.personName(part) || pluralName(pts) || continents[strings.ToLower(part)] || !noBodyBetween(pts, 0, len(pts)) {
				continue
			}
			at := strings.Index(s[ts[p.from].cs:], part) + ts[p.from].cs
			out = append(out, nameAt{text: part, start: at, end: at + len(part)})
		}
	}
	return out
}

// properElsewhere: a capitalised word that also stands capitalised
// inside a sentence elsewhere in the page, or in its title, is a name.
func (r *reader) properElsewhere(w string) bool {
	if strings.Contains(r.meta.Title, w) || strings.Contains(r.meta.Publisher, w) {
		return true
	}
	for at := 0; ; {
		k := strings.Index(r.text[at:], w)
		if k < 0 {
			return false
		}
		k += at
		before := strings.TrimRight(r.text[:k], " \u00a0")
		if before != "" && !strings.HasSuffix(before, "\n") && !strings.ContainsAny(before[len(before)-1:], ".!?") {
			return true
		}
		at = k + len(w)
	}
}

// dayMonthRE: a day and month without a year, "(14.07)".
var dayMonthRE2 = regexp.MustCompile(`\b(\d{1,2})\.(\d{2})\b(?:[^.\d]|$)`)

var thisYearRE = regexp.MustCompile(`(?i)\b(?:this\s+year|w\s+tym\s+roku|tego\s+roku|w\s+bieżącym\s+roku)\b`)

// stampRE: a page's time stamp, "2016-07-14 15:42:35".
var stampRE = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?`)

// pageDateRE: the date a news page gives itself at its top.
var pageDateRE = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)

// impliedDate is the date a joining sentence gives without its year,
// taken from the page where the page itself gives it: "W czwartek
// (14.07) … dołączyły" on a page dated 2016-07-14 at its top (the same
// day and month), "This year, 4 municipalities became …" under a
// heading naming one year. Nothing when the page does not give it.
func (r *reader) impliedDate(u *unit, s string) graph.Date {
	top := r.text[:min(len(r.text), 400)]
	pd := pageDateRE.FindStringSubmatch(top)
	if m := dayMonthRE2.FindStringSubmatch(s); m != nil && pd != nil {
		day, month := m[1], m[2]
		if len(day) == 1 {
			day = "0" + day
		}
		if day == pd[3] && month == pd[2] {
			return graph.Date(pd[1] + "-" + pd[2] + "-" + pd[3])
		}
		return ""
	}
	if thisYearRE.MatchString(s) {
		for _, h := range []*unit{u.heading, {norm: r.meta.Title}} {
			if h == nil {
				continue
			}
			if ys := yearRE.FindAllString(h.norm, -1); len(ys) == 1 {
				return graph.Date(ys[0])
			}
		}
		if pd != nil {
			return graph.Date(pd[1])
		}
	}
	return ""
}

// continents and parts of the world are no cities.
var continents = set("europe europa africa afryka asia azja america ameryka oceania australia antarctica antarktyda")

// pluralName: "Slovak Healthy Cities", "Miast Polskich": a name with a
// plural of cities in it is a network's or a group's, not a city's.
func pluralName(ts []token) bool {
	for _, t := range ts {
		if commonPlural[strings.ToLower(t.core)] {
			return true
		}
	}
	return false
}

// personName: the page writes a person's title right before the name
// somewhere ("burmistrz Jan Kowalski"), so the name is a person's.
func (r *reader) personName(name string) bool {
	if len(strings.Fields(name)) < 2 {
		return false
	}
	if r.g.known(graph.TypePerson, name) {
		return true
	}
	norm := r.normText()
	for at := 0; ; {
		k := strings.Index(norm[at:], name)
		if k < 0 {
			return false
		}
		k += at
		// a title is a few words: the regexp reads no further back
		if personBefore.MatchString(norm[max(0, k-80):k]) {
			return true
		}
		at = k + len(name)
	}
}

// normText is the page's text normalized (see normalize), once.
func (r *reader) normText() string {
	if r.norm == "" {
		r.norm = normalize(r.text)
	}
	return r.norm
}

// namesNetwork: name is a network's the page has named, at least as an
// inflection of it. The answers are kept until the gazetteer changes, as
// every capitalised run of a long page is asked about.
func (r *reader) namesNetwork(name string) bool {
	if gen := len(r.g.ents)<<32 | r.g.forms; r.netCache == nil || r.netCacheGen != gen {
		r.netCache, r.netCacheGen = map[string]bool{}, gen
	}
	if v, ok := r.netCache[name]; ok {
		return v
	}
	e, sc := r.g.find(graph.TypeNetwork, name)
	v := e != nil && sc >= graph.ScoreInflected
	r.netCache[name] = v
	return v
}

// kindOf labels a network's kind word by its stem, one label for all its
// forms ("Stowarzyszenie", "Stowarzyszenia" and "stowarzyszeniu" are
// one), "" for another word.
func kindOf(w string) string {
	if !netHead.MatchString(w) {
		return ""
	}
	f := graph.Fold(w)
	for _, p := range []string{"stowarzysz", "zwiaz", "siec", "uni", "porozumien", "lig", "forum", "konwent", "euroregion", "ruch", "federac", "network", "association", "union", "league", "alliance", "covenant", "movement", "federation"} {
		if strings.HasPrefix(f, p) {
			return p
		}
	}
	return f
}
