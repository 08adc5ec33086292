package storetest

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"citynet/graph"
)

// runSynthetic checks every Store method against answers worked out by hand
// on the Synthetic dataset (see its doc comment for the shape).
func runSynthetic(t *testing.T, openDS func(t *testing.T, ds *graph.Dataset) graph.Store) {
	open := func(t *testing.T) graph.Store {
		t.Helper()
		s := openDS(t, Synthetic())
		if s == nil {
			t.Fatal("open returned a nil store")
		}
		return s
	}
	m := newModel(Synthetic())

	t.Run("DatasetIsValid", func(t *testing.T) {
		MustOK(t, Synthetic().Validate())
	})

	testGetters(t, open, Synthetic())
	t.Run("Cities", func(t *testing.T) { syntheticCities(t, open) })
	t.Run("Countries", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			s := open(t)
			got := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Country], error) { return s.Countries(ctx(t), p) })
			wantList(t, "countries", ids(got), "AA", "BB", "CC")
		})
		t.Run("Pagination", func(t *testing.T) {
			s := open(t)
			checkPagination(t, func(p graph.Page) (*graph.Connection[*graph.Country], error) { return s.Countries(ctx(t), p) }, nodeKey)
		})
	})
	t.Run("Networks", func(t *testing.T) { syntheticNetworks(t, open) })
	t.Run("Institutions", func(t *testing.T) { syntheticInstitutions(t, open) })
	t.Run("People", func(t *testing.T) { syntheticPeople(t, open) })
	t.Run("Events", func(t *testing.T) { syntheticEvents(t, open) })
	t.Run("Partnerships", func(t *testing.T) { syntheticPartnerships(t, open) })
	t.Run("Sources", func(t *testing.T) { syntheticSources(t, open) })
	t.Run("OwnerLists", func(t *testing.T) { testOwnerLists(t, open, Synthetic()) })
	t.Run("Memberships", func(t *testing.T) { syntheticMemberships(t, open) })
	t.Run("Foundings", func(t *testing.T) { syntheticFoundings(t, open) })
	t.Run("Offices", func(t *testing.T) { syntheticOffices(t, open) })
	t.Run("Claims", func(t *testing.T) { syntheticClaims(t, open) })
	t.Run("Search", func(t *testing.T) { syntheticSearch(t, open) })
	t.Run("SharedNetworks", func(t *testing.T) { syntheticSharedNetworks(t, open) })
	t.Run("CityPairs", func(t *testing.T) { syntheticCityPairs(t, open, m) })
	t.Run("Path", func(t *testing.T) { syntheticPath(t, open, m) })
	t.Run("Neighborhood", func(t *testing.T) { syntheticNeighborhood(t, open, m) })
	t.Run("Stats", func(t *testing.T) { syntheticStats(t, open, m) })
	t.Run("Citations", func(t *testing.T) {
		s := open(t)
		got := 0
		for where, cs := range allCitations(t, s) {
			for _, c := range cs {
				got++
				if _, err := s.Source(ctx(t), c.SourceID); err != nil {
					t.Errorf("%s cites %q: Source: got error %v, want the source", where, c.SourceID, err)
				}
			}
		}
		// Every citation of the dataset, on nodes and relationships alike.
		if want := countCitations(Synthetic()); got != want {
			t.Errorf("citations returned: got %d, want %d", got, want)
		}
	})
}

// listCase is one filter of a list method and the ids it must return, in
// order.
type listCase[F any] struct {
	name   string
	filter F
	want   []string
}

// errCase is a filter that must be rejected as EINVALID blaming field.
type errCase[F any] struct {
	name   string
	filter F
	field  string
}

// testList runs filter cases, error cases and pagination on a list method.
func testList[F any, T graph.Node](t *testing.T, open opener,
	list func(s graph.Store) func(t *testing.T, f F, p graph.Page) (*graph.Connection[T], error),
	cases []listCase[F], errs []errCase[F]) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			got := MustAll(t, func(p graph.Page) (*graph.Connection[T], error) { return list(s)(t, tt.filter, p) })
			wantList(t, fmt.Sprintf("ids for %+v", tt.filter), ids(got), tt.want...)
		})
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			_, err := list(s)(t, tt.filter, graph.Page{First: 10})
			MustInvalid(t, err, tt.field)
		})
	}
	t.Run("Pagination", func(t *testing.T) {
		s := open(t)
		var zero F
		checkPagination(t, func(p graph.Page) (*graph.Connection[T], error) { return list(s)(t, zero, p) }, nodeKey)
	})
}

