package memory

import (
	"cmp"
	"context"
	"slices"

	"citynet/graph"
)

// scan is where a list filter starts: the shortest list found so far that
// holds every answer, in id order without duplicates (the whole list of a
// type, or the index entries of the ids that one filter names). It is
// built only once chosen, so a filter costs what its smallest index holds,
// not what the type holds; the keep function of list checks every filter
// again, so the start changes the cost, never the answer.
type scan[T graph.Node] struct {
	n    int        // the length of the list, or a bound of it
	from func() []T // builds the list
}

func scanAll[T graph.Node](items []T) *scan[T] {
	return &scan[T]{len(items), func() []T { return items }}
}

// narrow starts from another list when it is shorter: n is its length or
// a bound of it, from builds it. It reports whether it did (a later
// narrow may still replace it: one that did changes sc.n).
func (sc *scan[T]) narrow(n int, from func() []T) bool {
	if n < sc.n {
		sc.n, sc.from = n, from
		return true
	}
	return false
}

// index narrows to the records that index lists under any of ids (a filter
// that is set: a single-value filter gives one id).
func (sc *scan[T]) index(index map[string][]T, ids ...string) {
	n := 0
	for _, id := range ids {
		n += len(index[id])
	}
	sc.narrow(n, func() []T {
		if len(ids) == 1 {
			return index[ids[0]]
		}
		var out []T
		for _, id := range ids {
			out = append(out, index[id]...)
		}
		return inIDOrder(out)
	})
}

// inIDOrder sorts records by id and drops repeats (a record listed under
// several of the ids).
func inIDOrder[T graph.Node](items []T) []T {
	slices.SortFunc(items, func(a, b T) int { return cmp.Compare(a.NodeID(), b.NodeID()) })
	return slices.CompactFunc(items, func(a, b T) bool { return a.NodeID() == b.NodeID() })
}

// list keeps the records of sc that have one of ids (if any), match the
// name (if any) and pass keep, which checks every other filter, and cuts
// one page. A list of ids is looked up, not scanned for, when it is
// shorter than the start.
func list[T graph.Node](s *snapshot, sc *scan[T], ids []string, name string, p graph.Page, keep func(T) bool) (*graph.Connection[T], error) {
	if _, _, err := p.Offset(); err != nil {
		return nil, err
	}
	want := setOf(ids)
	if want != nil {
		sc.narrow(len(ids), func() []T {
			var out []T
			for _, id := range ids {
				if n, ok := s.nodes[id].(T); ok {
					out = append(out, n)
				}
			}
			return inIDOrder(out)
		})
	}
	q := graph.Fold(name)
	if want == nil && q == "" && keep == nil {
		// The start is the answer: no record is read, only counted.
		return graph.Paginate(sc.from(), p)
	}
	return graph.Paginate(where(sc.from(), func(it T) bool {
		return (want == nil || want.has(it.NodeID())) && (q == "" || s.score(it.NodeID(), q) > 0) && (keep == nil || keep(it))
	}), p)
}

// idSet is the set of a filter's ids; nil (an empty list) holds every id:
// an empty list does not filter. The filters' Check refuses an empty id,
// so a record without the link ("" place, city…) is in no set.
type idSet map[string]struct{}

func setOf(ids []string) idSet {
	if len(ids) == 0 {
		return nil
	}
	set := make(idSet, len(ids))
	for _, id := range ids {
		set[id] = struct{}{}
	}
	return set
}

func (set idSet) has(id string) bool {
	if set == nil {
		return true
	}
	_, ok := set[id]
	return ok
}

// hasAny reports whether the set holds one of ids (always, for nil).
func (set idSet) hasAny(ids []string) bool {
	return set == nil || slices.ContainsFunc(ids, set.has)
}

// is reports whether a single-value filter (empty: not set) keeps v.
func is[T ~string](filter, v T) bool { return filter == "" || v == filter }

