// Package memory is the embedded store: the whole graph in Go data
// structures (maps by id, adjacency lists by integer index, folded names for
// search), built once from a validated dataset. It is the default backend
// when no Neo4j is configured, so `go run ./cmd/server` works on a bare
// machine.
package memory

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"citynet/graph"
)

// snapshot is one immutable version of the graph with its indexes and
// caches. Reads need no locks; a write builds a new snapshot and swaps it
// in (see Store).
type snapshot struct {
	ds    *graph.Dataset // what the snapshot was built from
	nodes map[string]graph.Node

	cities       []*graph.City // each list sorted by id
	countries    []*graph.Country
	networks     []*graph.Network
	institutions []*graph.Institution
	people       []*graph.Person
	events       []*graph.Event
	partnerships []*graph.Partnership
	sources      []*graph.Source

	memberships []*graph.Membership // ordered by city, since, network
	foundings   []*graph.Founding
	offices     []*graph.Office
	claims      []*graph.Claim

	byCity    map[string][]*graph.Membership
	byNetwork map[string][]*graph.Membership
	claimsOf  map[string][]*graph.Claim
	citiesIn  map[string][]*graph.City // by country, in id order

	// The owner indexes of the list filters, each list in id order.
	institutionsIn map[string][]*graph.Institution // by city
	eventsAt       map[string][]*graph.Event       // by place
	eventsBy       map[string][]*graph.Event       // by organizer
	eventsWith     map[string][]*graph.Event       // by participant
	partnershipsOf map[string][]*graph.Partnership // by party

	// bip is the city–network membership graph by integer index, for the
	// co-membership analytics. Its city and network indices are the
	// positions in s.cities and s.networks (both sorted by id).
	bip *graph.Bipartite

	// The whole property graph for path and neighbourhood queries.
	edges []graph.Edge
	adj   map[string][]int // node id → indices into edges

	names map[string][]name // node id → folded names

	// Derived answers are cached: the graph is immutable once built. Each
	// cache has its own lock, so a long computation (the pair ranking of a
	// large graph) does not hold up the others, and the long ones are
	// computed in the background (lazy.go), so a caller can give up.
	pairs lazy[int, *pairRanking] // by minShared
	// bandPairs are the rankings with a distance band, a few at a time
	// (see maxFilteredRankings).
	bandPairs    lazy[graph.PairKey, *pairRanking]
	geoOnce      sync.Once
	geoIdx       *geoIndex
	pointsOnce   sync.Once
	cityPoints   *graph.CityPoints
	spans        sync.Map // network id → func() *graph.NetworkSpan
	centrality   lazy[graph.CentralityKind, *graph.Centrality]
	supportsOnce sync.Once
	supports     map[string][]*graph.Support // by source id
	statsMu      sync.Mutex
	stats        *graph.Stats
	edgesMu      sync.Mutex
	edgesSorted  []graph.Edge
}

type name struct {
	raw, folded string
	canonical   bool
}

// newSnapshot indexes a dataset, which it validates first unless it was
// validated already (see graph.Dataset.Validated).
func newSnapshot(ds *graph.Dataset) (*snapshot, error) {
	if !ds.Validated() {
		if err := ds.Validate(); err != nil {
			return nil, err
		}
	}
	s := &snapshot{ds: ds,
		nodes:        map[string]graph.Node{},
		cities:       sortedByID(ds.Cities),
		countries:    sortedByID(ds.Countries),
		networks:     sortedByID(ds.Networks),
		institutions: sortedByID(ds.Institutions),
		people:       sortedByID(ds.People),
		events:       sortedByID(ds.Events),
		partnerships: sortedByID(ds.Partnerships),
		sources:      sortedByID(ds.Sources),
		byCity:       map[string][]*graph.Membership{},
		byNetwork:    map[string][]*graph.Membership{},
		claimsOf:     map[string][]*graph.Claim{},
		citiesIn:     map[string][]*graph.City{},

		institutionsIn: map[string][]*graph.Institution{},
		eventsAt:       map[string][]*graph.Event{},
		eventsBy:       map[string][]*graph.Event{},
		eventsWith:     map[string][]*graph.Event{},
		partnershipsOf: map[string][]*graph.Partnership{},

		adj:   map[string][]int{},
		names: map[string][]name{},
	}
	s.bandPairs.limit = maxFilteredRankings
	addAll(s, s.cities)
	addAll(s, s.countries)
	addAll(s, s.networks)
	addAll(s, s.institutions)
	addAll(s, s.people)
	addAll(s, s.events)
	addAll(s, s.partnerships)
	addAll(s, s.sources)

	// Memberships in graph.SortMemberships order (city, since, network),
	// without sorting them all: grouped by city, each city's few sorted,
	// then the groups in the cities' id order (a write re-indexes 50,000
	// memberships of the acuto preset in a fraction of a global sort).
	for _, m := range ds.Memberships {
		s.byCity[m.CityID] = append(s.byCity[m.CityID], m)
	}
	s.memberships = make([]*graph.Membership, 0, len(ds.Memberships))
	for _, c := range s.cities {
		ms := s.byCity[c.ID]
		graph.SortMemberships(ms)
		s.memberships = append(s.memberships, ms...)
	}
	s.foundings = slices.Clone(ds.Foundings)
	graph.SortFoundings(s.foundings)
	s.offices = slices.Clone(ds.Offices)
	graph.SortOffices(s.offices)
	s.claims = slices.Clone(ds.Claims)
	graph.SortClaims(s.claims)

	for _, m := range s.memberships {
		s.byNetwork[m.NetworkID] = append(s.byNetwork[m.NetworkID], m)
	}
	for _, c := range s.claims {
		s.claimsOf[c.SubjectID] = append(s.claimsOf[c.SubjectID], c)
	}
	for _, c := range s.cities {
		s.citiesIn[c.CountryID] = append(s.citiesIn[c.CountryID], c)
	}
	for _, i := range s.institutions {
		if i.CityID != "" {
			s.institutionsIn[i.CityID] = append(s.institutionsIn[i.CityID], i)
		}
	}
	for _, e := range s.events {
		if e.PlaceID != "" {
			s.eventsAt[e.PlaceID] = append(s.eventsAt[e.PlaceID], e)
		}
		if e.OrganizerID != "" {
			s.eventsBy[e.OrganizerID] = append(s.eventsBy[e.OrganizerID], e)
		}
		for _, id := range e.ParticipantIDs {
			s.eventsWith[id] = appendOnce(s.eventsWith[id], e)
		}
	}
	for _, p := range s.partnerships {
		for _, id := range p.PartyIDs {
			s.partnershipsOf[id] = appendOnce(s.partnershipsOf[id], p)
		}
	}
	s.bip = ds.Bipartite()
	s.indexEdges(ds)
	return s, nil
}