func syntheticCities(t *testing.T, open opener) {
	list := func(s graph.Store) func(t *testing.T, f graph.CityFilter, p graph.Page) (*graph.Connection[*graph.City], error) {
		return func(t *testing.T, f graph.CityFilter, p graph.Page) (*graph.Connection[*graph.City], error) {
			return s.Cities(ctx(t), f, p)
		}
	}
	testList(t, open, list, []listCase[graph.CityFilter]{
		{"OK", graph.CityFilter{}, []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"}},
		{"IDs", graph.CityFilter{IDs: []string{"echo", "alpha", "no-such-city", "n1"}}, []string{"alpha", "echo"}},
		{"Country", graph.CityFilter{Country: "BB"}, []string{"charlie", "delta", "echo"}},
		{"CountryUnknown", graph.CityFilter{Country: "ZZ"}, nil},
		{"Network", graph.CityFilter{Network: "n2"}, []string{"alpha", "bravo", "charlie"}},
		{"NetworkUnknown", graph.CityFilter{Network: "no-such-network"}, nil},
		{"NetworkAndCountry", graph.CityFilter{Network: "n1", Country: "AA"}, []string{"alpha", "bravo"}},
		{"NameExact", graph.CityFilter{Name: "Alphaville"}, []string{"alpha"}},
		{"NameFolded", graph.CityFilter{Name: "ALFAWIL"}, []string{"alpha"}},
		{"NameInflected", graph.CityFilter{Name: "Bravogradu"}, []string{"bravo"}},
		{"NameAltName", graph.CityFilter{Name: "alpha city"}, []string{"alpha"}},
		{"NameSubstring", graph.CityFilter{Name: "burg"}, []string{"delta"}},
		{"NameNoMatch", graph.CityFilter{Name: "Atlantis"}, nil},
		// Any membership whose since year is in the range; year-less
		// and unknown dates never match a range.
		{"JoinedFrom", graph.CityFilter{JoinedFrom: intp(2005)}, []string{"bravo", "delta", "echo"}},
		{"JoinedTo", graph.CityFilter{JoinedTo: intp(1990)}, []string{"alpha", "bravo"}},
		{"JoinedRange", graph.CityFilter{JoinedFrom: intp(1991), JoinedTo: intp(2004)}, []string{"alpha", "charlie"}},
		{"JoinedInNetwork", graph.CityFilter{Network: "n1", JoinedFrom: intp(1990), JoinedTo: intp(1995)}, []string{"bravo", "charlie"}},
		{"JoinedInNetworkYearless", graph.CityFilter{Network: "n2", JoinedFrom: intp(1000)}, []string{"alpha"}},
		{"JoinedNone", graph.CityFilter{JoinedFrom: intp(2013)}, nil},
		// Any of the countries, in id order; the other fields still apply.
		{"CountryIDs", graph.CityFilter{CountryIDs: []string{"CC", "AA"}}, []string{"alpha", "bravo", "foxtrot"}},
		{"CountryIDsOneUnknown", graph.CityFilter{CountryIDs: []string{"BB", "ZZ"}}, []string{"charlie", "delta", "echo"}},
		{"CountryIDsRepeated", graph.CityFilter{CountryIDs: []string{"CC", "CC"}}, []string{"foxtrot"}},
		{"CountryIDsUnknown", graph.CityFilter{CountryIDs: []string{"ZZ", "alpha"}}, nil},
		{"CountryIDsEmpty", graph.CityFilter{CountryIDs: []string{}}, []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"}},
		{"CountryIDsAndCountry", graph.CityFilter{Country: "AA", CountryIDs: []string{"AA", "BB"}}, []string{"alpha", "bravo"}},
		{"CountryIDsAndOtherCountry", graph.CityFilter{Country: "CC", CountryIDs: []string{"AA"}}, nil},
		{"CountryIDsAndNetwork", graph.CityFilter{CountryIDs: []string{"AA", "CC"}, Network: "n2"}, []string{"alpha", "bravo"}},
		{"CountryIDsAndIDs", graph.CityFilter{IDs: []string{"echo", "alpha"}, CountryIDs: []string{"BB"}}, []string{"echo"}},
		{"CountryIDsAndJoined", graph.CityFilter{CountryIDs: []string{"BB"}, JoinedFrom: intp(2006)}, []string{"delta", "echo"}},
	}, []errCase[graph.CityFilter]{
		{"ErrJoinedRangeEmpty", graph.CityFilter{JoinedFrom: intp(2010), JoinedTo: intp(2000)}, "filter.joinedFrom"},
		{"ErrCountryIDsEmptyID", graph.CityFilter{CountryIDs: []string{"AA", ""}}, "filter.countryIds[1]"},
	})
}

func syntheticNetworks(t *testing.T, open opener) {
	list := func(s graph.Store) func(t *testing.T, f graph.NetworkFilter, p graph.Page) (*graph.Connection[*graph.Network], error) {
		return func(t *testing.T, f graph.NetworkFilter, p graph.Page) (*graph.Connection[*graph.Network], error) {
			return s.Networks(ctx(t), f, p)
		}
	}
	testList(t, open, list, []listCase[graph.NetworkFilter]{
		{"OK", graph.NetworkFilter{}, []string{"n1", "n2", "n3", "n4"}},
		{"IDs", graph.NetworkFilter{IDs: []string{"n4", "n1", "alpha"}}, []string{"n1", "n4"}},
		{"Scope", graph.NetworkFilter{Scope: graph.ScopeEuropean}, []string{"n1", "n2"}},
		{"ScopeInternational", graph.NetworkFilter{Scope: graph.ScopeInternational}, []string{"n3"}},
		{"ScopeNone", graph.NetworkFilter{Scope: graph.ScopeRegional}, nil},
		{"Kind", graph.NetworkFilter{Kind: graph.NetworkAssociation}, []string{"n1", "n3"}},
		{"KindPlatform", graph.NetworkFilter{Kind: graph.NetworkPlatform}, []string{"n4"}},
		{"City", graph.NetworkFilter{City: "delta"}, []string{"n1", "n4"}},
		{"CityWithoutNetworks", graph.NetworkFilter{City: "foxtrot"}, nil},
		{"CityUnknown", graph.NetworkFilter{City: "no-such-city"}, nil},
		{"NamePrefix", graph.NetworkFilter{Name: "northern"}, []string{"n1"}},
		{"NameWord", graph.NetworkFilter{Name: "league"}, []string{"n1"}},
		{"NameLocalInflected", graph.NetworkFilter{Name: "Ligi Północnej"}, []string{"n1"}},
		{"NameAcronym", graph.NetworkFilter{Name: "gc"}, []string{"n3"}},
		{"FoundedFrom", graph.NetworkFilter{FoundedFrom: intp(1990)}, []string{"n2", "n3"}},
		{"FoundedTo", graph.NetworkFilter{FoundedTo: intp(1989)}, []string{"n1"}},
		{"FoundedRange", graph.NetworkFilter{FoundedFrom: intp(1986), FoundedTo: intp(1990)}, []string{"n1", "n2"}},
		{"MinMembers", graph.NetworkFilter{MinMembers: 3}, []string{"n1", "n2"}},
		{"MinMembersAll", graph.NetworkFilter{MinMembers: 2}, []string{"n1", "n2", "n3", "n4"}},
		{"MinMembersNone", graph.NetworkFilter{MinMembers: 5}, nil},
		{"Combined", graph.NetworkFilter{Scope: graph.ScopeEuropean, City: "charlie", MinMembers: 4}, []string{"n1"}},
	}, []errCase[graph.NetworkFilter]{
		{"ErrScope", graph.NetworkFilter{Scope: "GALACTIC"}, "filter.scope"},
		{"ErrKind", graph.NetworkFilter{Kind: "GUILD"}, "filter.kind"},
		{"ErrMinMembers", graph.NetworkFilter{MinMembers: -1}, "filter.minMembers"},
		{"ErrFoundedRangeEmpty", graph.NetworkFilter{FoundedFrom: intp(2002), FoundedTo: intp(2001)}, "filter.foundedFrom"},
	})
}

func syntheticInstitutions(t *testing.T, open opener) {
	list := func(s graph.Store) func(t *testing.T, f graph.InstitutionFilter, p graph.Page) (*graph.Connection[*graph.Institution], error) {
		return func(t *testing.T, f graph.InstitutionFilter, p graph.Page) (*graph.Connection[*graph.Institution], error) {
			return s.Institutions(ctx(t), f, p)
		}
	}
	testList(t, open, list, []listCase[graph.InstitutionFilter]{
		{"OK", graph.InstitutionFilter{}, []string{"agency", "bureau", "uni"}},
		{"IDs", graph.InstitutionFilter{IDs: []string{"uni", "alpha"}}, []string{"uni"}},
		{"City", graph.InstitutionFilter{City: "alpha"}, []string{"uni"}},
		{"CityUnknown", graph.InstitutionFilter{City: "no-such-city"}, nil},
		// agency's own country, bureau's through its city.
		{"Country", graph.InstitutionFilter{Country: "BB"}, []string{"agency", "bureau"}},
		{"CountryOfCity", graph.InstitutionFilter{Country: "AA"}, []string{"uni"}},
		{"CountryUnknown", graph.InstitutionFilter{Country: "ZZ"}, nil},
		{"Kind", graph.InstitutionFilter{Kind: graph.InstitutionUniversity}, []string{"uni"}},
		{"Name", graph.InstitutionFilter{Name: "university"}, []string{"uni"}},
		{"NameNoMatch", graph.InstitutionFilter{Name: "museum"}, nil},
		// agency has no city: no list of cities matches it.
		{"CityIDs", graph.InstitutionFilter{CityIDs: []string{"charlie", "alpha"}}, []string{"bureau", "uni"}},
		{"CityIDsWithoutInstitutions", graph.InstitutionFilter{CityIDs: []string{"echo", "no-such-city"}}, nil},
		{"CityIDsAndCity", graph.InstitutionFilter{City: "alpha", CityIDs: []string{"alpha", "charlie"}}, []string{"uni"}},
		{"CityIDsAndOtherCity", graph.InstitutionFilter{City: "alpha", CityIDs: []string{"charlie"}}, nil},
		{"CityIDsAndCountry", graph.InstitutionFilter{CityIDs: []string{"alpha", "charlie"}, Country: "BB"}, []string{"bureau"}},
		{"CityIDsAndKind", graph.InstitutionFilter{CityIDs: []string{"alpha", "charlie"}, Kind: graph.InstitutionUniversity}, []string{"uni"}},
	}, []errCase[graph.InstitutionFilter]{
		{"ErrKind", graph.InstitutionFilter{Kind: "PUB"}, "filter.kind"},
		{"ErrCityIDsEmptyID", graph.InstitutionFilter{CityIDs: []string{""}}, "filter.cityIds[0]"},
	})
}

func syntheticPeople(t *testing.T, open opener) {
	list := func(s graph.Store) func(t *testing.T, f graph.PersonFilter, p graph.Page) (*graph.Connection[*graph.Person], error) {
		return func(t *testing.T, f graph.PersonFilter, p graph.Page) (*graph.Connection[*graph.Person], error) {
			return s.People(ctx(t), f, p)
		}
	}
	// People has only two records: pagination is tested through a store
	// below, so the generic pagination check (which needs three) is run
	// by the other lists.
	for _, tt := range []listCase[graph.PersonFilter]{
		{"OK", graph.PersonFilter{}, []string{"pat", "quinn"}},
		{"IDs", graph.PersonFilter{IDs: []string{"quinn", "no-such-person"}}, []string{"quinn"}},
		{"City", graph.PersonFilter{City: "alpha"}, []string{"pat"}},
		{"CityOfSecondOffice", graph.PersonFilter{City: "bravo"}, []string{"quinn"}},
		{"CityWithoutOffice", graph.PersonFilter{City: "echo"}, nil},
		{"CityUnknown", graph.PersonFilter{City: "no-such-city"}, nil},
		{"Name", graph.PersonFilter{Name: "quinn"}, []string{"quinn"}},
		{"NameInflected", graph.PersonFilter{Name: "Pata Mayora"}, []string{"pat"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			got := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.Person], error) { return list(s)(t, tt.filter, p) })
			wantList(t, fmt.Sprintf("ids for %+v", tt.filter), ids(got), tt.want...)
		})
	}
	t.Run("Pagination", func(t *testing.T) {
		s := open(t)
		c, err := s.People(ctx(t), graph.PersonFilter{}, graph.Page{First: 1})
		MustOK(t, err)
		if len(c.Items) != 1 || c.Items[0].ID != "pat" || c.TotalCount != 2 || !c.HasNext || c.HasPrev {
			t.Fatalf("first page: got %v, totalCount %d, hasNext %v, hasPrev %v; want [pat], 2, true, false", ids(c.Items), c.TotalCount, c.HasNext, c.HasPrev)
		}
		c, err = s.People(ctx(t), graph.PersonFilter{}, graph.Page{First: 1, After: c.Cursors[0]})
		MustOK(t, err)
		if len(c.Items) != 1 || c.Items[0].ID != "quinn" || c.HasNext || !c.HasPrev {
			t.Errorf("second page: got %v, hasNext %v, hasPrev %v; want [quinn], false, true", ids(c.Items), c.HasNext, c.HasPrev)
		}
		_, err = s.People(ctx(t), graph.PersonFilter{}, graph.Page{First: -1})
		MustInvalid(t, err, "first")
		_, err = s.People(ctx(t), graph.PersonFilter{}, graph.Page{First: 1, After: "garbage"})
		MustInvalid(t, err, "after")
	})
}

