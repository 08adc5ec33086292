package storetest

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"citynet/data"
	"citynet/graph"
)

// runCorpus asks the bundled dataset the questions the corpus documents
// answer. Each expectation is a fact a document states: if the dataset
// lacks it, the test fails, whichever store runs it.
func runCorpus(t *testing.T, openDS func(t *testing.T, ds *graph.Dataset) graph.Store) {
	t.Run("Loads", func(t *testing.T) {
		ds := MustCorpus(t)
		MustOK(t, ds.Validate())
	})
	ds, err := data.Load()
	if err != nil {
		t.Fatalf("data.Load(): got error %v, want the bundled dataset to load; the corpus tests need it", err)
	}
	m := newModel(ds)
	open := func(t *testing.T) graph.Store {
		t.Helper()
		s := openDS(t, MustCorpus(t))
		if s == nil {
			t.Fatal("open returned a nil store")
		}
		return s
	}

	testGetters(t, open, ds)
	t.Run("OwnerLists", func(t *testing.T) { testOwnerLists(t, open, ds) })

	t.Run("Pagination", func(t *testing.T) {
		t.Run("Cities", func(t *testing.T) {
			s := open(t)
			checkPagination(t, func(p graph.Page) (*graph.Connection[*graph.City], error) {
				return s.Cities(ctx(t), graph.CityFilter{}, p)
			}, nodeKey)
		})
		t.Run("Networks", func(t *testing.T) {
			s := open(t)
			checkPagination(t, func(p graph.Page) (*graph.Connection[*graph.Network], error) {
				return s.Networks(ctx(t), graph.NetworkFilter{}, p)
			}, nodeKey)
		})
		t.Run("CityPairs", func(t *testing.T) {
			s := open(t)
			checkPagination(t, func(p graph.Page) (*graph.Connection[*graph.CityPair], error) {
				return s.CityPairs(ctx(t), graph.PairFilter{MinShared: 1}, p)
			}, pairKey)
		})
	})

	t.Run("FoundersOfEurocities", func(t *testing.T) {
		// Doc 000 and doc 001: founded in 1986 by the mayors of Barcelona,
		// Birmingham, Frankfurt, Lyon, Milan and Rotterdam.
		s := open(t)
		fs, err := s.Foundings(ctx(t), graph.FoundingFilter{NetworkIDs: []string{"eurocities"}})
		MustOK(t, err)
		var founders []string
		for _, f := range fs {
			founders = append(founders, f.FounderID)
			if f.Date != "1986" {
				t.Errorf("founding by %s: date got %q, want %q", f.FounderID, f.Date, "1986")
			}
			if srcs := sourceIDs(f.Sources); len(srcs) < 2 {
				t.Errorf("founding by %s: cited by %q, want two sources (both documents state it)", f.FounderID, srcs)
			}
		}
		wantSet(t, "founders of eurocities", founders, "barcelona", "birmingham", "frankfurt", "lyon", "milan", "rotterdam")
		n, err := s.Network(ctx(t), "eurocities")
		MustOK(t, err)
		if n.Founded != "1986" {
			t.Errorf("eurocities founded: got %q, want %q", n.Founded, "1986")
		}
	})

	t.Run("PolishMembersOfEurocities", func(t *testing.T) {
		// Doc 000 lists ten Polish members; doc 001 adds Kraków.
		s := open(t)
		got := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.City], error) {
			return s.Cities(ctx(t), graph.CityFilter{Network: "eurocities", Country: "PL"}, p)
		})
		wantList(t, "cities in eurocities and PL", ids(got),
			"bialystok", "bydgoszcz", "gdansk", "katowice", "krakow", "lodz", "lublin", "poznan", "rzeszow", "warsaw", "wroclaw")
	})

	t.Run("BydgoszczJoinedEurocities", func(t *testing.T) {
		// Doc 000: "pełnym członkiem … od listopada 2005 r."
		s := open(t)
		ms, err := s.Memberships(ctx(t), graph.MembershipFilter{CityIDs: []string{"bydgoszcz"}, NetworkIDs: []string{"eurocities"}})
		MustOK(t, err)
		if len(ms) != 1 {
			t.Fatalf("memberships of bydgoszcz in eurocities: got %q, want one", membershipKeys(ms))
		}
		m := ms[0]
		if m.Since != "2005-11" || m.Status != graph.StatusFullMember {
			t.Errorf("since, status: got %q, %s; want %q, %s", m.Since, m.Status, "2005-11", graph.StatusFullMember)
		}
		if !quoted(m.Sources, "od listopada 2005") {
			t.Errorf("citations: got %+v, want a quote containing %q", m.Sources, "od listopada 2005")
		}
		for _, c := range m.Sources {
			if _, err := s.Source(ctx(t), c.SourceID); err != nil {
				t.Errorf("citation source %q: got error %v, want the source", c.SourceID, err)
			}
		}
	})

	t.Run("KrakowJoinedEurocities", func(t *testing.T) {
		// Doc 001: "15 października Kraków został oficjalnie przyjęty" —
		// no year is given, so none may be invented.
		s := open(t)
		ms, err := s.Memberships(ctx(t), graph.MembershipFilter{CityIDs: []string{"krakow"}, NetworkIDs: []string{"eurocities"}})
		MustOK(t, err)
		if len(ms) != 1 || ms[0].Since != "--10-15" {
			t.Fatalf("memberships of krakow in eurocities: got %q, want one since %q", membershipKeys(ms), "--10-15")
		}
		if !quoted(ms[0].Sources, "15 października") {
			t.Errorf("citations: got %+v, want a quote containing %q", ms[0].Sources, "15 października")
		}
	})

	t.Run("KrakowAndPoznanShareTwoNetworks", func(t *testing.T) {
		// Doc 003 (Poznań) and doc 004 (Kraków, "Marketing Miast
		// Europejskich") with doc 001 (Kraków in Eurocities).
		want := []string{"eurocities", "european-cities-marketing"}
		s := open(t)
		pairs := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.CityPair], error) {
			return s.CityPairs(ctx(t), graph.PairFilter{MinShared: 2}, p)
		})
		i := slices.IndexFunc(pairs, func(p *graph.CityPair) bool { return p.A == "krakow" && p.B == "poznan" })
		if i < 0 {
			t.Fatalf("CityPairs(2): got %q, want krakow–poznan among them", keys(pairs, pairKey))
		}
		wantList(t, "krakow–poznan shared", pairs[i].Shared, want...)
		shared, err := s.SharedNetworks(ctx(t), "poznan", "krakow")
		MustOK(t, err)
		wantList(t, "SharedNetworks(poznan, krakow)", ids(shared), want...)
	})

	t.Run("BialystokFirstPartnership", func(t *testing.T) {
		// Doc 002: the first partner city, in 1992, was Eindhoven.
		s := open(t)
		ps := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Partnership], error) {
			return s.Partnerships(ctx(t), graph.PartnershipFilter{Party: "bialystok"}, p)
		})
		if len(ps) == 0 {
			t.Fatal("partnerships of bialystok: got none, want the one with eindhoven")
		}
		first := slices.MinFunc(ps, func(a, b *graph.Partnership) int { return a.Date.Compare(b.Date) })
		if y, _ := first.Date.Year(); y != 1992 || !slices.Contains(first.PartyIDs, "eindhoven") || first.Kind != graph.PartnershipPartnerCities {
			t.Errorf("earliest partnership of bialystok: got %s %s %q with %q, want PARTNER_CITIES in 1992 with eindhoven", first.ID, first.Kind, first.Date, first.PartyIDs)
		}
		ps = MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Partnership], error) {
			return s.Partnerships(ctx(t), graph.PartnershipFilter{Party: "eindhoven", YearFrom: intp(1992), YearTo: intp(1992)}, p)
		})
		if len(ps) != 1 || !slices.Contains(ps[0].PartyIDs, "bialystok") {
			t.Errorf("partnerships of eindhoven in 1992: got %q, want the one with bialystok", ids(ps))
		}
	})

	t.Run("EurocitiesGeneralMeeting2017", func(t *testing.T) {
		// Doc 003: "Doroczne Walne Zgromadzenie EUROCITIES w Ljubljanie".
		s := open(t)
		evs := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Event], error) {
			return s.Events(ctx(t), graph.EventFilter{Organizer: "eurocities", Kind: graph.EventGeneralMeeting, YearFrom: intp(2017), YearTo: intp(2017)}, p)
		})
		if len(evs) == 0 {
			t.Fatal("EUROCITIES general meetings in 2017: got none, want the one in ljubljana")
		}
		for _, e := range evs {
			if e.PlaceID != "ljubljana" {
				t.Errorf("event %s: place got %q, want %q", e.ID, e.PlaceID, "ljubljana")
			}
		}
		at := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Event], error) {
			return s.Events(ctx(t), graph.EventFilter{Place: "ljubljana", Kind: graph.EventGeneralMeeting}, p)
		})
		wantList(t, "general meetings in ljubljana", ids(at), ids(evs)...)
	})

	t.Run("MayorOfKrakow", func(t *testing.T) {
		// Doc 001: "Prezydent Miasta Krakowa Aleksander Miszalski".
		s := open(t)
		offices, err := s.Offices(ctx(t), graph.OfficeFilter{CityIDs: []string{"krakow"}})
		MustOK(t, err)
		var names []string
		for _, o := range offices {
			p, err := s.Person(ctx(t), o.PersonID)
			MustOK(t, err)
			names = append(names, p.Name)
			if p.Name == "Aleksander Miszalski" && !strings.Contains(graph.Fold(o.Title), "prezydent") {
				t.Errorf("office of %s: title got %q, want the source's “Prezydent Miasta Krakowa”", p.Name, o.Title)
			}
		}
		if !slices.Contains(names, "Aleksander Miszalski") {
			t.Errorf("office holders in krakow: got %q, want Aleksander Miszalski", names)
		}
		people := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Person], error) {
			return s.People(ctx(t), graph.PersonFilter{City: "krakow", Name: "Aleksandra Miszalskiego"}, p)
		})
		if len(people) != 1 || people[0].Name != "Aleksander Miszalski" {
			t.Errorf("people in krakow named “Aleksandra Miszalskiego” (inflected): got %q, want Aleksander Miszalski", ids(people))
		}
	})

	t.Run("EurocitiesMemberCountryClaims", func(t *testing.T) {
		// Doc 000: "z 39 krajów"; doc 001: "z 38 krajów". Both are kept.
		s := open(t)
		cs, err := s.Claims(ctx(t), []string{"eurocities"})
		MustOK(t, err)
		bySource := map[string]string{} // value → source
		for _, c := range cs {
			if c.Property == "memberCountryCount" && (c.Value == "39" || c.Value == "38") {
				srcs := sourceIDs(c.Sources)
				if len(srcs) != 1 {
					t.Errorf("claim memberCountryCount=%s: got sources %q, want exactly one document", c.Value, srcs)
					continue
				}
				bySource[c.Value] = srcs[0]
			}
		}
		if bySource["39"] == "" || bySource["38"] == "" || bySource["39"] == bySource["38"] {
			t.Errorf("memberCountryCount claims about eurocities: got %v (value → source), want 39 and 38 from two different sources", bySource)
		}
	})

	t.Run("PathBialystokToBarcelona", func(t *testing.T) {
		// Białystok is a member (doc 002) and Barcelona a founder (doc
		// 000) of EUROCITIES.
		s := open(t)
		p, err := s.Path(ctx(t), "bialystok", "barcelona", graph.DefaultMaxHops, nil)
		MustOK(t, err)
		checkPath(t, m, p, "bialystok", "barcelona", 2, nil)
		if p != nil && len(p.Nodes) == 3 && p.Nodes[1].NodeID() != "eurocities" {
			t.Errorf("path: got %q, want it through eurocities", ids(p.Nodes))
		}
	})

	t.Run("CitationsResolve", func(t *testing.T) {
		s := open(t)
		cites := allCitations(t, s)
		n := 0
		for where, cs := range cites {
			for _, c := range cs {
				n++
				src, err := s.Source(ctx(t), c.SourceID)
				if err != nil {
					t.Errorf("%s cites %q: Source: got error %v, want the source", where, c.SourceID, err)
				} else if src.ID != c.SourceID {
					t.Errorf("%s cites %q: Source returned %q", where, c.SourceID, src.ID)
				}
				if strings.TrimSpace(c.Quote) == "" {
					t.Errorf("%s cites %q with an empty quote", where, c.SourceID)
				}
			}
		}
		if want := countCitations(ds); n != want {
			t.Errorf("citations returned through the store: got %d, want the dataset's %d", n, want)
		}
	})

	t.Run("SupportsOfADocument", func(t *testing.T) {
		s := open(t)
		got := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Support], error) {
			return s.Supports(ctx(t), "bydgoszcz-eurocities", p)
		})
		// Why do you say Bydgoszcz joined in 2005? This page says so.
		want := graph.Support{
			Ref:   graph.MembershipRef("bydgoszcz", "eurocities", "2005-11"),
			Quote: "Bydgoszcz jest pełnym członkiem stowarzyszenia Eurocities od listopada 2005 r.", Subject: "bydgoszcz", Object: "eurocities",
		}
		found := false
		for _, sp := range got {
			found = found || reflect.DeepEqual(*sp, want)
		}
		if !found {
			t.Errorf("supports of bydgoszcz-eurocities: %d items, none is %+v", len(got), want)
		}
		// Every store answers what the dataset says, in the same order.
		wantJSON(t, "supports of bydgoszcz-eurocities", got, ds.SupportsBySource()["bydgoszcz-eurocities"])
		checkPagination(t, func(p graph.Page) (*graph.Connection[*graph.Support], error) {
			return s.Supports(ctx(t), "bydgoszcz-eurocities", p)
		}, func(sp *graph.Support) string { return sp.Ref.String() + ": " + sp.Quote })

		t.Run("EveryCitationOnce", func(t *testing.T) {
			n := 0
			for _, src := range MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Source], error) {
				return s.Sources(ctx(t), graph.SourceFilter{}, p)
			}) {
				c, err := s.Supports(ctx(t), src.ID, graph.Page{First: 1})
				MustOK(t, err)
				n += c.TotalCount
			}
			if want := countCitations(ds); n != want {
				t.Errorf("supports over every document: %d, want the dataset's %d citations", n, want)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			for _, id := range []string{"no-such-document", "krakow"} {
				_, err := s.Supports(ctx(t), id, graph.Page{First: 5})
				MustCode(t, err, graph.ENOTFOUND)
			}
		})
	})

	t.Run("Search", func(t *testing.T) {
		for _, tt := range []struct{ text, want string }{
			{"krakow", "krakow"},
			{"Cracow", "krakow"},
			{"Krakowa", "krakow"},
			{"KRAKÓW", "krakow"},
			{"Mediolan", "milan"},
			{"Białymstoku", "bialystok"},
			{"eurocities", "eurocities"},
			{"Lublin", "lublin"},
			{"Poznaniu", "poznan"},
			{"Barcelony", "barcelona"},
		} {
			t.Run(tt.text, func(t *testing.T) {
				s := open(t)
				hits := testSearchScores(t, s, tt.text, nil, graph.DefaultSearchResults)
				if len(hits) == 0 || hits[0].Node.NodeID() != tt.want {
					t.Errorf("Search(%q): got %q, want %q first", tt.text, hitIDs(hits), tt.want)
				}
			})
		}
		t.Run("LublinIsNotLjubljana", func(t *testing.T) {
			s := open(t)
			hits := testSearchScores(t, s, "Lublin", nil, graph.MaxSearchResults)
			if slices.Contains(hitIDs(hits), "ljubljana") {
				t.Errorf("Search(%q): got %q, want no ljubljana (Lublana is not Lublin)", "Lublin", hitIDs(hits))
			}
		})
		t.Run("Types", func(t *testing.T) {
			s := open(t)
			hits := testSearchScores(t, s, "eurocities", []graph.NodeType{graph.TypeEvent}, graph.MaxSearchResults)
			if len(hits) == 0 {
				t.Errorf("Search(%q, EVENT): got none, want the EUROCITIES events", "eurocities")
			}
		})
	})

	t.Run("Memberships", func(t *testing.T) {
		// All of them, through the cities, in order, with every property.
		s := open(t)
		var cities []string
		for _, c := range ds.Cities {
			cities = append(cities, c.ID)
		}
		got, err := s.Memberships(ctx(t), graph.MembershipFilter{CityIDs: cities})
		MustOK(t, err)
		want := slices.Clone(ds.Memberships)
		slices.SortStableFunc(want, func(a, b *graph.Membership) int {
			if c := strings.Compare(a.CityID, b.CityID); c != 0 {
				return c
			}
			if c := a.Since.Compare(b.Since); c != 0 {
				return c
			}
			return strings.Compare(a.NetworkID, b.NetworkID)
		})
		wantList(t, "memberships (city, since, network)", membershipKeys(got), membershipKeys(want)...)
		wantJSON(t, "memberships", got, want)
	})

	t.Run("CityPairs", func(t *testing.T) {
		for _, min := range []int{1, 2, 3} {
			t.Run(fmt.Sprint(min), func(t *testing.T) {
				s := open(t)
				got := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.CityPair], error) {
					return s.CityPairs(ctx(t), graph.PairFilter{MinShared: min}, p)
				})
				render := func(ps []*graph.CityPair) []string {
					out := make([]string, len(ps))
					for i, p := range ps {
						out[i] = fmt.Sprintf("%s [%s] %.4f", pairKey(p), strings.Join(p.Shared, " "), p.Jaccard)
					}
					return out
				}
				wantList(t, fmt.Sprintf("CityPairs(%d)", min), render(got), render(m.cityPairs(min))...)
			})
		}
	})

	t.Run("Path", func(t *testing.T) {
		for _, tt := range []struct {
			from, to string
			rels     []graph.RelType
		}{
			{"krakow", "poznan", nil},
			{"bydgoszcz", "ljubljana", nil},
			{"eindhoven", "lyon", nil},
			{"aleksander-miszalski", "milan", nil},
			{"university-of-wisconsin", "rotterdam", nil},
			{"krakow", "bialystok", []graph.RelType{graph.RelMemberOf}},
			{"krakow", "milan", []graph.RelType{graph.RelMemberOf, graph.RelFounded}},
		} {
			t.Run(tt.from+"→"+tt.to, func(t *testing.T) {
				want := m.distance(tt.from, tt.to, tt.rels)
				s := open(t)
				p, err := s.Path(ctx(t), tt.from, tt.to, graph.MaxMaxHops, tt.rels)
				MustOK(t, err)
				if want < 0 || want > graph.MaxMaxHops {
					if p != nil {
						t.Errorf("Path: got %q, want nil (the reference finds none within %d hops)", ids(p.Nodes), graph.MaxMaxHops)
					}
					return
				}
				checkPath(t, m, p, tt.from, tt.to, want, tt.rels)
			})
		}
	})

	t.Run("Neighborhood", func(t *testing.T) {
		for _, tt := range []struct {
			id    string
			depth int
			rels  []graph.RelType
		}{
			{"eurocities", 1, nil},
			{"bialystok", 2, nil},
			{"krakow", 1, nil},
			{"poznan", 1, []graph.RelType{graph.RelMemberOf}},
			{"ljubljana", 2, nil},
		} {
			t.Run(fmt.Sprintf("%s/%d", tt.id, tt.depth), func(t *testing.T) {
				var want []string
				for _, l := range m.levels(tt.id, tt.depth, tt.rels) {
					want = append(want, l...)
				}
				s := open(t)
				sg, err := s.Neighborhood(ctx(t), tt.id, tt.depth, graph.MaxNeighborLimit, tt.rels)
				MustOK(t, err)
				checkSubgraph(t, sg, tt.id, want, m.inducedEdges(want, tt.rels), false, 0)
			})
		}
		t.Run("Limit", func(t *testing.T) {
			// Cut at 10: the centre, then the nearest nodes first.
			levels := m.levels("eurocities", 2, nil)
			total := 0
			for _, l := range levels {
				total += len(l)
			}
			if len(levels) < 2 || len(levels[1]) < 10 || total <= 10 {
				t.Fatalf("reference: eurocities has %d nodes within 2 hops (%d direct), want more than 10 direct to test the cut", total, len(levels[1]))
			}
			s := open(t)
			sg, err := s.Neighborhood(ctx(t), "eurocities", 2, 10, nil)
			MustOK(t, err)
			got := ids(sg.Nodes)
			if len(got) != 10 || !slices.Contains(got, "eurocities") {
				t.Errorf("nodes: got %q, want 10 including the centre", got)
			}
			for _, id := range got {
				if id != "eurocities" && !slices.Contains(levels[1], id) {
					t.Errorf("node %q: want only direct neighbours when the cut falls within depth 1", id)
				}
			}
			if !sg.Truncated || sg.Omitted != total-10 {
				t.Errorf("truncated, omitted: got %v, %d; want true, %d", sg.Truncated, sg.Omitted, total-10)
			}
			// What was cut: every node within 2 hops that was not returned.
			var cut []graph.NodeType
			for _, level := range levels {
				for _, id := range level {
					if !slices.Contains(got, id) {
						cut = append(cut, m.nodes[id].NodeType())
					}
				}
			}
			wantJSON(t, "omittedByType", sg.OmittedByType, graph.CountTypes(cut))
			var edges []string
			for _, e := range sg.Edges {
				edges = append(edges, e.Key())
			}
			wantSet(t, "edges among the returned nodes", edges, m.inducedEdges(got, nil)...)
		})
	})

	t.Run("Stats", func(t *testing.T) {
		s := open(t)
		got, err := s.Stats(ctx(t))
		MustOK(t, err)
		checkStats(t, got, m.stats())
		if len(got.MembersPerNetwork) == 0 || got.MembersPerNetwork[0].ID != "eurocities" {
			t.Errorf("membersPerNetwork: got %v, want eurocities first (11 cities)", got.MembersPerNetwork)
		}
	})
}

// sourceIDs returns the distinct source ids of citations, sorted.
func sourceIDs(cs []graph.Citation) []string {
	var out []string
	for _, c := range cs {
		if !slices.Contains(out, c.SourceID) {
			out = append(out, c.SourceID)
		}
	}
	slices.Sort(out)
	return out
}

// quoted reports whether a citation quotes text (whitespace runs compared
// as one space).
func quoted(cs []graph.Citation, text string) bool {
	for _, c := range cs {
		if strings.Contains(strings.Join(strings.Fields(c.Quote), " "), text) {
			return true
		}
	}
	return false
}