func (s *snapshot) Cities(_ context.Context, f graph.CityFilter, p graph.Page) (*graph.Connection[*graph.City], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	sc := scanAll(s.cities)
	if f.Network != "" {
		n, ok := s.bip.NetworkIndex(f.Network)
		members := 0
		if ok {
			members = len(s.bip.NetCities[n])
		}
		sc.narrow(members, func() []*graph.City {
			out := make([]*graph.City, 0, members)
			if ok {
				for _, c := range s.bip.NetCities[n] {
					out = append(out, s.cities[c])
				}
			}
			return out
		})
	}
	if f.Country != "" {
		sc.index(s.citiesIn, f.Country)
	}
	if len(f.CountryIDs) > 0 {
		sc.index(s.citiesIn, f.CountryIDs...)
	}
	var nearList []*graph.City
	nearTook := false
	if f.Near != nil {
		nearList = s.near(*f.Near)
		nearTook = sc.narrow(len(nearList), func() []*graph.City { return nearList })
	}
	if f.Within != nil {
		in := s.within(*f.Within)
		sc.narrow(len(in), func() []*graph.City { return in })
	}
	countries := setOf(f.CountryIDs)
	// Does the list start from near's exact answer? Only if near narrowed
	// the start and nothing narrowed it after (list narrows to the ids).
	nearStarts := nearTook && sc.n == len(nearList) && len(f.IDs) == 0
	var near func(graph.GeoPoint) bool
	if f.Near != nil && !nearStarts {
		near = f.Near.Matcher()
	} else if nearStarts && f.Country == "" && len(f.CountryIDs) == 0 && f.Within == nil && f.Network == "" && f.JoinedFrom == nil && f.JoinedTo == nil {
		// It does, and nothing else filters: the start is the answer.
		return list(s, sc, f.IDs, f.Name, p, nil)
	}
	return list(s, sc, f.IDs, f.Name, p, func(c *graph.City) bool {
		if !is(f.Country, c.CountryID) || !countries.has(c.CountryID) {
			return false
		}
		if loc := c.Location(); (near != nil || f.Within != nil) && loc == nil ||
			near != nil && !near(*loc) || f.Within != nil && !f.Within.Contains(*loc) {
			return false
		}
		if f.Network == "" && f.JoinedFrom == nil && f.JoinedTo == nil {
			return true
		}
		for _, m := range s.byCity[c.ID] {
			if is(f.Network, m.NetworkID) && m.Since.InYears(f.JoinedFrom, f.JoinedTo) {
				return true
			}
		}
		return false
	})
}

func (s *snapshot) Countries(_ context.Context, p graph.Page) (*graph.Connection[*graph.Country], error) {
	return list(s, scanAll(s.countries), nil, "", p, nil)
}