func syntheticEvents(t *testing.T, open opener) {
	list := func(s graph.Store) func(t *testing.T, f graph.EventFilter, p graph.Page) (*graph.Connection[*graph.Event], error) {
		return func(t *testing.T, f graph.EventFilter, p graph.Page) (*graph.Connection[*graph.Event], error) {
			return s.Events(ctx(t), f, p)
		}
	}
	testList(t, open, list, []listCase[graph.EventFilter]{
		{"OK", graph.EventFilter{}, []string{"ev1", "ev2", "ev3"}},
		{"IDs", graph.EventFilter{IDs: []string{"ev3", "nope"}}, []string{"ev3"}},
		{"Place", graph.EventFilter{Place: "charlie"}, []string{"ev1"}},
		{"PlaceUnknown", graph.EventFilter{Place: "no-such-city"}, nil},
		{"Organizer", graph.EventFilter{Organizer: "n1"}, []string{"ev1"}},
		{"OrganizerOther", graph.EventFilter{Organizer: "n4"}, []string{"ev2"}},
		{"OrganizerWithoutEvents", graph.EventFilter{Organizer: "n2"}, nil},
		{"ParticipantCity", graph.EventFilter{Participant: "echo"}, []string{"ev2"}},
		{"ParticipantInstitution", graph.EventFilter{Participant: "uni"}, []string{"ev1"}},
		{"ParticipantUnknown", graph.EventFilter{Participant: "nobody"}, nil},
		{"Kind", graph.EventFilter{Kind: graph.EventTradeFair}, []string{"ev3"}},
		{"Name", graph.EventFilter{Name: "workshop"}, []string{"ev2"}},
		{"NameLocal", graph.EventFilter{Name: "walne zgromadzenie"}, []string{"ev1"}},
		// ev2 (--04) has no year: it never matches a year range.
		{"YearFrom", graph.EventFilter{YearFrom: intp(2010)}, []string{"ev1"}},
		{"YearTo", graph.EventFilter{YearTo: intp(2010)}, []string{"ev3"}},
		{"YearExact", graph.EventFilter{YearFrom: intp(2017), YearTo: intp(2017)}, []string{"ev1"}},
		{"Combined", graph.EventFilter{Organizer: "n1", Kind: graph.EventGeneralMeeting, YearFrom: intp(2017), YearTo: intp(2017)}, []string{"ev1"}},
		{"CombinedNone", graph.EventFilter{Organizer: "n1", Kind: graph.EventWorkshop}, nil},
		{"PlaceIDs", graph.EventFilter{PlaceIDs: []string{"delta", "charlie"}}, []string{"ev1", "ev2"}},
		{"PlaceIDsOneUnknown", graph.EventFilter{PlaceIDs: []string{"bravo", "no-such-city"}}, []string{"ev3"}},
		{"PlaceIDsWithoutEvents", graph.EventFilter{PlaceIDs: []string{"alpha", "echo"}}, nil},
		{"PlaceIDsAndPlace", graph.EventFilter{Place: "delta", PlaceIDs: []string{"charlie"}}, nil},
		// ev3 has no organizer: no list of networks matches it.
		{"OrganizerIDs", graph.EventFilter{OrganizerIDs: []string{"n4", "n1"}}, []string{"ev1", "ev2"}},
		{"OrganizerIDsWithoutEvents", graph.EventFilter{OrganizerIDs: []string{"n2", "n3"}}, nil},
		{"ParticipantIDs", graph.EventFilter{ParticipantIDs: []string{"uni", "echo"}}, []string{"ev1", "ev2"}},
		// alpha and uni both attended ev1: it is listed once.
		{"ParticipantIDsSameEvent", graph.EventFilter{ParticipantIDs: []string{"alpha", "uni"}}, []string{"ev1"}},
		{"ParticipantIDsInstitution", graph.EventFilter{ParticipantIDs: []string{"bureau", "foxtrot"}}, []string{"ev3"}},
		// charlie hosted ev1 but is not among its participants.
		{"ParticipantIDsHostOnly", graph.EventFilter{ParticipantIDs: []string{"charlie"}}, nil},
		{"ParticipantIDsAndParticipant", graph.EventFilter{Participant: "alpha", ParticipantIDs: []string{"echo", "uni"}}, []string{"ev1"}},
		{"OwnerIDsCombined", graph.EventFilter{PlaceIDs: []string{"bravo", "charlie", "delta"}, OrganizerIDs: []string{"n1", "n4"},
			ParticipantIDs: []string{"echo", "bureau"}}, []string{"ev2"}},
		{"PlaceIDsAndYear", graph.EventFilter{PlaceIDs: []string{"charlie", "delta"}, YearFrom: intp(2000)}, []string{"ev1"}},
		{"PlaceIDsAndIDs", graph.EventFilter{IDs: []string{"ev2", "ev3"}, PlaceIDs: []string{"bravo", "charlie"}}, []string{"ev3"}},
	}, []errCase[graph.EventFilter]{
		{"ErrKind", graph.EventFilter{Kind: "PARTY"}, "filter.kind"},
		{"ErrYearRangeEmpty", graph.EventFilter{YearFrom: intp(2018), YearTo: intp(2017)}, "filter.yearFrom"},
		{"ErrPlaceIDsEmptyID", graph.EventFilter{PlaceIDs: []string{""}}, "filter.placeIds[0]"},
		{"ErrOrganizerIDsEmptyID", graph.EventFilter{OrganizerIDs: []string{"n1", ""}}, "filter.organizerIds[1]"},
		{"ErrParticipantIDsEmptyID", graph.EventFilter{ParticipantIDs: []string{"alpha", "uni", ""}}, "filter.participantIds[2]"},
	})
}

