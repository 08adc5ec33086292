package graph

import (
	"cmp"
	"context"
	"slices"
)

// Store is what every backend implements. Methods take the request's context
// and return coded errors (*Error); an unknown id is ENOTFOUND, bad arguments
// are EINVALID naming the argument.
//
// List methods take a Page and return one page of items in a stable order
// plus the total count; callers validate nothing themselves: the store checks
// the page and filter (see Page.Check) so that every backend rejects the same
// input the same way.
type Store interface {
	// Apply makes one change to the graph in one transaction, all or
	// nothing: the rules are Dataset.Apply's, which every store follows by
	// computing the new graph with it, so every backend accepts and
	// refuses the same writes. The store stamps the change with its
	// commit time when c.At is zero. With c.DryRun nothing is written.
	Apply(ctx context.Context, c *Change) (*ChangeResult, error)
	// Dataset returns the whole current graph as records (not to be
	// changed): what membership lists resolve names against.
	Dataset(ctx context.Context) (*Dataset, error)
	// Version names the current state of the graph: it changes with
	// every committed write (and may change on restart), so answers can
	// be cached and revalidated against it (HTTP ETags).
	Version(ctx context.Context) (string, error)

	// Node returns any node by id, whatever its type.
	Node(ctx context.Context, id string) (Node, error)

	City(ctx context.Context, id string) (*City, error)
	Cities(ctx context.Context, f CityFilter, p Page) (*Connection[*City], error)
	Country(ctx context.Context, id string) (*Country, error)
	Countries(ctx context.Context, p Page) (*Connection[*Country], error)
	Network(ctx context.Context, id string) (*Network, error)
	Networks(ctx context.Context, f NetworkFilter, p Page) (*Connection[*Network], error)
	Institution(ctx context.Context, id string) (*Institution, error)
	Institutions(ctx context.Context, f InstitutionFilter, p Page) (*Connection[*Institution], error)
	Person(ctx context.Context, id string) (*Person, error)
	People(ctx context.Context, f PersonFilter, p Page) (*Connection[*Person], error)
	Event(ctx context.Context, id string) (*Event, error)
	Events(ctx context.Context, f EventFilter, p Page) (*Connection[*Event], error)
	Partnership(ctx context.Context, id string) (*Partnership, error)
	Partnerships(ctx context.Context, f PartnershipFilter, p Page) (*Connection[*Partnership], error)
	Source(ctx context.Context, id string) (*Source, error)
	Sources(ctx context.Context, f SourceFilter, p Page) (*Connection[*Source], error)

	// Memberships returns the memberships of the given cities and/or
	// networks (at least one list non-empty), ordered by city, since, network.
	Memberships(ctx context.Context, f MembershipFilter) ([]*Membership, error)
	// Foundings returns who founded the given networks and/or what the
	// given founders founded.
	Foundings(ctx context.Context, f FoundingFilter) ([]*Founding, error)
	// Offices returns the offices held in the given cities and/or by the
	// given people.
	Offices(ctx context.Context, f OfficeFilter) ([]*Office, error)
	// Claims returns the claims made about the given nodes.
	Claims(ctx context.Context, subjectIDs []string) ([]*Claim, error)
	// Supports pages through what the document sourceID supports: every
	// record citing it, one item per quoted sentence, in SortSupports
	// order; ENOTFOUND if there is no such document.
	Supports(ctx context.Context, sourceID string, p Page) (*Connection[*Support], error)

	// Search finds nodes of every type by name: case-, diacritic- and
	// inflection-insensitive, ranked by MatchScore.
	Search(ctx context.Context, text string, types []NodeType, first int) ([]SearchHit, error)
	// SharedNetworks returns the networks both cities belong to, by id.
	SharedNetworks(ctx context.Context, a, b string) ([]*Network, error)
	// CityPairs returns the pairs of cities f selects (at least MinShared
	// networks in common, a distance in the band when one is given), most
	// shared first (SortPairs), each with its distance when both cities
	// have a position.
	CityPairs(ctx context.Context, f PairFilter, p Page) (*Connection[*CityPair], error)
	// Path returns a shortest connection between two nodes of at most
	// maxHops relationships, or nil if there is none.
	Path(ctx context.Context, from, to string, maxHops int, rels []RelType) (*Path, error)
	// Neighborhood returns the subgraph within depth hops of a node, cut at
	// limit nodes (the centre, then the nearest, ties by id), with every
	// relationship among them in SortEdges order.
	Neighborhood(ctx context.Context, id string, depth, limit int, rels []RelType) (*Subgraph, error)
	// Stats returns the counts a dashboard shows.
	Stats(ctx context.Context) (*Stats, error)

	// NetworkOverlap returns the members shared by every pair of the given
	// networks (2 to MaxOverlapNetworks; none given: the largest
	// DefaultOverlapNetworks networks).
	NetworkOverlap(ctx context.Context, networkIDs []string) (*Overlap, error)
	// SimilarCities ranks the cities sharing networks with a city: most
	// shared first, then Jaccard, then id. Each pair has A = id.
	SimilarCities(ctx context.Context, id string, first int) ([]*CityPair, error)
	// Centrality ranks the nodes of the city–network bipartite graph
	// (cities and networks joined by MEMBER_OF) by degree or betweenness.
	Centrality(ctx context.Context, kind CentralityKind, first int) (*Centrality, error)
	// NetworkSpans returns the span (see Span) of each network, in the
	// order of the ids (at most MaxPageSize); ENOTFOUND for an id that is
	// not a network's.
	NetworkSpans(ctx context.Context, networkIDs []string) ([]*NetworkSpan, error)
	// Walk streams every node, then every relationship, for exports. It
	// stops at the first error a callback returns.
	Walk(ctx context.Context, node func(Node) error, edge func(Edge) error) error

	// Close releases the store's resources.
	Close() error
}

