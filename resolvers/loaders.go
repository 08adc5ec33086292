package resolvers

// Dataloaders (https://gqlgen.com/reference/dataloaders/): the edge fields
// of a query (a city's country, its memberships, each membership's
// network…) are resolved concurrently, one goroutine per object, and each
// would read the store for its one id. A loader collects the ids asked for
// by every resolver during a short wait and reads them all with one call of
// the store's list methods (CityFilter.IDs, MembershipFilter.CityIDs, …),
// so a page of 100 cities with their countries and networks costs a fixed
// number of store calls instead of several hundred. The list-valued edges
// (a city's events, partnerships and institutions, a country's cities, a
// network's events, what a city or institution attended) are read the
// same way with the filters' lists of owner ids (EventFilter.PlaceIDs,
// PartnershipFilter.PartyIDs, …), every page of the answer, and split by
// owner.
//
// Loaders live for one query operation and cache what they read, so each
// id is read at most once per operation. They are never shared between
// requests, and mutations and subscriptions get none (their resolvers read
// the store directly): a write in the middle of an operation, or between
// two events of a subscription, would make cached answers stale.
//
// Answers are those of the direct reads: same items in the same order, and
// an id that the batch did not return is read alone, so that an unknown id
// gets the store's own error (NOT_FOUND with its message).

import (
	"context"
	"slices"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vikstrous/dataloadgen"

	"citynet/graph"
)

type loadersKey struct{}

// WithLoaders returns ctx carrying one operation's dataloaders over store.
// Only queries get loaders: in a mutation or subscription operation (as
// gqlgen's operation context says) ctx is returned unchanged and the
// resolvers read the store directly.
//
// wait is how long a loader collects keys before it reads them (0:
// DefaultLoaderWait): every level of nested lists waits once, so a short
// wait suits a store that answers in microseconds, a longer one a remote
// database, where a split batch costs a round trip.
func WithLoaders(ctx context.Context, store graph.Store, wait time.Duration) context.Context {
	if graphql.HasOperationContext(ctx) {
		if op := graphql.GetOperationContext(ctx).Operation; op == nil || op.Operation != ast.Query {
			return ctx
		}
	}
	if wait <= 0 {
		wait = DefaultLoaderWait
	}
	return context.WithValue(ctx, loadersKey{}, newLoaders(store, wait))
}

// DefaultLoaderWait is the loaders' wait when none is configured.
const DefaultLoaderWait = 2 * time.Millisecond

// load returns the operation's loaders, or direct reads of r.Store when
// ctx has none.
func (r *Resolver) load(ctx context.Context) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	return &Loaders{store: r.Store}
}

// Loaders batches and caches one operation's reads by id and by owner. A
// nil loader (no loaders in the context) reads the store directly.
type Loaders struct {
	store graph.Store

	city    *dataloadgen.Loader[string, *graph.City]
	country *dataloadgen.Loader[string, *graph.Country]
	network *dataloadgen.Loader[string, *graph.Network]
	person  *dataloadgen.Loader[string, *graph.Person]
	source  *dataloadgen.Loader[string, *graph.Source]
	node    *dataloadgen.Loader[string, graph.Node]

	cityMemberships *dataloadgen.Loader[string, []*graph.Membership] // by city id
	networkMembers  *dataloadgen.Loader[string, []*graph.Membership] // by network id
	founded         *dataloadgen.Loader[string, []*graph.Founding]   // by founder id
	founders        *dataloadgen.Loader[string, []*graph.Founding]   // by network id
	cityOffices     *dataloadgen.Loader[string, []*graph.Office]     // by city id
	personOffices   *dataloadgen.Loader[string, []*graph.Office]     // by person id
	claims          *dataloadgen.Loader[string, []*graph.Claim]      // by subject id
	spans           *dataloadgen.Loader[string, *graph.NetworkSpan]  // by network id

	cityEvents       *dataloadgen.Loader[string, []*graph.Event]       // by place id
	networkEvents    *dataloadgen.Loader[string, []*graph.Event]       // by organizer id
	attended         *dataloadgen.Loader[string, []*graph.Event]       // by participant id (city or institution)
	partnerships     *dataloadgen.Loader[string, []*graph.Partnership] // by party id (city or institution)
	cityInstitutions *dataloadgen.Loader[string, []*graph.Institution] // by city id
	countryCities    *dataloadgen.Loader[string, []*graph.City]        // by country id
}