func syntheticPartnerships(t *testing.T, open opener) {
	list := func(s graph.Store) func(t *testing.T, f graph.PartnershipFilter, p graph.Page) (*graph.Connection[*graph.Partnership], error) {
		return func(t *testing.T, f graph.PartnershipFilter, p graph.Page) (*graph.Connection[*graph.Partnership], error) {
			return s.Partnerships(ctx(t), f, p)
		}
	}
	testList(t, open, list, []listCase[graph.PartnershipFilter]{
		{"OK", graph.PartnershipFilter{}, []string{"pa1", "pa2", "pa3"}},
		{"IDs", graph.PartnershipFilter{IDs: []string{"pa2"}}, []string{"pa2"}},
		{"PartyCity", graph.PartnershipFilter{Party: "alpha"}, []string{"pa1"}},
		{"PartyOfThree", graph.PartnershipFilter{Party: "charlie"}, []string{"pa3"}},
		{"PartyInstitution", graph.PartnershipFilter{Party: "bureau"}, []string{"pa2"}},
		{"PartyUnknown", graph.PartnershipFilter{Party: "nobody"}, nil},
		{"Kind", graph.PartnershipFilter{Kind: graph.PartnershipLetterOfIntent}, []string{"pa2"}},
		{"YearRange", graph.PartnershipFilter{YearFrom: intp(1990), YearTo: intp(2000)}, []string{"pa1"}},
		{"YearFrom", graph.PartnershipFilter{YearFrom: intp(2000)}, []string{"pa2"}},
		{"PartyIDs", graph.PartnershipFilter{PartyIDs: []string{"echo", "uni"}}, []string{"pa1", "pa2"}},
		// Every party of pa3, and both of pa1: each listed once.
		{"PartyIDsSamePartnership", graph.PartnershipFilter{PartyIDs: []string{"delta", "bravo", "charlie", "alpha", "echo"}}, []string{"pa1", "pa3"}},
		{"PartyIDsWithoutPartnerships", graph.PartnershipFilter{PartyIDs: []string{"foxtrot", "agency", "nobody"}}, nil},
		{"PartyIDsAndParty", graph.PartnershipFilter{Party: "charlie", PartyIDs: []string{"alpha", "delta"}}, []string{"pa3"}},
		{"PartyIDsAndOtherParty", graph.PartnershipFilter{Party: "alpha", PartyIDs: []string{"delta"}}, nil},
		{"PartyIDsAndKind", graph.PartnershipFilter{PartyIDs: []string{"alpha", "uni", "bravo"}, Kind: graph.PartnershipLetterOfIntent}, []string{"pa2"}},
		{"PartyIDsAndYear", graph.PartnershipFilter{PartyIDs: []string{"alpha", "bravo"}, YearFrom: intp(1900)}, []string{"pa1"}},
	}, []errCase[graph.PartnershipFilter]{
		{"ErrKind", graph.PartnershipFilter{Kind: "MARRIAGE"}, "filter.kind"},
		{"ErrYearRangeEmpty", graph.PartnershipFilter{YearFrom: intp(2001), YearTo: intp(2000)}, "filter.yearFrom"},
		{"ErrPartyIDsEmptyID", graph.PartnershipFilter{PartyIDs: []string{"alpha", ""}}, "filter.partyIds[1]"},
	})
}

func syntheticSources(t *testing.T, open opener) {
	list := func(s graph.Store) func(t *testing.T, f graph.SourceFilter, p graph.Page) (*graph.Connection[*graph.Source], error) {
		return func(t *testing.T, f graph.SourceFilter, p graph.Page) (*graph.Connection[*graph.Source], error) {
			return s.Sources(ctx(t), f, p)
		}
	}
	testList(t, open, list, []listCase[graph.SourceFilter]{
		{"OK", graph.SourceFilter{}, []string{"s1", "s2", "s3"}},
		{"IDs", graph.SourceFilter{IDs: []string{"s3", "s1"}}, []string{"s1", "s3"}},
		{"Language", graph.SourceFilter{Language: "pl"}, []string{"s1", "s3"}},
		{"LanguageOther", graph.SourceFilter{Language: "en"}, []string{"s2"}},
		{"LanguageNone", graph.SourceFilter{Language: "fr"}, nil},
		{"Name", graph.SourceFilter{Name: "gazette"}, []string{"s2"}},
		{"NameEnglishTitle", graph.SourceFilter{Name: "the bravo gazette"}, []string{"s2"}},
	}, nil)
}

// membershipKeys renders memberships as "city>network@since" in order.
func membershipKeys(ms []*graph.Membership) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.CityID + ">" + m.NetworkID + "@" + string(m.Since)
	}
	return out
}

func syntheticMemberships(t *testing.T, open opener) {
	for _, tt := range []struct {
		name   string
		filter graph.MembershipFilter
		want   []string
	}{
		// Ordered by since: dated first, then year-less, then unknown.
		{"OneCity", graph.MembershipFilter{CityIDs: []string{"bravo"}}, []string{"bravo>n1@1990", "bravo>n3@2010", "bravo>n2@--10-15"}},
		{"UnknownSinceLast", graph.MembershipFilter{CityIDs: []string{"charlie"}}, []string{"charlie>n1@1995", "charlie>n2@"}},
		{"Cities", graph.MembershipFilter{CityIDs: []string{"echo", "delta"}}, []string{"delta>n1@2005-11", "delta>n4@2010", "echo>n4@2012"}},
		{"Network", graph.MembershipFilter{NetworkIDs: []string{"n4"}}, []string{"delta>n4@2010", "echo>n4@2012"}},
		{"Networks", graph.MembershipFilter{NetworkIDs: []string{"n3", "n4"}}, []string{"alpha>n3@2001-03-14", "bravo>n3@2010", "delta>n4@2010", "echo>n4@2012"}},
		{"CitiesAndNetworks", graph.MembershipFilter{CityIDs: []string{"alpha", "delta"}, NetworkIDs: []string{"n1"}}, []string{"alpha>n1@1986", "delta>n1@2005-11"}},
		{"CityWithoutMemberships", graph.MembershipFilter{CityIDs: []string{"foxtrot"}}, nil},
		{"Unknown", graph.MembershipFilter{CityIDs: []string{"no-such-city"}, NetworkIDs: []string{"no-such-network"}}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			got, err := s.Memberships(ctx(t), tt.filter)
			MustOK(t, err)
			wantList(t, "memberships (city, since, network)", membershipKeys(got), tt.want...)
		})
	}
	t.Run("Properties", func(t *testing.T) {
		s := open(t)
		ds := Synthetic()
		got, err := s.Memberships(ctx(t), graph.MembershipFilter{CityIDs: []string{"alpha", "echo"}, NetworkIDs: []string{"n1", "n4"}})
		MustOK(t, err)
		wantJSON(t, "memberships alpha>n1 and echo>n4 with every property", got, []*graph.Membership{ds.Memberships[0], ds.Memberships[10]})
	})
	t.Run("ErrEmptyFilter", func(t *testing.T) {
		s := open(t)
		_, err := s.Memberships(ctx(t), graph.MembershipFilter{})
		MustInvalid(t, err, "")
	})
}