// appendOnce appends n unless it is already last (a record listing the
// same participant or party twice is indexed under it once).
func appendOnce[T comparable](list []T, n T) []T {
	if len(list) > 0 && list[len(list)-1] == n {
		return list
	}
	return append(list, n)
}

type identified interface {
	graph.Node
	comparable
}

func sortedByID[T identified](list []T) []T {
	out := slices.Clone(list)
	slices.SortFunc(out, func(a, b T) int { return cmp.Compare(a.NodeID(), b.NodeID()) })
	return out
}

func addAll[T identified](s *snapshot, list []T) {
	for _, n := range list {
		s.nodes[n.NodeID()] = n
		canonical, other := graph.Names(n)
		for _, set := range []struct {
			names     []string
			canonical bool
		}{{canonical, true}, {other, false}} {
			for _, raw := range set.names {
				if f := graph.Fold(raw); f != "" {
					s.names[n.NodeID()] = append(s.names[n.NodeID()], name{raw, f, set.canonical})
				}
			}
		}
	}
}

// indexEdges indexes every relationship from both ends.
func (s *snapshot) indexEdges(ds *graph.Dataset) {
	s.edges = ds.Edges()
	for i, e := range s.edges {
		s.adj[e.From] = append(s.adj[e.From], i)
		if e.To != e.From {
			s.adj[e.To] = append(s.adj[e.To], i)
		}
	}
}

// warm computes the default pair ranking and the stats (see Store.Warm).
func (s *snapshot) warm(ctx context.Context) {
	s.CityPairs(ctx, graph.PairFilter{MinShared: graph.DefaultMinSharedPairs}, graph.Page{})
	s.Stats(ctx)
}

// get returns the node with id if it has type T.
func get[T graph.Node](s *snapshot, t graph.NodeType, id string) (T, error) {
	n, ok := s.nodes[id].(T)
	if !ok {
		var zero T
		return zero, graph.NotFound(t, id)
	}
	return n, nil
}

func (s *snapshot) Node(_ context.Context, id string) (graph.Node, error) {
	if n, ok := s.nodes[id]; ok {
		return n, nil
	}
	return nil, graph.NotFound("", id)
}

func (s *snapshot) City(_ context.Context, id string) (*graph.City, error) {
	return get[*graph.City](s, graph.TypeCity, id)
}

func (s *snapshot) Country(_ context.Context, id string) (*graph.Country, error) {
	return get[*graph.Country](s, graph.TypeCountry, id)
}

func (s *snapshot) Network(_ context.Context, id string) (*graph.Network, error) {
	return get[*graph.Network](s, graph.TypeNetwork, id)
}

func (s *snapshot) Institution(_ context.Context, id string) (*graph.Institution, error) {
	return get[*graph.Institution](s, graph.TypeInstitution, id)
}

func (s *snapshot) Person(_ context.Context, id string) (*graph.Person, error) {
	return get[*graph.Person](s, graph.TypePerson, id)
}

func (s *snapshot) Event(_ context.Context, id string) (*graph.Event, error) {
	return get[*graph.Event](s, graph.TypeEvent, id)
}

func (s *snapshot) Partnership(_ context.Context, id string) (*graph.Partnership, error) {
	return get[*graph.Partnership](s, graph.TypePartnership, id)
}

func (s *snapshot) Source(_ context.Context, id string) (*graph.Source, error) {
	return get[*graph.Source](s, graph.TypeSource, id)
}