// Node is any node of the graph: *City, *Country, *Network, *Institution,
// *Person, *Event, *Partnership or *Source.
type Node interface {
	NodeID() string
	NodeType() NodeType
	// Label is the name to show for the node.
	Label() string
}

func (c *City) NodeID() string        { return c.ID }
func (c *Country) NodeID() string     { return c.ID }
func (n *Network) NodeID() string     { return n.ID }
func (i *Institution) NodeID() string { return i.ID }
func (p *Person) NodeID() string      { return p.ID }
func (e *Event) NodeID() string       { return e.ID }
func (p *Partnership) NodeID() string { return p.ID }
func (s *Source) NodeID() string      { return s.ID }

func (*City) NodeType() NodeType        { return TypeCity }
func (*Country) NodeType() NodeType     { return TypeCountry }
func (*Network) NodeType() NodeType     { return TypeNetwork }
func (*Institution) NodeType() NodeType { return TypeInstitution }
func (*Person) NodeType() NodeType      { return TypePerson }
func (*Event) NodeType() NodeType       { return TypeEvent }
func (*Partnership) NodeType() NodeType { return TypePartnership }
func (*Source) NodeType() NodeType      { return TypeSource }

func (c *City) Label() string        { return c.Name }
func (c *Country) Label() string     { return c.Name }
func (n *Network) Label() string     { return n.Name }
func (i *Institution) Label() string { return i.Name }
func (p *Person) Label() string      { return p.Name }
func (e *Event) Label() string       { return e.Name }
func (s *Source) Label() string      { return s.Title }
func (p *Partnership) Label() string {
	if p.Name != "" {
		return p.Name
	}
	return p.ID
}

