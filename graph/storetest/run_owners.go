package storetest

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"citynet/graph"
)

// ownerList is a list filter by a list of owner ids and its single-value
// counterpart, both returning the ids of what they list.
type ownerList struct {
	name   string
	owners []string // every id the filter can name
	single func(t *testing.T, s graph.Store, id string) []string
	multi  func(t *testing.T, s graph.Store, ids []string) []string
}

// testOwnerLists checks the law that batched reads rely on: a filter by a
// list of owners returns the union of what the filter by each owner
// returns, each record once, in id order. It asks for every owner of the
// dataset at once, for every other one (with an unknown id), and pages
// through a multi-owner answer two records at a time.
func testOwnerLists(t *testing.T, open opener, ds *graph.Dataset) {
	var cities, institutions []string
	for _, c := range ds.Cities {
		cities = append(cities, c.ID)
	}
	for _, i := range ds.Institutions {
		institutions = append(institutions, i.ID)
	}
	var countries, networks []string
	for _, c := range ds.Countries {
		countries = append(countries, c.ID)
	}
	for _, n := range ds.Networks {
		networks = append(networks, n.ID)
	}
	all := func(t *testing.T, fetch func(graph.Page) (*graph.Connection[graph.Node], error)) []string {
		t.Helper()
		var out []string
		for _, n := range MustAll(t, fetch) {
			out = append(out, n.NodeID())
		}
		return out
	}
	lists := []ownerList{
		{"CountryIDs", countries,
			func(t *testing.T, s graph.Store, id string) []string {
				return all(t, func(p graph.Page) (*graph.Connection[graph.Node], error) {
					return asNodes(s.Cities(ctx(t), graph.CityFilter{Country: id}, p))
				})
			},
			func(t *testing.T, s graph.Store, ids []string) []string {
				return all(t, func(p graph.Page) (*graph.Connection[graph.Node], error) {
					return asNodes(s.Cities(ctx(t), graph.CityFilter{CountryIDs: ids}, p))
				})
			}},
		{"InstitutionCityIDs", cities,
			func(t *testing.T, s graph.Store, id string) []string {
				return all(t, func(p graph.Page) (*graph.Connection[graph.Node], error) {
					return asNodes(s.Institutions(ctx(t), graph.InstitutionFilter{City: id}, p))
				})
			},
			func(t *testing.T, s graph.Store, ids []string) []string {
				return all(t, func(p graph.Page) (*graph.Connection[graph.Node], error) {
					return asNodes(s.Institutions(ctx(t), graph.InstitutionFilter{CityIDs: ids}, p))
				})
			}},
		{"PlaceIDs", cities,
			func(t *testing.T, s graph.Store, id string) []string {
				return all(t, func(p graph.Page) (*graph.Connection[graph.Node], error) {
					return asNodes(s.Events(ctx(t), graph.EventFilter{Place: id}, p))
				})
			},
			func(t *testing.T, s graph.Store, ids []string) []string {
				return all(t, func(p graph.Page) (*graph.Connection[graph.Node], error) {
					return asNodes(s.Events(ctx(t), graph.EventFilter{PlaceIDs: ids}, p))
				})
			}},
		{"OrganizerIDs", networks,
			func(t *testing.T, s graph.Store, id string) []string {
				return all(t, func(p graph.Page) (*graph.Connection[graph.Node], error) {
					return asNodes(s.Events(ctx(t), graph.EventFilter{Organizer: id}, p))
				})
			},
			func(t *testing.T, s graph.Store, ids []string) []string {
				return all(t, func(p graph.Page) (*graph.Connection[graph.Node], error) {
					return asNodes(s.Events(ctx(t), graph.EventFilter{OrganizerIDs: ids}, p))
				})
			}},
		{"ParticipantIDs", append(slices.Clone(cities), institutions...),
			func(t *testing.T, s graph.Store, id string) []string {
				return all(t, func(p graph.Page) (*graph.Connection[graph.Node], error) {
					return asNodes(s.Events(ctx(t), graph.EventFilter{Participant: id}, p))
				})
			},
			func(t *testing.T, s graph.Store, ids []string) []string {
				return all(t, func(p graph.Page) (*graph.Connection[graph.Node], error) {
					return asNodes(s.Events(ctx(t), graph.EventFilter{ParticipantIDs: ids}, p))
				})
			}},
		{"PartyIDs", append(slices.Clone(cities), institutions...),
			func(t *testing.T, s graph.Store, id string) []string {
				return all(t, func(p graph.Page) (*graph.Connection[graph.Node], error) {
					return asNodes(s.Partnerships(ctx(t), graph.PartnershipFilter{Party: id}, p))
				})
			},
			func(t *testing.T, s graph.Store, ids []string) []string {
				return all(t, func(p graph.Page) (*graph.Connection[graph.Node], error) {
					return asNodes(s.Partnerships(ctx(t), graph.PartnershipFilter{PartyIDs: ids}, p))
				})
			}},
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			s := open(t)
			union := map[string]bool{}
			for _, id := range l.owners {
				for _, it := range l.single(t, s, id) {
					union[it] = true
				}
			}
			want := slices.Sorted(maps.Keys(union))
			if len(want) < 2 {
				t.Fatalf("%s: the owners have %d records between them: the dataset does not exercise the filter", l.name, len(want))
			}
			wantList(t, fmt.Sprintf("%s: every owner", l.name), l.multi(t, s, l.owners), want...)

			var some []string
			half := map[string]bool{}
			for i, id := range l.owners {
				if i%2 == 0 {
					some = append(some, id)
					for _, it := range l.single(t, s, id) {
						half[it] = true
					}
				}
			}
			some = append(some, "no-such-owner")
			slices.Reverse(some) // the order of the ids does not matter
			var wantHalf []string
			for _, id := range want {
				if half[id] {
					wantHalf = append(wantHalf, id)
				}
			}
			wantList(t, fmt.Sprintf("%s: every other owner", l.name), l.multi(t, s, some), wantHalf...)
		})
	}
	t.Run("Pagination", func(t *testing.T) {
		s := open(t)
		checkPagination(t, func(p graph.Page) (*graph.Connection[*graph.Event], error) {
			return s.Events(ctx(t), graph.EventFilter{ParticipantIDs: append(slices.Clone(cities), institutions...)}, p)
		}, nodeKey)
	})
}

// asNodes turns a page of typed nodes into a page of graph.Nodes.
func asNodes[T graph.Node](c *graph.Connection[T], err error) (*graph.Connection[graph.Node], error) {
	if err != nil {
		return nil, err
	}
	out := &graph.Connection[graph.Node]{Cursors: c.Cursors, TotalCount: c.TotalCount, HasNext: c.HasNext, HasPrev: c.HasPrev}
	for _, it := range c.Items {
		out.Items = append(out.Items, it)
	}
	return out, nil
}