// newLoaders builds an operation's loaders. Each waits up to wait for more
// keys and sends at most graph.MaxPageSize keys per store call, so that one
// page of a list method answers a whole batch of ids; the records of a
// batch of owners (a city has any number of events) may take more pages,
// which the owner loaders read one after the other (pages).
func newLoaders(s graph.Store, wait time.Duration) *Loaders {
	opts := []dataloadgen.Option{dataloadgen.WithBatchCapacity(graph.MaxPageSize), dataloadgen.WithWait(wait)}
	return &Loaders{
		store: s,

		city: dataloadgen.NewLoader(byID(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.City], error) {
			return s.Cities(ctx, graph.CityFilter{IDs: ids}, p)
		}, s.City), opts...),
		country: dataloadgen.NewLoader(countriesByID(s), opts...),
		network: dataloadgen.NewLoader(byID(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.Network], error) {
			return s.Networks(ctx, graph.NetworkFilter{IDs: ids}, p)
		}, s.Network), opts...),
		person: dataloadgen.NewLoader(byID(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.Person], error) {
			return s.People(ctx, graph.PersonFilter{IDs: ids}, p)
		}, s.Person), opts...),
		source: dataloadgen.NewLoader(byID(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.Source], error) {
			return s.Sources(ctx, graph.SourceFilter{IDs: ids}, p)
		}, s.Source), opts...),
		node: dataloadgen.NewLoader(nodesByID(s), opts...),

		cityMemberships: dataloadgen.NewLoader(byOwner(func(ctx context.Context, ids []string) ([]*graph.Membership, error) {
			return s.Memberships(ctx, graph.MembershipFilter{CityIDs: ids})
		}, func(m *graph.Membership) string { return m.CityID }), opts...),
		spans: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]*graph.NetworkSpan, []error) {
			spans, err := s.NetworkSpans(ctx, ids)
			if err != nil {
				return nil, []error{err}
			}
			return spans, nil
		}, opts...),
		networkMembers: dataloadgen.NewLoader(byOwner(func(ctx context.Context, ids []string) ([]*graph.Membership, error) {
			return s.Memberships(ctx, graph.MembershipFilter{NetworkIDs: ids})
		}, func(m *graph.Membership) string { return m.NetworkID }), opts...),
		founded: dataloadgen.NewLoader(byOwner(func(ctx context.Context, ids []string) ([]*graph.Founding, error) {
			return s.Foundings(ctx, graph.FoundingFilter{FounderIDs: ids})
		}, func(f *graph.Founding) string { return f.FounderID }), opts...),
		founders: dataloadgen.NewLoader(byOwner(func(ctx context.Context, ids []string) ([]*graph.Founding, error) {
			return s.Foundings(ctx, graph.FoundingFilter{NetworkIDs: ids})
		}, func(f *graph.Founding) string { return f.NetworkID }), opts...),
		cityOffices: dataloadgen.NewLoader(byOwner(func(ctx context.Context, ids []string) ([]*graph.Office, error) {
			return s.Offices(ctx, graph.OfficeFilter{CityIDs: ids})
		}, func(o *graph.Office) string { return o.CityID }), opts...),
		personOffices: dataloadgen.NewLoader(byOwner(func(ctx context.Context, ids []string) ([]*graph.Office, error) {
			return s.Offices(ctx, graph.OfficeFilter{PersonIDs: ids})
		}, func(o *graph.Office) string { return o.PersonID }), opts...),
		claims: dataloadgen.NewLoader(byOwner(s.Claims, func(c *graph.Claim) string { return c.SubjectID }), opts...),

		cityEvents: dataloadgen.NewLoader(byOwner(pages(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.Event], error) {
			return s.Events(ctx, graph.EventFilter{PlaceIDs: ids}, p)
		}), func(e *graph.Event) string { return e.PlaceID }), opts...),
		networkEvents: dataloadgen.NewLoader(byOwner(pages(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.Event], error) {
			return s.Events(ctx, graph.EventFilter{OrganizerIDs: ids}, p)
		}), func(e *graph.Event) string { return e.OrganizerID }), opts...),
		attended: dataloadgen.NewLoader(byOwners(pages(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.Event], error) {
			return s.Events(ctx, graph.EventFilter{ParticipantIDs: ids}, p)
		}), func(e *graph.Event) []string { return e.ParticipantIDs }), opts...),
		partnerships: dataloadgen.NewLoader(byOwners(pages(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.Partnership], error) {
			return s.Partnerships(ctx, graph.PartnershipFilter{PartyIDs: ids}, p)
		}), func(x *graph.Partnership) []string { return x.PartyIDs }), opts...),
		cityInstitutions: dataloadgen.NewLoader(byOwner(pages(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.Institution], error) {
			return s.Institutions(ctx, graph.InstitutionFilter{CityIDs: ids}, p)
		}), func(i *graph.Institution) string { return i.CityID }), opts...),
		countryCities: dataloadgen.NewLoader(byOwner(pages(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.City], error) {
			return s.Cities(ctx, graph.CityFilter{CountryIDs: ids}, p)
		}), func(c *graph.City) string { return c.CountryID }), opts...),
	}
}