func syntheticFoundings(t *testing.T, open opener) {
	key := func(fs []*graph.Founding) []string {
		out := make([]string, len(fs))
		for i, f := range fs {
			out[i] = f.FounderID + ">" + f.NetworkID + "@" + string(f.Date)
		}
		return out
	}
	for _, tt := range []struct {
		name   string
		filter graph.FoundingFilter
		want   []string
	}{
		{"Network", graph.FoundingFilter{NetworkIDs: []string{"n1"}}, []string{"alpha>n1@1986", "bravo>n1@1986"}},
		{"NetworkFoundedByPerson", graph.FoundingFilter{NetworkIDs: []string{"n3"}}, []string{"pat>n3@2001"}},
		{"NetworkWithoutFounders", graph.FoundingFilter{NetworkIDs: []string{"n2"}}, nil},
		{"Founder", graph.FoundingFilter{FounderIDs: []string{"pat"}}, []string{"pat>n3@2001"}},
		{"Founders", graph.FoundingFilter{FounderIDs: []string{"bravo", "pat"}}, []string{"bravo>n1@1986", "pat>n3@2001"}},
		{"FounderAndNetwork", graph.FoundingFilter{FounderIDs: []string{"alpha"}, NetworkIDs: []string{"n3"}}, nil},
		{"Unknown", graph.FoundingFilter{NetworkIDs: []string{"no-such-network"}}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			got, err := s.Foundings(ctx(t), tt.filter)
			MustOK(t, err)
			wantSet(t, "foundings", key(got), tt.want...)
		})
	}
	t.Run("Properties", func(t *testing.T) {
		s := open(t)
		got, err := s.Foundings(ctx(t), graph.FoundingFilter{FounderIDs: []string{"alpha"}})
		MustOK(t, err)
		wantJSON(t, "founding alpha>n1 with every property", got, []*graph.Founding{Synthetic().Foundings[0]})
	})
	t.Run("ErrEmptyFilter", func(t *testing.T) {
		s := open(t)
		_, err := s.Foundings(ctx(t), graph.FoundingFilter{})
		MustInvalid(t, err, "")
	})
}

func syntheticOffices(t *testing.T, open opener) {
	key := func(os []*graph.Office) []string {
		out := make([]string, len(os))
		for i, o := range os {
			out[i] = o.PersonID + ">" + o.CityID + ":" + o.Title
		}
		return out
	}
	for _, tt := range []struct {
		name   string
		filter graph.OfficeFilter
		want   []string
	}{
		{"City", graph.OfficeFilter{CityIDs: []string{"alpha"}}, []string{"pat>alpha:Burmistrz"}},
		{"Cities", graph.OfficeFilter{CityIDs: []string{"bravo", "charlie"}}, []string{"quinn>bravo:Deputy", "quinn>charlie:President"}},
		{"Person", graph.OfficeFilter{PersonIDs: []string{"quinn"}}, []string{"quinn>bravo:Deputy", "quinn>charlie:President"}},
		{"PersonAndCity", graph.OfficeFilter{PersonIDs: []string{"quinn"}, CityIDs: []string{"charlie"}}, []string{"quinn>charlie:President"}},
		{"PersonNotInCity", graph.OfficeFilter{PersonIDs: []string{"pat"}, CityIDs: []string{"bravo"}}, nil},
		{"CityWithoutOffices", graph.OfficeFilter{CityIDs: []string{"echo"}}, nil},
		{"Unknown", graph.OfficeFilter{PersonIDs: []string{"nobody"}}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			got, err := s.Offices(ctx(t), tt.filter)
			MustOK(t, err)
			wantSet(t, "offices", key(got), tt.want...)
		})
	}
	t.Run("Properties", func(t *testing.T) {
		s := open(t)
		ds := Synthetic()
		got, err := s.Offices(ctx(t), graph.OfficeFilter{CityIDs: []string{"alpha"}})
		MustOK(t, err)
		wantJSON(t, "office of pat in alpha with every property", got, []*graph.Office{ds.Offices[0]})
		got, err = s.Offices(ctx(t), graph.OfficeFilter{CityIDs: []string{"bravo"}})
		MustOK(t, err)
		wantJSON(t, "office of quinn in bravo with its until", got, []*graph.Office{ds.Offices[2]})
	})
	t.Run("ErrEmptyFilter", func(t *testing.T) {
		s := open(t)
		_, err := s.Offices(ctx(t), graph.OfficeFilter{})
		MustInvalid(t, err, "")
	})
}

func syntheticClaims(t *testing.T, open opener) {
	key := func(cs []*graph.Claim) []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			src := ""
			if len(c.Sources) > 0 {
				src = c.Sources[0].SourceID
			}
			out[i] = c.SubjectID + "." + c.Property + "=" + c.Value + " (" + src + ")"
		}
		return out
	}
	for _, tt := range []struct {
		name     string
		subjects []string
		want     []string
	}{
		// Sources disagree: both claims are kept, each with its source.
		{"Disagreeing", []string{"n1"}, []string{"n1.memberCountryCount=3 (s1)", "n1.memberCountryCount=2 (s2)"}},
		{"Several", []string{"n1", "alpha"}, []string{"n1.memberCountryCount=3 (s1)", "n1.memberCountryCount=2 (s2)", "alpha.populationRepresented=1000 (s1)"}},
		{"NodeWithoutClaims", []string{"bravo"}, nil},
		{"Unknown", []string{"no-such-node"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			got, err := s.Claims(ctx(t), tt.subjects)
			MustOK(t, err)
			wantSet(t, "claims", key(got), tt.want...)
		})
	}
	t.Run("Properties", func(t *testing.T) {
		s := open(t)
		got, err := s.Claims(ctx(t), []string{"alpha"})
		MustOK(t, err)
		wantJSON(t, "claim about alpha", got, []*graph.Claim{Synthetic().Claims[2]})
	})
}

