package documents

import (
	"slices"
	"strings"

	"citynet/geonames/placenames"
	"citynet/graph"
)

// quotes turns spans of the document into verbatim quotes, one per line
// of the text (as the dataset cites a sentence the page breaks across
// lines), trimmed of spaces.
func quotes(text string, spans [][2]int) []graph.Quote {
	var out []graph.Quote
	for _, sp := range spans {
		s := sp[0]
		for s < sp[1] {
			e := strings.IndexByte(text[s:sp[1]], '\n')
			if e < 0 {
				e = sp[1]
			} else {
				e += s
			}
			a, b := s, e
			for a < b && isSpace(text, a) {
				a += spaceLen(text, a)
			}
			for b > a && isSpaceBefore(text, b) {
				b -= spaceLenBefore(text, b)
			}
			if a < b {
				q := graph.Quote{Text: text[a:b], Start: a}
				if !slices.Contains(out, q) {
					out = append(out, q)
				}
			}
			s = e + 1
		}
	}
	return out
}

func isSpace(t string, i int) bool {
	return t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || strings.HasPrefix(t[i:], "\u00a0")
}

func spaceLen(t string, i int) int {
	if strings.HasPrefix(t[i:], "\u00a0") {
		return 2
	}
	return 1
}

func isSpaceBefore(t string, i int) bool {
	return t[i-1] == ' ' || t[i-1] == '\t' || t[i-1] == '\r' || strings.HasSuffix(t[:i], "\u00a0")
}

func spaceLenBefore(t string, i int) int {
	if strings.HasSuffix(t[:i], "\u00a0") {
		return 2
	}
	return 1
}

// proposals turns the facts into proposals: the records accepting each
// would put (its new nodes, then the fact), citing the document.
func (r *reader) proposals(doc *graph.Document, skip map[string]bool) []*graph.Proposal {
	var out []*graph.Proposal
	for _, f := range r.facts {
		fp := r.fingerprint(f)
		if skip[fp] || !r.namesHold(f) {
			continue
		}
		qs := quotes(doc.Text, f.spans)
		if len(qs) == 0 {
			continue
		}
		cites := make([]graph.Citation, len(qs))
		for i, q := range qs {
			cites[i] = graph.Citation{SourceID: r.meta.SourceID, Quote: q.Text}
		}
		put := &graph.Dataset{}
		seen := map[*entity]bool{}
		for _, e := range f.news {
			if e == nil || !e.isNew || seen[e] {
				continue
			}
			seen[e] = true
			put.Add(r.newNode(e, cites[:1]))
		}
		setSources(f.rec, cites)
		if n, ok := f.rec.(*graph.Network); ok {
			// A seat: the network itself is new (written with its seat)
			// or in the graph (merged when accepted, keeping its fields).
			if e := r.entityOf(n.ID); e != nil && e.isNew {
				nn := r.newNode(e, cites).(*graph.Network)
				nn.SeatID = n.SeatID
				n = nn
			}
			n.Sources = cites
			put.Add(n)
		} else {
			put.Add(f.rec)
		}
		conf := float64(int(f.conf*100+0.5)) / 100
		out = append(out, &graph.Proposal{
			ID: graph.ProposalID(r.meta.SourceID, fp), SourceID: r.meta.SourceID, Section: f.section,
			Fingerprint: fp, Status: graph.ProposalPending, Confidence: conf, Summary: f.summary,
			Quotes: qs, Entities: f.ents, Put: put,
		})
	}
	graph.SortProposals(out)
	return out
}

// namesHold reports whether the new entities a fact names are what they
// claim to be: every new city a populated place (placenames.Known, as
// named or as written), so that a phrase that filled a city's slot
// ("Walnym Zgromadzeniu", "Nasza Gmina") is not proposed as a city; every
// new network a whole name (wholeName) and no town's (townName,
// placeKindName).
// Entities of the graph need no check.
func (r *reader) namesHold(f *fact) bool {
	for _, e := range f.news {
		if e == nil || !e.isNew {
			continue
		}
		switch e.typ {
		case graph.TypeCity:
			known, ok := r.places[e]
			if !ok {
				known = (placenames.Known(e.name) || slices.ContainsFunc(e.written, placenames.Known)) && !worldCountry(e.name) && !languageName(e.name)
				if r.places == nil {
					r.places = map[*entity]bool{}
				}
				r.places[e] = known
			}
			if !known {
				return false
			}
		case graph.TypeNetwork:
			if !wholeName(e.name) || townName(e.name) || placeKindName(e.name) || personalPronouns[strings.ToLower(e.name)] {
				return false
			}
		}
	}
	return true
}

// townName: a new network named only by a town's name, with no word of a
// network's kind ("Yea, which joined Goolwa in South Australia": the
// towns before it, not a network).
func townName(name string) bool {
	return !networkish(name) && placenames.Known(name)
}

// placeKindName: a name that ends in a place's kind ("ABC Borough",
// "Armagh City", "Ards District") is a place's, not a network's. (A
// name ending in "Council" is a body's: governingBody.)
func placeKindName(name string) bool {
	f := strings.Fields(graph.Fold(name))
	return len(f) > 1 && placeKinds[f[len(f)-1]]
}

// personalPronouns name nothing: "He told the press that C40 is … an
// organization of 100 cities" makes no network "He".
var personalPronouns = set("he she it they we you i his her its their our this that these those on ona ono oni one my wy ten ta te")