// City reads a city by id.
func (l *Loaders) City(ctx context.Context, id string) (*graph.City, error) {
	return load(ctx, l.city, id, l.store.City)
}

// Cities reads cities by id, in the order of ids.
func (l *Loaders) Cities(ctx context.Context, ids []string) ([]*graph.City, error) {
	return loadAll(ctx, l.city, ids, l.store.City)
}

// Country reads a country by id.
func (l *Loaders) Country(ctx context.Context, id string) (*graph.Country, error) {
	return load(ctx, l.country, id, l.store.Country)
}

// Network reads a network by id.
func (l *Loaders) Network(ctx context.Context, id string) (*graph.Network, error) {
	return load(ctx, l.network, id, l.store.Network)
}

// Networks reads networks by id, in the order of ids.
func (l *Loaders) Networks(ctx context.Context, ids []string) ([]*graph.Network, error) {
	return loadAll(ctx, l.network, ids, l.store.Network)
}

// Person reads a person by id.
func (l *Loaders) Person(ctx context.Context, id string) (*graph.Person, error) {
	return load(ctx, l.person, id, l.store.Person)
}

// Source reads a source by id.
func (l *Loaders) Source(ctx context.Context, id string) (*graph.Source, error) {
	return load(ctx, l.source, id, l.store.Source)
}

// Node reads a node of any type by id.
func (l *Loaders) Node(ctx context.Context, id string) (graph.Node, error) {
	return load(ctx, l.node, id, l.store.Node)
}

// Nodes reads nodes of any type by id, in the order of ids.
func (l *Loaders) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	return loadAll(ctx, l.node, ids, l.store.Node)
}

// CityMemberships reads a city's memberships.
func (l *Loaders) CityMemberships(ctx context.Context, city string) ([]*graph.Membership, error) {
	return load(ctx, l.cityMemberships, city, func(ctx context.Context, id string) ([]*graph.Membership, error) {
		return l.store.Memberships(ctx, graph.MembershipFilter{CityIDs: []string{id}})
	})
}

