package documents

import (
	"slices"
	"strconv"
	"strings"

	"citynet/graph"
)

// entity is a node the extractor can name: one of the graph's, or one a
// document introduces (New), with every form of its name seen so far, so
// that "Kraków" and "Krakowa" in one page are one new city.
type entity struct {
	typ     graph.NodeType
	id      string
	name    string
	acronym string
	canon   []string // folded canonical names
	other   []string // folded other names and forms seen
	isNew   bool
	country string
	written []string // forms as written, for a new node's altNames
	idx     int      // position in the gazetteer's ents
}

// gazetteer resolves names against the graph and the new entities of one
// document.
type gazetteer struct {
	ents  []*entity
	ids   map[string]bool
	forms int // forms added to entities by resolve, so that answers kept can tell they are old
	// byKey indexes the entities by the stems of every word of their
	// names (graph.Stems and the mobile e's forms), byAcronym by their
	// acronyms: find scores only the entities that share a stem with the
	// query's first word, which every name it can match does, rather
	// than every entity of a page that may name thousands.
	byKey     map[string][]*entity
	byAcronym map[string][]*entity
}

// add puts a new entity in the gazetteer, indexed.
func (g *gazetteer) add(e *entity) {
	e.idx = len(g.ents)
	g.ents = append(g.ents, e)
	for _, f := range e.canon {
		g.index(e, f)
	}
	for _, f := range e.other {
		g.index(e, f)
	}
	if e.acronym != "" {
		g.byAcronym[e.acronym] = append(g.byAcronym[e.acronym], e)
	}
}

// addOther gives an entity another (folded) form of its name.
func (g *gazetteer) addOther(e *entity, f string) {
	e.other = append(e.other, f)
	g.index(e, f)
}

func (g *gazetteer) index(e *entity, f string) {
	for _, w := range strings.Fields(f) {
		for _, k := range stemKeys(w) {
			if es := g.byKey[k]; len(es) == 0 || es[len(es)-1] != e {
				g.byKey[k] = append(es, e)
			}
		}
	}
}

// stemKeys are the keys of a folded word in the index: its stems and its
// forms under the mobile e, or the word itself when too short for stems.
// Two words graph.MatchFolded counts the same (sameStem) share a key.
func stemKeys(w string) []string {
	ks := graph.Stems(w)
	if len(ks) == 0 {
		ks = []string{w}
	}
	return append(ks, graph.MobileEForms(w)...)
}

func newGazetteer(ds *graph.Dataset) *gazetteer {
	g := &gazetteer{ids: map[string]bool{}, byKey: map[string][]*entity{}, byAcronym: map[string][]*entity{}}
	add := func(n graph.Node) {
		canon, other := graph.Names(n)
		e := &entity{typ: n.NodeType(), id: n.NodeID(), name: n.Label()}
		for _, c := range canon {
			if f := graph.Fold(c); f != "" {
				e.canon = append(e.canon, f)
			}
		}
		for _, o := range other {
			if f := graph.Fold(o); f != "" {
				e.other = append(e.other, f)
			}
		}
		if nw, ok := n.(*graph.Network); ok {
			e.acronym = nw.Acronym
		}
		if c, ok := n.(*graph.City); ok {
			e.country = c.CountryID
		}
		g.add(e)
		g.ids[e.id] = true
	}
	if ds == nil {
		return g
	}
	for _, x := range ds.Countries {
		add(x)
	}
	for _, x := range ds.Cities {
		add(x)
	}
	for _, x := range ds.Networks {
		add(x)
	}
	for _, x := range ds.People {
		add(x)
	}
	for _, x := range ds.Institutions {
		add(x)
	}
	for _, x := range ds.Sources {
		g.ids[x.ID] = true
	}
	for _, x := range ds.Events {
		g.ids[x.ID] = true
	}
	for _, x := range ds.Partnerships {
		g.ids[x.ID] = true
	}
	return g
}

// minScore is the weakest match taken as the same node: an inflected
// form of another name ("Mediolanu" for a city also called "Mediolan").
// Prefix and substring matches are too loose for reading text: "Poznań"
// would be "Poznań – Ille-et-Vilaine Foundation".
const minScore = graph.ScoreInflected - 5

// find returns the best entity of type t for a name, and the score.
func (g *gazetteer) find(t graph.NodeType, text string) (*entity, int) {
	q := graph.Fold(text)
	if q == "" {
		return nil, 0
	}
	var cands []*entity
	seen := map[*entity]bool{}
	for _, k := range stemKeys(strings.Fields(q)[0]) {
		for _, e := range g.byKey[k] {
			if !seen[e] {
				seen[e] = true
				cands = append(cands, e)
			}
		}
	}
	for _, e := range g.byAcronym[text] {
		if !seen[e] {
			seen[e] = true
			cands = append(cands, e)
		}
	}
	// in the gazetteer's order, so that of two entities as good the
	// first named wins, as it would scanning them all
	slices.SortFunc(cands, func(a, b *entity) int { return a.idx - b.idx })
	var best *entity
	bestScore := 0
	for _, e := range cands {
		if e.typ != t {
			continue
		}
		s := 0
		for _, n := range e.canon {
			s = max(s, graph.MatchFolded(q, n, true))
		}
		for _, n := range e.other {
			s = max(s, graph.MatchFolded(q, n, false))
		}
		if e.acronym != "" && text == e.acronym {
			s = max(s, graph.ScoreExact)
		}
		if s >= minScore && s > bestScore {
			best, bestScore = e, s
		}
	}
	return best, bestScore
}

