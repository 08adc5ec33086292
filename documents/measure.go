package documents

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"citynet/graph"
)

// Score counts a comparison of proposals with hand-curated facts.
type Score struct {
	Proposed, Gold, Correct int
}

// Precision is Correct/Proposed (1 when nothing was proposed).
func (s Score) Precision() float64 {
	if s.Proposed == 0 {
		return 1
	}
	return float64(s.Correct) / float64(s.Proposed)
}

// Recall is Correct/Gold (1 when there was nothing to find).
func (s Score) Recall() float64 {
	if s.Gold == 0 {
		return 1
	}
	return float64(s.Correct) / float64(s.Gold)
}

func (s *Score) add(o Score) { s.Proposed += o.Proposed; s.Gold += o.Gold; s.Correct += o.Correct }

// Measured relation types, in report order. "memberships+dates" counts a
// membership right only with its since and until as the curated one;
// "dates" scores every dated fact's date (memberships, foundings,
// events, partnerships) among the facts matched.
var MeasuredTypes = []string{"memberships", "memberships+dates", "foundings", "events", "partnerships", "offices", "claims", "dates"}

// Report is a score per measured type.
type Report map[string]Score

// Add sums another report into r.
func (r Report) Add(o Report) {
	for k, v := range o {
		s := r[k]
		s.add(v)
		r[k] = s
	}
}

// Write prints the report as a Markdown table.
func (r Report) Write(w io.Writer) {
	fmt.Fprintln(w, "| relation | proposed | curated | correct | precision | recall |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	for _, k := range MeasuredTypes {
		s := r[k]
		p, r := fmt.Sprintf("%.2f", s.Precision()), fmt.Sprintf("%.2f", s.Recall())
		if s.Proposed == 0 {
			p = "–" // nothing proposed: no precision to speak of
		}
		if s.Gold == 0 {
			r = "–"
		}
		fmt.Fprintf(w, "| %s | %d | %d | %d | %s | %s |\n", k, s.Proposed, s.Gold, s.Correct, p, r)
	}
}