// NetworkMembers reads a network's memberships.
func (l *Loaders) NetworkMembers(ctx context.Context, network string) ([]*graph.Membership, error) {
	return load(ctx, l.networkMembers, network, func(ctx context.Context, id string) ([]*graph.Membership, error) {
		return l.store.Memberships(ctx, graph.MembershipFilter{NetworkIDs: []string{id}})
	})
}

// CityNetworks reads the networks a city belongs to, in id order: what
// Networks(NetworkFilter{City}) lists. With loaders they are the distinct
// networks of the city's memberships (the same relationships that filter
// follows), read through the membership and network loaders.
func (l *Loaders) CityNetworks(ctx context.Context, city string) ([]*graph.Network, error) {
	if l.cityMemberships == nil {
		return all(func(p graph.Page) (*graph.Connection[*graph.Network], error) {
			return l.store.Networks(ctx, graph.NetworkFilter{City: city}, p)
		})
	}
	ms, err := l.CityMemberships(ctx, city)
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.NetworkID
	}
	slices.Sort(ids)
	return l.Networks(ctx, slices.Compact(ids))
}

// MemberCount counts a network's member cities: the total of
// Cities(CityFilter{Network}). With loaders it is the number of distinct
// cities among the network's memberships.
func (l *Loaders) MemberCount(ctx context.Context, network string) (int, error) {
	if l.networkMembers == nil {
		c, err := l.store.Cities(ctx, graph.CityFilter{Network: network}, graph.Page{})
		if err != nil {
			return 0, err
		}
		return c.TotalCount, nil
	}
	ms, err := l.NetworkMembers(ctx, network)
	if err != nil {
		return 0, err
	}
	cities := make(map[string]bool, len(ms))
	for _, m := range ms {
		cities[m.CityID] = true
	}
	return len(cities), nil
}

// NetworkSpan reads a network's span; a page of networks asks the store
// once (NetworkSpans).
func (l *Loaders) NetworkSpan(ctx context.Context, network string) (*graph.NetworkSpan, error) {
	return load(ctx, l.spans, network, func(ctx context.Context, id string) (*graph.NetworkSpan, error) {
		spans, err := l.store.NetworkSpans(ctx, []string{id})
		if err != nil {
			return nil, err
		}
		return spans[0], nil
	})
}

// Founded reads what a city or person founded.
func (l *Loaders) Founded(ctx context.Context, founder string) ([]*graph.Founding, error) {
	return load(ctx, l.founded, founder, func(ctx context.Context, id string) ([]*graph.Founding, error) {
		return l.store.Foundings(ctx, graph.FoundingFilter{FounderIDs: []string{id}})
	})
}

// Founders reads who founded a network.
func (l *Loaders) Founders(ctx context.Context, network string) ([]*graph.Founding, error) {
	return load(ctx, l.founders, network, func(ctx context.Context, id string) ([]*graph.Founding, error) {
		return l.store.Foundings(ctx, graph.FoundingFilter{NetworkIDs: []string{id}})
	})
}

// CityOffices reads the offices held in a city.
func (l *Loaders) CityOffices(ctx context.Context, city string) ([]*graph.Office, error) {
	return load(ctx, l.cityOffices, city, func(ctx context.Context, id string) ([]*graph.Office, error) {
		return l.store.Offices(ctx, graph.OfficeFilter{CityIDs: []string{id}})
	})
}

// PersonOffices reads the offices a person holds.
func (l *Loaders) PersonOffices(ctx context.Context, person string) ([]*graph.Office, error) {
	return load(ctx, l.personOffices, person, func(ctx context.Context, id string) ([]*graph.Office, error) {
		return l.store.Offices(ctx, graph.OfficeFilter{PersonIDs: []string{id}})
	})
}

// Claims reads the claims made about a node.
func (l *Loaders) Claims(ctx context.Context, subject string) ([]*graph.Claim, error) {
	return load(ctx, l.claims, subject, func(ctx context.Context, id string) ([]*graph.Claim, error) {
		return l.store.Claims(ctx, []string{id})
	})
}

