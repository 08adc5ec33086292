package neo4j

import (
	"context"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"citynet/graph"
)

// get returns one column of the first record, or the zero value.
func get[T any](rec *neo4j.Record, key string) T {
	v, _ := rec.Get(key)
	t, _ := v.(T)
	return t
}

func (s *Store) Node(ctx context.Context, id string) (graph.Node, error) {
	n, err := read(ctx, s, func(q querier) (graph.Node, error) {
		recs, err := q.query(ctx, "node_get", map[string]any{"id": id})
		if err != nil || len(recs) == 0 {
			return nil, err
		}
		return fromNode(get[dbtype.Node](recs[0], "n")), nil
	})
	if err == nil && n == nil {
		return nil, graph.NotFound("", id)
	}
	return n, err
}

// typed fetches a node and checks its type.
func typed[T graph.Node](ctx context.Context, s *Store, t graph.NodeType, id string) (T, error) {
	var zero T
	n, err := s.Node(ctx, id)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return zero, graph.NotFound(t, id)
	} else if err != nil {
		return zero, err
	}
	v, ok := n.(T)
	if !ok {
		return zero, graph.NotFound(t, id)
	}
	return v, nil
}

func (s *Store) City(ctx context.Context, id string) (*graph.City, error) {
	return typed[*graph.City](ctx, s, graph.TypeCity, id)
}

func (s *Store) Country(ctx context.Context, id string) (*graph.Country, error) {
	return typed[*graph.Country](ctx, s, graph.TypeCountry, id)
}

func (s *Store) Network(ctx context.Context, id string) (*graph.Network, error) {
	return typed[*graph.Network](ctx, s, graph.TypeNetwork, id)
}

func (s *Store) Institution(ctx context.Context, id string) (*graph.Institution, error) {
	return typed[*graph.Institution](ctx, s, graph.TypeInstitution, id)
}

func (s *Store) Person(ctx context.Context, id string) (*graph.Person, error) {
	return typed[*graph.Person](ctx, s, graph.TypePerson, id)
}

func (s *Store) Event(ctx context.Context, id string) (*graph.Event, error) {
	return typed[*graph.Event](ctx, s, graph.TypeEvent, id)
}

func (s *Store) Partnership(ctx context.Context, id string) (*graph.Partnership, error) {
	return typed[*graph.Partnership](ctx, s, graph.TypePartnership, id)
}

func (s *Store) Source(ctx context.Context, id string) (*graph.Source, error) {
	return typed[*graph.Source](ctx, s, graph.TypeSource, id)
}

// filterIDs runs a filter statement and returns the matching ids, or nil
// (no filtering) when there is no statement.
func filterIDs(ctx context.Context, q querier, name string, params map[string]any) ([]string, error) {
	recs, err := q.query(ctx, name, params)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(recs))
	for _, r := range recs {
		ids = append(ids, get[string](r, "id"))
	}
	return ids, nil
}

// intersectIDs narrows ids by another id list; nil means "all". It looks
// ids up in a set, so a batch of hundreds of ids against thousands of
// matches costs their sum, not their product.
func intersectIDs(a, b []string) []string {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	inB := make(map[string]bool, len(b))
	for _, id := range b {
		inB[id] = true
	}
	out := []string{}
	for _, id := range a {
		if inB[id] {
			out = append(out, id)
		}
	}
	return out
}