// Names returns the node's canonical names (name, local name, acronym) and
// its other names, as search sees them.
func Names(n Node) (canonical, other []string) {
	switch n := n.(type) {
	case *City:
		return []string{n.Name, n.LocalName}, n.AltNames
	case *Country:
		return []string{n.Name, n.LocalName, n.ID}, n.AltNames
	case *Network:
		return []string{n.Name, n.LocalName, n.Acronym}, n.AltNames
	case *Institution:
		return []string{n.Name, n.LocalName, n.Acronym}, n.AltNames
	case *Person:
		return []string{n.Name}, n.AltNames
	case *Event:
		return []string{n.Name, n.LocalName}, nil
	case *Partnership:
		return []string{n.Name}, nil
	case *Source:
		return []string{n.Title, n.TitleEn}, nil
	}
	return nil, nil
}

// Page asks for First items after the cursor After (empty: from the start).
type Page struct {
	First int
	After string
}

// Page size limits shared by every backend.
const (
	DefaultPageSize = 20
	MaxPageSize     = 500
)

// Connection is one page of a list.
type Connection[T any] struct {
	Items []T
	// Cursors[i] is the cursor of Items[i].
	Cursors    []string
	TotalCount int
	HasNext    bool
	HasPrev    bool
}

// CityFilter selects cities; zero fields do not filter.
//
// In this filter and the ones below, the fields that are set combine with
// AND, and a list of ids (IDs, CountryIDs, PlaceIDs, …) matches any of its
// ids: an empty list does not filter, an empty id in a list is invalid
// (see Check). The lists of owner ids let one call answer the edge fields
// of many nodes at once (a page of cities' events, its countries' cities):
// each item carries its owner's id, so the caller can split the answer.
type CityFilter struct {
	IDs        []string
	Country    string   // country id
	CountryIDs []string // in any of these countries
	Network    string   // member of this network
	Name       string   // search text (folded, inflection-aware)
	// JoinedFrom/JoinedTo: a membership (in Network, if set) whose since
	// year lies in the range.
	JoinedFrom, JoinedTo *int
	// Near and Within select cities by position (a city without one
	// matches neither).
	Near   *Near
	Within *BBox
}

// NetworkFilter selects networks.
type NetworkFilter struct {
	IDs                    []string
	Scope                  NetworkScope
	Kind                   NetworkKind
	City                   string // networks this city belongs to
	Name                   string
	FoundedFrom, FoundedTo *int
	MinMembers             int
}

// InstitutionFilter selects institutions.
type InstitutionFilter struct {
	IDs     []string
	City    string
	CityIDs []string // in any of these cities
	Country string
	Kind    InstitutionKind
	Name    string
}

// PersonFilter selects people.
type PersonFilter struct {
	IDs  []string
	City string // holds an office in this city
	Name string
}

// EventFilter selects events.
type EventFilter struct {
	IDs              []string
	Place            string   // city id
	PlaceIDs         []string // held in any of these cities
	Organizer        string   // network id
	OrganizerIDs     []string // organised by any of these networks
	Participant      string   // city or institution id
	ParticipantIDs   []string // attended by any of these cities or institutions
	Kind             EventKind
	Name             string
	YearFrom, YearTo *int
}

// PartnershipFilter selects partnerships.
type PartnershipFilter struct {
	IDs              []string
	Party            string   // city or institution id
	PartyIDs         []string // any of these cities or institutions is a party
	Kind             PartnershipKind
	YearFrom, YearTo *int
}

// SourceFilter selects sources.
type SourceFilter struct {
	IDs      []string
	Language string
	Name     string
}

// MembershipFilter selects memberships of cities and/or networks.
type MembershipFilter struct {
	CityIDs    []string
	NetworkIDs []string
}

// FoundingFilter selects foundings by network and/or founder.
type FoundingFilter struct {
	NetworkIDs []string
	FounderIDs []string
}

// OfficeFilter selects offices by city and/or person.
type OfficeFilter struct {
	CityIDs   []string
	PersonIDs []string
}