func syntheticSearch(t *testing.T, open opener) {
	top := func(t *testing.T, s graph.Store, text, wantID string, wantScore int, wantMatched string) {
		t.Helper()
		hits := testSearchScores(t, s, text, nil, graph.DefaultSearchResults)
		if len(hits) == 0 {
			t.Fatalf("Search(%q): no hits, want %q first", text, wantID)
		}
		h := hits[0]
		if h.Node.NodeID() != wantID || h.Score != wantScore || h.Matched != wantMatched {
			t.Errorf("Search(%q) top hit: got %q score %d matched %q, want %q score %d matched %q", text, h.Node.NodeID(), h.Score, h.Matched, wantID, wantScore, wantMatched)
		}
	}
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		top(t, s, "Alphaville", "alpha", graph.ScoreExact, "Alphaville")
		top(t, s, "ALPHAVILLE", "alpha", graph.ScoreExact, "Alphaville")
		top(t, s, "Alfawilem", "alpha", graph.ScoreInflected, "Alfawil")
		top(t, s, "Alfawilu", "alpha", graph.ScoreExact-5, "Alfawilu")
		top(t, s, "Pata Mayora", "pat", graph.ScoreExact-5, "Pata Mayora")
		top(t, s, "NL", "n1", graph.ScoreExact, "NL")
		top(t, s, "Betaland", "BB", graph.ScoreExact, "Betaland")
		top(t, s, "Spring Workshop", "ev2", graph.ScoreExact, "Spring Workshop")
		top(t, s, "The Bravo Gazette", "s2", graph.ScoreExact, "The Bravo Gazette")
		top(t, s, "Alpha–Echo Partnership", "pa1", graph.ScoreExact, "Alpha–Echo Partnership")
	})
	t.Run("Ties", func(t *testing.T) {
		// Five names start with "alpha": equal scores, then by type in
		// graph.NodeTypes order (CITY, COUNTRY, …, SOURCE).
		s := open(t)
		hits := testSearchScores(t, s, "alpha", nil, graph.MaxSearchResults)
		wantList(t, `Search("alpha")`, hitIDs(hits), "alpha", "AA", "uni", "pa1", "s1")
		for _, h := range hits {
			if h.Score != graph.ScorePrefix {
				t.Errorf("Search(%q) hit %q: score got %d, want %d", "alpha", h.Node.NodeID(), h.Score, graph.ScorePrefix)
			}
		}
	})
	t.Run("Types", func(t *testing.T) {
		s := open(t)
		hits := testSearchScores(t, s, "alpha", []graph.NodeType{graph.TypeCity}, graph.MaxSearchResults)
		wantList(t, `Search("alpha", CITY)`, hitIDs(hits), "alpha")
		hits = testSearchScores(t, s, "alpha", []graph.NodeType{graph.TypeInstitution, graph.TypeCity}, graph.MaxSearchResults)
		wantList(t, `Search("alpha", INSTITUTION, CITY)`, hitIDs(hits), "alpha", "uni")
		hits = testSearchScores(t, s, "alpha", []graph.NodeType{graph.TypePerson}, graph.MaxSearchResults)
		wantList(t, `Search("alpha", PERSON)`, hitIDs(hits))
	})
	t.Run("First", func(t *testing.T) {
		s := open(t)
		hits := testSearchScores(t, s, "alpha", nil, 2)
		wantList(t, `Search("alpha", first=2)`, hitIDs(hits), "alpha", "AA")
		hits = testSearchScores(t, s, "alpha", nil, 1)
		wantList(t, `Search("alpha", first=1)`, hitIDs(hits), "alpha")
	})
	t.Run("NoMatch", func(t *testing.T) {
		s := open(t)
		hits, err := s.Search(ctx(t), "Atlantis", nil, 10)
		MustOK(t, err)
		if len(hits) != 0 {
			t.Errorf(`Search("Atlantis"): got %v, want no hits`, hitIDs(hits))
		}
	})
	t.Run("ErrEmptyText", func(t *testing.T) {
		s := open(t)
		for _, text := range []string{"", "   ", "\t\n", " – ?! "} {
			_, err := s.Search(ctx(t), text, nil, 10)
			MustInvalid(t, err, "text")
		}
	})
	t.Run("ErrTextTooLong", func(t *testing.T) {
		s := open(t)
		_, err := s.Search(ctx(t), strings.Repeat("alpha ", graph.MaxSearchTextLength), nil, 10)
		MustInvalid(t, err, "text")
	})
	t.Run("ErrFirst", func(t *testing.T) {
		s := open(t)
		for _, first := range []int{0, -1, graph.MaxSearchResults + 1} {
			_, err := s.Search(ctx(t), "alpha", nil, first)
			MustInvalid(t, err, "first")
		}
	})
}

func syntheticSharedNetworks(t *testing.T, open opener) {
	for _, tt := range []struct {
		a, b string
		want []string
	}{
		{"alpha", "bravo", []string{"n1", "n2", "n3"}},
		{"alpha", "charlie", []string{"n1", "n2"}},
		{"delta", "echo", []string{"n4"}},
		{"charlie", "delta", []string{"n1"}},
		{"alpha", "echo", nil},
		{"alpha", "foxtrot", nil},
	} {
		t.Run(tt.a+"–"+tt.b, func(t *testing.T) {
			s := open(t)
			// Symmetric: the same networks, by id, either way round.
			for _, ab := range [][2]string{{tt.a, tt.b}, {tt.b, tt.a}} {
				got, err := s.SharedNetworks(ctx(t), ab[0], ab[1])
				MustOK(t, err)
				wantList(t, fmt.Sprintf("SharedNetworks(%q, %q)", ab[0], ab[1]), ids(got), tt.want...)
			}
		})
	}
	t.Run("Properties", func(t *testing.T) {
		s := open(t)
		got, err := s.SharedNetworks(ctx(t), "delta", "charlie")
		MustOK(t, err)
		wantJSON(t, "SharedNetworks(delta, charlie)", got, []*graph.Network{Synthetic().Networks[0]})
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		for _, ab := range [][2]string{{"alpha", "no-such-city"}, {"no-such-city", "alpha"}, {"alpha", "n1"}, {"n1", "alpha"}} {
			_, err := s.SharedNetworks(ctx(t), ab[0], ab[1])
			MustCode(t, err, graph.ENOTFOUND)
		}
	})
	t.Run("ErrSameCity", func(t *testing.T) {
		// A city shares every network with itself; asking is a caller
		// bug, so it is rejected rather than answered.
		s := open(t)
		_, err := s.SharedNetworks(ctx(t), "alpha", "alpha")
		MustInvalid(t, err, "")
	})
}