// Compare scores the proposals read from one document against the
// curated facts citing it (gold: the records of a dataset whose citations
// name sourceID). Entities are matched by name, not id: a proposal's new
// city "Warszawa" is the curated "warsaw" when one of the curated city's
// names (name, local name, other names) is the proposal's name as written
// or an inflection of it (MatchScore), because ids of new nodes are only
// suggestions.
func Compare(props []*graph.Proposal, gold *graph.Dataset, sourceID string) Report {
	rep := Report{}
	names := goldNames(gold)
	same := func(res graph.Resolution, goldID string) bool {
		if res.ID == goldID && !res.New() {
			return true
		}
		for _, n := range names[goldID] {
			for _, q := range []string{res.Text, res.Name} {
				if graph.MatchScore(q, n, true) >= graph.ScoreInflected || graph.MatchScore(n, q, true) >= graph.ScoreInflected {
					return true
				}
			}
		}
		return false
	}
	ent := func(p *graph.Proposal, role string) graph.Resolution {
		for _, e := range p.Entities {
			if e.Role == role {
				return e
			}
		}
		return graph.Resolution{}
	}
	cites := func(cs []graph.Citation) bool {
		return slices.ContainsFunc(cs, func(c graph.Citation) bool { return c.SourceID == sourceID })
	}
	bySection := map[string][]*graph.Proposal{}
	for _, p := range props {
		bySection[p.Section] = append(bySection[p.Section], p)
	}
	dates := Score{}
	// match pairs proposals with gold records one to one.
	match := func(kind string, ps []*graph.Proposal, n int, eq func(p *graph.Proposal, i int) bool, dated func(p *graph.Proposal, i int) (graph.Date, graph.Date)) {
		used := make([]bool, n)
		s := Score{Proposed: len(ps), Gold: n}
		for _, p := range ps {
			// A proposal is paired with a curated fact with the same date
			// first, so two periods of one membership pair up right.
			order := make([]int, 0, n)
			for i := 0; i < n; i++ {
				if dated != nil {
					if pd, gd := dated(p, i); pd == gd {
						order = append(order, i)
					}
				}
			}
			for i := 0; i < n; i++ {
				if !slices.Contains(order, i) {
					order = append(order, i)
				}
			}
			for _, i := range order {
				if !used[i] && eq(p, i) {
					used[i] = true
					s.Correct++
					if dated != nil {
						pd, gd := dated(p, i)
						if pd != "" {
							dates.Proposed++
						}
						if gd != "" {
							dates.Gold++
						}
						if pd != "" && pd == gd {
							dates.Correct++
						}
					}
					break
				}
			}
		}
		rep[kind] = s
	}
	var ms []*graph.Membership
	for _, m := range gold.Memberships {
		if cites(m.Sources) {
			ms = append(ms, m)
		}
	}
	pm := func(p *graph.Proposal) *graph.Membership { return p.Put.Memberships[0] }
	match("memberships", bySection["memberships"], len(ms), func(p *graph.Proposal, i int) bool {
		return same(ent(p, "city"), ms[i].CityID) && same(ent(p, "network"), ms[i].NetworkID)
	}, func(p *graph.Proposal, i int) (graph.Date, graph.Date) { return pm(p).Since, ms[i].Since })
	match("memberships+dates", bySection["memberships"], len(ms), func(p *graph.Proposal, i int) bool {
		return same(ent(p, "city"), ms[i].CityID) && same(ent(p, "network"), ms[i].NetworkID) &&
			pm(p).Since == ms[i].Since && pm(p).Until == ms[i].Until
	}, nil)
	var fs []*graph.Founding
	for _, f := range gold.Foundings {
		if cites(f.Sources) {
			fs = append(fs, f)
		}
	}
	match("foundings", bySection["founders"], len(fs), func(p *graph.Proposal, i int) bool {
		return same(ent(p, "founder"), fs[i].FounderID) && same(ent(p, "network"), fs[i].NetworkID)
	}, func(p *graph.Proposal, i int) (graph.Date, graph.Date) { return p.Put.Foundings[0].Date, fs[i].Date })
	var es []*graph.Event
	for _, e := range gold.Events {
		if cites(e.Sources) {
			es = append(es, e)
		}
	}
	match("events", bySection["events"], len(es), func(p *graph.Proposal, i int) bool {
		ev := p.Put.Events[len(p.Put.Events)-1]
		return ev.Kind == es[i].Kind && ev.Date.Year0() == es[i].Date.Year0() && same(ent(p, "place"), es[i].PlaceID)
	}, func(p *graph.Proposal, i int) (graph.Date, graph.Date) {
		return p.Put.Events[len(p.Put.Events)-1].Date, es[i].Date
	})
	var ps []*graph.Partnership
	for _, x := range gold.Partnerships {
		if cites(x.Sources) {
			ps = append(ps, x)
		}
	}
	match("partnerships", bySection["partnerships"], len(ps), func(p *graph.Proposal, i int) bool {
		var parties []graph.Resolution
		for _, e := range p.Entities {
			if e.Role == "party" {
				parties = append(parties, e)
			}
		}
		if len(parties) != len(ps[i].PartyIDs) {
			return false
		}
		for _, id := range ps[i].PartyIDs {
			if !slices.ContainsFunc(parties, func(r graph.Resolution) bool { return same(r, id) }) {
				return false
			}
		}
		return true
	}, func(p *graph.Proposal, i int) (graph.Date, graph.Date) {
		return p.Put.Partnerships[len(p.Put.Partnerships)-1].Date, ps[i].Date
	})
	var os []*graph.Office
	for _, o := range gold.Offices {
		if cites(o.Sources) {
			os = append(os, o)
		}
	}
	match("offices", bySection["offices"], len(os), func(p *graph.Proposal, i int) bool {
		return same(ent(p, "person"), os[i].PersonID) && same(ent(p, "city"), os[i].CityID)
	}, nil)
	var cs []*graph.Claim
	for _, c := range gold.Claims {
		if cites(c.Sources) {
			cs = append(cs, c)
		}
	}
	match("claims", bySection["claims"], len(cs), func(p *graph.Proposal, i int) bool {
		c := p.Put.Claims[0]
		return c.Property == cs[i].Property && graph.Fold(c.Value) == graph.Fold(cs[i].Value) && same(ent(p, "subject"), cs[i].SubjectID)
	}, nil)
	rep["dates"] = dates
	return rep
}

// goldNames lists every name of every node of the curated dataset.
func goldNames(ds *graph.Dataset) map[string][]string {
	out := map[string][]string{}
	add := func(n graph.Node) {
		canon, other := graph.Names(n)
		for _, s := range append(canon, other...) {
			if strings.TrimSpace(s) != "" {
				out[n.NodeID()] = append(out[n.NodeID()], s)
			}
		}
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
	for _, x := range ds.Countries {
		add(x)
	}
	return out
}