// list pages through the nodes of a type that pass the filter statement
// (if any), the id list and the name text, in id order, with one query for
// the page and at most two for the filter.
//
// extra, when given, is one more filter run in the same transaction (the
// cities' near and within), whose ids are intersected like the others.
func list[T graph.Node](ctx context.Context, s *Store, t graph.NodeType, p graph.Page, ids []string, name string,
	filter string, params map[string]any, extra ...func(context.Context, querier) ([]string, error)) (*graph.Connection[T], error) {
	offset, limit, err := p.Offset()
	if err != nil {
		return nil, err
	}
	label, _ := labelOf(t)
	if len(ids) == 0 {
		ids = nil
	}
	if name != "" {
		hits, err := s.nameMatches(ctx, name, t)
		if err != nil {
			return nil, err
		}
		ids = intersectIDs(ids, hits)
	}
	type page struct {
		items []T
		total int
	}
	pg, err := read(ctx, s, func(q querier) (page, error) {
		ids := ids
		if filter != "" {
			matched, err := filterIDs(ctx, q, filter, params)
			if err != nil {
				return page{}, err
			}
			ids = intersectIDs(ids, matched)
		}
		for _, f := range extra {
			if f == nil {
				continue
			}
			matched, err := f(ctx, q)
			if err != nil {
				return page{}, err
			}
			ids = intersectIDs(ids, matched)
		}
		name, params := "list_nodes_"+label, map[string]any{"skip": offset, "limit": limit}
		if ids != nil {
			name, params["ids"] = "list_nodes_ids_"+label, ids
		}
		recs, err := q.query(ctx, name, params)
		if err != nil || len(recs) == 0 {
			return page{}, err
		}
		out := page{total: int(get[int64](recs[0], "total"))}
		for _, v := range get[[]any](recs[0], "page") {
			if n, ok := fromNode(v.(dbtype.Node)).(T); ok {
				out.items = append(out.items, n)
			}
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return graph.Window(pg.items, pg.total, offset, limit), nil
}

// opt turns "" into a null parameter (no filtering).
func opt[T ~string](v T) any {
	if v == "" {
		return nil
	}
	return string(v)
}

// optIDs turns an empty id list into a null parameter (no filtering).
func optIDs(ids []string) any {
	if len(ids) == 0 {
		return nil
	}
	return ids
}

func optInt(v *int) any {
	if v == nil {
		return nil
	}
	return *v
}

func (s *Store) Cities(ctx context.Context, f graph.CityFilter, p graph.Page) (*graph.Connection[*graph.City], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	filter := ""
	if f.Country != "" || len(f.CountryIDs) > 0 || f.Network != "" || f.JoinedFrom != nil || f.JoinedTo != nil {
		filter = "filter_cities"
	}
	return list[*graph.City](ctx, s, graph.TypeCity, p, f.IDs, f.Name, filter, map[string]any{
		"country": opt(f.Country), "countries": optIDs(f.CountryIDs), "network": opt(f.Network),
		"joinedFrom": optInt(f.JoinedFrom), "joinedTo": optInt(f.JoinedTo)}, geoFilter(f))
}

func (s *Store) Countries(ctx context.Context, p graph.Page) (*graph.Connection[*graph.Country], error) {
	return list[*graph.Country](ctx, s, graph.TypeCountry, p, nil, "", "", nil)
}

func (s *Store) Networks(ctx context.Context, f graph.NetworkFilter, p graph.Page) (*graph.Connection[*graph.Network], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	filter := ""
	if f.Scope != "" || f.Kind != "" || f.City != "" || f.FoundedFrom != nil || f.FoundedTo != nil || f.MinMembers > 0 {
		filter = "filter_networks"
	}
	return list[*graph.Network](ctx, s, graph.TypeNetwork, p, f.IDs, f.Name, filter, map[string]any{
		"scope": opt(f.Scope), "kind": opt(f.Kind), "city": opt(f.City), "foundedFrom": optInt(f.FoundedFrom),
		"foundedTo": optInt(f.FoundedTo), "minMembers": f.MinMembers})
}

func (s *Store) Institutions(ctx context.Context, f graph.InstitutionFilter, p graph.Page) (*graph.Connection[*graph.Institution], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	filter := ""
	if f.City != "" || len(f.CityIDs) > 0 || f.Country != "" || f.Kind != "" {
		filter = "filter_institutions"
	}
	return list[*graph.Institution](ctx, s, graph.TypeInstitution, p, f.IDs, f.Name, filter, map[string]any{
		"city": opt(f.City), "cities": optIDs(f.CityIDs), "country": opt(f.Country), "kind": opt(f.Kind)})
}

func (s *Store) People(ctx context.Context, f graph.PersonFilter, p graph.Page) (*graph.Connection[*graph.Person], error) {
	filter := ""
	if f.City != "" {
		filter = "filter_people"
	}
	return list[*graph.Person](ctx, s, graph.TypePerson, p, f.IDs, f.Name, filter, map[string]any{"city": opt(f.City)})
}

func (s *Store) Events(ctx context.Context, f graph.EventFilter, p graph.Page) (*graph.Connection[*graph.Event], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	filter := ""
	if f.Place != "" || len(f.PlaceIDs) > 0 || f.Organizer != "" || len(f.OrganizerIDs) > 0 ||
		f.Participant != "" || len(f.ParticipantIDs) > 0 || f.Kind != "" || f.YearFrom != nil || f.YearTo != nil {
		filter = "filter_events"
	}
	return list[*graph.Event](ctx, s, graph.TypeEvent, p, f.IDs, f.Name, filter, map[string]any{
		"place": opt(f.Place), "places": optIDs(f.PlaceIDs), "organizer": opt(f.Organizer), "organizers": optIDs(f.OrganizerIDs),
		"participant": opt(f.Participant), "participants": optIDs(f.ParticipantIDs), "kind": opt(f.Kind),
		"yearFrom": optInt(f.YearFrom), "yearTo": optInt(f.YearTo)})
}

func (s *Store) Partnerships(ctx context.Context, f graph.PartnershipFilter, p graph.Page) (*graph.Connection[*graph.Partnership], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	filter := ""
	if f.Party != "" || len(f.PartyIDs) > 0 || f.Kind != "" || f.YearFrom != nil || f.YearTo != nil {
		filter = "filter_partnerships"
	}
	return list[*graph.Partnership](ctx, s, graph.TypePartnership, p, f.IDs, "", filter, map[string]any{
		"party": opt(f.Party), "parties": optIDs(f.PartyIDs), "kind": opt(f.Kind),
		"yearFrom": optInt(f.YearFrom), "yearTo": optInt(f.YearTo)})
}

func (s *Store) Sources(ctx context.Context, f graph.SourceFilter, p graph.Page) (*graph.Connection[*graph.Source], error) {
	filter := ""
	if f.Language != "" {
		filter = "filter_sources"
	}
	return list[*graph.Source](ctx, s, graph.TypeSource, p, f.IDs, f.Name, filter, map[string]any{"language": opt(f.Language)})
}

// relationships runs a relationship statement and maps each record.
func relationships[T any](ctx context.Context, s *Store, name string, params map[string]any, to func(from, to string, p props) T) ([]T, error) {
	return read(ctx, s, func(q querier) ([]T, error) { return readRels(ctx, q, name, params, to) })
}

func orEmpty(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

// bySide picks the statement of a relationship read: the one that looks up
// the first list's ids when it is given, else the second's; the other list,
// when both are given, filters the rows here. Each statement seeks the ids
// in the unique index on :Entity(id); a "size($x) = 0 OR" in one statement
// for both would make Neo4j scan every relationship of the type instead.
func bySide[T any](ctx context.Context, s *Store, first, second []string, firstStmt, firstParam, secondStmt, secondParam string,
	to func(from, to string, p props) T, otherEnd func(T) string) ([]T, error) {
	if len(first) > 0 {
		rows, err := relationships(ctx, s, firstStmt, map[string]any{firstParam: first}, to)
		if err != nil || len(second) == 0 {
			return rows, err
		}
		keep := make(map[string]bool, len(second))
		for _, id := range second {
			keep[id] = true
		}
		return slices.DeleteFunc(rows, func(r T) bool { return !keep[otherEnd(r)] }), nil
	}
	return relationships(ctx, s, secondStmt, map[string]any{secondParam: second}, to)
}

func (s *Store) Memberships(ctx context.Context, f graph.MembershipFilter) ([]*graph.Membership, error) {
	if len(f.CityIDs) == 0 && len(f.NetworkIDs) == 0 {
		return nil, graph.Invalid("filter", "give at least one city or network")
	}
	ms, err := bySide(ctx, s, f.CityIDs, f.NetworkIDs, "memberships_of_cities", "cities", "memberships_of_networks", "networks", toMembership,
		func(m *graph.Membership) string { return m.NetworkID })
	graph.SortMemberships(ms)
	return ms, err
}

func (s *Store) Foundings(ctx context.Context, f graph.FoundingFilter) ([]*graph.Founding, error) {
	if len(f.NetworkIDs) == 0 && len(f.FounderIDs) == 0 {
		return nil, graph.Invalid("filter", "give at least one network or founder")
	}
	fs, err := bySide(ctx, s, f.FounderIDs, f.NetworkIDs, "foundings_by_founders", "founders", "foundings_of_networks", "networks", toFounding,
		func(f *graph.Founding) string { return f.NetworkID })
	graph.SortFoundings(fs)
	return fs, err
}

func (s *Store) Offices(ctx context.Context, f graph.OfficeFilter) ([]*graph.Office, error) {
	if len(f.CityIDs) == 0 && len(f.PersonIDs) == 0 {
		return nil, graph.Invalid("filter", "give at least one city or person")
	}
	os, err := bySide(ctx, s, f.PersonIDs, f.CityIDs, "offices_of_people", "people", "offices_in_cities", "cities", toOffice,
		func(o *graph.Office) string { return o.CityID })
	graph.SortOffices(os)
	return os, err
}

func (s *Store) Claims(ctx context.Context, subjectIDs []string) ([]*graph.Claim, error) {
	cs, err := read(ctx, s, func(q querier) ([]*graph.Claim, error) {
		recs, err := q.query(ctx, "claims", map[string]any{"subjects": orEmpty(subjectIDs)})
		if err != nil {
			return nil, err
		}
		out := make([]*graph.Claim, 0, len(recs))
		for _, r := range recs {
			out = append(out, toClaim(props(get[map[string]any](r, "props"))))
		}
		return out, nil
	})
	graph.SortClaims(cs)
	return cs, err
}

// Supports reads the records citing a document (supports.cypher) and pages
// through their quotes from it, in graph.SortSupports order.
func (s *Store) Supports(ctx context.Context, sourceID string, p graph.Page) (*graph.Connection[*graph.Support], error) {
	offset, limit, err := p.Offset()
	if err != nil {
		return nil, err
	}
	if _, err := s.Source(ctx, sourceID); err != nil {
		return nil, err
	}
	all, err := read(ctx, s, func(q querier) ([]*graph.Support, error) {
		recs, err := q.query(ctx, "supports", map[string]any{"source": sourceID})
		if err != nil {
			return nil, err
		}
		var out []*graph.Support
		for _, r := range recs {
			if rec := citingRecord(r); rec != nil {
				out = append(out, graph.SupportsOf(rec, sourceID)...)
			}
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	graph.SortSupports(all)
	return graph.Window(all, len(all), offset, limit), nil
}

// citingRecord turns a row of supports.cypher into its domain record.
func citingRecord(r *neo4j.Record) any {
	p := props(get[map[string]any](r, "props"))
	from, to := get[string](r, "from"), get[string](r, "to")
	switch get[string](r, "type") {
	case "":
		if n := fromNode(get[dbtype.Node](r, "node")); n != nil {
			return n
		}
	case string(graph.RelMemberOf):
		return toMembership(from, to, p)
	case string(graph.RelFounded):
		return toFounding(from, to, p)
	case string(graph.RelHoldsOffice):
		return toOffice(from, to, p)
	case "CLAIM":
		return toClaim(p)
	}
	return nil
}