func syntheticCityPairs(t *testing.T, open opener, m *model) {
	// Networks: alpha {n1 n2 n3}, bravo {n1 n2 n3}, charlie {n1 n2},
	// delta {n1 n4}, echo {n4}, foxtrot {}.
	all := []string{
		"alpha–bravo [n1 n2 n3] 1.000",
		"alpha–charlie [n1 n2] 0.667",
		"bravo–charlie [n1 n2] 0.667",
		"delta–echo [n4] 0.500",
		"charlie–delta [n1] 0.333",
		"alpha–delta [n1] 0.250",
		"bravo–delta [n1] 0.250",
	}
	render := func(ps []*graph.CityPair) []string {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = fmt.Sprintf("%s–%s [%s] %.3f", p.A, p.B, strings.Join(p.Shared, " "), p.Jaccard)
		}
		return out
	}
	for _, tt := range []struct {
		minShared int
		want      []string
	}{
		{1, all},
		{2, all[:3]},
		{3, all[:1]},
		{4, nil},
		{1000, nil},
	} {
		t.Run(fmt.Sprintf("MinShared%d", tt.minShared), func(t *testing.T) {
			s := open(t)
			got := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.CityPair], error) {
				return s.CityPairs(ctx(t), graph.PairFilter{MinShared: tt.minShared}, p)
			})
			wantList(t, fmt.Sprintf("CityPairs(%d)", tt.minShared), render(got), tt.want...)
			for _, p := range got {
				if p.A >= p.B {
					t.Errorf("pair %s–%s: want A < B", p.A, p.B)
				}
			}
		})
	}
	t.Run("Jaccard", func(t *testing.T) {
		s := open(t)
		got := MustAll(t, func(p graph.Page) (*graph.Connection[*graph.CityPair], error) {
			return s.CityPairs(ctx(t), graph.PairFilter{MinShared: 1}, p)
		})
		want := m.cityPairs(1)
		if len(got) != len(want) {
			t.Fatalf("pairs: got %d, want %d", len(got), len(want))
		}
		for i := range got {
			if math.Abs(got[i].Jaccard-want[i].Jaccard) > 1e-9 {
				t.Errorf("pair %s Jaccard: got %v, want %v", pairKey(got[i]), got[i].Jaccard, want[i].Jaccard)
			}
		}
	})
	t.Run("Pagination", func(t *testing.T) {
		s := open(t)
		checkPagination(t, func(p graph.Page) (*graph.Connection[*graph.CityPair], error) {
			return s.CityPairs(ctx(t), graph.PairFilter{MinShared: 1}, p)
		}, pairKey)
	})
	t.Run("ErrMinShared", func(t *testing.T) {
		s := open(t)
		for _, n := range []int{0, -1} {
			_, err := s.CityPairs(ctx(t), graph.PairFilter{MinShared: n}, graph.Page{First: 10})
			MustInvalid(t, err, "minShared")
		}
	})
}

func syntheticPath(t *testing.T, open opener, m *model) {
	t.Run("OK", func(t *testing.T) {
		for _, tt := range []struct {
			name     string
			from, to string
			maxHops  int
			rels     []graph.RelType
			want     []string // the only shortest path, when it is unique
			length   int
		}{
			{"ThroughPartnership", "echo", "alpha", 6, nil, []string{"echo", "pa1", "alpha"}, 2},
			{"Reverse", "alpha", "echo", 6, nil, []string{"alpha", "pa1", "echo"}, 2},
			{"OneHop", "foxtrot", "CC", 1, nil, []string{"foxtrot", "CC"}, 1},
			{"MembershipsOnly", "echo", "alpha", 6, []graph.RelType{graph.RelMemberOf}, []string{"echo", "n4", "delta", "n1", "alpha"}, 4},
			{"FoundersOnly", "alpha", "bravo", 6, []graph.RelType{graph.RelFounded}, []string{"alpha", "n1", "bravo"}, 2},
			{"Long", "echo", "bravo", 4, nil, nil, 4},
			{"LongAnyMaxHops", "echo", "bravo", graph.MaxMaxHops, nil, nil, 4},
			{"ExactlyMaxHops", "echo", "alpha", 2, nil, []string{"echo", "pa1", "alpha"}, 2},
			{"PersonToNetwork", "quinn", "n2", 6, nil, nil, 2},
		} {
			t.Run(tt.name, func(t *testing.T) {
				s := open(t)
				p, err := s.Path(ctx(t), tt.from, tt.to, tt.maxHops, tt.rels)
				MustOK(t, err)
				checkPath(t, m, p, tt.from, tt.to, tt.length, tt.rels)
				if tt.want != nil && p != nil {
					wantList(t, "path nodes", ids(p.Nodes), tt.want...)
				}
				if d := m.distance(tt.from, tt.to, tt.rels); d != tt.length {
					t.Errorf("reference distance %d, want %d: the suite's expectation is wrong", d, tt.length)
				}
			})
		}
	})
	t.Run("EdgeProperties", func(t *testing.T) {
		s := open(t)
		p, err := s.Path(ctx(t), "alpha", "n1", 1, []graph.RelType{graph.RelMemberOf})
		MustOK(t, err)
		checkPath(t, m, p, "alpha", "n1", 1, nil)
		e := p.Edges[0]
		if e.Type != graph.RelMemberOf || e.Since != "1986" || e.Status != graph.StatusFullMember || len(e.Sources) != 1 || e.Sources[0].SourceID != "s1" {
			t.Errorf("membership edge: got %+v, want MEMBER_OF since 1986 FULL_MEMBER citing s1", e)
		}
	})
	t.Run("ToItself", func(t *testing.T) {
		s := open(t)
		for _, id := range []string{"alpha", "s3", "foxtrot"} {
			p, err := s.Path(ctx(t), id, id, 1, nil)
			MustOK(t, err)
			if p == nil || len(p.Nodes) != 1 || p.Nodes[0].NodeID() != id || len(p.Edges) != 0 {
				t.Errorf("Path(%q, %q): got %+v, want one node and no edges", id, id, p)
			}
		}
	})
	t.Run("None", func(t *testing.T) {
		for _, tt := range []struct {
			name     string
			from, to string
			maxHops  int
			rels     []graph.RelType
		}{
			{"Unreachable", "alpha", "foxtrot", graph.MaxMaxHops, nil},
			{"SourceHasNoRelationships", "s3", "alpha", graph.MaxMaxHops, nil},
			{"BeyondMaxHops", "echo", "bravo", 3, nil},
			{"BeyondOneHop", "echo", "alpha", 1, nil},
			{"RelsCutTheWay", "alpha", "charlie", graph.MaxMaxHops, []graph.RelType{graph.RelInCountry}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				s := open(t)
				p, err := s.Path(ctx(t), tt.from, tt.to, tt.maxHops, tt.rels)
				MustOK(t, err)
				if p != nil {
					t.Errorf("Path(%q, %q, %d, %v): got %v, want nil", tt.from, tt.to, tt.maxHops, tt.rels, ids(p.Nodes))
				}
			})
		}
	})
	t.Run("ErrMaxHops", func(t *testing.T) {
		s := open(t)
		for _, n := range []int{0, -1, graph.MaxMaxHops + 1} {
			_, err := s.Path(ctx(t), "echo", "alpha", n, nil)
			MustInvalid(t, err, "maxHops")
		}
	})
	t.Run("ErrRels", func(t *testing.T) {
		s := open(t)
		_, err := s.Path(ctx(t), "echo", "alpha", 3, []graph.RelType{graph.RelParty, "FRIEND_OF"})
		MustInvalid(t, err, "")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		for _, ft := range [][2]string{{"no-such-node", "alpha"}, {"alpha", "no-such-node"}, {"no-such-node", "no-such-node"}} {
			_, err := s.Path(ctx(t), ft[0], ft[1], 3, nil)
			MustCode(t, err, graph.ENOTFOUND)
		}
	})
}