var placeKinds = set("borough county district municipality township city town village")

// wholeName reports whether a new network's name reads as a whole name
// rather than a piece of one: its quotation marks paired (an odd number
// means it was cut inside a quoted name: "Euroregionu „Sprewa-Nysa-Bóbr"),
// not ending in a dash or a word that joins ("Związku Miast i Gmin
// Morskich-" cut, "… i", "… of"), not one plural that only names kinds
// of member ("Miast", "Powiatów"), and not kind words alone
// ("Stowarzyszenia Gmin i Powiatów", cut before "Wielkopolski"), nor
// "organisations" with adjectives ("Międzynarodowych Organizacji").
func wholeName(name string) bool {
	quotes := 0
	for _, c := range name {
		if strings.ContainsRune("\"„“”«»", c) {
			quotes++
		}
	}
	if quotes%2 == 1 {
		return false
	}
	name = strings.TrimSpace(name)
	if strings.HasSuffix(name, "-") || strings.HasSuffix(name, "–") {
		return false
	}
	words := strings.Fields(graph.Fold(name))
	if len(words) == 0 || joiningWords[words[len(words)-1]] {
		return false
	}
	// "Stowarzyszenia Gmin i Powiatów" (cut before "Wielkopolski"),
	// "Związek Miast": kind words alone name a kind, not a network
	kindOnly := len(words) > 1
	for _, w := range strings.Fields(name) {
		if f := graph.Fold(w); !netHead.MatchString(strings.Trim(w, "„”\"")) && !kindPlurals[f] && !joiningWords[f] {
			kindOnly = false
		}
	}
	if kindOnly {
		return false
	}
	// "Międzynarodowych Organizacji" (a heading's "international
	// organisations"): adjectives and "organisations" name no network
	orgs, other := false, false
	for _, w := range strings.Fields(name) {
		switch f := graph.Fold(w); {
		case orgPlurals[f]:
			orgs = true
		case !netAdjective.MatchString(w) && !joiningWords[f]:
			other = true
		}
	}
	if orgs && !other {
		return false
	}
	// "Network", "Networks", "Covenant": a kind word alone names no network
	return len(words) > 1 || !kindPlurals[words[0]] && !genericNames[words[0]] && !netHead.MatchString(words[0])
}

var (
	joiningWords = set("i oraz lub albo w we z ze na do dla od of and or the for in a an to")
	kindPlurals  = set("miast gmin powiatow regionow wojewodztw miasta gminy cities towns municipalities regions communes members")
	orgPlurals   = set("organizacji organizacjach organizacje organisations organizations")
)

// fingerprint names the fact by the names as the text writes them
// (folded) rather than by ids, which depend on the graph at reading time.
func (r *reader) fingerprint(f *fact) string {
	parts := []string{f.section}
	for _, e := range f.ents {
		parts = append(parts, e.Role+"="+graph.Fold(e.Name))
	}
	switch x := f.rec.(type) {
	case *graph.Membership:
		parts = append(parts, string(x.Since), string(x.Until))
	case *graph.Founding:
		parts = append(parts, string(x.Date))
	case *graph.Event:
		parts = append(parts, string(x.Kind), string(x.Date))
	case *graph.Partnership:
		parts = append(parts, string(x.Kind), string(x.Date))
	case *graph.Claim:
		parts = append(parts, x.Property, x.Value)
	case *graph.Network:
		parts = append(parts, "seat")
	case *graph.Office:
		parts = append(parts, graph.Fold(x.Title))
	}
	return strings.Join(parts, "|")
}

func setSources(rec any, cites []graph.Citation) {
	c := slices.Clone(cites)
	switch x := rec.(type) {
	case *graph.Membership:
		x.Sources = c
	case *graph.Founding:
		x.Sources = c
	case *graph.Office:
		x.Sources = c
	case *graph.Claim:
		x.Sources = c
	case *graph.Event:
		x.Sources = c
	case *graph.Partnership:
		x.Sources = c
	}
}

// entityOf is the entity with this id.
func (r *reader) entityOf(id string) *entity {
	for _, e := range r.g.ents {
		if e.id == id {
			return e
		}
	}
	return nil
}

// newNode is the record of an entity the document introduces, named as
// written (other forms as other names).
func (r *reader) newNode(e *entity, cites []graph.Citation) any {
	var alt []string
	for _, w := range e.written {
		if w != e.name && !slices.Contains(alt, w) {
			alt = append(alt, w)
		}
	}
	switch e.typ {
	case graph.TypeCity:
		c := &graph.City{ID: e.id, Name: e.name, AltNames: alt, Sources: slices.Clone(cites)}
		if e.country != "national" {
			c.CountryID = e.country
		}
		if r.lang == "pl" {
			c.LocalName = e.name
		}
		return c
	case graph.TypeNetwork:
		scope := graph.ScopeInternational
		if e.country == "national" {
			scope = graph.ScopeNational
		}
		return &graph.Network{ID: e.id, Name: e.name, AltNames: alt, Scope: scope, Sources: slices.Clone(cites)}
	case graph.TypePerson:
		return &graph.Person{ID: e.id, Name: e.name, AltNames: alt, Sources: slices.Clone(cites)}
	}
	return &graph.Institution{ID: e.id, Name: e.name, AltNames: alt, Kind: graph.InstitutionOther, Sources: slices.Clone(cites)}
}