// CityEvents reads the events held in a city, in id order.
func (l *Loaders) CityEvents(ctx context.Context, city string) ([]*graph.Event, error) {
	return load(ctx, l.cityEvents, city, func(ctx context.Context, id string) ([]*graph.Event, error) {
		return all(func(p graph.Page) (*graph.Connection[*graph.Event], error) {
			return l.store.Events(ctx, graph.EventFilter{Place: id}, p)
		})
	})
}

// NetworkEvents reads the events a network organised, in id order.
func (l *Loaders) NetworkEvents(ctx context.Context, network string) ([]*graph.Event, error) {
	return load(ctx, l.networkEvents, network, func(ctx context.Context, id string) ([]*graph.Event, error) {
		return all(func(p graph.Page) (*graph.Connection[*graph.Event], error) {
			return l.store.Events(ctx, graph.EventFilter{Organizer: id}, p)
		})
	})
}

// Attended reads the events a city or an institution attended, in id
// order (one loader for both: ids are unique across types).
func (l *Loaders) Attended(ctx context.Context, participant string) ([]*graph.Event, error) {
	return load(ctx, l.attended, participant, func(ctx context.Context, id string) ([]*graph.Event, error) {
		return all(func(p graph.Page) (*graph.Connection[*graph.Event], error) {
			return l.store.Events(ctx, graph.EventFilter{Participant: id}, p)
		})
	})
}

// Partnerships reads the partnerships a city or an institution is a party
// to, in id order.
func (l *Loaders) Partnerships(ctx context.Context, party string) ([]*graph.Partnership, error) {
	return load(ctx, l.partnerships, party, func(ctx context.Context, id string) ([]*graph.Partnership, error) {
		return all(func(p graph.Page) (*graph.Connection[*graph.Partnership], error) {
			return l.store.Partnerships(ctx, graph.PartnershipFilter{Party: id}, p)
		})
	})
}

// CityInstitutions reads the institutions in a city, in id order.
func (l *Loaders) CityInstitutions(ctx context.Context, city string) ([]*graph.Institution, error) {
	return load(ctx, l.cityInstitutions, city, func(ctx context.Context, id string) ([]*graph.Institution, error) {
		return all(func(p graph.Page) (*graph.Connection[*graph.Institution], error) {
			return l.store.Institutions(ctx, graph.InstitutionFilter{City: id}, p)
		})
	})
}

// CountryCities reads the cities of a country, in id order.
func (l *Loaders) CountryCities(ctx context.Context, country string) ([]*graph.City, error) {
	return load(ctx, l.countryCities, country, func(ctx context.Context, id string) ([]*graph.City, error) {
		return all(func(p graph.Page) (*graph.Connection[*graph.City], error) {
			return l.store.Cities(ctx, graph.CityFilter{Country: id}, p)
		})
	})
}

// load reads one key through ld, or directly when there is no loader.
func load[V any](ctx context.Context, ld *dataloadgen.Loader[string, V], key string, direct func(context.Context, string) (V, error)) (V, error) {
	if ld == nil {
		return direct(ctx, key)
	}
	return ld.Load(ctx, key)
}

