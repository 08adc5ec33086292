package memory

import (
	"context"
	"slices"

	"citynet/graph"
)

// list filters items (already in id order) and cuts one page.
func list[T graph.Node](items []T, ids []string, name string, p graph.Page, s *snapshot, keep func(T) bool) (*graph.Connection[T], error) {
	if _, _, err := p.Offset(); err != nil {
		return nil, err
	}
	q := graph.Fold(name)
	return graph.Paginate(where(items, func(it T) bool {
		return anyOf(ids, it.NodeID()) && (q == "" || s.score(it.NodeID(), q) > 0) && (keep == nil || keep(it))
	}), p)
}

func (s *snapshot) Cities(_ context.Context, f graph.CityFilter, p graph.Page) (*graph.Connection[*graph.City], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	// Start from the smallest index that the filter allows.
	from := s.cities
	switch {
	case f.Network != "":
		from = nil
		if n, ok := s.bip.NetworkIndex(f.Network); ok {
			for _, c := range s.bip.NetCities[n] {
				from = append(from, s.cities[c])
			}
		}
	case f.Country != "":
		from = s.citiesIn[f.Country]
	}
	return list(from, f.IDs, f.Name, p, s, func(c *graph.City) bool {
		if f.Country != "" && c.CountryID != f.Country {
			return false
		}
		if f.Network == "" && f.JoinedFrom == nil && f.JoinedTo == nil {
			return true
		}
		for _, m := range s.byCity[c.ID] {
			if (f.Network == "" || m.NetworkID == f.Network) && m.Since.InYears(f.JoinedFrom, f.JoinedTo) {
				return true
			}
		}
		return false
	})
}

func (s *snapshot) Countries(_ context.Context, p graph.Page) (*graph.Connection[*graph.Country], error) {
	return list(s.countries, nil, "", p, s, nil)
}

func (s *snapshot) Networks(_ context.Context, f graph.NetworkFilter, p graph.Page) (*graph.Connection[*graph.Network], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	cityNets := map[string]bool{}
	for _, m := range s.byCity[f.City] {
		cityNets[m.NetworkID] = true
	}
	return list(s.networks, f.IDs, f.Name, p, s, func(n *graph.Network) bool {
		if f.Scope != "" && n.Scope != f.Scope || f.Kind != "" && n.Kind != f.Kind {
			return false
		}
		if !n.Founded.InYears(f.FoundedFrom, f.FoundedTo) {
			return false
		}
		if f.MinMembers > 0 {
			if i, _ := s.bip.NetworkIndex(n.ID); len(s.bip.NetCities[i]) < f.MinMembers {
				return false
			}
		}
		return f.City == "" || cityNets[n.ID]
	})
}

func (s *snapshot) Institutions(_ context.Context, f graph.InstitutionFilter, p graph.Page) (*graph.Connection[*graph.Institution], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	return list(s.institutions, f.IDs, f.Name, p, s, func(i *graph.Institution) bool {
		if f.City != "" && i.CityID != f.City || f.Kind != "" && i.Kind != f.Kind {
			return false
		}
		if f.Country != "" {
			country := i.CountryID
			if c, ok := s.nodes[i.CityID].(*graph.City); ok && country == "" {
				country = c.CountryID
			}
			return country == f.Country
		}
		return true
	})
}

func (s *snapshot) People(_ context.Context, f graph.PersonFilter, p graph.Page) (*graph.Connection[*graph.Person], error) {
	return list(s.people, f.IDs, f.Name, p, s, func(person *graph.Person) bool {
		return f.City == "" || slices.ContainsFunc(s.offices, func(o *graph.Office) bool {
			return o.PersonID == person.ID && o.CityID == f.City
		})
	})
}

func (s *snapshot) Events(_ context.Context, f graph.EventFilter, p graph.Page) (*graph.Connection[*graph.Event], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	return list(s.events, f.IDs, f.Name, p, s, func(e *graph.Event) bool {
		return (f.Place == "" || e.PlaceID == f.Place) &&
			(f.Organizer == "" || e.OrganizerID == f.Organizer) &&
			(f.Participant == "" || slices.Contains(e.ParticipantIDs, f.Participant)) &&
			(f.Kind == "" || e.Kind == f.Kind) &&
			e.Date.InYears(f.YearFrom, f.YearTo)
	})
}

func (s *snapshot) Partnerships(_ context.Context, f graph.PartnershipFilter, p graph.Page) (*graph.Connection[*graph.Partnership], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	return list(s.partnerships, f.IDs, "", p, s, func(x *graph.Partnership) bool {
		return (f.Party == "" || slices.Contains(x.PartyIDs, f.Party)) &&
			(f.Kind == "" || x.Kind == f.Kind) &&
			x.Date.InYears(f.YearFrom, f.YearTo)
	})
}

func (s *snapshot) Sources(_ context.Context, f graph.SourceFilter, p graph.Page) (*graph.Connection[*graph.Source], error) {
	return list(s.sources, f.IDs, f.Name, p, s, func(x *graph.Source) bool {
		return f.Language == "" || x.Language == f.Language
	})
}

// anyOf reports whether id is in ids; an empty list does not filter.
func anyOf(ids []string, id string) bool { return len(ids) == 0 || slices.Contains(ids, id) }

func where[T any](items []T, keep func(T) bool) []T {
	var out []T
	for _, it := range items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}

func (s *snapshot) Memberships(_ context.Context, f graph.MembershipFilter) ([]*graph.Membership, error) {
	if len(f.CityIDs) == 0 && len(f.NetworkIDs) == 0 {
		return nil, graph.Invalid("filter", "give at least one city or network")
	}
	// Start from the smaller index rather than scanning every membership.
	from, other, keep := s.byCity, f.NetworkIDs, func(m *graph.Membership) string { return m.NetworkID }
	ids := f.CityIDs
	if len(ids) == 0 {
		from, other, keep, ids = s.byNetwork, f.CityIDs, func(m *graph.Membership) string { return m.CityID }, f.NetworkIDs
	}
	var out []*graph.Membership
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		out = append(out, where(from[id], func(m *graph.Membership) bool { return anyOf(other, keep(m)) })...)
	}
	graph.SortMemberships(out)
	return out, nil
}

func (s *snapshot) Foundings(_ context.Context, f graph.FoundingFilter) ([]*graph.Founding, error) {
	if len(f.NetworkIDs) == 0 && len(f.FounderIDs) == 0 {
		return nil, graph.Invalid("filter", "give at least one network or founder")
	}
	return where(s.foundings, func(x *graph.Founding) bool {
		return anyOf(f.NetworkIDs, x.NetworkID) && anyOf(f.FounderIDs, x.FounderID)
	}), nil
}

func (s *snapshot) Offices(_ context.Context, f graph.OfficeFilter) ([]*graph.Office, error) {
	if len(f.CityIDs) == 0 && len(f.PersonIDs) == 0 {
		return nil, graph.Invalid("filter", "give at least one city or person")
	}
	return where(s.offices, func(x *graph.Office) bool {
		return anyOf(f.CityIDs, x.CityID) && anyOf(f.PersonIDs, x.PersonID)
	}), nil
}

func (s *snapshot) Claims(_ context.Context, subjectIDs []string) ([]*graph.Claim, error) {
	var out []*graph.Claim
	for _, id := range slices.Compact(slices.Sorted(slices.Values(subjectIDs))) {
		out = append(out, s.claimsOf[id]...)
	}
	return out, nil
}