// SearchHit is one search result.
type SearchHit struct {
	Node  Node
	Score int
	// Matched is the name that matched best.
	Matched string
}

// CityPair is two cities (A < B by id) and the networks they share.
type CityPair struct {
	A, B string
	// Shared are the ids of the shared networks, sorted.
	Shared []string
	// Jaccard is |shared| / |networks of A ∪ networks of B|.
	Jaccard float64
	// DistanceKm is the great-circle distance between A and B (DistanceKm),
	// nil if either has no position.
	DistanceKm *float64
}

// Edge is one relationship between two nodes, for paths and subgraphs.
// Relationship properties (since, until, status, date, title) are filled in
// where the type has them.
type Edge struct {
	Type    RelType
	From    string
	To      string
	Since   Date
	Until   Date
	Status  MembershipStatus
	Title   string
	Date    Date
	Sources []Citation
}

// Key identifies the edge: the type and both ends.
func (e Edge) Key() string { return string(e.Type) + ":" + e.From + ">" + e.To }

// Path is an ordered walk: Nodes[i] and Nodes[i+1] are joined by Edges[i]
// (whose From/To keep the relationship's own direction).
type Path struct {
	Nodes []Node
	Edges []Edge
}

// Subgraph is a set of nodes and the edges among them.
type Subgraph struct {
	Center string
	Nodes  []Node
	Edges  []Edge
	// Truncated is true when the limit cut nodes; Omitted counts them
	// (nodes reached within depth that are not returned).
	Truncated bool
	Omitted   int
	// OmittedByType says what was cut: omitted nodes per type (NodeTypes
	// order, types with none left out).
	OmittedByType []TypeCount
}

// CountTypes counts nodes per type, in NodeTypes order, leaving out zeros.
func CountTypes(types []NodeType) []TypeCount {
	n := map[NodeType]int{}
	for _, t := range types {
		n[t]++
	}
	var out []TypeCount
	for _, t := range NodeTypes {
		if n[t] > 0 {
			out = append(out, TypeCount{Type: t, Count: n[t]})
		}
	}
	return out
}

// Stats are the counts a dashboard shows.
type Stats struct {
	NodeCounts        []TypeCount
	RelCounts         []RelCount
	MembersPerNetwork []IDCount // most members first
	NetworksPerCity   []IDCount // most networks first
	JoinsPerYear      []YearCount
	// JoinsWithoutYear counts memberships whose since date has no year.
	JoinsWithoutYear int
}

// TypeCount counts nodes of a type.
type TypeCount struct {
	Type  NodeType
	Count int
}

// RelCount counts relationships of a type.
type RelCount struct {
	Type  RelType
	Count int
}

// IDCount counts something for a node.
type IDCount struct {
	ID    string
	Count int
}

// Overlap is the matrix of members shared between networks: Shared[i][j]
// is the number of cities in both Networks[i] and Networks[j] (Shared[i][i]
// is the member count), Jaccard[i][j] = Shared[i][j] / |members i ∪ j|.
type Overlap struct {
	Networks []string
	Shared   [][]int
	Jaccard  [][]float64
}

// CentralityKind selects a centrality measure.
type CentralityKind string

const (
	// CentralityDegree counts distinct neighbours: networks of a city,
	// member cities of a network.
	CentralityDegree CentralityKind = "DEGREE"
	// CentralityBetweenness is Brandes' betweenness on the unweighted,
	// undirected bipartite graph (each pair counted once), exact up to
	// ExactBetweennessNodes nodes and estimated from BetweennessSamples
	// source nodes (chosen deterministically) above that.
	CentralityBetweenness CentralityKind = "BETWEENNESS"
)

// Valid reports whether k is a known kind.
func (k CentralityKind) Valid() bool { return k == CentralityDegree || k == CentralityBetweenness }