// loadAll reads keys in order through ld (all in one batch), or directly
// one by one when there is no loader; either way the error is that of the
// first key that failed.
func loadAll[V any](ctx context.Context, ld *dataloadgen.Loader[string, V], keys []string, direct func(context.Context, string) (V, error)) ([]V, error) {
	out := make([]V, len(keys))
	if ld == nil {
		for i, k := range keys {
			v, err := direct(ctx, k)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	thunks := make([]func() (V, error), len(keys))
	for i, k := range keys {
		thunks[i] = ld.LoadThunk(ctx, k)
	}
	for i, thunk := range thunks {
		v, err := thunk()
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// byID batches reads by id over a list method filtered by ids (one page of
// graph.MaxPageSize holds a whole batch). An id the list does not return
// is read alone with get, which gives the store's own error for it; so is
// a batch of one id.
func byID[T graph.Node](list func(context.Context, []string, graph.Page) (*graph.Connection[T], error),
	get func(context.Context, string) (T, error)) func(context.Context, []string) ([]T, []error) {
	return func(ctx context.Context, ids []string) ([]T, []error) {
		if len(ids) == 1 {
			v, err := get(ctx, ids[0])
			return []T{v}, []error{err}
		}
		found, err := all(func(p graph.Page) (*graph.Connection[T], error) { return list(ctx, ids, p) })
		if err != nil {
			return nil, []error{err}
		}
		return pick(ctx, ids, index(found), get)
	}
}

// countriesByID batches reads of countries: the store cannot list
// countries by id, so a batch lists them all (see countries).
func countriesByID(s graph.Store) func(context.Context, []string) ([]*graph.Country, []error) {
	return func(ctx context.Context, ids []string) ([]*graph.Country, []error) {
		if len(ids) == 1 {
			c, err := s.Country(ctx, ids[0])
			return []*graph.Country{c}, []error{err}
		}
		found, err := countries(ctx, s, ids)
		if err != nil {
			return nil, []error{err}
		}
		return pick(ctx, ids, found, s.Country)
	}
}

// countries finds the countries of the given ids by paging through all
// countries (one page for any real set of them: there are fewer than
// graph.MaxPageSize) until it has them all.
func countries(ctx context.Context, s graph.Store, ids []string) (map[string]*graph.Country, error) {
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	found := map[string]*graph.Country{}
	p := graph.Page{First: graph.MaxPageSize}
	for len(found) < len(want) {
		c, err := s.Countries(ctx, p)
		if err != nil {
			return nil, err
		}
		for _, it := range c.Items {
			if want[it.ID] {
				found[it.ID] = it
			}
		}
		if !c.HasNext || len(c.Cursors) == 0 {
			break
		}
		p.After = c.Cursors[len(c.Cursors)-1]
	}
	return found, nil
}

// nodesByID batches reads of nodes whose type is not known: ids are looked
// up in the typed lists in turn (the types edges point to most first),
// each list asked only for the ids still missing, then among the
// countries; what is left (unknown ids) is read alone. A batch costs at
// most nine calls and one per unknown id.
func nodesByID(s graph.Store) func(context.Context, []string) ([]graph.Node, []error) {
	lists := []func(context.Context, []string) ([]graph.Node, error){
		typedNodes(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.City], error) {
			return s.Cities(ctx, graph.CityFilter{IDs: ids}, p)
		}),
		typedNodes(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.Network], error) {
			return s.Networks(ctx, graph.NetworkFilter{IDs: ids}, p)
		}),
		typedNodes(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.Institution], error) {
			return s.Institutions(ctx, graph.InstitutionFilter{IDs: ids}, p)
		}),
		typedNodes(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.Person], error) {
			return s.People(ctx, graph.PersonFilter{IDs: ids}, p)
		}),
		typedNodes(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.Event], error) {
			return s.Events(ctx, graph.EventFilter{IDs: ids}, p)
		}),
		typedNodes(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.Partnership], error) {
			return s.Partnerships(ctx, graph.PartnershipFilter{IDs: ids}, p)
		}),
		typedNodes(func(ctx context.Context, ids []string, p graph.Page) (*graph.Connection[*graph.Source], error) {
			return s.Sources(ctx, graph.SourceFilter{IDs: ids}, p)
		}),
	}
	return func(ctx context.Context, ids []string) ([]graph.Node, []error) {
		if len(ids) == 1 {
			n, err := s.Node(ctx, ids[0])
			return []graph.Node{n}, []error{err}
		}
		found := map[string]graph.Node{}
		missing := ids
		for _, list := range lists {
			if len(missing) == 0 {
				break
			}
			ns, err := list(ctx, missing)
			if err != nil {
				return nil, []error{err}
			}
			for _, n := range ns {
				found[n.NodeID()] = n
			}
			missing = slices.DeleteFunc(slices.Clone(missing), func(id string) bool { return found[id] != nil })
		}
		if len(missing) > 1 {
			cs, err := countries(ctx, s, missing)
			if err != nil {
				return nil, []error{err}
			}
			for id, c := range cs {
				found[id] = c
			}
		}
		return pick(ctx, ids, found, s.Node)
	}
}