// known reports whether a name is already an entity of type t.
func (g *gazetteer) known(t graph.NodeType, text string) bool {
	e, _ := g.find(t, text)
	return e != nil
}

// resolve finds or creates the entity of type t a name denotes. name is
// the nominative to give a new entity (the text itself when empty).
func (g *gazetteer) resolve(t graph.NodeType, role, text, name string) (graph.Resolution, *entity) {
	text = strings.TrimSpace(text)
	if t == graph.TypeNetwork && strings.HasPrefix(text, "The ") && len(strings.Fields(text)) > 2 {
		// "the Association of …": the article is not part of the name
		// (a two-word "The Hanse" keeps it).
		if name == "" || name == text {
			name = text[len("The "):]
		}
	}
	e, s := g.find(t, text)
	if e == nil && name != "" && name != text {
		// "Stowarzyszenia Eurocities" on a page that has named
		// "Eurocities": the same network, not a second new one
		e, s = g.find(t, name)
	}
	if e == nil && t == graph.TypeNetwork && acronymLike(text) {
		// "ZMP" on a page that has named the "Związek Miast Polskich"
		e, s = g.byInitials(text), graph.ScoreExact
	}
	if e == nil && t == graph.TypeNetwork {
		// "European Healthy Cities Network" and "WHO European Healthy
		// Cities Network": one network, its owner's acronym written once
		if e = g.ownerPrefixed(text); e != nil {
			s = graph.ScoreExact
		}
	}
	if e != nil {
		m := graph.MatchOther
		switch {
		case s == graph.ScoreExact:
			m = graph.MatchExact
		case s == graph.ScoreInflected:
			m = graph.MatchInflected
		}
		if f := graph.Fold(text); !contains(e.canon, f) && !contains(e.other, f) {
			g.addOther(e, f)
			g.forms++
			if e.isNew {
				e.written = append(e.written, text)
			}
		}
		if e.isNew {
			m = graph.MatchNew
		}
		return graph.Resolution{Role: role, Type: t, Text: text, ID: e.id, Name: e.name, Match: m, Score: s, Country: e.country}, e
	}
	if name == "" {
		name = text
	}
	e = &entity{typ: t, id: g.freeID(graph.Slug(name)), name: name, isNew: true,
		canon: []string{graph.Fold(name)}}
	if f := graph.Fold(text); f != e.canon[0] {
		e.other = append(e.other, f)
		e.written = append(e.written, text)
	}
	g.add(e)
	return graph.Resolution{Role: role, Type: t, Text: text, ID: e.id, Name: name, Match: graph.MatchNew}, e
}

func (g *gazetteer) freeID(base string) string {
	if base == "" {
		base = "new"
	}
	if len(base) > 60 {
		base = strings.Trim(base[:60], "-")
	}
	id := base
	for i := 2; g.ids[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	g.ids[id] = true
	return id
}

// country finds a country the text names ("w Polsce", "we Francji"),
// by its names and their inflected forms.
func (g *gazetteer) country(s string) string {
	words := strings.Fields(graph.Fold(s))
	for _, e := range g.ents {
		if e.typ != graph.TypeCountry {
			continue
		}
		for _, n := range append(append([]string{}, e.canon...), e.other...) {
			if len(n) < 4 {
				continue // "pl", "fr": codes, not words of a sentence
			}
			for _, w := range words {
				if graph.MatchFolded(w, n, true) >= graph.ScoreInflected {
					return e.id
				}
			}
		}
	}
	return ""
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// byInitials finds the one network a page has named whose words' initials
// spell acr ("ZMP": "Związek Miast Polskich") or whose name acr opens
// ("C40": "C40 Cities Climate Leadership Group"); nil if none or several.
func (g *gazetteer) byInitials(acr string) *entity {
	want := graph.Fold(acr)
	var hit *entity
	for _, e := range g.ents {
		if e.typ != graph.TypeNetwork {
			continue
		}
		for _, n := range append(append([]string{}, e.canon...), e.other...) {
			if first, _, ok := strings.Cut(n, " "); ok && first == want {
				// "C40" for the "C40 Cities Climate Leadership Group" the
				// page named: the acronym opens the name
				if hit != nil && hit != e {
					return nil
				}
				hit = e
				continue
			}
			var b strings.Builder
			for _, w := range strings.Fields(n) {
				if !initialSkip[w] {
					b.WriteString(string([]rune(w)[:1]))
				}
			}
			if b.String() == want && len(want) >= 2 {
				if hit != nil && hit != e {
					return nil
				}
				hit = e
			}
		}
	}
	return hit
}

// ownerPrefixed finds the one network the page has named that is text
// with an acronym before it, or without the acronym text opens with.
func (g *gazetteer) ownerPrefixed(text string) *entity {
	strip := func(name string) string {
		if first, rest, ok := strings.Cut(strings.TrimSpace(name), " "); ok && acronymLike(first) && len(strings.Fields(rest)) >= 2 {
			return graph.Fold(rest)
		}
		return ""
	}
	q, bare := graph.Fold(text), strip(text)
	var hit *entity
	for _, e := range g.ents {
		if e.typ != graph.TypeNetwork {
			continue
		}
		names := append([]string{e.name}, e.written...)
		for _, n := range names {
			if b := strip(n); b != "" && b == q || bare != "" && graph.Fold(n) == bare {
				if hit != nil && hit != e {
					return nil
				}
				hit = e
			}
		}
	}
	return hit
}

// initialSkip: words an acronym leaves out.
var initialSkip = set("i oraz of and the for de w na dla - – —")