// Centrality is a ranking of the bipartite graph's nodes, highest first
// (ties by id).
type Centrality struct {
	Kind   CentralityKind
	Scores []NodeScore
	// Sampled is true when betweenness was estimated from Samples source
	// nodes out of Nodes rather than computed from all of them.
	Sampled bool
	Samples int
	Nodes   int
}

// NodeScore is one node's score.
type NodeScore struct {
	ID    string
	Type  NodeType
	Score float64
}

// YearCount counts something per year.
type YearCount struct {
	Year  int
	Count int
}

// The orders below are part of the contract: every backend sorts its
// results with them so that all give the same answers.

// SortHits orders search hits by score (highest first), then by type in
// NodeTypes order (a city before a document titled with its name), then
// folded label, then id.
func SortHits(hits []SearchHit) {
	rank := func(h SearchHit) int { return slices.Index(NodeTypes, h.Node.NodeType()) }
	slices.SortFunc(hits, func(a, b SearchHit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(rank(a), rank(b)),
			cmp.Compare(Fold(a.Node.Label()), Fold(b.Node.Label())), cmp.Compare(a.Node.NodeID(), b.Node.NodeID()))
	})
}

// SortPairs orders city pairs by shared count (most first), then Jaccard
// (highest first), then the ids of A and B.
func SortPairs(pairs []*CityPair) {
	slices.SortFunc(pairs, func(a, b *CityPair) int {
		return cmp.Or(cmp.Compare(len(b.Shared), len(a.Shared)), cmp.Compare(b.Jaccard, a.Jaccard), cmp.Compare(a.A, b.A), cmp.Compare(a.B, b.B))
	})
}

// SortCounts orders counts by count (most first), then id.
func SortCounts(c []IDCount) {
	slices.SortFunc(c, func(a, b IDCount) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.ID, b.ID)) })
}

// The sorts below compare whole keys, so the order is total and an
// unstable sort is deterministic (and much faster than a stable one on
// hundreds of thousands of records).

// SortMemberships orders memberships by city, since (Date.Compare), network.
func SortMemberships(ms []*Membership) {
	slices.SortFunc(ms, func(a, b *Membership) int {
		return cmp.Or(cmp.Compare(a.CityID, b.CityID), a.Since.Compare(b.Since), cmp.Compare(a.NetworkID, b.NetworkID))
	})
}

// SortFoundings orders foundings by network, then founder.
func SortFoundings(fs []*Founding) {
	slices.SortFunc(fs, func(a, b *Founding) int {
		return cmp.Or(cmp.Compare(a.NetworkID, b.NetworkID), cmp.Compare(a.FounderID, b.FounderID))
	})
}

// SortOffices orders offices by city, since, person, title.
func SortOffices(os []*Office) {
	slices.SortFunc(os, func(a, b *Office) int {
		return cmp.Or(cmp.Compare(a.CityID, b.CityID), a.Since.Compare(b.Since), cmp.Compare(a.PersonID, b.PersonID), cmp.Compare(a.Title, b.Title))
	})
}

// SortClaims orders claims by subject, property, value.
func SortClaims(cs []*Claim) {
	slices.SortFunc(cs, func(a, b *Claim) int {
		return cmp.Or(cmp.Compare(a.SubjectID, b.SubjectID), cmp.Compare(a.Property, b.Property), cmp.Compare(a.Value, b.Value))
	})
}

// SortEdges orders relationships by type, from, to, since, title.
func SortEdges(es []Edge) {
	slices.SortFunc(es, func(a, b Edge) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To),
			a.Since.Compare(b.Since), cmp.Compare(a.Title, b.Title))
	})
}

// YearCounts turns a year → count map into a list in year order.
func YearCounts(years map[int]int) []YearCount {
	out := make([]YearCount, 0, len(years))
	for y, c := range years {
		out = append(out, YearCount{Year: y, Count: c})
	}
	slices.SortFunc(out, func(a, b YearCount) int { return cmp.Compare(a.Year, b.Year) })
	return out
}