// typedNodes lists nodes of one type by id as graph.Nodes.
func typedNodes[T graph.Node](list func(context.Context, []string, graph.Page) (*graph.Connection[T], error)) func(context.Context, []string) ([]graph.Node, error) {
	return func(ctx context.Context, ids []string) ([]graph.Node, error) {
		items, err := all(func(p graph.Page) (*graph.Connection[T], error) { return list(ctx, ids, p) })
		out := make([]graph.Node, len(items))
		for i, it := range items {
			out[i] = it
		}
		return out, err
	}
}

// index maps nodes by id.
func index[T graph.Node](items []T) map[string]T {
	m := make(map[string]T, len(items))
	for _, it := range items {
		m[it.NodeID()] = it
	}
	return m
}

// pick answers a batch in the order of ids from what was found, reading
// each id not found alone.
func pick[T any](ctx context.Context, ids []string, found map[string]T, get func(context.Context, string) (T, error)) ([]T, []error) {
	out := make([]T, len(ids))
	var errs []error
	for i, id := range ids {
		v, ok := found[id]
		if !ok {
			var err error
			if v, err = get(ctx, id); err != nil {
				if errs == nil {
					errs = make([]error, len(ids))
				}
				errs[i] = err
			}
		}
		out[i] = v
	}
	return out, errs
}

// byOwner batches reads of relationships by the id of one end over a
// store method that takes many ids, and splits its answer per id. The
// stores list relationships in one order whatever ids are asked for
// (graph.SortMemberships and the like, or the dataset's order), so each
// id's share is what a read for that id alone returns, in the same order.
func byOwner[T any](list func(context.Context, []string) ([]T, error), owner func(T) string) func(context.Context, []string) ([][]T, []error) {
	return func(ctx context.Context, ids []string) ([][]T, []error) {
		items, err := list(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		groups := make(map[string][]T, len(ids))
		for _, it := range items {
			groups[owner(it)] = append(groups[owner(it)], it)
		}
		out := make([][]T, len(ids))
		for i, id := range ids {
			out[i] = groups[id]
		}
		return out, nil
	}
}

// byOwners is byOwner for records that have several owners (the
// participants of an event, the parties of a partnership): each record goes
// to every one of its owners in the batch, once, in the order of the list.
func byOwners[T comparable](list func(context.Context, []string) ([]T, error), owners func(T) []string) func(context.Context, []string) ([][]T, []error) {
	return func(ctx context.Context, ids []string) ([][]T, []error) {
		items, err := list(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		groups := make(map[string][]T, len(ids))
		for _, it := range items {
			for _, o := range owners(it) {
				if g := groups[o]; len(g) == 0 || g[len(g)-1] != it {
					groups[o] = append(g, it)
				}
			}
		}
		out := make([][]T, len(ids))
		for i, id := range ids {
			out[i] = groups[id]
		}
		return out, nil
	}
}

// pages reads every page of a list method filtered by owner ids, for the
// owner loaders: a batch's records may not fit in one page.
func pages[T any](list func(context.Context, []string, graph.Page) (*graph.Connection[T], error)) func(context.Context, []string) ([]T, error) {
	return func(ctx context.Context, ids []string) ([]T, error) {
		return all(func(p graph.Page) (*graph.Connection[T], error) { return list(ctx, ids, p) })
	}
}