func syntheticNeighborhood(t *testing.T, open opener, m *model) {
	echo1 := []string{"echo", "n4", "BB", "pa1", "ev2"}
	echo1Edges := []string{"MEMBER_OF:echo>n4", "IN_COUNTRY:echo>BB", "PARTY:pa1>echo", "ATTENDED:echo>ev2", "ORGANIZED:n4>ev2"}
	echo2 := append([]string{"delta", "charlie", "agency", "alpha"}, echo1...)
	echo2Edges := append([]string{"MEMBER_OF:delta>n4", "IN_COUNTRY:charlie>BB", "IN_COUNTRY:delta>BB", "IN_COUNTRY:agency>BB",
		"PARTY:pa1>alpha", "HELD_IN:ev2>delta"}, echo1Edges...)
	for _, tt := range []struct {
		name      string
		id        string
		depth     int
		limit     int
		rels      []graph.RelType
		nodes     []string
		edges     []string
		truncated bool
		omitted   int
	}{
		{"DepthZero", "echo", 0, 10, nil, []string{"echo"}, nil, false, 0},
		// ORGANIZED n4>ev2 joins two neighbours: it is returned too.
		{"DepthOne", "echo", 1, 100, nil, echo1, echo1Edges, false, 0},
		{"DepthTwo", "echo", 2, graph.MaxNeighborLimit, nil, echo2, echo2Edges, false, 0},
		{"ExactlyAtLimit", "echo", 2, 9, nil, echo2, echo2Edges, false, 0},
		// The cut keeps the nearest nodes: the centre and depth 1.
		{"Limit", "echo", 2, 5, nil, echo1, echo1Edges, true, 4},
		{"LimitOne", "echo", 2, 1, nil, []string{"echo"}, nil, true, 8},
		{"Rels", "echo", 1, 100, []graph.RelType{graph.RelMemberOf}, []string{"echo", "n4"}, []string{"MEMBER_OF:echo>n4"}, false, 0},
		{"RelsDepthTwo", "echo", 2, 100, []graph.RelType{graph.RelMemberOf}, []string{"echo", "n4", "delta"},
			[]string{"MEMBER_OF:echo>n4", "MEMBER_OF:delta>n4"}, false, 0},
		{"RelsSeveral", "n1", 1, 100, []graph.RelType{graph.RelFounded, graph.RelSeatedIn}, []string{"n1", "alpha", "bravo"},
			[]string{"FOUNDED:alpha>n1", "FOUNDED:bravo>n1", "SEATED_IN:n1>alpha"}, false, 0},
		{"Island", "foxtrot", graph.MaxDepth, 100, nil, []string{"foxtrot", "CC"}, []string{"IN_COUNTRY:foxtrot>CC"}, false, 0},
		{"Source", "s3", 2, 100, nil, []string{"s3"}, nil, false, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			sg, err := s.Neighborhood(ctx(t), tt.id, tt.depth, tt.limit, tt.rels)
			MustOK(t, err)
			checkSubgraph(t, sg, tt.id, tt.nodes, tt.edges, tt.truncated, tt.omitted)
			if !tt.truncated {
				var want []string
				for _, l := range m.levels(tt.id, tt.depth, tt.rels) {
					want = append(want, l...)
				}
				wantSet(t, "reference nodes (the suite's expectation is wrong)", tt.nodes, want...)
				wantSet(t, "reference edges (the suite's expectation is wrong)", tt.edges, m.inducedEdges(want, tt.rels)...)
			}
		})
	}
	t.Run("EdgeProperties", func(t *testing.T) {
		s := open(t)
		sg, err := s.Neighborhood(ctx(t), "pat", 1, 10, []graph.RelType{graph.RelHoldsOffice})
		MustOK(t, err)
		if len(sg.Edges) != 1 || sg.Edges[0].Title != "Burmistrz" || sg.Edges[0].Since != "2019" {
			t.Errorf("office edge: got %+v, want HOLDS_OFFICE pat>alpha titled Burmistrz since 2019", sg.Edges)
		}
	})
	t.Run("ErrDepth", func(t *testing.T) {
		s := open(t)
		for _, d := range []int{-1, graph.MaxDepth + 1} {
			_, err := s.Neighborhood(ctx(t), "echo", d, 10, nil)
			MustInvalid(t, err, "depth")
		}
	})
	t.Run("ErrLimit", func(t *testing.T) {
		s := open(t)
		for _, l := range []int{0, -1, graph.MaxNeighborLimit + 1} {
			_, err := s.Neighborhood(ctx(t), "echo", 1, l, nil)
			MustInvalid(t, err, "limit")
		}
	})
	t.Run("ErrRels", func(t *testing.T) {
		s := open(t)
		_, err := s.Neighborhood(ctx(t), "echo", 1, 10, []graph.RelType{"FRIEND_OF"})
		MustInvalid(t, err, "")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		_, err := s.Neighborhood(ctx(t), "no-such-node", 1, 10, nil)
		MustCode(t, err, graph.ENOTFOUND)
	})
}

func syntheticStats(t *testing.T, open opener, m *model) {
	want := &graph.Stats{
		NodeCounts: []graph.TypeCount{
			{Type: graph.TypeCity, Count: 6}, {Type: graph.TypeCountry, Count: 3}, {Type: graph.TypeNetwork, Count: 4},
			{Type: graph.TypeInstitution, Count: 3}, {Type: graph.TypePerson, Count: 2}, {Type: graph.TypeEvent, Count: 3},
			{Type: graph.TypePartnership, Count: 3}, {Type: graph.TypeSource, Count: 3},
		},
		RelCounts: []graph.RelCount{
			{Type: graph.RelMemberOf, Count: 11}, {Type: graph.RelFounded, Count: 3}, {Type: graph.RelSeatedIn, Count: 1},
			{Type: graph.RelInCountry, Count: 7}, {Type: graph.RelLocatedIn, Count: 2}, {Type: graph.RelHeldIn, Count: 3},
			{Type: graph.RelOrganized, Count: 2}, {Type: graph.RelAttended, Count: 4}, {Type: graph.RelParty, Count: 7},
			{Type: graph.RelHoldsOffice, Count: 3},
		},
		MembersPerNetwork: []graph.IDCount{{ID: "n1", Count: 4}, {ID: "n2", Count: 3}, {ID: "n3", Count: 2}, {ID: "n4", Count: 2}},
		NetworksPerCity:   []graph.IDCount{{ID: "alpha", Count: 3}, {ID: "bravo", Count: 3}, {ID: "charlie", Count: 2}, {ID: "delta", Count: 2}, {ID: "echo", Count: 1}},
		JoinsPerYear: []graph.YearCount{
			{Year: 1986, Count: 1}, {Year: 1990, Count: 2}, {Year: 1995, Count: 1}, {Year: 2001, Count: 1},
			{Year: 2005, Count: 1}, {Year: 2010, Count: 2}, {Year: 2012, Count: 1},
		},
		JoinsWithoutYear: 2, // bravo>n2 (--10-15) and charlie>n2 (unknown)
	}
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		got, err := s.Stats(ctx(t))
		MustOK(t, err)
		checkStats(t, got, want)
	})
	t.Run("Reference", func(t *testing.T) {
		// The hand-made expectation and the reference model agree.
		checkStats(t, m.stats(), want)
	})
}

// countCitations counts the citations of a dataset's nodes and
// relationships.
func countCitations(ds *graph.Dataset) int {
	n := 0
	for _, x := range ds.Cities {
		n += len(x.Sources)
	}
	for _, x := range ds.Countries {
		n += len(x.Sources)
	}
	for _, x := range ds.Networks {
		n += len(x.Sources)
	}
	for _, x := range ds.Institutions {
		n += len(x.Sources)
	}
	for _, x := range ds.People {
		n += len(x.Sources)
	}
	for _, x := range ds.Memberships {
		n += len(x.Sources)
	}
	for _, x := range ds.Foundings {
		n += len(x.Sources)
	}
	for _, x := range ds.Offices {
		n += len(x.Sources)
	}
	for _, x := range ds.Events {
		n += len(x.Sources)
	}
	for _, x := range ds.Partnerships {
		n += len(x.Sources)
	}
	for _, x := range ds.Claims {
		n += len(x.Sources)
	}
	return n
}