func (s *snapshot) Networks(_ context.Context, f graph.NetworkFilter, p graph.Page) (*graph.Connection[*graph.Network], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	cityNets := map[string]bool{}
	for _, m := range s.byCity[f.City] {
		cityNets[m.NetworkID] = true
	}
	return list(s, scanAll(s.networks), f.IDs, f.Name, p, func(n *graph.Network) bool {
		if !is(f.Scope, n.Scope) || !is(f.Kind, n.Kind) {
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
	sc := scanAll(s.institutions)
	if f.City != "" {
		sc.index(s.institutionsIn, f.City)
	}
	if len(f.CityIDs) > 0 {
		sc.index(s.institutionsIn, f.CityIDs...)
	}
	cities := setOf(f.CityIDs)
	return list(s, sc, f.IDs, f.Name, p, func(i *graph.Institution) bool {
		if !is(f.City, i.CityID) || !cities.has(i.CityID) || !is(f.Kind, i.Kind) {
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
	return list(s, scanAll(s.people), f.IDs, f.Name, p, func(person *graph.Person) bool {
		return f.City == "" || slices.ContainsFunc(s.offices, func(o *graph.Office) bool {
			return o.PersonID == person.ID && o.CityID == f.City
		})
	})
}

func (s *snapshot) Events(_ context.Context, f graph.EventFilter, p graph.Page) (*graph.Connection[*graph.Event], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	sc := scanAll(s.events)
	for _, by := range []struct {
		index map[string][]*graph.Event
		one   string
		any   []string
	}{{s.eventsAt, f.Place, f.PlaceIDs}, {s.eventsBy, f.Organizer, f.OrganizerIDs}, {s.eventsWith, f.Participant, f.ParticipantIDs}} {
		if by.one != "" {
			sc.index(by.index, by.one)
		}
		if len(by.any) > 0 {
			sc.index(by.index, by.any...)
		}
	}
	places, organizers, participants := setOf(f.PlaceIDs), setOf(f.OrganizerIDs), setOf(f.ParticipantIDs)
	return list(s, sc, f.IDs, f.Name, p, func(e *graph.Event) bool {
		return is(f.Place, e.PlaceID) && places.has(e.PlaceID) && is(f.Organizer, e.OrganizerID) && organizers.has(e.OrganizerID) &&
			(f.Participant == "" || slices.Contains(e.ParticipantIDs, f.Participant)) && participants.hasAny(e.ParticipantIDs) &&
			is(f.Kind, e.Kind) &&
			e.Date.InYears(f.YearFrom, f.YearTo)
	})
}

func (s *snapshot) Partnerships(_ context.Context, f graph.PartnershipFilter, p graph.Page) (*graph.Connection[*graph.Partnership], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	sc := scanAll(s.partnerships)
	if f.Party != "" {
		sc.index(s.partnershipsOf, f.Party)
	}
	if len(f.PartyIDs) > 0 {
		sc.index(s.partnershipsOf, f.PartyIDs...)
	}
	parties := setOf(f.PartyIDs)
	return list(s, sc, f.IDs, "", p, func(x *graph.Partnership) bool {
		return (f.Party == "" || slices.Contains(x.PartyIDs, f.Party)) && parties.hasAny(x.PartyIDs) &&
			is(f.Kind, x.Kind) &&
			x.Date.InYears(f.YearFrom, f.YearTo)
	})
}

func (s *snapshot) Sources(_ context.Context, f graph.SourceFilter, p graph.Page) (*graph.Connection[*graph.Source], error) {
	return list(s, scanAll(s.sources), f.IDs, f.Name, p, func(x *graph.Source) bool {
		return is(f.Language, x.Language)
	})
}

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
	from, other, keep := s.byCity, setOf(f.NetworkIDs), func(m *graph.Membership) string { return m.NetworkID }
	ids := f.CityIDs
	if len(ids) == 0 {
		from, other, keep, ids = s.byNetwork, setOf(f.CityIDs), func(m *graph.Membership) string { return m.CityID }, f.NetworkIDs
	}
	var out []*graph.Membership
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		out = append(out, where(from[id], func(m *graph.Membership) bool { return other.has(keep(m)) })...)
	}
	graph.SortMemberships(out)
	return out, nil
}

func (s *snapshot) Foundings(_ context.Context, f graph.FoundingFilter) ([]*graph.Founding, error) {
	if len(f.NetworkIDs) == 0 && len(f.FounderIDs) == 0 {
		return nil, graph.Invalid("filter", "give at least one network or founder")
	}
	networks, founders := setOf(f.NetworkIDs), setOf(f.FounderIDs)
	return where(s.foundings, func(x *graph.Founding) bool {
		return networks.has(x.NetworkID) && founders.has(x.FounderID)
	}), nil
}

func (s *snapshot) Offices(_ context.Context, f graph.OfficeFilter) ([]*graph.Office, error) {
	if len(f.CityIDs) == 0 && len(f.PersonIDs) == 0 {
		return nil, graph.Invalid("filter", "give at least one city or person")
	}
	cities, people := setOf(f.CityIDs), setOf(f.PersonIDs)
	return where(s.offices, func(x *graph.Office) bool {
		return cities.has(x.CityID) && people.has(x.PersonID)
	}), nil
}

func (s *snapshot) Claims(_ context.Context, subjectIDs []string) ([]*graph.Claim, error) {
	var out []*graph.Claim
	for _, id := range slices.Compact(slices.Sorted(slices.Values(subjectIDs))) {
		out = append(out, s.claimsOf[id]...)
	}
	return out, nil
}

// Supports pages through the records citing a document, indexed for every
// document on first use (one pass over the graph).
func (s *snapshot) Supports(ctx context.Context, sourceID string, p graph.Page) (*graph.Connection[*graph.Support], error) {
	if _, err := s.Source(ctx, sourceID); err != nil {
		return nil, err
	}
	offset, limit, err := p.Offset()
	if err != nil {
		return nil, err
	}
	s.supportsOnce.Do(func() { s.supports = s.ds.SupportsBySource() })
	all := s.supports[sourceID]
	return graph.Window(all, len(all), offset, limit), nil
}
